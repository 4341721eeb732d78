/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lists.c - rewriting hivex's "lh" subkey lists as the "lf" lists Windows writes in 1.3 hives. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "base/i18n.h"
#include "base/le.h"
#include "regf.h"

/*
 * Every BCD store Windows writes (hive version 1.3) indexes subkeys with
 * fast-leaf lists: "lf", count, then per key { cell offset, first four
 * characters of its name }.  hivex gives a key's first subkey a hash-leaf
 * list: "lh" with { offset, name hash } entries of the same size.  Whether
 * the boot manager reads "lh" in a 1.3 hive is not known (bcd-format.md
 * §7.3), so after a commit the lists are turned into "lf" in place: same
 * cells, same offsets, new signature and hints.
 */

/* The four-byte hint for the key whose cell is at `off` (relative to 0x1000);
 * -1 when the cell is not a key or its name is not ASCII at the start. */
static int key_hint(const uint8_t *img, size_t len, uint32_t off, uint8_t hint[4])
{
	size_t cell = (size_t)WR_REGF_BASE_SIZE + off, name_len;
	const uint8_t *nk = img + cell + WR_CELL_HEADER_LEN;
	bool ascii;

	if (cell + WR_CELL_HEADER_LEN + WR_NK_NAME > len || memcmp(nk, WR_NK_SIGNATURE, 2) != 0)
		return -1;
	ascii = wr_le16(nk + WR_NK_FLAGS) & WR_NK_FLAG_ASCII_NAME;
	name_len = wr_le16(nk + WR_NK_NAME_LEN);
	if (cell + WR_CELL_HEADER_LEN + WR_NK_NAME + name_len > len)
		return -1;
	memset(hint, 0, 4);
	for (size_t i = 0; i < 4 && i < (ascii ? name_len : name_len / 2); i++) {
		unsigned c = ascii ? nk[WR_NK_NAME + i] : wr_le16(nk + WR_NK_NAME + 2 * i);

		if (c == 0 || c >= 0x80)
			return -1;
		hint[i] = (uint8_t)c;
	}
	return 0;
}

/* Rewrite one "lh" cell of `size` bytes at `cell`, or leave it when an entry
 * does not resolve to a key with an ASCII name.  Returns 1 when rewritten. */
static int convert_list(uint8_t *img, size_t len, size_t cell, size_t size)
{
	uint8_t *list = img + cell + WR_CELL_HEADER_LEN, *entries = list + WR_LIST_ENTRIES;
	size_t count = wr_le16(list + WR_LIST_COUNT);
	uint8_t hints[512][4];

	if (WR_CELL_HEADER_LEN + WR_LIST_ENTRIES + WR_LIST_LEAF_ENTRY * count > size ||
	    count > sizeof(hints) / sizeof(hints[0]))
		return 0;
	for (size_t i = 0; i < count; i++)
		if (key_hint(img, len, wr_le32(entries + WR_LIST_LEAF_ENTRY * i), hints[i]) < 0)
			return 0;
	memcpy(list, WR_LIST_LF, 2);
	for (size_t i = 0; i < count; i++)
		memcpy(entries + WR_LIST_LEAF_ENTRY * i + WR_LIST_HINT, hints[i], 4);
	return 1;
}

int wr_regf_lh_to_lf(uint8_t *img, size_t len, struct wr_error *err)
{
	size_t end = WR_REGF_BASE_SIZE + (size_t)wr_le32(img + WR_REGF_HBINS_SIZE);
	size_t bin = WR_REGF_BASE_SIZE;
	int converted = 0;

	if (end > len)
		goto bad;
	while (bin < end) {
		size_t bin_size = wr_le32(img + bin + WR_HBIN_SIZE);

		if (bin + WR_HBIN_HEADER_LEN > end ||
		    memcmp(img + bin, WR_HBIN_SIGNATURE, 4) != 0 || bin_size < WR_HBIN_ALIGN ||
		    bin_size % WR_HBIN_ALIGN || bin_size > end - bin)
			goto bad;
		for (size_t cell = bin + WR_HBIN_HEADER_LEN; cell < bin + bin_size;) {
			int32_t raw = (int32_t)wr_le32(img + cell);
			size_t size = raw < 0 ? (size_t) - (int64_t)raw : (size_t)raw;

			if (size < WR_CELL_ALIGN || size % WR_CELL_ALIGN ||
			    size > bin + bin_size - cell)
				goto bad;
			if (raw < 0 && memcmp(img + cell + WR_CELL_HEADER_LEN, WR_LIST_LH, 2) == 0)
				converted += convert_list(img, len, cell, size);
			cell += size;
		}
		bin += bin_size;
	}
	return converted;
bad:
	wr_error_set(err, EINVAL, _("the hive bins are malformed at offset 0x%zx"), bin);
	return -1;
}
