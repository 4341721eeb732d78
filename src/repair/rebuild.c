/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rebuild.c - bcdboot on an existing store: each Windows installation's loader, the settings
 * objects and {bootmgr} as bcdboot writes them, the store's other entries kept. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/sha256.h"
#include "internal.h"
#include "repair.h"

#define ID_DEVICE       0x11000001u
#define ID_PATH         0x12000002u
#define ID_OSDEVICE     0x21000001u
#define ID_SYSTEMROOT   0x22000002u
#define ID_RESUMEOBJECT 0x23000003u

/* One Windows installation of the store's disk, and the GUIDs its entry
 * keeps (its loader already in the store) or gets (new ones). */
struct target {
	const struct wr_windows *windows;
	const struct wr_part *part;
	bool existing; /* its loader is in the store */
};

struct plan {
	struct wr_bcd_template t;
	struct wr_bcd_template_windows *entries;
	struct target *targets;
	const char **others; /* the menu's other entries, kept after ours (the store's GUIDs) */
};

/* What the rebuild does to an existing store, as the template goes by. */
struct apply {
	struct wr_stage *s;
	size_t hive;
	const struct wr_bcd *bcd; /* the store before the rebuild */
	const struct wr_repair_opts *o;
	bool apply, *needed;
	struct wr_buf *report;
};

/* A new entry's GUID, named by what it boots (the Windows partition's
 * device element, its systemroot, loader or resume object): the check and
 * the transaction name the same objects, and a rebuild done again gives
 * the entry it gave before.  An RFC 9562 version 8 GUID from SHA-256. */
static void entry_guid(const struct wr_bcd_template_windows *e, const char *role,
                       char out[WR_GUID_STRLEN + 1])
{
	struct wr_sha256 h;
	char hex[65];
	uint8_t b[16];

	wr_sha256_init(&h);
	wr_sha256_update(&h, "winrescue rebuild", 18);
	wr_sha256_update(&h, e->device, sizeof(e->device));
	for (const char *c = e->systemroot; *c; c++) {
		char lower = (char)tolower((unsigned char)*c); /* as Windows compares paths */

		wr_sha256_update(&h, &lower, 1);
	}
	wr_sha256_update(&h, role, strlen(role) + 1);
	wr_sha256_hex(&h, hex);
	for (size_t i = 0; i < sizeof(b); i++)
		sscanf(hex + 2 * i, "%2hhx", &b[i]);
	b[7] = (uint8_t)((b[7] & 0x0f) | 0x80); /* version 8: the third field's top bits */
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80); /* RFC 9562 variant */
	wr_guid_format(b, out);
}

/* Element `id` of `obj`, decoded; valid false when it is not there. */
static int decode(const struct wr_bcd_object *obj, uint32_t id, struct wr_bcd_value *v)
{
	const struct wr_bcd_element *el = wr_bcd_object_element(obj, id);

	*v = (struct wr_bcd_value){0};
	return el ? wr_bcd_value_decode(el, v) : 0;
}

int wr__repair_loader_starts(const struct wr_bcd_object *loader, const struct wr_windows *w,
                             const struct wr_repair_opts *o)
{
	struct wr_bcd_value dev, root;
	const struct wr_part *p = NULL;
	int r = 0;

	if (decode(loader, ID_OSDEVICE, &dev) < 0 || decode(loader, ID_SYSTEMROOT, &root) < 0) {
		wr_bcd_value_clear(&dev);
		return -1;
	}
	if (dev.valid && dev.format == WR_BCD_FORMAT_DEVICE)
		p = dev.device->kind == WR_BCD_DEVICE_BOOT
		        ? o->store_part
		        : wr_inventory_partition_for(o->inv, dev.device);
	r = p == &o->inv->parts[w->part] && root.valid && root.string &&
	    strcasecmp(root.string, w->systemroot) == 0;
	wr_bcd_value_clear(&dev);
	wr_bcd_value_clear(&root);
	return r;
}

/* The loader and resume GUIDs of entry `e`: the store's, when a loader
 * there starts this Windows, else new ones. */
static int pick_guids(const struct wr_bcd *bcd, struct target *w, struct wr_bcd_template_windows *e,
                      const struct wr_repair_opts *o, struct wr_error *err)
{
	for (size_t i = 0; i < wr_bcd_count(bcd) && !w->existing; i++) {
		const struct wr_bcd_object *obj = wr_bcd_object(bcd, i);
		struct wr_bcd_value resume;
		int r;

		if (obj->type != WR_BCD_TYPE_OSLOADER)
			continue;
		if ((r = wr__repair_loader_starts(obj, w->windows, o)) < 0 ||
		    decode(obj, ID_RESUMEOBJECT, &resume) < 0)
			goto oom;
		if (r == 1) {
			w->existing = true;
			snprintf(e->loader, sizeof(e->loader), "%s", obj->guid);
			if (resume.valid && resume.string && wr_bcd_get(bcd, resume.string))
				snprintf(e->resume, sizeof(e->resume), "%s", resume.string);
		}
		wr_bcd_value_clear(&resume);
	}
	if (!e->loader[0])
		entry_guid(e, "loader", e->loader);
	if (!e->resume[0])
		entry_guid(e, "resume", e->resume);
	return 0;
oom:
	wr_error_set(err, ENOMEM, _("out of memory"));
	return -1;
}

/* The partition a device value names; `boot` is the store's own. */
static const struct wr_part *device_part(const struct wr_bcd_value *v,
                                         const struct wr_repair_opts *o)
{
	if (!v->valid || v->format != WR_BCD_FORMAT_DEVICE)
		return NULL;
	if (v->device->kind == WR_BCD_DEVICE_BOOT)
		return o->store_part;
	return wr_inventory_partition_for(o->inv, v->device);
}

/* Whether the store's element already says what the template would write:
 * the same bytes, the same text in another case (Windows compares paths
 * so), or a device naming the same partition.  -1 on ENOMEM. */
static int same_value(const struct wr_bcd_element *have, const struct wr_bcd_element *want,
                      const struct wr_repair_opts *o)
{
	struct wr_bcd_value a, b;
	int same;

	if (have->reg_type == want->reg_type && have->len == want->len &&
	    memcmp(have->data, want->data, want->len) == 0)
		return 1;
	a = (struct wr_bcd_value){0};
	b = (struct wr_bcd_value){0};
	if (wr_bcd_value_decode(have, &a) < 0 || wr_bcd_value_decode(want, &b) < 0) {
		wr_bcd_value_clear(&a);
		return -1;
	}
	if (!a.valid || !b.valid)
		same = 0;
	else if (a.format == WR_BCD_FORMAT_STRING)
		same = a.string && b.string && strcasecmp(a.string, b.string) == 0;
	else if (a.format == WR_BCD_FORMAT_DEVICE)
		same = device_part(&a, o) && device_part(&a, o) == device_part(&b, o);
	else
		same = 0;
	wr_bcd_value_clear(&a);
	wr_bcd_value_clear(&b);
	return same;
}

/* The elements that say where things are: set even where the store has
 * them, when they point elsewhere.  Every other one the store has is kept
 * (bcdboot without /c migrates them). */
static bool locates(uint32_t id)
{
	return id == ID_DEVICE || id == ID_PATH || id == ID_OSDEVICE || id == ID_SYSTEMROOT ||
	       id == ID_RESUMEOBJECT || id == WR_BCD_EL_BOOTMGR_DISPLAYORDER || id == 0x23000006u;
}

/* An object as bcdedit names it: {bootmgr}, or its GUID. */
static const char *ref(const char *guid)
{
	const char *alias = wr_bcd_alias_for_guid(guid);

	return alias ? alias : guid;
}

static int sink_object(void *opaque, const char *guid, uint32_t type, struct wr_error *err)
{
	struct apply *a = opaque;

	if (wr_bcd_get(a->bcd, guid))
		return 0;
	*a->needed = true;
	if (a->report)
		wr_buf_printf(a->report, _("  new object %s (%s)\n"), ref(guid),
		              _(wr_bcd_object_heading(type, guid)));
	return a->apply ? wr_txn_bcd_create(a->s, a->hive, guid, type, err) : 0;
}

static int sink_element(void *opaque, const char *guid, uint32_t id, uint32_t reg_type,
                        const void *data, size_t len, struct wr_error *err)
{
	struct apply *a = opaque;
	const struct wr_bcd_object *obj = wr_bcd_get(a->bcd, guid);
	const struct wr_bcd_element *have = obj ? wr_bcd_object_element(obj, id) : NULL;
	struct wr_bcd_element want = {id, reg_type, len, (uint8_t *)data};
	int same = 0;

	if (have && !locates(id))
		return 0;
	if (have && (same = same_value(have, &want, a->o)) < 0) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	if (same)
		return 0;
	*a->needed = true;
	if (a->report && obj) {
		wr_buf_printf(a->report, "  %s ", ref(guid));
		wr_bcd_element_name(obj, id, a->report);
		wr_buf_puts(a->report,
		            have ? _(": points elsewhere, set again\n") : _(": added\n"));
	}
	return a->apply ? wr_txn_bcd_set(a->s, a->hive, guid, id, reg_type, data, len, err) : 0;
}

static void plan_free(struct plan *p)
{
	free(p->entries);
	free(p->targets);
	free(p->others);
}

/* The Windows installations to boot: the one --windows names, else every
 * one on the store's disk (a rescue VM's other disks are not ours). */
static int pick_targets(struct plan *p, const struct wr_repair_opts *o, struct wr_error *err)
{
	const struct wr_inventory *inv = o->inv;
	size_t n = 0;

	for (size_t i = 0; i < inv->n_windows; i++) {
		const struct wr_part *part = &inv->parts[inv->windows[i].part];

		if (o->windows ? strcmp(part->name, o->windows) != 0
		               : part->disk != o->store_part->disk)
			continue;
		p->targets[n] = (struct target){&inv->windows[i], part, false};
		p->entries[n].description =
		    inv->windows[i].product[0] ? inv->windows[i].product : "Windows";
		p->entries[n].systemroot = inv->windows[i].systemroot;
		if (wr__repair_device_for(inv, part, p->entries[n].device, err) < 0)
			return -1;
		n++;
	}
	if (n == 0 && o->windows)
		wr_error_set(err, ENOENT, _("%s holds no Windows installation"), o->windows);
	else if (n == 0)
		wr_error_set(err, ENOENT, _("the store's disk holds no Windows installation"));
	p->t.n_windows = n;
	return n ? 0 : -1;
}

/* The menu's entries that stay after ours: those the store has. */
static int keep_others(struct plan *p, const struct wr_bcd *bcd)
{
	const struct wr_bcd_object *bm = wr_bcd_get(bcd, WR_BCD_GUID_BOOTMGR);
	struct wr_bcd_value order;

	if (!bm || decode(bm, WR_BCD_EL_BOOTMGR_DISPLAYORDER, &order) < 0)
		return bm ? -1 : 0;
	if (order.valid && !(p->others = calloc(order.n_list + 1, sizeof(*p->others)))) {
		wr_bcd_value_clear(&order);
		return -1;
	}
	for (size_t i = 0; order.valid && i < order.n_list; i++) {
		const struct wr_bcd_object *other = wr_bcd_get(bcd, order.list[i]);
		bool ours = false;

		for (size_t k = 0; k < p->t.n_windows; k++)
			ours |= strcmp(order.list[i], p->entries[k].loader) == 0;
		if (!ours && other)
			p->others[p->t.n_others++] = other->guid;
	}
	p->t.others = p->others;
	wr_bcd_value_clear(&order);
	return 0;
}

/* UEFI where the store's disk has a GPT, unless --firmware says. */
static enum wr_firmware firmware_of(const struct wr_repair_opts *o)
{
	if (o->firmware >= 0)
		return (enum wr_firmware)o->firmware;
	return strcmp(o->inv->disks[o->store_part->disk].table, "gpt") == 0 ? WR_FIRMWARE_UEFI
	                                                                    : WR_FIRMWARE_BIOS;
}

static int make_plan(const struct wr_bcd *bcd, const struct wr_repair_opts *o, struct plan *p,
                     struct wr_error *err)
{
	size_t n = o->inv->n_windows;

	*p = (struct plan){.t = {.firmware = firmware_of(o), .locale = "en-US"}};
	p->entries = calloc(n + 1, sizeof(*p->entries));
	p->targets = calloc(n + 1, sizeof(*p->targets));
	if (!p->entries || !p->targets)
		goto oom;
	p->t.windows = p->entries;
	if (wr__repair_device_for(o->inv, o->store_part, p->t.system_device, err) < 0 ||
	    pick_targets(p, o, err) < 0)
		return -1;
	for (size_t i = 0; i < p->t.n_windows; i++)
		if (pick_guids(bcd, &p->targets[i], &p->entries[i], o, err) < 0)
			return -1;
	if (keep_others(p, bcd) < 0)
		goto oom;
	return 0;
oom:
	wr_error_set(err, ENOMEM, _("out of memory"));
	return -1;
}

/* What the report says of each installation before the elements. */
static void report_targets(const struct plan *p, const struct wr_repair_opts *o,
                           struct wr_buf *report)
{
	if (o->store_created)
		wr_buf_puts(report, _("  there is no store: a new one is made there\n"));
	else if (o->store_unreadable)
		wr_buf_printf(
		    report,
		    _("  the store cannot be read (%s): a new one replaces the file whole, "
		      "the old file kept as a backup\n"),
		    o->store_unreadable);
	else if (o->store_replaced)
		wr_buf_puts(report,
		            _("  a new store replaces the file whole, the old one kept as a "
		              "backup\n"));
	wr_buf_printf(report, _("  %s boot files on "),
	              p->t.firmware == WR_FIRMWARE_UEFI ? "UEFI" : "BIOS");
	wr_part_describe(o->store_part, report);
	wr_buf_putc(report, '\n');
	for (size_t i = 0; i < p->t.n_windows; i++) {
		wr_buf_printf(report, "  %s %s: ", p->entries[i].description,
		              p->entries[i].systemroot);
		wr_part_describe(p->targets[i].part, report);
		wr_buf_puts(report, p->targets[i].existing ? _(", its loader kept\n")
		                                           : _(", a new loader\n"));
	}
}

/* The store's own Description as Windows writes a system store's: System
 * 1, and TreatAsSystem 1 on UEFI.  Set only when missing. */
static int store_description(struct apply *a, enum wr_firmware fw, struct wr_error *err)
{
	static const char *const names[] = {"System", "TreatAsSystem"};
	struct wr_hive *h = wr_stage_hive(a->s, a->hive);
	const uint8_t one[4] = {1, 0, 0, 0};
	struct wr_value v;
	wr_node desc;
	int r, found = wr_hive_lookup(h, wr_hive_root(h), "Description", &desc, err);

	for (size_t i = 0; found >= 0 && i < (fw == WR_FIRMWARE_UEFI ? 2u : 1u); i++) {
		r = found == 1 ? 1 : wr_hive_get_value(h, desc, names[i], &v, err);
		if (r < 0)
			return -1;
		if (r == 0) {
			wr_value_clear(&v);
			continue;
		}
		*a->needed = true;
		if (a->report)
			wr_buf_printf(a->report, _("  the store's Description %s: added\n"),
			              names[i]);
		if (a->apply && wr_txn_reg_set(a->s, a->hive, "Description", names[i], WR_REG_DWORD,
		                               one, sizeof(one), err) < 0)
			return -1;
	}
	return found < 0 ? -1 : 0;
}

int wr__repair_rebuild(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                       bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	struct wr_bcd *bcd;
	struct plan p;
	struct apply a = {s, hive, NULL, o, apply, needed, NULL};
	struct wr_bcd_template_sink sink = {sink_object, sink_element, &a};
	int r;

	if (!o->inv || !o->store_part) {
		wr_error_set(err, EINVAL,
		             _("rebuild needs the disk, not a store file: it reads the "
		               "partitions the store boots from"));
		return -1;
	}
	if (!(bcd = wr_bcd_load(wr_stage_hive(s, hive), err)))
		return -1;
	a.bcd = bcd;
	if ((r = make_plan(bcd, o, &p, err)) == 0) {
		if (report)
			report_targets(&p, o, report);
		a.report = report;
		r = wr_bcd_template_store(&p.t, &sink, err);
		if (r == 0)
			r = store_description(&a, p.t.firmware, err);
		/* As bcdboot, from the first installation it boots. */
		if (r == 0)
			r = wr__rebuild_boot_files(s, hive, o, p.targets[0].windows, p.t.firmware,
			                           apply, needed, report, err);
		if (r == 0)
			r = wr__rebuild_active(s, hive, o, p.t.firmware, apply, needed, report, err);
	}
	plan_free(&p);
	wr_bcd_free(bcd);
	return r;
}
