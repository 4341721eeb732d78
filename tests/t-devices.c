/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-devices.c - the devices repair against attached disks described in memory: which partition
 * each device must name, and the bytes it writes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/guid.h"
#include "base/le.h"
#include "bcd/bcd.h"
#include "hive/hive.h"
#include "repair/repair.h"
#include "tap.h"
#include "txn/txn.h"

#define ID_DEVICE   0x11000001
#define ID_OSDEVICE 0x21000001

/* The demo disks as an inventory would see them: partition 1 holds the
 * store, the last one Windows. */
struct disks {
	struct wr_disk disk[2];
	struct wr_part part[4];
	struct wr_windows windows[4];
	struct wr_inventory inv;
};

static void add_part(struct disks *d, size_t disk, uint64_t start, enum wr_part_role role,
                     const char *guid)
{
	struct wr_part *p = &d->part[d->inv.n_parts];

	memset(p, 0, sizeof(*p));
	p->disk = disk;
	p->number = (unsigned)d->inv.n_parts + 1;
	snprintf(p->name, sizeof(p->name), "disk%zu.img#%u", disk, p->number);
	snprintf(p->fs, sizeof(p->fs), "%s", role == WR_ROLE_EFI ? "vfat" : "ntfs");
	snprintf(p->guid, sizeof(p->guid), "%s", guid ? guid : "");
	p->start = start;
	p->size = 64 << 20;
	p->role = role;
	if (role == WR_ROLE_WINDOWS)
		d->windows[d->inv.n_windows++].part = d->inv.n_parts;
	d->inv.n_parts++;
}

static void bios_disks(struct disks *d)
{
	memset(d, 0, sizeof(*d));
	d->inv = (struct wr_inventory){.disks = d->disk, .parts = d->part, .windows = d->windows};
	snprintf(d->disk[0].table, sizeof(d->disk[0].table), "mbr");
	d->disk[0].signature = WR_DEMO_MBR_SIGNATURE;
	d->inv.n_disks = 1;
	add_part(d, 0, WR_DEMO_MBR_SYSTEM_OFFSET, WR_ROLE_SYSTEM_RESERVED, NULL);
	add_part(d, 0, WR_DEMO_MBR_WINDOWS_OFFSET, WR_ROLE_WINDOWS, NULL);
}

static void uefi_disks(struct disks *d)
{
	memset(d, 0, sizeof(*d));
	d->inv = (struct wr_inventory){.disks = d->disk, .parts = d->part, .windows = d->windows};
	snprintf(d->disk[0].table, sizeof(d->disk[0].table), "gpt");
	snprintf(d->disk[0].disk_guid, sizeof(d->disk[0].disk_guid), "%s", WR_DEMO_GPT_DISK);
	d->inv.n_disks = 1;
	add_part(d, 0, 1 << 20, WR_ROLE_EFI, WR_DEMO_GPT_ESP);
	add_part(d, 0, 101 << 20, WR_ROLE_MSR, "{11111111-2222-3333-4444-555555555555}");
	add_part(d, 0, 117 << 20, WR_ROLE_WINDOWS, WR_DEMO_GPT_WINDOWS);
}

struct store {
	struct wr_stage *stage;
	size_t hive;
	struct wr_repair_opts o;
};

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
	st->o.inv = d ? &d->inv : NULL;
	st->o.store_part = d ? &d->part[0] : NULL;
	return h != NULL;
}

static void close_store(struct store *st)
{
	struct wr_hive *h = wr_stage_hive(st->stage, st->hive);

	wr_stage_free(st->stage);
	wr_hive_close(h);
}

/* Check: 0 not needed, 1 needed, -1 failed; the report in `report`. */
static int check(struct store *st, struct wr_buf *report, struct wr_error *err)
{
	bool needed = false;

	wr_buf_free(report);
	if (wr_repair_check(WR_REPAIR_DEVICES, st->stage, st->hive, &st->o, &needed, report, err) <
	    0)
		return -1;
	return needed;
}

/* Element `id` of `guid` as stored; NULL when absent or not a device's size. */
static const uint8_t *element(struct store *st, const char *guid, uint32_t id, size_t *len)
{
	static uint8_t copy[WR_BCD_DEVICE_SIZE];
	struct wr_bcd *bcd = wr_bcd_load(wr_stage_hive(st->stage, st->hive), NULL);
	const struct wr_bcd_object *obj = bcd ? wr_bcd_find(bcd, guid, NULL) : NULL;
	const struct wr_bcd_element *el = obj ? wr_bcd_object_element(obj, id) : NULL;
	bool fits = el && el->len <= sizeof(copy);

	*len = el ? el->len : 0;
	if (fits)
		memcpy(copy, el->data, el->len);
	wr_bcd_free(bcd);
	return fits ? copy : NULL;
}

/* Bytes of an MBR partition device (bcd-format.md §6.3). */
static void is_mbr_device(struct store *st, const char *guid, uint32_t id, uint32_t signature,
                          uint64_t offset, const char *what)
{
	size_t len;
	const uint8_t *b = element(st, guid, id, &len);

	ok(b && len == 88 && wr_le32(b + 0x10) == 6 && wr_le64(b + 0x20) == offset &&
	       wr_le32(b + 0x34) == 1 && wr_le32(b + 0x38) == signature,
	   "%s: MBR partition device, signature %08x, offset %llu", what, signature,
	   (unsigned long long)offset);
}

static void is_gpt_device(struct store *st, const char *guid, uint32_t id, const char *disk,
                          const char *part, const char *what)
{
	uint8_t want_disk[16], want_part[16];
	size_t len;
	const uint8_t *b = element(st, guid, id, &len);

	wr_guid_parse(disk, want_disk);
	wr_guid_parse(part, want_part);
	ok(b && len == 88 && wr_le32(b + 0x10) == 6 && wr_le32(b + 0x34) == 0 &&
	       memcmp(b + 0x20, want_part, 16) == 0 && memcmp(b + 0x38, want_disk, 16) == 0,
	   "%s: GPT partition device %s on disk %s", what, part, disk);
}

static bool has(const struct wr_buf *b, const char *text)
{
	bool found = strstr(wr_buf_str(b), text) != NULL;

	if (!found)
		diag("not in the report: \"%s\"\n%s", text, wr_buf_str(b));
	return found;
}

static void test_bios(void)
{
	const char *path = tap_path("bios.hive");
	struct wr_buf report = WR_BUF_INIT;
	struct wr_error err = {0};
	struct disks d;
	struct store st;

	bios_disks(&d);
	ok(wr_demo_bcd_create(path, WR_DEMO_BIOS, &err) == 0, "BIOS demo store: %s", err.msg);
	ok(open_store(&st, path, &d), "opened");
	is_int(check(&st, &report, &err), 0, "BIOS disk as the store names it: nothing to do");
	ok(has(&report, "{bootmgr} device: boot (as wanted)") &&
	       has(&report, "{default} osdevice: partition=disk0.img#2 (Windows, ntfs, 64 MiB) "
	                    "(as wanted)"),
	   "each device named, with the partition it is on");

	/* A migrated disk: Windows gave it a new signature. */
	d.disk[0].signature = 0x11223344;
	is_int(check(&st, &report, &err), 1, "new disk signature: needed");
	ok(has(&report, "{default} device: partition=offset 34603008 (MBR disk 5a1e7b2c) "
	                "[not on the attached disks] -> partition=disk0.img#2"),
	   "the old value and where it should point");
	is_int(wr_repair_stage(WR_REPAIR_DEVICES, st.stage, st.hive, &st.o, &err), 0, "staged");
	is_int(wr_stage_txn(st.stage, 0)->n_changes, 4,
	       "four changes: the loader's and its resume object's devices");
	is_mbr_device(&st, "{default}", ID_DEVICE, 0x11223344, WR_DEMO_MBR_WINDOWS_OFFSET,
	              "device");
	is_mbr_device(&st, "{default}", ID_OSDEVICE, 0x11223344, WR_DEMO_MBR_WINDOWS_OFFSET,
	              "osdevice");
	is_mbr_device(&st, WR_DEMO_RESUME, ID_OSDEVICE, 0x11223344, WR_DEMO_MBR_WINDOWS_OFFSET,
	              "resume filedevice");
	is_int(check(&st, &report, &err), 0, "checked again: nothing to do");

	/* The store on the Windows partition (one partition): boot is right there,
	 * and wrong for the loader when the store is elsewhere. */
	is_int(wr_stage_undo(st.stage, &err), 0, "undone");
	d.disk[0].signature = WR_DEMO_MBR_SIGNATURE;
	{
		uint8_t boot[WR_BCD_DEVICE_SIZE];

		wr_bcd_device_boot(boot);
		wr_txn_begin(st.stage, "boot", &err);
		wr_txn_bcd_set(st.stage, st.hive, WR_DEMO_LOADER, ID_OSDEVICE, WR_REG_BINARY, boot,
		               sizeof(boot), &err);
		wr_txn_end(st.stage);
	}
	is_int(check(&st, &report, &err), 1, "osdevice boot, store on System Reserved: needed");
	st.o.store_part = &d.part[1];
	d.inv.n_parts = 2;
	is_int(check(&st, &report, &err), 0, "store on the Windows partition: boot is right");
	ok(has(&report, "{default} osdevice: boot (as wanted)"), "and said so");
	close_store(&st);
	wr_buf_free(&report);
}

static void test_uefi(void)
{
	const char *path = tap_path("uefi.hive");
	const char *moved = "{0a0b0c0d-1111-2222-3333-444455556666}";
	struct wr_buf report = WR_BUF_INIT;
	struct wr_error err = {0};
	struct disks d;
	struct store st;

	uefi_disks(&d);
	ok(wr_demo_bcd_create(path, WR_DEMO_UEFI, &err) == 0, "UEFI demo store: %s", err.msg);
	ok(open_store(&st, path, &d), "opened");
	is_int(check(&st, &report, &err), 0, "GPT disk as the store names it: nothing to do");
	ok(has(&report, "{bootmgr} device: partition=disk0.img#1 (EFI system, vfat, 64 MiB) (as "
	                "wanted)"),
	   "{bootmgr} on the ESP");

	snprintf(d.disk[0].disk_guid, sizeof(d.disk[0].disk_guid), "%s", moved);
	is_int(check(&st, &report, &err), 1, "new disk GUID: needed");
	is_int(wr_repair_stage(WR_REPAIR_DEVICES, st.stage, st.hive, &st.o, &err), 0, "staged");
	is_int(wr_stage_txn(st.stage, 0)->n_changes, 6,
	       "six: {bootmgr}, {memdiag}, the loader's two, the resume object's two");
	is_gpt_device(&st, "{bootmgr}", ID_DEVICE, moved, WR_DEMO_GPT_ESP, "{bootmgr} device");
	is_gpt_device(&st, "{memdiag}", ID_DEVICE, moved, WR_DEMO_GPT_ESP, "{memdiag} device");
	is_gpt_device(&st, "{default}", ID_DEVICE, moved, WR_DEMO_GPT_WINDOWS, "device");
	is_gpt_device(&st, WR_DEMO_RESUME, ID_DEVICE, moved, WR_DEMO_GPT_WINDOWS, "resume device");
	is_gpt_device(&st, "{default}", ID_OSDEVICE, moved, WR_DEMO_GPT_WINDOWS, "osdevice");
	is_int(check(&st, &report, &err), 0, "checked again: nothing to do");
	close_store(&st);
	wr_buf_free(&report);
}

/* Which Windows: the one on the store's disk; refusals otherwise. */
static void test_choice(void)
{
	const char *path = tap_path("choice.hive");
	struct wr_buf report = WR_BUF_INIT;
	struct wr_error err = {0};
	struct disks d;
	struct store st;

	bios_disks(&d);
	ok(wr_demo_bcd_create(path, WR_DEMO_BIOS, &err) == 0, "store: %s", err.msg);
	ok(open_store(&st, path, &d), "opened");

	/* A second disk with its own Windows: the store's disk wins. */
	snprintf(d.disk[1].table, sizeof(d.disk[1].table), "mbr");
	d.disk[1].signature = 0x99887766;
	d.inv.n_disks = 2;
	add_part(&d, 1, 1 << 20, WR_ROLE_WINDOWS, NULL);
	is_int(check(&st, &report, &err), 0, "two disks: the Windows beside the store");

	/* Two on the store's disk: no guess. */
	add_part(&d, 0, 1 << 30, WR_ROLE_WINDOWS, NULL);
	is_int(check(&st, &report, &err), -1, "two Windows on the store's disk: refused");
	is_str(err.msg,
	       "3 Windows installations are attached: cannot tell which one the loader boots",
	       "and why");

	d.inv.n_windows = 0;
	is_int(check(&st, &report, &err), -1, "no Windows: refused");
	is_str(err.msg, "no attached partition holds Windows", "and why");

	/* Only Windows is on another disk: that one. */
	d.windows[0].part = 2;
	d.inv.n_windows = 1;
	is_int(check(&st, &report, &err), 1, "Windows on the other disk: the loader must move");
	ok(has(&report, "-> partition=disk1.img#3"), "to that disk's partition");

	d.disk[0].signature = 0;
	d.windows[0].part = 1;
	is_int(wr_repair_stage(WR_REPAIR_DEVICES, st.stage, st.hive, &st.o, &err), -1,
	       "a disk without a signature: refused");
	is_str(err.msg, "disk0.img#2: its disk has no signature or GUID a device can name",
	       "and why");
	is_int(wr_stage_count(st.stage), 0, "nothing staged");

	st.o.all_loaders = true;
	is_int(check(&st, &report, &err), -1, "--all-loaders: refused");
	st.o.all_loaders = false;
	st.o.inv = NULL;
	is_int(check(&st, &report, &err), -1, "a store file: cannot check");
	is_str(err.msg, "a store file does not say which partitions it boots: open the disk",
	       "and why");
	close_store(&st);
	wr_buf_free(&report);
}

/* Real stores: boot devices on a one-partition deployment, and a setup
 * medium whose loader boots a RAM disk, which is left alone. */
static void test_real(void)
{
	const char *windeploy = tap_fixture("bcd-win10-bios-windeploy-linux.hive");
	const char *wimboot = tap_fixture("bcd-win8-installmedia-bios-wimboot-install.hive");
	struct wr_buf report = WR_BUF_INIT;
	struct wr_error err = {0};
	struct disks d;
	struct store st;
	char cmd[2200];

	if (!windeploy || !wimboot) {
		ok(1, "# SKIP the real fixtures are not here");
		return;
	}
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s' && cp '%s' '%s'", windeploy,
	         tap_path("windeploy.hive"), wimboot, tap_path("wimboot.hive"));
	ok(system(cmd) == 0, "fixtures copied");

	/* Its disk: signature ddba6bbb, one partition at 1 MiB holding both. */
	bios_disks(&d);
	d.disk[0].signature = 0xddba6bbb;
	d.part[0].role = WR_ROLE_WINDOWS;
	d.windows[0].part = 0;
	d.inv.n_parts = 1;
	ok(open_store(&st, tap_path("windeploy.hive"), &d), "windeploy store");
	is_int(check(&st, &report, &err), 0, "its own disk: nothing to do");
	ok(has(&report, "{default} osdevice: boot (as wanted)") &&
	       has(&report, "{memdiag} device: partition=disk0.img#1 (Windows, ntfs, 64 MiB) (as "
	                    "wanted)") &&
	       has(&report, "{1b67bffc-e290-11eb-8ffa-f459a0d9b879} device: partition=disk0.img#1"),
	   "boot, {memdiag} and the resume object all on that partition");

	/* Windows moved to a partition of its own after System Reserved. */
	d.part[0].role = WR_ROLE_SYSTEM_RESERVED;
	d.windows[0].part = 1;
	d.inv.n_parts = 2;
	is_int(check(&st, &report, &err), 1, "Windows on partition 2: the loader must move");
	is_int(wr_repair_stage(WR_REPAIR_DEVICES, st.stage, st.hive, &st.o, &err), 0, "staged");
	is_int(wr_stage_txn(st.stage, 0)->n_changes, 3, "loader device, osdevice, resume device");
	is_mbr_device(&st, "{default}", ID_OSDEVICE, 0xddba6bbb, WR_DEMO_MBR_WINDOWS_OFFSET,
	              "windeploy osdevice");
	is_mbr_device(&st, "{1b67bffc-e290-11eb-8ffa-f459a0d9b879}", ID_DEVICE, 0xddba6bbb,
	              WR_DEMO_MBR_WINDOWS_OFFSET, "windeploy resume device");
	is_mbr_device(&st, "{memdiag}", ID_DEVICE, 0xddba6bbb, 1 << 20,
	              "{memdiag} stays on System Reserved");
	{
		size_t len;
		const uint8_t *b = element(&st, "{bootmgr}", ID_DEVICE, &len);

		ok(b && len == 88 && wr_le32(b + 0x10) == 5, "{bootmgr} device still boot");
	}
	close_store(&st);

	ok(open_store(&st, tap_path("wimboot.hive"), &d), "wimboot store");
	is_int(check(&st, &report, &err), 1, "setup medium: {bootmgr} has no device");
	ok(has(&report, "{default} osdevice: ramdisk=[boot]\\sources\\boot.wim,"
	                "{7619dcc8-fafe-11d9-b411-000476eba25f} (not a partition: left alone)"),
	   "the RAM disk is left alone");
	is_int(wr_repair_stage(WR_REPAIR_DEVICES, st.stage, st.hive, &st.o, &err), 0, "staged");
	is_int(wr_stage_txn(st.stage, 0)->n_changes, 1, "only {bootmgr} device");
	close_store(&st);
	wr_buf_free(&report);
}

int main(void)
{
	test_bios();
	test_uefi();
	test_choice();
	test_real();
	return tap_done();
}
