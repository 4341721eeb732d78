/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tls.c - TLS for the RDP server: Schannel's TLS 1.2 server side on (1.0 and 1.1 only when asked),
 * in every control set (catalog R-4). */
#include "config.h"

#include <stdio.h>

#include "base/i18n.h"
#include "internal.h"
#include "repair.h"
#include "txn/txn.h"

#define SCHANNEL_SERVER(v) "Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS " v "\\Server"

/* "An internal error occurs" (catalog R-4): Enabled = 1 in ControlSet001
 * and ControlSet002 as the article writes them.  By default only a value
 * set to something else is corrected: a missing key is Windows' default,
 * TLS 1.2 on since Windows 8 and Server 2012, and no finding.  The
 * catalog offers 1.2 by default; with --tls-old all three are written as
 * the article does, keys created: 1.0 and 1.1 are a security regression. */
static const struct wr_reg_want tls12[] = {
    {SCHANNEL_SERVER("1.2"), "Enabled", WR_REG_WANT_DWORD(1), WR_WANT_IF_VALUE},
};
static const struct wr_reg_want tls_all[] = {
    {SCHANNEL_SERVER("1.0"), "Enabled", WR_REG_WANT_DWORD(1), WR_WANT_ALWAYS},
    {SCHANNEL_SERVER("1.1"), "Enabled", WR_REG_WANT_DWORD(1), WR_WANT_ALWAYS},
    {SCHANNEL_SERVER("1.2"), "Enabled", WR_REG_WANT_DWORD(1), WR_WANT_ALWAYS},
};

int wr__repair_tls(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o, bool *needed,
                   struct wr_buf *report, bool apply, struct wr_error *err)
{
	if (o->tls_old && report)
		wr_buf_printf(report, "  %s\n",
		              _("warning: TLS 1.0 and 1.1 are obsolete and weaken security: turn "
		                "them off again once the clients that need them are updated"));
	if (o->tls_old && apply) /* only the old protocols open a way in */
		wr_txn_mark_weakens_security(s);
	if (o->tls_old)
		return wr__repair_values(s, hive, tls_all, sizeof(tls_all) / sizeof(tls_all[0]),
		                         WR_VALUES_EVERY_CONTROL_SET, needed, report, apply, err);
	return wr__repair_values(s, hive, tls12, 1, WR_VALUES_EVERY_CONTROL_SET, needed, report,
	                         apply, err);
}

/* 1 (which stops the walk) in a control set where TLS 1.2 server Enabled = 0. */
static int tls12_off_in(struct wr_hive *h, const char *set, void *ctx, struct wr_error *err)
{
	char key[160];
	uint32_t enabled = 1;

	(void)ctx;
	(void)err;
	snprintf(key, sizeof(key), "%s\\%s", set, SCHANNEL_SERVER("1.2"));
	return wr__repair_read_dword(h, key, "Enabled", &enabled) && enabled == 0;
}

/* TLS 1.2 switched off on purpose blocks RDP; a key not there yet is the
 * default, which the article writes out only to be sure. */
enum wr_severity wr__repair_tls_severity(struct wr_stage *s, size_t hive,
                                         const struct wr_repair_opts *o)
{
	struct wr_error err = {0};

	(void)o;
	return wr__repair_each_set(wr_stage_hive(s, hive), tls12_off_in, NULL, &err) == 1
	           ? WR_SEVERITY_BLOCKS_RDP
	           : WR_SEVERITY_INFO;
}
