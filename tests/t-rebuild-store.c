/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-rebuild-store.c - repair rebuild on an existing store, with the disks described in memory
 * as the real stores' own: a healthy store needs nothing; a store whose loader, {bootmgr} or
 * settings are gone, or whose loader points elsewhere, gets them back as bcdboot writes them,
 * and the checks that read the boot menu and the devices then pass. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "bcd/bcd.h"
#include "hive/hive.h"
#include "repair/repair.h"
#include "tap.h"
#include "txn/txn.h"

/* The real Windows 10 UEFI store (regipy): its disk, ESP and Windows
 * partition, as its device elements name them. */
#define REGIPY_DISK    "{0b2394a9-095e-487d-8d48-719ecd4d78ca}"
#define REGIPY_ESP     "{36be3955-63bf-4068-a6ab-00195cca3a22}"
#define REGIPY_WINDOWS "{8e0f2c38-e4ea-47ba-b7fc-9d8c74dccf0b}"
#define REGIPY_LOADER  "{733b62e5-f608-11eb-825c-c112f60133ab}"
/* The real Windows 10 BIOS store (windeploy-linux): one partition at
 * 1 MiB of disk ddba6bbb holds the store and Windows. */
#define WINDEPLOY_SIGNATURE 0xddba6bbbu
#define WINDEPLOY_LOADER    "{1b67bffd-e290-11eb-8ffa-f459a0d9b879}"

struct disk {
	struct wr_disk disk;
	struct wr_part parts[2];
	struct wr_windows windows;
	struct wr_inventory inv;
};

static void gpt_disk(struct disk *d)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->disk.table, sizeof(d->disk.table), "gpt");
	snprintf(d->disk.disk_guid, sizeof(d->disk.disk_guid), "%s", REGIPY_DISK);
	for (int i = 0; i < 2; i++) {
		snprintf(d->parts[i].name, sizeof(d->parts[i].name), "disk.img#%d", i + 1);
		snprintf(d->parts[i].guid, sizeof(d->parts[i].guid), "%s",
		         i ? REGIPY_WINDOWS : REGIPY_ESP);
		d->parts[i].number = (unsigned)i + 1;
		d->parts[i].role = i ? WR_ROLE_WINDOWS : WR_ROLE_EFI;
	}
	d->windows =
	    (struct wr_windows){.part = 1, .product = "Windows 10 Pro", .systemroot = "\\Windows"};
	d->inv = (struct wr_inventory){.disks = &d->disk,
	                               .n_disks = 1,
	                               .parts = d->parts,
	                               .n_parts = 2,
	                               .windows = &d->windows,
	                               .n_windows = 1};
}

static void mbr_disk(struct disk *d)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->disk.table, sizeof(d->disk.table), "mbr");
	d->disk.signature = WINDEPLOY_SIGNATURE;
	snprintf(d->parts[0].name, sizeof(d->parts[0].name), "disk.img#1");
	d->parts[0].start = 1 << 20;
	d->parts[0].number = 1;
	d->parts[0].role = WR_ROLE_WINDOWS;
	d->windows =
	    (struct wr_windows){.part = 0, .product = "Windows 10 Pro", .systemroot = "\\windows"};
	d->inv = (struct wr_inventory){.disks = &d->disk,
	                               .n_disks = 1,
	                               .parts = d->parts,
	                               .n_parts = 1,
	                               .windows = &d->windows,
	                               .n_windows = 1};
}

struct run {
	struct wr_hive *h;
	struct wr_stage *stage;
	size_t hive;
	struct wr_repair_opts o;
	struct disk d;
	struct wr_error err;
};

/* A copy of the fixture staged, its keys `gone` (paths under Objects,
 * NULL-terminated) deleted first. */
static bool open_run(struct run *r, const char *file, const char *name, bool gpt,
                     const char *const *gone)
{
	const char *fixture = tap_fixture(file), *copy = tap_path(name);
	uint8_t *img = NULL;
	size_t len;
	wr_node key;

	memset(r, 0, sizeof(*r));
	if (!fixture)
		return false;
	if (wr_file_read(fixture, 1u << 24, &img, &len, &r->err) == 0 &&
	    wr_file_write_new(copy, img, len, 0600, &r->err) == 0)
		r->h = wr_hive_open(copy, WR_HIVE_WRITE, &r->err);
	free(img);
	for (; r->h && gone && *gone; gone++) {
		char path[128];

		snprintf(path, sizeof(path), "Objects\\%s", *gone);
		if (wr_hive_lookup(r->h, wr_hive_root(r->h), path, &key, &r->err) != 0 ||
		    wr_hive_delete_key(r->h, key, &r->err) < 0)
			return false;
	}
	(gpt ? gpt_disk : mbr_disk)(&r->d);
	wr_repair_opts_default(&r->o);
	r->o.inv = &r->d.inv;
	r->o.store_part = &r->d.parts[0];
	r->o.store_uefi = gpt;
	return r->h && (r->stage = wr_stage_new()) &&
	       wr_stage_add_hive(r->stage, r->h, WR_KIND_BCD, name, "BCD00000000", NULL, &r->hive,
	                         &r->err) == 0;
}

static void close_run(struct run *r)
{
	wr_stage_free(r->stage);
	wr_hive_close(r->h);
}

static int needed(struct run *r, enum wr_repair_kind k, struct wr_buf *report)
{
	bool need = false;

	if (wr_repair_check(k, r->stage, r->hive, &r->o, &need, report, &r->err) < 0)
		return -1;
	return need;
}

/* After the rebuild: the default is a loader that starts the Windows
 * partition, and default, displayorder and devices have nothing to say. */
static void rebuilt(struct run *r, const char *name)
{
	struct wr_bcd *bcd = wr_bcd_load(r->h, &r->err);
	const char *def = bcd ? wr_bcd_default_guid(bcd) : NULL;
	const struct wr_bcd_object *loader = def ? wr_bcd_get(bcd, def) : NULL;

	ok(loader && loader->type == WR_BCD_TYPE_OSLOADER, "%s: the default is a Windows loader",
	   name);
	is_int(needed(r, WR_REPAIR_DEFAULT, NULL), 0, "%s: default has nothing to say", name);
	is_int(needed(r, WR_REPAIR_DISPLAYORDER, NULL), 0, "%s: displayorder neither", name);
	is_int(needed(r, WR_REPAIR_DEVICES, NULL), 0, "%s: devices neither", name);
	is_int(needed(r, WR_REPAIR_LOADERS, NULL), 0, "%s: loaders neither", name);
	is_int(needed(r, WR_REPAIR_REBUILD, NULL), 0, "%s: rebuild is done (%s)", name, r->err.msg);
	wr_bcd_free(bcd);
}

/* The objects the check said it would make are the ones staged: the
 * default loader is named in the report, or was there before. */
static void same_guids(struct run *r, const struct wr_buf *report, const char *name)
{
	struct wr_bcd *bcd = wr_bcd_load(r->h, &r->err);
	const char *def = bcd ? wr_bcd_default_guid(bcd) : NULL;

	ok(def &&
	       (strstr(wr_buf_str(report), def) || strstr(wr_buf_str(report), "its loader kept")),
	   "%s: the loader staged, %s, is the one the check named", name, def ? def : "none");
	wr_bcd_free(bcd);
}

/* The check that only reports names the Windows nothing starts, and that
 * blocks the boot (it is the only one). */
static void no_loader_found(struct run *r)
{
	struct wr_buf report = WR_BUF_INIT;

	is_int(needed(r, WR_REPAIR_LOADERS, &report), 1, "no-loader: loaders finds it");
	is_str(wr_buf_str(&report),
	       "  Windows 10 Pro \\Windows disk.img#2 (Windows, no filesystem, 0 B): no loader "
	       "starts it\n",
	       "no-loader: ... naming the installation");
	is_int(wr_repair_severity(WR_REPAIR_LOADERS, r->stage, r->hive, &r->o),
	       WR_SEVERITY_BLOCKS_BOOT, "no-loader: ... blocks the boot");
	wr_buf_free(&report);
}

static void healthy(const char *file, const char *name, bool gpt)
{
	struct wr_buf report = WR_BUF_INIT;
	struct run r;

	if (!open_run(&r, file, name, gpt, NULL)) {
		ok(r.h == NULL && !tap_fixture(file), "# SKIP %s: %s", file, r.err.msg);
		close_run(&r);
		return;
	}
	is_int(needed(&r, WR_REPAIR_REBUILD, &report), 0, "%s: a healthy real store needs nothing",
	       name);
	is_int(needed(&r, WR_REPAIR_LOADERS, NULL), 0, "%s: its Windows has its loader", name);
	ok(strstr(wr_buf_str(&report), "its loader kept"), "%s: its loader is the one kept: %s",
	   name, wr_buf_str(&report));
	wr_buf_free(&report);
	close_run(&r);
}

/* Objects `gone` taken away from the UEFI store; the rebuild brings them
 * back. */
static void rebuild_without(const char *name, const char *const *gone, const char *says)
{
	struct wr_buf report = WR_BUF_INIT;
	struct run r;

	if (!open_run(&r, "bcd-win10-uefi-regipy.hive", name, true, gone)) {
		ok(!tap_fixture("bcd-win10-uefi-regipy.hive"), "# SKIP %s: %s", name, r.err.msg);
		close_run(&r);
		return;
	}
	is_int(needed(&r, WR_REPAIR_REBUILD, &report), 1, "%s: rebuild needed", name);
	if (strcmp(name, "no-loader") == 0)
		no_loader_found(&r);
	ok(strstr(wr_buf_str(&report), says), "%s: the check says \"%s\": %s", name, says,
	   wr_buf_str(&report));
	is_int(wr_repair_stage(WR_REPAIR_REBUILD, r.stage, r.hive, &r.o, &r.err), 0,
	       "%s: staged (%s)", name, r.err.msg);
	rebuilt(&r, name);
	same_guids(&r, &report, name);
	wr_buf_free(&report);
	close_run(&r);
}

/* The {bootmgr} a rebuild writes where there was none is the one Windows
 * wrote, byte for byte, default and menu included. */
static void bootmgr_as_windows_wrote(void)
{
	static const char *const gone[] = {WR_BCD_GUID_BOOTMGR, WR_BCD_GUID_GLOBALSETTINGS, NULL};
	const char *fixture = tap_fixture("bcd-win10-uefi-regipy.hive");
	struct wr_bcd *orig = fixture ? wr_bcd_open(fixture, NULL) : NULL, *now = NULL;
	const struct wr_bcd_object *a, *b;
	struct run r;
	bool same;

	if (!orig || !open_run(&r, "bcd-win10-uefi-regipy.hive", "no-bootmgr", true, gone) ||
	    wr_repair_stage(WR_REPAIR_REBUILD, r.stage, r.hive, &r.o, &r.err) != 0) {
		ok(!fixture, "# SKIP no-bootmgr: %s", r.err.msg);
		wr_bcd_free(orig);
		close_run(&r);
		return;
	}
	now = wr_bcd_load(r.h, &r.err);
	for (int i = 0; i < 2; i++) {
		const char *guid = i ? WR_BCD_GUID_GLOBALSETTINGS : WR_BCD_GUID_BOOTMGR;

		a = wr_bcd_get(orig, guid);
		b = now ? wr_bcd_get(now, guid) : NULL;
		same = a && b && a->n_elements == b->n_elements;
		for (size_t k = 0; same && k < a->n_elements; k++)
			same = a->elements[k].id == b->elements[k].id &&
			       a->elements[k].len == b->elements[k].len &&
			       memcmp(a->elements[k].data, b->elements[k].data,
			              a->elements[k].len) == 0;
		ok(same, "no-bootmgr: %s is back with the elements and bytes Windows wrote", guid);
	}
	rebuilt(&r, "no-bootmgr");
	wr_bcd_free(now);
	wr_bcd_free(orig);
	close_run(&r);
}

/* The loader's device and osdevice moved to a disk that is not there. */
static void loader_elsewhere(void)
{
	uint8_t dev[WR_BCD_DEVICE_SIZE];
	struct wr_buf report = WR_BUF_INIT;
	struct run r;

	if (!open_run(&r, "bcd-win10-uefi-regipy.hive", "elsewhere", true, NULL)) {
		ok(!tap_fixture("bcd-win10-uefi-regipy.hive"), "# SKIP elsewhere: %s", r.err.msg);
		close_run(&r);
		return;
	}
	wr_bcd_device_mbr(dev, 0x12345678u, 1u << 20);
	ok(wr_bcd_put_element(r.h, REGIPY_LOADER, 0x11000001, WR_REG_BINARY, dev, sizeof(dev),
	                      &r.err) == 0 &&
	       wr_bcd_put_element(r.h, REGIPY_LOADER, 0x21000001, WR_REG_BINARY, dev, sizeof(dev),
	                          &r.err) == 0,
	   "elsewhere: the loader's devices moved");
	is_int(needed(&r, WR_REPAIR_REBUILD, &report), 1, "elsewhere: rebuild needed");
	ok(strstr(wr_buf_str(&report), "a new loader") &&
	       strstr(wr_buf_str(&report), "{bootmgr} default: points elsewhere, set again"),
	   "elsewhere: a new loader becomes the default (the old one no longer starts Windows): "
	   "%s",
	   wr_buf_str(&report));
	is_int(wr_repair_stage(WR_REPAIR_REBUILD, r.stage, r.hive, &r.o, &r.err), 0,
	       "elsewhere: staged (%s)", r.err.msg);
	rebuilt(&r, "elsewhere");
	wr_buf_free(&report);
	close_run(&r);
}

static void refusals(void)
{
	struct run r;
	bool need;

	if (!open_run(&r, "bcd-win10-uefi-regipy.hive", "refusals", true, NULL)) {
		ok(!tap_fixture("bcd-win10-uefi-regipy.hive"), "# SKIP refusals: %s", r.err.msg);
		close_run(&r);
		return;
	}
	r.o.windows = "disk.img#1";
	ok(wr_repair_check(WR_REPAIR_REBUILD, r.stage, r.hive, &r.o, &need, NULL, &r.err) < 0 &&
	       strcmp(r.err.msg, "disk.img#1 holds no Windows installation") == 0,
	   "--windows on the ESP: refused (%s)", r.err.msg);
	r.o.windows = NULL;
	r.o.inv = NULL;
	r.o.store_part = NULL;
	ok(wr_repair_check(WR_REPAIR_REBUILD, r.stage, r.hive, &r.o, &need, NULL, &r.err) < 0 &&
	       strstr(r.err.msg, "rebuild needs the disk"),
	   "a store file: refused (%s)", r.err.msg);
	close_run(&r);
}

int main(void)
{
	static const char *const no_loader[] = {REGIPY_LOADER, NULL};
	static const char *const no_settings[] = {
	    WR_BCD_GUID_BOOTLOADERSETTINGS, WR_BCD_GUID_RESUMELOADERSETTINGS,
	    WR_BCD_GUID_HYPERVISORSETTINGS, WR_BCD_GUID_MEMDIAG, NULL};

	healthy("bcd-win10-uefi-regipy.hive", "uefi", true);
	healthy("bcd-win10-bios-windeploy-linux.hive", "bios", false);
	rebuild_without("no-loader", no_loader, "a new loader");
	rebuild_without("no-settings", no_settings,
	                "new object {bootloadersettings} (Boot Loader Settings)");
	bootmgr_as_windows_wrote();
	loader_elsewhere();
	refusals();
	return tap_done();
}
