/* SPDX-License-Identifier: GPL-3.0-or-later */
/* recovery.c - out of the Automatic Repair loop: recoveryenabled No, bootstatuspolicy
 * IgnoreAllFailures. */
#include "config.h"

#include <stdlib.h>

#include "internal.h"
#include "repair.h"

/* Catalog B-2, part of the standard BCD repair (B-1): on the loader. */
static const struct {
	uint32_t id;
	bool boolean;
	uint64_t want;
} settings[] = {
    {0x16000009, true, 0},  /* recoveryenabled No */
    {0x250000e0, false, 1}, /* bootstatuspolicy IgnoreAllFailures */
};

/* Both settings on one loader. */
static int recover_loader(struct wr_stage *s, size_t hive, const struct wr_bcd *bcd,
                          const struct wr_bcd_object *loader, bool *needed, struct wr_buf *report,
                          bool apply, struct wr_error *err)
{
	for (size_t k = 0; k < sizeof(settings) / sizeof(settings[0]); k++) {
		int has = wr__repair_bcd_has(bcd, loader, settings[k].id, settings[k].boolean,
		                             settings[k].want, report, err);
		int r = 0;

		if (has < 0)
			return -1;
		if (has)
			continue;
		*needed = true;
		if (apply && settings[k].boolean)
			r = wr_txn_bcd_set_boolean(s, hive, loader->guid, settings[k].id, false,
			                           err);
		else if (apply)
			r = wr_txn_bcd_set_integer(s, hive, loader->guid, settings[k].id,
			                           settings[k].want, err);
		if (r < 0)
			return -1;
	}
	return 0;
}

int wr__repair_recovery(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                        bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	return wr__repair_each_loader(s, hive, o, recover_loader, needed, report, apply, err);
}
