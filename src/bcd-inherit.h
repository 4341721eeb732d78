/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcd-inherit.h - effective element values, following inherit lists as the boot manager does. */
#ifndef WR_BCD_INHERIT_H
#define WR_BCD_INHERIT_H

#include "bcd.h"
#include "buf.h"

/* An element and the object it came from. */
struct wr_bcd_inherited {
	const struct wr_bcd_element *element;
	const struct wr_bcd_object *source;
};

/* Called for each object reached; return true to stop the walk. */
typedef bool (*wr_bcd_visit_fn)(const struct wr_bcd_object *obj, void *opaque);

/*
 * Visit `obj`, then the objects of its inherit (14000006) list in order,
 * each followed depth-first by what it inherits: the order in which the boot
 * manager looks for an element.  An object reached twice is visited once.
 * A cycle, a reference to an object not in the store, an unreadable inherit
 * list or a chain deeper than the boot manager follows is not followed; each
 * adds one line to `problems` (may be NULL).  `visit` may be NULL to only
 * check the chain.
 */
void wr_bcd_walk_inherit(const struct wr_bcd *bcd, const struct wr_bcd_object *obj,
                         wr_bcd_visit_fn visit, void *opaque, struct wr_buf *problems);

/* The effective element `id` of `obj`: its own, or the first found along
 * the walk.  Returns 0 and fills *out, or 1 when no object has it. */
int wr_bcd_effective(const struct wr_bcd *bcd, const struct wr_bcd_object *obj, uint32_t id,
                     struct wr_bcd_inherited *out, struct wr_buf *problems);

/* Every effective element of `obj` (own and inherited, the inherit lists
 * themselves excluded), sorted by id; *out is malloc'd.  -1 on ENOMEM. */
int wr_bcd_effective_all(const struct wr_bcd *bcd, const struct wr_bcd_object *obj,
                         struct wr_bcd_inherited **out, size_t *n, struct wr_buf *problems);

#endif
