/* SPDX-License-Identifier: GPL-3.0-or-later */
/* loader-files.c - each Windows loader's winload and \Windows on the partitions it names: a check
 * that only reports. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "bcd/bcd.h"
#include "internal.h"
#include "repair.h"

#define ID_DEVICE     0x11000001u /* where the loader's file is */
#define ID_PATH       0x12000002u /* the loader's file: \Windows\system32\winload.efi */
#define ID_OSDEVICE   0x21000001u /* where \Windows is */
#define ID_SYSTEMROOT 0x22000002u /* \Windows */

/* The attached partition a device element of `loader` names (its own or
 * inherited) into *out: the store's for "boot"; NULL for a partition not
 * attached, a RAM disk, a VHD ..., which are not this check's to judge. */
static int partition_of(const struct wr_bcd *bcd, const struct wr_bcd_object *loader, uint32_t id,
                        const struct wr_repair_opts *o, const struct wr_part **out,
                        struct wr_error *err)
{
	struct wr_bcd_inherited in;
	struct wr_bcd_value v = {0};
	int set = wr_bcd_effective(bcd, loader, id, &in, NULL);

	*out = NULL;
	if (set == 0 && wr_bcd_value_decode(in.element, &v) < 0)
		set = -1;
	if (set < 0) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	if (v.valid && v.format == WR_BCD_FORMAT_DEVICE && v.device->kind == WR_BCD_DEVICE_BOOT)
		*out = o->store_part;
	else if (v.valid && v.format == WR_BCD_FORMAT_DEVICE)
		*out = wr_inventory_partition_for(o->inv, v.device);
	wr_bcd_value_clear(&v);
	return 0;
}

/* Element `id` of `loader` as a path with '/' into `out`; false when it is
 * not set or not a string. */
static bool path_of(const struct wr_bcd *bcd, const struct wr_bcd_object *loader, uint32_t id,
                    char *out, size_t len)
{
	struct wr_bcd_inherited in;
	struct wr_bcd_value v = {0};
	bool got = wr_bcd_effective(bcd, loader, id, &in, NULL) == 0 &&
	           wr_bcd_value_decode(in.element, &v) == 0 && v.valid && v.string;

	if (got)
		snprintf(out, len, "%s%s", v.string[0] == '\\' ? "" : "/", v.string);
	for (char *c = out; got && *c; c++)
		if (*c == '\\')
			*c = '/';
	wr_bcd_value_clear(&v);
	return got;
}

/* One of the loader's two: element `path_id` must be on the partition
 * element `device_id` names.  Reports it when that partition is attached. */
static int check_one(const struct wr_bcd *bcd, const struct wr_bcd_object *loader,
                     uint32_t device_id, uint32_t path_id, bool folder,
                     const struct wr_repair_opts *o, bool *needed, struct wr_buf *report,
                     struct wr_error *err)
{
	const struct wr_part *p;
	char path[300], shown[300];
	bool set;
	int there = 0;

	if (partition_of(bcd, loader, device_id, o, &p, err) < 0)
		return -1;
	if (!p)
		return 0;
	set = path_of(bcd, loader, path_id, path, sizeof(path));
	if (set && (there = wr_guest_exists(o->guest, p, path, folder, err)) < 0)
		return -1;
	*needed |= there == 0;
	if (!report)
		return 0;
	wr_buf_puts(report, "  ");
	wr_bcd_object_label(bcd, loader, report);
	wr_buf_putc(report, ' ');
	wr_bcd_element_name(loader, path_id, report);
	if (set) {
		wr_windows_path(path, shown, sizeof(shown));
		wr_buf_printf(report, there ? _(" %s: on ") : _(" %s: missing on "), shown);
		wr_part_describe(p, report);
	} else {
		wr_buf_printf(report, ": %s", _("(not set)"));
	}
	wr_buf_putc(report, '\n');
	return 0;
}

/* Every Windows loader, or only `only`. */
static int check_loaders(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                         const char *only, bool *needed, struct wr_buf *report,
                         struct wr_error *err)
{
	struct wr_bcd *bcd = wr_bcd_load(wr_stage_hive(s, hive), err);
	int r = bcd ? 0 : -1;

	for (size_t i = 0; r == 0 && i < wr_bcd_count(bcd); i++) {
		const struct wr_bcd_object *loader = wr_bcd_object(bcd, i);

		if (loader->type != WR_BCD_TYPE_OSLOADER || (only && strcmp(only, loader->guid)))
			continue;
		r = check_one(bcd, loader, ID_DEVICE, ID_PATH, false, o, needed, report, err);
		if (r == 0)
			r = check_one(bcd, loader, ID_OSDEVICE, ID_SYSTEMROOT, true, o, needed,
			              report, err);
	}
	wr_bcd_free(bcd);
	return r;
}

/* Catalog B-1: a loader whose winload or \Windows is not where its device
 * and osdevice say fails with "a required file is missing" (0xc000000f,
 * 0xc0000225).  Read-only: nothing here is changed. */
int wr__repair_loader_files(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                            bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	(void)apply; /* report_only: never called to apply */
	if (!o->inv || !o->store_part || !o->guest) {
		wr_error_set(
		    err, EINVAL, "%s",
		    _("a store file does not say which partitions it boots: open the disk"));
		return -1;
	}
	return check_loaders(s, hive, o, NULL, needed, report, err);
}

/* It blocks the boot when the default loader is the one missing a file;
 * another loader fails only when chosen from the menu. */
enum wr_severity wr__repair_loader_files_severity(struct wr_stage *s, size_t hive,
                                                  const struct wr_repair_opts *o)
{
	struct wr_bcd *bcd = wr_bcd_load(wr_stage_hive(s, hive), NULL);
	const char *dflt = bcd ? wr_bcd_default_guid(bcd) : NULL;
	char guid[WR_GUID_STRLEN + 1];
	struct wr_error err = {0};
	bool needed = false;

	snprintf(guid, sizeof(guid), "%s", dflt ? dflt : "");
	wr_bcd_free(bcd);
	if (guid[0] && check_loaders(s, hive, o, guid, &needed, NULL, &err) < 0)
		return WR_SEVERITY_BLOCKS_BOOT; /* unknown: the table's */
	return needed || !guid[0] ? WR_SEVERITY_BLOCKS_BOOT : WR_SEVERITY_RISK;
}
