/* SPDX-License-Identifier: GPL-3.0-or-later */
/* session.h - the session module: the hives being repaired, where they came from, committing,
 * rolling back, and the journal of both. */
#ifndef WR_SESSION_H
#define WR_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/conf.h"
#include "base/error.h"
#include "disk/disk.h"
#include "hive/hive.h"
#include "repair/repair.h"
#include "safe-write/safe-write.h"
#include "txn/txn.h"

/* ---- journal.c, journal-read.c: the journal ---- */

#define WR_JOURNAL_NAME   "winrescue-journal.jsonl"
#define WR_JOURNAL_FORMAT "winrescue-journal/1"

/* Where a hive lives, as the journal names it. */
struct wr_journal_where {
	const char *file;      /* a hive file on this machine (absolute path), or NULL */
	const char *disk;      /* the disk as the user named it */
	const char *disk_id;   /* "MBR 5a1e7b2c", "GPT {...}" */
	const char *partition; /* "disk.img#1" */
	const char *bitlocker; /* the GUID of the BitLocker volume it is on, or NULL */
	const char *hive;      /* path on the partition, Windows form */
	const char *kind;      /* "bcd", "system", "software" */
	/* A record of a file copied beside the store (repair rebuild's boot
	 * files, on the store's partition): its path there, Windows form;
	 * NULL for the hive itself.  Its records go to the store's journals. */
	const char *boot_file;
	/* A record of the store's disk's first sector written (the active
	 * flag): that sector as it was, in hex; NULL otherwise. */
	const char *mbr_before;
};

/* A value edit as recorded: the value (or key) as the commit left it. */
struct wr_journal_edit {
	char *key, *name; /* name NULL: a key edit */
	bool has_after;
	struct wr_value after;
};

/* A transaction log the commit left beside a recovered hive. */
struct wr_journal_log {
	char *name, *sha256, *backup;
};

struct wr_journal_record {
	char *id, *time, *action; /* "commit", "rollback", "intent", "abandon" */
	char *hive;               /* the file, or the hive's path on the partition */
	char *sha256_before, *sha256_after;
	char *backup, *host_backup;
	char *rolls_back;      /* rollback: the id of the commit it undid */
	char *summary;         /* "safeboot, serial" */
	bool weakens_security; /* a transaction of it opened a way in: to revert */
	bool replaced;         /* a new store replaced the file whole (its backup may be no hive) */
	bool created;          /* there was no file: undo removes it */
	char *boot_file;       /* a boot file's record (see wr_journal_where), or NULL */
	char *mbr_before;      /* an MBR write's record: the sector before, hex */
	/* A boot file's commit is part of the commit of this id (its store's,
	 * whether or not the store itself was written): undone with it. */
	char *part_of;
	struct wr_journal_edit *edits;
	size_t n_edits;
	struct wr_journal_log *logs; /* a commit of a recovered hive: its logs */
	size_t n_logs;
};

struct wr_journal {
	struct wr_journal_record *records; /* oldest first */
	size_t n;
	size_t bad_lines; /* lines that are not records (cut short, edited by hand) */
};

/* A fresh id for a commit or rollback ("20261124T101500Z-4242-1"). */
void wr_journal_new_id(char *out, size_t len);

/*
 * A write is journalled twice under one id: an "intent" record before the
 * rename (what will replace what, the backups, both SHA-256), and the
 * "commit" or "rollback" record once the new file is in place.  An intent
 * without its second record is an interrupted write: the file's SHA-256
 * says whether the rename happened, and wr_session_recover appends the
 * record that settles it ("recovered": true), or "abandon".
 */
/* The line (JSON and '\n', malloc'd) recording that hive `i` of `s` is
 * written (or, `intent`, about to be) with the transactions applied to it. */
char *wr_journal_commit_line(const char *id, bool intent, const struct wr_stage *s, size_t i,
                             const struct wr_journal_where *w, const struct wr_write_report *rep);
/* The line recording that file copy `c` of transaction `t` was (is about
 * to be) written, as part of commit `part_of`; w->boot_file names it. */
char *wr_journal_copy_line(const char *id, bool intent, const char *part_of, const struct wr_txn *t,
                           const struct wr_file_copy *c, const struct wr_journal_where *w,
                           const struct wr_write_report *rep);
/* The line recording that commit `undone` was (is about to be) rolled back. */
char *wr_journal_rollback_line(const char *id, bool intent, const struct wr_journal_record *undone,
                               const struct wr_journal_where *w, const struct wr_write_report *rep);
/* The line settling intent record `intent`: its commit or rollback when
 * the new file is in place (`happened`), else "abandon". */
char *wr_journal_settle_line(const struct wr_journal_record *intent, bool happened,
                             const struct wr_journal_where *w);

/* Append `line` to the journal file `path` (created 0600) and fsync it. */
int wr_journal_append(const char *path, const char *line, struct wr_error *err);

/* Read journal text, keeping the records of hive `hive` (NULL: all).  A
 * missing file reads as an empty journal. */
int wr_journal_parse(const char *text, const char *hive, struct wr_journal *j,
                     struct wr_error *err);
int wr_journal_read(const char *path, const char *hive, struct wr_journal *j, struct wr_error *err);
void wr_journal_free(struct wr_journal *j);

/* Whether record `k` is an intent that no later record of its id settles:
 * a write that was interrupted. */
bool wr_journal_open_intent(const struct wr_journal *j, size_t k);

/* The newest commit that no later rollback undid, or NULL. */
const struct wr_journal_record *wr_journal_last_commit(const struct wr_journal *j);
/* Whether commit record `k` was undone by a later rollback. */
bool wr_journal_undone(const struct wr_journal *j, size_t k);
/* The commit a record belongs to: its part_of, else its own id. */
const char *wr_journal_group(const struct wr_journal_record *r);

/* One line per recorded edit whose key or value in `now` is no longer what
 * the commit left (for refusing a rollback); returns their number. */
size_t wr_journal_changed_since(const struct wr_journal_record *r, struct wr_hive *now,
                                struct wr_buf *out);

/* ---- session.c, commit.c, rollback.c: the session ---- */

struct wr_session;

/* A session with no hives yet: its working directory in cfg->tmpdir; host
 * backups and the host journal go to cfg->state_dir. */
struct wr_session *wr_session_new(const struct wr_config *cfg, struct wr_error *err);
/* Hold each hive file's lock from its loading to the session's end, for a
 * command that loads, repairs and writes in one go: a second winrescue on
 * the same file waits for it (a while), then loads its result.  Without
 * it (the console), a write holds the lock for its own time and first
 * checks that the file is still what was loaded.  Before adding files. */
void wr_session_lock_at_load(struct wr_session *s);
/* Closes the hives and removes the working copies (not `g` or the inventory). */
void wr_session_free(struct wr_session *s);

/* Repair the hive file `path` in place (any kind).
 * A dirty hive is first recovered from its logs, as Windows would, into a
 * working copy; a commit writes that recovered hive with the edits, after
 * backing up the logs, whose entries are then all older than the hive. */
int wr_session_add_file(struct wr_session *s, const char *path, enum wr_hive_kind kind,
                        struct wr_error *err);
/* Repair the Windows disks of `g` (scanned into `inv`, both kept by the
 * caller): load every boot BCD store (\Boot\BCD or \EFI\Microsoft\Boot\BCD)
 * and the SYSTEM and SOFTWARE hives of every Windows installation, of the
 * kinds in `kinds` (WR_KIND_BIT), with their logs, from working copies. */
#define WR_KINDS_BOOT (WR_KIND_BIT(WR_KIND_BCD) | WR_KIND_BIT(WR_KIND_SYSTEM))
#define WR_KINDS_ALL  (WR_KINDS_BOOT | WR_KIND_BIT(WR_KIND_SOFTWARE))
/* repair rebuild: which boot stores wr_session_add_disks loads as a new
 * store in their place (the repair then fills it), to replace the file
 * whole when committed.  Before adding the disks.  As bcdboot, a new store
 * begins as a copy of the BCD-Template in System32\config of the Windows
 * the rebuild makes the default, when it has one that is clean and reads
 * as a store; else empty (the hive's note says which). */
enum wr_new_store {
	WR_NEW_STORE_NEVER,      /* the default: every readable store as it is */
	WR_NEW_STORE_UNREADABLE, /* a store that is no hive (random bytes, cut short) */
	WR_NEW_STORE_ALWAYS,     /* every boot store (repair rebuild --recreate) */
};
void wr_session_new_stores(struct wr_session *s, enum wr_new_store when);
/* repair rebuild --windows PART: the Windows the rebuild makes the default,
 * whose BCD-Template a new store begins from, is the one on partition PART
 * (as wr_part.name names it; NULL, the default: the first Windows on the
 * store's disk).  Kept by the caller.  Before adding the disks. */
void wr_session_store_template_from(struct wr_session *s, const char *windows_partition);
int wr_session_add_disks(struct wr_session *s, struct wr_guest *g, struct wr_inventory *inv,
                         unsigned kinds, struct wr_error *err);

struct wr_stage *wr_session_stage(const struct wr_session *s);
/* Stage index of the first hive of that kind, or -1. */
int wr_session_hive_of(const struct wr_session *s, enum wr_hive_kind kind);
/* Tell a repair where hive `i` is: o->inv, o->store_part and o->store_uefi
 * for a hive on the disks, NULL for a file; and o->system_hive. */
void wr_session_repair_place(const struct wr_session *s, size_t i, struct wr_repair_opts *o);
/* The hives loaded (hive `i` of the session is hive `i` of its stage),
 * what each is, and whether it is on a disk (else a file here). */
size_t wr_session_count(const struct wr_session *s);
enum wr_hive_kind wr_session_kind(const struct wr_session *s, size_t i);
bool wr_session_on_disk(const struct wr_session *s, size_t i);
/* Where hive `i` is: a file here (its absolute path, *part and *path
 * untouched), or NULL with its partition (an index into the inventory's
 * parts) and its path there ('/' separated). */
const char *wr_session_file(const struct wr_session *s, size_t i, size_t *part, const char **path);
/* The inventory of the session's disks, or NULL (files only). */
const struct wr_inventory *wr_session_inventory(const struct wr_session *s);
/* "disk.img#1 \Boot\BCD", or the file. */
const char *wr_session_label(const struct wr_session *s, size_t i);
/* The same for a narrow pane, the disk named by its file name only
 * ("disk.img#1 \Boot\BCD"); a file as given. */
const char *wr_session_short_label(const struct wr_session *s, size_t i);
/* What loading hive `i` found in its transaction logs, in one translated
 * sentence ("... was dirty: its logs were replayed ..."), or "" when
 * there is nothing to say. */
const char *wr_session_note(const struct wr_session *s, size_t i);
/* Whether hive `i` was loaded dirty and its logs replayed into the
 * working copy (until a commit writes it). */
bool wr_session_replayed(const struct wr_session *s, size_t i);

/*
 * Write every hive the applied transactions touched (safe-write.h), read
 * each back and check that every edit landed, then journal it on the host
 * and beside the hive; the transactions are then cleared.  One line per
 * hive written goes to `done` (backup names).  A failure stops at that
 * hive: the ones before it are committed and journalled.
 */
int wr_session_commit(struct wr_session *s, struct wr_buf *done, struct wr_error *err);

/* The writes to the BCD stores and SYSTEM hives of `inv` that were
 * interrupted (journal intents beside them that no record settled), one
 * line each to `out`, nothing written: for a listing.  `s` only lends its
 * working directory.  Returns how many. */
size_t wr_session_interrupted_writes(struct wr_session *s, struct wr_guest *g,
                                     const struct wr_inventory *inv, struct wr_buf *out);

/* The journal records of hive `i` (from beside it). */
int wr_session_journal(struct wr_session *s, size_t i, struct wr_journal *j, struct wr_error *err);

/*
 * Roll back the newest commit of the session's hives (every hive it
 * wrote): only when each hive's SHA-256 is still what that commit left,
 * otherwise refuse (EBUSY) and append what changed to `out`.  The backup is
 * written back through the safe write path and the rollback journalled.
 * `dry_run` checks everything and writes nothing.  Returns 1 when there is
 * nothing to roll back.
 */
int wr_session_rollback(struct wr_session *s, bool dry_run, struct wr_buf *out,
                        struct wr_error *err);

#endif
