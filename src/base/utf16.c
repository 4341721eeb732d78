/* SPDX-License-Identifier: GPL-3.0-or-later */
/* utf16.c - UTF-16LE (registry strings) to and from UTF-8. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "buf.h"
#include "text.h"
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
