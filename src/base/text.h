/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text.h - UTF-8 text for people: walking it, measuring it, making it safe to show, sizes. */
#ifndef WR_TEXT_H
#define WR_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Decode the UTF-8 sequence at *s and advance past it: the code point, or
 * -1 (not advancing) for an invalid or overlong sequence. */
int32_t wr_utf8_next(const char **s);

struct wr_buf;

/*
 * Append `s` made safe for a terminal and for one line of output: control
 * characters (C0, DEL, C1) and bytes that are not UTF-8 become \xNN or
 * \uNNNN, so text from a hostile hive can neither move the cursor nor forge
 * a line.
 */
void wr_buf_put_printable(struct wr_buf *out, const char *s);

/* The same as a malloc'd string (NULL when out of memory). */
char *wr_printable_dup(const char *s);

/* Remove a UTF-8 sequence cut short at the end of `s` (as snprintf leaves
 * when it truncates), so the text stays valid UTF-8. */
void wr_utf8_trim(char *s);

/* Number of terminal columns a UTF-8 string takes (for padding). */
size_t wr_utf8_width(const char *s);

/* A size for people: "512 B", "7.5 GiB", "126 GiB" (binary units). */
void wr_format_size(uint64_t bytes, char *out, size_t len);

#endif
