/* SPDX-License-Identifier: GPL-3.0-or-later */
/* error.h - how the back end returns errors: a code and a one-line message. */
#ifndef WR_ERROR_H
#define WR_ERROR_H

/*
 * Every back-end call that can fail takes a `struct wr_error *` last and fills
 * it on failure; the back end never prints.  `code` is an errno value
 * (EINVAL for malformed data, ENOENT for a missing thing, ...); `msg` is a
 * complete, translated sentence naming the thing and the problem, ready for a
 * status line or stderr, its arguments made safe to show (control characters
 * escaped: wr_buf_printf_printable in text.h).  A NULL `err` is allowed and
 * means "don't care".
 */
struct wr_error {
	int code;
	char msg[512];
};

void wr_error_set(struct wr_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prepend "PREFIX: " to an error already set (e.g. the file name). */
void wr_error_prefix(struct wr_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
