/* SPDX-License-Identifier: GPL-3.0-or-later */
/* commit.c - writing the staged hives back, checking them, journalling them. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/sha256.h"
#include "base/text.h"
#include "disk/disk.h"
#include "internal.h"
#include "safe-write/safe-write.h"

void wr__session_temp_name(struct wr_session *s, char *out, size_t len, const char *what)
{
	snprintf(out, len, "%s/%s-%u", s->tmpdir, what, ++s->files);
}

const struct wr_part *wr__session_part_of(const struct wr_session *s, const struct session_hive *sh)
{
	return &s->inv->parts[sh->part];
}

const char *wr__session_path(const struct wr_session *s, const struct session_hive *sh)
{
	return sh->disk ? sh->path : sh->file;
}

int wr__session_sha(struct wr_session *s, const struct session_hive *sh, char out[65],
                    struct wr_error *err)
{
	if (sh->disk)
		return wr_guest_sha256(s->g, wr__session_part_of(s, sh), wr__session_path(s, sh),
		                       out, err);
	if (wr_sha256_file(sh->file, out) < 0) {
		wr_error_set(err, errno, _("%s: cannot read: %s"), sh->label, strerror(errno));
		return -1;
	}
	return 0;
}

/* The journal beside the hive: the same directory, on the disk or here. */
static int beside_journal(const char *path, char *out, size_t len, struct wr_error *err)
{
	const char *slash = strrchr(path, '/');
	int n =
	    snprintf(out, len, "%.*s/%s", slash ? (int)(slash - path) : 0, path, WR_JOURNAL_NAME);

	if (n >= 0 && (size_t)n < len)
		return 0;
	wr_error_set(err, ENAMETOOLONG, _("the path is too long: %.*s/%s"),
	             slash ? (int)(slash - path) : 0, path, WR_JOURNAL_NAME);
	return -1;
}

void wr__session_where_of(const struct wr_session *s, const struct session_hive *sh,
                          struct wr_journal_where *w)
{
	memset(w, 0, sizeof(*w));
	w->kind = wr_hive_kind_name(sh->kind);
	if (!sh->disk) {
		w->file = sh->file;
		return;
	}
	w->disk = s->inv->disks[wr__session_part_of(s, sh)->disk].path;
	w->disk_id = sh->disk_id;
	w->partition = wr__session_part_of(s, sh)->name;
	if (wr__session_part_of(s, sh)->unlocked)
		w->bitlocker = wr__session_part_of(s, sh)->bitlocker.guid;
	w->hive = sh->store;
}

void wr__session_host_journal(const struct wr_session *s, char *out, size_t len)
{
	snprintf(out, len, "%s/journal.jsonl", s->cfg.state_dir);
}

int wr__session_journal(struct wr_session *s, const struct session_hive *sh, unsigned which,
                        const char *line, struct wr_error *err)
{
	char host[PATH_MAX + 32], beside[PATH_MAX];
	struct wr_error second = {0};
	int r = 0;

	if (which & WR_JOURNAL_BESIDE) {
		r = beside_journal(wr__session_path(s, sh), beside, sizeof(beside), err);
		if (r == 0)
			r = sh->disk ? wr_guest_append(s->g, wr__session_part_of(s, sh), beside,
			                               line, err)
			             : wr_journal_append(beside, line, err);
	}
	wr__session_host_journal(s, host, sizeof(host));
	if ((which & WR_JOURNAL_HOST) && wr_journal_append(host, line, r < 0 ? &second : err) < 0)
		return -1;
	return r;
}

/* Put local hive file `local` where hive `sh` came from, `intent` recorded
 * before the rename. */
int wr__session_put_back(struct wr_session *s, const struct session_hive *sh, const char *local,
                         unsigned flags, const struct wr_write_intent *intent,
                         struct wr_write_report *rep, struct wr_error *err)
{
	if (!sh->disk)
		return wr_safe_write_file(local, sh->file, flags, intent, &s->cfg, rep, err);
	if (sh->created)
		return wr_safe_write_create(s->g, wr__session_part_of(s, sh), sh->path, local, 0,
		                            intent, &s->cfg, rep, err);
	return wr_safe_write(s->g, s->inv, sh->found, local, flags, intent, &s->cfg, rep, err);
}

/* Open what is now where hive `sh` came from (read-only). */
struct wr_hive *wr__session_read_back(struct wr_session *s, const struct session_hive *sh,
                                      struct wr_error *err)
{
	char local[PATH_MAX];

	if (!sh->disk)
		return wr_hive_open(sh->file, 0, err);
	wr__session_temp_name(s, local, sizeof(local), "reread");
	if (wr_guest_fetch(s->g, wr__session_part_of(s, sh), sh->path, local, err) != 0)
		return NULL;
	return wr_hive_open(local, 0, err);
}

/* Whether `path` (or, when it does not exist, its directory) can be written. */
static int can_write(const char *path, struct wr_error *err)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%.*s", slash && slash != path ? (int)(slash - path) : 1,
	         slash ? path : ".");
	if (access(path, F_OK) == 0 ? access(path, W_OK) == 0 : access(dir, W_OK) == 0)
		return 0;
	wr_error_set(err, errno, _("%s: cannot write the journal: %s"), path, strerror(errno));
	return -1;
}

/* Before anything is written: a file must still be what was loaded (an
 * edit made meanwhile would silently end up only in the backup), and the
 * journals must take the record (a commit nobody can roll back is worse). */
static int ready_to_write(struct wr_session *s, const struct session_hive *sh, struct wr_error *err)
{
	char sha[65], path[PATH_MAX + 32];

	wr__session_host_journal(s, path, sizeof(path));
	if (wr_config_state_dir(s->cfg.state_dir, err) < 0 || can_write(path, err) < 0)
		return -1;
	if (sh->disk)
		return 0;
	if (wr_sha256_file(sh->file, sha) < 0) {
		wr_error_set(err, errno, _("cannot read it again before writing: %s"),
		             strerror(errno));
		return -1;
	}
	if (strcmp(sha, sh->sha_loaded) != 0) {
		wr_error_set(err, EBUSY,
		             _("%s changed after winrescue loaded it; nothing was written (run "
		               "the repair again)"),
		             sh->label);
		return -1;
	}
	if (beside_journal(sh->file, path, sizeof(path), err) < 0)
		return -1;
	return can_write(path, err);
}

#define ROOM_MARGIN ((uint64_t)1 << 20) /* the journal line, filesystem metadata */

int wr__session_room(struct wr_session *s, const struct session_hive *sh, const char *local,
                     uint64_t extra, struct wr_error *err)
{
	struct stat fresh, old = {0};
	uint64_t need, room = 0;
	char have[32], want[32];
	const char *unreadable = stat(local, &fresh) < 0                 ? local
	                         : !sh->disk && stat(sh->file, &old) < 0 ? sh->file
	                                                                 : NULL;
	int r;

	if (unreadable) {
		wr_error_set(err, errno, _("%s: cannot read: %s"), unreadable, strerror(errno));
		return -1;
	}
	/* The backup of what is there, the new file, and the logs' backups. */
	need =
	    (sh->disk ? (sh->created ? 0 : s->inv->found[sh->found].size) : (uint64_t)old.st_size) +
	    (uint64_t)fresh.st_size + extra + ROOM_MARGIN;
	r = sh->disk ? wr_safe_write_room(s->g, wr__session_part_of(s, sh), need, &room, err)
	             : wr_safe_write_file_room(sh->file, need, &room, err);
	if (r <= 0)
		return r;
	/* Stopping half-way would leave backups on a full disk, and Windows
	 * needs free space to start. */
	wr_format_size(room, have, sizeof(have));
	wr_format_size(need, want, sizeof(want));
	wr_error_set(err, ENOSPC,
	             _("%s free, and writing needs %s (the backups and the new file); nothing "
	               "was written"),
	             have, want);
	return -1;
}

/* How many of its logs a commit of `sh` backs up: all of them when it was
 * loaded dirty (or with writes Windows ignores), else none. */
static size_t logs_to_back_up(const struct session_hive *sh)
{
	return sh->replay.dirty || sh->replay.logs_newer ? sh->replay.n_logs : 0;
}

/* What back_up_logs copies. */
static uint64_t logs_size(const struct session_hive *sh)
{
	uint64_t sum = 0;

	for (size_t k = 0; k < logs_to_back_up(sh); k++)
		sum += sh->log_size[k];
	return sum;
}

/* Log `k` of hive `sh`, at `path`, must still be what replay read: what
 * the commit folds into the hive is then exactly what the backup keeps. */
static int log_unchanged(struct wr_session *s, const struct session_hive *sh, size_t k,
                         const char *path, struct wr_error *err)
{
	char sha[65];

	if (sh->disk ? wr_guest_sha256(s->g, wr__session_part_of(s, sh), path, sha, err) < 0
	             : wr_sha256_file(path, sha) < 0) {
		if (!sh->disk)
			wr_error_set(err, errno, _("%s: cannot read: %s"), path, strerror(errno));
		return -1;
	}
	if (strcmp(sha, sh->log_sha[k]) == 0)
		return 0;
	wr_error_set(err, EBUSY,
	             _("%s changed after winrescue loaded it; nothing was written (run the "
	               "repair again)"),
	             path);
	return -1;
}

/* The logs of a hive loaded dirty (or with writes Windows ignores) are
 * backed up before the hive is replaced: what replay took from them goes
 * into the new file, and they are its only other copy.  The logs stay as
 * they are; the new file's sequence number makes them stale. */
static int back_up_logs(struct wr_session *s, const struct session_hive *sh,
                        struct wr_write_report *logs, struct wr_error *err)
{
	const char *hive = wr__session_path(s, sh);
	const char *slash = strrchr(hive, '/');
	size_t n = logs_to_back_up(sh);
	struct wr_write_report one;
	char path[WR_REPLAY_MAX_LOGS][PATH_MAX + 300];

	logs->n_logs = 0;
	for (size_t k = 0; k < n; k++) {
		snprintf(path[k], sizeof(path[k]), "%.*s/%s", slash ? (int)(slash - hive) : 1,
		         slash ? hive : ".", sh->replay.logs[k].name);
		if (log_unchanged(s, sh, k, path[k], err) < 0)
			return -1;
	}
	for (size_t k = 0; k < n; k++) {
		if ((sh->disk ? wr_safe_write_backup(s->g, wr__session_part_of(s, sh), path[k],
		                                     &s->cfg, &one, err)
		              : wr_safe_write_file_backup(path[k], &s->cfg, &one, err)) < 0)
			return -1;
		snprintf(logs->logs[k].name, sizeof(logs->logs[k].name), "%s",
		         sh->replay.logs[k].name);
		snprintf(logs->logs[k].sha256, sizeof(logs->logs[k].sha256), "%s", sh->log_sha[k]);
		snprintf(logs->logs[k].backup, sizeof(logs->logs[k].backup), "%s", one.disk_backup);
		logs->n_logs++;
	}
	return 0;
}

/* Windows must find every replayed entry older than the new file
 * (bcd-format.md §7.4: a clean primary's logs are ignored in any case, and
 * replay would start at its sequence number). */
static void check_logs_stale(const struct session_hive *sh, struct wr_hive *now,
                             struct wr_error *check)
{
	const struct wr_regf_header *h = wr_hive_header(now);

	if (sh->replay.applied && (h->dirty || (int32_t)(h->seq1 - sh->replay.seq) <= 0))
		wr_error_set(check, EIO,
		             _("the new file's sequence number %u is not after its logs' last "
		               "entry %u"),
		             h->seq1, sh->replay.seq);
}

/* What the journal's intent record of a commit needs besides the report. */
struct commit_intent {
	struct wr_session *s;
	struct session_hive *sh;
	const char *id;
	const struct wr_write_report *logs; /* the logs' backups */
	struct wr_lock next;                /* a file here: the new file's lock */
};

/* The report of a commit of `sh`, with its logs' backups. */
static char *commit_line(struct wr_session *s, const struct session_hive *sh, const char *id,
                         bool intent, const struct wr_write_report *rep,
                         const struct wr_write_report *logs)
{
	struct wr_write_report *full = malloc(sizeof(*full));
	struct wr_journal_where w;
	char *line = NULL;

	if (full) {
		*full = *rep;
		full->n_logs = logs->n_logs;
		memcpy(full->logs, logs->logs, sizeof(full->logs));
		wr__session_where_of(s, sh, &w);
		line = wr_journal_commit_line(id, intent, s->stage, sh->stage_index, &w, full);
	}
	free(full);
	return line;
}

int wr__session_record_intent(struct wr_session *s, const struct session_hive *sh, char *line,
                              struct wr_error *err)
{
	int r = line ? wr__session_journal(s, sh, WR_JOURNAL_BOTH, line, err) : -1;

	if (!line)
		wr_error_set(err, ENOMEM, _("out of memory"));
	free(line);
	if (r < 0)
		wr_error_prefix(err,
		                _("nothing was replaced: the journal did not take the record"));
	return r;
}

static int record_commit_intent(void *opaque, const struct wr_write_report *rep,
                                const char *new_file, struct wr_error *err)
{
	struct commit_intent *c = opaque;

	if (wr__session_lock_new(new_file, &c->next, err) < 0)
		return -1;
	return wr__session_record_intent(c->s, c->sh,
	                                 commit_line(c->s, c->sh, c->id, true, rep, c->logs), err);
}

/* Whether the file of `sh` is now the one with SHA-256 `sha`. */
static bool now_is(struct wr_session *s, const struct session_hive *sh, const char *sha)
{
	char now[65];

	return sha[0] && wr__session_sha(s, sh, now, NULL) == 0 && strcmp(now, sha) == 0;
}

/* After the rename: check what is there, and journal it.  The commit
 * record is written even when the check failed: that is when a rollback
 * is wanted. */
static int finish_commit(struct wr_session *s, struct session_hive *sh, const char *id,
                         const struct wr_write_report *rep, const struct wr_write_report *logs,
                         struct wr_buf *done, struct wr_error *err)
{
	struct wr_error check = {0}, journal = {0};
	struct wr_hive *now = wr__session_read_back(s, sh, &check);
	char *line;
	int r;

	if (now)
		wr_stage_verify(s->stage, sh->stage_index, now, &check);
	if (now && !check.code)
		check_logs_stale(sh, now, &check);
	wr_hive_close(now);
	line = commit_line(s, sh, id, false, rep, logs);
	if (!line)
		wr_error_set(&journal, ENOMEM, _("out of memory"));
	r = line ? wr__session_journal(s, sh, WR_JOURNAL_BOTH, line, &journal) : -1;
	free(line);
	if (check.code) {
		*err = check;
		wr_error_prefix(err,
		                _("%s: written, but the check after writing failed (the "
		                  "backup is %s)"),
		                sh->label, rep->disk_backup);
		return -1;
	}
	if (r < 0) {
		*err = journal;
		wr_error_prefix(err,
		                _("%s: written and checked, but its journal record is not complete "
		                  "(the next winrescue run on it completes it)"),
		                sh->label);
		return -1;
	}
	if (rep->created)
		wr_buf_printf_printable(done, _("%s: made and checked (sha256 %.16s...)\n"),
		                        sh->label, rep->sha256_after);
	else
		wr_buf_printf_printable(
		    done,
		    _("%s: written and checked (sha256 %.16s... -> %.16s...); backup %s, and %s\n"),
		    sh->label, rep->sha256_before, rep->sha256_after, rep->disk_backup,
		    rep->host_backup);
	for (size_t k = 0; k < logs->n_logs; k++)
		wr_buf_printf_printable(done, _("  its log %s is backed up as %s\n"),
		                        logs->logs[k].name, logs->logs[k].backup);
	return 0;
}

/* 0 written and checked; 1 written, but `err` says what failed after the
 * rename; -1 not written, `err` says why. */
static int write_hive(struct wr_session *s, struct session_hive *sh, const char *id,
                      struct wr_buf *done, struct wr_error *err)
{
	struct wr_write_report rep = {0}, logs = {0};
	struct commit_intent c = {.s = s, .sh = sh, .id = id, .logs = &logs, .next = WR_LOCK_INIT};
	struct wr_write_intent intent = {.record = record_commit_intent, .opaque = &c};
	char local[PATH_MAX], sha[65];
	int r;

	wr__session_temp_name(s, local, sizeof(local), "commit");
	if (wr_hive_commit(sh->hive, local, err) < 0 ||
	    wr_safe_write_check(local, 0, sha, err) < 0 ||
	    wr__session_room(s, sh, local, logs_size(sh), err) < 0 ||
	    back_up_logs(s, sh, &logs, err) < 0)
		return -1;
	r = wr__session_put_back(s, sh, local, sh->replaced ? WR_WRITE_REPLACE : 0, &intent, &rep,
	                         err);
	wr__session_relock(sh, &c.next);
	if (r < 0) {
		/* A failure after the rename (a sync, the read-back) left the
		 * new file in place: that is a commit, and is journalled. */
		if (!now_is(s, sh, rep.sha256_after))
			return -1;
		wr_error_prefix(err, "%s", sh->label);
		finish_commit(s, sh, id, &rep, &logs, done, &(struct wr_error){0});
		r = 1;
	} else {
		r = finish_commit(s, sh, id, &rep, &logs, done, err) < 0 ? 1 : 0;
	}
	snprintf(sh->sha_loaded, sizeof(sh->sha_loaded), "%s", rep.sha256_after);
	/* Written clean: its logs are now behind it, and a new store is the
	 * store there now. */
	memset(&sh->replay, 0, sizeof(sh->replay));
	sh->note[0] = '\0';
	sh->replaced = sh->created = false;
	sh->unreadable[0] = '\0';
	return r;
}

/* The files copied beside the store first (its new entries name them),
 * then the store. */
static int commit_hive(struct wr_session *s, struct session_hive *sh, const char *id,
                       struct wr_buf *done, struct wr_error *err)
{
	int r = wr__session_lock(s, sh, err) < 0 || ready_to_write(s, sh, err) < 0 ? -1 : 0;

	if (r == 0 && wr__session_write_copies(s, sh, id, done, err) < 0) {
		wr__session_unlock(s, sh);
		return -1; /* the error names the file */
	}
	if (r == 0 && wr_stage_edits(s->stage, sh->stage_index))
		r = write_hive(s, sh, id, done, err);
	wr__session_unlock(s, sh);
	if (r < 0 && err->code != EBUSY)
		wr_error_prefix(err, "%s", sh->label);
	return r;
}

int wr_session_commit(struct wr_session *s, struct wr_buf *done, struct wr_error *err)
{
	char id[64];
	int r;

	wr_journal_new_id(id, sizeof(id));
	for (size_t i = 0; i < s->n; i++) {
		if (!wr_stage_touches(s->stage, s->hives[i].stage_index))
			continue;
		r = commit_hive(s, &s->hives[i], id, done, err);
		if (r != 0) {
			/* What reached its disk is journalled: no longer pending. */
			for (size_t k = 0; k < i + (r > 0); k++)
				wr_stage_forget_hive(s->stage, s->hives[k].stage_index);
			return -1;
		}
	}
	wr_stage_clear(s->stage);
	return 0;
}

int wr_session_journal(struct wr_session *s, size_t i, struct wr_journal *j, struct wr_error *err)
{
	const struct session_hive *sh = &s->hives[i];
	char path[PATH_MAX], local[PATH_MAX];
	int r;

	if (beside_journal(wr__session_path(s, sh), path, sizeof(path), err) < 0)
		return -1;
	if (!sh->disk)
		return wr_journal_read(path, sh->file, j, err);
	wr__session_temp_name(s, local, sizeof(local), "journal");
	r = wr_guest_fetch(s->g, wr__session_part_of(s, sh), path, local, err);
	if (r < 0)
		return -1;
	if (r == 1) {
		memset(j, 0, sizeof(*j));
		return 0;
	}
	return wr_journal_read(local, sh->store, j, err);
}
