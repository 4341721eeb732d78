/* SPDX-License-Identifier: GPL-3.0-or-later */
/* findings.c - the Findings view: what every check found on the hives as staged, most serious
 * first, the selected finding in full, and Enter staging its repair (no curses here). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/text.h"
#include "console.h"
#include "diagnose/diagnose.h"

/* A list row that is no finding: the summary of what was fine or not checked. */
#define NOT_A_FINDING SIZE_MAX

void findings_init(struct console *c)
{
	c->findings.title = N_("Findings");
	c->findings.asides = true;
	c->details.title = N_("Details");
}

void findings_free(struct console *c)
{
	pane_clear(&c->findings);
	pane_clear(&c->details);
	free(c->findings.rows);
	free(c->details.rows);
	c->findings.rows = c->details.rows = NULL;
	c->findings.cap = c->details.cap = 0;
	wr_diagnosis_free(&c->diagnosis);
}

/* The last row added: `hive`'s label at its right edge (whole: the end is
 * what shows when it does not fit). */
static void aside(struct console *c, struct pane *p, size_t hive)
{
	if (p->n_rows)
		p->rows[p->n_rows - 1].aside = strdup(wr_session_label(c->session, hive));
}

/* One row per hive: the checks that were fine on it, "recovery, serial". */
static void fine_rows(struct console *c, struct pane *p)
{
	const struct wr_diagnosis *d = &c->diagnosis;

	for (size_t h = 0; h < wr_session_count(c->session); h++) {
		struct wr_buf names = WR_BUF_INIT;

		for (size_t i = 0; i < d->n_fine; i++)
			if (d->fine[i].hive == h)
				wr_buf_printf(&names, "%s%s", names.len ? ", " : "",
				              wr_repair_name(d->fine[i].repair));
		if (names.len) {
			pane_add(p, ROW_NORMAL, 2, NOT_A_FINDING, "%s", wr_buf_str(&names));
			aside(c, p, h);
		}
		wr_buf_free(&names);
	}
}

/* One row a finding: its severity, what it is, the hive; then what was
 * fine and what was not checked. */
static void list_rows(struct console *c, struct pane *p)
{
	const struct wr_diagnosis *d = &c->diagnosis;

	pane_clear(p);
	if (!c->diagnosed) { /* not "No findings." */
		pane_add(p, ROW_WARN, 0, NOT_A_FINDING, "%s", _("out of memory"));
		return;
	}
	for (size_t i = 0; i < d->n_findings; i++) {
		const struct wr_diagnosis_item *f = &d->findings[i];

		pane_add(p, f->severity == WR_SEVERITY_INFO ? ROW_NORMAL : ROW_WARN, 0, i,
		         "%-11s %s", wr_severity_name(f->severity),
		         _(wr_repair_info(f->repair)->title));
		aside(c, p, f->hive);
	}
	if (d->n_findings == 0) /* a heading: the selection goes to what was checked */
		pane_add(p, ROW_HEADING, 0, NOT_A_FINDING, "%s", _("No findings."));
	if (d->n_fine) {
		pane_add(p, ROW_HEADING, 0, NOT_A_FINDING, "%s", _("Checked and fine:"));
		fine_rows(c, p);
	}
	if (d->n_unchecked)
		pane_add(p, ROW_HEADING, 0, NOT_A_FINDING, "%s", _("Not checked:"));
	for (size_t i = 0; i < d->n_unchecked; i++) {
		pane_add(p, ROW_NORMAL, 2, NOT_A_FINDING, "%s: %s",
		         wr_repair_name(d->unchecked[i].repair), d->unchecked[i].evidence);
		aside(c, p, d->unchecked[i].hive);
	}
}

/* The selected finding, or NULL on a row that is none. */
static const struct wr_diagnosis_item *selected(const struct console *c)
{
	const struct pane *p = &c->findings;
	size_t i = p->sel < p->n_rows ? p->rows[p->sel].ref : NOT_A_FINDING;

	return i < c->diagnosis.n_findings ? &c->diagnosis.findings[i] : NULL;
}

/* Whether `f`'s text has a note line: advice beside its repair. */
static bool has_note(const struct wr_diagnosis_item *f)
{
	enum wr_repair_kind fixer;

	return wr_repair_info(f->repair)->advice && wr_repair_fixer(f->repair, &fixer);
}

/*
 * A finding in full, in the lines diagnose prints: its title; the fix (in
 * the console the repair Enter stages, or what to do), any note, and
 * whether the repair weakens security, first, where a small screen shows
 * them; then the hive and the evidence.
 */
static void finding_text(const struct console *c, const struct wr_diagnosis_item *f,
                         struct wr_buf *out)
{
	const struct wr_repair_info *info = wr_repair_info(f->repair);
	enum wr_repair_kind fixer;
	bool fixed = wr_repair_fixer(f->repair, &fixer);

	wr_buf_printf(out, "%s\n", _(info->title));
	wr_buf_printf(out,
	              fixed ? _("  fix: %s (catalog %s)\n") : _("  what to do: %s (catalog %s)\n"),
	              fixed ? wr_repair_name(fixer) : _(info->advice), info->catalog);
	if (has_note(f))
		wr_buf_printf(out, _("  note: %s\n"), _(info->advice));
	if (info->weakens_security)
		wr_buf_puts(out, _("  this repair weakens security: it opens a way in\n"));
	wr_buf_printf_printable(out, _("  in %s:\n"), wr_session_label(c->session, f->hive));
	for (const char *line = f->evidence, *end; *line; line = end + (*end != '\0')) {
		end = line + strcspn(line, "\n");
		if (end > line)
			wr_buf_printf_printable(out, "  %.*s\n", (int)(end - line), line);
	}
}

/* A summary row in full: its heading, the hive, the row itself; or a
 * heading alone (nothing else to select: "No findings."). */
static void summary_text(const struct console *c, struct wr_buf *out)
{
	const struct pane *p = &c->findings;
	const struct row *r = &p->rows[p->sel];
	size_t h = p->sel;

	while (h > 0 && p->rows[h].kind != ROW_HEADING)
		h--;
	if (h != p->sel && p->rows[h].kind == ROW_HEADING)
		wr_buf_printf(out, "%s\n", p->rows[h].text);
	if (r->aside)
		wr_buf_printf_printable(out, _("  in %s:\n"), r->aside);
	wr_buf_printf_printable(out, r->kind == ROW_HEADING ? "%s\n" : "  %s\n", r->text);
}

/* The details pane: the selected row in full, each line wrapped; the
 * first line, what it is, as the heading. */
static void detail_rows(struct console *c)
{
	const struct wr_diagnosis_item *f = selected(c);
	struct wr_buf text = WR_BUF_INIT;
	char *cursor, *line;
	size_t warning;

	pane_clear(&c->details);
	if (c->findings.sel >= c->findings.n_rows)
		return;
	if (f)
		finding_text(c, f, &text);
	else
		summary_text(c, &text);
	/* The line saying the repair weakens security, when there is one. */
	warning = f && wr_repair_info(f->repair)->weakens_security ? 2 + has_note(f) : 0;
	cursor = text.data ? text.data : (char *)"";
	for (size_t n = 0; (line = wr_next_line(&cursor)); n++) {
		size_t blanks = strspn(line, " ");

		pane_add_wrapped(&c->details,
		                 n == 0         ? ROW_HEADING
		                 : n == warning ? ROW_WARN
		                                : ROW_NORMAL,
		                 (int)blanks, 2, 0, line + blanks);
	}
	if (text.oom)
		pane_add(&c->details, ROW_WARN, 0, 0, "%s", _("out of memory"));
	wr_buf_free(&text);
}

/* Keep the selection off the headings, moving on the way it went. */
static void skip_headings(struct pane *p, long way)
{
	size_t start = p->sel;

	while (p->sel < p->n_rows && p->rows[p->sel].kind == ROW_HEADING) {
		if (way >= 0 && p->sel + 1 < p->n_rows)
			p->sel++;
		else if (way < 0 && p->sel > 0)
			p->sel--;
		else if (way >= 0) /* a heading last: back up from where it started */
			way = -1, p->sel = start;
		else
			break;
	}
}

void findings_move(struct console *c, long delta)
{
	pane_move(&c->findings, delta);
	skip_headings(&c->findings, delta);
	detail_rows(c);
}

void findings_rows(struct console *c)
{
	if (!c->session)
		return;
	list_rows(c, &c->findings);
	pane_move(&c->findings, 0);
	skip_headings(&c->findings, 1);
	display_layout(c); /* the list is as tall as it needs, up to half the screen */
	detail_rows(c);
}

/*
 * Run the checks again on the hives as they are staged now.  They read
 * hives in memory, never the appliance, so they run on the key loop: Enter
 * (staging, every check, the screen) took 3.4 ms at most on the demo disk,
 * 2.3 ms with a 33 MB SYSTEM hive.  The selection stays on the finding it
 * was on, or, when that one is gone (fixed), on the row that took its place.
 */
void findings_refresh(struct console *c)
{
	const struct wr_diagnosis_item *was = c->session ? selected(c) : NULL;
	enum wr_repair_kind repair = was ? was->repair : WR_REPAIR_COUNT;
	size_t hive = was ? was->hive : 0;
	struct wr_error err = {0};

	wr_diagnosis_free(&c->diagnosis);
	if (!c->session)
		return;
	c->diagnosed = wr_diagnose(c->session, &c->diagnosis, &err) == 0;
	if (!c->diagnosed)
		display_status(c, true, "%s", err.msg);
	list_rows(c, &c->findings);
	for (size_t i = 0; i < c->findings.n_rows; i++) {
		const struct wr_diagnosis_item *f =
		    c->findings.rows[i].ref < c->diagnosis.n_findings
		        ? &c->diagnosis.findings[c->findings.rows[i].ref]
		        : NULL;

		if (f && f->repair == repair && f->hive == hive)
			c->findings.sel = i;
	}
}

void findings_show(struct console *c, bool show)
{
	if (show && !c->session) {
		display_status(c, true, "%s",
		               c->loading ? _("still loading the disks") : _("nothing is loaded"));
		return;
	}
	c->findings_view = show;
}

/*
 * Enter stages the fix of the selected finding.  A fix that is a repair
 * people ask for (rebuild, for a store that cannot be read, a loader or a
 * boot file missing) does more than the finding shows, and replaces files:
 * it asks first, with its report.  A finding's own repair changes what the
 * details show, so Enter is the request.
 */
void action_fix_finding(struct console *c)
{
	const struct wr_diagnosis_item *f = selected(c);
	enum wr_repair_kind fixer;

	if (!f)
		display_status(c, false, "%s", _("nothing to fix on this line"));
	else if (!wr_repair_fixer(f->repair, &fixer))
		dialog_message(c, _(wr_repair_info(f->repair)->title),
		               _(wr_repair_info(f->repair)->advice));
	else if (!wr_repair_info(fixer)->on_request || action_confirm_repair(c, fixer, f->hive))
		action_stage_repair(c, fixer, f->hive); /* the findings run again */
}

void action_show_finding(struct console *c)
{
	const struct wr_diagnosis_item *f = selected(c);
	struct wr_buf text = WR_BUF_INIT;
	char id[64];

	if (c->findings.sel >= c->findings.n_rows)
		return;
	if (f) {
		wr_diagnosis_id(f->repair, id, sizeof(id));
		finding_text(c, f, &text);
	} else {
		snprintf(id, sizeof(id), "%s", _("Details"));
		summary_text(c, &text);
	}
	dialog_message(c, id, wr_buf_str(&text));
	wr_buf_free(&text);
}
