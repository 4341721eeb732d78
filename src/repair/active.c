/* SPDX-License-Identifier: GPL-3.0-or-later */
/* active.c - on an MBR disk read as BIOS, the store's partition is the active one (catalog P-1). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "base/i18n.h"
#include "internal.h"
#include "repair.h"

/* BIOS starts the partition an MBR marks active; UEFI and a GPT disk have
 * no such mark ("Generation 2 VMs don't use an active partition"). */
static bool applies(const struct wr_repair_opts *o)
{
	return !o->store_uefi && strcmp(o->inv->disks[o->store_part->disk].table, "mbr") == 0;
}

/* The partition of the store's disk marked active instead of the store's,
 * or NULL. */
static const struct wr_part *active_other(const struct wr_repair_opts *o)
{
	for (size_t i = 0; i < o->inv->n_parts; i++) {
		const struct wr_part *p = &o->inv->parts[i];

		if (p->disk == o->store_part->disk && p->number != o->store_part->number &&
		    p->active)
			return p;
	}
	return NULL;
}

/* The lines saying which partition is active instead of the store's. */
static void report_other(const struct wr_repair_opts *o, const struct wr_part *on,
                         struct wr_buf *report)
{
	struct wr_buf store = WR_BUF_INIT, other = WR_BUF_INIT;

	wr_part_describe(o->store_part, &store);
	wr_buf_printf(report, _("  the store's partition %s is not active\n"), wr_buf_str(&store));
	if (on) {
		wr_part_describe(on, &other);
		wr_buf_printf(
		    report,
		    _("  active instead: %s; BIOS starts what is there, which may be another "
		      "boot manager on purpose\n"),
		    wr_buf_str(&other));
	} else {
		wr_buf_printf(report,
		              _("  no partition of %s is active: BIOS finds nothing to start\n"),
		              o->inv->disks[o->store_part->disk].path);
	}
	report->oom |= store.oom || other.oom;
	wr_buf_free(&store);
	wr_buf_free(&other);
}

int wr__repair_active(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o, bool *needed,
                      struct wr_buf *report, bool apply, struct wr_error *err)
{
	(void)s, (void)hive, (void)apply;
	if (!o->inv || !o->store_part) {
		wr_error_set(err, EINVAL, _("needs the disk, not a store file"));
		return -1;
	}
	if (!applies(o))
		return 0;
	*needed = !o->store_part->active;
	if (*needed && report)
		report_other(o, active_other(o), report);
	return 0;
}

/* With no partition active nothing starts; another one active may be a
 * boot manager someone put there. */
enum wr_severity wr__repair_active_severity(struct wr_stage *s, size_t hive,
                                            const struct wr_repair_opts *o)
{
	(void)s, (void)hive;
	if (!o->inv || !o->store_part)
		return WR_SEVERITY_BLOCKS_BOOT;
	return active_other(o) ? WR_SEVERITY_RISK : WR_SEVERITY_BLOCKS_BOOT;
}
