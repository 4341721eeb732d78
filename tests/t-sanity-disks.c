/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-sanity-disks.c - the checks that need the disks, against disks described in memory:
 * duplicate-disk on their identities, loader-files on files the appliance would find (its
 * wr_guest_exists is this test's, by --wrap). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bcd/bcd.h"
#include "hive/hive.h"
#include "repair/repair.h"
#include "tap.h"
#include "txn/txn.h"

#define OTHER_LOADER "{3f0b9a53-7c1d-11ee-b962-0242ac120002}"

/* The files on the attached partitions, as the appliance would find them. */
struct fake_file {
	unsigned number; /* the partition */
	const char *path;
};
static struct fake_file files[8];
static size_t n_files;
static int lookups; /* calls to the appliance */

/* Whether `dir` (no trailing '/') is a folder of a file on `p`, any case. */
static bool has_folder(const struct wr_part *p, const char *dir, size_t len)
{
	for (size_t i = 0; i < n_files; i++)
		if (files[i].number == p->number && strncasecmp(files[i].path, dir, len) == 0 &&
		    files[i].path[len] == '/')
			return true;
	return len == 0;
}

int __wrap_wr_guest_exists(struct wr_guest *g, const struct wr_part *p, const char *path,
                           bool folder, struct wr_error *err);
int __wrap_wr_guest_exists(struct wr_guest *g, const struct wr_part *p, const char *path,
                           bool folder, struct wr_error *err)
{
	(void)g;
	(void)err;
	lookups++;
	if (folder)
		return has_folder(p, path, strlen(path));
	for (size_t i = 0; i < n_files; i++)
		if (files[i].number == p->number && strcasecmp(files[i].path, path) == 0)
			return 1;
	return 0;
}

struct disks {
	struct wr_disk disk[3];
	struct wr_part part[8];
	struct wr_inventory inv;
};

static void add_disk(struct disks *d, const char *table, uint32_t signature, const char *guid)
{
	struct wr_disk *k = &d->disk[d->inv.n_disks];

	snprintf(k->path, sizeof(k->path), "disk%zu.img", d->inv.n_disks);
	snprintf(k->table, sizeof(k->table), "%s", table);
	k->signature = signature;
	snprintf(k->disk_guid, sizeof(k->disk_guid), "%s", guid ? guid : "");
	d->inv.n_disks++;
}

static void add_part(struct disks *d, uint64_t start, enum wr_part_role role, const char *guid)
{
	struct wr_part *p = &d->part[d->inv.n_parts];

	memset(p, 0, sizeof(*p));
	p->disk = d->inv.n_disks - 1;
	p->number = (unsigned)d->inv.n_parts + 1; /* unique across disks: the fake files' key */
	snprintf(p->name, sizeof(p->name), "disk%zu.img#%u", p->disk, p->number);
	snprintf(p->fs, sizeof(p->fs), "ntfs");
	snprintf(p->guid, sizeof(p->guid), "%s", guid ? guid : "");
	p->start = start;
	p->size = 64 << 20;
	p->role = role;
	d->inv.n_parts++;
}

static void new_disks(struct disks *d)
{
	memset(d, 0, sizeof(*d));
	d->inv = (struct wr_inventory){.disks = d->disk, .parts = d->part};
}

/* The demo BIOS disk: System Reserved (the store) and Windows. */
static void bios_disk(struct disks *d, uint32_t signature)
{
	add_disk(d, "mbr", signature, NULL);
	add_part(d, WR_DEMO_MBR_SYSTEM_OFFSET, WR_ROLE_SYSTEM_RESERVED, NULL);
	add_part(d, WR_DEMO_MBR_WINDOWS_OFFSET, WR_ROLE_WINDOWS, NULL);
}

static void uefi_disk(struct disks *d, const char *disk, const char *windows)
{
	add_disk(d, "gpt", 0, disk);
	add_part(d, 1 << 20, WR_ROLE_EFI, WR_DEMO_GPT_ESP);
	add_part(d, 117 << 20, WR_ROLE_WINDOWS, windows);
}

struct store {
	struct wr_stage *stage;
	size_t hive;
	struct wr_repair_opts o;
};

/* The demo store, with a second loader booting the same partition from
 * \Windows2 (the menu's other entry) when `second`. */
static bool make_store(const char *path, enum wr_demo_layout layout, bool second)
{
	struct wr_error err = {0};
	struct wr_hive *h = wr_bcd_store_begin(path, &err);
	uint8_t dev[WR_BCD_DEVICE_SIZE];
	int r = h ? wr_demo_bcd_fill(h, layout, &err) : -1;

	wr_bcd_device_mbr(dev, WR_DEMO_MBR_SIGNATURE, WR_DEMO_MBR_WINDOWS_OFFSET);
	if (r == 0 && second)
		r = wr_bcd_put_object(h, OTHER_LOADER, WR_BCD_TYPE_OSLOADER, &err) < 0 ||
		            wr_bcd_put_element(h, OTHER_LOADER, 0x11000001, WR_REG_BINARY, dev,
		                               sizeof(dev), &err) < 0 ||
		            wr_bcd_put_element(h, OTHER_LOADER, 0x21000001, WR_REG_BINARY, dev,
		                               sizeof(dev), &err) < 0 ||
		            wr_bcd_put_string(h, OTHER_LOADER, 0x12000002,
		                              "\\Windows2\\system32\\winload.exe", &err) < 0 ||
		            wr_bcd_put_string(h, OTHER_LOADER, 0x22000002, "\\Windows2", &err) < 0
		        ? -1
		        : 0;
	if (h && wr_bcd_store_end(h, path, r == 0, &err) < 0)
		r = -1;
	if (r < 0)
		diag("%s: %s", path, err.msg);
	return r == 0;
}

static bool open_store(struct store *st, const char *path, const struct disks *d)
{
	struct wr_error err = {0};
	struct wr_hive *h = wr_hive_open(path, WR_HIVE_WRITE, &err);

	if (!h)
		diag("%s: %s", path, err.msg);
	st->stage = wr_stage_new();
	st->hive = 0;
	if (h)
		wr_stage_add_hive(st->stage, h, WR_KIND_BCD, path, "BCD00000000", NULL, &st->hive,
		                  NULL);
	wr_repair_opts_default(&st->o);
	st->o.inv = &d->inv;
	st->o.store_part = &d->part[0];
	st->o.guest = (struct wr_guest *)&files; /* never used: the lookups are this test's */
	return h != NULL;
}

static void close_store(struct store *st)
{
	struct wr_hive *h = wr_stage_hive(st->stage, st->hive);

	wr_stage_free(st->stage);
	wr_hive_close(h);
}

/* 0 not needed, 1 needed, -1 failed; the report in `report`. */
static int check(enum wr_repair_kind k, struct store *st, struct wr_buf *report,
                 struct wr_error *err)
{
	bool needed = false;

	wr_buf_free(report);
	if (wr_repair_check(k, st->stage, st->hive, &st->o, &needed, report, err) < 0)
		return -1;
	return needed;
}

static void test_duplicate_mbr(void)
{
	const char *path = tap_path("mbr.hive");
	struct wr_buf report = WR_BUF_INIT;
	struct wr_error err = {0};
	struct disks d;
	struct store st;

	new_disks(&d);
	bios_disk(&d, WR_DEMO_MBR_SIGNATURE);
	ok(make_store(path, WR_DEMO_BIOS, false) && open_store(&st, path, &d), "store");
	is_int(check(WR_REPAIR_DUPLICATE_DISK, &st, &report, &err), 0, "one disk: fine");

	bios_disk(&d, 0x11223344);
	bios_disk(&d, 0x11223344);
	is_int(check(WR_REPAIR_DUPLICATE_DISK, &st, &report, &err), 0,
	       "two other disks alike, the store's apart: not the store's business");

	d.disk[2].signature = WR_DEMO_MBR_SIGNATURE;
	is_int(check(WR_REPAIR_DUPLICATE_DISK, &st, &report, &err), 1,
	       "a disk with the store's disk's signature: needed");
	is_str(wr_buf_str(&report),
	       "  disk0.img and disk2.img: the same MBR disk signature 5a1e7b2c\n",
	       "both disks and the signature named");
	is_int(wr_repair_severity(WR_REPAIR_DUPLICATE_DISK, st.stage, st.hive, &st.o),
	       WR_SEVERITY_BLOCKS_BOOT, "it blocks the boot");

	is_int(wr_repair_stage(WR_REPAIR_DUPLICATE_DISK, st.stage, st.hive, &st.o, &err), -1,
	       "repair: refused");
	ok(strncmp(err.msg, "duplicate-disk only reports what it finds: detach the other disk",
	           64) == 0,
	   "with the advice: %s", err.msg);
	is_int(wr_stage_count(st.stage), 0, "nothing staged");

	d.disk[2].signature = 0;
	d.disk[0].signature = 0;
	is_int(check(WR_REPAIR_DUPLICATE_DISK, &st, &report, &err), 0,
	       "no signature on either: nothing alike");

	st.o.inv = NULL;
	st.o.store_part = NULL;
	is_int(check(WR_REPAIR_DUPLICATE_DISK, &st, &report, &err), -1,
	       "a store file: not checked");
	is_str(err.msg, "a store file does not say which partitions it boots: open the disk",
	       "and why");
	close_store(&st);
	wr_buf_free(&report);
}

static void test_duplicate_gpt(void)
{
	const char *path = tap_path("gpt.hive");
	const char *other = "{11111111-2222-4333-8444-555555555555}";
	struct wr_buf report = WR_BUF_INIT;
	struct wr_error err = {0};
	struct disks d;
	struct store st;

	new_disks(&d);
	uefi_disk(&d, WR_DEMO_GPT_DISK, WR_DEMO_GPT_WINDOWS);
	uefi_disk(&d, other, "{22222222-2222-4333-8444-555555555555}");
	snprintf(d.part[2].guid, sizeof(d.part[2].guid), "%s",
	         "{33333333-2222-4333-8444-555555555555}");
	ok(make_store(path, WR_DEMO_UEFI, false) && open_store(&st, path, &d), "store");
	is_int(check(WR_REPAIR_DUPLICATE_DISK, &st, &report, &err), 0, "two different disks: fine");

	snprintf(d.part[3].guid, sizeof(d.part[3].guid), "%s", WR_DEMO_GPT_WINDOWS);
	is_int(check(WR_REPAIR_DUPLICATE_DISK, &st, &report, &err), 1,
	       "a partition with the Windows partition's GUID: needed");
	is_str(wr_buf_str(&report),
	       "  disk0.img#2 and disk1.img#4: the same GPT partition GUID " WR_DEMO_GPT_WINDOWS
	       "\n",
	       "both partitions and the GUID named");

	snprintf(d.part[2].guid, sizeof(d.part[2].guid), "%s", WR_DEMO_GPT_ESP);
	snprintf(d.disk[1].disk_guid, sizeof(d.disk[1].disk_guid), "%s", WR_DEMO_GPT_DISK);
	is_int(check(WR_REPAIR_DUPLICATE_DISK, &st, &report, &err), 1, "a cloned disk: needed");
	is_str(wr_buf_str(&report),
	       "  disk0.img and disk1.img: the same GPT disk GUID " WR_DEMO_GPT_DISK "\n",
	       "one line for the disks, none for each partition");
	close_store(&st);
	wr_buf_free(&report);
}

static void test_loader_files(void)
{
	const char *path = tap_path("files.hive");
	struct wr_buf report = WR_BUF_INIT;
	struct wr_error err = {0};
	struct disks d;
	struct store st;

	new_disks(&d);
	bios_disk(&d, WR_DEMO_MBR_SIGNATURE);
	ok(make_store(path, WR_DEMO_BIOS, true) && open_store(&st, path, &d), "store");
	files[n_files++] = (struct fake_file){2, "/WINDOWS/System32/winload.exe"};
	files[n_files++] = (struct fake_file){2, "/Windows2/System32/winload.exe"};
	files[n_files++] = (struct fake_file){1, "/Boot/BCD"};
	is_int(check(WR_REPAIR_LOADER_FILES, &st, &report, &err), 0,
	       "both loaders' files there, in another case: fine");
	ok(strstr(wr_buf_str(&report), "  {default} (Windows Server 2022) path "
	                               "\\Windows\\system32\\winload.exe: on disk0.img#2 (Windows, "
	                               "ntfs, 64 MiB)\n") != NULL,
	   "each one said");

	files[0].path = "/WINDOWS/System32/winload.efi";
	is_int(check(WR_REPAIR_LOADER_FILES, &st, &report, &err), 1, "winload.exe gone: needed");
	ok(strstr(wr_buf_str(&report), "  {default} (Windows Server 2022) path "
	                               "\\Windows\\system32\\winload.exe: missing on disk0.img#2 "
	                               "(Windows, ntfs, 64 MiB)\n") != NULL,
	   "the file and the partition named");
	ok(strstr(wr_buf_str(&report), "systemroot \\Windows: on disk0.img#2") != NULL,
	   "\\Windows itself is there");
	is_int(wr_repair_severity(WR_REPAIR_LOADER_FILES, st.stage, st.hive, &st.o),
	       WR_SEVERITY_BLOCKS_BOOT, "the default loader's: it blocks the boot");

	files[0].path = "/WINDOWS/System32/winload.exe";
	files[1].path = "/Other/winload.exe";
	is_int(check(WR_REPAIR_LOADER_FILES, &st, &report, &err), 1, "\\Windows2 gone: needed");
	ok(strstr(wr_buf_str(&report), OTHER_LOADER " systemroot \\Windows2: missing on "
	                                            "disk0.img#2") != NULL,
	   "the folder named");
	is_int(wr_repair_severity(WR_REPAIR_LOADER_FILES, st.stage, st.hive, &st.o),
	       WR_SEVERITY_RISK, "another loader's: a risk, when it is chosen");

	d.disk[0].signature = 0x99999999;
	lookups = 0;
	is_int(check(WR_REPAIR_LOADER_FILES, &st, &report, &err), 0,
	       "the partition not attached: devices' business, not this check's");
	is_int(lookups, 0, "nothing looked up");
	is_str(wr_buf_str(&report), "", "nothing said");

	st.o.guest = NULL;
	is_int(check(WR_REPAIR_LOADER_FILES, &st, &report, &err), -1, "no appliance: not checked");
	is_int(wr_repair_stage(WR_REPAIR_LOADER_FILES, st.stage, st.hive, &st.o, &err), -1,
	       "repair: refused");
	ok(strncmp(err.msg, "loader-files only reports what it finds: ", 41) == 0,
	   "with the advice");
	close_store(&st);
	wr_buf_free(&report);
}

int main(void)
{
	test_duplicate_mbr();
	test_duplicate_gpt();
	test_loader_files();
	return tap_done();
}
