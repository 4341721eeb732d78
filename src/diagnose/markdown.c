/* SPDX-License-Identifier: GPL-3.0-or-later */
/* markdown.c - a diagnosis as Markdown for a ticket: findings, evidence, the commands that fix
 * them. */
#include "config.h"

#include <time.h>

#include "base/i18n.h"
#include "diagnose.h"
#include "report/report.h"

static void md_finding(const struct wr_diagnosis_item *f, const struct wr_session *s,
                       const char *target, struct wr_buf *out)
{
	const struct wr_repair_info *info = wr_repair_info(f->repair);
	struct wr_buf fix = WR_BUF_INIT;
	char id[64];

	enum wr_repair_kind fixer;

	wr_diagnosis_id(f->repair, id, sizeof(id));
	wr_diagnosis_fix(f->repair, target, &fix);
	wr_buf_printf(out, "\n### %s: %s\n\n- %s: `%s`\n- %s: ", wr_severity_name(f->severity),
	              _(info->title), _("Id"), id, _("Hive"));
	wr_md_code_span(out, wr_session_label(s, f->hive));
	wr_buf_printf(out, "\n- %s: %s\n", _("Catalog"), info->catalog);
	if (info->weakens_security)
		wr_buf_printf(out, "- %s\n", _("This repair weakens security: it opens a way in."));
	wr_buf_printf(out, "\n%s\n\n", _("Evidence:"));
	wr_md_code_block(out, f->evidence);
	wr_buf_printf(out, "\n%s\n\n",
	              wr_repair_fixer(f->repair, &fixer) ? _("Fix:") : _("What to do:"));
	wr_md_code_block(out, wr_buf_str(&fix));
	if (info->advice && wr_repair_fixer(f->repair, &fixer))
		wr_buf_printf(out, "\n%s %s\n", _("Note:"), _(info->advice));
	out->oom |= fix.oom;
	wr_buf_free(&fix);
}

/* A bullet per hive: the checks of `items` about it. */
static void md_per_hive(const struct wr_diagnosis_item *items, size_t n, const struct wr_session *s,
                        bool with_why, struct wr_buf *out)
{
	for (size_t h = 0; h < wr_session_count(s); h++) {
		bool first = true;

		for (size_t i = 0; i < n; i++) {
			if (items[i].hive != h)
				continue;
			if (first) {
				wr_buf_puts(out, "- ");
				wr_md_code_span(out, wr_session_label(s, h));
				wr_buf_puts(out, ": ");
			}
			wr_buf_printf(out, "%s%s", first ? "" : ", ",
			              wr_repair_name(items[i].repair));
			if (with_why) {
				wr_buf_puts(out, " (");
				wr_md_cell(out, items[i].evidence);
				wr_buf_putc(out, ')');
			}
			first = false;
		}
		if (!first)
			wr_buf_putc(out, '\n');
	}
}

void wr_diagnosis_markdown(const struct wr_diagnosis *d, const struct wr_session *s,
                           const char *target, struct wr_buf *out)
{
	char stamp[32];
	time_t now = time(NULL);

	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	wr_buf_printf(out, WR_REPORT_HEAD "%s\n\n- %s: %s\n- %s: ", _("diagnosis"), _("Date"),
	              stamp, _("Checked"));
	wr_md_code_span(out, target);
	wr_buf_printf(out, "\n\n## %s\n", _("Findings, most serious first"));
	if (d->n_findings == 0)
		wr_buf_printf(out, "\n%s\n", _("No findings."));
	for (size_t i = 0; i < d->n_findings; i++)
		md_finding(&d->findings[i], s, target, out);
	if (d->n_fine) {
		wr_buf_printf(out, "\n## %s\n\n", _("Checked and fine"));
		md_per_hive(d->fine, d->n_fine, s, false, out);
	}
	if (d->n_unchecked) {
		wr_buf_printf(out, "\n## %s\n\n", _("Not checked"));
		md_per_hive(d->unchecked, d->n_unchecked, s, true, out);
	}
}
