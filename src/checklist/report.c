/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report.c - a checklist run as Markdown, ready to paste into a ticket. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/text.h"
#include "checklist.h"
#include "regf/regf.h"

#define REPORT_HEAD "# winrescue: " /* how every report starts */

/*
 * Text from the hives (names, reasons, findings, diffs) has its control
 * characters escaped as on a terminal (text.h): the report is read on one,
 * and a newline in a name must not start a line of Markdown.
 */

/* A table cell: one line; '|' would end it. */
static void cell(struct wr_buf *out, const char *text)
{
	struct wr_buf safe = WR_BUF_INIT;

	wr_buf_put_printable(&safe, text);
	for (const char *p = wr_buf_str(&safe); *p; p++)
		if (*p == '|')
			wr_buf_puts(out, "\\|");
		else
			wr_buf_putc(out, *p);
	wr_buf_free(&safe);
}

/* The longest run of backticks in `s`: a code fence must be longer. */
static size_t longest_backticks(const char *s)
{
	size_t longest = 0;

	for (size_t run; *s; s += run ? run : 1)
		if ((run = strspn(s, "`")) > longest)
			longest = run;
	return longest;
}

static void backticks(struct wr_buf *out, size_t n)
{
	while (n--)
		wr_buf_putc(out, '`');
}

/* Inline code on one line, a backtick in it included. */
static void code_span(struct wr_buf *out, const char *text)
{
	struct wr_buf safe = WR_BUF_INIT;
	const char *s;
	size_t fence, n;
	bool pad;

	wr_buf_put_printable(&safe, text);
	s = wr_buf_str(&safe);
	n = strlen(s);
	fence = longest_backticks(s) + 1;
	pad = n && (s[0] == '`' || s[n - 1] == '`'); /* Markdown drops one space each side */
	backticks(out, fence);
	wr_buf_puts(out, pad ? " " : "");
	wr_buf_puts(out, s);
	wr_buf_puts(out, pad ? " " : "");
	backticks(out, fence);
	wr_buf_free(&safe);
}

/* A code block of several lines that no line in it can close. */
static void code_block(struct wr_buf *out, const char *text)
{
	struct wr_buf safe = WR_BUF_INIT;
	size_t fence;

	wr_buf_put_printable_lines(&safe, text);
	fence = longest_backticks(wr_buf_str(&safe)) + 1;
	if (fence < 3)
		fence = 3;
	backticks(out, fence);
	wr_buf_putc(out, '\n');
	wr_buf_puts(out, wr_buf_str(&safe));
	if (safe.len && safe.data[safe.len - 1] != '\n')
		wr_buf_putc(out, '\n');
	backticks(out, fence);
	wr_buf_putc(out, '\n');
	wr_buf_free(&safe);
}

static void steps_table(const struct wr_checklist *l, const struct wr_step_result *before,
                        const struct wr_step_result *after, struct wr_buf *out)
{
	wr_buf_printf(out, "\n## %s\n\n| # | %s | %s | %s |\n|---|---|---|---|\n", _("Steps"),
	              _("Step"), _("Found"), _("After"));
	for (size_t k = 0; k < l->n_steps; k++) {
		wr_buf_printf(out, "| %zu | %s | %s: ", k + 1, _(l->steps[k].title),
		              _(wr_step_state_name(before[k].state)));
		cell(out, before[k].reason);
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
	wr_buf_printf(out, REPORT_HEAD "%s\n\n", _(l->title));
	wr_buf_printf(out, "- %s: `%s` (%s)\n- %s: %s\n", _("Checklist"), l->name, l->article,
	              _("Date"), stamp);
	for (size_t i = 0; wr_session_label(s, i)[0]; i++) {
		wr_buf_printf(out, "- %s: ", _("Hive"));
		code_span(out, wr_session_label(s, i));
		wr_buf_putc(out, '\n');
	}
	steps_table(l, before, after, out);
	wr_buf_printf(out, "\n## %s\n\n", _("Changes"));
	if (after && *diff) {
		code_block(out, diff);
		wr_buf_putc(out, '\n');
		wr_buf_put_printable_lines(out, done);
	} else if (*diff) {
		wr_buf_printf(out, "%s\n\n", _("Staged, not written yet:"));
		code_block(out, diff);
	} else {
		wr_buf_printf(out, "%s\n", _("Nothing needed changing."));
	}
	wr_buf_printf(out, "\n## %s\n", _("Findings"));
	for (size_t k = 0; k < l->n_steps; k++)
		if (before[k].detail.len) {
			wr_buf_printf(out, "\n### %s\n\n", _(l->steps[k].title));
			code_block(out, wr_buf_str(&before[k].detail));
		}
}

/* What is at `path` now, by its first bytes. */
enum existing { NOTHING, EMPTY, A_REPORT, A_HIVE, SOMETHING_ELSE };

static enum existing existing(const char *path)
{
	char head[sizeof(REPORT_HEAD) - 1];
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	size_t got = 0;
	struct stat st;
	enum existing what = SOMETHING_ELSE;

	if (fd < 0)
		return errno == ENOENT ? NOTHING : SOMETHING_ELSE;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    wr_file_read_at(fd, 0, head, sizeof(head), &got) == 0) {
		if (got == 0)
			what = EMPTY;
		else if (got >= 4 && memcmp(head, WR_REGF_SIGNATURE, 4) == 0)
			what = A_HIVE;
		else if (got == sizeof(head) && memcmp(head, REPORT_HEAD, sizeof(head)) == 0)
			what = A_REPORT;
	}
	close(fd);
	return what;
}

int wr_checklist_report_save(const char *path, const char *md, bool replace, struct wr_error *err)
{
	struct wr_error failed = {0};
	char tmp[PATH_MAX];
	int n = snprintf(tmp, sizeof(tmp), "%s.winrescue-new", path);

	enum existing there = existing(path);

	/* A slip of the hand must never cost a hive, a disk image or anything
	 * but an earlier report. */
	if (there == A_HIVE) {
		wr_error_set(err, EEXIST,
		             _("%s is a registry hive: not writing the report over it"), path);
		return -1;
	}
	if (there != NOTHING && !(replace && (there == EMPTY || there == A_REPORT))) {
		wr_error_set(err, EEXIST, _("%s exists; winrescue does not overwrite it"), path);
		return -1;
	}
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		wr_error_set(err, ENAMETOOLONG, _("the path is too long: %s"), path);
		return -1;
	}
	/* Whole or not at all: under a name of its own first. */
	if (wr_file_write_new(tmp, md, strlen(md), 0644, &failed) == 0) {
		if (replace ? rename(tmp, path) == 0 && wr_file_sync_dir(path) == 0
		            : wr_file_publish(tmp, path, &failed) == 0)
			return 0;
		if (replace)
			failed.code = errno;
		unlink(tmp);
	}
	wr_error_set(err, failed.code, _("%s: cannot write the report: %s"), path,
	             strerror(failed.code));
	return -1;
}
