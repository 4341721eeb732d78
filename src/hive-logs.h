/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hive-logs.h - whether a hive may be written, given what its transaction logs can recover. */
#ifndef WR_HIVE_LOGS_H
#define WR_HIVE_LOGS_H

#include <stdbool.h>
#include <stddef.h>

#include "hive-replay.h"

/*
 * Why the hive named `label`, whose replay report is `rep`, must not be
 * written, in one translated sentence (or "" when it may be): a
 * differencing hive (format 1.6), or a dirty one that no log recovers.
 * A dirty hive its logs recovered may be: the edit goes on top of the
 * recovered image, as it would after Windows' own recovery.
 */
bool wr_hive_write_blocked(const struct wr_replay *rep, const char *label, char *why, size_t len);

/* One translated sentence on what replay did for the hive `label`, for
 * status lines: "" when it was clean. */
void wr_hive_replay_summary(const struct wr_replay *rep, const char *label, char *out, size_t len);

#endif
