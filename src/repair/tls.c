/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tls.c - TLS for the RDP server: Schannel's TLS 1.2 server side on (1.0 and 1.1 only when asked),
 * in every control set (catalog R-4). */
#include "config.h"

#include <stdlib.h>
#include <strings.h>

#include "base/i18n.h"
#include "internal.h"
#include "repair.h"
#include "txn/txn.h"

#define SCHANNEL_SERVER(v) "Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS " v "\\Server"

/* "An internal error occurs" (catalog R-4): Enabled = 1, the key created
 * when missing, in ControlSet001 and ControlSet002 as the article writes
 * them.  The catalog offers 1.2 by default: 1.0 and 1.1 are a security
 * regression, only on request (--tls-old). */
static const struct wr_reg_want tls12[] = {
    {SCHANNEL_SERVER("1.2"), "Enabled", WR_REG_WANT_DWORD(1), WR_WANT_ALWAYS},
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

/* Whether control set `set` (a key of the root) has TLS 1.2 server Enabled = 0. */
static bool tls12_off_in(struct wr_hive *h, wr_node set)
{
	struct wr_error err = {0};
	struct wr_value v = {0};
	uint32_t enabled = 1;
	wr_node k;

	if (wr_hive_lookup(h, set, SCHANNEL_SERVER("1.2"), &k, &err) == 0 &&
	    wr_hive_get_value(h, k, "Enabled", &v, &err) == 0 &&
	    wr_value_dword(&v, &enabled, &err) < 0)
		enabled = 1; /* not a DWORD: Schannel does not read it as 0 */
	wr_value_clear(&v);
	return enabled == 0;
}

/* TLS 1.2 switched off on purpose blocks RDP; a key not there yet is the
 * default, which the article writes out only to be sure. */
enum wr_severity wr__repair_tls_severity(struct wr_stage *s, size_t hive,
                                         const struct wr_repair_opts *o)
{
	struct wr_hive *h = wr_stage_hive(s, hive);
	struct wr_error err = {0};
	wr_node *kids = NULL;
	size_t n = 0;
	bool off = false;

	(void)o;
	if (wr_hive_children(h, wr_hive_root(h), &kids, &n, &err) < 0)
		return WR_SEVERITY_INFO;
	for (size_t i = 0; i < n && !off; i++) {
		char *name = wr_hive_node_name(h, kids[i], &err);

		off = name && strncasecmp(name, "ControlSet", 10) == 0 && tls12_off_in(h, kids[i]);
		free(name);
	}
	free(kids);
	return off ? WR_SEVERITY_BLOCKS_RDP : WR_SEVERITY_INFO;
}
