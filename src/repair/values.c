/* SPDX-License-Identifier: GPL-3.0-or-later */
/* values.c - registry values wanted at a key or in every control set of a SYSTEM hive, checked
 * and set. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "internal.h"
#include "repair.h"
#include "txn/txn.h"

bool wr__repair_is_control_set(const char *name)
{
	if (strncasecmp(name, "ControlSet", 10) != 0 || strlen(name) != 13)
		return false;
	for (int i = 10; i < 13; i++)
		if (!isdigit((unsigned char)name[i]))
			return false;
	return true;
}

/* Check one value; report it; *needed when it must change. */
static int check_value(struct wr_stage *s, size_t hive, const char *key,
                       const struct wr_reg_want *w, struct wr_buf *report, bool *change,
                       struct wr_error *err)
{
	struct wr_hive *h = wr_stage_hive(s, hive);
	struct wr_change show = {.kind = WR_CHANGE_REG_SET, .has_after = true, .after = w->v};
	wr_node n;
	int r_key = wr_hive_lookup(h, wr_hive_root(h), key, &n, err), r = r_key;

	if (r == 0)
		r = wr_hive_get_value(h, n, w->name, &show.before, err);
	if (r < 0)
		return -1;
	show.had_before = r == 0;
	if (w->when == WR_WANT_ABSENT) {
		*change = show.had_before;
		show.has_after = false;
	} else {
		*change = show.had_before ? !wr_value_equal(&show.before, &w->v)
		                          : w->when == WR_WANT_ALWAYS ||
		                                (w->when == WR_WANT_IF_KEY && r_key == 0);
	}
	if (report && (show.had_before || *change)) {
		wr_buf_printf(report, "  %s %s: ", key, w->name);
		wr_change_format_value(&show, false, report);
		if (!*change) {
			wr_buf_puts(report, _(" (as wanted)"));
		} else {
			wr_buf_puts(report, " -> ");
			wr_change_format_value(&show, true, report);
		}
		wr_buf_putc(report, '\n');
	}
	wr_value_clear(&show.before);
	return 0;
}

/* The values below `set` ("ControlSet001"), or from the root when NULL. */
static int values_in(struct wr_stage *s, size_t hive, const char *set, const struct wr_reg_want *w,
                     size_t n, bool *needed, struct wr_buf *report, bool apply,
                     struct wr_error *err)
{
	for (size_t i = 0; i < n; i++) {
		char key[256];
		bool change;

		snprintf(key, sizeof(key), "%s%s%s", set ? set : "", set ? "\\" : "", w[i].key);
		if (check_value(s, hive, key, &w[i], report, &change, err) < 0)
			return -1;
		if (!change)
			continue;
		*needed = true;
		if (!apply)
			continue;
		if (w[i].when == WR_WANT_ABSENT
		        ? wr_txn_reg_delete_value(s, hive, key, w[i].name, err) < 0
		        : wr_txn_reg_set(s, hive, key, w[i].name, w[i].v.type, w[i].v.data,
		                         w[i].v.len, err) < 0)
			return -1;
	}
	return 0;
}

int wr__repair_current_set(struct wr_hive *h, char out[16], struct wr_error *err)
{
	struct wr_value v = {0};
	uint32_t n = 0;
	wr_node sel;
	int r = wr_hive_lookup(h, wr_hive_root(h), "Select", &sel, err);

	if (r == 0)
		r = wr_hive_get_value(h, sel, "Current", &v, err);
	if (r == 0 && wr_value_dword(&v, &n, NULL) < 0)
		r = 1;
	wr_value_clear(&v);
	snprintf(out, 16, "ControlSet%03u", (unsigned)(n % 1000));
	return r;
}

int wr__repair_current_set_there(struct wr_hive *h, char out[16], struct wr_error *err)
{
	wr_node node;
	int r = wr__repair_current_set(h, out, err);

	if (r == 0)
		r = wr_hive_lookup(h, wr_hive_root(h), out, &node, err);
	if (r == 1)
		wr_error_set(
		    err, ENOENT,
		    _("the SYSTEM hive has no Select\\Current naming a control set it has"));
	return r == 0 ? 0 : -1;
}

/* The values in the control set Select\Current names, which must exist. */
static int current_set(struct wr_stage *s, size_t hive, const struct wr_reg_want *w, size_t n,
                       bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	char set[16];

	if (wr__repair_current_set_there(wr_stage_hive(s, hive), set, err) < 0)
		return -1;
	return values_in(s, hive, set, w, n, needed, report, apply, err);
}

int wr__repair_values(struct wr_stage *s, size_t hive, const struct wr_reg_want *w, size_t n,
                      enum wr_values_where where, bool *needed, struct wr_buf *report, bool apply,
                      struct wr_error *err)
{
	struct wr_hive *h = wr_stage_hive(s, hive);
	wr_node *kids = NULL;
	size_t n_kids = 0, sets = 0;
	int r;

	if (where == WR_VALUES_AT_ROOT)
		return values_in(s, hive, NULL, w, n, needed, report, apply, err);
	if (where == WR_VALUES_CURRENT_SET)
		return current_set(s, hive, w, n, needed, report, apply, err);
	r = wr_hive_children(h, wr_hive_root(h), &kids, &n_kids, err);
	for (size_t i = 0; r == 0 && i < n_kids; i++) {
		char *name = wr_hive_node_name(h, kids[i], err);

		if (!name) {
			r = -1;
		} else if (wr__repair_is_control_set(name)) {
			sets++;
			r = values_in(s, hive, name, w, n, needed, report, apply, err);
		}
		free(name);
	}
	free(kids);
	if (r == 0 && sets == 0) {
		wr_error_set(err, ENOENT, _("no ControlSetNNN key: not a SYSTEM hive"));
		r = -1;
	}
	return r;
}
