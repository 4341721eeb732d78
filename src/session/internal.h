/* SPDX-License-Identifier: GPL-3.0-or-later */
/* internal.h - the session's state, shared by session.c, commit.c and rollback.c. */
#ifndef WR_SESSION_INTERNAL_H
#define WR_SESSION_INTERNAL_H

#include <limits.h>

#include "base/lock.h"
#include "hive/hive.h"
#include "safe-write/safe-write.h"
#include "session.h"

struct session_hive {
	enum wr_hive_kind kind;
	bool disk;             /* from a disk of the session (else a file here) */
	char *file;            /* a file: its absolute path */
	size_t found;          /* a disk: index into inv->found (SIZE_MAX: created) */
	size_t part;           /* a disk: index into inv->parts */
	char path[256];        /* a disk: its path on the partition, with '/' */
	bool created;          /* a new store where there was none (repair rebuild) */
	char label[4400];      /* for people */
	char short_label[600]; /* for a narrow pane: "disk.img#1 \Boot\BCD" */
	char store[300];       /* bcdedit /store name; on a disk its Windows path */
	char disk_id[80];      /* "MBR 5a1e7b2c", "GPT {...}" */
	char sha_loaded[65];   /* a file: its SHA-256 when loaded, or as last written */
	struct wr_hive *hive;
	size_t stage_index;
	struct wr_replay replay;              /* what its transaction logs held when loaded */
	char log_sha[WR_REPLAY_MAX_LOGS][65]; /* and their SHA-256 then */
	uint64_t log_size[WR_REPLAY_MAX_LOGS];
	char note[5000];      /* for people: what replay did, or "" */
	struct wr_lock lock;  /* a file: held while written (lock_at_load: from loading on) */
	bool replaced;        /* a new store, to replace the file whole (repair rebuild) */
	char unreadable[600]; /* why the store it replaces cannot be read, or "" */
	/* A new store: the installation's BCD-Template it was begun from, as
	 * "disk.img#2 \Windows\System32\config\BCD-Template", or "" (none:
	 * an empty store); and why that one was found but not used, or "". */
	char template_label[4400];
	char template_why[600];
};

struct wr_session {
	struct wr_stage *stage;
	struct wr_guest *g;
	struct wr_inventory *inv; /* the caller's: an MBR write updates its active flags */
	struct session_hive *hives;
	size_t n;
	char tmpdir[256]; /* short enough for every name made in it */
	struct wr_config cfg;
	unsigned files;               /* temporary files made so far */
	bool lock_at_load;            /* hold each file's lock from its loading to the end */
	enum wr_new_store new_stores; /* which boot stores add_disks loads as new ones */
	const char *template_windows; /* whose BCD-Template a new store begins from, or NULL */
};

/* session.c: the lock of a file hive, taken unless already held on the
 * file there now; released after a write unless the session holds it from
 * loading.  A hive on a disk is covered by the disk's lock (disk.h). */
int wr__session_lock(struct wr_session *s, struct session_hive *sh, struct wr_error *err);
void wr__session_unlock(struct wr_session *s, struct session_hive *sh);
/* A write replaces the file by a rename, which would leave the lock on the
 * old one: the new file is locked before its rename (`new_file`, NULL on
 * a disk), and that lock becomes the hive's once it is the file there.
 * Another winrescue never takes the new file between the rename and the
 * journal record. */
int wr__session_lock_new(const char *new_file, struct wr_lock *next, struct wr_error *err);
void wr__session_relock(struct session_hive *sh, struct wr_lock *next);

/* recover.c: settle the journal records of writes to hive `i` that were
 * interrupted (an intent without its commit), and remove the new file a
 * crash left beside it; what was done goes to the hive's note. */
void wr__session_recover(struct wr_session *s, size_t i);

/* copy.c: write the files the applied transactions copy beside store
 * `sh`, each through the safe write path with its own journal records
 * (part of commit `id`), beside the store; one line each to `done`.  A
 * file already holding the new bytes (a commit that stopped half-way) is
 * left as it is.  -1 at the first that fails: `err` names it. */
int wr__session_write_copies(struct wr_session *s, const struct session_hive *sh, const char *id,
                             struct wr_buf *done, struct wr_error *err);

/* Shared by commit.c, rollback.c and recover.c. */
/* Where hive `sh` is: its path on its partition ('/'), or the file here. */
const char *wr__session_path(const struct wr_session *s, const struct session_hive *sh);
/* The SHA-256 of what is there now; an error names the hive. */
int wr__session_sha(struct wr_session *s, const struct session_hive *sh, char out[65],
                    struct wr_error *err);
void wr__session_temp_name(struct wr_session *s, char *out, size_t len, const char *what);
const struct wr_part *wr__session_part_of(const struct wr_session *s,
                                          const struct session_hive *sh);
void wr__session_where_of(const struct wr_session *s, const struct session_hive *sh,
                          struct wr_journal_where *w);
/* Append `line` to the journal beside the hive and/or the host's: both are
 * tried whichever fails (the first error is the one reported). */
#define WR_JOURNAL_BESIDE 1u
#define WR_JOURNAL_HOST   2u
#define WR_JOURNAL_BOTH   3u
int wr__session_journal(struct wr_session *s, const struct session_hive *sh, unsigned which,
                        const char *line, struct wr_error *err);
/* Append the intent record `line` (malloc'd, freed here; NULL: out of
 * memory) to both journals; an error says nothing was replaced. */
int wr__session_record_intent(struct wr_session *s, const struct session_hive *sh, char *line,
                              struct wr_error *err);
/* The host's journal: journal.jsonl in the state directory. */
void wr__session_host_journal(const struct wr_session *s, char *out, size_t len);
int wr__session_put_back(struct wr_session *s, const struct session_hive *sh, const char *local,
                         unsigned flags, const struct wr_write_intent *intent,
                         struct wr_write_report *rep, struct wr_error *err);
struct wr_hive *wr__session_read_back(struct wr_session *s, const struct session_hive *sh,
                                      struct wr_error *err);
/* Whether there is room where hive `sh` is to replace it with the local
 * file `local`: a backup of it, the new file, and `extra` bytes more. */
int wr__session_room(struct wr_session *s, const struct session_hive *sh, const char *local,
                     uint64_t extra, struct wr_error *err);

#endif
