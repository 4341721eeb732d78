/* SPDX-License-Identifier: GPL-3.0-or-later */
/* checklist.c - the Checklists view (F3): an article step by step, each step staged with Enter. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "checklist/checklist.h"
#include "report/report.h"
#include "cli/cli.h"
#include "console.h"

/* Write the checklist's findings and the pending changes as Markdown. */
static void export_report(struct console *c, const struct wr_checklist *l)
{
	struct wr_step_result *r = calloc(l->n_steps, sizeof(*r));
	struct wr_buf md = WR_BUF_INIT, diff = WR_BUF_INIT;
	const struct wr_stage *st = wr_session_stage(c->session);
	struct wr_error err = {0};
	char path[512];

	snprintf(path, sizeof(path), "winrescue-%s.md", l->name);
	if (!r || !dialog_input(c, _("Report"), _("Write the report (Markdown) to:"), path,
	                        sizeof(path), NULL)) {
		free(r);
		return;
	}
	for (size_t k = 0; k < l->n_steps; k++)
		wr_step_detect(&l->steps[k], c->session, &r[k]);
	if (wr_stage_render(st, WR_DIFF_COMMANDS | WR_DIFF_VALUES, &diff, &err) < 0) {
		display_status(c, true, "%s", err.msg);
	} else {
		/* A new file only: a typo must never overwrite anything. */
		wr_checklist_report(l, c->session, r, NULL, wr_buf_str(&diff), "", &md);
		if (md.oom)
			display_status(c, true, "%s", _("out of memory"));
		else if (wr_report_save(path, wr_buf_str(&md), false, &err) < 0)
			display_status(c, true, "%s", err.msg);
		else
			display_status(c, false, _("report written to %s"), path);
	}
	for (size_t k = 0; k < l->n_steps; k++)
		wr_step_result_clear(&r[k]);
	free(r);
	wr_buf_free(&md);
	wr_buf_free(&diff);
}

/* Enter on a step: stage its repair when it needs one. */
static void do_step(struct console *c, const struct wr_step *st, const struct wr_step_result *r)
{
	struct wr_error err = {0};
	int rc;

	if (st->kind != WR_STEP_REPAIR || r->state != WR_STEP_NEEDS_ACTION) {
		display_status(c, false, "%s", _("nothing to do here: n for the next step"));
		return;
	}
	rc = wr_step_stage(st, c->session, &err);
	if (rc < 0)
		dialog_message(c, _(st->title), err.msg);
	else
		display_status(c, false, _("%s staged: see Pending changes; w writes, u undoes"),
		               wr_repair_name(st->repair));
	action_model_changed(c);
}

/* Where this checklist was left on these hives, and saving where it is now. */
static void progress(struct console *c, const struct wr_checklist *l, bool save)
{
	struct wr_step_result *r = save ? calloc(l->n_steps, sizeof(*r)) : NULL;
	struct wr_checklist_progress p;
	struct wr_error err = {0};
	const char *state = cli_config()->state_dir;

	if (!save) {
		switch (wr_checklist_last(state, l, c->session, &p, &err)) {
		case 1:
			display_status(c, false, _("last time here (%s): %zu of %zu steps passed"),
			               p.time, p.passed, p.steps);
			break;
		case -1:
			display_status(c, true, "%s", err.msg);
			break;
		}
		return;
	}
	for (size_t k = 0; r && k < l->n_steps; k++)
		wr_step_detect(&l->steps[k], c->session, &r[k]);
	if (r && wr_checklist_save(state, l, c->session, r, &err) < 0)
		display_status(c, true, "%s", err.msg);
	for (size_t k = 0; r && k < l->n_steps; k++)
		wr_step_result_clear(&r[k]);
	free(r);
}

static void walk(struct console *c, const struct wr_checklist *l)
{
	size_t k = 0;

	progress(c, l, false);
	display_draw(c);
	while (k < l->n_steps) {
		const struct wr_step *st = &l->steps[k];
		struct wr_step_result r = {0};
		struct wr_buf text = WR_BUF_INIT;
		char title[256];
		size_t pending = wr_stage_count(wr_session_stage(c->session));
		enum request req;

		wr_step_detect(st, c->session, &r);
		snprintf(title, sizeof(title), "%s [%zu/%zu]", _(st->title), k + 1, l->n_steps);
		wr_buf_printf(&text, "%s\n\n%s: %s\n", _(st->explain),
		              _(wr_step_state_name(r.state)), r.reason);
		if (pending)
			wr_buf_printf(&text,
			              P_("(%zu change staged, not written: w writes it)\n",
			                 "(%zu changes staged, not written: w writes them)\n",
			                 pending),
			              pending);
		if (r.detail.len)
			wr_buf_printf(&text, "\n%s", wr_buf_str(&r.detail));
		req = dialog_text(c, CTX_STEP, title, wr_buf_str(&text));
		wr_buf_free(&text);
		if (req == REQ_STEP_DO)
			do_step(c, st, &r);
		else if (req == REQ_STEP_NEXT)
			k++;
		else if (req == REQ_STEP_BACK)
			k -= k > 0;
		else if (req == REQ_STEP_REPORT)
			export_report(c, l);
		else
			k = l->n_steps;
		display_draw(c); /* what the step did, on the status line */
		wr_step_result_clear(&r);
	}
	progress(c, l, true);
	display_draw(c);
}

void action_checklists(struct console *c)
{
	const char *items[16];
	size_t n = wr_checklist_count() < 16 ? wr_checklist_count() : 16;
	int k;

	if (!c->session) {
		display_status(c, true, "%s",
		               c->loading ? _("still loading the disks") : _("nothing is loaded"));
		return;
	}
	for (size_t i = 0; i < n; i++)
		items[i] = _(wr_checklist_at(i)->title);
	k = dialog_menu(c, _("Checklists"), items, n);
	if (k >= 0)
		walk(c, wr_checklist_at((size_t)k));
}
