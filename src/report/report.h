/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report.h - Markdown reports for a ticket (checklists, diagnose): safe text, saved safely. */
#ifndef WR_REPORT_H
#define WR_REPORT_H

#include <stdbool.h>

#include "base/buf.h"
#include "base/error.h"

#define WR_REPORT_HEAD "# winrescue: " /* how every report starts */

/*
 * Text from the hives (names, reasons, findings, diffs) has its control
 * characters escaped as on a terminal (text.h): the report is read on one,
 * and a newline in a name must not start a line of Markdown.
 */
void wr_md_cell(struct wr_buf *out, const char *text); /* a table cell: one line, '|' escaped */
void wr_md_code_span(struct wr_buf *out, const char *text);  /* inline code on one line */
void wr_md_code_block(struct wr_buf *out, const char *text); /* a block no line can close */

/*
 * Save the report `md` as `path`: a new file, or, when `replace`, over an
 * empty file or an earlier report (never over a hive, a disk image or
 * anything else); written under a name of its own beside it and moved into
 * place, so `path` never holds half a report.
 */
int wr_report_save(const char *path, const char *md, bool replace, struct wr_error *err);

#endif
