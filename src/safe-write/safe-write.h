/* SPDX-License-Identifier: GPL-3.0-or-later */
/* safe-write.h - putting an edited hive back on the Windows disk without ever losing it. */
#ifndef WR_SAFE_WRITE_H
#define WR_SAFE_WRITE_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "base/conf.h"
#include "base/error.h"
#include "disk/disk.h"

#define WR_WRITE_MAX_LOGS 3 /* BASE.LOG, .LOG1, .LOG2 */

struct wr_write_report {
	char disk_backup[PATH_MAX]; /* beside the original (on a disk: in Windows form) */
	char host_backup[PATH_MAX]; /* in the state directory */
	char sha256_before[65];
	char sha256_after[65];
	/* The new file is not the old one edited but a new store in its place
	 * (repair rebuild): the old one need not have been a hive, and an undo
	 * puts its bytes back as they were (WR_WRITE_RAW). */
	bool replaced;
	/* There was no file: the new store is the first one there
	 * (wr_safe_write_create); nothing was backed up, undo removes it. */
	bool created;
	size_t n_logs; /* a recovered hive: its logs, backed up beside them */
	struct wr_log_backup {
		char name[256];  /* "SYSTEM.LOG1" */
		char sha256[65]; /* as replay read it, and as it stays */
		char backup[PATH_MAX];
	} logs[WR_WRITE_MAX_LOGS];
};

/* The file to write is a backup being put back (a rollback).  Its SHA-256
 * was checked against the journal, and it may be dirty as the original
 * was (its logs must still be beside it): it must be a primary hive that
 * hivex opens, or one whose base block's checksum was already wrong. */
#define WR_WRITE_RESTORE 1u
/* With WR_WRITE_RESTORE: the backup of a file a new store replaced whole,
 * which need not be a hive at all (random bytes, cut short): its SHA-256
 * is all there is to check. */
#define WR_WRITE_RAW 2u
/* The new file is a new store in the place of the old one (report.replaced). */
#define WR_WRITE_REPLACE 4u
/* Alone (without WR_WRITE_RESTORE): the new file is no hive but a file
 * copied whole (a boot file), checked by its SHA-256 only. */

/* Called right before the rename (step 6 below), with the report as it
 * will stand when the rename is done (sha256_after: the new file's): the
 * journal's intent record.  `new_file` is the file about to be renamed
 * over the target, here (NULL on a disk): locked now, its lock is the
 * target's once renamed.  Failing stops the write, the original in place.
 * NULL: no record. */
struct wr_write_intent {
	int (*record)(void *opaque, const struct wr_write_report *rep, const char *new_file,
	              struct wr_error *err);
	void *opaque;
};

/* Step 1 below: never write what we could not read back ourselves.  The
 * local file `local` must open as a clean hive (a restored backup,
 * WR_WRITE_RESTORE, is trusted by its SHA-256); `sha` gets its SHA-256. */
int wr_safe_write_check(const char *local, unsigned flags, char sha[65], struct wr_error *err);

/*
 * Replace found file `i` (a BCD store or hive, see disk.h) with the local
 * hive `local`, on a session whose disk was added writable:
 *
 *   1. the local file must open as a clean hive;
 *   2. copy the original to <name>.winrescue-<UTC time>.bak beside it;
 *   3. copy it to the state directory cfg->state_dir too (synced here);
 *   4. upload to <name>.winrescue-new in the same folder, and sync: the
 *      backup and the new file are on the disk before the original is
 *      touched;
 *   5. verify, as a fresh mount reads them, that the new file has the local
 *      file's SHA-256 and opens as a clean hive, and the backup the
 *      original's; then intent->record;
 *   6. rename it over the original;
 *   7. sync.
 *
 * Stopped at any point, the disk holds the original or the new file, and
 * from step 2 on the backup; a step that fails still syncs what reached
 * the appliance.  The caller ends with wr_guest_shutdown, whose result says
 * whether everything reached the disk.  cfg->fail_after set to
 * disk-backup, host-backup, upload, verify, rename or sync stops the write
 * right after that step, as a crash would (for the tests).  An error does
 * not name the file: the caller names the hive.
 */
int wr_safe_write(struct wr_guest *g, const struct wr_inventory *inv, size_t i, const char *local,
                  unsigned flags, const struct wr_write_intent *intent, const struct wr_config *cfg,
                  struct wr_write_report *report, struct wr_error *err);

/* The same for the file `path` on `part`: a hive, or with WR_WRITE_RAW
 * any file (repair rebuild's boot files, WR_WRITE_REPLACE). */
int wr_safe_write_at(struct wr_guest *g, const struct wr_part *part, const char *path,
                     const char *local, unsigned flags, const struct wr_write_intent *intent,
                     const struct wr_config *cfg, struct wr_write_report *rep,
                     struct wr_error *err);

/*
 * The same for a hive file on this machine (--store F, --system F): replace
 * `target` with the local hive `local`, keeping <target>.winrescue-<time>.bak
 * beside it and a copy in the state directory; the new file is written to
 * <target>.winrescue-new, checked and renamed into place, with the target's
 * permissions.  disk_backup in the report is the path of the backup beside
 * the target.  A target nobody may write (no write permission bit, or not
 * writable by this user) is refused: a rename would replace it behind its
 * owner's back.
 */
int wr_safe_write_file(const char *local, const char *target, unsigned flags,
                       const struct wr_write_intent *intent, const struct wr_config *cfg,
                       struct wr_write_report *rep, struct wr_error *err);

/* A new store `local` as the file `path` on `part`, where there is none
 * (repair rebuild on a disk whose store is gone; with WR_WRITE_RAW a boot
 * file, checked by its SHA-256 only): its folders made, the file
 * uploaded as <path>.winrescue-new, synced, checked, intent->record, renamed
 * into place (never over a file that appeared meanwhile), synced.  The
 * report says created; nothing is backed up, and sha256_before is "". */
int wr_safe_write_create(struct wr_guest *g, const struct wr_part *part, const char *path,
                         const char *local, unsigned flags, const struct wr_write_intent *intent,
                         const struct wr_config *cfg, struct wr_write_report *rep,
                         struct wr_error *err);

/* Undo of wr_safe_write_create: remove `path` from `part`, only while its
 * SHA-256 is still `sha` (what the create left), intent->record first,
 * then sync.  The report's sha256_after is "". */
int wr_safe_write_remove(struct wr_guest *g, const struct wr_part *part, const char *path,
                         const char *sha, const struct wr_write_intent *intent,
                         const struct wr_config *cfg, struct wr_write_report *rep,
                         struct wr_error *err);

/* Back up the file `path` (a hive's transaction log) as steps 2 and 3
 * above do, on partition `part` or on this machine, and leave it as it is.
 * The report gets the backups' names. */
int wr_safe_write_backup(struct wr_guest *g, const struct wr_part *part, const char *path,
                         const struct wr_config *cfg, struct wr_write_report *rep,
                         struct wr_error *err);
int wr_safe_write_file_backup(const char *target, const struct wr_config *cfg,
                              struct wr_write_report *rep, struct wr_error *err);

/* Whether the filesystem of partition `part` (or of the file `target` here)
 * has `need` bytes free: 0 yes, 1 no, -1 error; *room gets what it has. */
int wr_safe_write_room(struct wr_guest *g, const struct wr_part *part, uint64_t need,
                       uint64_t *room, struct wr_error *err);
int wr_safe_write_file_room(const char *target, uint64_t need, uint64_t *room,
                            struct wr_error *err);

/* Write the hive image `img` as the new file `path`, which must not exist:
 * through <path>.winrescue-new, fsync'd and opened as a clean hive first,
 * then linked into place (never over a file that appeared meanwhile). */
int wr_safe_write_new(const char *path, const uint8_t *img, size_t len, struct wr_error *err);

#endif
