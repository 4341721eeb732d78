/* SPDX-License-Identifier: GPL-3.0-or-later */
/* history.c - the console's command line history, kept in the state directory. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "base/i18n.h"
#include "command.h"

#define HISTORY_NAME "command-history"
/* Only the end of a long history is read: it is state, not a record. */
#define HISTORY_TAIL (64 * 1024)

static void history_path(const char *state_dir, char *out, size_t len)
{
	snprintf(out, len, "%s/%s", state_dir, HISTORY_NAME);
}

void wr_cmd_history_free(struct wr_cmd_history *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->lines[i]);
	h->n = 0;
}

/* A line worth keeping: text a person typed, no control character. */
static bool printable(const char *s, size_t n)
{
	if (!n || n >= WR_CMD_LINE_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static int keep(struct wr_cmd_history *h, const char *s, size_t n)
{
	char *line = strndup(s, n);

	if (!line)
		return -1;
	if (h->n == WR_CMD_HISTORY_MAX) {
		free(h->lines[0]);
		memmove(h->lines, h->lines + 1, (h->n - 1) * sizeof(h->lines[0]));
		h->n--;
	}
	h->lines[h->n++] = line;
	return 0;
}

int wr_cmd_history_load(const char *state_dir, struct wr_cmd_history *h, struct wr_error *err)
{
	char path[4200], buf[HISTORY_TAIL + 1];
	struct stat st;
	size_t got = 0;
	int fd;

	h->n = 0;
	history_path(state_dir, path, sizeof(path));
	fd = wr_file_open_owned(path, O_RDONLY, NULL, err);
	if (fd == -1 && errno == ENOENT)
		return 0;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 ||
	    wr_file_read_at(fd, st.st_size > HISTORY_TAIL ? st.st_size - HISTORY_TAIL : 0, buf,
	                    HISTORY_TAIL, &got) < 0) {
		wr_error_set(err, errno, _("%s: cannot read: %s"), path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	buf[got] = '\0';
	/* A cut first line is not a command. */
	for (char *p = st.st_size > HISTORY_TAIL ? strchr(buf, '\n') : buf, *end; p && *p;
	     p = end) {
		p += *p == '\n';
		end = memchr(p, '\n', got - (size_t)(p - buf));
		if (!end)
			break;
		if (printable(p, (size_t)(end - p)) && keep(h, p, (size_t)(end - p)) < 0) {
			wr_cmd_history_free(h);
			wr_error_set(err, ENOMEM, _("out of memory"));
			return -1;
		}
	}
	return 0;
}

int wr_cmd_history_add(const char *state_dir, struct wr_cmd_history *h, const char *line,
                       struct wr_error *err)
{
	char path[4200], *text;
	size_t n = strlen(line);
	int fd, r = 0;

	if (!printable(line, n) || (h->n && strcmp(h->lines[h->n - 1], line) == 0))
		return 0;
	if (keep(h, line, n) < 0) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	history_path(state_dir, path, sizeof(path));
	if (wr_file_make_dirs(state_dir, err) < 0 ||
	    (fd = wr_file_open_owned(path, O_WRONLY | O_APPEND | O_CREAT, NULL, err)) < 0)
		return -1;
	if (asprintf(&text, "%s\n", line) < 0 || write(fd, text, n + 1) != (ssize_t)(n + 1)) {
		wr_error_set(err, errno, _("%s: cannot write: %s"), path, strerror(errno));
		r = -1;
	}
	free(text);
	close(fd);
	return r;
}
