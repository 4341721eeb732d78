/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-regf.c - our own regf reading on hive images whose sizes lie: EINVAL and one line, never a
 * read past the image. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <hivex.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/le.h"
#include "hive/hive.h"
#include "regf/regf.h"
#include "tap.h"

/*
 * The offsets are written out here again, from bcd-format.md §7, so that the
 * test does not share a mistake with regf.h.  The good image (file offsets;
 * cell offsets inside records count from 0x1000):
 *
 *   0x0000  base block: root key at 0x20, 4096 bytes of hive bins
 *   0x1000  hive bin, 4096 bytes
 *   0x1020  root key "ROOT", 0x58-byte cell: one subkey, its list at 0xd0
 *   0x1078  key "Child", 0x58-byte cell
 *   0x10d0  "lh" subkey list, 0x10-byte cell: one entry, key 0x78
 *   0x10e0  one free cell to the end of the bin
 */
#define GOOD_LEN 8192u
#define BIN_AT   0x1000u
#define ROOT_AT  0x1020u
#define CHILD_AT 0x1078u
#define LIST_AT  0x10d0u
#define FREE_AT  0x10e0u
#define NK_SIZE  0x58u

static void put_key(uint8_t *img, size_t at, const char *name, uint32_t size)
{
	uint8_t *nk = img + at + 4;

	wr_put_le(img + at, -size, 4);
	memcpy(nk, "nk", 2);
	nk[0x02] = 0x20; /* ASCII name */
	wr_put_le(nk + 0x1c, 0xffffffffu, 4);
	wr_put_le(nk + 0x28, 0xffffffffu, 4);
	wr_put_le(nk + 0x48, strlen(name), 2);
	memcpy(nk + 0x4c, name, strlen(name));
}

static void fix_checksum(uint8_t *img)
{
	wr_put_le(img + 0x1fc, wr_regf_checksum(img), 4);
}

/* The good image in a buffer of exactly `len` bytes (cut or zero-padded), so
 * that the sanitizer sees any read past it. */
static uint8_t *good_image(size_t len)
{
	uint8_t *full = calloc(1, GOOD_LEN), *img = calloc(1, len);

	memcpy(full, "regf", 4);
	wr_put_le(full + 0x04, 1, 4);
	wr_put_le(full + 0x08, 1, 4);
	wr_put_le(full + 0x14, 1, 4);
	wr_put_le(full + 0x18, 3, 4);
	wr_put_le(full + 0x20, 1, 4);
	wr_put_le(full + 0x24, ROOT_AT - BIN_AT, 4);
	wr_put_le(full + 0x28, 4096, 4);
	memcpy(full + BIN_AT, "hbin", 4);
	wr_put_le(full + BIN_AT + 0x08, 4096, 4);
	put_key(full, ROOT_AT, "ROOT", NK_SIZE);
	wr_put_le(full + ROOT_AT + 4 + 0x14, 1, 4);
	wr_put_le(full + ROOT_AT + 4 + 0x1c, LIST_AT - BIN_AT, 4);
	put_key(full, CHILD_AT, "Child", NK_SIZE);
	wr_put_le(full + LIST_AT, -0x10u, 4);
	memcpy(full + LIST_AT + 4, "lh", 2);
	wr_put_le(full + LIST_AT + 6, 1, 2);
	wr_put_le(full + LIST_AT + 8, CHILD_AT - BIN_AT, 4);
	wr_put_le(full + LIST_AT + 12, 0x12345678, 4); /* hash: replaced, never read */
	wr_put_le(full + FREE_AT, BIN_AT + 4096 - FREE_AT, 4);
	fix_checksum(full);
	memcpy(img, full, len < GOOD_LEN ? len : GOOD_LEN);
	free(full);
	return img;
}

static void test_good_image(void)
{
	uint8_t *img = good_image(GOOD_LEN), *before = good_image(GOOD_LEN);
	struct wr_regf_header hdr;
	struct wr_error err = {0};
	char *name = NULL;

	ok(wr_regf_parse(img, GOOD_LEN, &hdr, &err) == 0 && hdr.checksum_ok && !hdr.dirty,
	   "the good image parses: %s", err.msg);
	ok(wr_regf_root_name(img, GOOD_LEN, &hdr, &name, &err) == 0, "its root name reads: %s",
	   err.msg);
	is_str(name, "ROOT", "root key name");
	free(name);
	is_int(wr_regf_lh_to_lf(img, GOOD_LEN, &err), 1, "one list converted: %s", err.msg);
	ok(memcmp(img + LIST_AT + 4, "lf\1\0", 4) == 0, "its signature is now \"lf\", one entry");
	ok(memcmp(img + LIST_AT + 8, before + LIST_AT + 8, 4) == 0 &&
	       memcmp(img + LIST_AT + 12, "Chil", 4) == 0,
	   "its entry keeps the key's offset and gets its name's first four characters");
	memcpy(before + LIST_AT + 4, "lf", 2);
	memcpy(before + LIST_AT + 12, "Chil", 4);
	ok(memcmp(img, before, GOOD_LEN) == 0, "no other byte changed");
	is_int(wr_regf_lh_to_lf(img, GOOD_LEN, &err), 0, "a second pass finds nothing to convert");
	free(img);
	free(before);
}

/* Lists that cannot become "lf" stay as they are: no error, nothing read
 * outside the image. */
static void test_lists_left_alone(void)
{
	static const struct {
		const char *what;
		uint32_t entry;   /* the list's entry, relative to 0x1000 */
		const char *name; /* the child's name, or NULL */
	} cases[] = {
	    {"an entry past the end of the image", 0xfffffff0u, NULL},
	    {"an entry just past the hive bins", 0x1000u, NULL},
	    {"an entry naming a free cell", FREE_AT - BIN_AT, NULL},
	    {"an entry naming a cell that is not a key", LIST_AT - BIN_AT, NULL},
	    {"a name not in ASCII", CHILD_AT - BIN_AT, "\xe9t\xe9"},
	};
	struct wr_error err = {0};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *img = good_image(GOOD_LEN), *copy = malloc(GOOD_LEN);

		wr_put_le(img + LIST_AT + 8, cases[i].entry, 4);
		if (cases[i].name)
			put_key(img, CHILD_AT, cases[i].name, NK_SIZE);
		memcpy(copy, img, GOOD_LEN);
		is_int(wr_regf_lh_to_lf(img, GOOD_LEN, &err), 0, "%s: the list is left alone (%s)",
		       cases[i].what, err.msg);
		ok(memcmp(img, copy, GOOD_LEN) == 0, "%s: the image is unchanged", cases[i].what);
		free(img);
		free(copy);
	}
}

/* A field of the good image that lies, and what lh_to_lf must say. */
struct lie {
	const char *what;
	size_t len; /* of the image; 0: GOOD_LEN */
	size_t at;  /* the field's file offset */
	uint32_t v; /* its value */
	unsigned width;
	size_t at2; /* a second field (0: none), 4 bytes */
	uint32_t v2;
	const char *msg;
};

static const struct lie lies[] = {
    {"hive bins size 4100, the image 4096 + 4100 bytes", 4096 + 4100, 0x28, 4100, 4, 0, 0,
     "the hive header gives 4100 bytes of hive bins, not a positive multiple of 4096"},
    {"hive bins size 4100, the image 4096 + 4104 bytes", 4096 + 4104, 0x28, 4100, 4, 0, 0,
     "the hive header gives 4100 bytes of hive bins, not a positive multiple of 4096"},
    {"an image of 16 bytes", 16, 0, 0, 0, 0, 0, "the hive header is cut short (16 of 512 bytes)"},
    {"an image of 4095 bytes", 4095, 0, 0, 0, 0, 0,
     "4095 bytes is shorter than a hive's base block"},
    {"no \"regf\" signature", 0, 0, 0x66676572 ^ 0x20, 4, 0, 0,
     "not a registry hive (no \"regf\" signature)"},
    {"hive bins size 0", 0, 0x28, 0, 4, 0, 0,
     "the hive header gives 0 bytes of hive bins, not a positive multiple of 4096"},
    {"hive bins past the end", 0, 0x28, 8192, 4, 0, 0,
     "the hive is truncated: its header gives 8192 bytes of data, the file has 4096 after the "
     "header"},
    {"hive bins size 0xfffff000", 0, 0x28, 0xfffff000u, 4, 0, 0,
     "the hive is truncated: its header gives 4294963200 bytes of data, the file has 4096 "
     "after the header"},
    {"the image cut inside its hive bin", 4096 + 100, 0, 0, 0, 0, 0,
     "the hive is truncated: its header gives 4096 bytes of data, the file has 100 after the "
     "header"},
    {"no \"hbin\" signature", 0, BIN_AT, 0x6e696268 ^ 0x20000000, 4, 0, 0,
     "hive bin at offset 0x1000: no \"hbin\" signature"},
    {"hive bin size 4100", 0, BIN_AT + 8, 4100, 4, 0, 0,
     "hive bin at offset 0x1000: its size 4100 is not a positive multiple of 4096"},
    {"hive bin size 0", 0, BIN_AT + 8, 0, 4, 0, 0,
     "hive bin at offset 0x1000: its size 0 is not a positive multiple of 4096"},
    {"hive bin size 8192, past the end", 0, BIN_AT + 8, 8192, 4, 0, 0,
     "hive bin at offset 0x1000: its size 8192 runs past the end of the hive bins"},
    {"hive bin size negative as signed", 0, BIN_AT + 8, 0x80000000u, 4, 0, 0,
     "hive bin at offset 0x1000: its size 2147483648 runs past the end of the hive bins"},
    {"cell size 0", 0, ROOT_AT, 0, 4, 0, 0,
     "cell at offset 0x1020: its size 0 is not a positive multiple of 8"},
    {"cell size 92", 0, ROOT_AT, -92u, 4, 0, 0,
     "cell at offset 0x1020: its size 92 is not a positive multiple of 8"},
    {"cell size past its bin", 0, ROOT_AT, -4096u, 4, 0, 0,
     "cell at offset 0x1020: its size 4096 runs past the end of its hive bin"},
    {"free cell size past its bin", 0, FREE_AT, BIN_AT + 4096 - FREE_AT + 8, 4, 0, 0,
     "cell at offset 0x10e0: its size 3880 runs past the end of its hive bin"},
    {"cell size INT32_MIN", 0, CHILD_AT, 0x80000000u, 4, 0, 0,
     "cell at offset 0x1078: its size 2147483648 runs past the end of its hive bin"},
    {"list count past its cell", 0, LIST_AT + 6, 100, 2, 0, 0,
     "subkey list at offset 0x10d0: 100 entries do not fit its 16-byte cell"},
    {"a listed key's name past its cell", 0, CHILD_AT + 4 + 0x48, 200, 2, 0, 0,
     "key at offset 0x1078: its 200-byte name runs past the end of its 88-byte cell"},
    {"a listed key's cell shorter than a key record", 0, FREE_AT + 0x20, -0x10u, 4, FREE_AT + 0x24,
     0x6b6e, "key at offset 0x1100: its 16-byte cell is shorter than a key record"},
    {"a listed key's cell past the hive bins", 0, BIN_AT + 4096 - 0x20, -NK_SIZE, 4,
     BIN_AT + 4096 - 0x1c, 0x6b6e,
     "key at offset 0x1fe0: its 88-byte cell runs past the end of the hive bins"},
};

/* The good image with `lie` applied, the list pointing at a planted key
 * when the lie plants one. */
static uint8_t *lying_image(const struct lie *lie, size_t *len)
{
	uint8_t *img;

	*len = lie->len ? lie->len : GOOD_LEN;
	img = good_image(*len);
	if (lie->width && lie->at + lie->width <= *len)
		wr_put_le(img + lie->at, lie->v, lie->width);
	if (lie->at2) {
		wr_put_le(img + lie->at2, lie->v2, 4);
		wr_put_le(img + LIST_AT + 8, lie->at - BIN_AT, 4);
	}
	if (lie->at >= 4 && *len >= 512)
		fix_checksum(img);
	return img;
}

static void test_lying_sizes(void)
{
	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		struct wr_error err = {0};
		size_t len;
		uint8_t *img = lying_image(&lies[i], &len);

		is_int(wr_regf_lh_to_lf(img, len, &err), -1, "%s: refused", lies[i].what);
		is_int(err.code, EINVAL, "%s: EINVAL", lies[i].what);
		is_str(err.msg, lies[i].msg, "%s: says so", lies[i].what);
		free(img);
	}
}

/* wr_regf_key_name on the root cell of the good image, `room` bytes to the end
 * of the hive bins, with one field changed. */
static void key_name_is(size_t at, uint32_t v, unsigned width, size_t room, const char *want,
                        const char *what)
{
	uint8_t *img = good_image(GOOD_LEN), *cell;
	struct wr_error err = {0};
	char *name = NULL;
	int r;

	if (width)
		wr_put_le(img + at, v, width);
	/* Only the cell's bytes up to `room`, in a buffer of their own. */
	cell = malloc(room);
	memcpy(cell, img + ROOT_AT, room);
	r = wr_regf_key_name(cell, room, &name, &err);
	if (strcmp(want, "ROOT") == 0) {
		ok(r == 0, "%s: read (%s)", what, err.msg);
		is_str(name, want, "%s: the name", what);
	} else {
		ok(r == -1 && err.code == EINVAL, "%s: refused with EINVAL", what);
		is_str(err.msg, want, "%s: says so", what);
	}
	free(name);
	free(cell);
	free(img);
}

static void test_key_name(void)
{
	const size_t room = BIN_AT + 4096 - ROOT_AT;

	key_name_is(0, 0, 0, room, "ROOT", "the root cell");
	key_name_is(0, 0, 0, NK_SIZE, "ROOT", "the root cell, nothing after it");
	key_name_is(0, 0, 0, 10, "its 88-byte cell runs past the end of the hive bins", "10 bytes");
	key_name_is(ROOT_AT, 0x58, 4, room, "the cell is not a key", "a free cell");
	key_name_is(ROOT_AT + 4, 0x6b6d, 2, room, "the cell is not a key", "no \"nk\"");
	key_name_is(ROOT_AT + 4 + 0x48, 200, 2, room,
	            "its 200-byte name runs past the end of its 88-byte cell",
	            "a name length past the cell");
	key_name_is(ROOT_AT + 4 + 0x48, 0xffff, 2, room,
	            "its 65535-byte name runs past the end of its 88-byte cell",
	            "a name length 0xffff");
	key_name_is(ROOT_AT, -0x1000u, 4, room,
	            "its 4096-byte cell runs past the end of the hive bins",
	            "a cell size past the hive bins");
	key_name_is(ROOT_AT, -0x58u, 4, 0x50, "its 88-byte cell runs past the end of the hive bins",
	            "a cell size past the bytes given");
	key_name_is(ROOT_AT, -0x10u, 4, room, "its 16-byte cell is shorter than a key record",
	            "a cell size too small for a key");
}

/* wr_regf_root_name with the root offset at `root` in an image of `len`. */
static void root_name_is(uint32_t root, size_t len, const char *want, const char *what)
{
	uint8_t *img = good_image(len);
	struct wr_regf_header hdr;
	struct wr_error err = {0};
	char *name = NULL;

	wr_put_le(img + 0x24, root, 4);
	fix_checksum(img);
	if (wr_regf_parse(img, len, &hdr, &err) < 0) {
		ok(0, "%s: parse: %s", what, err.msg);
	} else if (wr_regf_root_name(img, len, &hdr, &name, &err) == 0) {
		is_str(name, want, "%s", what);
	} else {
		is_int(err.code, EINVAL, "%s: EINVAL", what);
		is_str(err.msg, want, "%s: says so", what);
	}
	free(name);
	free(img);
}

static void test_root_name(void)
{
	root_name_is(0x20, GOOD_LEN, "ROOT", "root at 0x20");
	root_name_is(0x1000, GOOD_LEN, "root key offset 0x1000 is outside the file",
	             "root just past the file");
	root_name_is(0xfffffff0u, GOOD_LEN, "root key offset 0xfffffff0 is outside the file",
	             "root far past the file");
	root_name_is(0x1000, GOOD_LEN + 4096,
	             "root key offset 0x1000 is past the end of the hive bins",
	             "root in the padding after the hive bins");
	root_name_is(0x28, GOOD_LEN, "root key at 0x28: the cell is not a key",
	             "root inside another cell");
	root_name_is(0xffc, GOOD_LEN, "root key at 0xffc: the cell is not a key",
	             "root in the last 4 bytes of the hive bins");
}

/* wr_hive_open on the good image of `len` bytes with the field at `at`
 * changed: refused with `want`, or opened when `want` is NULL. */
static void open_is(size_t at, uint32_t v, unsigned width, size_t len, const char *want,
                    const char *what)
{
	const char *path = tap_path("lying.hive");
	uint8_t *img = good_image(len);
	struct wr_error err = {0};
	struct wr_hive *hive;
	char msg[600];
	FILE *f;

	if (width)
		wr_put_le(img + at, v, width);
	fix_checksum(img);
	f = fopen(path, "wb");
	if (!f || fwrite(img, 1, len, f) != len || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(99);
	}
	hive = wr_hive_open(path, 0, &err);
	if (!want) {
		ok(hive != NULL, "%s: opens (%s)", what, err.msg);
		is_str(hive ? wr_hive_root_name(hive) : NULL, "ROOT", "%s: root key name", what);
	} else {
		ok(!hive && err.code == EINVAL, "%s: refused with EINVAL", what);
		snprintf(msg, sizeof(msg), "%s: %s", path, want);
		is_str(err.msg, msg, "%s: says so", what);
	}
	wr_hive_close(hive);
	free(img);
}

static void test_open(void)
{
	open_is(0, 0, 0, GOOD_LEN, NULL, "the good image");
	open_is(0x28, 0, 4, GOOD_LEN,
	        "the hive header gives 0 bytes of hive bins, not a positive multiple of 4096",
	        "hive bins size 0");
	open_is(0x28, 4100, 4, 4096 + 4100,
	        "the hive header gives 4100 bytes of hive bins, not a positive multiple of 4096",
	        "hive bins size 4100");
	open_is(0x24, 0x1000, 4, GOOD_LEN + 4096,
	        "root key offset 0x1000 is past the end of the hive bins",
	        "root in the padding after the hive bins");
	open_is(ROOT_AT + 4 + 0x48, 200, 2, GOOD_LEN,
	        "root key at 0x20: its 200-byte name runs past the end of its 88-byte cell",
	        "root name past its cell");
	open_is(ROOT_AT, -0x1000u, 4, GOOD_LEN,
	        "root key at 0x20: its 4096-byte cell runs past the end of the hive bins",
	        "root cell past the hive bins");
}

static void test_parse(void)
{
	struct wr_regf_header hdr;
	struct wr_error err = {0};
	uint8_t *img = good_image(100);

	is_int(wr_regf_parse(img, 3, &hdr, &err), -1, "3 bytes: refused");
	is_str(err.msg, "not a registry hive (no \"regf\" signature)", "3 bytes: says so");
	is_int(wr_regf_parse(img, 100, &hdr, &err), -1, "100 bytes: refused");
	is_str(err.msg, "the hive header is cut short (100 of 512 bytes)", "100 bytes: says so");
	free(img);
}

/* A dirty copy of the good image and a new-format log whose one entry says it
 * is far larger than the log. */
static void test_replay_lying_entry(void)
{
	uint8_t *img = good_image(GOOD_LEN), *log = calloc(1, 1024), *keep = malloc(GOOD_LEN);
	size_t len = GOOD_LEN;
	struct wr_log_in in = {.name = "ROOT.LOG1", .data = log, .len = 1024};
	struct wr_replay rep;
	struct wr_error err = {0};

	wr_put_le(img + 0x04, 2, 4); /* sequence 2/1: dirty */
	fix_checksum(img);
	memcpy(keep, img, GOOD_LEN);
	memcpy(log, img, 512);
	wr_put_le(log + 0x08, 2, 4);
	wr_put_le(log + 0x1c, 6, 4);
	fix_checksum(log);
	memcpy(log + 512, "HvLE", 4);
	wr_put_le(log + 512 + 4, 0x7ffff000u, 4);
	wr_put_le(log + 512 + 12, 2, 4);
	is_int(wr_hive_replay(&img, &len, &in, 1, &rep, &err), 0, "replay runs: %s", err.msg);
	ok(!rep.applied && rep.logs[0].state == WR_LOG_UNUSABLE, "the lying entry is not applied");
	is_str(rep.logs[0].why, "entry 2: size 2147479552 is wrong", "and the report says why");
	ok(len == GOOD_LEN && memcmp(img, keep, GOOD_LEN) == 0, "the image is unchanged");
	is_int(wr_hive_logs_examine(img, 100, &in, 1, &rep, &err), -1, "a 100-byte head: refused");
	is_str(err.msg, "100 bytes is shorter than a hive's base block", "... says so");
	free(img);
	free(log);
	free(keep);
}

/* The subkey names under `a` in hive `ha` and `b` in `hb`, recursively, equal. */
static bool same_tree(hive_h *ha, hive_node_h a, hive_h *hb, hive_node_h b, size_t *keys)
{
	hive_node_h *ka = hivex_node_children(ha, a), *kb = hivex_node_children(hb, b);
	bool same = ka && kb;

	for (size_t i = 0; same && (ka[i] || kb[i]); i++) {
		char *na = ka[i] ? hivex_node_name(ha, ka[i]) : NULL;
		char *nb = kb[i] ? hivex_node_name(hb, kb[i]) : NULL;

		same = na && nb && strcmp(na, nb) == 0 && same_tree(ha, ka[i], hb, kb[i], keys);
		++*keys;
		free(na);
		free(nb);
	}
	free(ka);
	free(kb);
	return same;
}

/* Converting the lists of real hive `name` (the fixture) gives `lists`, and
 * hivex reads the same tree from the result. */
static void real_hive(const char *name, int lists)
{
	const char *path = tap_fixture(name), *out = tap_path("converted.hive");
	struct wr_error err = {0};
	uint8_t *img = NULL;
	size_t len, keys = 0;
	hive_h *ha, *hb;
	bool same;
	FILE *f;

	if (!path || wr_file_read(path, 1u << 26, &img, &len, &err) < 0) {
		ok(0, "%s: read: %s", name, err.msg);
		return;
	}
	is_int(wr_regf_lh_to_lf(img, len, &err), lists, "%s: lists converted %s", name, err.msg);
	f = fopen(out, "wb");
	ok(f && fwrite(img, 1, len, f) == len && fclose(f) == 0, "%s: written", name);
	ha = hivex_open(path, 0);
	hb = hivex_open(out, 0);
	same = ha && hb && same_tree(ha, hivex_root(ha), hb, hivex_root(hb), &keys);
	ok(same && keys > 0, "%s: hivex reads the same %zu keys from the result", name, keys);
	if (ha)
		hivex_close(ha);
	if (hb)
		hivex_close(hb);
	free(img);
}

static int is_hive(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return n > 5 && strcmp(e->d_name + n - 5, ".hive") == 0;
}

/* Every real hive in the fixtures (the compressed SYSTEM ones aside).  Only
 * the differencing hive has "lh" lists; BCD stores have "lf" only. */
static void test_real_hives(void)
{
	const char *dir = getenv("WINRESCUE_FIXTURES");
	struct dirent **names;
	int n = dir && *dir ? scandir(dir, &names, is_hive, alphasort) : -1;

	if (n < 0) {
		ok(1, "# SKIP fixtures not available");
		return;
	}
	ok(n >= 20, "%d real hives", n);
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;

		real_hive(name, strcmp(name, "system-delta-differencing-v1.6-yarp.hive") ? 0 : 37);
		free(names[i]);
	}
	free(names);
}

int main(void)
{
	test_good_image();
	test_lists_left_alone();
	test_lying_sizes();
	test_key_name();
	test_root_name();
	test_parse();
	test_open();
	test_replay_lying_entry();
	test_real_hives();
	return tap_done();
}
