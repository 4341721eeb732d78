/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-reg.c - reg.exe's offline subset on copies of a real SYSTEM hive: the articles' REG ADD
 * lines give the bytes the repair writes; every type; query, delete, copy, compare; .reg files
 * exported, imported, and written as Windows writes them; bad input changes nothing. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/file.h"
#include "base/utf16.h"
#include "command/command.h"
#include "hive-dump.h"
#include "repair/repair.h"
#include "session/session.h"
#include "tap.h"

#define CC1 "HKLM\\BROKENSYSTEM\\ControlSet001\\Control\\CrashControl"
#define CC2 "HKLM\\BROKENSYSTEM\\ControlSet002\\Control\\CrashControl"

static struct wr_config cfg;
static char original[256]; /* the fixture, uncompressed once */

/* A session on a fresh copy of the SYSTEM hive, mounted at
 * HKLM\BROKENSYSTEM, with a transaction open. */
struct fx {
	struct wr_session *s;
	struct wr_cmd_env *e;
	struct wr_stage *stage;
	struct wr_hive *h;
	char path[256];
};

static bool fx_open(struct fx *f, const char *name)
{
	struct wr_error err = {0};
	char cmd[1024];

	memset(f, 0, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "%s", tap_path(name));
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", original, f->path);
	if (system(cmd) != 0 || !(f->s = wr_session_new(&cfg, &err)) ||
	    !(f->e = wr_cmd_env_new(f->s, &err)) ||
	    wr_cmd_env_add_file(f->e, f->path, WR_KIND_SYSTEM, "BROKENSYSTEM", &err) < 0) {
		diag("cannot set up %s: %s", name, err.msg);
		return false;
	}
	f->stage = wr_session_stage(f->s);
	f->h = wr_stage_hive(f->stage, 0);
	return wr_txn_begin(f->stage, "reg", &err) == 0;
}

static void fx_close(struct fx *f)
{
	wr_cmd_env_free(f->e);
	wr_session_free(f->s);
}

/* Run one command line ("reg add ..."), as a script line is split. */
static int run(struct fx *f, const char *line, struct wr_buf *out, struct wr_error *err)
{
	char **argv = NULL;
	int argc = 0, r;

	*err = (struct wr_error){0};
	if (wr_cmd_split(line, &argv, &argc, err) < 0)
		return -1;
	r = argc && strcasecmp(argv[0], "reg") == 0 ? wr_reg_run(f->e, argc - 1, argv + 1, out, err)
	                                            : -1;
	wr_cmd_argv_free(argv, argc);
	return r;
}

/* Run it; its output, or "error: MESSAGE" (in a static buffer). */
static const char *said(struct fx *f, const char *line)
{
	static char text[8192];
	struct wr_buf out = WR_BUF_INIT;
	struct wr_error err;

	if (run(f, line, &out, &err) < 0)
		snprintf(text, sizeof(text), "error: %s", err.msg);
	else
		snprintf(text, sizeof(text), "%s", wr_buf_str(&out));
	wr_buf_free(&out);
	return text;
}

/* Value `name` of key `key` (from the hive's root) is exactly these bytes. */
static bool value_is(struct wr_hive *h, const char *key, const char *name, uint32_t type,
                     const void *bytes, size_t len)
{
	struct wr_value v = {0};
	wr_node n;
	bool same = wr_hive_lookup(h, wr_hive_root(h), key, &n, NULL) == 0 &&
	            wr_hive_get_value(h, n, name, &v, NULL) == 0 && v.type == type &&
	            v.len == len && memcmp(v.data, bytes, len) == 0;

	if (!same && v.data)
		diag("%s %s: type %u, %zu bytes", key, name, v.type, v.len);
	wr_value_clear(&v);
	return same;
}

static bool key_exists(struct wr_hive *h, const char *key)
{
	wr_node n;

	return wr_hive_lookup(h, wr_hive_root(h), key, &n, NULL) == 0;
}

static bool value_exists(struct wr_hive *h, const char *key, const char *name)
{
	struct wr_value v = {0};
	wr_node n;
	bool there = wr_hive_lookup(h, wr_hive_root(h), key, &n, NULL) == 0 &&
	             wr_hive_get_value(h, n, name, &v, NULL) == 0;

	wr_value_clear(&v);
	return there;
}

/* UTF-16LE of `s` with its NUL, in one of two static buffers. */
static const uint8_t *utf16(const char *s, size_t *len)
{
	static uint8_t bufs[2][512];
	static int next;
	uint8_t *b = bufs[next++ % 2], *p = wr_utf16le_encode(s, len);

	memcpy(b, p, *len);
	free(p);
	return b;
}

static const char done[] = "The operation completed successfully.\n";

/* The seed article's six lines, as written. */
static const char *const article[] = {
    "REG ADD \"" CC1 "\" /v CrashDumpEnabled /t REG_DWORD /d 1 /f",
    "REG ADD \"" CC1 "\" /v DumpFile /t REG_EXPAND_SZ /d \"%SystemRoot%\\MEMORY.DMP\" /f",
    "REG ADD \"" CC1 "\" /v NMICrashDump /t REG_DWORD /d 1 /f",
    "REG ADD \"" CC2 "\" /v CrashDumpEnabled /t REG_DWORD /d 1 /f",
    "REG ADD \"" CC2 "\" /v DumpFile /t REG_EXPAND_SZ /d \"%SystemRoot%\\MEMORY.DMP\" /f",
    "REG ADD \"" CC2 "\" /v NMICrashDump /t REG_DWORD /d 1 /f",
};

/* The three values in both control sets of `h`, as the article wants them. */
static bool crashdump_set(struct wr_hive *h, const char *label)
{
	static const char *const sets[] = {"ControlSet001", "ControlSet002"};
	size_t len;
	const uint8_t *path = utf16("%SystemRoot%\\MEMORY.DMP", &len);
	bool all = true;

	for (int i = 0; i < 2; i++) {
		char key[64];

		snprintf(key, sizeof(key), "%s\\Control\\CrashControl", sets[i]);
		all &= value_is(h, key, "CrashDumpEnabled", WR_REG_DWORD, "\1\0\0\0", 4);
		all &= value_is(h, key, "DumpFile", WR_REG_EXPAND_SZ, path, len);
		all &= value_is(h, key, "NMICrashDump", WR_REG_DWORD, "\1\0\0\0", 4);
	}
	ok(all,
	   "%s: CrashDumpEnabled 1, DumpFile %%SystemRoot%%\\MEMORY.DMP (48 bytes), "
	   "NMICrashDump 1 in both control sets",
	   label);
	return all;
}

static void test_article(void)
{
	struct wr_error err = {0};
	struct wr_repair_opts o;
	struct fx a, b;
	char *by_reg, *by_repair;
	struct wr_buf written = WR_BUF_INIT;
	struct wr_hive *again;
	int lines_ok = 0;

	if (!fx_open(&a, "article.hive") || !fx_open(&b, "repair.hive")) {
		ok(0, "set up");
		return;
	}
	for (size_t i = 0; i < 6; i++)
		lines_ok += strcmp(said(&a, article[i]), done) == 0;
	is_int(lines_ok, 6, "the six REG ADD lines each say \"%s\"", "The operation completed...");
	wr_txn_end(a.stage);
	wr_txn_abort(b.stage);
	wr_repair_opts_default(&o);
	is_int(wr_repair_stage(WR_REPAIR_CRASHDUMP, b.stage, 0, &o, &err), 0,
	       "repair crashdump staged on another copy: %s", err.msg);
	crashdump_set(a.h, "REG ADD");
	by_reg = dump_hive(a.h);
	by_repair = dump_hive(b.h);
	ok(by_reg && by_repair && strcmp(by_reg, by_repair) == 0,
	   "every key and value of both hives the same: the lines do what the repair does");
	free(by_reg);
	free(by_repair);
	is_int(wr_session_commit(a.s, &written, &err), 0, "committed: %s", err.msg);
	again = wr_hive_open(a.path, 0, &err);
	if (again)
		crashdump_set(again, "the file read back after the commit");
	else
		ok(0, "read back: %s", err.msg);
	wr_hive_close(again);
	wr_buf_free(&written);
	fx_close(&a);
	fx_close(&b);
}

#define T    "HKLM\\BROKENSYSTEM\\WrTest"
#define SHOW "HKEY_LOCAL_MACHINE\\BROKENSYSTEM\\WrTest"

/* Each type reg add takes, as the bytes Windows stores. */
static void test_types(struct fx *f)
{
	size_t len;
	const uint8_t *b;

	is_str(said(f, "reg add " T " /v S /d hello"), done, "REG_SZ, the default type");
	b = utf16("hello", &len);
	ok(value_is(f->h, "WrTest", "S", WR_REG_SZ, b, len), "REG_SZ: UTF-16LE and its NUL");
	said(f, "reg add " T " /v E /t reg_expand_sz /d %SystemRoot%\\x.dmp");
	b = utf16("%SystemRoot%\\x.dmp", &len);
	ok(value_is(f->h, "WrTest", "E", WR_REG_EXPAND_SZ, b, len),
	   "REG_EXPAND_SZ (type in any case): %%SystemRoot%% kept as typed");
	said(f, "reg add " T " /v M /t REG_MULTI_SZ /d a\\0bc\\0d");
	ok(value_is(f->h, "WrTest", "M", WR_REG_MULTI_SZ, "a\0\0\0b\0c\0\0\0d\0\0\0\0\0", 16),
	   "REG_MULTI_SZ: split at \\0, each string's NUL and the list's");
	said(f, "reg add " T " /v M2 /t REG_MULTI_SZ /s # /d x#y#");
	ok(value_is(f->h, "WrTest", "M2", WR_REG_MULTI_SZ, "x\0\0\0y\0\0\0\0\0", 10),
	   "/s #: another separator; one at the end only ends the last string");
	said(f, "reg add " T " /v D /t REG_DWORD /d 10");
	ok(value_is(f->h, "WrTest", "D", WR_REG_DWORD, "\x0a\0\0\0", 4), "REG_DWORD 10");
	said(f, "reg add " T " /v D /t REG_DWORD /d 0xDEADbeef /f");
	ok(value_is(f->h, "WrTest", "D", WR_REG_DWORD, "\xef\xbe\xad\xde", 4),
	   "REG_DWORD 0xDEADbeef, over the old one with /f");
	said(f, "reg add " T " /v D0 /t REG_DWORD /d 0123");
	ok(value_is(f->h, "WrTest", "D0", WR_REG_DWORD, "\x7b\0\0\0", 4),
	   "a leading 0 is decimal, as reg.exe reads it");
	said(f, "reg add " T " /v Q /t REG_QWORD /d 0x123456789abcdef0");
	ok(value_is(f->h, "WrTest", "Q", WR_REG_QWORD, "\xf0\xde\xbc\x9a\x78\x56\x34\x12", 8),
	   "REG_QWORD");
	said(f, "reg add " T " /v B /t REG_BINARY /d 0102aB");
	ok(value_is(f->h, "WrTest", "B", WR_REG_BINARY, "\x01\x02\xab", 3), "REG_BINARY");
	said(f, "reg add " T " /v B1 /t REG_BINARY /d abc");
	ok(value_is(f->h, "WrTest", "B1", WR_REG_BINARY, "\x0a\xbc", 2),
	   "an odd digit count: the first digit is a byte, as reg.exe does");
	said(f, "reg add " T " /v N /t REG_NONE");
	ok(value_is(f->h, "WrTest", "N", WR_REG_NONE, "\0\0", 2), "REG_NONE without /d: a NUL");
	said(f, "reg add " T " /ve /d def");
	b = utf16("def", &len);
	ok(value_is(f->h, "WrTest", "", WR_REG_SZ, b, len), "/ve: the default value");
	is_str(said(f, "reg add " T "\\Empty"), done, "reg add KEY alone");
	ok(value_is(f->h, "WrTest\\Empty", "", WR_REG_SZ, "\0\0", 2),
	   "... makes the key with an empty default value, as reg.exe does");
	is_str(said(f, "reg add " T " /v D /t REG_DWORD /d 1"),
	       "error: ERROR: Value D exists in " T
	       ": add /f to overwrite it (offline no one is asked).",
	       "no /f over a value there: refused, naming it");
	ok(value_is(f->h, "WrTest", "D", WR_REG_DWORD, "\xef\xbe\xad\xde", 4), "... unchanged");
}

/* CurrentControlSet: the set Select\Current names (1 in this hive). */
static void test_current_control_set(struct fx *f)
{
	is_str(said(f, "reg add HKLM\\BROKENSYSTEM\\CurrentControlSet\\Control\\CrashControl /v "
	               "WrCcs /t REG_DWORD /d 7 /f"),
	       done, "REG ADD through CurrentControlSet");
	ok(value_is(f->h, "ControlSet001\\Control\\CrashControl", "WrCcs", WR_REG_DWORD, "\7\0\0\0",
	            4),
	   "... lands in ControlSet001");
	ok(!value_exists(f->h, "ControlSet002\\Control\\CrashControl", "WrCcs"),
	   "... and not in ControlSet002");
}

static void test_query(struct fx *f)
{
	said(f, "reg add " T "\\Sub /v Q /t REG_QWORD /d 5");
	is_str(said(f, "reg query " T "\\Sub"), "\n" SHOW "\\Sub\n    Q    REG_QWORD    0x5\n\n",
	       "query: the key, its values");
	said(f, "reg add " T "2 /v S /d \"two words\"");
	said(f, "reg add " T "2 /v M /t REG_MULTI_SZ /d a\\0b");
	said(f, "reg add " T "2 /v B /t REG_BINARY /d 01ab");
	said(f, "reg add " T "2 /v D /t REG_DWORD /d 16");
	said(f, "reg add " T "2\\Sub1 /v X /d 1");
	said(f, "reg add " T "2\\Sub1\\Deep");
	is_str(said(f, "reg query hklm\\brokensystem\\wrtest2\\"),
	       "\nHKEY_LOCAL_MACHINE\\brokensystem\\wrtest2\n"
	       "    S    REG_SZ    two words\n"
	       "    M    REG_MULTI_SZ    a\\0b\n"
	       "    B    REG_BINARY    01AB\n"
	       "    D    REG_DWORD    0x10\n\n"
	       "HKEY_LOCAL_MACHINE\\brokensystem\\wrtest2\\Sub1\n",
	       "query as reg.exe lays it out: the key as typed, HKLM spelled out, subkeys after");
	is_str(said(f, "reg query " T "2 /s"),
	       "\n" SHOW "2\n"
	       "    S    REG_SZ    two words\n"
	       "    M    REG_MULTI_SZ    a\\0b\n"
	       "    B    REG_BINARY    01AB\n"
	       "    D    REG_DWORD    0x10\n\n" SHOW "2\\Sub1\n"
	       "    X    REG_SZ    1\n\n" SHOW "2\\Sub1\\Deep\n"
	       "    (Default)    REG_SZ    \n\n",
	       "query /s: every key below, each with its values");
	is_str(said(f, "reg query " T "2 /v D"), "\n" SHOW "2\n    D    REG_DWORD    0x10\n\n",
	       "query /v");
	is_str(said(f, "reg query " T "2 /ve"),
	       "\n" SHOW "2\n    (Default)    REG_SZ    (value not set)\n",
	       "query /ve of a key with no default value");
	is_str(said(f, "reg query " T "2 /v X /s"),
	       "\n" SHOW "2\\Sub1\n    X    REG_SZ    1\n\nEnd of search: 1 match(es) found.\n",
	       "query /v /s: the keys that hold it");
	is_str(said(f, "reg query " CC1 " /v DumpFile"),
	       "\nHKEY_LOCAL_MACHINE\\BROKENSYSTEM\\ControlSet001\\Control\\CrashControl\n"
	       "    DumpFile    REG_EXPAND_SZ    %SystemRoot%\\MEMORY.DMP\n\n",
	       "a real value as Windows wrote it");
	is_str(said(f, "reg query " T "2 /v Nope"),
	       "error: ERROR: The system was unable to find the specified registry key or value: "
	       "Nope in " T "2",
	       "a missing value: reg.exe's error, naming it");
}

static void test_delete(struct fx *f)
{
	said(f, "reg add " T "3 /v A /d 1");
	said(f, "reg add " T "3 /v B /d 2");
	said(f, "reg add " T "3 /ve /d 3");
	said(f, "reg add " T "3\\Sub /v C /d 4");
	is_str(said(f, "reg delete " T "3 /v A"),
	       "error: ERROR: Deleting value A of " T "3 needs /f (offline no one is asked).",
	       "delete without /f: refused");
	ok(value_exists(f->h, "WrTest3", "A"), "... A is still there");
	is_str(said(f, "reg delete " T "3 /v A /f"), done, "delete /v /f");
	ok(!value_exists(f->h, "WrTest3", "A") && value_exists(f->h, "WrTest3", "B"),
	   "... A gone, B kept");
	said(f, "reg delete " T "3 /ve /f");
	ok(!value_exists(f->h, "WrTest3", ""), "delete /ve: the default value gone");
	said(f, "reg add " T "3 /v A /d 1");
	is_str(said(f, "reg delete " T "3 /va /f"), done, "delete /va");
	ok(!value_exists(f->h, "WrTest3", "A") && !value_exists(f->h, "WrTest3", "B") &&
	       value_exists(f->h, "WrTest3\\Sub", "C"),
	   "... every value gone, the subkeys kept");
	is_str(said(f, "reg delete " T "3 /v A /f"),
	       "error: ERROR: The system was unable to find the specified registry key or value: A "
	       "in " T "3",
	       "deleting a value that is not there");
	is_str(said(f, "reg delete " T "3 /f"), done, "delete KEY /f");
	ok(!key_exists(f->h, "WrTest3"), "... the key is gone with its subkeys");
	is_str(said(f, "reg delete " T "3 /f"),
	       "error: ERROR: The system was unable to find the specified registry key or value: "
	       "" T "3",
	       "... and is not there to delete again");
	ok(strstr(said(f, "reg delete HKLM\\BROKENSYSTEM /f"), "the root key cannot be deleted") !=
	       NULL,
	   "the mounted hive's root is not a key to delete");
}

static void test_copy(struct fx *f)
{
	is_str(said(f, "reg copy " CC1 " " T "4 /s"), done, "copy /s to a new key");
	ok(value_is(f->h, "WrTest4", "DumpFile", WR_REG_EXPAND_SZ,
	            utf16("%SystemRoot%\\MEMORY.DMP", &(size_t){0}), 48),
	   "... its values copied byte for byte");
	is_str(said(f, "reg copy " CC1 " " T "4"),
	       "error: ERROR: Value AutoReboot exists in " T
	       "4: add /f to overwrite it (offline no one is asked).",
	       "copy over values there without /f: refused before anything is written");
	is_str(said(f, "reg copy " CC1 " " CC1 "\\"),
	       "error: ERROR: " CC1 " and " CC1 "\\ are the same key.", "copy onto itself");
	is_str(said(f, "reg copy " T "4 " T "4\\In /s"),
	       "error: ERROR: " T "4\\In is below " T "4: /s would copy it into itself.",
	       "copy /s into itself");
	said(f, "reg add " T "5\\A\\B /v V /t REG_BINARY /d ff");
	said(f, "reg add " T "5\\Empty\\Keys");
	said(f, "reg delete " T "5\\Empty\\Keys /ve /f");
	is_str(said(f, "reg copy " T "5 " T "6 /s /f"), done, "copy /s of a tree");
	ok(value_is(f->h, "WrTest6\\A\\B", "V", WR_REG_BINARY, "\xff", 1) &&
	       key_exists(f->h, "WrTest6\\Empty\\Keys"),
	   "... deep values and keys with no value copied too");
	said(f, "reg copy " T "5\\A\\B " T "7 /f");
	ok(value_exists(f->h, "WrTest7", "V"), "copy without /s: the values");
}

static void test_compare(struct fx *f)
{
	is_str(said(f, "reg compare " T "5 " T "6 /s"),
	       "Result Compared: Identical\n"
	       "The operation completed successfully.\n",
	       "compare of a copy: identical");
	said(f, "reg add " T "6\\A\\B /v V /t REG_BINARY /d fe /f");
	said(f, "reg add " T "6\\A\\B /v W /d new");
	said(f, "reg add " T "6\\Only");
	is_str(said(f, "reg compare " T "5 " T "6 /s"),
	       "< Value: " SHOW "5\\A\\B V REG_BINARY FF\n"
	       "> Value: " SHOW "6\\A\\B V REG_BINARY FE\n"
	       "> Value: " SHOW "6\\A\\B W REG_SZ new\n"
	       "> Key: " SHOW "6\\Only\n"
	       "Result Compared: Different\n"
	       "The operation completed successfully.\n",
	       "compare /s: each difference, and the result");
	is_str(said(f, "reg compare " T "5\\A\\B " T "6\\A\\B /v W /os"),
	       "Result Compared: Different\n"
	       "The operation completed successfully.\n",
	       "/v and /os: a value only one side has is a difference, not shown");
	is_str(said(f, "reg compare " CC1 " " CC2 " /v AutoReboot /oa"),
	       "= Value: "
	       "HKEY_LOCAL_MACHINE\\BROKENSYSTEM\\ControlSet001\\Control\\CrashControl"
	       " AutoReboot REG_DWORD 0x1\n"
	       "Result Compared: Identical\n"
	       "The operation completed successfully.\n",
	       "/oa shows what is the same too");
}

/* The file's bytes, or NULL. */
static uint8_t *slurp(const char *path, size_t *len)
{
	uint8_t *data = NULL;

	return wr_file_read(path, 64u << 20, &data, len, NULL) == 0 ? data : NULL;
}

/* A version 5 file of the keys reg add made: exactly as regedit writes it. */
static void test_export_exact(struct fx *f)
{
	static const char want[] =
	    "Windows Registry Editor Version 5.00\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\BROKENSYSTEM\\WrTest5]\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\BROKENSYSTEM\\WrTest5\\A]\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\BROKENSYSTEM\\WrTest5\\A\\B]\r\n"
	    "\"V\"=hex:ff\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\BROKENSYSTEM\\WrTest5\\Empty]\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\BROKENSYSTEM\\WrTest5\\Empty\\Keys]\r\n\r\n";
	const char *file = tap_path("small.reg");
	char line[512];
	char want_error[600];
	uint8_t *got, *expected;
	size_t len = 0, want_len;

	snprintf(line, sizeof(line), "reg export " T "5 %s", file);
	is_str(said(f, line), done, "export");
	got = slurp(file, &len);
	expected = wr_utf16le_encode(want, &want_len);
	ok(got && len == want_len && got[0] == 0xff && got[1] == 0xfe &&
	       memcmp(got + 2, expected, want_len - 2) == 0,
	   "UTF-16LE after its BOM, CRLF, a section per key, a blank line after each");
	free(got);
	free(expected);
	snprintf(want_error, sizeof(want_error), "error: ERROR: %s exists: add /y to overwrite it.",
	         file);
	is_str(said(f, line), want_error, "the file is there: refused without /y");
	snprintf(line, sizeof(line), "reg export " T "5 %s /y", file);
	is_str(said(f, line), done, "... written over with /y");
	snprintf(line, sizeof(line), "reg export " T "5 %s /y", f->path);
	snprintf(want_error, sizeof(want_error),
	         "error: ERROR: %s is a registry hive: not writing a .reg file over it.", f->path);
	is_str(said(f, line), want_error, "never over a hive, /y or not");
	wr_cmd_env_set_dry_run(f->e, true);
	snprintf(line, sizeof(line), "reg export " T "5 %s", tap_path("dry.reg"));
	ok(strncmp(said(f, line), "Dry run: ", 9) == 0 && access(tap_path("dry.reg"), F_OK) < 0,
	   "a dry run says what it would write, and writes nothing");
	wr_cmd_env_set_dry_run(f->e, false);
}

static bool write_text(const char *path, const char *text, size_t len)
{
	FILE *fp = fopen(path, "wb");
	bool written = fp && fwrite(text, 1, len, fp) == len;

	return fp && fclose(fp) == 0 && written;
}

/* Values whose lines regedit's own export is known to write (Wine's
 * tests of reg export, checked against Windows): long hex data wrapped
 * after the same byte, escapes, @ and dword:. */
static void test_export_regedit(struct fx *f)
{
	static const char want[] =
	    "Windows Registry Editor Version 5.00\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\BROKENSYSTEM\\WrTest8]\r\n"
	    "\"Multiple strings\"=hex(7):4c,00,69,00,6e,00,65,00,31,00,00,00,4c,00,69,00,6e,\\\r\n"
	    "  00,65,00,32,00,00,00,4c,00,69,00,6e,00,65,00,33,00,00,00,00,00\r\n"
	    "\"String expansion\"=hex(2):25,00,48,00,4f,00,4d,00,45,00,25,00,5c,00,25,00,50,\\\r\n"
	    "  00,41,00,54,00,48,00,25,00,00,00\r\n"
	    "\"double\\\"quote\"=\"\\\"Hello, World!\\\"\"\r\n"
	    "\"Backslash\"=\"Use \\\\\\\\ to escape a backslash\"\r\n"
	    "@=dword:12345678\r\n"
	    "\"Zero data type\"=hex(0):56,61,6c,75,65,00\r\n\r\n";
	static const char none[] = "Windows Registry Editor Version 5.00\n"
	                           "[HKEY_LOCAL_MACHINE\\BROKENSYSTEM\\WrTest8]\n"
	                           "\"Zero data type\"=hex(0):56,61,6c,75,65,00\n";
	const char *file = tap_path("regedit.reg");
	char line[512];
	uint8_t *got, *expected;
	size_t len = 0, want_len;

	said(f, "reg add " T "8 /v \"Multiple strings\" /t REG_MULTI_SZ /d Line1\\0Line2\\0Line3");
	said(f, "reg add " T "8 /v \"String expansion\" /t REG_EXPAND_SZ /d %HOME%\\%PATH%");
	said(f, "reg add " T "8 /v double\\\"quote /d \"\\\"Hello, World!\\\"\"");
	said(f, "reg add " T "8 /v Backslash /d \"Use \\\\ to escape a backslash\"");
	said(f, "reg add " T "8 /ve /t REG_DWORD /d 0x12345678");
	/* REG_NONE of bytes that are no UTF-16: reg add cannot make it. */
	write_text(tap_path("none.reg"), none, strlen(none));
	snprintf(line, sizeof(line), "reg import %s", tap_path("none.reg"));
	said(f, line);
	snprintf(line, sizeof(line), "reg export " T "8 %s", file);
	said(f, line);
	got = slurp(file, &len);
	expected = wr_utf16le_encode(want, &want_len);
	ok(got && len == want_len && memcmp(got + 2, expected, want_len - 2) == 0,
	   "the lines regedit writes for them, wrapped after the same byte");
	if (got && len != want_len)
		diag("%s", wr_utf16le_decode(got + 2, len - 2));
	free(got);
	free(expected);
}

/* Key `key` holds the same values, type and bytes, in both hives. */
static bool same_values(struct wr_hive *a, struct wr_hive *b, const char *key, size_t *count)
{
	char **names = NULL;
	size_t n = 0;
	wr_node na, nb;
	bool same = wr_hive_lookup(a, wr_hive_root(a), key, &na, NULL) == 0 &&
	            wr_hive_lookup(b, wr_hive_root(b), key, &nb, NULL) == 0 &&
	            wr_hive_value_names(a, na, &names, &n, NULL) == 0;

	for (size_t i = 0; i < n; i++) {
		struct wr_value va = {0}, vb = {0};

		same = same && wr_hive_get_value(a, na, names[i], &va, NULL) == 0 &&
		       wr_hive_get_value(b, nb, names[i], &vb, NULL) == 0 &&
		       wr_value_equal(&va, &vb);
		wr_value_clear(&va);
		wr_value_clear(&vb);
		free(names[i]);
	}
	free(names);
	*count = n;
	return same;
}

/* Hex data wraps as regedit wraps it: no line ending in a continuation is
 * wider than 80 columns, unless the name before the data alone reaches
 * the wrapping column; continued lines begin with two blanks. */
static void check_wrapping(const uint8_t *data, size_t len)
{
	char *text = wr_utf16le_decode(data + 2, len - 2), *cursor = text, *line;
	size_t widest = 0, continued = 0;

	while (text && (line = wr_next_line(&cursor))) {
		size_t n = strlen(line) - (strchr(line, '\r') != NULL);
		const char *colon = strstr(line, "=hex");

		if (n && line[n - 1] == '\\' && (!colon || strchr(colon, ':') - line < 77))
			widest = n > widest ? n : widest;
		continued += strncmp(line, "  ", 2) == 0;
	}
	ok(text && widest <= 80 && widest >= 76 && continued > 0,
	   "hex data wrapped at regedit's width: %zu lines continued, the widest %zu columns",
	   continued, widest);
	free(text);
}

/* A real key and everything below it, exported, deleted from a fresh copy
 * and imported there: the same keys and values, the same file again. */
static void test_round_trip(struct fx *f)
{
	const char *key = "HKLM\\BROKENSYSTEM\\ControlSet001\\Services\\Tcpip";
	const char *one = tap_path("tcpip.reg"), *two = tap_path("tcpip-again.reg");
	char line[512];
	uint8_t *a = NULL, *b = NULL;
	size_t la = 0, lb = 0, n = 0;
	struct fx g;

	snprintf(line, sizeof(line), "reg export %s %s", key, one);
	is_str(said(f, line), done, "export of a real key with its subkeys");
	if (!(a = slurp(one, &la)) || !fx_open(&g, "import.hive")) {
		ok(0, "exported and a fresh copy");
		free(a);
		return;
	}
	check_wrapping(a, la);
	snprintf(line, sizeof(line), "reg delete %s /f", key);
	said(&g, line);
	ok(!key_exists(g.h, "ControlSet001\\Services\\Tcpip"), "deleted from the fresh copy");
	snprintf(line, sizeof(line), "reg import %s", one);
	is_str(said(&g, line), done, "imported there");
	ok(same_values(f->h, g.h, "ControlSet001\\Services\\Tcpip\\Parameters", &n) && n > 10,
	   "Tcpip\\Parameters: its %zu values, type and bytes, as they were", n);
	snprintf(line, sizeof(line), "reg export %s %s", key, two);
	said(&g, line);
	b = slurp(two, &lb);
	ok(b && la == lb && memcmp(a, b, la) == 0,
	   "exported again: the same file, byte for byte (%zu bytes)", la);
	free(a);
	free(b);
	fx_close(&g);
}

/* `text` as Windows saves a .reg file: UTF-16LE after its BOM (iconv, not
 * our own encoder); the path. */
static const char *windows_file(const char *name, const char *text)
{
	const char *utf8 = tap_path("utf8.tmp"), *path = tap_path(name);
	char cmd[1024];

	snprintf(cmd, sizeof(cmd),
	         "{ printf '\\377\\376'; iconv -f UTF-8 -t UTF-16LE '%s'; } > '%s'", utf8, path);
	return write_text(utf8, text, strlen(text)) && system(cmd) == 0 ? path : NULL;
}

static void test_windows_file(struct fx *f)
{
	static const char text[] =
	    "Windows Registry Editor Version 5.00\r\n\r\n"
	    "; as regedit writes it, and what people add by hand\r\n"
	    "[HKEY_LOCAL_MACHINE\\BROKENSYSTEM\\WrImport]\r\n"
	    "@=\"default\"\r\n"
	    "\"Str\"=\"a \\\"quoted\\\" C:\\\\path caf\xc3\xa9\"\r\n"
	    "\"Dw\"=dword:0000002A\r\n"
	    "\"Exp\"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,\\\r\n"
	    "  74,00,25,00,00,00\r\n"
	    "\"Multi\"=hex(7):61,00,00,00,62,00,00,00,00,00\r\n"
	    "\"Q\"=hex(b):01,00,00,00,00,00,00,00\r\n"
	    "\"Bin\"=hex:de,ad,\\\r\n"
	    "  be,ef\r\n"
	    "\"None\"=hex(0):\r\n"
	    "\"Gone\"=-\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\BROKENSYSTEM\\WrImport\\Sub]\r\n\r\n"
	    "[-HKEY_LOCAL_MACHINE\\BROKENSYSTEM\\WrTest7]\r\n\r\n";
	const char *path = windows_file("windows.reg", text);
	char line[512];
	size_t len;
	const uint8_t *b;

	said(f, "reg add HKLM\\BROKENSYSTEM\\WrImport /v Gone /d x");
	snprintf(line, sizeof(line), "reg import %s", path ? path : "(not made)");
	is_str(said(f, line), done, "a .reg file as Windows saves it imports");
	b = utf16("default", &len);
	ok(value_is(f->h, "WrImport", "", WR_REG_SZ, b, len), "@=: the default value");
	b = utf16("a \"quoted\" C:\\path caf\xc3\xa9", &len);
	ok(value_is(f->h, "WrImport", "Str", WR_REG_SZ, b, len),
	   "a string, \\\" and \\\\ unescaped");
	ok(value_is(f->h, "WrImport", "Dw", WR_REG_DWORD, "\x2a\0\0\0", 4), "dword:");
	b = utf16("%SystemRoot%", &len);
	ok(value_is(f->h, "WrImport", "Exp", WR_REG_EXPAND_SZ, b, len),
	   "hex(2): over two lines, the bytes as they are");
	ok(value_is(f->h, "WrImport", "Multi", WR_REG_MULTI_SZ, "a\0\0\0b\0\0\0\0\0", 10),
	   "hex(7):");
	ok(value_is(f->h, "WrImport", "Q", WR_REG_QWORD, "\1\0\0\0\0\0\0\0", 8), "hex(b):");
	ok(value_is(f->h, "WrImport", "Bin", WR_REG_BINARY, "\xde\xad\xbe\xef", 4),
	   "hex: continued");
	ok(value_is(f->h, "WrImport", "None", WR_REG_NONE, "", 0), "hex(0): with no bytes");
	ok(!value_exists(f->h, "WrImport", "Gone"), "\"name\"=- deletes the value");
	ok(key_exists(f->h, "WrImport\\Sub"), "[KEY] alone makes the key");
	ok(!key_exists(f->h, "WrTest7"), "[-KEY] deletes the key");
}

/* REGEDIT4: 8-bit text in the ANSI code page, hex(2) of 8-bit text. */
static void test_regedit4(struct fx *f)
{
	static const char text[] = "REGEDIT4\n\n"
	                           "[HKEY_LOCAL_MACHINE\\BROKENSYSTEM\\WrAnsi]\n"
	                           "\"Caf\xe9\"=\"cr\xe8me \x80\"\n"
	                           "\"Exp\"=hex(2):25,77,25,00\n";
	const char *path = tap_path("ansi.reg");
	char line[512];
	size_t len;
	const uint8_t *b;

	snprintf(line, sizeof(line), "reg import %s", path);
	ok(write_text(path, text, strlen(text)) && strcmp(said(f, line), done) == 0,
	   "a REGEDIT4 file in Windows-1252, LF only, imports");
	b = utf16("cr\xc3\xa8me \xe2\x82\xac", &len);
	ok(value_is(f->h, "WrAnsi", "Caf\xc3\xa9", WR_REG_SZ, b, len),
	   "its name and string as Windows-1252 (0xe9 is \xc3\xa9, 0x80 is the euro sign)");
	ok(value_is(f->h, "WrAnsi", "Exp", WR_REG_EXPAND_SZ, "%\0w\0%\0\0\0", 8),
	   "its hex(2) bytes are 8-bit text: stored as UTF-16LE, as regedit does");
}

/* Bad commands: one line each saying what is wrong. */
static void test_bad_commands(struct fx *f)
{
	static const struct {
		const char *line, *error;
	} bad[] = {
	    {"reg frob " T, "ERROR: Invalid syntax (frob is not an operation of reg: QUERY, ADD, "
	                    "DELETE, COPY, COMPARE, EXPORT, IMPORT, LOAD or UNLOAD)."},
	    {"reg", "ERROR: Invalid syntax (no operation: QUERY, ADD, DELETE, COPY, COMPARE, "
	            "EXPORT, IMPORT, LOAD or UNLOAD)."},
	    {"reg add", "ERROR: Invalid syntax (a word is missing). Usage: REG ADD KEY [/v NAME | "
	                "/ve] [/t TYPE] [/s SEPARATOR] [/d DATA] [/f]"},
	    {"reg copy " T, "ERROR: Invalid syntax (words are missing). Usage: REG COPY KEY1 KEY2 "
	                    "[/s] [/f]"},
	    {"reg add " T " /v", "ERROR: Invalid syntax (/v needs a word after it). Usage: REG ADD "
	                         "KEY [/v NAME | /ve] [/t TYPE] [/s SEPARATOR] [/d DATA] [/f]"},
	    {"reg add " T " /v A /ve",
	     "ERROR: Invalid syntax (/v, /ve and /va exclude each other). "
	     "Usage: REG ADD KEY [/v NAME | /ve] [/t TYPE] [/s SEPARATOR] "
	     "[/d DATA] [/f]"},
	    {"reg add " T " /v A /F /f",
	     "ERROR: Invalid syntax (/f is given twice). Usage: REG ADD "
	     "KEY [/v NAME | /ve] [/t TYPE] [/s SEPARATOR] [/d DATA] "
	     "[/f]"},
	    {"reg query " T " /q",
	     "ERROR: Invalid syntax (/q is not one of its options). Usage: REG "
	     "QUERY KEY [/v NAME | /ve] [/s]"},
	    {"reg delete " T " extra", "ERROR: Invalid syntax (extra is one word too many). Usage: "
	                               "REG DELETE KEY [/v NAME | /ve | /va] [/f]"},
	    {"reg add " T " /v A /t REG_FOO /d 1",
	     "ERROR: Invalid type REG_FOO: reg add takes "
	     "REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_DWORD, "
	     "REG_QWORD, REG_BINARY or REG_NONE."},
	    {"reg add " T " /v A /t REG_DWORD /d 12abc", "ERROR: Invalid data \"12abc\" for "
	                                                 "REG_DWORD: give a number from 0 to "
	                                                 "4294967295 (decimal, or hex after 0x)."},
	    {"reg add " T " /v A /t REG_DWORD /d 4294967296",
	     "ERROR: Invalid data \"4294967296\" for REG_DWORD: give a number from 0 to 4294967295 "
	     "(decimal, or hex after 0x)."},
	    {"reg add " T " /v A /t REG_DWORD /d -1",
	     "ERROR: Invalid data \"-1\" for REG_DWORD: "
	     "give a number from 0 to 4294967295 (decimal, "
	     "or hex after 0x)."},
	    {"reg add " T " /v A /t REG_DWORD", "ERROR: REG_DWORD needs its data: /d NUMBER."},
	    {"reg add " T " /v A /t REG_BINARY /d 0xff", "ERROR: Invalid data \"0xff\" for "
	                                                 "REG_BINARY: give hex digits, two a byte "
	                                                 "(as in 0102ab)."},
	    {"reg add " T " /v A /t REG_MULTI_SZ /d a\\0\\0b",
	     "ERROR: Invalid data \"a\\0\\0b\" for "
	     "REG_MULTI_SZ: it has an empty "
	     "string between two separators."},
	    {"reg add " T " /v A /t REG_MULTI_SZ /s ab /d x", "ERROR: Invalid separator \"ab\": /s "
	                                                      "takes one character."},
	    {"reg add HKLM\\NOTMOUNTED\\X /v A /d 1",
	     "ERROR: HKLM\\NOTMOUNTED\\X: no hive is loaded "
	     "at HKLM\\NOTMOUNTED (reg load it first)"},
	    {"reg query " T "\\Missing", "ERROR: The system was unable to find the specified "
	                                 "registry key or value: " T "\\Missing"},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char want[600];

		snprintf(want, sizeof(want), "error: %s", bad[i].error);
		is_str(said(f, bad[i].line), want, "%s", bad[i].line);
	}
}

#define V5 "Windows Registry Editor Version 5.00\r\n\r\n"
#define K  "[HKEY_LOCAL_MACHINE\\BROKENSYSTEM\\WrBad]\r\n"

/* Malformed .reg files: one line naming the file and the line. */
static void test_bad_files(struct fx *f)
{
	static const struct {
		const char *text, *error; /* error: after "FILE" */
	} bad[] = {
	    {V5 K "\"A\"=hex:01,02,\\\r\n", ", line 4: the file ends after a \\ that continues the "
	                                    "value: it is cut short"},
	    {V5 K "\"A\"=hex:01,zz,03\r\n",
	     ", line 4: bad hex data at \"zz,03\": give bytes as two "
	     "hex digits each, separated by commas"},
	    {V5 K "\"A\"=hex:01,\\\r\n  123\r\n",
	     ", line 5: bad hex data at \"123\": give bytes as "
	     "two hex digits each, separated by commas"},
	    {V5 K "\"A\"=\"open\r\n", ", line 4: a string is not closed: its ending \" is missing"},
	    {V5 K "\"A=\"x\"\r\n", ", line 4: a value name is followed by ="},
	    {V5 K "\"A\"=\"C:\\Windows\"\r\n", ", line 4: \\W in a string: a backslash is written "
	                                       "\\\\ and a quote \\\""},
	    {V5 K "\"A\"=dword:123456789\r\n", ", line 4: a dword: is one to eight hex digits"},
	    {V5 K "\"A\"=str(2):\"x\"\r\n",
	     ", line 4: unknown data \"str(2):\"x\"\": give \"text\", "
	     "dword:, hex: or hex(N):, or - to delete the value"},
	    {V5 K "\"A\"=dword:1 x\r\n", ", line 4: unexpected text after the data: x"},
	    {V5 "\"A\"=\"x\"\r\n", ", line 3: a value before any [key]"},
	    {V5 "[-HKEY_LOCAL_MACHINE\\BROKENSYSTEM\\WrBad]\r\n\"A\"=\"x\"\r\n",
	     ", line 4: a value under [-HKEY_LOCAL_MACHINE\\BROKENSYSTEM\\WrBad], which deletes "
	     "that key"},
	    {V5 "[HKEY_LOCAL_MACHINE\\BROKENSYSTEM\\WrBad\r\n",
	     ", line 3: the key name is not "
	     "closed with ]: "
	     "[HKEY_LOCAL_MACHINE\\BROKENSYSTEM\\WrBad"},
	    {V5 "garbage\r\n", ", line 3: \"garbage\" is not a [key], a \"value\"= or a ; comment"},
	    {"REGEDIT5\r\n", ": not a .reg file: it does not begin with \"Windows Registry Editor "
	                     "Version 5.00\" or \"REGEDIT4\""},
	    {V5 "[HKEY_LOCAL_MACHINE\\ELSEWHERE\\X]\r\n",
	     ", line 3: "
	     "HKEY_LOCAL_MACHINE\\ELSEWHERE\\X: no hive is "
	     "loaded at HKLM\\ELSEWHERE (reg load it "
	     "first)"},
	    {V5 K "\"A\"=\"1\"\r\n\r\n[-HKEY_LOCAL_MACHINE\\BROKENSYSTEM]\r\n",
	     ", line 6: the root key cannot be deleted"},
	};
	const char *path = tap_path("bad.reg");
	char cut[600], want_cut[800];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char line[600], want[800];

		snprintf(line, sizeof(line), "reg import %s", path);
		snprintf(want, sizeof(want), "error: ERROR: %s%s", path, bad[i].error);
		ok(write_text(path, bad[i].text, strlen(bad[i].text)), "written");
		is_str(said(f, line), want, "bad .reg file %zu", i + 1);
	}
	path = windows_file("cut.reg", V5 K "\"A\"=hex(7):61,00,00,\\\r\n");
	snprintf(cut, sizeof(cut), "reg import %s", path ? path : "(not made)");
	snprintf(want_cut, sizeof(want_cut),
	         "error: ERROR: %s, line 4: the file ends after a \\ that continues the value: it "
	         "is cut short",
	         path ? path : "");
	is_str(said(f, cut), want_cut, "a UTF-16LE file cut short after a \\");
}

/* Whatever fails, aborting the transaction leaves every key and value as
 * it was, a failed import's earlier sections included. */
static void test_bad_input(void)
{
	char *before, *after;
	struct fx f;

	if (!fx_open(&f, "bad.hive")) {
		ok(0, "set up");
		return;
	}
	before = dump_hive(f.h);
	test_bad_commands(&f);
	test_bad_files(&f);
	wr_txn_abort(f.stage);
	ok(!key_exists(f.h, "WrBad"), "the failed import's first section is gone with the abort");
	after = dump_hive(f.h);
	ok(before && after && strcmp(before, after) == 0,
	   "after the abort every key and value is as it was");
	free(before);
	free(after);
	fx_close(&f);
}

int main(void)
{
	const char *xz = tap_fixture("system-win7-2controlsets-regipy.hive.xz");
	struct wr_error err = {0};
	char cmd[1024];
	struct fx f;

	if (!xz) {
		printf("1..0 # SKIP the real SYSTEM hive is not here\n");
		return 0;
	}
	wr_config_init(&cfg, NULL, NULL, getenv("TMPDIR"), NULL, &err);
	snprintf(cfg.state_dir, sizeof(cfg.state_dir), "%s", tap_path("state"));
	snprintf(original, sizeof(original), "%s", tap_path("SYSTEM.orig"));
	snprintf(cmd, sizeof(cmd), "xz -dc '%s' > '%s'", xz, original);
	if (system(cmd) != 0) {
		printf("Bail out! cannot uncompress %s\n", xz);
		return 99;
	}
	test_article();
	if (fx_open(&f, "types.hive")) {
		test_types(&f);
		test_current_control_set(&f);
		test_query(&f);
		test_delete(&f);
		test_copy(&f);
		test_compare(&f);
		test_export_exact(&f);
		test_export_regedit(&f);
		test_round_trip(&f);
		test_windows_file(&f);
		test_regedit4(&f);
		fx_close(&f);
	}
	test_bad_input();
	return tap_done();
}
