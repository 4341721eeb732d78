/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-safe-write.c - putting a hive back on this machine while system calls are interrupted, cut
 * short or fail. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "base/conf.h"
#include "base/file.h"
#include "base/sha256.h"
#include "hive/hive.h"
#include "safe-write/safe-write.h"
#include "tap.h"

/*
 * Linked with -Wl,--wrap=read,--wrap=write,--wrap=close: the back end's
 * calls come here first.  A fault hits files whose names end with
 * fault.suffix, once per open file.
 */
ssize_t __real_read(int fd, void *buf, size_t n);
ssize_t __real_write(int fd, const void *buf, size_t n);
int __real_close(int fd);
ssize_t __wrap_read(int fd, void *buf, size_t n);
ssize_t __wrap_write(int fd, const void *buf, size_t n);
int __wrap_close(int fd);

enum fault { NONE, INTERRUPT_READ, INTERRUPT_WRITE, SHORT_WRITE, FAIL_CLOSE };

static struct {
	enum fault kind;
	const char *suffix;
	int hit_fd; /* the open file the fault hit, until it is closed */
	int hits;
	int failed_close; /* the descriptor whose close failed, or -1 */
	int closed_again; /* close() calls on it after that */
} fault = {.hit_fd = -1, .failed_close = -1};

static void arm(enum fault kind, const char *suffix)
{
	fault.kind = kind;
	fault.suffix = suffix;
	fault.hit_fd = fault.failed_close = -1;
	fault.hits = fault.closed_again = 0;
}

/* Whether the fault is for `fd`, and has not hit it yet. */
static bool hits(enum fault kind, int fd)
{
	char link[64], path[PATH_MAX];
	ssize_t n;
	size_t want;

	if (fault.kind != kind || fd == fault.hit_fd)
		return false;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return false;
	path[n] = '\0';
	want = strlen(fault.suffix);
	/* Copies are made unnamed (O_TMPFILE) and named once complete: the
	 * backups and the new file are the unnamed files, where there are. */
	if (((size_t)n < want || strcmp(path + n - want, fault.suffix) != 0) &&
	    !(fault.suffix[0] == '.' && n > 10 && strcmp(path + n - 10, " (deleted)") == 0))
		return false;
	fault.hit_fd = fd;
	fault.hits++;
	return true;
}

ssize_t __wrap_read(int fd, void *buf, size_t n)
{
	if (hits(INTERRUPT_READ, fd)) {
		errno = EINTR;
		return -1;
	}
	return __real_read(fd, buf, n);
}

ssize_t __wrap_write(int fd, const void *buf, size_t n)
{
	if (hits(INTERRUPT_WRITE, fd)) {
		errno = EINTR;
		return -1;
	}
	if (n > 1 && hits(SHORT_WRITE, fd))
		n /= 2; /* a signal arrived half-way */
	return __real_write(fd, buf, n);
}

int __wrap_close(int fd)
{
	if (fd == fault.failed_close)
		fault.closed_again++;
	if (fd == fault.hit_fd)
		fault.hit_fd = -1;
	if (hits(FAIL_CLOSE, fd)) {
		/* Linux frees the descriptor even when close reports an error. */
		__real_close(fd);
		fault.failed_close = fd;
		errno = EIO;
		return -1;
	}
	return __real_close(fd);
}

static const char *sha_of(const char *path)
{
	static char sums[2][65];
	static int next;
	char *sum = sums[next++ % 2];

	if (wr_sha256_file(path, sum) < 0)
		snprintf(sum, 65, "(%s unreadable)", path);
	return sum;
}

/* A replace of target.hive by new.hive, with `kind` hitting files ending in
 * `suffix`: it copes, and every copy is whole. */
static void replace_despite(enum fault kind, const char *suffix, const char *what)
{
	struct wr_write_report rep;
	struct wr_config cfg;
	struct wr_error err = {0};
	char original[65], wanted[65];
	int r;

	unlink(tap_path("target.hive"));
	unlink(tap_path("new.hive"));
	if (wr_hive_create(tap_path("target.hive"), "OLD", 5, &err) < 0 ||
	    wr_hive_create(tap_path("new.hive"), "NEW", 5, &err) < 0) {
		ok(0, "hives made: %s", err.msg);
		return;
	}
	snprintf(original, sizeof(original), "%s", sha_of(tap_path("target.hive")));
	snprintf(wanted, sizeof(wanted), "%s", sha_of(tap_path("new.hive")));
	wr_config_init(&cfg, tap_path("state"), NULL, NULL, NULL, &err);
	arm(kind, suffix);
	r = wr_safe_write_file(tap_path("new.hive"), tap_path("target.hive"), 0, NULL, &cfg, &rep,
	                       &err);
	fault.kind = NONE;
	is_int(r, 0, "%s: the hive is replaced all the same (%s)", what, r ? err.msg : "");
	ok(fault.hits > 0 || r != 0, "... the fault did hit (%d times)", fault.hits);
	is_str(sha_of(tap_path("target.hive")), wanted, "... the new hive is in place, whole");
	is_str(sha_of(rep.disk_backup), original,
	       "... the backup beside it is the original, whole");
	is_str(sha_of(rep.host_backup), original, "... and so is the one in the state directory");
}

/* A close that fails (NFS reports delayed write errors there) fails the
 * write, and the descriptor is not closed a second time: by then the
 * number may be another file's. */
static void failing_close(void)
{
	struct wr_error err = {0};
	size_t len;
	uint8_t *img = wr_regf_build_empty("NEW", 5, 0, &len, &err);
	int r;

	arm(FAIL_CLOSE, "made.hive.winrescue-new");
	r = wr_safe_write_new(tap_path("made.hive"), img, len, &err);
	fault.kind = NONE;
	is_int(r, -1, "a new hive whose close fails is not made");
	is_int(fault.hits, 1, "... the close did fail");
	ok(err.code == EIO && strstr(err.msg, "made.hive.winrescue-new"),
	   "... the error names the file: %s", err.msg);
	is_int(fault.closed_again, 0, "... the descriptor is closed once, not twice");
	ok(access(tap_path("made.hive"), F_OK) < 0 &&
	       access(tap_path("made.hive.winrescue-new"), F_OK) < 0,
	   "... nothing is left behind");
	free(img);
}

int main(void)
{
	replace_despite(INTERRUPT_READ, "/target.hive", "reads of the original interrupted");
	replace_despite(INTERRUPT_WRITE, ".bak", "writes of the backups interrupted");
	replace_despite(SHORT_WRITE, ".bak", "writes of the backups cut short");
	replace_despite(SHORT_WRITE, ".winrescue-new", "the write of the new file cut short");
	failing_close();
	return tap_done();
}
