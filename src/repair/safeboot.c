/* SPDX-License-Identifier: GPL-3.0-or-later */
/* safeboot.c - take the loader out of Safe Mode, wherever its safeboot comes from. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "base/i18n.h"
#include "bcd/bcd.h"
#include "internal.h"
#include "repair.h"

#define EL_SAFEBOOT       0x25000080u
#define EL_ALTERNATESHELL 0x26000081u
#define SAFEBOOT_DSREPAIR 2

static const uint32_t safe_mode_elements[] = {EL_SAFEBOOT, EL_ALTERNATESHELL};

/* Objects on a loader's inherit walk that hold element `id` themselves:
 * removing it from all of them is what makes the effective value go away. */
struct holders {
	uint32_t id;
	const struct wr_bcd_object *found[64];
	size_t n;
};

static bool collect_holder(const struct wr_bcd_object *obj, void *opaque)
{
	struct holders *h = opaque;

	if (wr_bcd_object_element(obj, h->id) && h->n < sizeof(h->found) / sizeof(h->found[0]))
		h->found[h->n++] = obj;
	return false;
}

struct reach {
	const struct wr_bcd_object *target;
	bool found;
};

static bool is_target(const struct wr_bcd_object *obj, void *opaque)
{
	struct reach *r = opaque;

	r->found = obj == r->target;
	return r->found;
}

/* "also inherited by {a} (A), {b} (B)": the other loaders a shared settings
 * object changes too. */
static void report_sharing(const struct wr_bcd *bcd, const struct wr_bcd_object *loader,
                           const struct wr_bcd_object *holder, struct wr_buf *report)
{
	struct wr_buf others = WR_BUF_INIT;

	for (size_t i = 0; i < wr_bcd_count(bcd); i++) {
		const struct wr_bcd_object *o = wr_bcd_object(bcd, i);
		struct reach r = {holder, false};

		if (o == loader || o == holder || o->type != WR_BCD_TYPE_OSLOADER)
			continue;
		if (wr_bcd_walk_inherit(bcd, o, is_target, &r, NULL) < 0)
			others.oom = true; /* the list would leave a loader out */
		if (r.found) {
			wr_buf_puts(&others, others.len ? ", " : "");
			wr_bcd_object_label(bcd, o, &others);
		}
	}
	report->oom |= others.oom;
	if (others.len)
		wr_buf_printf(report, _("  %s is also inherited by: %s\n"), holder->guid,
		              wr_buf_str(&others));
	wr_buf_free(&others);
}

/* One line for element `id` of `loader`: its effective value and source,
 * and on a domain controller (`dc`) what DsRepair is, not to remove it
 * unexplained. */
static void report_effective(const struct wr_bcd *bcd, const struct wr_bcd_object *loader,
                             const struct wr_bcd_inherited *in, bool dc, struct wr_buf *report)
{
	struct wr_bcd_display d = {.bcd = bcd};
	struct wr_bcd_value v;

	wr_buf_puts(report, "  ");
	wr_bcd_element_name(in->source, in->element->id, report);
	wr_buf_putc(report, ' ');
	if (wr_bcd_value_decode(in->element, &v) < 0)
		report->oom = true; /* wr_repair_check fails on it */
	else
		wr_bcd_value_format(&d, in->source, in->element, &v, report);
	if (dc && in->element->id == EL_SAFEBOOT && v.valid && v.integer == SAFEBOOT_DSREPAIR)
		wr_buf_puts(report, _(": Directory Services Restore Mode of a domain controller "
		                      "(NTDS present)"));
	wr_bcd_value_clear(&v);
	if (in->source != loader)
		wr_buf_printf(report, _(", inherited from %s"), in->source->guid);
	wr_buf_putc(report, '\n');
}

static int clear_loader(struct wr_stage *s, size_t hive, const struct wr_bcd *bcd,
                        const struct wr_bcd_object *loader, bool dc, bool *needed,
                        struct wr_buf *report, bool apply, struct wr_error *err)
{
	bool any = false;

	if (report)
		wr_bcd_object_label(bcd, loader, report);
	for (size_t e = 0; e < sizeof(safe_mode_elements) / sizeof(safe_mode_elements[0]); e++) {
		struct holders h = {.id = safe_mode_elements[e]};
		struct wr_bcd_inherited in;
		int set = wr_bcd_effective(bcd, loader, h.id, &in, NULL);

		if (set < 0)
			goto oom; /* not "starts normally": that is unknown */
		if (set)
			continue;
		if (report && !any)
			wr_buf_puts(report, _(": starts in Safe Mode\n"));
		any = true;
		if (report)
			report_effective(bcd, loader, &in, dc, report);
		if (wr_bcd_walk_inherit(bcd, loader, collect_holder, &h, NULL) < 0)
			goto oom; /* removing it from some holders would leave it inherited */
		for (size_t i = 0; i < h.n; i++) {
			if (report && h.found[i] != loader)
				report_sharing(bcd, loader, h.found[i], report);
			if (apply && wr_txn_bcd_delete(s, hive, h.found[i]->guid, h.id, err) < 0)
				return -1;
		}
	}
	if (report && !any)
		wr_buf_puts(report, _(": starts normally (no safeboot, none inherited)\n"));
	*needed |= any;
	return 0;
oom:
	wr_error_set(err, ENOMEM, _("out of memory"));
	return -1;
}

/* Whether the session's SYSTEM hive shows a domain controller.  A SYSTEM
 * hive that cannot tell only leaves DsRepair unexplained; running out of
 * memory fails the check. */
static int is_dc(struct wr_stage *s, const struct wr_repair_opts *o, bool *dc, struct wr_error *err)
{
	struct wr_error e = {0};
	int r = wr__repair_ntds(s, o, NULL, &e);

	*dc = r == 1;
	if (r < 0 && e.code == ENOMEM) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	return 0;
}

int wr__repair_safeboot(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                        bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	const struct wr_bcd_object **loaders = NULL;
	struct wr_bcd *bcd = NULL;
	size_t n = 0;
	bool dc;
	int r = is_dc(s, o, &dc, err);

	if (r == 0 && !(bcd = wr_bcd_load(wr_stage_hive(s, hive), err)))
		r = -1;
	if (r == 0)
		r = wr__repair_loaders(bcd, o, &loaders, &n, err);
	for (size_t i = 0; r == 0 && i < n; i++)
		r = clear_loader(s, hive, bcd, loaders[i], dc, needed, report, apply, err);
	free(loaders);
	wr_bcd_free(bcd);
	return r;
}
