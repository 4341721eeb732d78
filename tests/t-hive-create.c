/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-hive-create.c - our empty-hive writer: exact bytes, hivex opens and edits the result. */
#include "config.h"

#include <errno.h>
#include <hivex.h>

#include "hive/hive.h"
#include "regf/regf.h"
#include "tap.h"

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The checksum rule written out again, independently of wr_regf_checksum. */
static uint32_t windows_checksum(const uint8_t *img)
{
	uint32_t x = 0;

	for (int off = 0; off < 0x1fc; off += 4)
		x ^= le32(img + off);
	return x == 0 ? 1 : x == 0xffffffffu ? 0xfffffffeu : x;
}

/* Root key, security and free cell at the offsets regf/create.c promises. */
static void check_cells(const uint8_t *img)
{
	const uint8_t *nk = img + 0x1024, *sk = img + 0x1084;

	is_int((int32_t)le32(img + 0x1020), -96, "root key cell: 96 bytes, in use");
	ok(memcmp(nk, "nk", 2) == 0 && nk[2] == 0x2c && nk[3] == 0,
	   "root key: flags hive entry | no delete | ASCII name");
	ok(le32(nk + 0x10) == 0xffffffffu && le32(nk + 0x14) == 0 &&
	       le32(nk + 0x1c) == 0xffffffffu && le32(nk + 0x24) == 0 &&
	       le32(nk + 0x28) == 0xffffffffu,
	   "root key: no parent, no subkeys, no values");
	ok(le32(nk + 0x2c) == 0x80 && le32(nk + 0x30) == 0xffffffffu,
	   "root key: security cell at 0x80, no class");
	ok(nk[0x48] == 12 && memcmp(nk + 0x4c, "NewStoreRoot", 12) == 0, "root key: its name");
	is_int((int32_t)le32(img + 0x1080), -128, "security cell: 128 bytes, in use");
	ok(memcmp(sk, "sk", 2) == 0 && le32(sk + 4) == 0x80 && le32(sk + 8) == 0x80 &&
	       le32(sk + 12) == 1 && le32(sk + 16) == 100,
	   "security cell: links to itself, one reference, 100-byte descriptor");
	ok(sk[20] == 1 && sk[22] == 0x04 && sk[23] == 0x80,
	   "descriptor: revision 1, self-relative with a DACL");
	is_int((int32_t)le32(img + 0x1100), 0xf00, "the rest of the bin is one free cell");
}

static void test_image(void)
{
	struct wr_regf_header hdr;
	struct wr_error err;
	size_t len = 0;
	uint8_t *img = wr_regf_build_empty("NewStoreRoot", 3, 0x01d9e0c0a0b0c0d0ull, &len, &err);
	char *name = NULL;

	ok(img != NULL, "build an empty hive image");
	if (!img)
		return;
	is_int(len, 8192, "base block plus one 4 KiB hive bin");
	ok(wr_regf_parse(img, len, &hdr, &err) == 0, "our parser accepts it");
	ok(le32(img + 0x1fc) == windows_checksum(img), "checksum at 0x1fc is right (0x%08x)",
	   le32(img + 0x1fc));
	ok(hdr.seq1 == 1 && hdr.seq2 == 1 && !hdr.dirty, "sequence numbers 1/1: clean");
	ok(hdr.major == 1 && hdr.minor == 3 && hdr.file_type == 0 && hdr.file_format == 1,
	   "version 1.3, primary file, direct-load format");
	is_int(hdr.root_offset, 0x20, "root key cell first in the bin");
	is_int(hdr.hbins_size, 4096, "hive bins size 4096");
	is_int(hdr.timestamp, 0x01d9e0c0a0b0c0d0ull, "timestamp as given");
	ok(memcmp(img + 0x1000, "hbin", 4) == 0 && le32(img + 0x1004) == 0 &&
	       le32(img + 0x1008) == 4096,
	   "hbin header: offset 0, size 4096");
	check_cells(img);
	ok(wr_regf_root_name(img, len, &hdr, &name, &err) == 0, "root name readable");
	is_str(name, "NewStoreRoot", "root key name");
	free(name);
	free(img);
	ok(wr_regf_build_empty("", 3, 0, &len, &err) == NULL && err.code == EINVAL,
	   "an empty root name is refused");
	ok(wr_regf_build_empty("a\\b", 3, 0, &len, &err) == NULL, "a backslash is refused");
	ok(wr_regf_build_empty("ROOT", 9, 0, &len, &err) == NULL, "minor version 9 is refused");
}

static void test_hivex_opens_and_edits(void)
{
	const char *path = tap_path("new.hive"), *out = tap_path("new-out.hive");
	struct wr_error err;
	hive_h *h;
	hive_node_h key;
	hive_set_value v = {
	    .key = (char *)"KeyName", .t = hive_t_REG_SZ, .len = 4, .value = (char *)"a\0\0"};
	char *value;

	ok(wr_hive_create(path, "NewStoreRoot", 3, &err) == 0, "write the hive to a file");
	h = hivex_open(path, HIVEX_OPEN_WRITE);
	ok(h != NULL, "hivex opens it");
	if (!h)
		return;
	is_int(hivex_node_nr_children(h, hivex_root(h)), 0, "the root has no subkeys");
	key = hivex_node_add_child(h, hivex_root(h), "Description");
	ok(key && hivex_node_set_value(h, key, &v, 0) == 0, "hivex adds a key and a value");
	ok(hivex_commit(h, out, 0) == 0, "hivex commits it");
	hivex_close(h);
	h = hivex_open(out, 0);
	key = h ? hivex_node_get_child(h, hivex_root(h), "description") : 0;
	value = key ? hivex_value_string(h, hivex_node_get_value(h, key, "KeyName")) : NULL;
	is_str(value, "a", "the edit survives a reopen");
	free(value);
	if (h)
		hivex_close(h);
	is_int(wr_hive_create(path, "Other", 3, &err), -1, "never overwrites an existing file");
	is_int(err.code, EEXIST, "... EEXIST");
}

int main(void)
{
	test_image();
	test_hivex_opens_and_edits();
	return tap_done();
}
