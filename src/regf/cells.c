/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cells.c - walking the cells of a hive image's bins, checking every size on the way. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "base/i18n.h"
#include "base/le.h"
#include "regf.h"

/* The size of the hive bin at `bin`, before the end of the hive bins at
 * `end`; 0 (EINVAL) when it lies. */
static size_t bin_size(const uint8_t *img, size_t bin, size_t end, struct wr_error *err)
{
	uint32_t size;

	if (end - bin < WR_HBIN_HEADER_LEN || memcmp(img + bin, WR_HBIN_SIGNATURE, 4) != 0) {
		wr_error_set(err, EINVAL, _("hive bin at offset 0x%zx: no \"hbin\" signature"),
		             bin);
		return 0;
	}
	size = wr_le32(img + bin + WR_HBIN_SIZE);
	if (size == 0 || size % WR_HBIN_ALIGN) {
		wr_error_set(
		    err, EINVAL,
		    _("hive bin at offset 0x%zx: its size %u is not a positive multiple of "
		      "4096"),
		    bin, size);
		return 0;
	}
	if (size > end - bin) {
		wr_error_set(
		    err, EINVAL,
		    _("hive bin at offset 0x%zx: its size %u runs past the end of the hive "
		      "bins"),
		    bin, size);
		return 0;
	}
	return size;
}

/* Walk the cells of the `size`-byte bin at `bin`. */
static int walk_bin(const uint8_t *img, size_t bin, size_t size, wr_regf_cell_fn *each,
                    void *opaque, struct wr_error *err)
{
	size_t bin_end = bin + size, cell_size;

	/* Cells start 8-aligned in a bin of 4096 multiples: a cell's size
	 * field is always inside the bin. */
	for (size_t cell = bin + WR_HBIN_HEADER_LEN; cell < bin_end; cell += cell_size) {
		int32_t raw = (int32_t)wr_le32(img + cell);
		int r;

		cell_size = raw < 0 ? (size_t) - (int64_t)raw : (size_t)raw;
		if (cell_size == 0 || cell_size % WR_CELL_ALIGN) {
			wr_error_set(
			    err, EINVAL,
			    _("cell at offset 0x%zx: its size %zu is not a positive multiple "
			      "of 8"),
			    cell, cell_size);
			return -1;
		}
		if (cell_size > bin_end - cell) {
			wr_error_set(
			    err, EINVAL,
			    _("cell at offset 0x%zx: its size %zu runs past the end of its "
			      "hive bin"),
			    cell, cell_size);
			return -1;
		}
		r = each(cell, cell_size, raw < 0, opaque);
		if (r != 0)
			return r;
	}
	return 0;
}

int wr_regf_walk_cells(const uint8_t *img, size_t len, wr_regf_cell_fn *each, void *opaque,
                       struct wr_error *err)
{
	struct wr_regf_header hdr;
	size_t end, size;

	if (wr_regf_parse(img, len, &hdr, err) < 0 || wr_regf_check_hbins_size(&hdr, len, err) < 0)
		return -1;
	end = WR_REGF_BASE_SIZE + (size_t)hdr.hbins_size;
	for (size_t bin = WR_REGF_BASE_SIZE; bin < end; bin += size) {
		int r;

		size = bin_size(img, bin, end, err);
		if (size == 0)
			return -1;
		r = walk_bin(img, bin, size, each, opaque, err);
		if (r != 0)
			return r;
	}
	return 0;
}
