/* SPDX-License-Identifier: GPL-3.0-or-later */
/* session.h - the hives being repaired, where they came from, committing and rolling back. */
#ifndef WR_SESSION_H
#define WR_SESSION_H

#include <stdbool.h>

#include "buf.h"
#include "error.h"
#include "guest.h"
#include "inventory.h"
#include "journal.h"
#include "repair.h"
#include "txn.h"

struct wr_session;

/* A session with no hives yet; `state_dir` holds host backups and the host
 * journal (wr_state_dir gives the usual one). */
struct wr_session *wr_session_new(const char *state_dir, struct wr_error *err);
/* Closes the hives and removes the working copies (not `g` or the inventory). */
void wr_session_free(struct wr_session *s);

/* Repair the hive file `path` in place (kind WR_KIND_BCD or WR_KIND_SYSTEM).
 * A dirty hive is first recovered from its logs, as Windows would, into a
 * working copy; a commit writes that recovered hive with the edits, after
 * backing up the logs, whose entries are then all older than the hive. */
int wr_session_add_file(struct wr_session *s, const char *path, enum wr_hive_kind kind,
                        struct wr_error *err);
/* Repair the Windows disks of `g` (scanned into `inv`, both kept by the
 * caller): load the boot BCD store (\Boot\BCD or \EFI\Microsoft\Boot\BCD)
 * and the SYSTEM hive, with their logs, from working copies. */
int wr_session_add_disks(struct wr_session *s, struct wr_guest *g, const struct wr_inventory *inv,
                         struct wr_error *err);

struct wr_stage *wr_session_stage(const struct wr_session *s);
/* Stage index of the first hive of that kind, or -1. */
int wr_session_hive_of(const struct wr_session *s, enum wr_hive_kind kind);
/* Tell a repair where hive `i` is: o->inv and o->store_part for a hive on
 * the disks, NULL for a file. */
void wr_session_repair_place(const struct wr_session *s, size_t i, struct wr_repair_opts *o);
/* "disk.img#1 \Boot\BCD", or the file. */
const char *wr_session_label(const struct wr_session *s, size_t i);
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
