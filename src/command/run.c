/* SPDX-License-Identifier: GPL-3.0-or-later */
/* run.c - one bcdedit or reg command as its own transaction, marked when it opens a way in as
 * a repair that weakens security would. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "internal.h"
#include "repair/repair.h"

wr__cmd_fn wr__cmd_named(const char *word, const char **name)
{
	if (strcasecmp(word, "bcdedit") == 0 || strcasecmp(word, "bcdedit.exe") == 0) {
		*name = "bcdedit";
		return wr_bcdedit_run;
	}
	if (strcasecmp(word, "reg") == 0 || strcasecmp(word, "reg.exe") == 0) {
		*name = "reg";
		return wr_reg_run;
	}
	return NULL;
}

/* "  KEY NAME: 1 -> 0": a value the check would still change (the arrow
 * is in no translated text). */
static size_t arrows(const char *report)
{
	size_t n = 0;

	for (const char *p = report; (p = strstr(p, " -> ")); p += 4)
		n++;
	return n;
}

/* How much each repair that weakens security still has to do on each
 * hive: the values its check would change, 0 when not needed. */
static size_t *weakening_left(struct wr_cmd_env *e)
{
	struct wr_session *s = e->s;
	size_t n = wr_session_count(s);
	size_t *left = calloc(n * WR_REPAIR_COUNT + 1, sizeof(*left));

	for (int k = 0; left && k < WR_REPAIR_COUNT; k++) {
		const struct wr_repair_info *info = wr_repair_info((enum wr_repair_kind)k);

		if (!info->weakens_security || info->report_only)
			continue;
		for (size_t i = 0; i < n; i++) {
			struct wr_repair_opts o;
			struct wr_buf report = WR_BUF_INIT;
			bool needed = false;

			if (wr_session_kind(s, i) != info->hive)
				continue;
			wr_repair_opts_default(&o);
			wr_session_repair_place(s, i, &o);
			if (wr_repair_check((enum wr_repair_kind)k, wr_session_stage(s), i, &o,
			                    &needed, &report, NULL) == 0 &&
			    needed)
				left[(size_t)k * n + i] = arrows(wr_buf_str(&report));
			wr_buf_free(&report);
		}
	}
	return left;
}

void wr__cmd_security_forget(struct wr_cmd_env *e)
{
	free(e->weakening);
	e->weakening = NULL;
}

void wr__cmd_security_before(struct wr_cmd_env *e)
{
	wr__cmd_security_forget(e);
	e->weakening = weakening_left(e);
	e->weakening_hives = wr_session_count(e->s);
}

/* The commands did some of what a repair that weakens security does: it
 * has fewer values left to change. */
void wr__cmd_security_after(struct wr_cmd_env *e)
{
	size_t n = wr_session_count(e->s);
	size_t *now = weakening_left(e);

	/* Hives loaded meanwhile (reg load) were not measured before. */
	for (size_t k = 0; now && e->weakening && k < WR_REPAIR_COUNT; k++)
		for (size_t i = 0; i < e->weakening_hives; i++)
			if (now[k * n + i] < e->weakening[k * e->weakening_hives + i]) {
				wr_txn_mark_weakens_security(wr_cmd_stage(e));
				k = WR_REPAIR_COUNT;
				break;
			}
	free(now);
	wr__cmd_security_forget(e);
}

int wr_cmd_run(struct wr_cmd_env *e, int argc, char *const argv[], struct wr_buf *out,
               struct wr_error *err)
{
	struct wr_stage *st = wr_cmd_stage(e);
	const char *name = NULL;
	wr__cmd_fn fn = argc > 0 ? wr__cmd_named(argv[0], &name) : NULL;

	if (!fn) {
		wr_error_set(err, EINVAL, _("%s: winrescue runs bcdedit and reg commands"),
		             argc > 0 ? argv[0] : "");
		return -1;
	}
	if (wr_txn_begin(st, name, err) < 0)
		return -1;
	wr__cmd_security_before(e);
	if (fn(e, argc - 1, argv + 1, out, err) < 0) {
		wr_txn_abort(st);
		wr__cmd_security_forget(e);
		return -1;
	}
	wr__cmd_security_after(e);
	return wr_txn_end(st);
}
