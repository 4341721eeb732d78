/* SPDX-License-Identifier: GPL-3.0-or-later */
/* actions.c - what the keys do to the session: repairs, undo, commit, search. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/le.h"
#include "console.h"
#include "repair/repair.h"

static struct wr_stage *stage(struct console *c)
{
	return c->session ? wr_session_stage(c->session) : NULL;
}

void action_model_changed(struct console *c)
{
	panes_reload_bcd(c);
	tree_refresh(c);     /* keys may have come or gone */
	findings_refresh(c); /* a fixed finding leaves the list */
	panes_rebuild(c);    /* lays the findings out too */
}

static bool have_session(struct console *c)
{
	if (c->session)
		return true;
	display_status(c, true, "%s",
	               c->loading ? _("still loading the disks") : _("nothing is loaded"));
	return false;
}

/* The article's choices, and where hive `hive` is for the devices repair. */
static const struct wr_repair_opts *place(struct console *c, int hive, struct wr_repair_opts *o)
{
	wr_repair_opts_default(o);
	wr_session_repair_place(c->session, (size_t)hive, o);
	return o;
}

/* "safeboot    needed" for the menu; the check's report in `report`. */
static void repair_item(struct console *c, enum wr_repair_kind k, char *out, size_t len,
                        struct wr_buf *report, int *hive)
{
	static const char *const missing[] = {
	    [WR_KIND_BCD] = N_("no BCD store loaded"),
	    [WR_KIND_SYSTEM] = N_("no SYSTEM hive loaded"),
	    [WR_KIND_SOFTWARE] = N_("no SOFTWARE hive loaded"),
	};
	struct wr_repair_opts o;
	struct wr_error err = {0};
	bool needed = false;
	const char *state;

	*hive = wr_session_hive_of(c->session, wr_repair_hive_kind(k));
	if (*hive < 0)
		state = _(missing[wr_repair_hive_kind(k)]);
	else if (wr_repair_check(k, stage(c), (size_t)*hive, place(c, *hive, &o), &needed, report,
	                         &err) < 0)
		state = err.msg;
	else if (wr_stage_read_only(stage(c), (size_t)*hive))
		state = needed ? _("needed, but the hive is read-only") : _("already done");
	else
		state = needed ? _("needed") : _("already done");
	snprintf(out, len, "%-16s %.200s", wr_repair_name(k), state);
}

void action_stage_repair(struct console *c, enum wr_repair_kind k, size_t hive)
{
	struct wr_repair_opts o;
	struct wr_error err = {0};
	int r = wr_repair_stage(k, stage(c), hive, place(c, (int)hive, &o), &err);

	if (r < 0)
		dialog_message(c, _("Repair"), err.msg);
	else if (r == 1)
		display_status(c, false, _("%s: nothing to change"), wr_repair_name(k));
	else
		display_status(c, false, _("%s staged: see Pending changes; w writes, u undoes"),
		               wr_repair_name(k));
	action_model_changed(c);
}

bool action_confirm_repair(struct console *c, enum wr_repair_kind k, size_t hive)
{
	struct wr_repair_opts o;
	struct wr_buf report = WR_BUF_INIT;
	struct wr_error err = {0};
	bool needed = false, yes = true;
	char title[256];
	int r = wr_repair_check(k, stage(c), hive, place(c, (int)hive, &o), &needed, &report, &err);

	/* Nothing to do is for the staging to say; a failed check stages
	 * nothing, not even when it was memory that ran out. */
	if (r < 0) {
		dialog_message(c, _("Repair"), err.msg);
		yes = false;
	} else if (needed) {
		/* TRANSLATORS: a title: a repair's name, then the hive it
		 * works on ("rebuild on disk.img#1 \Boot\BCD"), which says
		 * which store when several disks are loaded. */
		snprintf(title, sizeof(title), _("%s on %s"), wr_repair_name(k),
		         wr_session_label(c->session, hive));
		yes = dialog_confirm(c, title, wr_buf_str(&report), _("Stage this repair?"));
		if (!yes)
			display_status(c, false, _("%s not staged: nothing changed"),
			               wr_repair_name(k));
	}
	wr_buf_free(&report);
	return yes;
}

/* The repairs that stage something: the checks that only report are in
 * the Findings. */
void action_repairs(struct console *c)
{
	char items[WR_REPAIR_COUNT][256];
	const char *list[WR_REPAIR_COUNT];
	struct wr_buf reports[WR_REPAIR_COUNT] = {0};
	enum wr_repair_kind kinds[WR_REPAIR_COUNT];
	int hives[WR_REPAIR_COUNT], n = 0, k;

	if (!have_session(c))
		return;
	for (int i = 0; i < WR_REPAIR_COUNT; i++) {
		if (wr_repair_info((enum wr_repair_kind)i)->report_only)
			continue;
		kinds[n] = (enum wr_repair_kind)i;
		repair_item(c, kinds[n], items[n], sizeof(items[n]), &reports[n], &hives[n]);
		list[n] = items[n];
		n++;
	}
	k = dialog_menu(c, _("Repairs"), list, (size_t)n);
	if (k >= 0 && hives[k] >= 0 &&
	    dialog_confirm(c, items[k], wr_buf_str(&reports[k]), _("Stage this repair?")))
		action_stage_repair(c, kinds[k], (size_t)hives[k]);
	for (int i = 0; i < n; i++)
		wr_buf_free(&reports[i]);
}

void action_undo(struct console *c, bool redo)
{
	struct wr_error err = {0};
	int r;

	if (!have_session(c))
		return;
	r = redo ? wr_stage_redo(stage(c), &err) : wr_stage_undo(stage(c), &err);
	if (r < 0)
		dialog_message(c, redo ? _("Redo") : _("Undo"), err.msg);
	else if (r == 1)
		display_status(c, false, "%s", redo ? _("nothing to redo") : _("nothing to undo"));
	else
		display_status(c, false,
		               redo ? P_("redone; %zu change pending",
		                         "redone; %zu changes pending", wr_stage_count(stage(c)))
		                    : P_("undone; %zu change pending",
		                         "undone; %zu changes pending", wr_stage_count(stage(c))),
		               wr_stage_count(stage(c)));
	action_model_changed(c);
}

void action_commit(struct console *c)
{
	struct wr_buf diff = WR_BUF_INIT;
	const struct wr_stage *s = stage(c);
	struct wr_error err = {0};

	if (!have_session(c))
		return;
	if (wr_stage_count(s) == 0) {
		display_status(c, false, "%s", _("nothing to write"));
		return;
	}
	if (wr_stage_render(s, WR_DIFF_COMMANDS | WR_DIFF_VALUES, &diff, &err) < 0) {
		dialog_message(c, _("Write these changes"), err.msg);
		wr_buf_free(&diff);
		return;
	}
	wr_buf_puts(&diff, _("\nEach hive is backed up first, written under a temporary name, "
	                     "checked and renamed into place.\n"));
	if (dialog_confirm(c, _("Write these changes"), wr_buf_str(&diff), _("Write them now?"))) {
		/* In the background: the appliance takes its time, the console
		 * keeps the spinner going and reads keys (requests.c). */
		display_status(c, false, "%s", _("writing..."));
		write_start(c);
	}
	wr_buf_free(&diff);
}

void action_written(struct console *c, struct wr_buf *done, const struct wr_error *err)
{
	display_status(c, err->code != 0, "%s", err->code ? err->msg : _("written and checked"));
	action_model_changed(c);
	display_draw(c);
	if (err->code) {
		/* Hives written before the failure are listed first. */
		wr_buf_puts(done, err->msg);
		dialog_message(c, _("Write failed"), wr_buf_str(done));
	} else {
		dialog_message(c, _("Written"), wr_buf_str(done));
	}
}

void action_search(struct console *c, bool again)
{
	struct pane *p = &c->panes[c->focus];

	char text[sizeof(c->search)] = "";

	if (!again || !c->search[0]) {
		if (!dialog_input(c, _("Search"), _("Text to find in this pane:"), text,
		                  sizeof(text), NULL))
			return; /* cancelled: the last search stays for n */
		memcpy(c->search, text, sizeof(text));
	}
	for (size_t k = 1; c->search[0] && k <= p->n_rows; k++) {
		size_t i = (p->sel + k) % p->n_rows;

		if (strcasestr(p->rows[i].text, c->search)) {
			p->sel = i;
			if (c->focus == PANE_OBJECTS)
				panes_object_moved(c);
			display_status(c, false, _("found \"%s\""), c->search);
			return;
		}
	}
	display_status(c, true, _("\"%s\" not found"), c->search);
}
