/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json.c - a small JSON writer. */
#include "config.h"

#include <string.h>

#include "json.h"
#include "text.h"

/* A JSON string; bytes that are not UTF-8 (a hostile hive, a cut message)
 * become U+FFFD so the output always parses.  Control characters (C0, DEL,
 * C1, bidirectional: wr_text_is_control) are written as \u escapes, so the
 * text shown on a terminal is safe and the same string once parsed. */
static void put_string(struct wr_buf *b, const char *s)
{
	wr_buf_putc(b, '"');
	while (*s) {
		const char *start = s;
		int32_t cp = wr_utf8_next(&s);

		if (cp < 0) {
			wr_buf_puts(b, "\\ufffd");
			s++;
		} else if (cp == '"' || cp == '\\') {
			wr_buf_printf(b, "\\%c", (char)cp);
		} else if (cp == '\n') {
			wr_buf_puts(b, "\\n");
		} else if (wr_text_must_escape(cp) && cp >= 0x10000) { /* as a surrogate pair */
			wr_buf_printf(b, "\\u%04x\\u%04x",
			              0xd800u + ((unsigned)(cp - 0x10000) >> 10),
			              0xdc00u + ((unsigned)cp & 0x3ffu));
		} else if (wr_text_must_escape(cp)) {
			wr_buf_printf(b, "\\u%04x", (unsigned)cp);
		} else {
			wr_buf_add(b, start, (size_t)(s - start));
		}
	}
	wr_buf_putc(b, '"');
}

/* Comma, newline and indent before an item (only the comma when compact),
 * then its key. */
static void item(struct wr_json *j, const char *key)
{
	if (j->depth > 0) {
		if (j->has_items[j->depth])
			wr_buf_putc(j->out, ',');
		if (!j->compact) {
			wr_buf_putc(j->out, '\n');
			wr_buf_pad(j->out, 2 * (size_t)j->depth);
		}
		j->has_items[j->depth] = true;
	}
	if (key) {
		put_string(j->out, key);
		wr_buf_puts(j->out, j->compact ? ":" : ": ");
	}
}

static void open_level(struct wr_json *j, const char *key, char c)
{
	item(j, key);
	wr_buf_putc(j->out, c);
	if (j->depth + 1 < WR_JSON_MAX_DEPTH)
		j->depth++;
	j->has_items[j->depth] = false;
}

static void close_level(struct wr_json *j, char c)
{
	bool had = j->has_items[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (had && !j->compact) {
		wr_buf_putc(j->out, '\n');
		wr_buf_pad(j->out, 2 * (size_t)j->depth);
	}
	wr_buf_putc(j->out, c);
	if (j->depth == 0)
		wr_buf_putc(j->out, '\n');
}

void wr_json_begin_object(struct wr_json *j, const char *key)
{
	open_level(j, key, '{');
}

void wr_json_end_object(struct wr_json *j)
{
	close_level(j, '}');
}

void wr_json_begin_array(struct wr_json *j, const char *key)
{
	open_level(j, key, '[');
}

void wr_json_end_array(struct wr_json *j)
{
	close_level(j, ']');
}

void wr_json_string(struct wr_json *j, const char *key, const char *s)
{
	item(j, key);
	if (s)
		put_string(j->out, s);
	else
		wr_buf_puts(j->out, "null");
}

void wr_json_uint(struct wr_json *j, const char *key, uint64_t v)
{
	item(j, key);
	wr_buf_printf(j->out, "%llu", (unsigned long long)v);
}

void wr_json_bool(struct wr_json *j, const char *key, bool v)
{
	item(j, key);
	wr_buf_puts(j->out, v ? "true" : "false");
}

void wr_json_null(struct wr_json *j, const char *key)
{
	item(j, key);
	wr_buf_puts(j->out, "null");
}
