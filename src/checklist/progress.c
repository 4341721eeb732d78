/* SPDX-License-Identifier: GPL-3.0-or-later */
/* progress.c - where a checklist was left on these hives, kept in the state directory. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/file.h"
#include "base/i18n.h"
#include "base/json.h"
#include "base/text.h"
#include "checklist.h"
#include "session/session.h"

/* Far beyond what years of runs write: larger, it is not ours. */
#define PROGRESS_MAX      ((size_t)64 << 20)
#define PROGRESS_LINE_MAX ((size_t)1 << 20)

/* The hives the session has, as one string: what "this disk" means. */
static void target(struct wr_session *s, struct wr_buf *out)
{
	for (size_t i = 0; wr_session_label(s, i)[0]; i++) {
		wr_buf_puts(out, i ? "|" : "");
		wr_buf_puts(out, wr_session_label(s, i));
	}
}

/* Where the progress is kept, in the state directory `dir`. */
static int progress_path(const char *dir, char *out, size_t len, struct wr_error *err)
{
	int n = snprintf(out, len, "%s/checklists.jsonl", dir);

	if (n >= 0 && (size_t)n < len)
		return 0;
	wr_error_set(err, ENAMETOOLONG, _("the path is too long: %s/%s"), dir, "checklists.jsonl");
	return -1;
}

int wr_checklist_save(const char *state_dir, const struct wr_checklist *l, struct wr_session *s,
                      const struct wr_step_result *r, struct wr_error *err)
{
	struct wr_buf where = WR_BUF_INIT, line = WR_BUF_INIT;
	struct wr_json j = {.out = &line, .compact = true};
	char stamp[32], path[PATH_MAX];
	time_t now = time(NULL);
	int rc = -1;

	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	target(s, &where);
	wr_json_begin_object(&j, NULL);
	wr_json_string(&j, "time", stamp);
	wr_json_string(&j, "checklist", l->name);
	wr_json_string(&j, "target", wr_buf_str(&where));
	wr_json_begin_array(&j, "steps");
	for (size_t k = 0; k < l->n_steps; k++) {
		wr_json_begin_object(&j, NULL);
		wr_json_string(&j, "id", l->steps[k].id);
		wr_json_uint(&j, "state", r[k].state);
		wr_json_end_object(&j);
	}
	wr_json_end_array(&j);
	wr_json_end_object(&j);
	if (line.oom || where.oom)
		wr_error_set(err, ENOMEM, _("out of memory"));
	else if (progress_path(state_dir, path, sizeof(path), err) == 0 &&
	         wr_config_state_dir(state_dir, err) == 0)
		rc = wr_journal_append(path, wr_buf_str(&line), err);
	wr_buf_free(&line);
	wr_buf_free(&where);
	return rc;
}

/* The step states of a saved record, when it is about `l` and `where`. */
static bool matches(json_object *o, const struct wr_checklist *l, const char *where)
{
	json_object *name, *tgt;

	return json_object_object_get_ex(o, "checklist", &name) &&
	       json_object_object_get_ex(o, "target", &tgt) &&
	       json_object_is_type(name, json_type_string) &&
	       json_object_is_type(tgt, json_type_string) &&
	       strcmp(json_object_get_string(name), l->name) == 0 &&
	       strcmp(json_object_get_string(tgt), where) == 0;
}

/* Note `line`, one record of the progress file, in `out` when it is about `l` and `where`. */
static void note_line(const char *line, const struct wr_checklist *l, const char *where,
                      struct wr_checklist_progress *out)
{
	json_object *o = json_tokener_parse(line), *steps, *time;

	if (o && matches(o, l, where) && json_object_object_get_ex(o, "steps", &steps) &&
	    json_object_is_type(steps, json_type_array) &&
	    json_object_object_get_ex(o, "time", &time)) {
		out->found = true;
		snprintf(out->time, sizeof(out->time), "%s", json_object_get_string(time));
		out->passed = 0;
		out->steps = json_object_array_length(steps);
		for (size_t k = 0; k < out->steps; k++) {
			json_object *st = json_object_array_get_idx(steps, k), *state;

			if (json_object_object_get_ex(st, "state", &state) &&
			    json_object_get_int(state) == WR_STEP_PASSED)
				out->passed++;
		}
	}
	json_object_put(o);
}

/* The progress file, read whole (at most PROGRESS_MAX bytes): 1 read, 0
 * there is none, -1 refused or unreadable (`err` says which). */
static int read_progress(const char *path, char **text, struct wr_error *err)
{
	int fd = wr_file_open_owned(path, O_RDONLY, NULL, err);
	char limit[32];
	uint8_t *data;
	size_t len;
	int r;

	if (fd == -1 && errno == ENOENT)
		return 0;
	if (fd < 0)
		return -1;
	r = wr_file_read_fd(fd, PROGRESS_MAX, &data, &len);
	close(fd);
	if (r < 0 && errno == EFBIG) {
		wr_format_size(PROGRESS_MAX, limit, sizeof(limit));
		wr_error_set(err, EFBIG, _("%s: larger than %s: refusing to read it"), path, limit);
	} else if (r < 0) {
		wr_error_set(err, errno, _("%s: cannot read: %s"), path, strerror(errno));
	}
	if (r < 0)
		return -1;
	data[len] = '\0';
	*text = (char *)data;
	return 1;
}

int wr_checklist_last(const char *state_dir, const struct wr_checklist *l, struct wr_session *s,
                      struct wr_checklist_progress *out, struct wr_error *err)
{
	struct wr_buf where = WR_BUF_INIT;
	char path[PATH_MAX], *text = NULL, *cursor, *line;
	int r;

	memset(out, 0, sizeof(*out));
	if (progress_path(state_dir, path, sizeof(path), err) < 0)
		return -1;
	r = read_progress(path, &text, err);
	if (r <= 0)
		return r;
	target(s, &where);
	cursor = text;
	/* A line too long to be one of ours is skipped whole. */
	while ((line = wr_next_line(&cursor)))
		if (strlen(line) <= PROGRESS_LINE_MAX)
			note_line(line, l, wr_buf_str(&where), out);
	free(text);
	wr_buf_free(&where);
	return out->found ? 1 : 0;
}
