/* SPDX-License-Identifier: GPL-3.0-or-later */
/* default.c - the boot manager's default entry and boot menu name objects the store has: checks
 * that only report. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "base/i18n.h"
#include "bcd/bcd.h"
#include "internal.h"
#include "repair.h"

/* What {bootmgr}'s default names, from worst to fine. */
enum default_state {
	DEFAULT_MISSING,      /* an object the store does not have */
	DEFAULT_UNREADABLE,   /* not a GUID */
	DEFAULT_NOT_LOADER,   /* an object that does not start Windows */
	DEFAULT_OTHER_SYSTEM, /* a legacy loader or boot sector: another system, likely on purpose
	                       */
	DEFAULT_NOT_SET,      /* the boot manager falls back to its menu */
	DEFAULT_LOADER,       /* a Windows loader */
};

/* The store of hive `hive` and its {bootmgr}; NULL (and `err`) when there is
 * none. */
static struct wr_bcd *load_bootmgr(struct wr_stage *s, size_t hive,
                                   const struct wr_bcd_object **bootmgr, struct wr_error *err)
{
	struct wr_bcd *bcd = wr_bcd_load(wr_stage_hive(s, hive), err);

	if (bcd && !(*bootmgr = wr_bcd_get(bcd, WR_BCD_GUID_BOOTMGR))) {
		wr_error_set(err, ENOENT, _("the store has no {bootmgr}"));
		wr_bcd_free(bcd);
		return NULL;
	}
	return bcd;
}

static enum default_state default_state(const struct wr_bcd *bcd,
                                        const struct wr_bcd_object *bootmgr,
                                        const struct wr_bcd_object **target)
{
	const char *guid = wr_bcd_default_guid(bcd);
	uint32_t app;

	*target = guid ? wr_bcd_get(bcd, guid) : NULL;
	if (!wr_bcd_object_element(bootmgr, WR_BCD_EL_BOOTMGR_DEFAULT))
		return DEFAULT_NOT_SET;
	if (!guid)
		return DEFAULT_UNREADABLE;
	if (!*target)
		return DEFAULT_MISSING;
	if ((*target)->type == WR_BCD_TYPE_OSLOADER)
		return DEFAULT_LOADER;
	app = WR_BCD_OBJECT_APP((*target)->type);
	if (WR_BCD_OBJECT_KIND((*target)->type) == 1 &&
	    (app == WR_BCD_APP_NTLDR || app == WR_BCD_APP_BOOTSECTOR))
		return DEFAULT_OTHER_SYSTEM;
	return DEFAULT_NOT_LOADER;
}

/* "  Windows loaders in the store: {a} (A), {b} (B)": what default can be
 * set to. */
static void report_loaders(const struct wr_bcd *bcd, struct wr_buf *report)
{
	size_t n = 0;

	wr_buf_puts(report, _("  Windows loaders in the store:"));
	for (size_t i = 0; i < wr_bcd_count(bcd); i++) {
		const struct wr_bcd_object *obj = wr_bcd_object(bcd, i);

		if (obj->type != WR_BCD_TYPE_OSLOADER)
			continue;
		wr_buf_puts(report, n++ ? ", " : " ");
		wr_bcd_object_label(bcd, obj, report); /* by GUID: none is {default} */
	}
	wr_buf_puts(report, n ? "\n" : _(" none\n"));
}

/* The default element as it is stored, for a value that is not a GUID. */
static void report_raw_default(const struct wr_bcd *bcd, const struct wr_bcd_object *bootmgr,
                               struct wr_buf *report)
{
	const struct wr_bcd_element *el = wr_bcd_object_element(bootmgr, WR_BCD_EL_BOOTMGR_DEFAULT);
	struct wr_bcd_display d = {.bcd = bcd};
	struct wr_bcd_value v;

	if (wr_bcd_value_decode(el, &v) < 0)
		report->oom = true; /* wr_repair_check fails on it */
	else
		wr_bcd_value_format(&d, bootmgr, el, &v, report);
	wr_bcd_value_clear(&v);
}

static void report_default(const struct wr_bcd *bcd, const struct wr_bcd_object *bootmgr,
                           enum default_state state, const struct wr_bcd_object *target,
                           struct wr_buf *report)
{
	wr_buf_puts(report, "  {bootmgr} default: ");
	switch (state) {
	case DEFAULT_MISSING:
		wr_buf_printf(report, _("%s, which the store does not have\n"),
		              wr_bcd_default_guid(bcd));
		break;
	case DEFAULT_UNREADABLE:
		report_raw_default(bcd, bootmgr, report);
		wr_buf_puts(report, _(" (not an object's GUID)\n"));
		break;
	case DEFAULT_NOT_SET:
		wr_buf_puts(report, _("(not set)"));
		wr_buf_putc(report, '\n');
		break;
	default:
		wr_buf_printf(report, "%s ", target->guid);
		wr_bcd_object_label(bcd, target, report);
		if (state != DEFAULT_LOADER)
			wr_buf_printf(report, _(", not a Windows loader (type 0x%08x)"),
			              target->type);
		wr_buf_putc(report, '\n');
	}
	if (state != DEFAULT_LOADER)
		report_loaders(bcd, report);
}

/* Catalog B-1: the boot manager starts its default entry, which must be a
 * Windows loader that is there.  Only bcdedit's user knows which one. */
int wr__repair_default(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                       bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	const struct wr_bcd_object *bootmgr, *target;
	struct wr_bcd *bcd = load_bootmgr(s, hive, &bootmgr, err);
	enum default_state state;

	(void)o;
	(void)apply; /* report_only: never called to apply */
	if (!bcd)
		return -1;
	state = default_state(bcd, bootmgr, &target);
	*needed = state != DEFAULT_LOADER;
	if (report)
		report_default(bcd, bootmgr, state, target, report);
	wr_bcd_free(bcd);
	return 0;
}

/* Another system as the default, or none, may be what the owner chose. */
enum wr_severity wr__repair_default_severity(struct wr_stage *s, size_t hive,
                                             const struct wr_repair_opts *o)
{
	const struct wr_bcd_object *bootmgr, *target;
	struct wr_bcd *bcd = load_bootmgr(s, hive, &bootmgr, NULL);
	enum default_state state = bcd ? default_state(bcd, bootmgr, &target) : DEFAULT_MISSING;

	(void)o;
	wr_bcd_free(bcd);
	return state >= DEFAULT_OTHER_SYSTEM ? WR_SEVERITY_RISK : WR_SEVERITY_BLOCKS_BOOT;
}

/* The boot menu's entries ({bootmgr} displayorder) that the store does not
 * have: the menu leaves them out, and a default among them is gone too. */
int wr__repair_displayorder(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                            bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	const struct wr_bcd_object *bootmgr;
	struct wr_bcd *bcd = load_bootmgr(s, hive, &bootmgr, err);
	const struct wr_bcd_element *el;
	struct wr_bcd_value v = {0};

	(void)o;
	(void)apply; /* report_only: never called to apply */
	if (!bcd)
		return -1;
	el = wr_bcd_object_element(bootmgr, WR_BCD_EL_BOOTMGR_DISPLAYORDER);
	if (el && wr_bcd_value_decode(el, &v) < 0) {
		wr_bcd_free(bcd);
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	if (el && !v.valid) {
		*needed = true;
		if (report)
			wr_buf_printf(report, _("  {bootmgr} displayorder: unreadable (%s)\n"),
			              v.problem);
	}
	for (size_t i = 0; v.valid && i < v.n_list; i++) {
		if (wr_bcd_get(bcd, v.list[i]))
			continue;
		*needed = true;
		if (report)
			wr_buf_printf(
			    report,
			    _("  {bootmgr} displayorder: %s, which the store does not have\n"),
			    v.list[i]);
	}
	wr_bcd_value_clear(&v);
	wr_bcd_free(bcd);
	return 0;
}
