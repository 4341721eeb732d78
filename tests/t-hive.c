/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-hive.c - the hive layer: base block, root name, errors, lookups, typed reads and writes. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <hivex.h>
#include <sys/stat.h>

#include "base/le.h"
#include "hive/hive.h"
#include "tap.h"

static const char *const bcd_fixtures[] = {
    "bcd-win10-uefi-regipy.hive",
    "bcd-win10-bios-windeploy-linux.hive",
    "bcd-win8-installmedia-bios-wimboot-install.hive",
    "bcd-winpe-setup-ems-on-ipxe-nativewin11.hive",
    "bcd-win11-uefi-tripleboot-ptbr.hive",
    "dirty-newformat-yarp.hive",
    "system-delta-differencing-v1.6-yarp.hive",
};

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

static void spit(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len) {
		printf("Bail out! cannot write %s\n", path);
		exit(99);
	}
	fclose(f);
}

/* Our base-block parse and root name against hivex's and the stored values. */
static void test_header_matches_hivex(const char *name)
{
	const char *path = tap_fixture(name);
	struct wr_error err;
	struct wr_hive *h;
	hive_h *hx;
	char *hx_root;

	if (!path) {
		ok(1, "# SKIP %s: fixtures not available", name);
		return;
	}
	h = wr_hive_open(path, 0, &err);
	ok(h != NULL, "%s opens (%s)", name, h ? "" : err.msg);
	if (!h)
		return;
	hx = hivex_open(path, 0);
	hx_root = hx ? hivex_node_name(hx, hivex_root(hx)) : NULL;
	is_str(wr_hive_root_name(h), hx_root, "%s: root key name as hivex reads it", name);
	ok(wr_hive_header(h)->checksum_ok, "%s: checksum 0x%08x verified", name,
	   wr_hive_header(h)->checksum);
	free(hx_root);
	if (hx)
		hivex_close(hx);
	wr_hive_close(h);
}

static void test_header_fields(void)
{
	const char *dirty = tap_fixture("dirty-newformat-yarp.hive");
	const char *clean = tap_fixture("dirty-newformat-yarp.recovered-by-win10.hive");
	const char *media = tap_fixture("bcd-win8-installmedia-bios-wimboot-install.hive");
	struct wr_error err;
	struct wr_hive *h;

	if (!dirty || !clean || !media) {
		ok(1, "# SKIP fixtures not available");
		return;
	}
	h = wr_hive_open(dirty, 0, &err);
	ok(h && wr_hive_header(h)->seq1 == 3 && wr_hive_header(h)->seq2 == 2 &&
	       wr_hive_header(h)->dirty,
	   "yarp dirty hive: sequence 3/2, dirty");
	wr_hive_close(h);
	h = wr_hive_open(clean, 0, &err);
	ok(h && wr_hive_header(h)->seq1 == 6 && !wr_hive_header(h)->dirty,
	   "Windows-recovered hive: sequence 6/6, clean");
	wr_hive_close(h);
	h = wr_hive_open(media, 0, &err);
	ok(h, "install media store opens");
	if (!h)
		return;
	is_int(wr_hive_header(h)->major, 1, "media store: major version 1");
	is_int(wr_hive_header(h)->minor, 3, "media store: minor version 3");
	is_int(wr_hive_header(h)->file_type, 0, "media store: primary file");
	is_int(wr_hive_header(h)->root_offset, 0x20, "media store: root cell at 0x20");
	is_int(wr_hive_header(h)->hbins_size, 0x3000, "media store: 12 KiB of hive bins");
	is_str(wr_hive_root_name(h), "System", "media store: root key named System");
	wr_hive_close(h);
}

static void test_checksum_rule(void)
{
	uint8_t base[512] = {0};

	is_int(wr_regf_checksum(base), 1, "an all-zero XOR is stored as 1");
	memset(base, 0, sizeof(base));
	base[0] = base[1] = base[2] = base[3] = 0xff;
	is_int(wr_regf_checksum(base), 0xfffffffe, "an all-ones XOR is stored as 0xfffffffe");
	base[4] = 0x12;
	is_int(wr_regf_checksum(base), 0xffffffed, "otherwise the plain XOR");
}

/* Opening `path` fails with exactly "PATH: `msg`" and error `code`. */
static void expect_open_error(const char *path, int code, const char *msg, const char *what)
{
	struct wr_error err = {0};
	struct wr_hive *h = wr_hive_open(path, 0, &err);
	char want[1024];

	ok(h == NULL, "%s: refused", what);
	wr_hive_close(h);
	if (h)
		return;
	snprintf(want, sizeof(want), "%s: %s", path, msg);
	is_str(err.msg, want, "%s: one line naming the file and the problem", what);
	is_int(err.code, code, "%s: error code", what);
}

/* Put a fixed-up copy of `data` with the LE32 at `off` set to `v`. */
static void spit_patched(const char *path, uint8_t *data, size_t len, size_t off, uint32_t v)
{
	uint8_t keep[4];

	memcpy(keep, data + off, 4);
	wr_put_le(data + off, v, 4);
	wr_put_le(data + 0x1fc, wr_regf_checksum(data), 4);
	spit(path, data, len);
	memcpy(data + off, keep, 4);
	wr_put_le(data + 0x1fc, wr_regf_checksum(data), 4);
}

static void test_open_errors(void)
{
	const char *real = tap_fixture("bcd-win10-bios-windeploy-linux.hive");
	const char *log = tap_fixture("bcd-win10-uefi-t480s-multiboot.hive.LOG");
	static const size_t cuts[] = {100, 600, 4096, 4096 + 100, 12288};
	uint8_t junk[8192];
	uint8_t *data;
	size_t len;
	char msg[256];

	expect_open_error(tap_path("missing.hive"), ENOENT,
	                  "cannot open: No such file or directory", "missing file");
	expect_open_error(tap_tmpdir(), EISDIR, "is a directory, not a hive file", "directory");
	spit(tap_path("empty.hive"), "", 0);
	expect_open_error(tap_path("empty.hive"), EINVAL, "not a registry hive (the file is empty)",
	                  "empty file");
	srand(1);
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)rand();
	spit(tap_path("random.hive"), junk, sizeof(junk));
	expect_open_error(tap_path("random.hive"), EINVAL,
	                  "not a registry hive (no \"regf\" signature)", "random bytes");
	if (!real || !log || !(data = slurp(real, &len))) {
		ok(1, "# SKIP fixtures not available");
		return;
	}
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		char what[64];

		snprintf(what, sizeof(what), "real hive cut to %zu of %zu bytes", cuts[i], len);
		if (cuts[i] < 4096)
			snprintf(msg, sizeof(msg),
			         "the hive is truncated: the file has %zu bytes, less than the "
			         "4096-byte hive header",
			         cuts[i]);
		else
			snprintf(msg, sizeof(msg),
			         "the hive is truncated: its header gives 16384 bytes of data, the "
			         "file has %zu after the header",
			         cuts[i] - 4096);
		spit(tap_path("cut.hive"), data, cuts[i]);
		expect_open_error(tap_path("cut.hive"), EINVAL, msg, what);
	}
	spit_patched(tap_path("far-root.hive"), data, len, 0x24, 0x7ffff000);
	expect_open_error(tap_path("far-root.hive"), EINVAL,
	                  "root key offset 0x7ffff000 is outside the file",
	                  "root offset past the end");
	spit_patched(tap_path("mid-root.hive"), data, len, 0x24, 0x28);
	expect_open_error(tap_path("mid-root.hive"), EINVAL,
	                  "root key at 0x28: the cell is not a key",
	                  "root offset inside another cell");
	expect_open_error(
	    log, EINVAL,
	    "is a transaction log (file type 6), not a hive: open the hive file beside it",
	    "a .LOG file");
	data[0x30] ^= 0x55; /* inside the checksummed part of the base block */
	spit(tap_path("badsum.hive"), data, len);
	expect_open_error(
	    tap_path("badsum.hive"), EINVAL,
	    "the hive header checksum is wrong (stored 0x32e02ae8, expected 0x32e02abd)",
	    "corrupted header");
	free(data);
}

static void test_lookup(void)
{
	const char *path = tap_fixture("bcd-win10-bios-windeploy-linux.hive");
	struct wr_error err;
	struct wr_hive *h = path ? wr_hive_open(path, 0, &err) : NULL;
	wr_node a, b;

	if (!h) {
		ok(1, "# SKIP fixtures not available");
		return;
	}
	ok(wr_hive_lookup(h, wr_hive_root(h), "Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}", &a,
	                  &err) == 0,
	   "lookup by exact names");
	ok(wr_hive_lookup(h, wr_hive_root(h), "OBJECTS/{9DEA862C-5CDD-4E70-ACC1-F32B344D4795}", &b,
	                  &err) == 0 &&
	       a == b,
	   "lookup ignores case, and '/' separates like '\\'");
	is_int(wr_hive_lookup(h, wr_hive_root(h), "Objects\\nothing", &b, &err), 1,
	       "a missing key is 1, not an error");
	wr_hive_close(h);
}

static const uint8_t blob[] = {0x00, 0xff, 0x10, 0x80, 0x7f};
static const char *const multi[] = {"first", "zweite Zeile", "\xe2\x9c\x93"};

static int write_all_types(struct wr_hive *h, wr_node key, struct wr_error *err)
{
	return wr_hive_set_dword(h, key, "Dword", 0x12345678, err) |
	       wr_hive_set_qword(h, key, "Qword", 0x1122334455667788ull, err) |
	       wr_hive_set_string(h, key, "Sz", WR_REG_SZ, "h\xc3\xa9llo \xf0\x9f\x98\x80", err) |
	       wr_hive_set_string(h, key, "DumpFile", WR_REG_EXPAND_SZ, "%SystemRoot%\\MEMORY.DMP",
	                          err) |
	       wr_hive_set_multi_sz(h, key, "Multi", multi, 3, err) |
	       wr_hive_set_value(h, key, "Binary", WR_REG_BINARY, blob, sizeof(blob), err) |
	       wr_hive_set_value(h, key, "None", WR_REG_NONE, NULL, 0, err);
}

static void check_value(struct wr_hive *h, wr_node key, const char *name, uint32_t type,
                        const void *bytes, size_t len)
{
	struct wr_value v = {0};
	struct wr_error err;
	int r = wr_hive_get_value(h, key, name, &v, &err);

	ok(r == 0 && v.type == type && v.len == len &&
	       (len == 0 || memcmp(v.data, bytes, len) == 0),
	   "%s reads back as type %u with the %zu bytes written", name, type, len);
	wr_value_clear(&v);
}

static void check_typed_reads(struct wr_hive *h, wr_node key)
{
	static const uint8_t sz[] = {'h', 0,   0xe9, 0,    'l',  0,    'l',  0, 'o',
	                             0,   ' ', 0,    0x3d, 0xd8, 0x00, 0xde, 0, 0};
	struct wr_value v;
	struct wr_error err;
	uint32_t d = 0;
	uint64_t q = 0;
	char *s, **list;
	size_t n = 0;

	check_value(h, key, "Sz", WR_REG_SZ, sz, sizeof(sz));
	check_value(h, key, "Binary", WR_REG_BINARY, blob, sizeof(blob));
	check_value(h, key, "None", WR_REG_NONE, NULL, 0);
	check_value(h, key, "Dword", WR_REG_DWORD, "\x78\x56\x34\x12", 4);
	wr_hive_get_value(h, key, "dword", &v, &err);
	ok(wr_value_dword(&v, &d, &err) == 0 && d == 0x12345678,
	   "REG_DWORD 0x12345678, name in any case");
	ok(wr_value_qword(&v, &q, &err) < 0 && err.code == EINVAL, "a DWORD is not a QWORD");
	wr_value_clear(&v);
	wr_hive_get_value(h, key, "Qword", &v, &err);
	ok(wr_value_qword(&v, &q, &err) == 0 && q == 0x1122334455667788ull, "REG_QWORD");
	wr_value_clear(&v);
	wr_hive_get_value(h, key, "DumpFile", &v, &err);
	s = wr_value_string(&v, &err);
	ok(v.type == WR_REG_EXPAND_SZ, "REG_EXPAND_SZ keeps its type");
	is_str(s, "%SystemRoot%\\MEMORY.DMP", "REG_EXPAND_SZ text");
	free(s);
	wr_value_clear(&v);
	wr_hive_get_value(h, key, "Multi", &v, &err);
	list = wr_value_multi_sz(&v, &n, &err);
	ok(list && n == 3 && strcmp(list[0], "first") == 0 &&
	       strcmp(list[1], "zweite Zeile") == 0 && strcmp(list[2], "\xe2\x9c\x93") == 0 &&
	       list[3] == NULL,
	   "REG_MULTI_SZ: the three strings, no trailing empty one");
	is_int(v.len, 2 * (5 + 1 + 12 + 1 + 1 + 1) + 2, "REG_MULTI_SZ ends with a double NUL");
	wr_strv_free(list);
	wr_value_clear(&v);
}

static void test_typed_round_trip(void)
{
	const char *orig = tap_path("typed.hive"), *out = tap_path("typed-out.hive");
	struct wr_error err;
	struct wr_hive *h;
	wr_node key, again;

	ok(wr_hive_create(orig, "ROOT", 5, &err) == 0, "create an empty hive");
	h = wr_hive_open(orig, WR_HIVE_WRITE, &err);
	ok(h && wr_hive_add_key(h, wr_hive_root(h), "Control", &key, &err) == 0 &&
	       wr_hive_add_key(h, key, "CrashControl", &key, &err) == 0,
	   "add keys");
	ok(write_all_types(h, key, &err) == 0, "set a value of every type");
	ok(wr_hive_add_key(h, wr_hive_root(h), "CONTROL", &again, &err) == 0,
	   "adding an existing key (other case) opens it");
	ok(wr_hive_commit(h, out, &err) == 0, "commit to a new file");
	wr_hive_close(h);
	h = wr_hive_open(out, 0, &err);
	ok(h && wr_hive_lookup(h, wr_hive_root(h), "control\\crashcontrol", &key, &err) == 0,
	   "committed file reopens");
	if (!h)
		return;
	is_int(wr_hive_header(h)->seq1, 2, "commit bumped the sequence number");
	ok(!wr_hive_header(h)->dirty && wr_hive_header(h)->checksum_ok,
	   "committed file is clean with a valid checksum");
	check_typed_reads(h, key);
	is_int(wr_hive_set_dword(h, key, "Dword", 1, &err), -1, "a read-only hive refuses edits");
	is_int(err.code, EROFS, "... with EROFS");
	wr_hive_close(h);
}

static void test_delete(void)
{
	const char *path = tap_path("typed-out.hive");
	struct wr_error err;
	struct wr_hive *h = wr_hive_open(path, WR_HIVE_WRITE, &err);
	struct wr_value v;
	wr_node key, ctl;
	char **names = NULL;
	size_t n = 0;

	if (!h || wr_hive_lookup(h, wr_hive_root(h), "Control\\CrashControl", &key, &err) != 0) {
		ok(0, "reopen for deletes: %s", err.msg);
		return;
	}
	is_int(wr_hive_delete_value(h, key, "qword", &err), 0, "delete a value");
	is_int(wr_hive_delete_value(h, key, "Qword", &err), 1, "deleting it again finds nothing");
	is_int(wr_hive_get_value(h, key, "Qword", &v, &err), 1, "the value is gone");
	check_value(h, key, "Binary", WR_REG_BINARY, blob, sizeof(blob));
	ok(wr_hive_value_names(h, key, &names, &n, &err) == 0 && n == 6 &&
	       strcmp(names[0], "Dword") == 0 && names[6] == NULL,
	   "the six values left, in order, by name");
	wr_strv_free(names);
	wr_hive_lookup(h, wr_hive_root(h), "Control", &ctl, &err);
	is_int(wr_hive_delete_key(h, key, &err), 0, "delete a key");
	is_int(wr_hive_lookup(h, ctl, "CrashControl", &key, &err), 1, "the key is gone");
	wr_hive_close(h);
}

static void test_dirty_commit_refused(void)
{
	const char *dirty = tap_fixture("dirty-newformat-yarp.hive");
	struct wr_error err;
	struct wr_hive *h = dirty ? wr_hive_open(dirty, WR_HIVE_WRITE, &err) : NULL;
	struct stat st;

	if (!h) {
		ok(1, "# SKIP fixtures not available");
		return;
	}
	is_int(wr_hive_commit(h, tap_path("dirty-out.hive"), &err), -1,
	       "committing a dirty hive is refused");
	ok(err.code == EBUSY && strstr(err.msg, "dirty"), "... saying it is dirty: %s", err.msg);
	ok(stat(tap_path("dirty-out.hive"), &st) < 0, "... and nothing is written");
	wr_hive_close(h);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(bcd_fixtures) / sizeof(bcd_fixtures[0]); i++)
		test_header_matches_hivex(bcd_fixtures[i]);
	test_header_fields();
	test_checksum_rule();
	test_open_errors();
	test_lookup();
	test_typed_round_trip();
	test_delete();
	test_dirty_commit_refused();
	return tap_done();
}
