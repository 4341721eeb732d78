/* SPDX-License-Identifier: GPL-3.0-or-later */
/* partition.c - putting an edited hive back on a partition of the Windows disk without ever
 * losing it. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/i18n.h"
#include "base/sha256.h"
#include "hive/hive.h"
#include "internal.h"
#include "regf/regf.h"
#include "safe-write.h"

struct write {
	struct wr_guest *g;
	const struct wr_part *part;
	const char *path; /* the original, on the partition */
	char tmp[300];
	char disk_backup[320]; /* the backup beside it */
	const struct wr_config *cfg;
	struct wr_error *err;
};

bool wr__fault_after(const struct wr_config *cfg, const char *step, struct wr_error *err)
{
	if (strcmp(cfg->fail_after, step) != 0)
		return false;
	wr_error_set(err, EINTR, _("stopped after step %s (WINRESCUE_FAIL_AFTER)"), step);
	return true;
}

static bool fault_after(struct write *w, const char *step)
{
	return wr__fault_after(w->cfg, step, w->err);
}

bool wr__writable_header(const uint8_t *head, size_t len, unsigned flags, bool *checksum_ok)
{
	struct wr_regf_header hdr;

	*checksum_ok = false;
	if (wr_regf_parse(head, len, &hdr, NULL) < 0 || hdr.file_type != WR_REGF_PRIMARY)
		return false;
	*checksum_ok = hdr.checksum_ok;
	return (flags & WR_WRITE_RESTORE) || (hdr.checksum_ok && !hdr.dirty);
}

int wr__backup_name(char *out, size_t len, const char *base, const char *stamp,
                    bool (*taken)(const char *, void *), void *opaque, struct wr_error *err)
{
	for (int n = 1; n < 100; n++) {
		int w = n == 1 ? snprintf(out, len, "%s.winrescue-%s.bak", base, stamp)
		               : snprintf(out, len, "%s.winrescue-%s-%d.bak", base, stamp, n);

		if (w < 0 || (size_t)w >= len) {
			wr_error_set(err, ENAMETOOLONG, _("the path is too long: %s"), base);
			return -1;
		}
		if (!taken(out, opaque))
			return 0;
	}
	wr_error_set(err, EEXIST, _("%s: no free name for the backup"), base);
	return -1;
}

/* An error counts as taken. */
static bool taken_on_disk(const char *path, void *opaque)
{
	struct write *w = opaque;
	uint64_t size;

	return wr_guest_stat(w->g, w->part, path, &size, NULL) != 1;
}

int wr__record_intent(const struct wr_write_intent *intent, struct wr_write_report *rep,
                      const char *sha, const char *new_file, struct wr_error *err)
{
	snprintf(rep->sha256_after, sizeof(rep->sha256_after), "%s", sha);
	return intent ? intent->record(intent->opaque, rep, new_file, err) : 0;
}

bool wr__taken_on_host(const char *path, void *opaque)
{
	struct stat st;

	return lstat(path, &st) == 0 || errno != ENOENT;
}

/* Step 3: the copy in the state directory (ready), named after the
 * partition: disk.img#1 BCD -> disk.img-1-BCD.winrescue-<stamp>.bak */
static int back_up_on_host(struct write *w, const char *stamp, struct wr_write_report *rep)
{
	const char *base = strrchr(w->path, '/') ? strrchr(w->path, '/') + 1 : w->path;
	char name[256], host_base[PATH_MAX];
	int n;

	snprintf(name, sizeof(name), "%.200s", w->part->name);
	for (char *c = name; *c; c++)
		if (*c == '/' || *c == '#')
			*c = *c == '#' ? '-' : '_';
	n = snprintf(host_base, sizeof(host_base), "%s/%s-%.64s", w->cfg->state_dir, name, base);
	if (n < 0 || (size_t)n >= sizeof(host_base)) {
		wr_error_set(w->err, ENAMETOOLONG, _("the path is too long: %s"),
		             w->cfg->state_dir);
		return -1;
	}
	if (wr__backup_name(rep->host_backup, sizeof(rep->host_backup), host_base, stamp,
	                    wr__taken_on_host, NULL, w->err) < 0)
		return -1;
	if (wr_guest_fetch(w->g, w->part, w->path, rep->host_backup, w->err) == 0)
		return 0;
	if (!w->err || !w->err->code)
		wr_error_set(w->err, ENOENT, _("%s %s: no such file"), w->part->name, w->path);
	return -1;
}

/* Steps 2 and 3: the backups of w->path, on the disk and on the host. */
static int back_up(struct write *w, struct wr_write_report *rep)
{
	char stamp[32];
	time_t now = time(NULL);

	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", gmtime(&now));
	/* Copied under the temporary name, then renamed: a crash never leaves
	 * a short file under a backup's name (a .winrescue-new is never the
	 * only copy of anything, and goes at the next write or load). */
	if (wr__backup_name(w->disk_backup, sizeof(w->disk_backup), w->path, stamp, taken_on_disk,
	                    w, w->err) < 0 ||
	    wr_guest_remove(w->g, w->part, w->tmp, w->err) < 0 ||
	    wr_guest_copy(w->g, w->part, w->path, w->tmp, w->err) < 0 ||
	    wr_guest_rename(w->g, w->part, w->tmp, w->disk_backup, w->err) < 0) {
		wr_error_prefix(w->err, _("cannot back up the original on the disk"));
		return -1;
	}
	wr_windows_path(w->disk_backup, rep->disk_backup, sizeof(rep->disk_backup));
	if (fault_after(w, "disk-backup"))
		return -1;
	if (back_up_on_host(w, stamp, rep) < 0) {
		wr_error_prefix(w->err, _("cannot back up the original on this machine"));
		return -1;
	}
	return fault_after(w, "host-backup") ? -1 : 0;
}

/* Step 4: `local` uploaded as w->tmp and synced (a failed upload's part
 * removed: a full disk leaves some of it). */
static int upload_synced(struct write *w, const char *local)
{
	if (wr_guest_upload(w->g, w->part, local, w->tmp, w->err) < 0) {
		wr_error_prefix(w->err, _("cannot upload the new file"));
		wr_guest_remove(w->g, w->part, w->tmp, NULL);
		return -1;
	}
	if (fault_after(w, "upload"))
		return -1;
	if (wr_guest_sync(w->g, w->part, w->err) < 0) {
		wr_error_prefix(w->err, _("cannot sync the disk"));
		return -1;
	}
	return 0;
}

/* Steps 4 and 5: upload beside the original; then, once the backup and the
 * new file are on the disk, check every byte of both as a fresh mount reads
 * them.  Only then may the rename touch the original. */
static int upload_verified(struct write *w, const char *local, const char *sha, unsigned flags,
                           const struct wr_write_report *rep)
{
	char sum[65], backup[65];
	uint8_t *head = NULL;
	size_t got = 0;
	bool same, header_ok, checksum_ok, backed_up;

	if (upload_synced(w, local) < 0)
		return -1;
	/* The same bytes as the local file, which hivex opened clean (step 1):
	 * what is there now opens as that hive. */
	same = wr_guest_sha256(w->g, w->part, w->tmp, sum, NULL) == 0 && strcmp(sum, sha) == 0;
	header_ok =
	    (flags & WR_WRITE_RAW) ||
	    (wr_guest_read_head(w->g, w->part, w->tmp, WR_REGF_BASE_SIZE, &head, &got, NULL) == 0 &&
	     wr__writable_header(head, got, flags, &checksum_ok));
	free(head);
	backed_up = wr_guest_sha256(w->g, w->part, w->disk_backup, backup, NULL) == 0 &&
	            strcmp(backup, rep->sha256_before) == 0;
	if (!same || !header_ok || !backed_up) {
		wr_guest_remove(w->g, w->part, w->tmp, NULL);
		wr_error_set(w->err, EIO,
		             backed_up
		                 ? _("the uploaded file is not what was sent; nothing changed")
		                 : _("the backup on the disk is not the original; nothing "
		                     "changed"));
		return -1;
	}
	return fault_after(w, "verify") ? -1 : 0;
}

/* A restored original that hivex cannot open only because its base block's
 * checksum is wrong: still a primary hive's header. */
static bool damaged_original(const char *local)
{
	uint8_t head[WR_REGF_BASE_SIZE];
	FILE *f = fopen(local, "rb");
	size_t got = f ? fread(head, 1, sizeof(head), f) : 0;
	bool checksum_ok;

	if (f)
		fclose(f);
	return wr__writable_header(head, got, WR_WRITE_RESTORE, &checksum_ok) && !checksum_ok;
}

int wr_safe_write_check(const char *local, unsigned flags, char sha[65], struct wr_error *err)
{
	struct wr_hive *h = (flags & WR_WRITE_RAW) ? NULL : wr_hive_open(local, 0, err);
	bool dirty = h && wr_hive_header(h)->dirty;

	wr_hive_close(h);
	if (!h && (flags & WR_WRITE_RAW)) {
		/* restored as it was: its SHA-256 was checked against the journal */
	} else if (!h && (flags & WR_WRITE_RESTORE) && damaged_original(local)) {
		if (err)
			memset(err, 0, sizeof(*err)); /* what hivex said does not apply */
	} else if (!h) {
		return -1;
	}
	if (dirty && !(flags & WR_WRITE_RESTORE)) {
		wr_error_set(err, EINVAL, _("%s: the new hive is dirty"), local);
		return -1;
	}
	if (wr_sha256_file(local, sha) < 0) {
		wr_error_set(err, errno, _("%s: cannot read: %s"), local, strerror(errno));
		return -1;
	}
	return 0;
}

/* No record, no rename: the new file goes again. */
static int record_intent(struct write *w, const struct wr_write_intent *intent,
                         struct wr_write_report *rep, const char *sha)
{
	if (wr__record_intent(intent, rep, sha, NULL, w->err) == 0)
		return 0;
	wr_guest_remove(w->g, w->part, w->tmp, NULL);
	return -1;
}

/* Steps 6 and 7: the rename, a check of what is now in place, sync. */
static int replace(struct write *w, const char *sha, struct wr_write_report *rep)
{
	if (wr_guest_rename(w->g, w->part, w->tmp, w->path, w->err) < 0) {
		wr_error_prefix(w->err, _("cannot rename the new file into place"));
		return -1;
	}
	if (fault_after(w, "rename"))
		return -1;
	if (wr_guest_sha256(w->g, w->part, w->path, rep->sha256_after, w->err) < 0) {
		wr_error_prefix(w->err,
		                _("the new file is in place, but it could not be read back"));
		return -1;
	}
	if (strcmp(rep->sha256_after, sha) != 0) {
		wr_error_set(w->err, EIO, _("after the rename the file is not the new one"));
		return -1;
	}
	/* The NTFS driver holds part of what was written until the partition
	 * is unmounted: only then is the new file on the disk. */
	if (wr_guest_sync(w->g, w->part, w->err) < 0) {
		wr_error_prefix(w->err, _("cannot sync the disk"));
		return -1;
	}
	return fault_after(w, "sync") ? -1 : 0;
}

int wr_safe_write_at(struct wr_guest *g, const struct wr_part *part, const char *path,
                     const char *local, unsigned flags, const struct wr_write_intent *intent,
                     const struct wr_config *cfg, struct wr_write_report *rep, struct wr_error *err)
{
	struct write w = {.g = g, .part = part, .path = path, .cfg = cfg, .err = err};
	char sha[65];
	int n;

	memset(rep, 0, sizeof(*rep));
	rep->replaced = (flags & WR_WRITE_REPLACE) != 0;
	if (!wr_guest_disk_writable(g, w.part->disk)) {
		wr_error_set(err, EROFS, _("%s: the disk was opened read-only"), w.part->name);
		return -1;
	}
	if (wr_config_state_dir(cfg->state_dir, err) < 0 ||
	    wr_safe_write_check(local, flags, sha, err) < 0)
		return -1;
	n = snprintf(w.tmp, sizeof(w.tmp), "%s.winrescue-new", w.path);
	if (n < 0 || (size_t)n >= sizeof(w.tmp)) {
		wr_error_set(err, ENAMETOOLONG, _("the path is too long: %s"), w.path);
		return -1;
	}
	if (wr_guest_sha256(g, w.part, w.path, rep->sha256_before, err) < 0)
		return -1;
	if (back_up(&w, rep) < 0 || upload_verified(&w, local, sha, flags, rep) < 0 ||
	    record_intent(&w, intent, rep, sha) < 0 || replace(&w, sha, rep) < 0) {
		/* What did reach the appliance goes to the disk, whatever failed. */
		wr_guest_sync(g, w.part, NULL);
		return -1; /* the caller names the hive in an error */
	}
	return 0;
}

int wr_safe_write(struct wr_guest *g, const struct wr_inventory *inv, size_t i, const char *local,
                  unsigned flags, const struct wr_write_intent *intent, const struct wr_config *cfg,
                  struct wr_write_report *rep, struct wr_error *err)
{
	if (i >= inv->n_found) {
		memset(rep, 0, sizeof(*rep));
		wr_error_set(err, EINVAL, _("no such file to replace"));
		return -1;
	}
	return wr_safe_write_at(g, &inv->parts[inv->found[i].part], inv->found[i].path, local,
	                        flags, intent, cfg, rep, err);
}

int wr_safe_write_backup(struct wr_guest *g, const struct wr_part *part, const char *path,
                         const struct wr_config *cfg, struct wr_write_report *rep,
                         struct wr_error *err)
{
	struct write w = {.g = g, .part = part, .path = path, .cfg = cfg, .err = err};
	int r, n = snprintf(w.tmp, sizeof(w.tmp), "%s.winrescue-new", path);

	memset(rep, 0, sizeof(*rep));
	if (n < 0 || (size_t)n >= sizeof(w.tmp)) {
		wr_error_set(err, ENAMETOOLONG, _("the path is too long: %s"), path);
		return -1;
	}
	if (!wr_guest_disk_writable(g, part->disk)) {
		wr_error_set(err, EROFS, _("%s: the disk was opened read-only"), part->name);
		return -1;
	}
	if (wr_config_state_dir(cfg->state_dir, err) < 0)
		return -1;
	r = back_up(&w, rep);
	if (r == 0)
		r = wr_guest_sync(g, part, err);
	else
		wr_guest_sync(g, part, NULL); /* what reached the appliance, to the disk */
	if (r < 0)
		wr_error_prefix(err, "%s %s", part->name, path);
	return r;
}

int wr_safe_write_room(struct wr_guest *g, const struct wr_part *part, uint64_t need,
                       uint64_t *room, struct wr_error *err)
{
	if (wr_guest_free_space(g, part, room, err) < 0)
		return -1;
	return *room >= need ? 0 : 1;
}

/* Upload `local` as w->tmp, synced, and check it is those bytes (steps 4
 * and 5 of a write where there is nothing to back up). */
static int upload_new(struct write *w, const char *local, const char *sha)
{
	char sum[65];

	if (upload_synced(w, local) < 0)
		return -1;
	if (wr_guest_sha256(w->g, w->part, w->tmp, sum, NULL) < 0 || strcmp(sum, sha) != 0) {
		wr_guest_remove(w->g, w->part, w->tmp, NULL);
		wr_error_set(w->err, EIO,
		             _("the uploaded file is not what was sent; nothing changed"));
		return -1;
	}
	return fault_after(w, "verify") ? -1 : 0;
}

int wr_safe_write_create(struct wr_guest *g, const struct wr_part *part, const char *path,
                         const char *local, unsigned flags, const struct wr_write_intent *intent,
                         const struct wr_config *cfg, struct wr_write_report *rep,
                         struct wr_error *err)
{
	struct write w = {.g = g, .part = part, .path = path, .cfg = cfg, .err = err};
	char sha[65], dir[256];
	int n = snprintf(w.tmp, sizeof(w.tmp), "%s.winrescue-new", path), there;

	memset(rep, 0, sizeof(*rep));
	rep->replaced = rep->created = true;
	if (n < 0 || (size_t)n >= sizeof(w.tmp) || !strrchr(path, '/')) {
		wr_error_set(err, ENAMETOOLONG, _("the path is too long: %s"), path);
		return -1;
	}
	if (!wr_guest_disk_writable(g, part->disk)) {
		wr_error_set(err, EROFS, _("%s: the disk was opened read-only"), part->name);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%.*s", (int)(strrchr(path, '/') - path), path);
	if (wr_safe_write_check(local, flags, sha, err) < 0 ||
	    (dir[0] && wr_guest_mkdir(g, part, dir, err) < 0) ||
	    (there = wr_guest_exists(g, part, path, false, err)) < 0)
		return -1;
	if (there) { /* never over a file that appeared meanwhile */
		wr_error_set(err, EEXIST, _("%s appeared after winrescue looked; nothing changed"),
		             path);
		return -1;
	}
	if (upload_new(&w, local, sha) < 0 || record_intent(&w, intent, rep, sha) < 0 ||
	    replace(&w, sha, rep) < 0) {
		wr_guest_sync(g, part, NULL);
		return -1;
	}
	return 0;
}

int wr_safe_write_remove(struct wr_guest *g, const struct wr_part *part, const char *path,
                         const char *sha, const struct wr_write_intent *intent,
                         const struct wr_config *cfg, struct wr_write_report *rep,
                         struct wr_error *err)
{
	struct write w = {.g = g, .part = part, .path = path, .cfg = cfg, .err = err};

	memset(rep, 0, sizeof(*rep));
	if (!wr_guest_disk_writable(g, part->disk)) {
		wr_error_set(err, EROFS, _("%s: the disk was opened read-only"), part->name);
		return -1;
	}
	if (wr_guest_sha256(g, part, path, rep->sha256_before, err) < 0)
		return -1;
	if (strcmp(rep->sha256_before, sha) != 0) {
		wr_error_set(err, EBUSY, _("%s changed since; nothing was removed"), path);
		return -1;
	}
	if (wr__record_intent(intent, rep, "", NULL, err) < 0)
		return -1;
	if (wr_guest_remove(g, part, path, err) < 0) {
		wr_error_prefix(err, _("cannot remove it"));
		wr_guest_sync(g, part, NULL);
		return -1;
	}
	if (fault_after(&w, "rename"))
		return -1;
	if (wr_guest_sync(g, part, err) < 0) {
		wr_error_prefix(err, _("cannot sync the disk"));
		return -1;
	}
	return fault_after(&w, "sync") ? -1 : 0;
}
