/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json.h - a small JSON writer for --json output (stable layout, two-space indent). */
#ifndef WR_JSON_H
#define WR_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

#define WR_JSON_MAX_DEPTH 16

struct wr_json {
	struct wr_buf *out;
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
