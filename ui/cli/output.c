/* SPDX-License-Identifier: GPL-3.0-or-later */
/* output.c - all the commands print, made safe for a terminal on the way out. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/text.h"
#include "cli.h"

/* `prefix`, the formatted text (its arguments made safe), `suffix`. */
static void vprint(FILE *f, const char *prefix, const char *fmt, va_list ap, const char *suffix)
{
	struct wr_buf b = WR_BUF_INIT;

	wr_buf_puts(&b, prefix);
	wr_buf_vprintf_printable(&b, fmt, ap);
	wr_buf_puts(&b, suffix);
	if (b.oom)
		fprintf(stderr, "%s: %s\n", PACKAGE, _("out of memory"));
	else
		fputs(b.data, f);
	wr_buf_free(&b);
}

void cli_print(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(f, "", fmt, ap, "");
	va_end(ap);
}

void cli_out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(stdout, "", fmt, ap, "");
	va_end(ap);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(stderr, PACKAGE ": ", fmt, ap, "\n");
	va_end(ap);
}

void cli_text(FILE *f, const char *text)
{
	struct wr_buf b = WR_BUF_INIT;

	wr_buf_put_printable_lines(&b, text);
	if (b.oom)
		fprintf(stderr, "%s: %s\n", PACKAGE, _("out of memory"));
	else if (b.data)
		fputs(b.data, f);
	wr_buf_free(&b);
}
