/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-store-template.c - a new boot store begins as bcdboot begins one: a copy of the Windows'
 * System32\config\BCD-Template when it has one fit to use, else empty.  The disk is described
 * in memory; its files are this test's (wr_guest_find wr_guest_fetch and
 * wr_guest_disk_writable by --wrap). */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/le.h"
#include "bcd/bcd.h"
#include "regf/regf.h"
#include "repair/repair.h"
#include "session/session.h"
#include "stores.h"
#include "tap.h"

/* The files on the disk: on partition `part`, `path` as it is spelt there,
 * with the bytes of the local file `local`. */
static struct {
	unsigned part;
	const char *path, *local;
} files[2];
static size_t n_files;
static char fetched[256]; /* the last file fetched that was there */

/* The path as it is spelt on the disk (any case); a missing file stays as
 * asked, as under a folder that is there. */
int __wrap_wr_guest_find(struct wr_guest *g, const struct wr_part *p, const char *path, char *out,
                         size_t len, struct wr_error *err);
int __wrap_wr_guest_find(struct wr_guest *g, const struct wr_part *p, const char *path, char *out,
                         size_t len, struct wr_error *err)
{
	(void)g;
	(void)err;
	snprintf(out, len, "%s", path);
	for (size_t i = 0; i < n_files; i++)
		if (files[i].part == p->number && strcasecmp(files[i].path, path) == 0)
			snprintf(out, len, "%s", files[i].path);
	return 0;
}

/* Only a name spelt as on the disk is there (the appliance's NTFS driver
 * tells case apart); `local` must not exist. */
int __wrap_wr_guest_fetch(struct wr_guest *g, const struct wr_part *p, const char *path,
                          const char *local, struct wr_error *err);
int __wrap_wr_guest_fetch(struct wr_guest *g, const struct wr_part *p, const char *path,
                          const char *local, struct wr_error *err)
{
	char buf[65536];
	ssize_t n;
	int in, out;

	(void)g;
	(void)err;
	for (size_t i = 0; i < n_files; i++) {
		if (files[i].part != p->number || strcmp(files[i].path, path) != 0)
			continue;
		in = open(files[i].local, O_RDONLY);
		out = open(local, O_WRONLY | O_CREAT | O_EXCL, 0600);
		while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
			if (write(out, buf, (size_t)n) != n)
				break;
		close(in);
		close(out);
		snprintf(fetched, sizeof(fetched), "%s", path);
		return 0;
	}
	return 1;
}

/* The disk was added read-only: loading writes nothing to it. */
bool __wrap_wr_guest_disk_writable(const struct wr_guest *g, size_t i);
bool __wrap_wr_guest_disk_writable(const struct wr_guest *g, size_t i)
{
	(void)g;
	(void)i;
	return false;
}

/* An MBR disk: #1 System Reserved (active), #2 Windows in \Windows, #3
 * Windows in \WINNT; and, when `store` is not NULL, a \Boot\BCD on #1,
 * readable (valid) or not. */
struct disk {
	struct wr_disk disk;
	struct wr_part parts[3];
	struct wr_windows windows[2];
	struct wr_found found;
	struct wr_inventory inv;
};

static void mbr_disk(struct disk *d, const bool *store_valid)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->disk.table, sizeof(d->disk.table), "mbr");
	d->disk.signature = 0x5a1e7b2cu;
	for (unsigned i = 0; i < 3; i++) {
		snprintf(d->parts[i].name, sizeof(d->parts[i].name), "disk.img#%u", i + 1);
		d->parts[i].number = i + 1;
		d->parts[i].start = (1 + 32ull * i) << 20;
		d->parts[i].role = i ? WR_ROLE_WINDOWS : WR_ROLE_SYSTEM_RESERVED;
	}
	d->parts[0].active = true;
	d->windows[0] =
	    (struct wr_windows){.part = 1, .product = "Windows 10 Pro", .systemroot = "\\Windows"};
	d->windows[1] = (struct wr_windows){
	    .part = 2, .product = "Windows 7 Professional", .systemroot = "\\WINNT"};
	d->found = (struct wr_found){.kind = WR_FOUND_BCD, .path = "/Boot/BCD"};
	d->found.valid = store_valid && *store_valid;
	d->inv = (struct wr_inventory){.disks = &d->disk,
	                               .n_disks = 1,
	                               .parts = d->parts,
	                               .n_parts = 3,
	                               .windows = d->windows,
	                               .n_windows = 2,
	                               .found = &d->found,
	                               .n_found = store_valid ? 1 : 0};
}

/* What loading the disk made of its store. */
struct loaded {
	char note[5000];
	size_t objects;
	char debugtype[40]; /* {dbgsettings} debugtype, raw hex, or "" */
	char report[8192];  /* rebuild's check */
};

static void hex(const struct wr_bcd *bcd, char *out, size_t len)
{
	const struct wr_bcd_object *o = wr_bcd_get(bcd, WR_BCD_GUID_DBGSETTINGS);
	const struct wr_bcd_element *e = o ? wr_bcd_object_element(o, STORE_EL_DEBUGTYPE) : NULL;

	out[0] = '\0';
	for (size_t i = 0; e && i < e->len && 2 * i + 2 < len; i++)
		snprintf(out + 2 * i, len - 2 * i, "%02x", e->data[i]);
}

/* Load the disk's boot store as repair rebuild does (--windows
 * `windows`, --recreate `recreate`), and check what rebuild would do. */
static int load(struct disk *d, const char *windows, bool recreate, struct loaded *l)
{
	struct wr_error err = {0};
	struct wr_config cfg;
	struct wr_session *s = NULL;
	struct wr_repair_opts o;
	struct wr_buf report = WR_BUF_INIT;
	struct wr_bcd *bcd = NULL;
	bool needed;
	int r = -1;

	memset(l, 0, sizeof(*l));
	fetched[0] = '\0';
	if (wr_config_init(&cfg, tap_path("state"), NULL, tap_tmpdir(), NULL, &err) == 0)
		s = wr_session_new(&cfg, &err);
	if (s) {
		wr_session_new_stores(s, recreate ? WR_NEW_STORE_ALWAYS : WR_NEW_STORE_UNREADABLE);
		wr_session_store_template_from(s, windows);
	}
	if (s && wr_session_add_disks(s, NULL, &d->inv, WR_KIND_BIT(WR_KIND_BCD), &err) == 0 &&
	    (bcd = wr_bcd_load(wr_stage_hive(wr_session_stage(s), 0), &err))) {
		snprintf(l->note, sizeof(l->note), "%s", wr_session_note(s, 0));
		l->objects = wr_bcd_count(bcd);
		hex(bcd, l->debugtype, sizeof(l->debugtype));
		wr_repair_opts_default(&o);
		wr_session_repair_place(s, 0, &o);
		r = wr_repair_check(WR_REPAIR_REBUILD, wr_session_stage(s), 0, &o, &needed, &report,
		                    &err);
		snprintf(l->report, sizeof(l->report), "%s", wr_buf_str(&report));
	}
	if (r < 0)
		diag("loading failed: %s", err.msg);
	wr_buf_free(&report);
	wr_bcd_free(bcd);
	wr_session_free(s);
	return r;
}

/* One file on the disk: the store or hive `kind` (stores.h), else `bytes`. */
static void put_file(unsigned part, const char *path, const char *kind, const char *bytes)
{
	struct wr_error err = {0};
	const char *local = tap_path("template");
	FILE *f;

	unlink(local);
	if (kind && store_create(kind, local, &err) < 0)
		diag("cannot make %s: %s", local, err.msg);
	if (!kind && (f = fopen(local, "w"))) {
		fputs(bytes, f);
		fclose(f);
	}
	files[n_files].part = part;
	files[n_files].path = path;
	files[n_files++].local = strdup(local);
}

static void no_files(void)
{
	for (size_t i = 0; i < n_files; i++)
		free((char *)files[i].local);
	n_files = 0;
}

/* A store begun from the template keeps its settings: rebuild adds
 * {bootmgr}, {memdiag} and the loader, and nothing of the settings. */
static void from_the_template(const struct loaded *l, const char *what)
{
	is_str(l->debugtype, "0000000000000000",
	       "%s: {dbgsettings} debugtype Serial, the template's own (ours writes Local)", what);
	is_int((int)l->objects, 7, "%s: the template's seven settings objects", what);
	ok(strstr(l->report, "  new object {bootmgr} (Windows Boot Manager)\n") &&
	       strstr(l->report, "  new object {memdiag} ("),
	   "%s: rebuild adds {bootmgr} and {memdiag}", what);
	ok(!strstr(l->report, "settings}"), "%s: ... and nothing of the settings objects", what);
	if (strstr(l->report, "settings}"))
		diag("%s", l->report);
}

static void empty(const struct loaded *l, const char *what)
{
	is_int((int)l->objects, 0, "%s: the store begins empty", what);
	ok(strstr(l->report, "  new object {dbgsettings} (Debugger Settings)\n") != NULL,
	   "%s: rebuild adds the settings objects too", what);
}

static void missing_store(void)
{
	struct disk d;
	struct loaded l;

	mbr_disk(&d, NULL);
	put_file(2, "/Windows/System32/config/bcd-template", "bcd-template", NULL);
	is_int(load(&d, NULL, false, &l), 0, "no store, a BCD-Template on the Windows: loaded");
	is_str(l.note,
	       "disk.img#1 \\Boot\\BCD is not there: a new store, from disk.img#2 "
	       "\\Windows\\System32\\config\\bcd-template, stands in for it; only repair rebuild "
	       "writes one there.",
	       "... the note names the template it begins from");
	is_str(fetched, "/Windows/System32/config/bcd-template",
	       "... fetched by its name as spelt on the disk");
	from_the_template(&l, "no store");
	no_files();

	is_int(load(&d, NULL, false, &l), 0, "no store, no BCD-Template: loaded");
	is_str(l.note,
	       "disk.img#1 \\Boot\\BCD is not there: a new, empty store stands in for it; only "
	       "repair rebuild writes one there.",
	       "... the note as before");
	empty(&l, "no template");
}

/* --windows names whose template: the \WINNT one on #3, not #2's. */
static void named_windows(void)
{
	struct disk d;
	struct loaded l;

	mbr_disk(&d, NULL);
	put_file(3, "/WINNT/System32/config/BCD-Template", "bcd-template", NULL);
	is_int(load(&d, "disk.img#3", false, &l), 0, "--windows disk.img#3: loaded");
	ok(strstr(l.note, "a new store, from disk.img#3 \\WINNT\\System32\\config\\BCD-Template, "
	                  "stands in") != NULL,
	   "... from that Windows' template: %s", l.note);
	from_the_template(&l, "--windows");
	is_int(load(&d, NULL, false, &l), 0, "without --windows: loaded");
	ok(strstr(l.note, "a new, empty store") && !fetched[0],
	   "... the first Windows' (none), not another's: %s", l.note);
	no_files();
}

static void replaced_stores(void)
{
	struct disk d;
	struct loaded l;
	bool valid = false;

	mbr_disk(&d, &valid);
	put_file(2, "/Windows/System32/config/BCD-Template", "bcd-template", NULL);
	is_int(load(&d, NULL, false, &l), 0, "a store that is no hive: loaded");
	is_str(l.note,
	       "disk.img#1 \\Boot\\BCD cannot be read (it does not start as a registry hive does): "
	       "a new store, from disk.img#2 \\Windows\\System32\\config\\BCD-Template, stands in "
	       "for it; only repair rebuild writes one there, keeping the old file as a backup.",
	       "... from the template, the note says");
	from_the_template(&l, "unreadable");
	valid = true;
	mbr_disk(&d, &valid);
	is_int(load(&d, NULL, true, &l), 0, "--recreate: loaded");
	is_str(
	    l.note,
	    "disk.img#1 \\Boot\\BCD: a new store, from disk.img#2 "
	    "\\Windows\\System32\\config\\BCD-Template, is built in its place: a commit replaces "
	    "the file whole and keeps the old one as a backup.",
	    "... from the template, the note says");
	from_the_template(&l, "--recreate");
	no_files();
}

/* A template that cannot be used: an empty store, and why. */
static void unusable(const char *what, const char *kind, const char *bytes, const char *why)
{
	struct disk d;
	struct loaded l;
	char want[1000];

	mbr_disk(&d, NULL);
	put_file(2, "/Windows/System32/config/BCD-Template", kind, bytes);
	is_int(load(&d, NULL, false, &l), 0, "%s: loaded", what);
	snprintf(want, sizeof(want),
	         "disk.img#1 \\Boot\\BCD is not there: a new, empty store stands in for it; only "
	         "repair rebuild writes one there. disk.img#2 "
	         "\\Windows\\System32\\config\\BCD-Template cannot be used as a template (%s): the "
	         "new store begins empty.",
	         why);
	is_str(l.note, want, "%s: the note says why it is not used", what);
	empty(&l, what);
	no_files();
}

/* The template made dirty: its first sequence number one ahead, the
 * checksum right (opening a hive refuses a wrong one). */
static void dirty_template(void)
{
	struct disk d;
	struct loaded l;
	uint8_t base[512];
	int fd;

	mbr_disk(&d, NULL);
	put_file(2, "/Windows/System32/config/BCD-Template", "bcd-template", NULL);
	fd = open(tap_path("template"), O_RDWR);
	ok(fd >= 0 && pread(fd, base, sizeof(base), 0) == (ssize_t)sizeof(base) &&
	       (base[4]++, wr_put_le(base + 0x1fc, wr_regf_checksum(base), 4),
	        pwrite(fd, base, sizeof(base), 0)) == (ssize_t)sizeof(base),
	   "the template made dirty");
	close(fd);
	is_int(load(&d, NULL, false, &l), 0, "a dirty template: loaded");
	ok(strstr(l.note, " disk.img#2 \\Windows\\System32\\config\\BCD-Template cannot be used "
	                  "as a template (it is dirty: its last write did not finish): the new "
	                  "store begins empty.") != NULL,
	   "... not used, the note says why: %s", l.note);
	empty(&l, "dirty");
	no_files();
}

int main(void)
{
	missing_store();
	named_windows();
	replaced_stores();
	dirty_template();
	unusable("a SYSTEM hive", "system", NULL, "not a BCD store (the hive has no Objects key)");
	unusable("bytes that are no hive", NULL, "not a hive at all",
	         "not a registry hive (no \"regf\" signature)");
	return tap_done();
}
