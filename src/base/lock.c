/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lock.c - advisory locks on hive files and disks, and who holds one (/proc/locks). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "lock.h"

#define RETRY_MS 20

static bool same_file(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

bool wr_lock_holds(const struct wr_lock *l, const char *path)
{
	return l->fd >= 0 && same_file(l->fd, path);
}

void wr_lock_release(struct wr_lock *l)
{
	if (l->fd >= 0)
		close(l->fd); /* ends the lock */
	l->fd = -1;
}

/* The process holding a BSD lock on the file of `fd`, from /proc/locks
 * ("1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF"); 0 when unknown. */
static pid_t lock_holder(int fd)
{
	FILE *f = fopen("/proc/locks", "re");
	char line[256], kind[16];
	unsigned maj, min;
	unsigned long ino;
	struct stat st;
	pid_t found = 0;
	int pid;

	if (!f || fstat(fd, &st) < 0) {
		if (f)
			fclose(f);
		return 0;
	}
	while (!found && fgets(line, sizeof(line), f))
		if (!strstr(line, "->") &&
		    sscanf(line, "%*d: %15s %*s %*s %d %x:%x:%lu", kind, &pid, &maj, &min, &ino) ==
		        5 &&
		    strcmp(kind, "FLOCK") == 0 && maj == major(st.st_dev) &&
		    min == minor(st.st_dev) && ino == (unsigned long)st.st_ino)
			found = pid;
	fclose(f);
	return found;
}

/* "winrescue repair safeboot --store BCD": the command line of `pid`. */
static void command_of(pid_t pid, char *out, size_t len)
{
	char path[64];
	ssize_t n = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, out, len - 1);
		close(fd);
	}
	n = n < 0 ? 0 : n;
	while (n > 0 && out[n - 1] == '\0')
		n--;
	for (ssize_t i = 0; i < n; i++)
		out[i] = out[i] ? out[i] : ' ';
	out[n] = '\0';
}

static void busy(int fd, const char *path, struct wr_error *err)
{
	pid_t pid = lock_holder(fd);
	char command[200];

	if (!pid) {
		wr_error_set(err, EBUSY, _("%s is in use by another process"), path);
		return;
	}
	command_of(pid, command, sizeof(command));
	wr_error_set(err, EBUSY, _("%s is in use (pid %ld: %s)"), path, (long)pid, command);
}

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

enum { HELD, REPLACED, BUSY };

/* One try: HELD; REPLACED: the file at `path` was replaced meanwhile; BUSY
 * (err names the holder); -1 an error. */
static int try_once(struct wr_lock *l, const char *path, bool exclusive, bool follow,
                    struct wr_error *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));

	if (fd < 0) {
		wr_error_set(err, errno, _("%s: cannot open: %s"), path, strerror(errno));
		return -1;
	}
	if (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) < 0) {
		int e = errno;

		if (e == EWOULDBLOCK)
			busy(fd, path, err);
		else
			wr_error_set(err, e, _("%s: cannot lock: %s"), path, strerror(e));
		close(fd);
		return e == EWOULDBLOCK ? BUSY : -1;
	}
	if (!same_file(fd, path)) {
		close(fd);
		return REPLACED;
	}
	l->fd = fd;
	return HELD;
}

int wr_lock_take(struct wr_lock *l, const char *path, bool exclusive, bool follow, unsigned wait_ms,
                 struct wr_error *err)
{
	long until = now_ms() + (long)wait_ms;
	struct timespec pause = {0, RETRY_MS * 1000000L};
	int r;

	wr_lock_release(l);
	while ((r = try_once(l, path, exclusive, follow, err)) != HELD) {
		if (r < 0)
			return -1;
		if (now_ms() >= until) {
			if (r == REPLACED)
				wr_error_set(err, EBUSY, _("%s keeps being replaced"), path);
			return -1;
		}
		nanosleep(&pause, NULL);
	}
	return 0;
}
