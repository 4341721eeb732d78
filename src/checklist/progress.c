/* SPDX-License-Identifier: GPL-3.0-or-later */
/* progress.c - where a checklist was left on these hives, kept in the state directory. */
#include "config.h"

#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/conf.h"
#include "base/i18n.h"
#include "base/json.h"
#include "checklist.h"
#include "session/session.h"

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

int wr_checklist_last(const char *state_dir, const struct wr_checklist *l, struct wr_session *s,
                      struct wr_checklist_progress *out)
{
	struct wr_buf where = WR_BUF_INIT;
	char path[PATH_MAX], line[65536];
	FILE *f;

	memset(out, 0, sizeof(*out));
	if (progress_path(state_dir, path, sizeof(path), NULL) < 0)
		return -1;
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? 0 : -1;
	target(s, &where);
	while (fgets(line, sizeof(line), f)) {
		json_object *o = json_tokener_parse(line), *steps, *time;

		if (o && matches(o, l, wr_buf_str(&where)) &&
		    json_object_object_get_ex(o, "steps", &steps) &&
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
	fclose(f);
	wr_buf_free(&where);
	return out->found ? 1 : 0;
}
