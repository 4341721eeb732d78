/* SPDX-License-Identifier: GPL-3.0-or-later */
/* imc.c - take the Initial Machine Configuration hive off the loader (stop 0x67). */
#include "config.h"

#include <stdlib.h>

#include "base/i18n.h"
#include "bcd/bcd.h"
#include "internal.h"
#include "repair.h"

/*
 * BcdOSLoaderString_IMCHiveName and BcdOSLoaderDevice_IMCDevice (bcdedit
 * imchivename, imcdevice; Windows 8.1 and later).  Catalog B-9: a loader
 * that names an IMC hive the registry has no configuration for stops with
 * 0x67 CONFIG_INITIALIZATION_FAILED; the fix deletes both.
 */
static const uint32_t imc_elements[] = {0x21000138u, 0x22000137u};

static int clear_loader(struct wr_stage *s, size_t hive, const struct wr_bcd *bcd,
                        const struct wr_bcd_object *loader, bool *needed, struct wr_buf *report,
                        bool apply, struct wr_error *err)
{
	bool any = false;

	for (size_t i = 0; i < sizeof(imc_elements) / sizeof(imc_elements[0]); i++) {
		if (!wr_bcd_object_element(loader, imc_elements[i]))
			continue;
		any = true;
		if (report)
			wr__repair_bcd_show(bcd, loader, imc_elements[i], _(" -> removed"), report);
		if (apply && wr_txn_bcd_delete(s, hive, loader->guid, imc_elements[i], err) < 0)
			return -1;
	}
	if (report && !any) {
		wr_buf_puts(report, "  ");
		wr_bcd_object_label(bcd, loader, report);
		wr_buf_puts(report, _(": no imcdevice, no imchivename\n"));
	}
	*needed |= any;
	return 0;
}

int wr__repair_imc(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o, bool *needed,
                   struct wr_buf *report, bool apply, struct wr_error *err)
{
	return wr__repair_each_loader(s, hive, o, clear_loader, needed, report, apply, err);
}
