/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json.h - the JSON writer: --json output (two-space indent) and JSON Lines records (one line). */
#ifndef WR_JSON_H
#define WR_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

#define WR_JSON_MAX_DEPTH 16

/*
 * Written in the order of the calls, into `out`; the outermost value ends
 * with '\n'.  Strings are escaped so that the output is valid UTF-8 and
 * safe on a terminal.  `compact` puts the whole value on one line, with no
 * space (a JSON Lines record); otherwise each item has a line of its own.
 */
struct wr_json {
	struct wr_buf *out;
	bool compact;
	int depth;
	bool has_items[WR_JSON_MAX_DEPTH];
};

/* `key` is the member name inside an object, NULL inside an array. */
void wr_json_begin_object(struct wr_json *j, const char *key);
void wr_json_end_object(struct wr_json *j);
void wr_json_begin_array(struct wr_json *j, const char *key);
void wr_json_end_array(struct wr_json *j);
void wr_json_string(struct wr_json *j, const char *key, const char *s); /* NULL: null */
void wr_json_uint(struct wr_json *j, const char *key, uint64_t v);
void wr_json_bool(struct wr_json *j, const char *key, bool v);
void wr_json_null(struct wr_json *j, const char *key);

#endif
