/* SPDX-License-Identifier: GPL-3.0-or-later */
/* buf.h - growable text buffer the renderers write into (the back end never prints). */
#ifndef WR_BUF_H
#define WR_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct wr_buf {
	char *data; /* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
	bool oom; /* an allocation failed; further appends are ignored */
};

#define WR_BUF_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0, false                                                                  \
	}

void wr_buf_add(struct wr_buf *b, const char *s, size_t n);
void wr_buf_puts(struct wr_buf *b, const char *s);
void wr_buf_putc(struct wr_buf *b, char c);
void wr_buf_printf(struct wr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append `n` spaces. */
void wr_buf_pad(struct wr_buf *b, size_t n);
void wr_buf_free(struct wr_buf *b);
/* The text so far; "" when nothing was added. */
static inline const char *wr_buf_str(const struct wr_buf *b)
{
	return b->data ? b->data : "";
}

/*
 * Split text in place into lines: returns the next line (its '\n' replaced
 * by a NUL) and advances *cursor, or NULL at the end.  A last line without a
 * newline is returned too.
 */
char *wr_next_line(char **cursor);

/* Hand the text over to the caller (to free()); the buffer is reset. */
char *wr_buf_steal(struct wr_buf *b);

#endif
