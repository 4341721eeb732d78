/* SPDX-License-Identifier: GPL-3.0-or-later */
/* journal.h - the record of every commit and rollback: JSON lines on the host and beside the hive.
 */
#ifndef WR_JOURNAL_H
#define WR_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "hive.h"
#include "safe-write.h"
#include "txn.h"

#define WR_JOURNAL_NAME   "winrescue-journal.jsonl"
#define WR_JOURNAL_FORMAT "winrescue-journal/1"

/* Where a hive lives, as the journal names it. */
struct wr_journal_where {
	const char *file;      /* a hive file on this machine (absolute path), or NULL */
	const char *disk;      /* the disk as the user named it */
	const char *disk_id;   /* "MBR 5a1e7b2c", "GPT {...}" */
	const char *partition; /* "disk.img#1" */
	const char *hive;      /* path on the partition, Windows form */
	const char *kind;      /* "bcd", "system" */
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
	char *id, *time, *action; /* action: "commit" or "rollback" */
	char *hive;               /* the file, or the hive's path on the partition */
	char *sha256_before, *sha256_after;
	char *backup, *host_backup;
	char *rolls_back; /* rollback: the id of the commit it undid */
	char *summary;    /* "safeboot, serial" */
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

/* The line (JSON and '\n', malloc'd) recording that hive `i` of `s` was
 * written with the transactions applied to it. */
char *wr_journal_commit_line(const char *id, const struct wr_stage *s, size_t i,
                             const struct wr_journal_where *w, const struct wr_write_report *rep);
/* The line recording that commit `undone` was rolled back. */
char *wr_journal_rollback_line(const char *id, const struct wr_journal_record *undone,
                               const struct wr_journal_where *w, const struct wr_write_report *rep);

/* Append `line` to the journal file `path` (created 0600) and fsync it. */
int wr_journal_append(const char *path, const char *line, struct wr_error *err);

/* Read journal text, keeping the records of hive `hive` (NULL: all).  A
 * missing file reads as an empty journal. */
int wr_journal_parse(const char *text, const char *hive, struct wr_journal *j,
                     struct wr_error *err);
int wr_journal_read(const char *path, const char *hive, struct wr_journal *j, struct wr_error *err);
void wr_journal_free(struct wr_journal *j);

/* The newest commit that no later rollback undid, or NULL. */
const struct wr_journal_record *wr_journal_last_commit(const struct wr_journal *j);

/* One line per recorded edit whose key or value in `now` is no longer what
 * the commit left (for refusing a rollback); returns their number. */
size_t wr_journal_changed_since(const struct wr_journal_record *r, struct wr_hive *now,
                                struct wr_buf *out);

#endif
