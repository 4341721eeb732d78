/* SPDX-License-Identifier: GPL-3.0-or-later */
/* boot-files.c - the boot manager's files beside the store ("BOOTMGR is missing", 0xc000000f). */
#include "config.h"

#include <errno.h>

#include "base/i18n.h"
#include "internal.h"
#include "repair.h"

/* What the firmware starts, on the partition that holds the store. */
struct boot_file {
	const char *path;
	bool uefi;
	bool fallback; /* started only when the firmware has no entry of its own */
};

static const struct boot_file boot_files[] = {
    {"/bootmgr", false, false},
    {"/EFI/Microsoft/Boot/bootmgfw.efi", true, false},
    {"/EFI/Boot/bootx64.efi", true, true},
};

/* The files of the store's firmware that are missing: which ones, and
 * whether the boot manager itself is (*main). */
static int missing_files(const struct wr_repair_opts *o, bool *main, bool *any,
                         struct wr_buf *report, struct wr_error *err)
{
	char shown[64];

	*main = *any = false;
	for (size_t i = 0; i < sizeof(boot_files) / sizeof(boot_files[0]); i++) {
		const struct boot_file *f = &boot_files[i];
		int there;

		if (f->uefi != o->store_uefi)
			continue;
		if ((there = wr_guest_exists(o->guest, o->store_part, f->path, false, err)) < 0)
			return -1;
		*any |= !there;
		*main |= !there && !f->fallback;
		if (!report)
			continue;
		wr_windows_path(f->path, shown, sizeof(shown));
		wr_buf_printf(report, there ? _("  %s: on ") : _("  %s: missing on "), shown);
		wr_part_describe(o->store_part, report);
		wr_buf_putc(report, '\n');
	}
	return 0;
}

int wr__repair_boot_files(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                          bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	bool main;

	(void)s, (void)hive, (void)apply;
	if (!o->guest || !o->store_part) {
		wr_error_set(err, EINVAL, _("needs the disk, not a store file"));
		return -1;
	}
	return missing_files(o, &main, needed, report, err);
}

/* No boot manager: nothing starts.  Only the UEFI fallback missing: the
 * VM starts while its firmware keeps its boot entry (a moved or copied
 * disk loses it). */
enum wr_severity wr__repair_boot_files_severity(struct wr_stage *s, size_t hive,
                                                const struct wr_repair_opts *o)
{
	struct wr_error err = {0};
	bool main = true, any;

	(void)s, (void)hive;
	if (o->guest && o->store_part)
		missing_files(o, &main, &any, NULL, &err);
	return main ? WR_SEVERITY_BLOCKS_BOOT : WR_SEVERITY_RISK;
}
