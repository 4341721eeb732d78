/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-file.c - files on this machine (base/file.c). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>

#include "base/file.h"
#include "tap.h"

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void reads(void)
{
	struct wr_error err = {0};
	uint8_t *data;
	size_t len = 0;

	write_text(tap_path("ten"), "0123456789");
	ok(wr_file_read(tap_path("ten"), 10, &data, &len, &err) == 0 && len == 10 &&
	       memcmp(data, "0123456789", 10) == 0,
	   "a file of 10 bytes, read with room for 10");
	free(data);
	is_int(wr_file_read(tap_path("ten"), 9, &data, &len, &err), -1, "with room for 9: refused");
	ok(err.code == EFBIG && data == NULL, "... EFBIG, nothing returned: %s", err.msg);
	is_int(wr_file_read(tap_tmpdir(), 100, &data, &len, &err), -1, "a folder is not read");
	is_int(err.code, EINVAL, "... EINVAL");
	is_int(wr_file_read(tap_path("none"), 100, &data, &len, &err), -1, "a missing file");
	ok(err.code == ENOENT && strstr(err.msg, tap_path("none")), "... ENOENT, named: %s",
	   err.msg);
}

static void writes(void)
{
	struct wr_error err = {0};
	uint8_t *data = NULL;
	size_t len = 0;

	is_int(wr_file_write_new(tap_path("new"), "abc", 3, 0600, &err), 0, "a new file");
	ok(wr_file_read(tap_path("new"), 10, &data, &len, &err) == 0 && len == 3 &&
	       memcmp(data, "abc", 3) == 0,
	   "... holds what was written");
	free(data);
	is_int(wr_file_write_new(tap_path("new"), "xyz", 3, 0600, &err), -1,
	       "never over an existing file");
	ok(err.code == EEXIST && wr_file_read(tap_path("new"), 10, &data, &len, NULL) == 0 &&
	       memcmp(data, "abc", 3) == 0,
	   "... EEXIST, and it is left as it was");
	free(data);
}

static void publishing(void)
{
	struct wr_error err = {0};
	uint8_t *data = NULL;
	size_t len = 0;

	write_text(tap_path("tmp"), "one");
	is_int(wr_file_publish(tap_path("tmp"), tap_path("published"), &err), 0,
	       "a finished file gets its name");
	ok(access(tap_path("tmp"), F_OK) < 0, "... the temporary name is gone");
	write_text(tap_path("tmp"), "two");
	is_int(wr_file_publish(tap_path("tmp"), tap_path("published"), &err), -1,
	       "never over a file that has the name");
	ok(err.code == EEXIST && strstr(err.msg, tap_path("published")),
	   "... EEXIST, naming it: %s", err.msg);
	ok(wr_file_read(tap_path("published"), 10, &data, &len, NULL) == 0 && len == 3 &&
	       memcmp(data, "one", 3) == 0 && access(tap_path("tmp"), F_OK) == 0,
	   "... both files are left as they were");
	free(data);
}

static void make_dirs(void)
{
	struct wr_error err = {0};
	char deep[PATH_MAX + 10];
	struct stat st;

	is_int(wr_file_make_dirs(tap_path("a/b/c"), &err), 0, "mkdir -p");
	ok(stat(tap_path("a/b/c"), &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700,
	   "... private folders");
	is_int(wr_file_make_dirs(tap_path("a/b/c"), &err), 0, "... again: nothing to do");
	memset(deep, 'd', sizeof(deep) - 1);
	deep[0] = '/';
	deep[sizeof(deep) - 1] = '\0';
	is_int(wr_file_make_dirs(deep, &err), -1, "a path longer than PATH_MAX");
	is_int(err.code, ENAMETOOLONG, "... ENAMETOOLONG");
}

int main(void)
{
	reads();
	writes();
	publishing();
	make_dirs();
	return tap_done();
}
