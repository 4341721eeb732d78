/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bootmgr.c - recreate a missing {bootmgr} from what the store and the disk say (0xc0000034). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/utf16.h"
#include "bcd/bcd.h"
#include "internal.h"
#include "repair.h"

#define ID_DEVICE            0x11000001u
#define ID_PATH              0x12000002u
#define ID_DESCRIPTION       0x12000004u
#define ID_LOCALE            0x12000005u
#define ID_RECOVERYSEQUENCE  0x14000008u
#define ID_LOADER_RESUME     0x23000003u /* a loader's resumeobject */
#define ID_RESUMEOBJECT      0x23000006u
#define ID_TOOLSDISPLAYORDER 0x24000010u
#define ID_TIMEOUT           0x25000004u
#define ID_RECOVERYOS        0x46000010u /* marks the Windows Recovery Environment loader */

#define UEFI_PATH WR_BCD_UEFI_BOOTMGR_PATH

/* What the new {bootmgr} gets, read from the store. */
struct plan {
	const struct wr_bcd_object **loaders; /* displayorder; the first is the default */
	size_t n_loaders;
	char *locale;       /* the default loader's, else en-US */
	const char *resume; /* the default loader's resume object, when it exists */
};

/* Whether `guid` is in object list element `id` of `obj`; -1 on ENOMEM. */
static int in_list(const struct wr_bcd_object *obj, uint32_t id, const char *guid)
{
	const struct wr_bcd_element *el = wr_bcd_object_element(obj, id);
	struct wr_bcd_value v = {0};
	int found = 0;

	if (!el)
		return 0;
	if (wr_bcd_value_decode(el, &v) < 0)
		return -1;
	for (size_t i = 0; v.valid && i < v.n_list; i++)
		found |= strcmp(v.list[i], guid) == 0;
	wr_bcd_value_clear(&v);
	return found;
}

/* A recovery entry (WinRE) is no menu entry: it is marked as one, or some
 * object names it as its recovery sequence.  -1 on ENOMEM. */
static int is_recovery(const struct wr_bcd *bcd, const struct wr_bcd_object *loader)
{
	const struct wr_bcd_element *el = wr_bcd_object_element(loader, ID_RECOVERYOS);
	struct wr_bcd_value v = {0};
	int r = 0;

	if (el && wr_bcd_value_decode(el, &v) < 0)
		return -1;
	if (v.valid && v.boolean)
		r = 1;
	wr_bcd_value_clear(&v);
	for (size_t i = 0; r == 0 && i < wr_bcd_count(bcd); i++)
		r = in_list(wr_bcd_object(bcd, i), ID_RECOVERYSEQUENCE, loader->guid);
	return r;
}

/* String element `id` of `obj`, own or inherited, decoded (malloc'd); NULL
 * when it has none.  -1 on ENOMEM. */
static int effective_string(const struct wr_bcd *bcd, const struct wr_bcd_object *obj, uint32_t id,
                            char **out)
{
	struct wr_bcd_inherited in;
	struct wr_bcd_value v = {0};
	int set = wr_bcd_effective(bcd, obj, id, &in, NULL);

	*out = NULL;
	if (set == 0 && wr_bcd_value_decode(in.element, &v) < 0)
		set = -1;
	if (set == 0 && v.valid && v.string && v.string[0] && !(*out = strdup(v.string)))
		set = -1;
	wr_bcd_value_clear(&v);
	return set < 0 ? -1 : 0;
}

/* The resume object the default loader names, when the store has it. */
static int resume_of(const struct wr_bcd *bcd, const struct wr_bcd_object *loader, const char **out)
{
	const struct wr_bcd_element *el = wr_bcd_object_element(loader, ID_LOADER_RESUME);
	const struct wr_bcd_object *resume = NULL;
	struct wr_bcd_value v = {0};

	*out = NULL;
	if (!el)
		return 0;
	if (wr_bcd_value_decode(el, &v) < 0)
		return -1;
	if (v.valid && v.string)
		resume = wr_bcd_get(bcd, v.string);
	*out = resume ? resume->guid : NULL;
	wr_bcd_value_clear(&v);
	return 0;
}

static void plan_free(struct plan *p)
{
	free(p->loaders);
	free(p->locale);
}

static int make_plan(const struct wr_bcd *bcd, struct plan *p, struct wr_error *err)
{
	size_t count = wr_bcd_count(bcd);
	int r = 0;

	*p = (struct plan){.loaders = calloc(count + 1, sizeof(*p->loaders))};
	if (!p->loaders)
		goto oom;
	for (size_t i = 0; r >= 0 && i < count; i++) {
		const struct wr_bcd_object *obj = wr_bcd_object(bcd, i);

		if (obj->type == WR_BCD_TYPE_OSLOADER && (r = is_recovery(bcd, obj)) == 0)
			p->loaders[p->n_loaders++] = obj;
	}
	if (r < 0 ||
	    (p->n_loaders && (effective_string(bcd, p->loaders[0], ID_LOCALE, &p->locale) < 0 ||
	                      resume_of(bcd, p->loaders[0], &p->resume) < 0)))
		goto oom;
	if (!p->locale && !(p->locale = strdup("en-US")))
		goto oom;
	return 0;
oom:
	plan_free(p);
	wr_error_set(err, ENOMEM, _("out of memory"));
	return -1;
}

/* What the check reports: why it is needed and what {bootmgr} will get. */
static void report_plan(const struct wr_bcd *bcd, const struct plan *p,
                        const struct wr_repair_opts *o, struct wr_buf *report)
{
	wr_buf_printf(report,
	              _("  no object %s (Windows Boot Manager, type 0x%08x) in the store\n"),
	              WR_BCD_GUID_BOOTMGR, WR_BCD_TYPE_BOOTMGR);
	if (p->n_loaders == 0)
		wr_buf_puts(report,
		            _("  the store has no Windows loader: the new {bootmgr} gets no "
		              "default and no displayorder\n"));
	for (size_t i = 0; i < p->n_loaders; i++) {
		wr_buf_puts(report, i == 0 ? _("  default and displayorder: ") : ", ");
		wr_bcd_object_label(bcd, p->loaders[i], report);
	}
	if (p->n_loaders)
		wr_buf_putc(report, '\n');
	wr_buf_printf(report, _("  description Windows Boot Manager, locale %s, timeout 30\n"),
	              p->locale);
	if (!o->inv || !o->store_part) {
		wr_buf_puts(report,
		            _("  no device from a store file: `winrescue repair devices` on "
		              "the disk sets it\n"));
	} else if (o->store_uefi) {
		wr_buf_puts(report, "  device partition=");
		wr_part_describe(o->store_part, report);
		wr_buf_puts(report, ", path " UEFI_PATH "\n");
	} else {
		wr_buf_puts(report, _("  device boot, and no path, as on every BIOS store\n"));
	}
}

/* A string element as Windows writes it: UTF-16LE, one NUL, or two
 * (`extra_nul`) as bcdboot writes the UEFI path. */
static int set_string(struct wr_stage *s, size_t hive, uint32_t id, const char *text,
                      bool extra_nul, struct wr_error *err)
{
	size_t len;
	uint8_t *data = wr_utf16le_encode(text, &len), *grown;
	int r;

	grown = data && extra_nul ? realloc(data, len + 2) : data;
	if (!grown) {
		free(data);
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	if (extra_nul)
		memset(grown + len, 0, 2);
	r = wr_txn_bcd_set(s, hive, WR_BCD_GUID_BOOTMGR, id, WR_REG_SZ, grown,
	                   len + (extra_nul ? 2 : 0), err);
	free(grown);
	return r;
}

/* An object list: each GUID and its NUL in UTF-16LE, then a final NUL. */
static int set_list(struct wr_stage *s, size_t hive, uint32_t id,
                    const struct wr_bcd_object *const *objs, size_t n, struct wr_error *err)
{
	size_t each = 2 * (WR_GUID_STRLEN + 1), len = each * n + 2;
	uint8_t *data = calloc(1, len);
	int r;

	if (!data) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < WR_GUID_STRLEN; c++)
			data[i * each + 2 * c] = (uint8_t)objs[i]->guid[c];
	r = wr_txn_bcd_set(s, hive, WR_BCD_GUID_BOOTMGR, id, WR_REG_MULTI_SZ, data, len, err);
	free(data);
	return r;
}

/* The device: the store's partition on UEFI, `boot` on BIOS (as Windows
 * writes each); none from a store file. */
static int set_device(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                      struct wr_error *err)
{
	uint8_t dev[WR_BCD_DEVICE_SIZE];

	if (!o->inv || !o->store_part)
		return 0;
	if (!o->store_uefi)
		wr_bcd_device_boot(dev);
	else if (wr__repair_device_for(o->inv, o->store_part, dev, err) < 0 ||
	         set_string(s, hive, ID_PATH, UEFI_PATH, true, err) < 0)
		return -1;
	return wr_txn_bcd_set(s, hive, WR_BCD_GUID_BOOTMGR, ID_DEVICE, WR_REG_BINARY, dev,
	                      sizeof(dev), err);
}

static int create(struct wr_stage *s, size_t hive, const struct wr_bcd *bcd, const struct plan *p,
                  const struct wr_repair_opts *o, struct wr_error *err)
{
	const struct wr_bcd_object *settings = wr_bcd_get(bcd, WR_BCD_GUID_GLOBALSETTINGS);
	const struct wr_bcd_object *memdiag = wr_bcd_get(bcd, WR_BCD_GUID_MEMDIAG);
	const char *bm = WR_BCD_GUID_BOOTMGR;

	if (wr_txn_bcd_create(s, hive, bm, WR_BCD_TYPE_BOOTMGR, err) < 0 ||
	    set_device(s, hive, o, err) < 0 ||
	    set_string(s, hive, ID_DESCRIPTION, "Windows Boot Manager", false, err) < 0 ||
	    set_string(s, hive, ID_LOCALE, p->locale, false, err) < 0 ||
	    (settings && set_list(s, hive, WR_BCD_EL_INHERIT, &settings, 1, err) < 0) ||
	    (p->n_loaders &&
	     set_string(s, hive, WR_BCD_EL_BOOTMGR_DEFAULT, p->loaders[0]->guid, false, err) < 0) ||
	    (p->resume && set_string(s, hive, ID_RESUMEOBJECT, p->resume, false, err) < 0) ||
	    (p->n_loaders && set_list(s, hive, WR_BCD_EL_BOOTMGR_DISPLAYORDER, p->loaders,
	                              p->n_loaders, err) < 0) ||
	    (memdiag && set_list(s, hive, ID_TOOLSDISPLAYORDER, &memdiag, 1, err) < 0))
		return -1;
	return wr_txn_bcd_set_integer(s, hive, bm, ID_TIMEOUT, 30, err);
}

/* Catalog B-6, with the default and device the article leaves out. */
int wr__repair_bootmgr(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                       bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	struct wr_bcd *bcd = wr_bcd_load(wr_stage_hive(s, hive), err);
	struct plan p;
	int r = 0;

	if (!bcd)
		return -1;
	if (wr_bcd_get(bcd, WR_BCD_GUID_BOOTMGR)) {
		if (report)
			wr_buf_puts(report, _("  the store has its {bootmgr}\n"));
	} else if ((r = make_plan(bcd, &p, err)) == 0) {
		*needed = true;
		if (report)
			report_plan(bcd, &p, o, report);
		if (apply)
			r = create(s, hive, bcd, &p, o, err);
		plan_free(&p);
	}
	wr_bcd_free(bcd);
	return r;
}

/* A store with no Windows loader either (one bcdedit /createstore left
 * empty) does not boot with a {bootmgr} alone: what is missing then is not
 * what stops Windows. */
enum wr_severity wr__repair_bootmgr_severity(struct wr_stage *s, size_t hive,
                                             const struct wr_repair_opts *o)
{
	struct wr_bcd *bcd = wr_bcd_load(wr_stage_hive(s, hive), NULL);
	bool loader = !bcd; /* unknown: the table's severity */

	(void)o;
	for (size_t i = 0; bcd && !loader && i < wr_bcd_count(bcd); i++)
		loader = wr_bcd_object(bcd, i)->type == WR_BCD_TYPE_OSLOADER;
	wr_bcd_free(bcd);
	return loader ? WR_SEVERITY_BLOCKS_BOOT : WR_SEVERITY_INFO;
}
