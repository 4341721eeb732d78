/* SPDX-License-Identifier: GPL-3.0-or-later */
/* crashdump.c - memory dumps on: CrashControl in every control set of the SYSTEM hive. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "base/i18n.h"
#include "base/le.h"
#include "base/utf16.h"
#include "internal.h"
#include "repair.h"

int wr__repair_crashdump(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                         bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	uint8_t enabled[4], nmi[4];
	size_t path_len = 0;
	uint8_t *path = wr_utf16le_encode("%SystemRoot%\\MEMORY.DMP", &path_len);
	/* The article's three values, as REG ADD writes them. */
	const struct wr_reg_want w[] = {
	    {"Control\\CrashControl",
	     "CrashDumpEnabled",
	     {WR_REG_DWORD, 4, enabled},
	     WR_WANT_ALWAYS},
	    {"Control\\CrashControl",
	     "DumpFile",
	     {WR_REG_EXPAND_SZ, path_len, path},
	     WR_WANT_ALWAYS},
	    {"Control\\CrashControl", "NMICrashDump", {WR_REG_DWORD, 4, nmi}, WR_WANT_ALWAYS},
	};
	int r;

	if (!path) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	wr_put_le(enabled, o->dump_type, 4);
	wr_put_le(nmi, 1, 4);
	r = wr__repair_values(s, hive, w, sizeof(w) / sizeof(w[0]), WR_VALUES_EVERY_CONTROL_SET,
	                      needed, report, apply, err);
	free(path);
	return r;
}
