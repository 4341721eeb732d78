/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-boot-files.c - the boot-files check: the files the firmware starts, looked up on the store's
 * partition through wr_guest_exists, which is this test's own (by --wrap). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "repair/repair.h"
#include "tap.h"
#include "txn/txn.h"

static const char *present[4]; /* the files "on the partition" */

int __wrap_wr_guest_exists(struct wr_guest *g, const struct wr_part *p, const char *path,
                           bool folder, struct wr_error *err);
int __wrap_wr_guest_exists(struct wr_guest *g, const struct wr_part *p, const char *path,
                           bool folder, struct wr_error *err)
{
	(void)g, (void)p, (void)folder, (void)err;
	for (size_t i = 0; i < 4 && present[i]; i++)
		if (strcmp(present[i], path) == 0)
			return 1;
	return 0;
}

/* The check on a stage it never reads, for the store's firmware, with the
 * files listed there. */
static void run(const char *name, bool uefi, const char *a, const char *b, int want_needed,
                enum wr_severity want_sev, const char *want_report)
{
	struct wr_part part = {.name = "disk.img#1", .number = 1};
	struct wr_repair_opts o;
	struct wr_buf report = WR_BUF_INIT;
	struct wr_error err = {0};
	bool needed = false;

	present[0] = a;
	present[1] = b;
	present[2] = NULL;
	wr_repair_opts_default(&o);
	o.guest = (struct wr_guest *)&part; /* never used: the lookups are ours */
	o.store_part = &part;
	o.store_uefi = uefi;
	is_int(wr_repair_check(WR_REPAIR_BOOT_FILES, NULL, 0, &o, &needed, &report, &err), 0,
	       "%s: checked (%s)", name, err.msg);
	is_int(needed, want_needed, "%s: needed", name);
	if (want_needed)
		is_int(wr_repair_severity(WR_REPAIR_BOOT_FILES, NULL, 0, &o), want_sev,
		       "%s: severity", name);
	is_str(wr_buf_str(&report), want_report, "%s: the report", name);
	wr_buf_free(&report);
}

#define ON   ": on disk.img#1 (data, no filesystem, 0 B)\n"
#define GONE ": missing on disk.img#1 (data, no filesystem, 0 B)\n"

int main(void)
{
	struct wr_repair_opts o;
	struct wr_error err = {0};
	bool needed;

	run("bios, bootmgr there", false, "/bootmgr", NULL, 0, 0, "  \\bootmgr" ON);
	run("bios, bootmgr gone", false, NULL, NULL, 1, WR_SEVERITY_BLOCKS_BOOT,
	    "  \\bootmgr" GONE);
	run("uefi, both there", true, "/EFI/Microsoft/Boot/bootmgfw.efi", "/EFI/Boot/bootx64.efi",
	    0, 0, "  \\EFI\\Microsoft\\Boot\\bootmgfw.efi" ON "  \\EFI\\Boot\\bootx64.efi" ON);
	run("uefi, the fallback gone", true, "/EFI/Microsoft/Boot/bootmgfw.efi", NULL, 1,
	    WR_SEVERITY_RISK,
	    "  \\EFI\\Microsoft\\Boot\\bootmgfw.efi" ON "  \\EFI\\Boot\\bootx64.efi" GONE);
	run("uefi, the boot manager gone", true, "/EFI/Boot/bootx64.efi", NULL, 1,
	    WR_SEVERITY_BLOCKS_BOOT,
	    "  \\EFI\\Microsoft\\Boot\\bootmgfw.efi" GONE "  \\EFI\\Boot\\bootx64.efi" ON);
	wr_repair_opts_default(&o);
	ok(wr_repair_check(WR_REPAIR_BOOT_FILES, NULL, 0, &o, &needed, NULL, &err) < 0 &&
	       strcmp(err.msg, "needs the disk, not a store file") == 0,
	   "a store file: not checked (%s)", err.msg);
	return tap_done();
}
