/* SPDX-License-Identifier: GPL-3.0-or-later */
/* guid.c - GUIDs in BCD stores: binary (mixed-endian) and text forms. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "guid.h"

void wr_guid_format(const uint8_t b[16], char out[WR_GUID_STRLEN + 1])
{
	snprintf(out, WR_GUID_STRLEN + 1,
	         "{%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x}", b[3],
	         b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13],
	         b[14], b[15]);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int wr_guid_parse(const char *s, uint8_t b[16])
{
	/* Byte order of the text digits' pairs within the on-disk layout. */
	static const int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
	size_t n = strlen(s);
	int pair = 0;

	if (n == WR_GUID_STRLEN && s[0] == '{' && s[n - 1] == '}') {
		s++;
		n -= 2;
	}
	if (n != 36)
		return -1;
	for (size_t i = 0; i < 36;) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return -1;
			i++;
			continue;
		}
		int hi = hex_digit(s[i]), lo = hex_digit(s[i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		b[order[pair++]] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	return 0;
}

int wr_guid_normalize(const char *s, char out[WR_GUID_STRLEN + 1])
{
	uint8_t b[16];

	if (wr_guid_parse(s, b) < 0)
		return -1;
	wr_guid_format(b, out);
	return 0;
}

bool wr_guid_is_zero(const uint8_t b[16])
{
	static const uint8_t zero[16];

	return memcmp(b, zero, 16) == 0;
}
