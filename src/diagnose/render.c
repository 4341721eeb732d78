/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render.c - a diagnosis as text for people and as JSON (winrescue-diagnose/1). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/json.h"
#include "base/text.h"
#include "diagnose.h"

void wr_diagnosis_fix(enum wr_repair_kind k, const char *target, struct wr_buf *out)
{
	enum wr_repair_kind fixer;

	if (wr_repair_fixer(k, &fixer))
		wr_buf_printf(out, "%s repair %s %s", PACKAGE, wr_repair_name(fixer), target);
	else
		wr_buf_puts(out, _(wr_repair_info(k)->advice));
}

/* The check's lines, indented under the finding. */
static void text_evidence(const char *evidence, struct wr_buf *out)
{
	char *copy = strdup(evidence), *c = copy, *line;

	if (!copy) {
		out->oom = true;
		return;
	}
	while ((line = wr_next_line(&c)))
		if (*line) {
			wr_buf_puts(out, "  ");
			wr_buf_put_printable(out, line);
			wr_buf_putc(out, '\n');
		}
	free(copy);
}

static void text_finding(const struct wr_diagnosis_item *f, const struct wr_session *s,
                         const char *target, struct wr_buf *out)
{
	const struct wr_repair_info *info = wr_repair_info(f->repair);
	enum wr_repair_kind fixer;
	struct wr_buf fix = WR_BUF_INIT;
	char id[64];

	wr_diagnosis_id(f->repair, id, sizeof(id));
	wr_diagnosis_fix(f->repair, target, &fix);
	wr_buf_printf(out, "[%s] %s: %s\n", wr_severity_name(f->severity), id, _(info->title));
	wr_buf_printf_printable(out, _("  in %s:\n"), wr_session_label(s, f->hive));
	text_evidence(f->evidence, out);
	wr_buf_printf_printable(out,
	                        wr_repair_fixer(f->repair, &fixer)
	                            ? _("  fix: %s (catalog %s)\n")
	                            : _("  what to do: %s (catalog %s)\n"),
	                        wr_buf_str(&fix), info->catalog);
	if (info->advice && wr_repair_fixer(f->repair, &fixer))
		wr_buf_printf(out, _("  note: %s\n"), _(info->advice));
	if (info->weakens_security)
		wr_buf_puts(out, _("  this repair weakens security: it opens a way in\n"));
	out->oom |= fix.oom;
	wr_buf_free(&fix);
}

/* One line per hive: the checks of `items` about it. */
static void text_per_hive(const struct wr_diagnosis_item *items, size_t n,
                          const struct wr_session *s, bool with_why, struct wr_buf *out)
{
	for (size_t h = 0; h < wr_session_count(s); h++) {
		bool first = true;

		for (size_t i = 0; i < n; i++) {
			if (items[i].hive != h)
				continue;
			if (first)
				wr_buf_printf_printable(out, "  %s: ", wr_session_label(s, h));
			wr_buf_printf_printable(out, with_why ? "%s%s (%s)" : "%s%s",
			                        first ? "" : ", ", wr_repair_name(items[i].repair),
			                        items[i].evidence);
			first = false;
		}
		if (!first)
			wr_buf_putc(out, '\n');
	}
}

void wr_diagnosis_text(const struct wr_diagnosis *d, const struct wr_session *s, const char *target,
                       struct wr_buf *out)
{
	if (d->n_findings == 0)
		wr_buf_puts(out, _("No findings.\n"));
	else
		wr_buf_puts(out, _("Findings, most serious first:\n"));
	for (size_t i = 0; i < d->n_findings; i++) {
		wr_buf_putc(out, '\n');
		text_finding(&d->findings[i], s, target, out);
	}
	if (d->n_fine) {
		wr_buf_puts(out, _("\nChecked and fine:\n"));
		text_per_hive(d->fine, d->n_fine, s, false, out);
	}
	if (d->n_unchecked) {
		wr_buf_puts(out, _("\nNot checked:\n"));
		text_per_hive(d->unchecked, d->n_unchecked, s, true, out);
	}
}

static void json_items(struct wr_json *j, const char *key, const struct wr_diagnosis_item *items,
                       size_t n, const struct wr_session *s, const char *why)
{
	char id[64];

	wr_json_begin_array(j, key);
	for (size_t i = 0; i < n; i++) {
		wr_diagnosis_id(items[i].repair, id, sizeof(id));
		wr_json_begin_object(j, NULL);
		wr_json_string(j, "id", id);
		wr_json_string(j, "hive", wr_session_label(s, items[i].hive));
		if (why)
			wr_json_string(j, why, items[i].evidence);
		wr_json_end_object(j);
	}
	wr_json_end_array(j);
}

/* The check's lines, without their indent. */
static void json_evidence(struct wr_json *j, const char *evidence)
{
	char *copy = strdup(evidence), *c = copy, *line;

	j->out->oom |= !copy;
	wr_json_begin_array(j, "evidence");
	while (copy && (line = wr_next_line(&c)))
		if (*line)
			wr_json_string(j, NULL, line + strspn(line, " "));
	wr_json_end_array(j);
	free(copy);
}

static void json_finding(struct wr_json *j, const struct wr_diagnosis_item *f,
                         const struct wr_session *s, const char *target)
{
	const struct wr_repair_info *info = wr_repair_info(f->repair);
	enum wr_repair_kind fixer;
	struct wr_buf fix = WR_BUF_INIT;
	char id[64];

	wr_diagnosis_id(f->repair, id, sizeof(id));
	wr_diagnosis_fix(f->repair, target, &fix);
	wr_json_begin_object(j, NULL);
	wr_json_string(j, "id", id);
	wr_json_string(j, "severity", wr_severity_name(f->severity));
	wr_json_string(j, "title", info->title);
	wr_json_string(j, "hive", wr_session_label(s, f->hive));
	json_evidence(j, f->evidence);
	wr_json_string(j, "repair",
	               wr_repair_fixer(f->repair, &fixer) ? wr_repair_name(fixer) : NULL);
	wr_json_string(j, "fix", wr_buf_str(&fix));
	wr_json_string(j, "advice", info->advice);
	wr_json_string(j, "catalog", info->catalog);
	wr_json_bool(j, "weakens_security", info->weakens_security);
	wr_json_end_object(j);
	j->out->oom |= fix.oom;
	wr_buf_free(&fix);
}

void wr_diagnosis_json(const struct wr_diagnosis *d, const struct wr_session *s, const char *target,
                       struct wr_buf *out)
{
	struct wr_json j = {.out = out};

	wr_json_begin_object(&j, NULL);
	wr_json_string(&j, "format", WR_DIAGNOSE_FORMAT);
	wr_json_begin_array(&j, "findings");
	for (size_t i = 0; i < d->n_findings; i++)
		json_finding(&j, &d->findings[i], s, target);
	wr_json_end_array(&j);
	json_items(&j, "fine", d->fine, d->n_fine, s, NULL);
	json_items(&j, "unchecked", d->unchecked, d->n_unchecked, s, "why");
	wr_json_end_object(&j);
	wr_buf_putc(out, '\n');
}
