/* SPDX-License-Identifier: GPL-3.0-or-later */
/* marvin32.h - the Marvin32 hash that checks new-format (HvLE) transaction log entries. */
#ifndef WR_MARVIN32_H
#define WR_MARVIN32_H

#include <stddef.h>
#include <stdint.h>

/* The seed registry logs use (bcd-format.md §7.5). */
#define WR_MARVIN32_LOG_SEED 0x82EF4D887A4E55C5ull

/* Marvin32 of `len` bytes at `data` with `seed` (low half first). */
uint64_t wr_marvin32(uint64_t seed, const uint8_t *data, size_t len);

#endif
