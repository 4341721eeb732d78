/* SPDX-License-Identifier: GPL-3.0-or-later */
/* error.c - filling a struct wr_error. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "i18n.h"
#include "text.h"

/* Memory ran out putting a message together: that is the error, not the
 * message without its arguments ("%s is not a GUID"), which callers would
 * show or read as the reason. */
static void out_of_memory(struct wr_error *err)
{
	err->code = ENOMEM;
	snprintf(err->msg, sizeof(err->msg), "%s", _("out of memory"));
}

/* Messages quote names from hives, disks, journals and file names: each
 * argument is made safe to show where the message is made. */
void wr_error_set(struct wr_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (!err)
		return;
	err->code = code;
	va_start(ap, fmt);
	r = wr_vsnprintf_printable(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	if (r < 0)
		out_of_memory(err);
}

void wr_error_prefix(struct wr_error *err, const char *fmt, ...)
{
	char old[sizeof(err->msg)];
	size_t n, room, keep;
	va_list ap;
	int r;

	if (!err)
		return;
	memcpy(old, err->msg, sizeof(old));
	va_start(ap, fmt);
	r = wr_vsnprintf_printable(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	if (r < 0) {
		out_of_memory(err);
		return;
	}
	/* Append ": " and the old message, cut to fit. */
	n = strlen(err->msg);
	if (n + 3 >= sizeof(err->msg))
		return;
	memcpy(err->msg + n, ": ", 2);
	n += 2;
	room = sizeof(err->msg) - n - 1;
	keep = strnlen(old, room);
	memcpy(err->msg + n, old, keep);
	err->msg[n + keep] = '\0';
	wr_utf8_trim(err->msg);
}
