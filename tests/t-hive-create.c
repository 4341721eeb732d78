/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-hive-create.c - our empty-hive writer: exact bytes, hivex opens and edits the result. */
#include "config.h"

#include <errno.h>
#include <hivex.h>

#include "hive-create.h"
#include "hive.h"
#include "regf.h"
#include "tap.h"

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void test_image(void)
{
	struct wr_regf_header hdr;
	struct wr_error err;
	size_t len = 0;
	uint8_t *img = wr_hive_build_empty("NewStoreRoot", 3, 0x01d9e0c0a0b0c0d0ull, &len, &err);
	char *name = NULL;

	ok(img != NULL, "build an empty hive image");
	if (!img)
		return;
	is_int(len, 8192, "base block plus one 4 KiB hive bin");
	ok(wr_regf_parse(img, len, &hdr, &err) == 0, "our parser accepts it");
	ok(hdr.checksum_ok && le32(img + 0x1fc) == wr_regf_checksum(img),
	   "checksum at 0x1fc is right (0x%08x)", le32(img + 0x1fc));
	ok(hdr.seq1 == 1 && hdr.seq2 == 1 && !hdr.dirty, "sequence numbers 1/1: clean");
	ok(hdr.major == 1 && hdr.minor == 3 && hdr.file_type == 0 && hdr.file_format == 1,
	   "version 1.3, primary file, direct-load format");
	is_int(hdr.root_offset, 0x20, "root key cell first in the bin");
	is_int(hdr.hbins_size, 4096, "hive bins size 4096");
	is_int(hdr.timestamp, 0x01d9e0c0a0b0c0d0ull, "timestamp as given");
	ok(memcmp(img + 0x1000, "hbin", 4) == 0 && le32(img + 0x1008) == 4096, "hbin header");
	ok(memcmp(img + 0x1024, "nk", 2) == 0, "root cell is a key");
	ok(wr_regf_root_name(img, len, &hdr, &name, &err) == 0, "root name readable");
	is_str(name, "NewStoreRoot", "root key name");
	free(name);
	free(img);
	ok(wr_hive_build_empty("", 3, 0, &len, &err) == NULL && err.code == EINVAL,
	   "an empty root name is refused");
	ok(wr_hive_build_empty("a\\b", 3, 0, &len, &err) == NULL, "a backslash is refused");
	ok(wr_hive_build_empty("ROOT", 9, 0, &len, &err) == NULL, "minor version 9 is refused");
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
