/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hive-replay.h - recovering a dirty hive from its transaction logs, as Windows does. */
#ifndef WR_HIVE_REPLAY_H
#define WR_HIVE_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "regf.h"

#define WR_REPLAY_MAX_LOGS 3 /* BASE.LOG, .LOG1, .LOG2 */

/* One log file, read whole. */
struct wr_log_in {
	const char *name; /* for people: "SYSTEM.LOG1" */
	const uint8_t *data;
	size_t len;
};

enum wr_log_state {
	WR_LOG_UNUSABLE, /* no valid base-block copy: empty, bad checksum, not a log */
	WR_LOG_STALE,    /* valid, but holds nothing the primary lacks */
	WR_LOG_UNUSED,   /* valid, but the chain of entries did not reach it */
	WR_LOG_APPLIED,  /* entries (or dirty pages) applied */
};

struct wr_log_report {
	char name[256];
	uint32_t format; /* WR_REGF_LOG_NEW or WR_REGF_LOG_OLD; 0 when unusable */
	uint32_t seq;    /* its base-block sequence number */
	enum wr_log_state state;
	size_t entries;       /* new format: entries applied (a clean hive's: valid ones) */
	uint32_t first, last; /* their sequence numbers */
	size_t pages;         /* pages written into the hive */
	bool newer;           /* the hive is clean, yet this log holds later writes */
	bool unread;          /* a listing did not read it (too large, unreadable) */
	char why[200]; /* unusable or stale: why; applied: the bad entry that ended it, or "" */
};

struct wr_replay {
	struct wr_regf_header before; /* the primary's, as it was */
	bool dirty;                   /* the primary needed recovery */
	bool applied;                 /* something was applied: the image changed */
	uint32_t seq;                 /* both sequence numbers afterwards */
	bool logs_newer;              /* clean, yet a log holds later writes (ignored) */
	size_t n_logs;
	struct wr_log_report logs[WR_REPLAY_MAX_LOGS];
};

/*
 * Recover the primary image *img (*len bytes, malloc'd; realloc'd when an
 * entry grows the hive) from `logs` following bcd-format.md §7.5: nothing
 * when the primary is clean; new-format entries in sequence order with
 * both hashes checked, from one log to the next only when the sequence
 * continues; or the dirty pages of the newest matching old-format log.
 * Replay stops at the first bad entry, as Windows does, and keeps what came
 * before.  When something was applied the image is clean: both sequence
 * numbers equal, file type primary, checksum right.  Fails (EINVAL) only
 * when the primary is not a hive or cannot grow (ENOMEM).
 */
int wr_hive_replay(uint8_t **img, size_t *len, const struct wr_log_in *logs, size_t n,
                   struct wr_replay *out, struct wr_error *err);

/* The same report without replaying: only the primary's base block (the
 * first `len` >= 4096 bytes, at `head`) is needed.  For listings. */
int wr_hive_logs_examine(const uint8_t *head, size_t len, const struct wr_log_in *logs, size_t n,
                         struct wr_replay *out, struct wr_error *err);

/* The logs beside a hive file: BASE.LOG, .LOG1, .LOG2 (any case), in that
 * order, read whole. */
struct wr_hive_logs {
	size_t n;
	struct wr_log_in in[WR_REPLAY_MAX_LOGS];
	char names[WR_REPLAY_MAX_LOGS][256];
};
int wr_hive_logs_read(const char *path, struct wr_hive_logs *logs, struct wr_error *err);
/* Which log of hive file name `base` the file `name` is: 0 for BASE.LOG, 1
 * and 2 for .LOG1 and .LOG2, in any case (FAT and copies vary it); -1 when
 * it is none. */
int wr_hive_log_slot(const char *name, const char *base);
void wr_hive_logs_free(struct wr_hive_logs *logs);

/* The SHA-256 of the bytes wr_hive_recover read: the hive, and each log in
 * the report's order, with its size. */
struct wr_hive_sums {
	char hive[65];
	char logs[WR_REPLAY_MAX_LOGS][65];
	uint64_t log_len[WR_REPLAY_MAX_LOGS];
};

/* Read the hive file `path` into *img (malloc'd) and *len, and replay the
 * logs beside it (hive-recover.c); `sums` (may be NULL) gets their hashes. */
int wr_hive_recover(const char *path, uint8_t **img, size_t *len, struct wr_replay *rep,
                    struct wr_hive_sums *sums, struct wr_error *err);

#endif
