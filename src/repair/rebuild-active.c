/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rebuild-active.c - the store's partition made the active one on an MBR disk, as BIOS boot
 * code starts only that one (catalog P-1). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "base/sha256.h"
#include "internal.h"
#include "repair.h"

static bool staged(struct wr_stage *s, size_t part)
{
	for (size_t t = 0; t < wr_stage_count(s); t++) {
		const struct wr_txn *txn = wr_stage_txn(s, t);

		for (size_t k = 0; k < txn->n_copies; k++)
			if (txn->copies[k].kind == WR_COPY_ACTIVE && txn->copies[k].part == part)
				return true;
	}
	return false;
}

/* The partition of the same disk that is active now, or NULL. */
static const struct wr_part *active_now(const struct wr_inventory *inv, const struct wr_part *p)
{
	for (size_t i = 0; i < inv->n_parts; i++)
		if (inv->parts[i].disk == p->disk && inv->parts[i].active)
			return &inv->parts[i];
	return NULL;
}

static void say(const struct wr_repair_opts *o, struct wr_buf *report)
{
	const struct wr_part *was = active_now(o->inv, o->store_part);

	wr_buf_puts(report, "  ");
	wr_part_describe(o->store_part, report);
	if (was) {
		wr_buf_puts(report, _(": made the active partition, in place of "));
		wr_part_describe(was, report);
		wr_buf_putc(report, '\n');
	} else {
		wr_buf_puts(report, _(": made the active partition (none was)\n"));
	}
}

int wr__rebuild_active(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                       enum wr_firmware fw, bool apply, bool *needed, struct wr_buf *report,
                       struct wr_error *err)
{
	const struct wr_part *p = o->store_part;
	const struct wr_disk *d = &o->inv->disks[p->disk];
	struct wr_file_copy c = {.kind = WR_COPY_ACTIVE,
	                         .hive = hive,
	                         .part = (size_t)(p - o->inv->parts),
	                         .number = p->number,
	                         .path = "",
	                         .from = "",
	                         .shown_path = (char *)p->name,
	                         .shown_from = (char *)d->path,
	                         .size = WR_MBR_SIZE};
	uint8_t mbr[WR_MBR_SIZE], want[WR_MBR_SIZE];

	if (!o->guest || fw != WR_FIRMWARE_BIOS || strcmp(d->table, "mbr") != 0 || p->active ||
	    staged(s, c.part))
		return 0;
	if (p->number < 1 || p->number > 4) {
		if (report)
			wr_buf_printf(
			    report,
			    _("  %s is a logical partition: BIOS starts none, and it cannot "
			      "be made active\n"),
			    p->name);
		return 0;
	}
	if (wr_guest_read_mbr(o->guest, p->disk, mbr, err) < 0)
		return -1;
	if (wr_mbr_set_active(mbr, p->number, want) < 0) {
		wr_error_set(err, EINVAL,
		             _("%s: its first sector has no partition %u to make active"), d->path,
		             p->number);
		return -1;
	}
	*needed = true;
	if (report)
		say(o, report);
	wr_sha256_of(mbr, sizeof(mbr), c.before);
	wr_sha256_of(want, sizeof(want), c.sha256);
	return apply ? wr_txn_copy_file(s, &c, err) : 0;
}
