/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dirty-log.h - a dirty hive whose last change is only in its new-format log, for tests. */
#ifndef WR_TEST_DIRTY_LOG_H
#define WR_TEST_DIRTY_LOG_H

#include "base/error.h"
#include "hive/hive.h"

/*
 * Make the clean hive file `path` (sequence s) look as Windows leaves it
 * when it stops after logging a write: `edit` is applied to a copy, the
 * 4 KiB pages it changed become entry s of a new-format log written to
 * `path`.LOG1 (both Marvin32 hashes right), and `path` itself keeps its old
 * bytes but is marked dirty (sequence numbers s + 1 and s).  The recovered
 * hive, bins byte for byte, is written to `path`.expected.
 */
int dirty_log_make(const char *path, int (*edit)(struct wr_hive *, struct wr_error *),
                   struct wr_error *err);

#endif
