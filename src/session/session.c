/* SPDX-License-Identifier: GPL-3.0-or-later */
/* session.c - the hives being repaired: loading them from files or disks into a stage. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/sha256.h"
#include "base/text.h"
#include "bcd/bcd.h"
#include "hive/hive.h"
#include "internal.h"

static void remove_tmpdir(const char *dir, int depth);

/* Working directories of sessions whose process is gone (killed): named
 * winrescue-PID-XXXXXX, ours, and PID no longer runs. */
static void sweep_tmpdirs(const char *tmpdir)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	char path[PATH_MAX];
	struct stat st;
	long pid;
	int end;

	while (d && (e = readdir(d))) {
		end = 0;
		if (sscanf(e->d_name, "winrescue-%ld-%*6[A-Za-z0-9]%n", &pid, &end) != 1 ||
		    e->d_name[end] != '\0' || end == 0 || pid <= 0 ||
		    (kill((pid_t)pid, 0) == 0 || errno != ESRCH) ||
		    snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name) >= (int)sizeof(path) ||
		    lstat(path, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid())
			continue;
		remove_tmpdir(path, 1);
	}
	if (d)
		closedir(d);
}

struct wr_session *wr_session_new(const struct wr_config *cfg, struct wr_error *err)
{
	struct wr_session *s = calloc(1, sizeof(*s));
	int n;

	if (s)
		s->stage = wr_stage_new();
	if (!s || !s->stage) {
		free(s);
		wr_error_set(err, ENOMEM, _("out of memory"));
		return NULL;
	}
	s->cfg = *cfg;
	sweep_tmpdirs(cfg->tmpdir);
	n = snprintf(s->tmpdir, sizeof(s->tmpdir), "%s/winrescue-%ld-XXXXXX", cfg->tmpdir,
	             (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(s->tmpdir))
		wr_error_set(err, ENAMETOOLONG,
		             _("the path is too long for a working directory: %s"), cfg->tmpdir);
	else if (!mkdtemp(s->tmpdir))
		wr_error_set(err, errno, _("%s: cannot create: %s"), s->tmpdir, strerror(errno));
	else
		return s;
	wr_stage_free(s->stage);
	free(s);
	return NULL;
}

/* Remove the working directory and what is in it: files, and the
 * directories of files fetched from a disk (one level). */
static void remove_tmpdir(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char sub[PATH_MAX];

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (unlinkat(dirfd(d), e->d_name, 0) < 0 && errno == EISDIR && depth > 0 &&
		    snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name) < (int)sizeof(sub))
			remove_tmpdir(sub, depth - 1);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

void wr_session_free(struct wr_session *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		wr_lock_release(&s->hives[i].lock);
		wr_hive_close(s->hives[i].hive);
		free(s->hives[i].file);
	}
	free(s->hives);
	wr_stage_free(s->stage);
	remove_tmpdir(s->tmpdir, 1);
	free(s);
}

void wr_session_lock_at_load(struct wr_session *s)
{
	s->lock_at_load = true;
}

int wr__session_lock(struct wr_session *s, struct session_hive *sh, struct wr_error *err)
{
	if (sh->disk || wr_lock_holds(&sh->lock, sh->file))
		return 0;
	return wr_lock_take(&sh->lock, sh->file, true, false, s->cfg.lock_wait_ms, err);
}

int wr__session_lock_new(const char *new_file, struct wr_lock *next, struct wr_error *err)
{
	return new_file ? wr_lock_take(next, new_file, true, false, 0, err) : 0;
}

void wr__session_relock(struct session_hive *sh, struct wr_lock *next)
{
	if (next->fd >= 0 && wr_lock_holds(next, sh->file)) {
		wr_lock_release(&sh->lock);
		sh->lock = *next;
		next->fd = -1;
	}
	wr_lock_release(next);
}

void wr__session_unlock(struct wr_session *s, struct session_hive *sh)
{
	if (!s->lock_at_load)
		wr_lock_release(&sh->lock);
}

struct wr_stage *wr_session_stage(const struct wr_session *s)
{
	return s->stage;
}

int wr_session_hive_of(const struct wr_session *s, enum wr_hive_kind kind)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->hives[i].kind == kind)
			return (int)s->hives[i].stage_index;
	return -1;
}

void wr_session_repair_place(const struct wr_session *s, size_t i, struct wr_repair_opts *o)
{
	bool disk = i < s->n && s->hives[i].disk;

	o->inv = disk ? s->inv : NULL;
	o->store_part = disk ? wr__session_part_of(s, &s->hives[i]) : NULL;
	o->store_uefi = disk && strcasecmp(s->hives[i].path, "/EFI/Microsoft/Boot/BCD") == 0;
	o->system_hive = wr_session_hive_of(s, WR_KIND_SYSTEM);
	o->software_hive = wr_session_hive_of(s, WR_KIND_SOFTWARE);
	o->guest = disk ? s->g : NULL;
	o->store_unreadable = i < s->n && s->hives[i].unreadable[0] ? s->hives[i].unreadable : NULL;
	o->store_replaced = i < s->n && s->hives[i].replaced;
	o->store_created = i < s->n && s->hives[i].created;
}

size_t wr_session_count(const struct wr_session *s)
{
	return s->n;
}

enum wr_hive_kind wr_session_kind(const struct wr_session *s, size_t i)
{
	return s->hives[i].kind;
}

bool wr_session_on_disk(const struct wr_session *s, size_t i)
{
	return i < s->n && s->hives[i].disk;
}

const char *wr_session_file(const struct wr_session *s, size_t i, size_t *part, const char **path)
{
	const struct session_hive *sh = &s->hives[i];

	if (!sh->disk)
		return sh->file;
	*part = sh->part;
	*path = sh->path;
	return NULL;
}

const struct wr_inventory *wr_session_inventory(const struct wr_session *s)
{
	return s->inv;
}

const char *wr_session_label(const struct wr_session *s, size_t i)
{
	return i < s->n ? s->hives[i].label : "";
}

const char *wr_session_short_label(const struct wr_session *s, size_t i)
{
	return i < s->n ? s->hives[i].short_label : "";
}

const char *wr_session_note(const struct wr_session *s, size_t i)
{
	return i < s->n ? s->hives[i].note : "";
}

bool wr_session_replayed(const struct wr_session *s, size_t i)
{
	return i < s->n && s->hives[i].replay.applied;
}

/* Replay the logs beside `path` when the hive is dirty, into a working
 * copy whose name goes to `work` (else `path` itself).  A hive that cannot
 * be replayed is opened as it is, and kept from being written: `why`. */
static void recover(struct wr_session *s, struct session_hive *sh, const char *path, char *work,
                    size_t len, char *why, size_t why_len)
{
	struct wr_error err = {0};
	struct wr_hive_sums sums = {0};
	uint8_t *img = NULL;
	size_t n;

	snprintf(work, len, "%s", path);
	if (wr_hive_recover(path, &img, &n, &sh->replay, &sums, &err) < 0) {
		/* Not a hive: opening it says so.  Unreadable logs: read-only. */
		memset(&sh->replay, 0, sizeof(sh->replay));
		snprintf(why, why_len, "%s: %s", sh->label, err.msg);
		return;
	}
	if (sh->replay.applied) {
		wr__session_temp_name(s, work, len, "replayed");
		if (wr_safe_write_new(work, img, n, &err) < 0) {
			snprintf(work, len, "%s", path);
			memset(&sh->replay, 0, sizeof(sh->replay));
			snprintf(why, why_len, "%s: %s", sh->label, err.msg);
		}
	}
	free(img);
	/* What a commit checks the files against: the bytes replay read. */
	if (!sh->disk)
		memcpy(sh->sha_loaded, sums.hive, sizeof(sh->sha_loaded));
	memcpy(sh->log_sha, sums.logs, sizeof(sh->log_sha));
	memcpy(sh->log_size, sums.log_len, sizeof(sh->log_size));
	if (!*why)
		wr_hive_write_blocked(&sh->replay, sh->label, why, why_len);
	wr_hive_replay_summary(&sh->replay, sh->label, sh->note, sizeof(sh->note));
}

/* Open `path` (the file, or a disk hive's working copy with its logs beside
 * it) for editing and register it, read-only when it must not be written. */
static int open_hive(struct wr_session *s, struct session_hive *sh, const char *path,
                     struct wr_error *err)
{
	char why[5600] = "", work[PATH_MAX];
	wr_node objects;
	bool blocked;

	recover(s, sh, path, work, sizeof(work), why, sizeof(why));
	sh->hive = wr_hive_open(work, WR_HIVE_WRITE, err);
	if (!sh->hive && strcmp(work, path) != 0)
		wr_error_prefix(err, "%s", sh->label); /* `work` is a name of ours */
	if (!sh->hive)
		return -1;
	if (sh->kind == WR_KIND_BCD && wr_bcd_objects_key(sh->hive, &objects, err) < 0) {
		wr_error_prefix(err, "%s", sh->label);
		return -1;
	}
	blocked = why[0] != '\0';
	return wr_stage_add_hive(s->stage, sh->hive, sh->kind, sh->store,
	                         wr_hive_kind_mount(sh->kind), blocked ? why : NULL,
	                         &sh->stage_index, err);
}

static struct session_hive *new_hive(struct wr_session *s, struct wr_error *err)
{
	struct session_hive *n = realloc(s->hives, (s->n + 1) * sizeof(*n));

	if (!n) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return NULL;
	}
	s->hives = n;
	memset(&n[s->n], 0, sizeof(*n));
	n[s->n].lock.fd = -1;
	return &n[s->n];
}

int wr_session_add_file(struct wr_session *s, const char *path, enum wr_hive_kind kind,
                        struct wr_error *err)
{
	struct session_hive *sh = new_hive(s, err);
	char abs[PATH_MAX];

	if (!sh)
		return -1;
	if (!realpath(path, abs)) {
		wr_error_set(err, errno, _("%s: %s"), path, strerror(errno));
		return -1;
	}
	sh->kind = kind;
	sh->file = strdup(abs);
	snprintf(sh->label, sizeof(sh->label), "%s", path);
	snprintf(sh->short_label, sizeof(sh->short_label), "%s", path);
	snprintf(sh->store, sizeof(sh->store), "%s", path);
	/* Held from here: another winrescue writing it is waited for, and
	 * what is loaded is its result. */
	if (sh->file && s->lock_at_load &&
	    wr_lock_take(&sh->lock, abs, true, false, s->cfg.lock_wait_ms, err) < 0) {
		free(sh->file);
		return -1;
	}
	if (!sh->file || open_hive(s, sh, abs, err) < 0 ||
	    (!sh->sha_loaded[0] && wr_sha256_file(abs, sh->sha_loaded) < 0)) {
		if (err && !err->code)
			wr_error_set(err, errno, _("%s: cannot read: %s"), path, strerror(errno));
		wr_lock_release(&sh->lock);
		wr_hive_close(sh->hive);
		free(sh->file);
		return -1;
	}
	s->n++;
	wr__session_recover(s, s->n - 1);
	return 0;
}

/* "disk.img" of "/var/tmp/disk.img"; "/dev/sdc" stays whole (its file
 * name alone says less). */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return strncmp(path, "/dev/", 5) == 0 || !slash ? path : slash + 1;
}

/* The boot store: \Boot\BCD (BIOS) or \EFI\Microsoft\Boot\BCD (UEFI), not
 * the recovery or vendor stores beside them; readable or not. */
static bool is_boot_store(const struct wr_found *f)
{
	return f->kind == WR_FOUND_BCD && (strcasecmp(f->path, "/Boot/BCD") == 0 ||
	                                   strcasecmp(f->path, "/EFI/Microsoft/Boot/BCD") == 0);
}

void wr_session_new_stores(struct wr_session *s, enum wr_new_store when)
{
	s->new_stores = when;
}

void wr_session_store_template_from(struct wr_session *s, const char *windows_partition)
{
	s->template_windows = windows_partition;
}

/* Whether boot store `f` is loaded as a new store. */
static bool new_store_for(const struct wr_session *s, const struct wr_found *f)
{
	return s->new_stores == WR_NEW_STORE_ALWAYS ||
	       (s->new_stores == WR_NEW_STORE_UNREADABLE && !f->valid);
}

/* The Windows whose BCD-Template a new store on disk `disk` begins from:
 * the one rebuild makes the default (the one --windows names, else the
 * first on the disk), as bcdboot takes its source installation's. */
static const struct wr_windows *template_windows(const struct wr_session *s, size_t disk)
{
	for (size_t k = 0; k < s->inv->n_windows; k++) {
		const struct wr_part *p = &s->inv->parts[s->inv->windows[k].part];

		if (s->template_windows ? strcmp(p->name, s->template_windows) == 0
		                        : p->disk == disk)
			return &s->inv->windows[k];
	}
	return NULL;
}

/* `msg` without the "LOCAL: " a hive's errors begin with: the name of a
 * working copy says nothing to people. */
static const char *without_local(const char *msg, const char *local)
{
	size_t n = strlen(local);

	return strncmp(msg, local, n) == 0 && strncmp(msg + n, ": ", 2) == 0 ? msg + n + 2 : msg;
}

/* Whether the template fetched to `local` is fit to begin a store from:
 * clean (a dirty one needs its logs, which Windows keeps beside it on the
 * disk) and read as a BCD store.  Why not goes to sh->template_why. */
static bool usable_template(struct session_hive *sh, const char *local)
{
	struct wr_error err = {0};
	struct wr_hive *h = wr_hive_open(local, 0, &err);
	const struct wr_regf_header *hdr = h ? wr_hive_header(h) : NULL;
	struct wr_bcd *bcd = NULL;
	bool ok;

	if (hdr && hdr->dirty)
		wr_error_set(&err, EINVAL, _("it is dirty: its last write did not finish"));
	else if (hdr)
		bcd = wr_bcd_load(h, &err);
	ok = bcd != NULL;
	if (!ok)
		snprintf(sh->template_why, sizeof(sh->template_why), "%s",
		         without_local(err.msg, local));
	wr_bcd_free(bcd);
	wr_hive_close(h);
	return ok;
}

/* As bcdboot begins a store: the Windows' System32\config\BCD-Template
 * (its name in any case) copied to `local`.  0 when it is there and fit;
 * else `local` is not made, and when there is one that cannot be used,
 * sh->template_why says why. */
static int fetch_template(struct wr_session *s, struct session_hive *sh, const char *local)
{
	const struct wr_windows *w = template_windows(s, s->inv->parts[sh->part].disk);
	const struct wr_part *p = w ? &s->inv->parts[w->part] : NULL;
	char path[128], real[256], shown[256];
	struct wr_error err = {0};
	int r;

	if (!w)
		return 1;
	snprintf(path, sizeof(path), "%s\\System32\\config\\BCD-Template", w->systemroot);
	for (char *c = path; *c; c++)
		*c = *c == '\\' ? '/' : *c;
	r = wr_guest_find(s->g, p, path, real, sizeof(real), &err);
	if (r == 0)
		r = wr_guest_fetch(s->g, p, real, local, &err);
	if (r == 1)
		return 1;
	wr_windows_path(r == 0 ? real : path, shown, sizeof(shown));
	snprintf(sh->template_label, sizeof(sh->template_label), "%.4000s %s", p->name, shown);
	if (r == 0 && usable_template(sh, local))
		return 0;
	if (r < 0)
		snprintf(sh->template_why, sizeof(sh->template_why), "%s", err.msg);
	unlink(local);
	return -1;
}

/* A new store as the working copy `local` of `sh`, what a commit puts in
 * its place: as bcdboot, a copy of the Windows' BCD-Template when there is
 * one fit to use, else an empty store (as bcdedit /createstore leaves it);
 * the rebuild then adds what either lacks.  Only for a store on a disk. */
static int new_store(struct wr_session *s, struct session_hive *sh, const char *local,
                     struct wr_error *err)
{
	struct wr_hive *h;

	if (fetch_template(s, sh, local) != 0 &&
	    (!(h = wr_bcd_store_begin(local, err)) || wr_bcd_store_end(h, local, true, err) < 0))
		return -1;
	sh->replaced = true;
	return 0;
}

/* A boot store hivex cannot open (cut short, damaged) where unreadable
 * stores are to be replaced: a new store in its place, and why. */
static int unreadable_store(struct wr_session *s, struct session_hive *sh, const char *local,
                            struct wr_error *err)
{
	if (sh->kind != WR_KIND_BCD || s->new_stores != WR_NEW_STORE_UNREADABLE || sh->replaced)
		return -1;
	snprintf(sh->unreadable, sizeof(sh->unreadable), "%s", err->msg);
	memset(err, 0, sizeof(*err));
	wr_hive_close(sh->hive);
	sh->hive = NULL;
	if (unlink(local) < 0) {
		wr_error_set(err, errno, _("%s: cannot remove: %s"), local, strerror(errno));
		return -1;
	}
	return new_store(s, sh, local, err) < 0 ? -1 : open_hive(s, sh, local, err);
}

/* What stands in for the store: a new one from the template, or empty. */
static void note_new_store(struct session_hive *sh)
{
	const char *from = sh->template_why[0] ? "" : sh->template_label;
	size_t used;

	if (sh->created && from[0])
		snprintf(sh->note, sizeof(sh->note),
		         _("%s is not there: a new store, from %s, stands in for it; only repair "
		           "rebuild writes one there."),
		         sh->label, from);
	else if (sh->created)
		snprintf(sh->note, sizeof(sh->note),
		         _("%s is not there: a new, empty store stands in for it; only repair "
		           "rebuild writes one there."),
		         sh->label);
	else if (sh->unreadable[0] && from[0])
		snprintf(sh->note, sizeof(sh->note),
		         _("%s cannot be read (%s): a new store, from %s, stands in for it; only "
		           "repair rebuild writes one there, keeping the old file as a backup."),
		         sh->label, sh->unreadable, from);
	else if (sh->unreadable[0])
		snprintf(sh->note, sizeof(sh->note),
		         _("%s cannot be read (%s): a new, empty store stands in for it; only "
		           "repair rebuild writes one there, keeping the old file as a backup."),
		         sh->label, sh->unreadable);
	else if (from[0])
		snprintf(sh->note, sizeof(sh->note),
		         _("%s: a new store, from %s, is built in its place: a commit replaces the "
		           "file whole and keeps the old one as a backup."),
		         sh->label, from);
	else
		snprintf(sh->note, sizeof(sh->note),
		         _("%s: a new store is built in its place: a commit replaces the file "
		           "whole and keeps the old one as a backup."),
		         sh->label);
	used = strlen(sh->note);
	if (sh->template_why[0] && used + 1 < sizeof(sh->note)) {
		sh->note[used++] = ' ';
		snprintf(sh->note + used, sizeof(sh->note) - used,
		         _("%s cannot be used as a template (%s): the new store begins empty."),
		         sh->template_label, sh->template_why);
	}
}

/* Where a hive on a disk is (partition `part`, `path` on it), its names,
 * and its working directory: `local` gets the working copy's name. */
static int place(struct wr_session *s, struct session_hive *sh, size_t part, const char *path,
                 char *local, size_t len, struct wr_error *err)
{
	const struct wr_part *p = &s->inv->parts[part];
	const struct wr_disk *d = &s->inv->disks[p->disk];

	sh->disk = true;
	sh->part = part;
	snprintf(sh->path, sizeof(sh->path), "%s", path);
	wr_windows_path(path, sh->store, sizeof(sh->store));
	snprintf(sh->label, sizeof(sh->label), "%.4000s %s", p->name, sh->store);
	snprintf(sh->short_label, sizeof(sh->short_label), "%.255s#%u %s", base_name(d->path),
	         p->number, sh->store);
	if (strcmp(d->table, "gpt") == 0)
		snprintf(sh->disk_id, sizeof(sh->disk_id), "GPT %s", d->disk_guid);
	else
		snprintf(sh->disk_id, sizeof(sh->disk_id), "MBR %08x", d->signature);
	/* Its own directory, so that its logs keep their names beside it. */
	snprintf(local, len, "%s/hive-%zu", s->tmpdir, s->n);
	if (mkdir(local, 0700) < 0) {
		wr_error_set(err, errno, _("%s: cannot create: %s"), local, strerror(errno));
		return -1;
	}
	/* Short: the working directory's name is, and names on a disk are. */
	snprintf(local + strlen(local), len - strlen(local), "/%s",
	         strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	return 0;
}

/* The file of found store or hive `i` fetched to `local` with its logs,
 * or a new store there when the store is to be replaced. */
static int working_copy(struct wr_session *s, struct session_hive *sh, size_t i, const char *local,
                        struct wr_error *err)
{
	if (sh->kind == WR_KIND_BCD && new_store_for(s, &s->inv->found[i])) {
		if (!s->inv->found[i].valid)
			snprintf(sh->unreadable, sizeof(sh->unreadable), "%s",
			         _("it does not start as a registry hive does"));
		return new_store(s, sh, local, err);
	}
	if (wr_inventory_fetch(s->g, s->inv, i, local, err) < 0)
		return -1;
	return wr_inventory_fetch_logs(s->g, s->inv, i, local, err);
}

static int add_found(struct wr_session *s, size_t i, enum wr_hive_kind kind, struct wr_error *err)
{
	const struct wr_found *f = &s->inv->found[i];
	struct session_hive *sh = new_hive(s, err);
	char local[PATH_MAX];

	if (!sh)
		return -1;
	sh->kind = kind;
	sh->found = i;
	if (place(s, sh, f->part, f->path, local, sizeof(local), err) < 0)
		return -1;
	if (working_copy(s, sh, i, local, err) < 0 ||
	    (open_hive(s, sh, local, err) < 0 && unreadable_store(s, sh, local, err) < 0)) {
		wr_hive_close(sh->hive);
		return -1;
	}
	if (sh->replaced)
		note_new_store(sh);
	s->n++;
	wr__session_recover(s, s->n - 1);
	return 0;
}

/* Where bcdboot would put disk `d`'s store: the ESP on GPT; on MBR the
 * active partition (what BIOS starts), else System Reserved, else the
 * Windows partition itself; -1 for none. */
static long system_partition(const struct wr_inventory *inv, size_t d, const char **path)
{
	bool gpt = strcmp(inv->disks[d].table, "gpt") == 0;
	long windows = -1;

	*path = gpt ? "/EFI/Microsoft/Boot/BCD" : "/Boot/BCD";
	for (size_t k = 0; k < inv->n_windows; k++)
		if (inv->parts[inv->windows[k].part].disk == d && windows < 0)
			windows = (long)inv->windows[k].part;
	for (size_t p = 0; windows >= 0 && p < inv->n_parts; p++)
		if (inv->parts[p].disk == d &&
		    (gpt ? inv->parts[p].role == WR_ROLE_EFI : inv->parts[p].active))
			return (long)p;
	for (size_t p = 0; windows >= 0 && !gpt && p < inv->n_parts; p++)
		if (inv->parts[p].disk == d && inv->parts[p].role == WR_ROLE_SYSTEM_RESERVED)
			return (long)p;
	return gpt ? -1 : windows;
}

/* Whether disk `d` has a boot store, readable or not.  A Windows whose
 * store is on another disk (System Reserved on the first of two) is not
 * told apart here: its disk reads as having none. */
static bool has_store(const struct wr_inventory *inv, size_t d)
{
	for (size_t i = 0; i < inv->n_found; i++)
		if (is_boot_store(&inv->found[i]) && inv->parts[inv->found[i].part].disk == d)
			return true;
	return false;
}

/* A disk with Windows and no boot store at all: an empty store stands in
 * where bcdboot would make it, to be created by a commit. */
static int add_missing_store(struct wr_session *s, size_t d, struct wr_error *err)
{
	const char *path;
	long part = system_partition(s->inv, d, &path);
	struct session_hive *sh;
	char local[PATH_MAX];

	if (part < 0 || has_store(s->inv, d))
		return 0;
	if (!(sh = new_hive(s, err)))
		return -1;
	sh->kind = WR_KIND_BCD;
	sh->found = SIZE_MAX;
	sh->created = true;
	snprintf(sh->unreadable, sizeof(sh->unreadable), "%s", _("it is not there"));
	if (place(s, sh, (size_t)part, path, local, sizeof(local), err) < 0 ||
	    new_store(s, sh, local, err) < 0 || open_hive(s, sh, local, err) < 0) {
		wr_hive_close(sh->hive);
		return -1;
	}
	note_new_store(sh);
	s->n++;
	wr__session_recover(s, s->n - 1);
	return 1;
}

/* A SYSTEM hive whose installation's SOFTWARE hive the inventory could not
 * use: what is checked on SOFTWARE cannot be there, which its note says. */
static void note_software(struct session_hive *sh, const struct wr_inventory *inv,
                          const struct wr_found *f)
{
	struct wr_buf sentence = WR_BUF_INIT;
	size_t used = strlen(sh->note);

	for (size_t k = 0; k < inv->n_windows; k++)
		if (inv->windows[k].part == f->part && inv->windows[k].software != WR_SOFTWARE_READ)
			wr_buf_printf_printable(
			    &sentence,
			    inv->windows[k].software == WR_SOFTWARE_MISSING
			        ? _("%s: no SOFTWARE hive beside it: the checks on SOFTWARE are "
			            "not run.")
			        : _("%s: the SOFTWARE hive beside it cannot be read: the checks on "
			            "SOFTWARE are not run."),
			    sh->label);
	if (sentence.len)
		snprintf(sh->note + used, sizeof(sh->note) - used, "%s%s", used ? " " : "",
		         wr_buf_str(&sentence));
	wr_buf_free(&sentence);
}

int wr_session_add_disks(struct wr_session *s, struct wr_guest *g, struct wr_inventory *inv,
                         unsigned kinds, struct wr_error *err)
{
	size_t loaded = 0;

	s->g = g;
	s->inv = inv;
	for (size_t i = 0; i < inv->n_found; i++) {
		const struct wr_found *f = &inv->found[i];
		int kind = is_boot_store(f) && (f->valid || new_store_for(s, f)) ? WR_KIND_BCD
		           : f->kind == WR_FOUND_SYSTEM && f->valid              ? WR_KIND_SYSTEM
		           : f->kind == WR_FOUND_SOFTWARE && f->valid            ? WR_KIND_SOFTWARE
		                                                                 : -1;

		if (kind < 0 || !(kinds & WR_KIND_BIT(kind)))
			continue;
		if (add_found(s, i, (enum wr_hive_kind)kind, err) < 0)
			return -1;
		if (kind == WR_KIND_SYSTEM && (kinds & WR_KIND_BIT(WR_KIND_SOFTWARE)))
			note_software(&s->hives[s->n - 1], inv, f);
		loaded++;
	}
	for (size_t d = 0; s->new_stores != WR_NEW_STORE_NEVER &&
	                   (kinds & WR_KIND_BIT(WR_KIND_BCD)) && d < inv->n_disks;
	     d++) {
		int r = add_missing_store(s, d, err);

		if (r < 0)
			return -1;
		loaded += (size_t)r;
	}
	if (loaded == 0) {
		wr_error_set(err, ENOENT,
		             _("no BCD store and no Windows SYSTEM hive on the disks"));
		return -1;
	}
	return 0;
}
