/* SPDX-License-Identifier: GPL-3.0-or-later */
/* crc32.c - the CRC-32 that guards each FVE metadata copy. */
#include "config.h"

#include "internal.h"

#define POLYNOMIAL 0xedb88320u /* IEEE 802.3, bits reversed */

/* Bit by bit: a copy is at most 64 KiB, read a few times per volume. */
uint32_t wr__bl_crc32(const uint8_t *p, size_t n)
{
	uint32_t crc = 0xffffffffu;

	while (n--) {
		crc ^= *p++;
		for (int bit = 0; bit < 8; bit++)
			crc = crc >> 1 ^ (crc & 1 ? POLYNOMIAL : 0);
	}
	return ~crc;
}
