/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bootmenu.c - a boot menu that closes by itself: {bootmgr} timeout 5 where displaybootmenu
 * has none. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/i18n.h"
#include "bcd/bcd.h"
#include "internal.h"
#include "repair.h"

#define EL_TIMEOUT         0x25000004u
#define EL_DISPLAYBOOTMENU 0x26000020u
#define WANTED_TIMEOUT     5 /* seconds, as the article sets it */

/* The timeout the menu gets: 0 when none is set or it cannot be read,
 * which is what leaves it waiting. */
static int read_timeout(const struct wr_bcd_object *bootmgr, uint64_t *out, struct wr_error *err)
{
	struct wr_bcd_value v;
	int set = wr__repair_bcd_own(bootmgr, EL_TIMEOUT, &v, err);

	*out = set == 1 && v.valid && v.format == WR_BCD_FORMAT_INTEGER ? v.integer : 0;
	wr_bcd_value_clear(&v);
	return set < 0 ? -1 : 0;
}

/*
 * Catalog B-4: with displaybootmenu yes and no timeout (or 0) the boot
 * manager waits at its menu for a key no one presses.  The article's
 * offline fix keeps the menu and gives it a timeout; displaybootmenu stays,
 * as the serial repair sets it on purpose (the menu is the serial console's
 * way in).
 */
int wr__repair_bootmenu(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                        bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	struct wr_bcd *bcd = wr_bcd_load(wr_stage_hive(s, hive), err);
	const struct wr_bcd_object *bootmgr = bcd ? wr_bcd_get(bcd, WR_BCD_GUID_BOOTMGR) : NULL;
	uint64_t timeout = 0;
	int menu = 0, r = 0;
	char wanted[16];

	(void)o; /* the boot manager is the store's, whatever loader is chosen */
	if (!bcd)
		return -1;
	if (!bootmgr) {
		if (report)
			wr_buf_puts(report, _("  no {bootmgr}: no boot menu to wait at\n"));
		goto out;
	}
	menu = wr__repair_bcd_own_on(bootmgr, EL_DISPLAYBOOTMENU, err);
	if (menu < 0 || read_timeout(bootmgr, &timeout, err) < 0) {
		r = -1;
		goto out;
	}
	if (report) {
		wr__repair_bcd_show(bcd, bootmgr, EL_DISPLAYBOOTMENU,
		                    menu ? "" : _(" (the menu is not forced on)"), report);
		snprintf(wanted, sizeof(wanted), " -> %d", WANTED_TIMEOUT);
		if (menu)
			wr__repair_bcd_show(bcd, bootmgr, EL_TIMEOUT,
			                    timeout ? _(" (the menu closes by itself)") : wanted,
			                    report);
	}
	if (menu && timeout == 0) {
		*needed = true;
		if (apply)
			r = wr_txn_bcd_set_integer(s, hive, bootmgr->guid, EL_TIMEOUT,
			                           WANTED_TIMEOUT, err);
	}
out:
	wr_bcd_free(bcd);
	return r;
}
