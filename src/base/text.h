/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text.h - UTF-8 text for people: walking it, measuring it, making it safe to show, sizes. */
#ifndef WR_TEXT_H
#define WR_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decode the UTF-8 sequence at *s and advance past it: the code point, or
 * -1 (not advancing) for an invalid or overlong sequence. */
int32_t wr_utf8_next(const char **s);

/*
 * Whether code point `cp` is one no text from a hive, a disk, a journal or
 * a file name may put on a terminal as it is: C0 and C1 controls and DEL
 * (they move the cursor, retitle the window, set the clipboard) and the
 * bidirectional controls U+061C, U+200E, U+200F, U+202A-U+202E and
 * U+2066-U+2069 (they reorder what is shown: "exe.txt" reads "txt.exe").
 */
bool wr_text_is_control(int32_t cp);

/*
 * The terminal takes only ASCII (its locale is not UTF-8): there the bytes
 * of UTF-8 text can be C1 controls themselves (0x9b is CSI in Latin-1), so
 * every code point above U+007F is escaped as well.  Set by the program
 * once, before any thread starts.
 */
void wr_text_ascii_only(bool on);
/* wr_text_is_control, or any non-ASCII code point on an ASCII terminal. */
bool wr_text_must_escape(int32_t cp);

struct wr_buf;

/*
 * Append `s` made safe for a terminal and for one line of output: every
 * code point wr_text_must_escape names becomes \xNN below U+0080, \uNNNN
 * up to U+FFFF and \UNNNNNNNN above, each byte that is not UTF-8 \xNN.  Text already made safe
 * passes unchanged.
 */
void wr_buf_put_printable(struct wr_buf *out, const char *s);

/* The same for text of several lines: its newlines are kept. */
void wr_buf_put_printable_lines(struct wr_buf *out, const char *s);

/* wr_buf_put_printable as a malloc'd string (NULL when out of memory). */
char *wr_printable_dup(const char *s);

/*
 * printf into `out`, every string argument (%s, %c) made safe as
 * wr_buf_put_printable makes it, newlines included; the format, the
 * program's own text, is copied as it is.  Widths count bytes of the text
 * made safe, precisions bytes of the argument.  A format with numbered
 * arguments ("%1$s", from a translation) is formatted whole and made safe
 * keeping its newlines.
 */
void wr_buf_printf_printable(struct wr_buf *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void wr_buf_vprintf_printable(struct wr_buf *out, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* The same into `size` bytes at `out`, cut to valid UTF-8 (a message of a
 * fixed size: struct wr_error and the like).  Returns 0, or -1 when memory
 * ran out: `out` then holds the format without its arguments. */
int wr_vsnprintf_printable(char *out, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Remove a UTF-8 sequence cut short at the end of `s` (as snprintf leaves
 * when it truncates), so the text stays valid UTF-8. */
void wr_utf8_trim(char *s);

/* Number of terminal columns a UTF-8 string takes (for padding). */
size_t wr_utf8_width(const char *s);

/* A size for people: "512 B", "7.5 GiB", "126 GiB" (binary units). */
void wr_format_size(uint64_t bytes, char *out, size_t len);

#endif
