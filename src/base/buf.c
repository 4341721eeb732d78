/* SPDX-License-Identifier: GPL-3.0-or-later */
/* buf.c - growable text buffer. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static bool buf_reserve(struct wr_buf *b, size_t extra)
{
	size_t want;
	char *p;

	if (b->oom)
		return false;
	want = b->len + extra + 1;
	if (want <= b->cap)
		return true;
	if (want < 256)
		want = 256;
	if (want < b->cap * 2)
		want = b->cap * 2;
	p = realloc(b->data, want);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->data = p;
	b->cap = want;
	return true;
}

void wr_buf_add(struct wr_buf *b, const char *s, size_t n)
{
	if (!buf_reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void wr_buf_puts(struct wr_buf *b, const char *s)
{
	wr_buf_add(b, s, strlen(s));
}

void wr_buf_putc(struct wr_buf *b, char c)
{
	wr_buf_add(b, &c, 1);
}

void wr_buf_printf(struct wr_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !buf_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void wr_buf_pad(struct wr_buf *b, size_t n)
{
	if (!buf_reserve(b, n))
		return;
	memset(b->data + b->len, ' ', n);
	b->len += n;
	b->data[b->len] = '\0';
}

void wr_buf_free(struct wr_buf *b)
{
	free(b->data);
	*b = (struct wr_buf)WR_BUF_INIT;
}

char *wr_buf_steal(struct wr_buf *b)
{
	char *s = b->oom ? NULL : b->data;

	if (b->oom)
		free(b->data);
	else if (!s)
		s = calloc(1, 1);
	*b = (struct wr_buf)WR_BUF_INIT;
	return s;
}

char *wr_next_line(char **cursor)
{
	char *line = *cursor, *end;

	if (!line || !*line)
		return NULL;
	end = strchr(line, '\n');
	if (end) {
		*end = '\0';
		*cursor = end + 1;
	} else {
		*cursor = line + strlen(line);
	}
	return line;
}
