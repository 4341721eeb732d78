/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-file.c - files on this machine (base/file.c) and the configuration the program gives the
 * back end (base/conf.c). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/conf.h"
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

static void config(void)
{
	struct wr_config cfg;
	struct wr_error err = {0};
	char home[PATH_MAX + 10];

	is_int(wr_config_init(&cfg, "/x/state", "/home/u", NULL, NULL, &err), 0, "XDG_STATE_HOME");
	is_str(cfg.state_dir, "/x/state/winrescue", "... wins over HOME");
	is_str(cfg.tmpdir, "/tmp", "no TMPDIR: /tmp");
	is_str(cfg.fail_after, "", "no WINRESCUE_FAIL_AFTER: no step");
	wr_config_init(&cfg, "", "/home/u", "/var/tmp", "rename", &err);
	is_str(cfg.state_dir, "/home/u/.local/state/winrescue", "HOME alone");
	ok(strcmp(cfg.tmpdir, "/var/tmp") == 0 && strcmp(cfg.fail_after, "rename") == 0,
	   "TMPDIR, WINRESCUE_FAIL_AFTER as given");
	is_int(wr_config_init(&cfg, NULL, NULL, NULL, NULL, &err), 0, "neither is set");
	is_str(cfg.state_dir, "", "... no state directory, not one in /tmp");
	is_int(wr_config_state_dir(cfg.state_dir, &err), -1, "... so backups have nowhere to go");
	is_str(err.msg,
	       "neither HOME nor XDG_STATE_HOME is set: winrescue has nowhere to keep its "
	       "backups and journal",
	       "... one line says why");
	memset(home, 'h', sizeof(home) - 1);
	home[sizeof(home) - 1] = '\0';
	is_int(wr_config_init(&cfg, NULL, home, NULL, NULL, &err), -1, "a HOME too long");
	ok(err.code == ENAMETOOLONG && strncmp(err.msg, "HOME is too long", 16) == 0,
	   "... ENAMETOOLONG, naming HOME: %s", err.msg);
}

static void state_dir(void)
{
	struct wr_error err = {0};
	struct stat st;

	is_int(wr_config_state_dir(tap_path("s1/winrescue"), &err), 0, "a new state directory");
	ok(stat(tap_path("s1/winrescue"), &st) == 0 && (st.st_mode & 0777) == 0700,
	   "... made 0700");
	mkdir(tap_path("elsewhere"), 0700);
	mkdir(tap_path("s2"), 0700);
	symlink(tap_path("elsewhere"), tap_path("s2/winrescue"));
	is_int(wr_config_state_dir(tap_path("s2/winrescue"), &err), -1, "a symbolic link: refused");
	ok(err.code == ELOOP && strstr(err.msg, "is a symbolic link"), "... saying so: %s",
	   err.msg);
	write_text(tap_path("s3"), "");
	is_int(wr_config_state_dir(tap_path("s3"), &err), -1, "a file: refused");
	if (geteuid() != 0) {
		printf("ok %d # SKIP not root: cannot give a folder to another user\n",
		       ++tap_count);
		return;
	}
	mkdir(tap_path("s4"), 0700);
	ok(chown(tap_path("s4"), 65534, 65534) == 0, "a folder given to nobody");
	is_int(wr_config_state_dir(tap_path("s4"), &err), -1, "... is refused");
	ok(err.code == EPERM && strstr(err.msg, "belongs to user 65534"), "... saying so: %s",
	   err.msg);
}

/* wr_file_open_owned: what it refuses, in one message naming the file. */
static int refused(const char *path, int flags, const struct stat *like, const char *why)
{
	struct wr_error err = {0};
	int fd = wr_file_open_owned(path, flags, like, &err);

	if (fd >= 0)
		close(fd);
	return fd == WR_FILE_REFUSED && strstr(err.msg, path) && strstr(err.msg, why);
}

static void owned(void)
{
	struct wr_error err = {0};
	struct stat like = {0};
	int fd;

	fd = wr_file_open_owned(tap_path("own"), O_RDWR | O_CREAT | O_APPEND, NULL, &err);
	ok(fd >= 0, "open_owned: O_CREAT makes a missing file: %s", err.msg);
	if (fd >= 0)
		close(fd);
	ok(access(tap_path("own"), F_OK) == 0, "... which is there");
	fd = wr_file_open_owned(tap_path("own"), O_RDONLY, NULL, &err);
	ok(fd >= 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK) == 0, "... opens again, blocking");
	if (fd >= 0)
		close(fd);
	is_int(wr_file_open_owned(tap_path("absent"), O_RDONLY, NULL, &err), -1, "a missing file");
	is_int(errno, ENOENT, "... errno ENOENT");
	ok(symlink("own", tap_path("link")) == 0 &&
	       refused(tap_path("link"), O_RDONLY, NULL, "a symbolic link"),
	   "a symbolic link to one's own file is refused");
	ok(symlink("target", tap_path("dangling")) == 0 &&
	       refused(tap_path("dangling"), O_RDWR | O_CREAT, NULL, "a symbolic link") &&
	       access(tap_path("target"), F_OK) < 0,
	   "a dangling link: refused, its target not created");
	ok(mkfifo(tap_path("fifo"), 0600) == 0 &&
	       refused(tap_path("fifo"), O_RDONLY, NULL, "not a regular file"),
	   "a FIFO: refused without waiting for a writer");
	ok(refused("/dev/null", O_RDWR | O_APPEND, NULL, "not a regular file"),
	   "a device: refused");
	ok(refused(tap_tmpdir(), O_RDONLY, NULL, "not a regular file"), "a folder: refused");
	ok(chmod(tap_path("own"), 0620) == 0 &&
	       refused(tap_path("own"), O_RDONLY, NULL, "other users can write it (mode 0620)"),
	   "a file its group can write: refused");
	like.st_uid = 12345;
	like.st_mode = S_IFREG | 0664;
	fd = wr_file_open_owned(tap_path("own"), O_RDONLY, &like, &err);
	ok(fd >= 0, "... accepted when `like` can be written by that group too");
	if (fd >= 0)
		close(fd);
	ok(chmod(tap_path("own"), 0602) == 0 &&
	       refused(tap_path("own"), O_RDONLY, &like, "(mode 0602)"),
	   "... not when others can write it and not `like`");
}

int main(void)
{
	reads();
	writes();
	publishing();
	make_dirs();
	config();
	state_dir();
	owned();
	return tap_done();
}
