/* SPDX-License-Identifier: GPL-3.0-or-later */
/* internal.h - the hive handle, shared by hive.c (reading), edit.c and cells.c. */
#ifndef WR_HIVE_INTERNAL_H
#define WR_HIVE_INTERNAL_H

#include <hivex.h>

#include "hive.h"

struct wr_hive {
	hive_h *h;
	char *path;
	char *root_name;
	int flags;
	struct wr_regf_header hdr; /* as opened; commit updates the sequence numbers */
};

/* Set `err` to "hivex: <what>: <strerror(errno)>" from the errno hivex left. */
void wr__hive_error(struct wr_error *err, const char *what);

/*
 * cells.c: before hivex_node_delete_child, check on a map of the hive's
 * cells that every cell it would free or rewrite for `node` and its
 * subtree is the start of a cell in use, freed once, so that a hostile hive
 * cannot make libhivex's writer abort.  Fails with one line naming the key
 * and the damage (EINVAL), or why the check could not run.  Leaves hivex's
 * copy of the base block with its sequence numbers bumped: wr_hive_commit
 * writes its own.
 */
int wr__hive_check_delete(struct wr_hive *hive, wr_node node, struct wr_error *err);
/* The same before a key's values are rewritten: hivex_node_set_value(s)
 * frees its value list, every value and every value's data, then writes
 * the key. */
int wr__hive_check_values(struct wr_hive *hive, wr_node node, struct wr_error *err);

#endif
