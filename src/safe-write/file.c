/* SPDX-License-Identifier: GPL-3.0-or-later */
/* file.c - replacing a hive file on this machine: backups, temporary name, verify,
 * rename. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/sha256.h"
#include "internal.h"
#include "safe-write.h"

/* Give the new file `fd` the permissions and owner of `like` (the umask
 * must not narrow them; a non-root user keeps owning what it writes). */
static int same_permissions(int fd, const struct stat *like)
{
	if (fchmod(fd, like->st_mode & 07777) < 0)
		return -1;
	if ((like->st_uid != geteuid() || like->st_gid != getegid()) &&
	    fchown(fd, like->st_uid, like->st_gid) < 0 && errno != EPERM)
		return -1;
	return 0;
}

/* An unnamed file in the folder of `path` (O_TMPFILE): what a crash
 * leaves of it is nothing.  -1 where the filesystem has none. */
static int open_unnamed(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%.*s", slash && slash != path ? (int)(slash - path) : 1,
	         slash ? path : ".");
	return open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
}

/* Give the unnamed file `fd` its name `path`, never over a file there. */
static int name_unnamed(int fd, const char *path)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	return linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW);
}

/* Copy `src` to the new file `dst`, with the permissions of `like` (NULL:
 * private), and fsync it.  The copy gets its name only when complete: a
 * crash never leaves a short file under a backup's name. */
static int copy_file(const char *src, const char *dst, const struct stat *like,
                     struct wr_error *err)
{
	int in = open(src, O_RDONLY | O_CLOEXEC), out = -1, e = 0;
	bool unnamed = false, named = false; /* named: `dst` is ours */

	if (in >= 0 && (out = open_unnamed(dst)) >= 0)
		unnamed = true;
	else if (in >= 0 && (out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) >= 0)
		named = true;
	if (in < 0 || out < 0) {
		e = errno;
	} else if ((like && same_permissions(out, like) < 0) || wr_file_copy_fd(in, out) < 0 ||
	           fsync(out) < 0) {
		e = errno;
	} else if (unnamed && !(named = name_unnamed(out, dst) == 0)) {
		e = errno;
	}
	if (out >= 0 && close(out) < 0 && !e)
		e = errno;
	if (in >= 0)
		close(in);
	if (!e)
		return 0;
	if (named)
		unlink(dst);
	wr_error_set(err, e, _("cannot copy %s to %s: %s"), src, dst, strerror(e));
	return -1;
}

/* Steps 2 and 3: beside the file, and in the state directory (ready). */
static int back_up_file(const char *target, const struct stat *st, const struct wr_config *cfg,
                        struct wr_write_report *rep, struct wr_error *err)
{
	const char *base = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
	char stamp[32], host_base[PATH_MAX];
	time_t now = time(NULL);
	int n = snprintf(host_base, sizeof(host_base), "%s/%.200s", cfg->state_dir, base);

	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", gmtime(&now));
	if (n < 0 || (size_t)n >= sizeof(host_base)) {
		wr_error_set(err, ENAMETOOLONG, _("the path is too long: %s"), cfg->state_dir);
		return -1;
	}
	if (wr__backup_name(rep->disk_backup, sizeof(rep->disk_backup), target, stamp,
	                    wr__taken_on_host, NULL, err) < 0 ||
	    wr__backup_name(rep->host_backup, sizeof(rep->host_backup), host_base, stamp,
	                    wr__taken_on_host, NULL, err) < 0)
		return -1;
	if (copy_file(target, rep->disk_backup, st, err) < 0)
		return -1;
	if (wr_file_sync_dir(rep->disk_backup) < 0) {
		wr_error_set(err, errno, _("%s: cannot sync its folder: %s"), rep->disk_backup,
		             strerror(errno));
		return -1;
	}
	if (wr__fault_after(cfg, "disk-backup", err))
		return -1;
	if (copy_file(target, rep->host_backup, NULL, err) < 0)
		return -1;
	return wr__fault_after(cfg, "host-backup", err) ? -1 : 0;
}

/* Steps 4 and 5: the new file beside the target, checked. */
static int place_verified(const char *local, const char *tmp, const struct stat *st,
                          const char *sha, unsigned flags, const struct wr_config *cfg,
                          struct wr_error *err)
{
	char got[65];

	/* A .winrescue-new left by a crash is ours and never the only copy. */
	unlink(tmp);
	if (copy_file(local, tmp, st, err) < 0 || wr__fault_after(cfg, "upload", err))
		return -1;
	if (wr_safe_write_check(tmp, flags, got, err) < 0 || strcmp(got, sha) != 0) {
		unlink(tmp);
		wr_error_set(err, EIO,
		             _("%s: the new file is not what was written; nothing changed"), tmp);
		return -1;
	}
	return wr__fault_after(cfg, "verify", err) ? -1 : 0;
}

/* Steps 6 and 7: the rename, made durable, and a check of what is there. */
static int replace_file(const char *tmp, const char *target, const char *sha,
                        const struct wr_config *cfg, struct wr_write_report *rep,
                        struct wr_error *err)
{
	if (rename(tmp, target) < 0) {
		wr_error_set(err, errno, _("%s: cannot rename the new file into place: %s"), target,
		             strerror(errno));
		unlink(tmp);
		return -1;
	}
	if (wr__fault_after(cfg, "rename", err))
		return -1;
	if (wr_file_sync_dir(target) < 0) {
		wr_error_set(err, errno,
		             _("%s: the new file is in place, but its folder could not be synced: "
		               "%s"),
		             target, strerror(errno));
		return -1;
	}
	if (wr_sha256_file(target, rep->sha256_after) < 0) {
		wr_error_set(err, errno,
		             _("%s: the new file is in place, but it could not be read back: %s"),
		             target, strerror(errno));
		return -1;
	}
	if (strcmp(rep->sha256_after, sha) != 0) {
		wr_error_set(err, EIO, _("%s: after the rename the file is not the new one"),
		             target);
		return -1;
	}
	return wr__fault_after(cfg, "sync", err) ? -1 : 0;
}

/* "<path>.winrescue-new" into `out`; ENAMETOOLONG naming `path`. */
static int temp_name(const char *path, char *out, size_t len, struct wr_error *err)
{
	int n = snprintf(out, len, "%s.winrescue-new", path);

	if (n >= 0 && (size_t)n < len)
		return 0;
	wr_error_set(err, ENAMETOOLONG, _("the path is too long: %s"), path);
	return -1;
}

/* A file nobody may write, or this user may not: replacing it by a rename
 * in a writable folder would go behind its owner's back. */
static int target_writable(const char *target, const struct stat *st, struct wr_error *err)
{
	if ((st->st_mode & 0222) == 0 || access(target, W_OK) < 0) {
		wr_error_set(err, EACCES,
		             _("%s is read-only (mode %04o, owner %ld): make it writable first if "
		               "it is to be repaired"),
		             target, (unsigned)(st->st_mode & 07777), (long)st->st_uid);
		return -1;
	}
	return 0;
}

int wr_safe_write_file(const char *local, const char *target, unsigned flags,
                       const struct wr_write_intent *intent, const struct wr_config *cfg,
                       struct wr_write_report *rep, struct wr_error *err)
{
	char sha[65], tmp[PATH_MAX];
	struct stat st;

	memset(rep, 0, sizeof(*rep));
	if (stat(target, &st) < 0) {
		wr_error_set(err, errno, _("%s: %s"), target, strerror(errno));
		return -1;
	}
	if (target_writable(target, &st, err) < 0 || temp_name(target, tmp, sizeof(tmp), err) < 0 ||
	    wr_config_state_dir(cfg->state_dir, err) < 0 ||
	    wr_safe_write_check(local, flags, sha, err) < 0)
		return -1;
	if (wr_sha256_file(target, rep->sha256_before) < 0) {
		wr_error_set(err, errno, _("%s: cannot read: %s"), target, strerror(errno));
		return -1;
	}
	if (back_up_file(target, &st, cfg, rep, err) < 0 ||
	    place_verified(local, tmp, &st, sha, flags, cfg, err) < 0)
		return -1;
	if (wr__record_intent(intent, rep, sha, tmp, err) < 0) {
		unlink(tmp);
		return -1;
	}
	return replace_file(tmp, target, sha, cfg, rep, err);
}

int wr_safe_write_new(const char *path, const uint8_t *img, size_t len, struct wr_error *err)
{
	char tmp[PATH_MAX], sha[65];

	if (access(path, F_OK) == 0) {
		wr_error_set(err, EEXIST, _("%s exists; winrescue does not overwrite it"), path);
		return -1;
	}
	if (errno != ENOENT) {
		wr_error_set(err, errno, _("%s: cannot create: %s"), path, strerror(errno));
		return -1;
	}
	if (temp_name(path, tmp, sizeof(tmp), err) < 0 ||
	    wr_file_write_new(tmp, img, len, 0666, err) < 0)
		return -1;
	/* Never over a file made meanwhile. */
	if (wr_safe_write_check(tmp, 0, sha, err) < 0 || wr_file_publish(tmp, path, err) < 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int wr_safe_write_file_backup(const char *target, const struct wr_config *cfg,
                              struct wr_write_report *rep, struct wr_error *err)
{
	struct stat st;

	memset(rep, 0, sizeof(*rep));
	if (stat(target, &st) < 0) {
		wr_error_set(err, errno, _("%s: %s"), target, strerror(errno));
		return -1;
	}
	if (wr_config_state_dir(cfg->state_dir, err) < 0)
		return -1;
	return back_up_file(target, &st, cfg, rep, err);
}

int wr_safe_write_file_room(const char *target, uint64_t need, uint64_t *room, struct wr_error *err)
{
	const char *slash = strrchr(target, '/');
	char dir[PATH_MAX];
	struct statvfs st;

	snprintf(dir, sizeof(dir), "%.*s", slash && slash != target ? (int)(slash - target) : 1,
	         slash ? target : ".");
	if (statvfs(dir, &st) < 0) {
		wr_error_set(err, errno, _("%s: %s"), dir, strerror(errno));
		return -1;
	}
	*room = (uint64_t)st.f_bavail * (uint64_t)st.f_frsize;
	return *room >= need ? 0 : 1;
}
