/* SPDX-License-Identifier: GPL-3.0-or-later */
/* loaders.c - every Windows installation of the store's disk has a loader that starts it. */
#include "config.h"

#include <errno.h>

#include "base/i18n.h"
#include "internal.h"
#include "repair.h"

/* The loader that starts `w`, or NULL; -1 on ENOMEM. */
static int loader_of(const struct wr_bcd *bcd, const struct wr_windows *w,
                     const struct wr_repair_opts *o, const struct wr_bcd_object **out)
{
	*out = NULL;
	for (size_t i = 0; i < wr_bcd_count(bcd) && !*out; i++) {
		const struct wr_bcd_object *obj = wr_bcd_object(bcd, i);
		int r = obj->type == WR_BCD_TYPE_OSLOADER ? wr__repair_loader_starts(obj, w, o) : 0;

		if (r < 0)
			return -1;
		if (r)
			*out = obj;
	}
	return 0;
}

/* How many installations of the store's disk have a loader, of how many;
 * one line each to `report`.  -1 on ENOMEM. */
static int count_started(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                         size_t *started, size_t *all, struct wr_buf *report, struct wr_error *err)
{
	struct wr_bcd *bcd = wr_bcd_load(wr_stage_hive(s, hive), err);
	const struct wr_bcd_object *loader;

	*started = *all = 0;
	if (!bcd)
		return -1;
	for (size_t i = 0; i < o->inv->n_windows; i++) {
		const struct wr_windows *w = &o->inv->windows[i];

		if (o->inv->parts[w->part].disk != o->store_part->disk)
			continue;
		if (loader_of(bcd, w, o, &loader) < 0) {
			wr_bcd_free(bcd);
			wr_error_set(err, ENOMEM, _("out of memory"));
			return -1;
		}
		(*all)++;
		*started += loader != NULL;
		if (!report)
			continue;
		wr_buf_printf(report, "  %s %s ", w->product[0] ? w->product : "Windows",
		              w->systemroot);
		wr_part_describe(&o->inv->parts[w->part], report);
		if (loader) {
			wr_buf_puts(report, _(": started by "));
			wr_bcd_object_label(bcd, loader, report);
			wr_buf_putc(report, '\n');
		} else {
			wr_buf_puts(report, _(": no loader starts it\n"));
		}
	}
	wr_bcd_free(bcd);
	return 0;
}

int wr__repair_windows_loaders(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                               bool *needed, struct wr_buf *report, bool apply,
                               struct wr_error *err)
{
	size_t started, all;

	(void)apply;
	if (!o->inv || !o->store_part) {
		wr_error_set(err, EINVAL, _("needs the disk, not a store file"));
		return -1;
	}
	if (count_started(s, hive, o, &started, &all, report, err) < 0)
		return -1;
	*needed = started < all;
	return 0;
}

/* No Windows the store can start: nothing boots.  One of several left off
 * the menu is a risk. */
enum wr_severity wr__repair_windows_loaders_severity(struct wr_stage *s, size_t hive,
                                                     const struct wr_repair_opts *o)
{
	size_t started = 0, all = 0;
	struct wr_error err = {0};

	if (count_started(s, hive, o, &started, &all, NULL, &err) < 0)
		return WR_SEVERITY_BLOCKS_BOOT;
	return started == 0 ? WR_SEVERITY_BLOCKS_BOOT : WR_SEVERITY_RISK;
}
