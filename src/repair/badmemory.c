/* SPDX-License-Identifier: GPL-3.0-or-later */
/* badmemory.c - clear the list of memory pages the boot manager keeps Windows away from. */
#include "config.h"

#include <stdlib.h>

#include "base/i18n.h"
#include "bcd/bcd.h"
#include "internal.h"
#include "repair.h"

#define EL_BADMEMORYLIST 0x1700000au

/*
 * Catalog B-7: Windows Memory Diagnostic writes the pages it found bad into
 * {badmemory}; when they are pages the VM's memory needs (a list carried
 * over from other hardware, or stale), the boot fails with 0xC0000017.  The
 * article deletes the list once it has entries.  A list that does not
 * decode is not empty either: it goes too.
 */
int wr__repair_badmemory(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                         bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	struct wr_bcd *bcd = wr_bcd_load(wr_stage_hive(s, hive), err);
	const struct wr_bcd_object *badmemory = bcd ? wr_bcd_get(bcd, WR_BCD_GUID_BADMEMORY) : NULL;
	struct wr_bcd_value v;
	size_t pages = 0;
	int set = 0, r = 0;
	bool empty, valid;

	(void)o; /* {badmemory} is the store's, whatever loader is chosen */
	if (!bcd)
		return -1;
	if (!badmemory) {
		if (report)
			wr_buf_puts(report,
			            _("  no {badmemory} object: nothing marks memory bad\n"));
		goto out;
	}
	set = wr__repair_bcd_own(badmemory, EL_BADMEMORYLIST, &v, err);
	valid = v.valid;
	pages = valid ? v.n_integers : 0;
	wr_bcd_value_clear(&v);
	if (set < 0) {
		r = -1;
		goto out;
	}
	/* Our decoder calls 0 bytes invalid; for the boot manager it is no page. */
	empty = set == 0 || wr_bcd_object_element(badmemory, EL_BADMEMORYLIST)->len == 0 ||
	        (valid && pages == 0);
	if (report && valid && pages)
		wr_buf_printf(report,
		              P_("  {badmemory} badmemorylist: %zu page -> removed\n",
		                 "  {badmemory} badmemorylist: %zu pages -> removed\n", pages),
		              pages);
	else if (report)
		wr__repair_bcd_show(bcd, badmemory, EL_BADMEMORYLIST,
		                    empty ? _(" (no page marked bad)") : _(" -> removed"), report);
	if (!empty) {
		*needed = true;
		if (apply)
			r = wr_txn_bcd_delete(s, hive, badmemory->guid, EL_BADMEMORYLIST, err);
	}
out:
	wr_bcd_free(bcd);
	return r;
}
