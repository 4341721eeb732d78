/* SPDX-License-Identifier: GPL-3.0-or-later */
/* utf16.c - UTF-16LE (registry strings) to and from UTF-8. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "buf.h"
#include "utf16.h"

static size_t utf8_put(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

char *wr_utf16le_decode(const uint8_t *p, size_t len)
{
	size_t units = len / 2, o = 0;
	char *out = malloc(units * 3 + 1); /* a unit never takes more than 3 bytes */

	if (!out)
		return NULL;
	for (size_t i = 0; i < units; i++) {
		uint32_t u = p[2 * i] | (uint32_t)p[2 * i + 1] << 8;

		if (u == 0)
			break;
		if (u >= 0xd800 && u < 0xdc00 && i + 1 < units) {
			uint32_t lo = p[2 * i + 2] | (uint32_t)p[2 * i + 3] << 8;

			if (lo >= 0xdc00 && lo < 0xe000) {
				u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
				i++;
			}
		}
		if (u >= 0xd800 && u < 0xe000)
			u = 0xfffd; /* unpaired surrogate */
		o += utf8_put(out + o, u);
	}
	out[o] = '\0';
	return out;
}

int32_t wr_utf8_next(const char **str)
{
	const unsigned char *p = (const unsigned char *)*str;
	uint32_t cp;
	int n;

	if (p[0] < 0x80)
		n = 0, cp = p[0];
	else if ((p[0] & 0xe0) == 0xc0)
		n = 1, cp = p[0] & 0x1f;
	else if ((p[0] & 0xf0) == 0xe0)
		n = 2, cp = p[0] & 0x0f;
	else if ((p[0] & 0xf8) == 0xf0)
		n = 3, cp = p[0] & 0x07;
	else
		return -1;
	for (int i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	static const uint32_t min[] = {0, 0x80, 0x800, 0x10000};
	if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
		return -1;
	*str = (const char *)(p + n + 1);
	return (int32_t)cp;
}

uint8_t *wr_utf16le_encode(const char *s, size_t *len)
{
	size_t o = 0;
	uint8_t *out = malloc(strlen(s) * 2 + 2); /* each byte yields at most one unit */

	if (!out)
		return NULL;
	while (*s) {
		int32_t cp = wr_utf8_next(&s);

		if (cp < 0) {
			free(out);
			errno = EINVAL;
			return NULL;
		}
		if (cp >= 0x10000) {
			uint32_t v = (uint32_t)cp - 0x10000;
			uint32_t hi = 0xd800 + (v >> 10), lo = 0xdc00 + (v & 0x3ff);

			out[o++] = hi & 0xff, out[o++] = hi >> 8;
			out[o++] = lo & 0xff, out[o++] = lo >> 8;
		} else {
			out[o++] = cp & 0xff, out[o++] = (uint8_t)(cp >> 8);
		}
	}
	out[o++] = 0;
	out[o++] = 0;
	*len = o;
	return out;
}

size_t wr_utf8_width(const char *s)
{
	size_t w = 0;

	while (*s) {
		int32_t cp = wr_utf8_next(&s);
		int cw;

		if (cp < 0) {
			s++; /* count a stray byte as one column */
			w++;
			continue;
		}
		cw = wcwidth((wchar_t)cp);
		w += cw < 0 ? 1 : (size_t)cw;
	}
	return w;
}

void wr_buf_put_printable(struct wr_buf *out, const char *s)
{
	while (*s) {
		const char *start = s;
		int32_t cp = wr_utf8_next(&s);

		if (cp < 0) {
			wr_buf_printf(out, "\\x%02x", (unsigned char)*s++);
		} else if (cp < 0x20 || cp == 0x7f) {
			wr_buf_printf(out, "\\x%02x", (unsigned)cp);
		} else if (cp >= 0x80 && cp < 0xa0) {
			wr_buf_printf(out, "\\u%04x",
			              (unsigned)cp); /* C1 controls: ESC in disguise */
		} else {
			wr_buf_add(out, start, (size_t)(s - start));
		}
	}
}

char *wr_printable_dup(const char *s)
{
	struct wr_buf safe = WR_BUF_INIT;

	wr_buf_put_printable(&safe, s);
	return wr_buf_steal(&safe);
}

void wr_utf8_trim(char *s)
{
	size_t n = strlen(s), start = n;

	/* Find where the last sequence starts; drop it when it is cut short. */
	while (start > 0 && n - start < 4 && ((unsigned char)s[start - 1] & 0xc0) == 0x80)
		start--;
	if (start > 0 && ((unsigned char)s[start - 1] & 0x80)) {
		const char *p = s + start - 1;

		if (wr_utf8_next(&p) < 0)
			s[start - 1] = '\0';
	}
}
