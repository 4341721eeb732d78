/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nla.c - on request, the RDP listener's security eased as the catalog's R-5 does: NLA off,
 * domain credentials allowed, FIPS off, the encryption level down to "client compatible". */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "base/i18n.h"
#include "internal.h"
#include "repair.h"
#include "txn/txn.h"

#define RDP_TCP "Control\\Terminal Server\\WinStations\\RDP-Tcp"

struct nla_run {
	struct wr_stage *s;
	size_t hive;
	bool *needed;
	struct wr_buf *report;
	bool apply;
	size_t sets;
};

/* A listener value R-5 leaves as it is, shown so the user sees the whole
 * picture ("SecurityLayer: REG_DWORD 0x2 (2) (kept)"). */
static void show_kept(struct wr_hive *h, const char *key, const char *name, struct wr_buf *report)
{
	struct wr_error err = {0};
	struct wr_change show = {.kind = WR_CHANGE_REG_SET};
	wr_node k;

	if (wr_hive_lookup(h, wr_hive_root(h), key, &k, &err) != 0 ||
	    wr_hive_get_value(h, k, name, &show.before, &err) != 0)
		return;
	show.had_before = true;
	wr_buf_printf(report, "  %s %s: ", key, name);
	wr_change_format_value(&show, false, report);
	wr_buf_printf(report, "%s\n", _(" (kept)"));
	wr_value_clear(&show.before);
}

static int nla_in(struct wr_hive *h, const char *set, void *ctx, struct wr_error *err)
{
	struct nla_run *c = ctx;
	char listener[160], lsa[64], fips[96];
	uint32_t level = 0;
	/* NLA only where the listener is; the others only where they are set. */
	const struct wr_reg_want w[] = {
	    {listener, "UserAuthentication", WR_REG_WANT_DWORD(0), WR_WANT_IF_KEY},
	    {lsa, "disabledomaincreds", WR_REG_WANT_DWORD(0), WR_WANT_IF_VALUE},
	    {fips, "Enabled", WR_REG_WANT_DWORD(0), WR_WANT_IF_VALUE},
	    {listener, "MinEncryptionLevel", WR_REG_WANT_DWORD(2), WR_WANT_IF_VALUE},
	};
	/* "High" (3) and "FIPS compliant" (4) refuse older clients: down to
	 * "client compatible" (2), the catalog's first step; 2 and 1 kept. */
	bool lower;

	c->sets++;
	snprintf(listener, sizeof(listener), "%s\\%s", set, RDP_TCP);
	snprintf(lsa, sizeof(lsa), "%s\\Control\\Lsa", set);
	snprintf(fips, sizeof(fips), "%s\\Control\\Lsa\\FIPSAlgorithmPolicy", set);
	lower = wr__repair_read_dword(h, listener, "MinEncryptionLevel", &level) && level > 2;
	if (c->report) {
		show_kept(h, listener, "SecurityLayer", c->report);
		if (!lower)
			show_kept(h, listener, "MinEncryptionLevel", c->report);
	}
	return wr__repair_values(c->s, c->hive, w, lower ? 4 : 3, WR_VALUES_AT_ROOT, c->needed,
	                         c->report, c->apply, err);
}

int wr__repair_nla(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o, bool *needed,
                   struct wr_buf *report, bool apply, struct wr_error *err)
{
	struct nla_run c = {s, hive, needed, report, apply, 0};

	(void)o;
	if (wr__repair_each_set(wr_stage_hive(s, hive), nla_in, &c, err) < 0)
		return -1;
	if (c.sets == 0) {
		wr_error_set(err, ENOENT, _("no ControlSetNNN key: not a SYSTEM hive"));
		return -1;
	}
	return 0;
}
