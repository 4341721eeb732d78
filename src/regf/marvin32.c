/* SPDX-License-Identifier: GPL-3.0-or-later */
/* marvin32.c - Marvin32: two 32-bit lanes mixed by add, xor and rotate per 4-byte block. */
#include "config.h"

#include "base/le.h"
#include "marvin32.h"

static uint32_t rotl(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

static void mix(uint32_t *lo, uint32_t *hi)
{
	uint32_t a = *lo, b = *hi;

	b ^= a;
	a = rotl(a, 20);
	a += b;
	b = rotl(b, 9);
	b ^= a;
	a = rotl(a, 27);
	a += b;
	b = rotl(b, 19);
	*lo = a;
	*hi = b;
}

uint64_t wr_marvin32(uint64_t seed, const uint8_t *data, size_t len)
{
	uint32_t lo = (uint32_t)seed, hi = (uint32_t)(seed >> 32), tail = 0x80;

	for (; len >= 4; data += 4, len -= 4) {
		lo += wr_le32(data);
		mix(&lo, &hi);
	}
	/* The last 0-3 bytes, little-endian, followed by a 0x80 marker byte. */
	while (len > 0)
		tail = tail << 8 | data[--len];
	lo += tail;
	mix(&lo, &hi);
	mix(&lo, &hi);
	return (uint64_t)hi << 32 | lo;
}
