/* SPDX-License-Identifier: GPL-3.0-or-later */
/* markdown.c - text from the hives as Markdown that no name in it can break. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "base/text.h"
#include "report.h"

/*
 * Text from the hives (names, reasons, findings, diffs) has its control
 * characters escaped as on a terminal (text.h): the report is read on one,
 * and a newline in a name must not start a line of Markdown.
 */

/* A table cell: one line; '|' would end it. */
void wr_md_cell(struct wr_buf *out, const char *text)
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
void wr_md_code_span(struct wr_buf *out, const char *text)
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
void wr_md_code_block(struct wr_buf *out, const char *text)
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
