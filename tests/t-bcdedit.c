/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-bcdedit.c - bcdedit's offline subset on copies of real stores: the bytes each command
 * stages, the seed article's lines against repair serial, bad input refused with nothing staged,
 * /export and /import, a commit read back. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "bcd/bcd.h"
#include "command/command.h"
#include "hive-dump.h"
#include "repair/repair.h"
#include "session/session.h"
#include "tap.h"

#define BIOS  "bcd-win10-bios-windeploy-linux.hive"
#define MEDIA "bcd-win8-installmedia-bios-wimboot-install.hive"
#define TMPL  "bcd-win10-uefi-template-windeploy-linux.hive"

/* The BIOS store's default loader and its resume entry. */
#define LOADER "{1b67bffd-e290-11eb-8ffa-f459a0d9b879}"
#define RESUME "{1b67bffc-e290-11eb-8ffa-f459a0d9b879}"
/* The install media's setup loader and its ramdisk options. */
#define SETUP      "{7619dcc9-fafe-11d9-b411-000476eba25f}"
#define SETUP_OPTS "{7619dcc8-fafe-11d9-b411-000476eba25f}"

#define ZEROS8  "0000000000000000"
#define ZEROS16 ZEROS8 ZEROS8
#define ZEROS56 ZEROS16 ZEROS16 ZEROS16 ZEROS8
/* The 88-byte boot device: no options, type 5, size 0x48. */
#define BOOT_DEVICE                                                                                \
	ZEROS16 "05000000"                                                                         \
	        "00000000"                                                                         \
	        "48000000"                                                                         \
	        "00000000" ZEROS56

/* A store copied here, loaded into a session as the article's store (as
 * --store gives it), with a transaction open. */
struct fx {
	struct wr_session *s;
	struct wr_cmd_env *e;
	size_t hive;
	char copy[PATH_MAX];
};

static bool copy_file(const char *from, const char *to)
{
	struct wr_error err = {0};
	uint8_t *data;
	size_t len;
	bool done = wr_file_read(from, 1 << 24, &data, &len, &err) == 0;

	if (done) {
		done = wr_file_write_new(to, data, len, 0600, &err) == 0;
		free(data);
	}
	if (!done)
		diag("copy %s: %s", from, err.msg);
	return done;
}

static struct wr_session *new_session(void)
{
	struct wr_config cfg = {0};

	if (wr_config_state_dir(tap_path("state"), NULL) < 0)
		return NULL;
	snprintf(cfg.state_dir, sizeof(cfg.state_dir), "%s", tap_path("state"));
	snprintf(cfg.tmpdir, sizeof(cfg.tmpdir), "%s", tap_tmpdir());
	return wr_session_new(&cfg, NULL);
}

static bool fx_open(struct fx *f, const char *fixture)
{
	static int copies;
	const char *src = tap_fixture(fixture);
	struct wr_error err = {0};
	char name[64];

	*f = (struct fx){0};
	snprintf(name, sizeof(name), "store-%d", ++copies);
	snprintf(f->copy, sizeof(f->copy), "%s", tap_path(name));
	if (!src || !copy_file(src, f->copy))
		return false;
	if (!(f->s = new_session()) || !(f->e = wr_cmd_env_new(f->s, &err)) ||
	    wr_cmd_env_add_file(f->e, f->copy, WR_KIND_BCD, NULL, &err) < 0 ||
	    wr_cmd_store(f->e, NULL, &f->hive, &err) < 0 ||
	    wr_txn_begin(wr_session_stage(f->s), "bcdedit", &err) < 0) {
		diag("%s: %s", fixture, err.msg);
		return false;
	}
	return true;
}

static void fx_close(struct fx *f)
{
	if (f->s)
		wr_txn_abort(wr_session_stage(f->s));
	wr_cmd_env_free(f->e);
	wr_session_free(f->s);
}

static struct wr_hive *fx_hive(const struct fx *f)
{
	return wr_stage_hive(wr_session_stage(f->s), f->hive);
}

/* One line as an article prints it ("bcdedit /store ... /set ..."). */
static int run(struct fx *f, const char *line, struct wr_buf *out, struct wr_error *err)
{
	char **argv;
	int argc, r;

	*err = (struct wr_error){0};
	if (wr_cmd_split(line, &argv, &argc, err) < 0)
		return -1;
	r = wr_bcdedit_run(f->e, argc - 1, argv + 1, out, err);
	wr_cmd_argv_free(argv, argc);
	return r;
}

/* Run `line`, which must succeed (a test); its output, kept until the
 * next call. */
static const char *run_ok(struct fx *f, const char *line)
{
	static struct wr_buf out;
	struct wr_error err;
	int r;

	wr_buf_free(&out);
	r = run(f, line, &out, &err);
	ok(r == 0, "%s%s%s", line, r ? ": " : "", r ? err.msg : "");
	return wr_buf_str(&out);
}

/* Run `line`, which must fail with one line of message holding `names`;
 * the transaction is then aborted and the store must be as before (call it
 * with nothing staged yet). */
static void run_refused(struct fx *f, const char *line, const char *names)
{
	struct wr_buf out = WR_BUF_INIT;
	struct wr_error err;
	char *before = dump_hive(fx_hive(f)), *after;
	int r = run(f, line, &out, &err);

	ok(r == -1 && strstr(err.msg, names) && !strchr(err.msg, '\n'), "%s: refused naming %s: %s",
	   line, names, err.msg);
	wr_txn_abort(wr_session_stage(f->s));
	after = dump_hive(fx_hive(f));
	ok(strcmp(before, after) == 0, "... and nothing of it staged");
	wr_txn_begin(wr_session_stage(f->s), "bcdedit", &err);
	free(before);
	free(after);
	wr_buf_free(&out);
}

/* An element's Element value as "TYPE:HEX", or "none". */
static char *element_text(struct wr_hive *h, const char *guid, uint32_t id)
{
	struct wr_buf b = WR_BUF_INIT;
	struct wr_value v = {0};
	char path[96];
	wr_node n;

	snprintf(path, sizeof(path), "Objects\\%s\\Elements\\%08x", guid, id);
	if (!h || wr_hive_lookup(h, wr_hive_root(h), path, &n, NULL) != 0 ||
	    wr_hive_get_value(h, n, "Element", &v, NULL) != 0)
		return strdup("none");
	wr_buf_printf(&b, "%u:", v.type);
	for (size_t i = 0; i < v.len; i++)
		wr_buf_printf(&b, "%02x", v.data[i]);
	wr_value_clear(&v);
	return wr_buf_steal(&b);
}

#define is_element_of(h, guid, id, want, ...)                                                      \
	do {                                                                                       \
		char *got_ = element_text(h, guid, id);                                            \
		is_str(got_, want, __VA_ARGS__);                                                   \
		free(got_);                                                                        \
	} while (0)
#define is_element(f, guid, id, want, ...) is_element_of(fx_hive(f), guid, id, want, __VA_ARGS__)

/* An object's Description\Type, or -1. */
static long object_type(struct wr_hive *h, const char *guid)
{
	struct wr_value v = {0};
	char path[96];
	uint32_t type;
	wr_node n;

	snprintf(path, sizeof(path), "Objects\\%s\\Description", guid);
	if (wr_hive_lookup(h, wr_hive_root(h), path, &n, NULL) != 0 ||
	    wr_hive_get_value(h, n, "Type", &v, NULL) != 0 || wr_value_dword(&v, &type, NULL) < 0)
		type = UINT32_MAX;
	wr_value_clear(&v);
	return type == UINT32_MAX ? -1 : (long)type;
}

/* "REG_SZ:" hex of ASCII text in UTF-16LE with its NUL. */
static const char *sz(const char *text)
{
	static char bufs[4][512];
	static int next;
	char *b = bufs[next++ % 4];
	size_t n = (size_t)snprintf(b, sizeof(bufs[0]), "1:");

	for (const char *p = text; *p; p++)
		n += (size_t)snprintf(b + n, sizeof(bufs[0]) - n, "%02x00", (unsigned char)*p);
	snprintf(b + n, sizeof(bufs[0]) - n, "0000");
	return b;
}

/* "REG_MULTI_SZ:" hex of up to three GUIDs. */
static const char *multi_sz(const char *a, const char *b, const char *c)
{
	static char buf[1024];
	const char *guids[] = {a, b, c};
	size_t n = (size_t)snprintf(buf, sizeof(buf), "7:");

	for (size_t i = 0; i < 3 && guids[i]; i++) {
		for (const char *p = guids[i]; *p; p++)
			n +=
			    (size_t)snprintf(buf + n, sizeof(buf) - n, "%02x00", (unsigned char)*p);
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "0000");
	}
	snprintf(buf + n, sizeof(buf) - n, "0000");
	return buf;
}

/* The GUID in "The entry {...} was ..." / "... copied to {...}." */
static const char *guid_in(const char *text)
{
	static char guid[WR_GUID_STRLEN + 1];
	const char *open = strchr(text, '{');

	snprintf(guid, sizeof(guid), "%.*s", open ? WR_GUID_STRLEN : 0, open ? open : "");
	return guid;
}

#define SKIP_WITHOUT(fx, fixture)                                                                  \
	if (!fx_open(fx, fixture)) {                                                               \
		ok(1, "# SKIP %s is not here", fixture);                                           \
		fx_close(fx);                                                                      \
		return;                                                                            \
	}

/* The seed article's five lines give the bytes repair serial writes. */
static void test_seed_article(const char *fixture)
{
	static const char *const lines[] = {
	    "bcdedit /store F:\\boot\\bcd /set {bootmgr} displaybootmenu yes",
	    "bcdedit /store F:\\boot\\bcd /set {bootmgr} timeout 5",
	    "bcdedit /store F:\\boot\\bcd /set {bootmgr} bootems yes",
	    "bcdedit /store F:\\boot\\bcd /ems {default} ON",
	    "bcdedit /store F:\\boot\\bcd /emssettings EMSPORT:1 EMSBAUDRATE:115200",
	};
	struct wr_repair_opts o;
	struct wr_error err = {0};
	struct fx a, b;
	char *by_bcdedit, *by_repair;

	SKIP_WITHOUT(&a, fixture);
	if (!fx_open(&b, fixture)) {
		printf("Bail out! no second copy of %s\n", fixture);
		exit(99);
	}
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		is_str(run_ok(&a, lines[i]), "The operation completed successfully.\n",
		       "... says what bcdedit says");
	wr_txn_abort(wr_session_stage(b.s));
	wr_repair_opts_default(&o);
	is_int(wr_repair_stage(WR_REPAIR_SERIAL, wr_session_stage(b.s), b.hive, &o, &err), 0,
	       "%s: repair serial staged on another copy: %s", fixture, err.msg);
	by_bcdedit = dump_hive(fx_hive(&a));
	by_repair = dump_hive(fx_hive(&b));
	is_str(by_bcdedit, by_repair, "%s: the same keys, types and bytes as repair serial",
	       fixture);
	is_element(&a, WR_BCD_GUID_BOOTMGR, 0x26000020, "3:01", "displaybootmenu: one byte 1");
	is_element(&a, WR_BCD_GUID_BOOTMGR, 0x25000004, "3:0500000000000000", "timeout: 8 bytes");
	is_element(&a, WR_BCD_GUID_EMSSETTINGS, 0x15000023, "3:00c2010000000000",
	           "emsbaudrate 115200 in 8 bytes");
	is_int(object_type(fx_hive(&a), WR_BCD_GUID_EMSSETTINGS), 0x20100000,
	       "{emssettings} is there, of the settings type");
	free(by_bcdedit);
	free(by_repair);
	fx_close(&a);
	fx_close(&b);
}

#define MEMDIAG WR_BCD_GUID_MEMDIAG
#define BOOTMGR WR_BCD_GUID_BOOTMGR

/* /set and /deletevalue by each element format, any case, - or /. */
static void test_values(void)
{
	struct fx f;

	SKIP_WITHOUT(&f, BIOS);
	run_ok(&f, "bcdedit -SET {DEFAULT} SafeBoot network");
	is_element(&f, LOADER, 0x25000080,
	           "3:01"
	           "00000000000000",
	           "safeboot Network: 8 bytes");
	run_ok(&f, "BCDEDIT /Store F:\\BOOT\\BCD /DeleteValue {default} SAFEBOOT");
	is_element(&f, LOADER, 0x25000080, "none", "... deleted");
	run_ok(&f, "bcdedit /set {default} custom:25000080 DsRepair");
	is_element(&f, LOADER, 0x25000080,
	           "3:02"
	           "00000000000000",
	           "custom:25000080 DsRepair");
	run_ok(&f, "bcdedit /set {default} recoveryenabled Off");
	is_element(&f, LOADER, 0x16000009, "3:00", "recoveryenabled Off: one byte");
	run_ok(&f, "bcdedit /set {default} bootstatuspolicy ignoreallfailures");
	is_element(&f, LOADER, 0x250000e0,
	           "3:01"
	           "00000000000000",
	           "IgnoreAllFailures is 1");
	run_ok(&f, "bcdedit /set {default} integrityservices Enable");
	is_element(&f, LOADER, 0x1500004b,
	           "3:01"
	           "00000000000000",
	           "integrityservices Enable");
	run_ok(&f, "bcdedit /set {default} nx 1");
	is_element(&f, LOADER, 0x25000020,
	           "3:01"
	           "00000000000000",
	           "nx 1 (OptOut) by number");
	run_ok(&f, "bcdedit /set {default} description \"My Windows\"");
	is_element(&f, LOADER, 0x12000004, sz("My Windows"), "description: UTF-16LE, one NUL");
	run_ok(&f, "bcdedit /set {bootmgr} timeout 0x1e");
	is_element(&f, BOOTMGR, 0x25000004,
	           "3:1e"
	           "00000000000000",
	           "timeout in hex");
	run_ok(&f, "bcdedit /set {bootmgr} default {memdiag}");
	is_element(&f, BOOTMGR, 0x23000003, sz(MEMDIAG), "an object: its GUID, lower case");
	run_ok(&f, "bcdedit /default {1B67BFFD-E290-11EB-8FFA-F459A0D9B879}");
	is_element(&f, BOOTMGR, 0x23000003, sz(LOADER), "/default: the GUID in lower case");
	run_ok(&f, "bcdedit /set {default} inherit {bootloadersettings} {globalsettings}");
	is_element(&f, LOADER, 0x14000006,
	           multi_sz(WR_BCD_GUID_BOOTLOADERSETTINGS, WR_BCD_GUID_GLOBALSETTINGS, NULL),
	           "an object list: REG_MULTI_SZ");
	run_ok(&f, "bcdedit /set {badmemory} badmemorylist 0x1234 5");
	is_element(&f, WR_BCD_GUID_BADMEMORY, 0x1700000a,
	           "3:3412000000000000"
	           "0500000000000000",
	           "an integer list: 8 bytes each");
	run_ok(&f, "bcdedit /deletevalue {default} osdevice");
	is_element(&f, LOADER, 0x21000001, "none", "osdevice deleted");
	run_ok(&f, "bcdedit /set {default} osdevice boot");
	is_element(&f, LOADER, 0x21000001, "3:" BOOT_DEVICE, "osdevice boot: 88 bytes");
	fx_close(&f);
}

/* Lists set whole, or one entry added first, last or removed. */
static void test_lists(void)
{
	struct fx f;

	SKIP_WITHOUT(&f, BIOS);
	run_ok(&f, "bcdedit /displayorder {memdiag} /addlast");
	is_element(&f, BOOTMGR, 0x24000001, multi_sz(LOADER, MEMDIAG, NULL), "/addlast");
	run_ok(&f, "bcdedit /displayorder {memdiag} -ADDFIRST");
	is_element(&f, BOOTMGR, 0x24000001, multi_sz(MEMDIAG, LOADER, NULL), "-addfirst moves it");
	run_ok(&f, "bcdedit /displayorder {memdiag} /remove");
	is_element(&f, BOOTMGR, 0x24000001, multi_sz(LOADER, NULL, NULL), "/remove");
	run_ok(&f, "bcdedit /displayorder {5a1e7b2c-0000-4000-8000-0000000dead0} /remove");
	is_element(&f, BOOTMGR, 0x24000001, multi_sz(LOADER, NULL, NULL),
	           "removing a GUID that is not there changes nothing");
	run_ok(&f, "bcdedit /displayorder {default} /remove");
	is_element(&f, BOOTMGR, 0x24000001, "none", "the last removed: the element goes");
	run_ok(&f, "bcdedit /displayorder {default} {memdiag} {default}");
	is_element(&f, BOOTMGR, 0x24000001, multi_sz(LOADER, MEMDIAG, NULL),
	           "set whole, each once");
	run_ok(&f, "bcdedit /set {bootmgr} displayorder {memdiag} /addfirst");
	is_element(&f, BOOTMGR, 0x24000001, multi_sz(MEMDIAG, LOADER, NULL), "/set ... /addfirst");
	run_ok(&f, "bcdedit /toolsdisplayorder {default} /addlast");
	is_element(&f, BOOTMGR, 0x24000010, multi_sz(MEMDIAG, LOADER, NULL), "/toolsdisplayorder");
	run_ok(&f, "bcdedit /bootsequence {memdiag}");
	is_element(&f, BOOTMGR, 0x24000002, multi_sz(MEMDIAG, NULL, NULL), "/bootsequence");
	fx_close(&f);
}

/* The boot manager's and the settings' own commands. */
static void test_commands(void)
{
	struct fx f;

	SKIP_WITHOUT(&f, BIOS);
	run_ok(&f, "bcdedit /timeout 7");
	is_element(&f, BOOTMGR, 0x25000004,
	           "3:07"
	           "00000000000000",
	           "/timeout");
	run_ok(&f, "bcdedit /bootems {bootmgr} on");
	is_element(&f, BOOTMGR, 0x16000020, "3:01", "/bootems");
	run_ok(&f, "bcdedit /ems {default} off");
	is_element(&f, LOADER, 0x260000b0, "3:00", "/ems off");
	run_ok(&f, "bcdedit /debug {default} ON");
	is_element(&f, LOADER, 0x260000a0, "3:01", "/debug");
	run_ok(&f, "bcdedit /bootdebug {bootmgr} yes");
	is_element(&f, BOOTMGR, 0x16000010, "3:01", "/bootdebug");
	run_ok(&f, "bcdedit /dbgsettings serial DEBUGPORT:2 baudrate:57600 /start AutoEnable "
	           "/noumex");
	is_element(&f, WR_BCD_GUID_DBGSETTINGS, 0x15000011, "3:" ZEROS8, "debugtype Serial");
	is_element(&f, WR_BCD_GUID_DBGSETTINGS, 0x15000013,
	           "3:02"
	           "00000000000000",
	           "debugport");
	is_element(&f, WR_BCD_GUID_DBGSETTINGS, 0x15000014, "3:00e1000000000000", "baudrate");
	is_element(&f, WR_BCD_GUID_DBGSETTINGS, 0x15000018,
	           "3:01"
	           "00000000000000",
	           "debugstart AutoEnable");
	is_element(&f, WR_BCD_GUID_DBGSETTINGS, 0x16000017, "3:01", "noumex");
	run_ok(&f, "bcdedit /dbgsettings USB TARGETNAME:dbg");
	is_element(&f, WR_BCD_GUID_DBGSETTINGS, 0x12000016, sz("dbg"), "targetname, a string");
	run_ok(&f, "bcdedit /emssettings EMSPORT:2");
	is_element(&f, WR_BCD_GUID_EMSSETTINGS, 0x15000022,
	           "3:02"
	           "00000000000000",
	           "emsport");
	run_ok(&f, "bcdedit /emssettings bios");
	is_element(&f, WR_BCD_GUID_EMSSETTINGS, 0x15000022, "none", "BIOS: no port of its own");
	is_element(&f, WR_BCD_GUID_EMSSETTINGS, 0x15000023, "none", "... and no speed");
	fx_close(&f);
}

/* Devices as Windows wrote them in the install media's store. */
static void test_devices(void)
{
	char *device, *sdi;
	struct fx f;

	SKIP_WITHOUT(&f, MEDIA);
	device = element_text(fx_hive(&f), SETUP, 0x11000001);
	sdi = element_text(fx_hive(&f), SETUP_OPTS, 0x31000003);
	run_ok(&f, "bcdedit /set " SETUP " device boot");
	is_element(&f, SETUP, 0x11000001, "3:" BOOT_DEVICE, "device boot");
	run_ok(&f, "bcdedit /set " SETUP " device ramdisk=[boot]\\sources\\boot.wim," SETUP_OPTS);
	is_element(&f, SETUP, 0x11000001, device, "ramdisk=[boot]...: Windows' own 176 bytes");
	run_ok(&f, "bcdedit /deletevalue " SETUP_OPTS " ramdisksdidevice");
	run_ok(&f, "bcdedit /set " SETUP_OPTS " ramdisksdidevice boot");
	is_element(&f, SETUP_OPTS, 0x31000003, sdi, "ramdisksdidevice boot: Windows' own bytes");
	free(device);
	free(sdi);
	fx_close(&f);
}

/* /create, /copy and /delete. */
static void test_entries(void)
{
	char created[WR_GUID_STRLEN + 1];
	struct fx f;

	SKIP_WITHOUT(&f, BIOS);
	is_str(run_ok(&f, "bcdedit /create {ramdiskoptions} /d \"Ramdisk options\""),
	       "The entry {ramdiskoptions} was successfully created.\n", "what bcdedit says");
	is_int(object_type(fx_hive(&f), WR_BCD_GUID_RAMDISKOPTIONS), 0x30000000, "device options");
	is_element(&f, WR_BCD_GUID_RAMDISKOPTIONS, 0x12000004, sz("Ramdisk options"), "described");
	snprintf(created, sizeof(created), "%s",
	         guid_in(run_ok(&f, "bcdedit /create /d WinPE /application OSLOADER")));
	is_int(object_type(fx_hive(&f), created), 0x10200003, "a new OS loader %s", created);
	is_element(&f, created, 0x12000004, sz("WinPE"), "... described");
	run_ok(&f, "bcdedit /create /inherit OSLOADER {5a1e7b2c-0000-4000-8000-00000000c0de} /d S");
	is_int(object_type(fx_hive(&f), "{5a1e7b2c-0000-4000-8000-00000000c0de}"), 0x20200003,
	       "settings OS loaders inherit, with the GUID given");
	is_int(object_type(fx_hive(&f), guid_in(run_ok(&f, "bcdedit /create /d Any /inherit"))),
	       0x20100000, "/inherit alone: settings any entry inherits");
	run_ok(&f, "bcdedit /create /inherit {5a1e7b2c-0000-4000-8000-00000000cafe} /d Any");
	is_int(object_type(fx_hive(&f), "{5a1e7b2c-0000-4000-8000-00000000cafe}"), 0x20100000,
	       "/inherit before the entry's GUID takes no type from it");
	is_int(object_type(fx_hive(&f), guid_in(run_ok(&f, "bcdedit /create /d D -device"))),
	       0x30000000, "/device");
	run_ok(&f, "bcdedit /displayorder "
	           "{5a1e7b2c-0000-4000-8000-00000000c0de} /addlast");
	run_ok(&f, "bcdedit /delete {5a1e7b2c-0000-4000-8000-00000000c0de}");
	is_int(object_type(fx_hive(&f), "{5a1e7b2c-0000-4000-8000-00000000c0de}"), -1, "deleted");
	is_element(&f, BOOTMGR, 0x24000001, multi_sz(LOADER, NULL, NULL),
	           "... and out of the display order");
	snprintf(created, sizeof(created), "%s",
	         guid_in(run_ok(&f, "bcdedit /copy {default} /d Copy")));
	is_int(object_type(fx_hive(&f), created), 0x10200003, "a copy %s of the loader", created);
	is_element(&f, created, 0x12000004, sz("Copy"), "... with its description");
	is_element(&f, created, 0x12000002, sz("\\windows\\system32\\winload.exe"),
	           "... and the loader's path");
	fx_close(&f);
}

/* /delete cleans up as bcdedit does, unless /nocleanup. */
static void test_delete(void)
{
	struct fx f;

	SKIP_WITHOUT(&f, BIOS);
	run_ok(&f, "bcdedit /delete {default}");
	is_int(object_type(fx_hive(&f), LOADER), -1, "the loader is gone");
	is_int(object_type(fx_hive(&f), RESUME), -1, "... with the resume entry only it used");
	is_element(&f, BOOTMGR, 0x24000001, "none", "... out of the display order");
	is_element(&f, BOOTMGR, 0x23000003, "none", "... no longer the default");
	is_element(&f, BOOTMGR, 0x23000006, "none", "... nor its resume entry the boot manager's");
	wr_txn_abort(wr_session_stage(f.s));
	wr_txn_begin(wr_session_stage(f.s), "nocleanup", NULL);
	run_ok(&f, "bcdedit /delete {default} /nocleanup");
	is_int(object_type(fx_hive(&f), LOADER), -1, "/nocleanup: the loader is gone");
	is_int(object_type(fx_hive(&f), RESUME), 0x10200004, "... its resume entry stays");
	is_element(&f, BOOTMGR, 0x24000001, multi_sz(LOADER, NULL, NULL), "... and the list");
	run_ok(&f, "bcdedit /delete {memdiag} /f");
	is_int(object_type(fx_hive(&f), MEMDIAG), -1, "a well-known entry with /f");
	fx_close(&f);
}

static bool has(const char *text, const char *part)
{
	return strstr(text, part) != NULL;
}

static size_t count(const char *text, const char *part)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, part)); p += strlen(part))
		n++;
	return n;
}

static bool reads_only(const char *line)
{
	char **argv;
	int argc;
	bool r;

	if (wr_cmd_split(line, &argv, &argc, NULL) < 0)
		return false;
	r = wr_bcdedit_reads_only(argc - 1, argv + 1);
	wr_cmd_argv_free(argv, argc);
	return r;
}

static void test_enum(void)
{
	const char *out;
	struct fx f;

	ok(reads_only("bcdedit") && reads_only("bcdedit /v") && reads_only("bcdedit -ENUM all") &&
	       reads_only("bcdedit /store F:\\boot\\bcd /enum {default} /v") &&
	       reads_only("bcdedit /export x") && reads_only("bcdedit /?"),
	   "/enum, /v, /export, /? only read");
	ok(!reads_only("bcdedit /set {default} nx OptIn") && !reads_only("bcdedit /import x") &&
	       !reads_only("bcdedit /store x /timeout 3"),
	   "/set, /import, /timeout edit");
	SKIP_WITHOUT(&f, BIOS);
	out = run_ok(&f, "bcdedit /enum");
	ok(has(out, "\nWindows Boot Manager\n--------------------\n"
	            "identifier              {bootmgr}\n") &&
	       has(out, "identifier              {default}\n") && !has(out, "EMS Settings"),
	   "/enum: the boot manager and its menu");
	out = run_ok(&f, "bcdedit /v");
	ok(has(out, "identifier              {9dea862c-5cdd-4e70-acc1-f32b344d4795}\n") &&
	       has(out, "identifier              " LOADER "\n"),
	   "/v alone: the same with GUIDs");
	out = run_ok(&f, "bcdedit /enum OSLOADER");
	ok(count(out, "Windows Boot Loader\n") == 1 && !has(out, "Windows Boot Manager"),
	   "/enum osloader: the loader alone");
	out = run_ok(&f, "bcdedit /enum inherit");
	ok(has(out, "EMS Settings") && has(out, "Boot Loader Settings") &&
	       !has(out, "Windows Boot Loader\n"),
	   "/enum inherit: the settings");
	out = run_ok(&f, "bcdedit /enum all");
	ok(has(out, "Resume from Hibernate") && has(out, "Windows Memory Tester") &&
	       has(out, "RAM Defects"),
	   "/enum all");
	out = run_ok(&f, "bcdedit /enum {default}");
	ok(count(out, "identifier") == 1 && has(out, "identifier              {default}"),
	   "/enum {default}: that entry");
	out = run_ok(&f, "bcdedit /?");
	ok(has(out, "bcdedit /set ID NAME VALUE"), "/? lists the commands");
	fx_close(&f);
}

/* Bad input: one line naming what is wrong, nothing staged. */
static void test_refused(void)
{
	struct fx f;

	SKIP_WITHOUT(&f, BIOS);
	run_refused(&f, "bcdedit /frobnicate", "/frobnicate");
	run_refused(&f, "bcdedit /set {default} nx OptIn /bogus", "/bogus");
	run_refused(&f, "bcdedit /set {default} frobnicate 1", "frobnicate");
	run_refused(&f, "bcdedit /set {bootmgr} osdevice boot", "osdevice");
	run_refused(&f, "bcdedit /set {default} nx Sometimes", "Sometimes");
	run_refused(&f, "bcdedit /set {default} safeboot 7", "Minimal, Network, DsRepair");
	run_refused(&f, "bcdedit /set {bootmgr} timeout five", "five");
	run_refused(&f, "bcdedit /set {default} recoveryenabled maybe", "maybe");
	run_refused(&f, "bcdedit /set {default} description two words", "words");
	run_refused(&f, "bcdedit /set {current} safeboot minimal", "{current}");
	run_refused(&f, "bcdedit /set {current} safeboot minimal", "{default}");
	run_refused(&f, "bcdedit /ems on", "{current}");
	run_refused(&f, "bcdedit /set {default} safeboot", "/set ID NAME VALUE");
	run_refused(&f, "bcdedit /store", "/store");
	run_refused(&f, "bcdedit /set {default} osdevice partition=F:", "F:");
	run_refused(&f, "bcdedit /set {default} device ramdisk=[boot]\\x.wim", "ramdisk=");
	run_refused(&f, "bcdedit /set {default} device vhd=[C:]\\x.vhdx", "vhd=");
	run_refused(&f, "bcdedit /deletevalue {default} safeboot", "safeboot");
	run_refused(&f, "bcdedit /set {5a1e7b2c-0000-4000-8000-0000000dead0} nx OptIn",
	            "{5a1e7b2c-0000-4000-8000-0000000dead0}");
	run_refused(&f, "bcdedit /delete {bootmgr}", "/f");
	run_refused(&f, "bcdedit /displayorder {memdiag} {default} /addfirst", "{default}");
	run_refused(&f, "bcdedit /displayorder {memdiag} /addfirst /remove", "/addfirst");
	run_refused(&f, "bcdedit /create {bootmgr} /d again", "{bootmgr}");
	run_refused(&f, "bcdedit /create /d x", "/application");
	run_refused(&f, "bcdedit /create /d x /application frob", "frob");
	run_refused(&f, "bcdedit /copy {default}", "/d");
	run_refused(&f, "bcdedit /emssettings EMSPORT:one", "one");
	run_refused(&f, "bcdedit /dbgsettings NET HOSTIP:10.0.0.1", "NET");
	run_refused(&f, "bcdedit /dbgsettings SERIAL DEBUGPORT:1 /start Sometimes", "Sometimes");
	run_refused(&f, "bcdedit /import /nonexistent/BCD", "/nonexistent/BCD");
	fx_close(&f);
}

/* /export writes the store as staged; /import stages a file's entries. */
static void test_export_import(void)
{
	char exported[PATH_MAX], dir[PATH_MAX], link[PATH_MAX];
	char line[PATH_MAX + 64], *before, *after, *original;
	struct wr_hive *copy;
	struct fx f;

	SKIP_WITHOUT(&f, BIOS);
	/* tap_path's buffers are reused: these names are kept here. */
	snprintf(exported, sizeof(exported), "%s", tap_path("exported"));
	snprintf(dir, sizeof(dir), "%s", tap_path("a-directory"));
	snprintf(link, sizeof(link), "%s", tap_path("a-link"));
	mkdir(dir, 0700);
	snprintf(line, sizeof(line), "bcdedit /export %s", dir);
	run_refused(&f, line, dir);
	ok(symlink(exported, link) == 0, "a link to where the export goes");
	snprintf(line, sizeof(line), "bcdedit /export %s", link);
	run_refused(&f, line, link);
	run_ok(&f, "bcdedit /timeout 9");
	snprintf(line, sizeof(line), "bcdedit /export %s", exported);
	wr_cmd_env_set_dry_run(f.e, true);
	ok(has(run_ok(&f, line), "dry run") && access(exported, F_OK) < 0,
	   "a dry run says what it would write, and writes nothing");
	wr_cmd_env_set_dry_run(f.e, false);
	run_ok(&f, line);
	run_ok(&f, "bcdedit /timeout 11");
	run_ok(&f, line);
	copy = wr_hive_open(exported, 0, NULL);
	is_element_of(copy, BOOTMGR, 0x25000004,
	              "3:0b"
	              "00000000000000",
	              "the file exported (replacing the first) holds the store as staged");
	wr_hive_close(copy);
	wr_txn_end(wr_session_stage(f.s));
	copy = wr_hive_open(tap_fixture(BIOS), 0, NULL);
	original = dump_hive(copy);
	wr_hive_close(copy);
	wr_txn_begin(wr_session_stage(f.s), "edits", NULL);
	run_ok(&f, "bcdedit /create {ramdiskoptions} /d R");
	run_ok(&f, "bcdedit /delete {memdiag} /f");
	wr_txn_end(wr_session_stage(f.s));
	before = dump_hive(fx_hive(&f));
	wr_txn_begin(wr_session_stage(f.s), "import", NULL);
	snprintf(line, sizeof(line), "bcdedit /import %s", tap_fixture(BIOS));
	run_ok(&f, line);
	wr_txn_end(wr_session_stage(f.s));
	after = dump_hive(fx_hive(&f));
	is_str(after, original, "/import: the store is the file's again, key for key");
	is_int(wr_stage_undo(wr_session_stage(f.s), NULL), 0, "the import undoes");
	free(after);
	after = dump_hive(fx_hive(&f));
	is_str(after, before, "... back to the store as it was before it");
	free(original);
	free(before);
	free(after);
	fx_close(&f);
}

/* Committed (an /export before it changes nothing), and read back from
 * the file. */
static void test_commit(void)
{
	char line[PATH_MAX + 64];
	struct wr_buf done = WR_BUF_INIT;
	struct wr_error err = {0};
	struct wr_hive *h;
	struct fx f;

	SKIP_WITHOUT(&f, BIOS);
	run_ok(&f,
	       "bcdedit /store F:\\boot\\bcd /set {default} bootstatuspolicy IgnoreAllFailures");
	run_ok(&f, "bcdedit /store F:\\boot\\bcd /set {default} description Committed");
	snprintf(line, sizeof(line), "bcdedit /export %s", tap_path("before-commit"));
	run_ok(&f, line);
	wr_txn_end(wr_session_stage(f.s));
	is_int(wr_session_commit(f.s, &done, &err), 0, "committed: %s", err.msg);
	h = wr_hive_open(f.copy, 0, &err);
	is_element_of(h, LOADER, 0x250000e0,
	              "3:01"
	              "00000000000000",
	              "read back: the policy");
	is_element_of(h, LOADER, 0x12000004, sz("Committed"), "read back: the description");
	wr_hive_close(h);
	wr_buf_free(&done);
	fx_close(&f);
}

int main(void)
{
	test_seed_article(BIOS);
	test_seed_article(TMPL);
	test_values();
	test_lists();
	test_commands();
	test_devices();
	test_entries();
	test_delete();
	test_enum();
	test_refused();
	test_export_import();
	test_commit();
	return tap_done();
}
