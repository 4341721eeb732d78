/* SPDX-License-Identifier: GPL-3.0-or-later */
/* file-read.c - reading a whole regular file into memory. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "i18n.h"

static int fill(int fd, uint8_t *data, size_t len)
{
	for (size_t done = 0; done < len;) {
		ssize_t r = read(fd, data + done, len - done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO; /* the file shrank while we read it */
			return -1;
		}
		done += (size_t)r;
	}
	return 0;
}

int wr_file_read(const char *path, size_t max, uint8_t **data, size_t *len, struct wr_error *err)
{
	/* O_NONBLOCK: a FIFO named by mistake must not hang us. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	int r = -1;

	*data = NULL;
	if (fd < 0 || fstat(fd, &st) < 0) {
		wr_error_set(err, errno, _("%s: %s"), path, strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		wr_error_set(err, EINVAL, _("%s: not a regular file"), path);
	} else if ((uint64_t)st.st_size > max) {
		wr_error_set(err, EFBIG, _("%s: %lld bytes is more than a hive can be"), path,
		             (long long)st.st_size);
	} else if (!(*data = malloc((size_t)st.st_size + 1))) {
		wr_error_set(err, ENOMEM, "%s", _("out of memory"));
	} else if (fill(fd, *data, (size_t)st.st_size) < 0) {
		wr_error_set(err, errno, _("%s: %s"), path, strerror(errno));
		free(*data);
		*data = NULL;
	} else {
		*len = (size_t)st.st_size;
		r = 0;
	}
	if (fd >= 0)
		close(fd);
	return r;
}
