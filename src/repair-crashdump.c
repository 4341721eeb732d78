/* SPDX-License-Identifier: GPL-3.0-or-later */
/* repair-crashdump.c - memory dumps on: CrashControl in every control set of the SYSTEM hive. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "le.h"
#include "repair.h"
#include "txn-internal.h"
#include "utf16.h"

/* "ControlSet001": the sets Windows keeps; CurrentControlSet is a link
 * that only exists on a running system.  Never create one. */
static bool is_control_set(const char *name)
{
	if (strncasecmp(name, "ControlSet", 10) != 0 || strlen(name) != 13)
		return false;
	for (int i = 10; i < 13; i++)
		if (!isdigit((unsigned char)name[i]))
			return false;
	return true;
}

/* The three values of the article, as REG ADD would write them. */
struct wanted {
	const char *name;
	struct wr_value v;
};

static int report_value(struct wr_stage *s, size_t hive, const char *key, const struct wanted *w,
                        struct wr_buf *report, bool *same, struct wr_error *err)
{
	struct wr_hive *h = wr_stage_hive(s, hive);
	struct wr_change show = {.kind = WR_CHANGE_REG_SET, .has_after = true, .after = w->v};
	wr_node n;
	int r = wr_hive_lookup(h, wr_hive_root(h), key, &n, err);

	if (r == 0)
		r = wr_hive_get_value(h, n, w->name, &show.before, err);
	if (r < 0)
		return -1;
	show.had_before = r == 0;
	*same = show.had_before && wr_value_equal(&show.before, &w->v);
	if (report) {
		wr_buf_printf(report, "  %s %s: ", key, w->name);
		wr_change_format_value(&show, false, report);
		if (*same) {
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

static int control_set(struct wr_stage *s, size_t hive, const char *set, const struct wanted *w,
                       size_t n, bool *needed, struct wr_buf *report, bool apply,
                       struct wr_error *err)
{
	char key[64];

	snprintf(key, sizeof(key), "%s\\Control\\CrashControl", set);
	for (size_t i = 0; i < n; i++) {
		bool same;

		if (report_value(s, hive, key, &w[i], report, &same, err) < 0)
			return -1;
		if (same)
			continue;
		*needed = true;
		if (apply && wr_txn_reg_set(s, hive, key, w[i].name, w[i].v.type, w[i].v.data,
		                            w[i].v.len, err) < 0)
			return -1;
	}
	return 0;
}

static int each_control_set(struct wr_stage *s, size_t hive, const struct wanted *w, size_t n,
                            bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	struct wr_hive *h = wr_stage_hive(s, hive);
	wr_node *kids = NULL;
	size_t n_kids = 0, sets = 0;
	int r = wr_hive_children(h, wr_hive_root(h), &kids, &n_kids, err);

	for (size_t i = 0; r == 0 && i < n_kids; i++) {
		char *name = wr_hive_node_name(h, kids[i], err);

		if (!name) {
			r = -1;
		} else if (is_control_set(name)) {
			sets++;
			r = control_set(s, hive, name, w, n, needed, report, apply, err);
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

int wr__repair_crashdump(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                         bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	uint8_t enabled[4], nmi[4];
	size_t path_len = 0;
	uint8_t *path = wr_utf16le_encode("%SystemRoot%\\MEMORY.DMP", &path_len);
	struct wanted w[] = {
	    {"CrashDumpEnabled", {WR_REG_DWORD, 4, enabled}},
	    {"DumpFile", {WR_REG_EXPAND_SZ, path_len, path}},
	    {"NMICrashDump", {WR_REG_DWORD, 4, nmi}},
	};
	int r;

	if (!path) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	wr_put_le(enabled, o->dump_type, 4);
	wr_put_le(nmi, 1, 4);
	r = each_control_set(s, hive, w, sizeof(w) / sizeof(w[0]), needed, report, apply, err);
	free(path);
	return r;
}
