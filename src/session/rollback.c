/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rollback.c - undoing the last commit from the journal, only if nothing changed since. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/sha256.h"
#include "base/text.h"
#include "internal.h"

#define BACKUP_MAX ((size_t)2 << 30) /* no hive is larger: cell offsets are 32-bit */

/* One file a commit wrote, to put back: the hive, or a file copied
 * beside it (a boot file, last->boot_file). */
struct undo {
	struct session_hive *sh;
	const struct wr_journal_record *last; /* its record of the commit */
	const char *path;                     /* where it is: the hive's, or the copy's */
	char copy_path[300];                  /* a copy's, with '/' */
	char label[4800];                     /* for people */
	bool skip;                /* a copy a stopped commit never wrote: nothing to undo */
	uint8_t mbr[WR_MBR_SIZE]; /* an MBR write's: the sector to put back */
	char backup[PATH_MAX];    /* a private copy of the backup to restore */
};

/* Say what differs from what the commit left, then refuse. */
static int refuse_changed(struct wr_session *s, struct undo *u, const char *now_sha,
                          struct wr_buf *out, struct wr_error *err)
{
	struct wr_hive *now = u->last->boot_file ? NULL : wr__session_read_back(s, u->sh, NULL);

	if (u->last->boot_file)
		wr_buf_puts(out, _("  the file the commit copied there was replaced since\n"));
	else if (!now || wr_journal_changed_since(u->last, now, out) == 0)
		wr_buf_puts(out,
		            _("  the edited values are as the commit left them; something else in "
		              "the hive changed\n"));
	wr_hive_close(now);
	wr_error_set(err, EBUSY,
	             _("%s changed after commit %s of %s (sha256 now %.16s..., after the commit "
	               "%.16s...): refusing to roll back over those changes"),
	             u->label, u->last->id, u->last->time, now_sha, u->last->sha256_after);
	return -1;
}

/* Does `p` end a name as wr__backup_name ends a backup's:
 * ".winrescue-YYYYMMDDTHHMMSSZ", then "-N" (2 to 99) for a second one in
 * the same second, then ".bak"?  On a Windows disk, in any case. */
static bool backup_suffix(const char *p, bool windows)
{
	int (*ncmp)(const char *, const char *, size_t) = windows ? strncasecmp : strncmp;

	if (ncmp(p, ".winrescue-", 11) != 0)
		return false;
	p += 11;
	for (int i = 0; i < 16; i++)
		if (i == 8 ? p[i] != 'T' : i == 15 ? p[i] != 'Z' : !isdigit((unsigned char)p[i]))
			return false;
	p += 16;
	if (p[0] == '-' && p[1] >= '1' && p[1] <= '9')
		p += isdigit((unsigned char)p[2]) ? 3 : 2;
	return (windows ? strcasecmp(p, ".bak") : strcmp(p, ".bak")) == 0;
}

/* Is `backup` a backup of `hive` beside it: the same folder, the hive's
 * name and a backup's ending? */
static bool beside_hive(const char *backup, const char *hive, bool windows)
{
	int (*ncmp)(const char *, const char *, size_t) = windows ? strncasecmp : strncmp;
	const char *slash = strrchr(hive, '/');
	size_t dir = slash ? (size_t)(slash - hive) + 1 : 0, name = strlen(hive + dir);
	const char *rest = backup + dir;

	return ncmp(backup, hive, dir) == 0 && !strchr(rest, '/') &&
	       ncmp(rest, hive + dir, name) == 0 && backup_suffix(rest + name, windows);
}

/* Is `backup` one of `hive`'s in the state directory `state`: named after
 * the file ("BCD.winrescue-..."), or on a disk after its partition and
 * the file ("disk.img-1-BCD.winrescue-..."), the name cut as safe-write
 * cuts it? */
static bool in_state_dir(const char *backup, const char *state, const char *hive, bool disk)
{
	const char *base = strrchr(hive, '/') ? strrchr(hive, '/') + 1 : hive, *rest;
	size_t n = strlen(state),
	       cut = strlen(base) < (disk ? 64 : 200) ? strlen(base) : (disk ? 64 : 200);

	if (strncmp(backup, state, n) != 0 || backup[n] != '/' || strchr(backup + n + 1, '/'))
		return false;
	rest = backup + n + 1;
	if (!disk)
		return strncmp(rest, base, cut) == 0 && backup_suffix(rest + cut, false);
	for (const char *dash = strchr(rest, '-'); dash; dash = strchr(dash + 1, '-'))
		if (dash > rest && strncmp(dash + 1, base, cut) == 0 &&
		    backup_suffix(dash + 1 + cut, false))
			return true;
	return false;
}

/* Copy the backup `path` to the new private file `copy` and hash the copy,
 * so that what is restored is what was checked.  A backup beside the hive
 * has the hive's owner and permissions: `hive`, when given.  0, -1 when it
 * cannot be read, WR_FILE_REFUSED when it is not a file to trust. */
static int copy_backup(const char *path, const struct stat *hive, const char *copy, char sha[65],
                       struct wr_error *err)
{
	int in = wr_file_open_owned(path, O_RDONLY, hive, err), out, r;
	char limit[32];
	struct stat st;

	if (in < 0)
		return in;
	if (fstat(in, &st) == 0 && (uint64_t)st.st_size > BACKUP_MAX) {
		wr_format_size(BACKUP_MAX, limit, sizeof(limit));
		wr_error_set(err, EFBIG, _("%s: larger than %s, more than a hive can be"), path,
		             limit);
		close(in);
		return WR_FILE_REFUSED;
	}
	out = open(copy, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	r = out >= 0 && wr_file_copy_fd(in, out) == 0 ? 0 : -1;
	if (out >= 0 && close(out) < 0)
		r = -1;
	close(in);
	return r == 0 ? wr_sha256_file(copy, sha) : -1;
}

/* The backup beside the hive, copied to u->backup: 0, -1 or
 * WR_FILE_REFUSED (`err` says why). */
static int copy_beside(struct wr_session *s, struct undo *u, char sha[65], struct wr_error *err)
{
	const char *hive = u->path;
	char disk_path[PATH_MAX];
	struct stat st;

	snprintf(disk_path, sizeof(disk_path), "%s", u->last->backup);
	for (char *c = disk_path; u->sh->disk && *c; c++)
		*c = *c == '\\' ? '/' : *c;
	if (!beside_hive(disk_path, hive, u->sh->disk)) {
		wr_error_set(err, EPERM,
		             _("%s: commit %s names %s as its backup, which is not where or how "
		               "winrescue keeps a backup of this hive: refusing to restore it"),
		             u->label, u->last->id, u->last->backup);
		return WR_FILE_REFUSED;
	}
	if (!u->sh->disk)
		return copy_backup(disk_path, stat(hive, &st) == 0 ? &st : NULL, u->backup, sha,
		                   err);
	if (wr_guest_fetch(s->g, wr__session_part_of(s, u->sh), disk_path, u->backup, NULL) != 0)
		return -1;
	return wr_sha256_file(u->backup, sha);
}

/* The copy kept in the state directory, copied to u->backup. */
static int copy_kept(struct wr_session *s, struct undo *u, char sha[65], struct wr_error *err)
{
	const char *hive = u->path;
	const char *kept = u->last->host_backup;

	if (!kept)
		return -1;
	if (!in_state_dir(kept, s->cfg.state_dir, hive, u->sh->disk)) {
		wr_error_set(err, EPERM,
		             _("%s: commit %s names %s as its backup, which is not where or how "
		               "winrescue keeps a backup of this hive: refusing to restore it"),
		             u->label, u->last->id, kept);
		return WR_FILE_REFUSED;
	}
	return copy_backup(kept, NULL, u->backup, sha, err);
}

/* A private copy, in u->backup, of the backup with the recorded "before"
 * SHA-256: the one beside the hive, else the one kept on this machine. */
static int find_backup(struct wr_session *s, struct undo *u, struct wr_error *err)
{
	int (*const copies[])(struct wr_session *, struct undo *, char[65],
	                      struct wr_error *) = {copy_beside, copy_kept};
	struct wr_error refused = {0};

	for (size_t i = 0; i < sizeof(copies) / sizeof(*copies); i++) {
		struct wr_error why = {0};
		char sha[65] = "";
		int r;

		wr__session_temp_name(s, u->backup, sizeof(u->backup), "backup");
		r = copies[i](s, u, sha, &why);
		if (r == 0 && strcmp(sha, u->last->sha256_before) == 0)
			return 0;
		unlink(u->backup);
		if (r == WR_FILE_REFUSED && !refused.code)
			refused = why;
	}
	if (refused.code) {
		*err = refused;
		return -1;
	}
	wr_error_set(err, ENOENT,
	             _("%s: the backup %s of commit %s is missing or not the file it replaced"),
	             u->label, u->last->backup, u->last->id);
	return -1;
}

/* A commit that folded a dirty hive's logs into it is undone by putting
 * the dirty original back: that needs the very logs it had beside it, or
 * Windows would replay something else over it at boot. */
static int logs_as_left(struct wr_session *s, const struct undo *u, struct wr_error *err)
{
	const char *hive = u->path;
	const char *slash = strrchr(hive, '/');
	char path[PATH_MAX + 300], sha[65];

	for (size_t k = 0; k < u->last->n_logs; k++) {
		const struct wr_journal_log *l = &u->last->logs[k];
		int r = -1;

		if (l->name && strchr(l->name, '/') == NULL) {
			snprintf(path, sizeof(path), "%.*s/%s", slash ? (int)(slash - hive) : 1,
			         slash ? hive : ".", l->name);
			r = u->sh->disk ? wr_guest_sha256(s->g, wr__session_part_of(s, u->sh), path,
			                                  sha, NULL)
			                : wr_sha256_file(path, sha);
		}
		if (r < 0 || !l->sha256 || strcmp(sha, l->sha256) != 0) {
			wr_error_set(
			    err, EBUSY,
			    _("%s: its log %s is not the one commit %s left beside it, and "
			      "the original needs that one (kept as %s): refusing to roll "
			      "back"),
			    u->label, l->name ? l->name : "?", u->last->id,
			    l->backup ? l->backup : "?");
			return -1;
		}
	}
	return 0;
}

/* The sector an MBR write's record keeps, into u->mbr: only when it is
 * what the record says was there (its SHA-256). */
static int mbr_kept(struct undo *u, struct wr_error *err)
{
	if (wr_mbr_from_hex(u->last->mbr_before, u->last->sha256_before, u->mbr) == 0)
		return 0;
	wr_error_set(err, EPERM,
	             _("%s: commit %s keeps a first sector that is not the one it replaced: "
	               "refusing to write it"),
	             u->label, u->last->id);
	return -1;
}

/* What is there now: the hive's SHA-256, a copy's ("" when it is gone),
 * or the first sector's. */
static int sha_now(struct wr_session *s, const struct undo *u, char sha[65], struct wr_error *err)
{
	const struct wr_part *part;
	uint64_t size;
	int r;

	if (u->last->mbr_before) {
		uint8_t now[WR_MBR_SIZE];

		if (wr_guest_read_mbr(s->g, wr__session_part_of(s, u->sh)->disk, now, err) < 0)
			return -1;
		wr_sha256_of(now, sizeof(now), sha);
		return 0;
	}
	if (!u->last->boot_file)
		return wr__session_sha(s, u->sh, sha, err);
	part = wr__session_part_of(s, u->sh);
	sha[0] = '\0';
	if ((r = wr_guest_stat(s->g, part, u->path, &size, err)) != 0)
		return r < 0 ? -1 : 0;
	return wr_guest_sha256(s->g, part, u->path, sha, err);
}

static int check(struct wr_session *s, struct undo *u, struct wr_buf *out, struct wr_error *err)
{
	const char *blocked = wr_stage_read_only(s->stage, u->sh->stage_index);
	char sha[65];

	/* Restoring a backup is a write like any other: not over a hive that
	 * winrescue would not write. */
	if (blocked) {
		wr_error_set(err, EROFS, "%s", blocked);
		return -1;
	}
	/* From the check to the journal record, no other winrescue writes it. */
	if (wr__session_lock(s, u->sh, err) < 0 || sha_now(s, u, sha, err) < 0)
		return -1;
	/* A copy the commit never got to (it stopped before): as it was. */
	u->skip = (u->last->boot_file || u->last->mbr_before) &&
	          strcmp(sha, u->last->sha256_before) == 0 &&
	          strcmp(sha, u->last->sha256_after) != 0;
	if (u->skip)
		return 0;
	if (strcmp(sha, u->last->sha256_after) != 0)
		return refuse_changed(s, u, sha, out, err);
	if (u->last->mbr_before)
		return mbr_kept(u, err);
	if (logs_as_left(s, u, err) < 0)
		return -1;
	/* A file the commit made where there was none has no backup: undo
	 * removes it. */
	return u->last->created ? 0 : find_backup(s, u, err);
}

struct rollback_intent {
	struct wr_session *s;
	const struct undo *u;
	const char *id;
	struct wr_lock next; /* a file here: the restored file's lock */
};

static void where_of(struct wr_session *s, const struct undo *u, struct wr_journal_where *w)
{
	wr__session_where_of(s, u->sh, w);
	w->boot_file = u->last->boot_file;
	w->mbr_before = u->last->mbr_before;
}

static int record_rollback_intent(void *opaque, const struct wr_write_report *rep,
                                  const char *new_file, struct wr_error *err)
{
	struct rollback_intent *c = opaque;
	struct wr_journal_where w;

	if (wr__session_lock_new(new_file, &c->next, err) < 0)
		return -1;
	where_of(c->s, c->u, &w);
	return wr__session_record_intent(
	    c->s, c->u->sh, wr_journal_rollback_line(c->id, true, c->u->last, &w, rep), err);
}

/* Put the backup (or nothing, for a file the commit made) where it was. */
static int put_back(struct wr_session *s, struct undo *u, const struct wr_write_intent *intent,
                    struct wr_write_report *rep, struct wr_error *err)
{
	const unsigned raw = u->last->replaced ? WR_WRITE_RAW : 0;
	size_t disk = u->sh->disk ? wr__session_part_of(s, u->sh)->disk : 0;

	if (u->last->mbr_before) {
		memset(rep, 0, sizeof(*rep));
		snprintf(rep->sha256_before, sizeof(rep->sha256_before), "%s",
		         u->last->sha256_after);
		snprintf(rep->sha256_after, sizeof(rep->sha256_after), "%s",
		         u->last->sha256_before);
		if (intent->record(intent->opaque, rep, NULL, err) < 0 ||
		    wr_guest_write_mbr(s->g, disk, u->mbr, err) < 0)
			return -1;
		wr_inventory_note_mbr(s->inv, disk, u->mbr);
		return 0;
	}
	if (u->last->created && u->sh->disk)
		return wr_safe_write_remove(s->g, wr__session_part_of(s, u->sh), u->path,
		                            u->last->sha256_after, intent, &s->cfg, rep, err);
	if (u->last->boot_file)
		return wr_safe_write_at(s->g, wr__session_part_of(s, u->sh), u->path, u->backup,
		                        WR_WRITE_RESTORE | WR_WRITE_RAW, intent, &s->cfg, rep, err);
	if (wr__session_room(s, u->sh, u->backup, 0, err) < 0)
		return -1;
	return wr__session_put_back(s, u->sh, u->backup, WR_WRITE_RESTORE | raw, intent, rep, err);
}

static void say_restored(const struct undo *u, const struct wr_write_report *rep,
                         struct wr_buf *out)
{
	const char *summary = u->last->summary ? u->last->summary : "";

	if (u->last->mbr_before)
		wr_buf_printf_printable(
		    out, _("%s: rolled back commit %s (%s); its first sector is as it was\n"),
		    u->label, wr_journal_group(u->last), summary);
	else if (u->last->created && u->last->boot_file)
		wr_buf_printf_printable(
		    out, _("%s: rolled back commit %s (%s); the file it copied is removed\n"),
		    u->label, wr_journal_group(u->last), summary);
	else if (u->last->created)
		wr_buf_printf_printable(
		    out, _("%s: rolled back commit %s (%s); the store it made is removed\n"),
		    u->label, wr_journal_group(u->last), summary);
	else
		wr_buf_printf_printable(
		    out, _("%s: rolled back commit %s (%s); the replaced file is kept as %s\n"),
		    u->label, wr_journal_group(u->last), summary, rep->disk_backup);
}

static int restore(struct wr_session *s, struct undo *u, const char *id, struct wr_buf *out,
                   struct wr_error *err)
{
	struct rollback_intent c = {.s = s, .u = u, .id = id, .next = WR_LOCK_INIT};
	struct wr_write_intent intent = {.record = record_rollback_intent, .opaque = &c};
	struct wr_write_report rep;
	struct wr_journal_where w;
	char *line;
	int r;

	if (u->skip)
		return 0;
	r = put_back(s, u, &intent, &rep, err);
	wr__session_relock(u->sh, &c.next);
	if (r < 0) {
		wr_error_prefix(err, "%s", u->label);
		return -1;
	}
	where_of(s, u, &w);
	line = wr_journal_rollback_line(id, false, u->last, &w, &rep);
	if (!line)
		wr_error_set(err, ENOMEM, _("out of memory"));
	r = line ? wr__session_journal(s, u->sh, WR_JOURNAL_BOTH, line, err) : -1;
	free(line);
	say_restored(u, &rep, out);
	return r;
}

/* The commit to undo: the newest (by time, then id) of the hives' last
 * ones, by the id of the commit it is part of. */
static const char *newest(const struct wr_journal *js, size_t n)
{
	const struct wr_journal_record *best = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct wr_journal_record *r = wr_journal_last_commit(&js[i]);
		int c = r && best ? strcmp(r->time, best->time) : 0;

		if (r && (!best || c > 0 ||
		          (c == 0 && strcmp(wr_journal_group(r), wr_journal_group(best)) > 0)))
			best = r;
	}
	return best ? wr_journal_group(best) : NULL;
}

/* Where rebuild copies boot files: a journal naming anything else (edited
 * by hand, forged) names nothing winrescue would put back. */
static bool boot_file_place(const char *path)
{
	return strcasecmp(path, "\\bootmgr") == 0 || strncasecmp(path, "\\Boot\\", 6) == 0 ||
	       strncasecmp(path, "\\EFI\\", 5) == 0;
}

/* Every file commit `target` wrote that is not undone yet, in the order it
 * wrote them: the copies beside each store, then the store. */
static int undo_list(struct wr_session *s, const struct wr_journal *js, const char *target,
                     struct undo **list, size_t *n)
{
	struct undo *u = NULL, *more;

	*n = 0;
	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < js[i].n; k++) {
			const struct wr_journal_record *r = &js[i].records[k];
			struct undo *e;

			if (strcmp(r->action, "commit") != 0 ||
			    strcmp(wr_journal_group(r), target) != 0 ||
			    wr_journal_undone(&js[i], k) ||
			    (r->boot_file &&
			     (!s->hives[i].disk || !boot_file_place(r->boot_file))) ||
			    (r->mbr_before && !s->hives[i].disk))
				continue;
			if (!(more = realloc(u, (*n + 1) * sizeof(*u)))) {
				free(u);
				return -1;
			}
			u = more;
			e = &u[(*n)++];
			memset(e, 0, sizeof(*e));
			e->sh = &s->hives[i];
			e->last = r;
			e->path = wr__session_path(s, e->sh);
			snprintf(e->label, sizeof(e->label), "%s", e->sh->label);
			if (r->mbr_before)
				snprintf(e->label, sizeof(e->label), "%.4000s",
				         s->inv->disks[wr__session_part_of(s, e->sh)->disk].path);
			if (!r->boot_file)
				continue;
			snprintf(e->copy_path, sizeof(e->copy_path), "%s", r->boot_file);
			for (char *c = e->copy_path; *c; c++)
				*c = *c == '\\' ? '/' : *c;
			snprintf(e->label, sizeof(e->label), "%.4000s %s",
			         wr__session_part_of(s, e->sh)->name, r->boot_file);
		}
	/* Only now: realloc moved the copies' paths. */
	for (size_t k = 0; k < *n; k++)
		if (u[k].last->boot_file)
			u[k].path = u[k].copy_path;
	*list = u;
	return 0;
}

static int undo_all(struct wr_session *s, struct undo *u, size_t n, bool dry_run,
                    struct wr_buf *out, struct wr_error *err)
{
	char id[64];
	int r = 0;

	for (size_t i = 0; r == 0 && i < n; i++)
		r = check(s, &u[i], out, err);
	wr_journal_new_id(id, sizeof(id));
	for (size_t i = 0; r == 0 && !dry_run && i < n; i++)
		r = restore(s, &u[i], id, out, err);
	return r;
}

int wr_session_rollback(struct wr_session *s, bool dry_run, struct wr_buf *out,
                        struct wr_error *err)
{
	struct wr_journal *js = calloc(s->n + 1, sizeof(*js));
	struct undo *u = NULL;
	const char *target = NULL;
	size_t n = 0;
	int r = 0;

	if (!js) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	for (size_t i = 0; r == 0 && i < s->n; i++)
		r = wr_session_journal(s, i, &js[i], err);
	if (r == 0 && !(target = newest(js, s->n)))
		r = 1;
	if (r == 0 && undo_list(s, js, target, &u, &n) < 0) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		r = -1;
	}
	if (r == 0)
		r = n ? undo_all(s, u, n, dry_run, out, err) : 1;
	for (size_t i = 0; i < s->n; i++) {
		wr__session_unlock(s, &s->hives[i]);
		wr_journal_free(&js[i]);
	}
	free(u);
	free(js);
	return r;
}
