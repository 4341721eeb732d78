/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-repair-table.c - what the repair table says of each repair: names found back, and the
 * hives a repair on disks loads (its own, and the ones its plan reads or also writes). */
#include "config.h"

#include "repair/repair.h"
#include "tap.h"
#include "txn/txn.h"

#define SYSTEM   WR_KIND_BIT(WR_KIND_SYSTEM)
#define SOFTWARE WR_KIND_BIT(WR_KIND_SOFTWARE)
#define BCD      WR_KIND_BIT(WR_KIND_BCD)

int main(void)
{
	static const struct {
		const char *name;
		unsigned hives;
	} want[] = {
	    {"safeboot", BCD | SYSTEM},          /* a domain controller's DSRM is kept */
	    {"dsrm", BCD | SYSTEM},              /* whether it is one */
	    {"lkg", SYSTEM | SOFTWARE},          /* the Windows version */
	    {"firewall-off", SYSTEM | SOFTWARE}, /* the policy profiles too */
	    {"listener-reset", SYSTEM | SOFTWARE},
	    {"termservice", SYSTEM},
	    {"serial", BCD},
	    {"credssp", SOFTWARE},
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		enum wr_repair_kind k;
		bool found = wr_repair_by_name(want[i].name, &k) == 0;

		ok(found, "%s is in the table", want[i].name);
		if (!found)
			continue;
		is_int(wr_repair_hives_read(k), want[i].hives,
		       "%s: given disks, it loads what it reads", want[i].name);
	}
	return tap_done();
}
