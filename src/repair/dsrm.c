/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dsrm.c - start a domain controller in Directory Services Restore Mode (safeboot DsRepair). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/i18n.h"
#include "base/text.h"
#include "bcd/bcd.h"
#include "internal.h"
#include "repair.h"

#define EL_SAFEBOOT       0x25000080u
#define SAFEBOOT_DSREPAIR 2

#define NTDS_PARAMETERS "Services\\NTDS\\Parameters"
#define NTDS_DATABASE   "DSA Database file" /* what makes Windows a domain controller */

/* Where the directory database and its logs are, as the article reads them. */
static const char *const ntds_paths[] = {
    NTDS_DATABASE,
    "DSA Working Directory",
    "Database log files path",
    "Database backup path",
};

/* One report line for NTDS value `name` of key `params` when it is there;
 * 1 when it is not. */
static int report_path(struct wr_hive *h, wr_node params, const char *set, const char *name,
                       struct wr_buf *report, struct wr_error *err)
{
	struct wr_value v = {0};
	struct wr_error e = {0};
	char *text = NULL;
	int r = wr_hive_get_value(h, params, name, &v, err);

	if (r == 0 && report && !(text = wr_value_string(&v, &e)) && e.code == ENOMEM) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		r = -1;
	}
	if (r == 0 && report) {
		wr_buf_printf(report, "  %s\\%s %s: ", set, NTDS_PARAMETERS, name);
		wr_buf_put_printable(report, text ? text : _("(not a string)"));
		wr_buf_putc(report, '\n');
	}
	free(text);
	wr_value_clear(&v);
	return r;
}

int wr__repair_ntds(struct wr_stage *s, const struct wr_repair_opts *o, struct wr_buf *report,
                    struct wr_error *err)
{
	struct wr_hive *h;
	char set[16], key[64];
	wr_node params;
	int r, dc = 0;

	if (o->system_hive < 0)
		return 0;
	h = wr_stage_hive(s, (size_t)o->system_hive);
	if ((r = wr__repair_current_set(h, set, err)) != 0) {
		if (r == 1)
			wr_error_set(err, EINVAL, "%s",
			             _("the SYSTEM hive has no Select\\Current: which control set "
			               "Windows starts is unknown"));
		return -1;
	}
	snprintf(key, sizeof(key), "%s\\%s", set, NTDS_PARAMETERS);
	r = wr_hive_lookup(h, wr_hive_root(h), key, &params, err);
	for (size_t i = 0; r == 0 && i < sizeof(ntds_paths) / sizeof(ntds_paths[0]); i++) {
		int got = report_path(h, params, set, ntds_paths[i], report, err);

		if (got < 0)
			r = -1;
		else if (got == 0 && i == 0)
			dc = 1;
	}
	return r < 0 ? -1 : dc;
}

static int set_dsrepair(struct wr_stage *s, size_t hive, const struct wr_bcd *bcd,
                        const struct wr_bcd_object *loader, bool *needed, struct wr_buf *report,
                        bool apply, struct wr_error *err)
{
	int has =
	    wr__repair_bcd_has(bcd, loader, EL_SAFEBOOT, false, SAFEBOOT_DSREPAIR, report, err);

	if (has != 0)
		return has < 0 ? -1 : 0;
	*needed = true;
	if (!apply)
		return 0;
	return wr_txn_bcd_set_integer(s, hive, loader->guid, EL_SAFEBOOT, SAFEBOOT_DSREPAIR, err);
}

/* Catalog B-5: on request, a domain controller's loader starts in
 * Directory Services Restore Mode; `repair safeboot` turns it off. */
int wr__repair_dsrm(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o, bool *needed,
                    struct wr_buf *report, bool apply, struct wr_error *err)
{
	int dc;

	if (o->system_hive < 0) {
		wr_error_set(err, EINVAL, "%s",
		             _("the SYSTEM hive says whether Windows is a domain controller: give "
		               "--system FILE, or the disk"));
		return -1;
	}
	dc = wr__repair_ntds(s, o, report, err);
	if (dc == 0)
		wr_error_set(err, EINVAL, "%s",
		             _("not a domain controller: the SYSTEM hive has no NTDS database "
		               "(Services\\NTDS\\Parameters, DSA Database file)"));
	if (dc != 1)
		return -1;
	return wr__repair_each_loader(s, hive, o, set_dsrepair, needed, report, apply, err);
}
