/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-active.c - the active check (catalog P-1) on disks described in memory: which partition of
 * the store's MBR disk BIOS starts, for a store read as BIOS. */
#include "config.h"

#include <string.h>

#include "repair/repair.h"
#include "tap.h"
#include "txn/txn.h"

/* Two disks: the store's (System Reserved, Windows, data) and another. */
static struct wr_disk disks[2] = {{.path = "disk.img", .table = "mbr"},
                                  {.path = "other.img", .table = "mbr"}};
static struct wr_part parts[4] = {
    {.disk = 0,
     .number = 1,
     .name = "disk.img#1",
     .size = 52428800,
     .fs = "ntfs",
     .role = WR_ROLE_SYSTEM_RESERVED},
    {.disk = 0,
     .number = 2,
     .name = "disk.img#2",
     .size = 70254592,
     .fs = "ntfs",
     .role = WR_ROLE_WINDOWS},
    {.disk = 0, .number = 3, .name = "disk.img#3", .size = 1048576, .fs = "vfat"},
    {.disk = 1, .number = 1, .name = "other.img#1", .size = 1048576, .fs = "ntfs"},
};
static const struct wr_inventory inv = {disks, 2, parts, 4, NULL, 0, NULL, 0};

/* The check on a stage it never reads, with partitions `active` (bit i:
 * parts[i]) marked active, the store on partition 1 of disk.img. */
static void run(const char *name, const char *table, bool uefi, unsigned active, int want_needed,
                enum wr_severity want_sev, const char *want_report)
{
	struct wr_repair_opts o;
	struct wr_buf report = WR_BUF_INIT;
	struct wr_error err = {0};
	bool needed = false;

	snprintf(disks[0].table, sizeof(disks[0].table), "%s", table);
	for (size_t i = 0; i < 4; i++)
		parts[i].active = active & (1u << i);
	wr_repair_opts_default(&o);
	o.inv = &inv;
	o.store_part = &parts[0];
	o.store_uefi = uefi;
	is_int(wr_repair_check(WR_REPAIR_ACTIVE, NULL, 0, &o, &needed, &report, &err), 0,
	       "%s: checked (%s)", name, err.msg);
	is_int(needed, want_needed, "%s: needed", name);
	if (want_needed)
		is_int(wr_repair_severity(WR_REPAIR_ACTIVE, NULL, 0, &o), want_sev, "%s: severity",
		       name);
	is_str(wr_buf_str(&report), want_report, "%s: the report", name);
	wr_buf_free(&report);
}

#define NOT_ACTIVE                                                                                 \
	"  the store's partition disk.img#1 (System Reserved (boot), ntfs, 50 MiB) is not "        \
	"active\n"

int main(void)
{
	const struct wr_repair_info *info;
	enum wr_repair_kind fixer;
	struct wr_repair_opts o;
	struct wr_error err = {0};
	bool needed;

	run("the store's partition active", "mbr", false, 1u << 0, 0, 0, "");
	run("none active", "mbr", false, 0, 1, WR_SEVERITY_BLOCKS_BOOT,
	    NOT_ACTIVE "  no partition of disk.img is active: BIOS finds nothing to start\n");
	run("another disk's partition active: none of this one", "mbr", false, 1u << 3, 1,
	    WR_SEVERITY_BLOCKS_BOOT,
	    NOT_ACTIVE "  no partition of disk.img is active: BIOS finds nothing to start\n");
	run("the data partition active instead", "mbr", false, 1u << 2, 1, WR_SEVERITY_RISK,
	    NOT_ACTIVE "  active instead: disk.img#3 (data, vfat, 1 MiB); BIOS starts what is "
	               "there, which may be another boot manager on purpose\n");
	run("two active, the store's among them", "mbr", false, 1u << 0 | 1u << 2, 0, 0, "");
	run("GPT: no active partition to have", "gpt", false, 0, 0, 0, "");
	run("a UEFI store on an MBR disk", "mbr", true, 0, 0, 0, "");
	run("no partition table", "", false, 0, 0, 0, "");

	info = wr_repair_info(WR_REPAIR_ACTIVE);
	ok(strcmp(info->name, "active") == 0 && strcmp(info->catalog, "P-1") == 0 &&
	       info->hive == WR_KIND_BCD && info->report_only && info->needs_disks &&
	       !info->on_request,
	   "a check of the store, reports only, needs the disks, catalog P-1");
	ok(wr_repair_fixer(WR_REPAIR_ACTIVE, &fixer) && fixer == WR_REPAIR_REBUILD,
	   "repair rebuild fixes what it finds");
	wr_repair_opts_default(&o);
	ok(wr_repair_check(WR_REPAIR_ACTIVE, NULL, 0, &o, &needed, NULL, &err) < 0 &&
	       strcmp(err.msg, "needs the disk, not a store file") == 0,
	   "a store file: not checked (%s)", err.msg);
	return tap_done();
}
