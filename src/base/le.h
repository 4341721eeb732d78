/* SPDX-License-Identifier: GPL-3.0-or-later */
/* le.h - little-endian integers in on-disk structures (hives, BCD elements). */
#ifndef WR_LE_H
#define WR_LE_H

#include <stdint.h>

static inline uint16_t wr_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t wr_le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t wr_le64(const uint8_t *p)
{
	return wr_le32(p) | (uint64_t)wr_le32(p + 4) << 32;
}

/* The first `n` (1..8) bytes at `p`, zero-extended. */
static inline uint64_t wr_le_uint(const uint8_t *p, unsigned n)
{
	uint64_t x = 0;

	while (n--)
		x = x << 8 | p[n];
	return x;
}

/* Store the low `n` bytes of `v` at `p`. */
static inline void wr_put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void wr_put_le16(uint8_t *p, uint16_t v)
{
	wr_put_le(p, v, 2);
}

static inline void wr_put_le32(uint8_t *p, uint32_t v)
{
	wr_put_le(p, v, 4);
}

static inline void wr_put_le64(uint8_t *p, uint64_t v)
{
	wr_put_le(p, v, 8);
}

#endif
