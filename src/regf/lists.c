/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lists.c - rewriting hivex's "lh" subkey lists as the "lf" lists Windows writes in 1.3 hives. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "base/i18n.h"
#include "base/le.h"
#include "internal.h"
#include "regf.h"

/*
 * Every BCD store Windows writes (hive version 1.3) indexes subkeys with
 * fast-leaf lists: "lf", count, then per key { cell offset, first four
 * characters of its name }.  hivex gives a key's first subkey a hash-leaf
 * list: "lh" with { offset, name hash } entries of the same size.  Whether
 * the boot manager reads "lh" in a 1.3 hive is not known (bcd-format.md
 * §7.3), so after a commit the lists are turned into "lf" in place: same
 * cells, same offsets, new signature and hints.
 *
 * The image comes from a file: every size in it is checked before the
 * bytes it covers are read.
 */

#define MAX_LIST 512 /* entries of a list we convert; BCD keys have a few dozen */

/* The four-byte hint for the key whose cell is at `off` (relative to
 * 0x1000) in hive bins ending at `end`: 0 with `hint` set; 1 when the cell
 * is no key or its name does not start in ASCII (the list stays "lh");
 * -1 (EINVAL) when the key's sizes lie. */
static int key_hint(const uint8_t *img, size_t end, uint32_t off, uint8_t hint[4],
                    struct wr_error *err)
{
	uint64_t at = (uint64_t)WR_REGF_BASE_SIZE + off;
	const uint8_t *nk;
	size_t name_len, chars;
	bool ascii;
	int r;

	if (at >= end)
		return 1;
	r = wr__regf_key_cell(img + at, end - (size_t)at, err);
	if (r < 0)
		wr_error_prefix(err, _("key at offset 0x%zx"), (size_t)at);
	if (r != 0)
		return r;
	nk = img + at + WR_CELL_HEADER_LEN;
	ascii = wr_le16(nk + WR_NK_FLAGS) & WR_NK_FLAG_ASCII_NAME;
	name_len = wr_le16(nk + WR_NK_NAME_LEN);
	chars = ascii ? name_len : name_len / 2;
	memset(hint, 0, 4);
	for (size_t i = 0; i < 4 && i < chars; i++) {
		unsigned c = ascii ? nk[WR_NK_NAME + i] : wr_le16(nk + WR_NK_NAME + 2 * i);

		if (c == 0 || c >= 0x80)
			return 1;
		hint[i] = (uint8_t)c;
	}
	return 0;
}

/* Rewrite the "lh" list whose `size`-byte cell is at `cell`, or leave it
 * when an entry does not resolve to a key with an ASCII name.  Returns 1
 * when rewritten, 0 when left, -1 (EINVAL) when a size lies. */
static int convert_list(uint8_t *img, size_t end, size_t cell, size_t size, struct wr_error *err)
{
	uint8_t *list = img + cell + WR_CELL_HEADER_LEN, *entry;
	size_t count = wr_le16(list + WR_LIST_COUNT);
	uint8_t hints[MAX_LIST][4];

	if (count > (size - WR_CELL_HEADER_LEN - WR_LIST_ENTRIES) / WR_LIST_LEAF_ENTRY) {
		wr_error_set(err, EINVAL,
		             _("subkey list at offset 0x%zx: %zu entries do not fit its %zu-byte "
		               "cell"),
		             cell, count, size);
		return -1;
	}
	if (count > MAX_LIST)
		return 0;
	for (size_t i = 0; i < count; i++) {
		int r;

		entry = list + WR_LIST_ENTRIES + WR_LIST_LEAF_ENTRY * i;
		r = key_hint(img, end, wr_le32(entry), hints[i], err);
		if (r != 0)
			return r < 0 ? -1 : 0;
	}
	memcpy(list, WR_LIST_LF, 2);
	for (size_t i = 0; i < count; i++) {
		entry = list + WR_LIST_ENTRIES + WR_LIST_LEAF_ENTRY * i;
		memcpy(entry + WR_LIST_HINT, hints[i], 4);
	}
	return 1;
}

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

/* Convert the lists among the cells of the `size`-byte bin at `bin`.
 * Returns how many, or -1 (EINVAL) when a size lies. */
static int convert_bin(uint8_t *img, size_t bin, size_t size, size_t end, struct wr_error *err)
{
	size_t bin_end = bin + size, cell_size;
	int converted = 0;

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
		if (raw > 0 || memcmp(img + cell + WR_CELL_HEADER_LEN, WR_LIST_LH, 2) != 0)
			continue;
		r = convert_list(img, end, cell, cell_size, err);
		if (r < 0)
			return -1;
		converted += r;
	}
	return converted;
}

int wr_regf_lh_to_lf(uint8_t *img, size_t len, struct wr_error *err)
{
	struct wr_regf_header hdr;
	size_t end, size;
	int converted = 0, r;

	if (wr_regf_parse(img, len, &hdr, err) < 0 || wr_regf_check_hbins_size(&hdr, len, err) < 0)
		return -1;
	end = WR_REGF_BASE_SIZE + (size_t)hdr.hbins_size;
	for (size_t bin = WR_REGF_BASE_SIZE; bin < end; bin += size) {
		size = bin_size(img, bin, end, err);
		if (size == 0)
			return -1;
		r = convert_bin(img, bin, size, end, err);
		if (r < 0)
			return -1;
		converted += r;
	}
	return converted;
}
