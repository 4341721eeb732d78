/* SPDX-License-Identifier: GPL-3.0-or-later */
/* devices.c - device and osdevice pointing at the partitions the store and Windows are on.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/guid.h"
#include "base/i18n.h"
#include "bcd/bcd.h"
#include "internal.h"
#include "repair.h"

#define ID_DEVICE       0x11000001 /* device: where the boot application's file is */
#define ID_OSDEVICE     0x21000001 /* osdevice: where \Windows is (a resume object's filedevice) */
#define ID_RESUMEOBJECT 0x23000003

/* The Windows the loader boots: the one installation on the store's disk,
 * else the one installation attached.  Several leave the choice to people. */
static const struct wr_part *windows_part(const struct wr_repair_opts *o, struct wr_error *err)
{
	const struct wr_inventory *inv = o->inv;
	const struct wr_part *on_disk = NULL;
	size_t n_on_disk = 0;

	for (size_t i = 0; i < inv->n_windows; i++) {
		const struct wr_part *p = &inv->parts[inv->windows[i].part];

		if (p->disk == o->store_part->disk) {
			on_disk = p;
			n_on_disk++;
		}
	}
	if (n_on_disk == 1)
		return on_disk;
	if (n_on_disk == 0 && inv->n_windows == 1)
		return &inv->parts[inv->windows[0].part];
	if (inv->n_windows == 0)
		wr_error_set(err, ENOENT, "%s", _("no attached partition holds Windows"));
	else
		wr_error_set(err, EINVAL,
		             _("%zu Windows installations are attached: cannot tell which one the "
		               "loader boots"),
		             inv->n_windows);
	return NULL;
}

/* That identity is never changed here: the BCD follows the disk, not the
 * reverse. */
int wr__repair_device_for(const struct wr_inventory *inv, const struct wr_part *p,
                          uint8_t out[WR_BCD_DEVICE_SIZE], struct wr_error *err)
{
	const struct wr_disk *d = &inv->disks[p->disk];
	uint8_t disk[16], part[16];

	if (strcmp(d->table, "mbr") == 0 && d->signature != 0) {
		wr_bcd_device_mbr(out, d->signature, p->start);
		return 0;
	}
	if (strcmp(d->table, "gpt") == 0 && wr_guid_parse(d->disk_guid, disk) == 0 &&
	    wr_guid_parse(p->guid, part) == 0) {
		wr_bcd_device_gpt(out, disk, part);
		return 0;
	}
	wr_error_set(err, EINVAL, _("%s: its disk has no signature or GUID a device can name"),
	             p->name);
	return -1;
}

/* Whether a device value already boots from `want`.  `boot` is the
 * partition the boot manager was read from, which is the store's. */
static bool device_is(const struct wr_bcd_value *v, const struct wr_part *want,
                      const struct wr_repair_opts *o)
{
	if (!v->valid || v->format != WR_BCD_FORMAT_DEVICE)
		return false;
	if (v->device->kind == WR_BCD_DEVICE_BOOT)
		return o->store_part == want;
	return wr_inventory_partition_for(o->inv, v->device) == want;
}

/* Devices that hold a file (a VHD, a RAM disk) or are found at boot are a
 * deliberate set-up, not a stale partition: they are left alone. */
static bool device_is_elsewhere(const struct wr_bcd_value *v)
{
	return v->valid && v->format == WR_BCD_FORMAT_DEVICE &&
	       v->device->kind != WR_BCD_DEVICE_BOOT && v->device->kind != WR_BCD_DEVICE_PARTITION;
}

/* One device element and the partition it must name.  An optional one is
 * only corrected, never added. */
struct target {
	const struct wr_bcd_object *obj;
	uint32_t id;
	const struct wr_part *part;
	bool optional;
};

/* The report line for `t`: its value `v` (from `in`), and what becomes of it. */
static void report_device(const struct wr_bcd_display *d, const struct target *t,
                          const struct wr_bcd_inherited *in, const struct wr_bcd_value *v, bool ok,
                          bool elsewhere, struct wr_buf *report)
{
	wr_buf_printf(report, "  %s ", wr_bcd_object_ref(d, t->obj->guid));
	wr_bcd_element_name(t->obj, t->id, report);
	wr_buf_puts(report, ": ");
	if (v->format)
		wr_bcd_value_format(d, in->source, in->element, v, report);
	else
		wr_buf_puts(report, _("(not set)"));
	if (ok)
		wr_buf_puts(report, _(" (as wanted)"));
	else if (elsewhere)
		wr_buf_puts(report, _(" (not a partition: left alone)"));
	else {
		wr_buf_puts(report, " -> partition=");
		wr_part_describe(t->part, report);
	}
	wr_buf_putc(report, '\n');
}

/* Check `t` (the element as `t->obj` has it, own or inherited): one report
 * line; set it on the object when `apply`. */
static int check_device(struct wr_stage *s, size_t hive, const struct wr_bcd *bcd,
                        const struct target *t, const struct wr_repair_opts *o, bool *needed,
                        struct wr_buf *report, bool apply, struct wr_error *err)
{
	struct wr_bcd_display d = {.bcd = bcd,
	                           .partition = wr_inventory_name_partition,
	                           .partition_opaque = (void *)o->inv};
	uint8_t data[WR_BCD_DEVICE_SIZE];
	struct wr_bcd_inherited in;
	struct wr_bcd_value v = {0};
	bool ok, elsewhere;
	int set = wr_bcd_effective(bcd, t->obj, t->id, &in, NULL);

	if (set == 0 && wr_bcd_value_decode(in.element, &v) < 0)
		set = -1;
	if (set < 0) { /* not "(not set)", which would set it */
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	if (set == 1 && t->optional)
		return 0;
	ok = device_is(&v, t->part, o);
	elsewhere = device_is_elsewhere(&v);
	if (report)
		report_device(&d, t, &in, &v, ok, elsewhere, report);
	wr_bcd_value_clear(&v);
	if (ok || elsewhere)
		return 0;
	*needed = true;
	if (!apply)
		return 0;
	if (wr__repair_device_for(o->inv, t->part, data, err) < 0)
		return -1;
	return wr_txn_bcd_set(s, hive, t->obj->guid, t->id, WR_REG_BINARY, data, sizeof(data), err);
}

/* The loader's resume object (hibernation) in *out, when it names one that
 * exists, else NULL; -1 (ENOMEM) when the name could not be read. */
static int resume_of(const struct wr_bcd *bcd, const struct wr_bcd_object *loader,
                     const struct wr_bcd_object **out, struct wr_error *err)
{
	const struct wr_bcd_element *el = wr_bcd_object_element(loader, ID_RESUMEOBJECT);
	struct wr_bcd_value v = {0};

	*out = NULL;
	if (!el)
		return 0;
	if (wr_bcd_value_decode(el, &v) < 0) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	if (v.valid && v.string)
		*out = wr_bcd_get(bcd, v.string);
	wr_bcd_value_clear(&v);
	return 0;
}

/* Catalog B-1: the boot manager's device on the store's partition, the
 * loader's device and osdevice on the Windows partition.  Stale partition
 * devices of {memdiag} and of the loader's resume object, which a moved disk
 * leaves behind too, are corrected the same way. */
static int targets(const struct wr_bcd *bcd, const struct wr_bcd_object *loader,
                   const struct wr_part *store, const struct wr_part *windows, struct target out[6],
                   size_t *count, struct wr_error *err)
{
	const struct wr_bcd_object *bootmgr = wr_bcd_get(bcd, WR_BCD_GUID_BOOTMGR);
	const struct wr_bcd_object *memdiag = wr_bcd_get(bcd, WR_BCD_GUID_MEMDIAG);
	const struct wr_bcd_object *resume;
	size_t n = 0;

	if (resume_of(bcd, loader, &resume, err) < 0)
		return -1;
	if (bootmgr)
		out[n++] = (struct target){bootmgr, ID_DEVICE, store, false};
	if (memdiag)
		out[n++] = (struct target){memdiag, ID_DEVICE, store, true};
	out[n++] = (struct target){loader, ID_DEVICE, windows, false};
	out[n++] = (struct target){loader, ID_OSDEVICE, windows, false};
	if (resume) {
		out[n++] = (struct target){resume, ID_DEVICE, windows, true};
		out[n++] = (struct target){resume, ID_OSDEVICE, windows, true};
	}
	*count = n;
	return 0;
}

int wr__repair_devices(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                       bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	const struct wr_bcd_object **loader = NULL;
	const struct wr_part *windows;
	struct target t[6];
	struct wr_bcd *bcd;
	size_t n;
	int r;

	if (!o->inv || !o->store_part) {
		wr_error_set(
		    err, EINVAL, "%s",
		    _("a store file does not say which partitions it boots: open the disk"));
		return -1;
	}
	if (o->all_loaders) {
		wr_error_set(err, EINVAL, "%s",
		             _("devices repairs one loader at a time: name it with --loader"));
		return -1;
	}
	if (!(windows = windows_part(o, err)) || !(bcd = wr_bcd_load(wr_stage_hive(s, hive), err)))
		return -1;
	r = wr__repair_loaders(bcd, o, &loader, &n, err);
	if (r == 0)
		r = targets(bcd, loader[0], o->store_part, windows, t, &n, err);
	for (size_t i = 0; r == 0 && i < n; i++)
		r = check_device(s, hive, bcd, &t[i], o, needed, report, apply, err);
	free(loader);
	wr_bcd_free(bcd);
	return r;
}
