/* SPDX-License-Identifier: GPL-3.0-or-later */
/* internal.h - the steps both safe write paths (disk and local file) share. */
#ifndef WR_SAFE_WRITE_INTERNAL_H
#define WR_SAFE_WRITE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/conf.h"
#include "base/error.h"
#include "safe-write.h"

/* cfg->fail_after is `step`: stop here as a crash would (tests only). */
bool wr__fault_after(const struct wr_config *cfg, const char *step, struct wr_error *err);

/* The header must be a primary hive's with a right checksum, and clean;
 * restoring a backup (WR_WRITE_RESTORE) it may be dirty or its checksum
 * wrong, as the original was.  *checksum_ok: hivex can open it. */
bool wr__writable_header(const uint8_t *head, size_t len, unsigned flags, bool *checksum_ok);

/* "<base>.winrescue-<stamp>.bak", or "-2", "-3"... when a write in the same
 * second already took that name: a backup is never overwritten.  Fails
 * with ENAMETOOLONG when the name does not fit in `out`, EEXIST when all
 * are taken. */
int wr__backup_name(char *out, size_t len, const char *base, const char *stamp,
                    bool (*taken)(const char *, void *), void *opaque, struct wr_error *err);
bool wr__taken_on_host(const char *path, void *opaque);

/* The intent record (safe-write.h), with the report as the rename will
 * leave it: sha256_after is `sha`. */
int wr__record_intent(const struct wr_write_intent *intent, struct wr_write_report *rep,
                      const char *sha, const char *new_file, struct wr_error *err);

#endif
