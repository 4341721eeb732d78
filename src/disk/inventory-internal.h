/* SPDX-License-Identifier: GPL-3.0-or-later */
/* inventory-internal.h - what inventory.c and inventory-logs.c share. */
#ifndef WR_INVENTORY_INTERNAL_H
#define WR_INVENTORY_INTERNAL_H

#include "disk.h"

/* Fill f->replay from the logs beside found hive `f` on partition `p`,
 * whose first `len` bytes are at `head` (no replay: a report of what
 * loading it would do). */
void wr__inventory_examine_logs(struct wr_guest *g, const struct wr_part *p, struct wr_found *f,
                                const uint8_t *head, size_t len);

/* ---- listing-bitlocker.c ---- */

struct wr_json;
/* A BitLocker partition's volume and key protectors, lines from `indent`
 * (nothing for a partition that is not one). */
void wr__bitlocker_lines(const struct wr_part *p, const char *indent, struct wr_buf *out);
/* The line saying why locked partition `p` (shown as `name`) cannot be
 * read, and what would open it. */
void wr__bitlocker_problem(const struct wr_part *p, const char *name, struct wr_buf *out);
/* "bitlocker": its volume, or null. */
void wr__bitlocker_json(struct wr_json *j, const struct wr_part *p);

#endif
