/* SPDX-License-Identifier: GPL-3.0-or-later */
/* save.c - a report saved as a new file, never over a hive or anything but an earlier report. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "base/i18n.h"
#include "regf/regf.h"
#include "report.h"

/* What is at `path` now, by its first bytes. */
enum existing { NOTHING, EMPTY, A_REPORT, A_HIVE, SOMETHING_ELSE };

static enum existing existing(const char *path)
{
	char head[sizeof(WR_REPORT_HEAD) - 1];
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	size_t got = 0;
	struct stat st;
	enum existing what = SOMETHING_ELSE;

	if (fd < 0)
		return errno == ENOENT ? NOTHING : SOMETHING_ELSE;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    wr_file_read_at(fd, 0, head, sizeof(head), &got) == 0) {
		if (got == 0)
			what = EMPTY;
		else if (got >= 4 && memcmp(head, WR_REGF_SIGNATURE, 4) == 0)
			what = A_HIVE;
		else if (got == sizeof(head) && memcmp(head, WR_REPORT_HEAD, sizeof(head)) == 0)
			what = A_REPORT;
	}
	close(fd);
	return what;
}

int wr_report_save(const char *path, const char *md, bool replace, struct wr_error *err)
{
	enum existing there = existing(path);

	/* A slip of the hand must never cost a hive, a disk image or anything
	 * but an earlier report. */
	if (there == A_HIVE) {
		wr_error_set(err, EEXIST,
		             _("%s is a registry hive: not writing the report over it"), path);
		return -1;
	}
	if (there != NOTHING && !(replace && (there == EMPTY || there == A_REPORT))) {
		wr_error_set(err, EEXIST, _("%s exists; winrescue does not overwrite it"), path);
		return -1;
	}
	return wr_file_write_whole(path, md, strlen(md), replace, _("cannot write the report"),
	                           err);
}
