/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hive-logs.h - whether a hive may be written: dirty base block, or logs newer than the file. */
#ifndef WR_HIVE_LOGS_H
#define WR_HIVE_LOGS_H

#include <stdbool.h>
#include <stddef.h>

#include "regf.h"

/*
 * Whether the transaction log at `log` (the first bytes of BASE.LOG,
 * .LOG1 or .LOG2) holds data the primary with header `primary` lacks: a
 * new-format (HvLE) entry whose sequence number is not older than the
 * primary's, or an old-format (DIRT) log written after it.  Replaying them
 * is a later feature; until then such a hive must not be written.
 */
bool wr_log_is_newer(const uint8_t *log, size_t len, const struct wr_regf_header *primary);

/*
 * Why the local hive file `path` with header `hdr` must not be written, in
 * one translated sentence naming it `label`, or "" when it may be: its sequence numbers
 * differ, or one of its logs (any case of BASE.LOG, .LOG1, .LOG2 in the
 * same directory) is newer.  Returns true when it must not.
 */
bool wr_hive_write_blocked(const char *path, const char *label, const struct wr_regf_header *hdr,
                           char *why, size_t len);

#endif
