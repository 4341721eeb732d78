/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report.c - a checklist run as Markdown, ready to paste into a ticket. */
#include "config.h"

#include <time.h>

#include "base/i18n.h"
#include "base/text.h"
#include "checklist.h"
#include "report/report.h"

static void steps_table(const struct wr_checklist *l, const struct wr_step_result *before,
                        const struct wr_step_result *after, struct wr_buf *out)
{
	wr_buf_printf(out, "\n## %s\n\n| # | %s | %s | %s |\n|---|---|---|---|\n", _("Steps"),
	              _("Step"), _("Found"), _("After"));
	for (size_t k = 0; k < l->n_steps; k++) {
		wr_buf_printf(out, "| %zu | %s | %s: ", k + 1, _(l->steps[k].title),
		              _(wr_step_state_name(before[k].state)));
		wr_md_cell(out, before[k].reason);
		wr_buf_printf(out, " | %s |\n",
		              after ? _(wr_step_state_name(after[k].state)) : "-");
	}
}

void wr_checklist_report(const struct wr_checklist *l, struct wr_session *s,
                         const struct wr_step_result *before, const struct wr_step_result *after,
                         const char *diff, const char *done, struct wr_buf *out)
{
	char stamp[32];
	time_t now = time(NULL);

	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	wr_buf_printf(out, WR_REPORT_HEAD "%s\n\n", _(l->title));
	wr_buf_printf(out, "- %s: `%s` (%s)\n- %s: %s\n", _("Checklist"), l->name, l->article,
	              _("Date"), stamp);
	for (size_t i = 0; wr_session_label(s, i)[0]; i++) {
		wr_buf_printf(out, "- %s: ", _("Hive"));
		wr_md_code_span(out, wr_session_label(s, i));
		wr_buf_putc(out, '\n');
	}
	steps_table(l, before, after, out);
	wr_buf_printf(out, "\n## %s\n\n", _("Changes"));
	if (after && *diff) {
		wr_md_code_block(out, diff);
		wr_buf_putc(out, '\n');
		wr_buf_put_printable_lines(out, done);
	} else if (*diff) {
		wr_buf_printf(out, "%s\n\n", _("Staged, not written yet:"));
		wr_md_code_block(out, diff);
	} else {
		wr_buf_printf(out, "%s\n", _("Nothing needed changing."));
	}
	wr_buf_printf(out, "\n## %s\n", _("Findings"));
	for (size_t k = 0; k < l->n_steps; k++)
		if (before[k].detail.len) {
			wr_buf_printf(out, "\n### %s\n\n", _(l->steps[k].title));
			wr_md_code_block(out, wr_buf_str(&before[k].detail));
		}
}
