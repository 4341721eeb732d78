/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcd-elements.c - what the BCD repairs share: the loaders they work on, and reading and showing
 * an object's elements. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "bcd/bcd.h"
#include "internal.h"
#include "repair.h"

int wr__repair_loaders(const struct wr_bcd *bcd, const struct wr_repair_opts *o,
                       const struct wr_bcd_object ***out, size_t *n, struct wr_error *err)
{
	size_t count = wr_bcd_count(bcd);
	const struct wr_bcd_object **list = calloc(count + 1, sizeof(*list));

	*n = 0;
	if (!list) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	if (o->all_loaders) {
		for (size_t i = 0; i < count; i++)
			if (wr_bcd_object(bcd, i)->type == WR_BCD_TYPE_OSLOADER)
				list[(*n)++] = wr_bcd_object(bcd, i);
		if (*n == 0)
			wr_error_set(err, ENOENT, _("the store has no Windows loader"));
	} else {
		const char *id = o->loader ? o->loader : "{default}";

		list[0] = wr_bcd_find(bcd, id, err);
		*n = list[0] ? 1 : 0;
		if (list[0] && list[0]->type != WR_BCD_TYPE_OSLOADER) {
			wr_error_set(err, EINVAL, _("%s is not a Windows loader (type 0x%08x)"), id,
			             list[0]->type);
			*n = 0;
		}
	}
	if (*n == 0) {
		free(list);
		return -1;
	}
	*out = list;
	return 0;
}

int wr__repair_bcd_has(const struct wr_bcd *bcd, const struct wr_bcd_object *obj, uint32_t id,
                       bool boolean, uint64_t want, struct wr_buf *report, struct wr_error *err)
{
	struct wr_bcd_display d = {.bcd = bcd};
	struct wr_bcd_inherited in;
	struct wr_bcd_value v = {0};
	bool same = false;
	int set = wr_bcd_effective(bcd, obj, id, &in, NULL);

	if (set == 0 && wr_bcd_value_decode(in.element, &v) < 0)
		set = -1;
	if (set < 0) { /* not "(not set)": whether it is set is unknown */
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	same = set == 0 && v.valid &&
	       (boolean ? v.format == WR_BCD_FORMAT_BOOLEAN && v.boolean == (want != 0)
	                : v.format == WR_BCD_FORMAT_INTEGER && v.integer == want);
	if (report) {
		const struct wr_bcd_element_info *info = wr_bcd_element_info(obj->type, id);
		const char *name = info && !boolean ? wr_bcd_enum_value_name(info, want) : NULL;

		wr_buf_printf(report, "  %s ", wr_bcd_object_ref(&d, obj->guid));
		wr_bcd_element_name(obj, id, report);
		wr_buf_puts(report, ": ");
		if (v.format)
			wr_bcd_value_format(&d, in.source, in.element, &v, report);
		else
			wr_buf_puts(report, _("(not set)"));
		if (same)
			wr_buf_puts(report, _(" (as wanted)"));
		else if (boolean)
			wr_buf_printf(report, " -> %s", want ? "Yes" : "No");
		else if (name)
			wr_buf_printf(report, " -> %s", name);
		else
			wr_buf_printf(report, " -> %" PRIu64, want);
		wr_buf_putc(report, '\n');
	}
	wr_bcd_value_clear(&v);
	return same;
}

int wr__repair_bcd_own(const struct wr_bcd_object *obj, uint32_t id, struct wr_bcd_value *v,
                       struct wr_error *err)
{
	const struct wr_bcd_element *el = wr_bcd_object_element(obj, id);

	memset(v, 0, sizeof(*v));
	if (!el)
		return 0;
	if (wr_bcd_value_decode(el, v) < 0) { /* not "not set": that is unknown */
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	return 1;
}

int wr__repair_bcd_own_on(const struct wr_bcd_object *obj, uint32_t id, struct wr_error *err)
{
	struct wr_bcd_value v;
	int set = wr__repair_bcd_own(obj, id, &v, err);
	bool on = set == 1 && v.valid && v.format == WR_BCD_FORMAT_BOOLEAN && v.boolean;

	wr_bcd_value_clear(&v);
	return set < 0 ? -1 : on;
}

void wr__repair_bcd_show(const struct wr_bcd *bcd, const struct wr_bcd_object *obj, uint32_t id,
                         const char *tail, struct wr_buf *report)
{
	struct wr_bcd_display d = {.bcd = bcd};
	const struct wr_bcd_element *el = wr_bcd_object_element(obj, id);
	struct wr_bcd_value v = {0};

	wr_buf_printf(report, "  %s ", wr_bcd_object_ref(&d, obj->guid));
	wr_bcd_element_name(obj, id, report);
	wr_buf_puts(report, ": ");
	if (!el)
		wr_buf_puts(report, _("(not set)"));
	else if (wr_bcd_value_decode(el, &v) < 0)
		report->oom = true; /* wr_repair_check fails on it */
	else
		wr_bcd_value_format(&d, obj, el, &v, report);
	wr_bcd_value_clear(&v);
	wr_buf_printf(report, "%s\n", tail);
}

int wr__repair_each_loader(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                           wr__loader_step step, bool *needed, struct wr_buf *report, bool apply,
                           struct wr_error *err)
{
	struct wr_bcd *bcd = wr_bcd_load(wr_stage_hive(s, hive), err);
	const struct wr_bcd_object **loaders = NULL;
	size_t n = 0;
	int r = bcd ? wr__repair_loaders(bcd, o, &loaders, &n, err) : -1;

	for (size_t i = 0; r == 0 && i < n; i++)
		r = step(s, hive, bcd, loaders[i], needed, report, apply, err);
	free(loaders);
	wr_bcd_free(bcd);
	return r;
}
