/* SPDX-License-Identifier: GPL-3.0-or-later */
/* internal.h - checks shared by the regf module's readers (regf.c, lists.c). */
#ifndef WR_REGF_INTERNAL_H
#define WR_REGF_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

/*
 * Check the key cell at `cell`, `room` bytes before the end of the hive bins,
 * before anything else of it is read: in use, an "nk" record, the record
 * and its name inside the cell, the cell inside the hive bins.  Returns 0
 * when it is such a key; 1 when it is no key at all (no "nk", or free);
 * -1 (EINVAL, a message starting "its ...") when it is a key whose sizes lie.
 */
int wr__regf_key_cell(const uint8_t *cell, size_t room, struct wr_error *err);

#endif
