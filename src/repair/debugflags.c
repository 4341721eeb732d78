/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debugflags.c - revert the debugging settings of a boot analysis: integrity checks back on, no
 * test signing, no boot log. */
#include "config.h"

#include <stdlib.h>

#include "base/i18n.h"
#include "bcd/bcd.h"
#include "internal.h"
#include "repair.h"

#define EL_RECOVERYENABLED        0x16000009u
#define EL_NOINTEGRITYCHECKS      0x16000048u
#define EL_TESTSIGNING            0x16000049u
#define EL_INTEGRITYSERVICES      0x1500004bu
#define EL_BOOTLOG                0x26000090u
#define EL_BOOTSTATUSPOLICY       0x250000e0u
#define INTEGRITYSERVICES_ENABLE  1
#define INTEGRITYSERVICES_DISABLE 2
#define IGNORE_ALL_FAILURES       1

/*
 * The settings catalog B-8's "dump crash" analysis turns on, in the order
 * its revert takes them back: the booleans are deleted, integrityservices
 * Disable becomes Enable.  Only what is set on an object itself is looked
 * at, as the article sets and deletes them there: a setting inherited from
 * a shared settings object was put there by someone else, and deleting it
 * from the loader would change nothing.  An absent integrityservices is the
 * default (enabled) and is left absent; a boolean set to No (the article's
 * "testsigning off") is the same as none and is left too.
 */
static const struct flag {
	uint32_t id;
	bool loader_only; /* not one the article sets on {bootmgr} */
} flags[] = {
    {EL_BOOTLOG, true},
    {EL_NOINTEGRITYCHECKS, false},
    {EL_TESTSIGNING, true},
    {EL_INTEGRITYSERVICES, false},
};

/* Whether flag `id` is on in `obj` itself: 1, 0, or -1 (ENOMEM). */
static int flag_on(const struct wr_bcd_object *obj, uint32_t id, struct wr_error *err)
{
	struct wr_bcd_value v;
	int set, on;

	if (id != EL_INTEGRITYSERVICES)
		return wr__repair_bcd_own_on(obj, id, err);
	set = wr__repair_bcd_own(obj, id, &v, err);
	on = set == 1 && v.valid && v.integer == INTEGRITYSERVICES_DISABLE;
	wr_bcd_value_clear(&v);
	return set < 0 ? -1 : on;
}

static int revert_flag(struct wr_stage *s, size_t hive, const struct wr_bcd_object *obj,
                       uint32_t id, struct wr_error *err)
{
	if (id == EL_INTEGRITYSERVICES)
		return wr_txn_bcd_set_integer(s, hive, obj->guid, id, INTEGRITYSERVICES_ENABLE,
		                              err);
	return wr_txn_bcd_delete(s, hive, obj->guid, id, err);
}

/*
 * The revert's two policy lines (bootstatuspolicy IgnoreAllFailures,
 * recoveryenabled No) are only taken when the loader was in the analysis
 * mode, which its bootlog or nointegritychecks shows: the analysis set
 * DisplayAllFailures for it.  A loader with test signing alone (a driver
 * under test) keeps the policies its owner chose; the recovery repair
 * (B-2) is the one that sets them otherwise.
 */
static int revert_policies(struct wr_stage *s, size_t hive, const struct wr_bcd *bcd,
                           const struct wr_bcd_object *loader, struct wr_buf *report, bool apply,
                           struct wr_error *err)
{
	int ignore = wr__repair_bcd_has(bcd, loader, EL_BOOTSTATUSPOLICY, false,
	                                IGNORE_ALL_FAILURES, report, err);
	int no_recovery =
	    ignore < 0 ? -1
	               : wr__repair_bcd_has(bcd, loader, EL_RECOVERYENABLED, true, 0, report, err);

	if (no_recovery < 0)
		return -1;
	if (apply && !ignore &&
	    wr_txn_bcd_set_integer(s, hive, loader->guid, EL_BOOTSTATUSPOLICY, IGNORE_ALL_FAILURES,
	                           err) < 0)
		return -1;
	if (apply && !no_recovery &&
	    wr_txn_bcd_set_boolean(s, hive, loader->guid, EL_RECOVERYENABLED, false, err) < 0)
		return -1;
	return 0;
}

/* The flags of one object ({bootmgr} or a loader): count those on, report
 * and revert them. */
static int revert_object(struct wr_stage *s, size_t hive, const struct wr_bcd *bcd,
                         const struct wr_bcd_object *obj, bool loader, size_t *count,
                         struct wr_buf *report, bool apply, struct wr_error *err)
{
	bool analysis = false;

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		const struct flag *f = &flags[i];
		int on = loader || !f->loader_only ? flag_on(obj, f->id, err) : 0;

		if (on < 0)
			return -1;
		if (!on)
			continue;
		(*count)++;
		analysis |= f->id == EL_BOOTLOG || f->id == EL_NOINTEGRITYCHECKS;
		if (report)
			wr__repair_bcd_show(bcd, obj, f->id,
			                    f->id == EL_INTEGRITYSERVICES ? " -> Enable"
			                                                  : _(" -> removed"),
			                    report);
		if (apply && revert_flag(s, hive, obj, f->id, err) < 0)
			return -1;
	}
	if (loader && analysis)
		return revert_policies(s, hive, bcd, obj, report, apply, err);
	return 0;
}

/* {bootmgr}, then each loader the options choose; *count gets how many
 * settings are on. */
static int revert_all(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                      size_t *count, struct wr_buf *report, bool apply, struct wr_error *err)
{
	struct wr_bcd *bcd = wr_bcd_load(wr_stage_hive(s, hive), err);
	const struct wr_bcd_object *bootmgr = bcd ? wr_bcd_get(bcd, WR_BCD_GUID_BOOTMGR) : NULL;
	const struct wr_bcd_object **loaders = NULL;
	size_t n = 0;
	int r = bcd ? wr__repair_loaders(bcd, o, &loaders, &n, err) : -1;

	*count = 0;
	if (r == 0 && bootmgr)
		r = revert_object(s, hive, bcd, bootmgr, false, count, report, apply, err);
	for (size_t i = 0; r == 0 && i < n; i++)
		r = revert_object(s, hive, bcd, loaders[i], true, count, report, apply, err);
	if (r == 0 && *count == 0 && report)
		wr_buf_puts(report,
		            _("  no debugging setting left on (nointegritychecks, testsigning, "
		              "bootlog, integrityservices Disable)\n"));
	free(loaders);
	wr_bcd_free(bcd);
	return r;
}

int wr__repair_debugflags(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                          bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	size_t count = 0;

	if (revert_all(s, hive, o, &count, report, apply, err) < 0)
		return -1;
	*needed |= count > 0;
	return 0;
}

/* One setting on its own (a test-signed driver, a boot log) can be a
 * choice; several are the analysis mode left behind. */
enum wr_severity wr__repair_debugflags_severity(struct wr_stage *s, size_t hive,
                                                const struct wr_repair_opts *o)
{
	struct wr_error err = {0};
	size_t count = 0;

	if (revert_all(s, hive, o, &count, NULL, false, &err) < 0)
		return WR_SEVERITY_RISK;
	return count > 1 ? WR_SEVERITY_RISK : WR_SEVERITY_INFO;
}
