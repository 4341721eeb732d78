/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text.c - UTF-8 text for people: walking it, measuring it, making it safe to show, sizes. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "buf.h"
#include "text.h"

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

void wr_format_size(uint64_t bytes, char *out, size_t len)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
	double v = (double)bytes;
	unsigned u = 0;

	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(*units)) {
		v /= 1024;
		u++;
	}
	/* Rounded: one decimal below ten units ("7.5 GiB"), whole numbers above. */
	if (u > 0 && v < 9.95 && (long long)(v * 10 + 0.5) % 10)
		snprintf(out, len, "%.1f %s", v, units[u]);
	else
		snprintf(out, len, "%.0f %s", v, units[u]);
}
