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

struct conversion {
	uint8_t *img;
	size_t end; /* of the hive bins */
	int converted;
	struct wr_error *err;
};

/* wr_regf_walk_cells: convert the cell at `cell` when it is an "lh" list in use. */
static int convert_cell(size_t cell, size_t size, bool used, void *opaque)
{
	struct conversion *c = opaque;
	int r;

	if (!used || memcmp(c->img + cell + WR_CELL_HEADER_LEN, WR_LIST_LH, 2) != 0)
		return 0;
	r = convert_list(c->img, c->end, cell, size, c->err);
	if (r < 0)
		return -1;
	c->converted += r;
	return 0;
}

int wr_regf_lh_to_lf(uint8_t *img, size_t len, struct wr_error *err)
{
	struct conversion c = {.img = img, .err = err};
	struct wr_regf_header hdr;

	if (wr_regf_parse(img, len, &hdr, err) < 0 || wr_regf_check_hbins_size(&hdr, len, err) < 0)
		return -1;
	c.end = WR_REGF_BASE_SIZE + (size_t)hdr.hbins_size;
	if (wr_regf_walk_cells(img, len, convert_cell, &c, err) < 0)
		return -1;
	return c.converted;
}
