/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lkg.c - on request: start the Last Known Good control set through the Select values (catalog
 * H-2, start-vm-last-known-good and win-LKGC). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "base/le.h"
#include "base/text.h"
#include "internal.h"
#include "repair.h"

#define CURRENT_VERSION "Microsoft\\Windows NT\\CurrentVersion"

enum { SEL_CURRENT, SEL_DEFAULT, SEL_FAILED, SEL_LKG, SEL_COUNT };
static const char *const select_names[SEL_COUNT] = {"Current", "Default", "Failed",
                                                    "LastKnownGood"};

/* The article's values, by version: at or above them all, Windows already
 * starts on Last Known Good. */
static const uint32_t lkg_10[SEL_COUNT] = {2, 2, 1, 2};   /* Windows 10, Server 2016, newer */
static const uint32_t lkg_2012[SEL_COUNT] = {2, 2, 1, 3}; /* Server 2012 R2 and older */

/* The four Select values, each a REG_DWORD. */
static int read_select(struct wr_hive *h, uint32_t v[SEL_COUNT], struct wr_error *err)
{
	wr_node sel;
	int r = wr_hive_lookup(h, wr_hive_root(h), "Select", &sel, err);

	for (int i = 0; r == 0 && i < SEL_COUNT; i++) {
		struct wr_value val = {0};

		r = wr_hive_get_value(h, sel, select_names[i], &val, err);
		if (r == 0 && wr_value_dword(&val, &v[i], NULL) < 0)
			r = 1;
		wr_value_clear(&val);
		if (r == 1)
			wr_error_set(err, EINVAL,
			             _("the SYSTEM hive has no Select\\%s as a REG_DWORD: which "
			               "control set Windows starts is unknown"),
			             select_names[i]);
	}
	if (r == 1 && !err->code)
		wr_error_set(err, EINVAL, "%s", _("the SYSTEM hive has no Select key"));
	return r == 0 ? 0 : -1;
}

/* String value `name` of the SOFTWARE CurrentVersion key, or NULL (err
 * set only when memory ran out). */
static char *version_string(struct wr_hive *sw, const char *name, struct wr_error *err)
{
	struct wr_value v = {0};
	struct wr_error e = {0};
	char *text = NULL;
	wr_node cv;

	if (wr_hive_lookup(sw, wr_hive_root(sw), CURRENT_VERSION, &cv, &e) == 0 &&
	    wr_hive_get_value(sw, cv, name, &v, &e) == 0)
		text = wr_value_string(&v, &e);
	if (e.code == ENOMEM)
		wr_error_set(err, ENOMEM, _("out of memory"));
	wr_value_clear(&v);
	return text;
}

/*
 * The article's values for the Windows the SOFTWARE hive names: by
 * CurrentBuildNumber (10240 is Windows 10), else by the number in
 * ProductName, as win-LKGC reads it.  Without either (no SOFTWARE hive),
 * by the Select values: since Windows 8 LastKnownGood names the current
 * set.  One report line says which.
 */
static const uint32_t *article_values(struct wr_stage *s, const struct wr_repair_opts *o,
                                      const uint32_t v[SEL_COUNT], struct wr_buf *report,
                                      struct wr_error *err)
{
	struct wr_hive *sw =
	    o->software_hive < 0 ? NULL : wr_stage_hive(s, (size_t)o->software_hive);
	char *product = sw ? version_string(sw, "ProductName", err) : NULL;
	char *build = sw && !err->code ? version_string(sw, "CurrentBuildNumber", err) : NULL;
	unsigned long from_build = build ? strtoul(build, NULL, 10) : 0, from_name = 0;
	const uint32_t *want;

	for (const char *p = product; p && *p && from_name == 0; p++)
		from_name = strtoul(p, NULL, 10);
	if (from_build)
		want = from_build >= 10240 ? lkg_10 : lkg_2012;
	else if (from_name)
		want = from_name == 10 || from_name == 11 || from_name >= 2016 ? lkg_10 : lkg_2012;
	else
		want = v[SEL_LKG] == v[SEL_CURRENT] ? lkg_10 : lkg_2012;
	if (report) {
		wr_buf_printf(report, "  %s", _("Windows: "));
		wr_buf_put_printable(report, product ? product : _("(no SOFTWARE hive)"));
		if (build)
			wr_buf_printf(report, _(", build %s"), build);
		wr_buf_printf(report,
		              _(": Last Known Good is Current=%u Default=%u Failed=%u "
		                "LastKnownGood=%u\n"),
		              want[0], want[1], want[2], want[3]);
	}
	free(product);
	free(build);
	return err->code ? NULL : want;
}

/* One line per ControlSetNNN with when its key was last written. */
static int report_sets(struct wr_hive *h, struct wr_buf *report, struct wr_error *err)
{
	wr_node *kids = NULL;
	size_t n = 0;
	int r = wr_hive_children(h, wr_hive_root(h), &kids, &n, err);

	for (size_t i = 0; r == 0 && i < n; i++) {
		char *name = wr_hive_node_name(h, kids[i], err);
		uint64_t filetime = 0;
		char when[32];

		if (!name || wr_hive_node_timestamp(h, kids[i], &filetime, err) < 0) {
			r = -1;
		} else if (wr__repair_is_control_set(name)) {
			wr_filetime_text(filetime, when);
			wr_buf_printf(report, _("  %s: last written %s\n"), name, when);
		}
		free(name);
	}
	free(kids);
	return r;
}

/* Whether control set number `n` is in the hive: 0, 1 when not, -1. */
static int set_exists(struct wr_hive *h, uint32_t n, char name[16], struct wr_error *err)
{
	wr_node node;

	snprintf(name, 16, "ControlSet%03u", (unsigned)(n % 1000));
	return n > 999 ? 1 : wr_hive_lookup(h, wr_hive_root(h), name, &node, err);
}

/*
 * Catalog H-2: each Select value one more (win-LKGC), which from a
 * machine's usual values gives the article's table; below the article's
 * values for its version it is needed.  At or above them Windows already
 * starts on Last Known Good; the article then adds one more when it was
 * restarted on it before, which shows as the control set that one more
 * would start being there.  Refuses when the set to start is not.
 */
int wr__repair_lkg(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o, bool *needed,
                   struct wr_buf *report, bool apply, struct wr_error *err)
{
	struct wr_hive *h = wr_stage_hive(s, hive);
	uint32_t v[SEL_COUNT];
	uint8_t data[SEL_COUNT][4];
	struct wr_reg_want w[SEL_COUNT];
	const uint32_t *want;
	bool below = false;
	char target[16];
	int r;

	if (read_select(h, v, err) < 0 || !(want = article_values(s, o, v, report, err)))
		return -1;
	if (report && report_sets(h, report, err) < 0)
		return -1;
	for (int i = 0; i < SEL_COUNT; i++)
		below = below || v[i] < want[i];
	r = set_exists(h, v[SEL_DEFAULT] + 1, target, err);
	if (r < 0)
		return -1;
	if (!below && r == 1) { /* already on it, and nothing further back */
		if (report)
			wr_buf_printf(report,
			              _("  Select: Current=%u Default=%u Failed=%u "
			                "LastKnownGood=%u (as wanted)\n"),
			              v[0], v[1], v[2], v[3]);
		return 0;
	}
	if (r == 1) {
		wr_error_set(
		    err, ENOENT,
		    _("Last Known Good would start %s, which the SYSTEM hive does not have"),
		    target);
		return -1;
	}
	for (int i = 0; i < SEL_COUNT; i++) {
		wr_put_le(data[i], v[i] + 1, 4);
		w[i] = (struct wr_reg_want){
		    "Select", select_names[i], {WR_REG_DWORD, 4, data[i]}, WR_WANT_ALWAYS};
	}
	return wr__repair_values(s, hive, w, SEL_COUNT, WR_VALUES_AT_ROOT, needed, report, apply,
	                         err);
}
