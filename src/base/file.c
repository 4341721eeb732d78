/* SPDX-License-Identifier: GPL-3.0-or-later */
/* file.c - files on this machine: bounded reads, whole writes, durable publishing, mkdir -p. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "i18n.h"

int wr_file_read_at(int fd, off_t off, void *buf, size_t n, size_t *got)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = pread(fd, (uint8_t *)buf + done, n - done, off + (off_t)done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		done += (size_t)r;
	}
	*got = done;
	return 0;
}

int wr_file_read_fd(int fd, size_t max, uint8_t **data, size_t *len)
{
	struct stat st;
	size_t got;
	int e;

	*data = NULL;
	if (fstat(fd, &st) < 0)
		return -1;
	if (st.st_size < 0 || (uint64_t)st.st_size > max) {
		errno = EFBIG;
		return -1;
	}
	*data = malloc((size_t)st.st_size + 1);
	if (!*data) {
		errno = ENOMEM;
		return -1;
	}
	if (wr_file_read_at(fd, 0, *data, (size_t)st.st_size, &got) == 0) {
		if (got == (size_t)st.st_size) {
			*len = got;
			return 0;
		}
		errno = EIO; /* it shrank while we read it */
	}
	e = errno;
	free(*data);
	*data = NULL;
	errno = e;
	return -1;
}

/* Write all `len` bytes: at `off`, or where the file is when `off` < 0. */
static int write_all(int fd, const void *data, size_t len, off_t off)
{
	for (size_t done = 0; done < len;) {
		const uint8_t *from = (const uint8_t *)data + done;
		ssize_t w = off < 0 ? write(fd, from, len - done)
		                    : pwrite(fd, from, len - done, off + (off_t)done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		done += (size_t)w;
	}
	return 0;
}

int wr_file_write_at(int fd, const void *data, size_t len, off_t off)
{
	return write_all(fd, data, len, off);
}

int wr_file_copy_fd(int in, int out)
{
	char buf[65536];

	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -1 : 0;
		if (write_all(out, buf, (size_t)n, -1) < 0)
			return -1;
	}
}

int wr_file_sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
	int fd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	int r = fd >= 0 ? fsync(fd) : -1, e = errno;

	if (!dir)
		e = ENOMEM;
	if (fd >= 0)
		close(fd);
	free(dir);
	errno = e;
	return r;
}

int wr_file_read(const char *path, size_t max, uint8_t **data, size_t *len, struct wr_error *err)
{
	/* O_NONBLOCK: a FIFO named by mistake must not hang us. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	int r = -1;

	*data = NULL;
	if (fd < 0 || fstat(fd, &st) < 0)
		wr_error_set(err, errno, _("%s: %s"), path, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		wr_error_set(err, EINVAL, _("%s: not a regular file"), path);
	else if ((uint64_t)st.st_size > max)
		wr_error_set(err, EFBIG, _("%s: %lld bytes is more than a hive can be"), path,
		             (long long)st.st_size);
	else if (wr_file_read_fd(fd, max, data, len) < 0)
		wr_error_set(err, errno, _("%s: %s"), path, strerror(errno));
	else
		r = 0;
	if (fd >= 0)
		close(fd);
	return r;
}

/* Say what is wrong with `st` as a file of this user's own: WR_FILE_REFUSED, or 0. */
static int refuse(const char *path, const struct stat *st, const struct stat *like,
                  struct wr_error *err)
{
	if (S_ISLNK(st->st_mode))
		wr_error_set(err, ELOOP, _("%s: a symbolic link: refusing to follow it"), path);
	else if (!S_ISREG(st->st_mode))
		wr_error_set(err, EINVAL, _("%s: not a regular file: refusing to use it"), path);
	else if (st->st_uid != geteuid() && st->st_uid != 0 &&
	         !(like && st->st_uid == like->st_uid))
		wr_error_set(err, EPERM,
		             _("%s: owned by another user (uid %ld): refusing to use it"), path,
		             (long)st->st_uid);
	else if (st->st_mode & (S_IWGRP | S_IWOTH) & ~(like ? like->st_mode : 0))
		wr_error_set(err, EPERM,
		             _("%s: other users can write it (mode %04o): refusing to use it"),
		             path, (unsigned)(st->st_mode & 07777));
	else
		return 0;
	return WR_FILE_REFUSED;
}

int wr_file_open_owned(const char *path, int flags, const struct stat *like, struct wr_error *err)
{
	struct stat st;
	int fd, e;

	/* Not even opened when it is not a plain file: opening a device can
	 * act on it (a tape rewinds). */
	if (lstat(path, &st) == 0 && refuse(path, &st, like, err) < 0)
		return WR_FILE_REFUSED;
	/* O_NOFOLLOW also keeps O_CREAT from making a dangling link's target. */
	fd = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0600);
	if (fd < 0 && errno == ELOOP) {
		wr_error_set(err, ELOOP, _("%s: a symbolic link: refusing to follow it"), path);
		return WR_FILE_REFUSED;
	}
	if (fd < 0 || fstat(fd, &st) < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
		e = errno;
		wr_error_set(err, e, _("%s: cannot open: %s"), path, strerror(e));
		if (fd >= 0)
			close(fd);
		errno = e;
		return -1;
	}
	if (refuse(path, &st, like, err) < 0) {
		close(fd);
		return WR_FILE_REFUSED;
	}
	return fd;
}

int wr_file_write_new(const char *path, const void *data, size_t len, mode_t mode,
                      struct wr_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	int e = 0;

	if (fd < 0) {
		wr_error_set(err, errno, _("%s: cannot create: %s"), path, strerror(errno));
		return -1;
	}
	if (wr_file_write_at(fd, data, len, 0) < 0 || fsync(fd) < 0)
		e = errno;
	if (close(fd) < 0 && !e)
		e = errno;
	if (!e)
		return 0;
	unlink(path); /* never half a file under its name */
	wr_error_set(err, e, _("%s: cannot write: %s"), path, strerror(e));
	return -1;
}

int wr_file_publish(const char *tmp, const char *path, struct wr_error *err)
{
	int r = renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE);

	/* A filesystem that cannot rename that way: link() does not replace
	 * either, and the temporary name goes after. */
	if (r < 0 && (errno == EINVAL || errno == ENOSYS) && (r = link(tmp, path)) == 0)
		unlink(tmp);
	if (r < 0) {
		wr_error_set(err, errno, _("%s: cannot create: %s"), path, strerror(errno));
		return -1;
	}
	if (wr_file_sync_dir(path) < 0) {
		wr_error_set(err, errno, _("%s: cannot finish writing: %s"), path, strerror(errno));
		return -1;
	}
	return 0;
}

int wr_file_make_dirs(const char *dir, struct wr_error *err)
{
	char copy[PATH_MAX];

	if (snprintf(copy, sizeof(copy), "%s", dir) >= (int)sizeof(copy)) {
		wr_error_set(err, ENAMETOOLONG, _("the path is too long: %s"), dir);
		return -1;
	}
	for (char *p = copy + (copy[0] == '/');; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) < 0 && errno != EEXIST) {
			wr_error_set(err, errno, _("%s: cannot create: %s"), copy, strerror(errno));
			return -1;
		}
		*p = c;
		if (!c)
			return 0;
	}
}

int wr_file_write_whole(const char *path, const void *data, size_t len, bool replace,
                        const char *what, struct wr_error *err)
{
	struct wr_error failed = {0};
	char tmp[PATH_MAX];
	int n = snprintf(tmp, sizeof(tmp), "%s.winrescue-new", path);

	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		wr_error_set(err, ENAMETOOLONG, _("the path is too long: %s"), path);
		return -1;
	}
	if (wr_file_write_new(tmp, data, len, 0644, &failed) == 0) {
		if (replace ? rename(tmp, path) == 0 && wr_file_sync_dir(path) == 0
		            : wr_file_publish(tmp, path, &failed) == 0)
			return 0;
		if (replace)
			failed.code = errno;
		unlink(tmp);
	}
	/* TRANSLATORS: the second %s says what was written ("cannot write the report"). */
	wr_error_set(err, failed.code, _("%s: %s: %s"), path, what, strerror(failed.code));
	return -1;
}
