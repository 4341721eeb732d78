/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store.c - a boot store that cannot be read (0xc000000f): only a rebuild brings it back. */
#include "config.h"

#include "base/i18n.h"
#include "internal.h"
#include "repair.h"

/* The session stands a new, empty store in for a boot store hivex cannot
 * open, and says why; the finding is that reason. */
int wr__repair_store(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o, bool *needed,
                     struct wr_buf *report, bool apply, struct wr_error *err)
{
	(void)s, (void)hive, (void)apply, (void)err;
	*needed = o->store_unreadable != NULL;
	if (report && *needed)
		wr_buf_printf(report, _("  the store cannot be read: %s\n"), o->store_unreadable);
	else if (report)
		wr_buf_puts(report, _("  the store reads as a registry hive\n"));
	return 0;
}
