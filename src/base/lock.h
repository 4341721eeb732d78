/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lock.h - one writer at a time: advisory locks on hive files and disks, naming the holder. */
#ifndef WR_LOCK_H
#define WR_LOCK_H

#include <stdbool.h>

#include "error.h"

/*
 * A BSD lock (flock) on the file at a path.  Every winrescue process takes
 * one before it writes (exclusive) or reads a disk (shared), so two never
 * write the same hive or disk at once; other programs do not see it.
 *
 * A hive is replaced by a rename, which leaves a lock on the old inode: a
 * lock counts only while its file is still the one at the path, so
 * wr_lock_take retries until it holds the file that is there.
 */
struct wr_lock {
	int fd; /* -1: not held */
};
#define WR_LOCK_INIT                                                                               \
	{                                                                                          \
		.fd = -1                                                                           \
	}

/* Take the lock on `path`, waiting up to `wait_ms` milliseconds for its
 * holder.  Busy: EBUSY with one line naming the holder ("PATH is in use
 * (pid 123: winrescue repair safeboot ...)").  `follow`: a
 * symbolic link at `path` is followed (a disk named by /dev/disk/by-id). */
int wr_lock_take(struct wr_lock *l, const char *path, bool exclusive, bool follow, unsigned wait_ms,
                 struct wr_error *err);

/* Whether the lock is held and its file is still the one at `path`. */
bool wr_lock_holds(const struct wr_lock *l, const char *path);

void wr_lock_release(struct wr_lock *l);

#endif
