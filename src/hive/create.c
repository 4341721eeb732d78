/* SPDX-License-Identifier: GPL-3.0-or-later */
/* create.c - new hive files: an empty one (regf/create.c builds its bytes), or one built under a
 * temporary name and published. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/file.h"
#include "base/i18n.h"
#include "hive.h"
#include "regf/regf.h"

/* Seconds since 1970 to 100 ns ticks since 1601. */
static uint64_t filetime_now(void)
{
	return ((uint64_t)time(NULL) + 11644473600ull) * 10000000ull;
}

int wr_hive_create(const char *path, const char *root_name, uint32_t minor, struct wr_error *err)
{
	size_t len, done = 0;
	uint8_t *img = wr_regf_build_empty(root_name, minor, filetime_now(), &len, err);
	int fd, e;

	if (!img)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		e = errno;
		free(img);
		wr_error_set(err, e, _("%s: cannot create: %s"), path, strerror(e));
		return -1;
	}
	while (done < len) {
		ssize_t w = write(fd, img + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			errno = w == 0 ? EIO : errno;
			break;
		}
		done += (size_t)w;
	}
	e = done < len || fsync(fd) < 0 ? errno : 0;
	if (close(fd) < 0 && !e)
		e = errno;
	free(img);
	if (e) {
		unlink(path); /* never leave half a hive behind */
		wr_error_set(err, e, _("%s: cannot write: %s"), path, strerror(e));
		return -1;
	}
	return 0;
}

/* Where a new hive is built before it gets its name. */
static void temp_name(const char *path, char *out, size_t size)
{
	snprintf(out, size, "%s.winrescue-new", path);
}

struct wr_hive *wr_hive_begin_new(const char *path, const char *root_name, uint32_t minor,
                                  struct wr_error *err)
{
	char tmp[4096];
	struct wr_hive *hive;

	temp_name(path, tmp, sizeof(tmp));
	if (wr_hive_create(tmp, root_name, minor, err) < 0)
		return NULL;
	hive = wr_hive_open(tmp, WR_HIVE_WRITE, err);
	if (!hive)
		unlink(tmp);
	return hive;
}

int wr_hive_end_new(struct wr_hive *hive, const char *path, bool keep, struct wr_error *err)
{
	char tmp[4096];
	int r = keep ? 0 : -1;

	temp_name(path, tmp, sizeof(tmp));
	if (r == 0)
		r = wr_hive_commit(hive, tmp, err);
	wr_hive_close(hive);
	if (r == 0)
		r = wr_file_publish(tmp, path, err);
	if (r < 0)
		unlink(tmp);
	return r;
}
