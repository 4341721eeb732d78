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

#endif
