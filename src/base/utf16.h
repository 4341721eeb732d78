/* SPDX-License-Identifier: GPL-3.0-or-later */
/* utf16.h - UTF-16LE (registry strings) to and from UTF-8. */
#ifndef WR_UTF16_H
#define WR_UTF16_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode UTF-16LE up to the first NUL code unit or `len` bytes (an odd final
 * byte is ignored).  Unpaired surrogates become U+FFFD.  Text after the NUL
 * is never read: real stores carry junk there.  Returns a malloc'd string,
 * NULL only when out of memory.
 */
char *wr_utf16le_decode(const uint8_t *p, size_t len);

/* Encode UTF-8 as UTF-16LE with one terminating NUL; *len gets the byte
 * count.  Returns NULL (errno EINVAL) for invalid UTF-8, or on ENOMEM. */
uint8_t *wr_utf16le_encode(const char *s, size_t *len);

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

#endif
