/* SPDX-License-Identifier: GPL-3.0-or-later */
/* journal.c - the record of every commit and rollback: JSON lines on the host and beside the hive.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "session.h"

void wr_journal_new_id(char *out, size_t len)
{
	static unsigned counter;
	char stamp[32];
	time_t now = time(NULL);

	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", gmtime(&now));
	snprintf(out, len, "%s-%ld-%u", stamp, (long)getpid(), ++counter);
}

static void add_str(json_object *o, const char *key, const char *v)
{
	if (v)
		json_object_object_add(o, key, json_object_new_string(v));
}

static json_object *value_json(const struct wr_value *v)
{
	json_object *o = json_object_new_object();
	char *hex = malloc(v->len * 2 + 1);

	json_object_object_add(o, "type", json_object_new_int64(v->type));
	for (size_t i = 0; hex && i < v->len; i++)
		sprintf(hex + 2 * i, "%02x", v->data[i]);
	if (hex) {
		hex[v->len * 2] = '\0';
		add_str(o, "hex", hex);
	}
	free(hex);
	return o;
}

static const char *const edit_ops[] = {
    [WR_EDIT_SET] = "set",
    [WR_EDIT_DELETE_VALUE] = "delete-value",
    [WR_EDIT_ADD_KEY] = "add-key",
    [WR_EDIT_DELETE_KEY] = "delete-key",
};

static json_object *edit_json(const struct wr_edit_record *e)
{
	json_object *o = json_object_new_object();

	add_str(o, "op", edit_ops[e->op]);
	add_str(o, "key", e->key);
	if (e->op == WR_EDIT_SET || e->op == WR_EDIT_DELETE_VALUE) {
		add_str(o, "name", e->name);
		json_object_object_add(o, "before", e->before ? value_json(e->before) : NULL);
		json_object_object_add(o, "after", e->after ? value_json(e->after) : NULL);
	}
	return o;
}

static json_object *txn_json(const struct wr_stage *s, const struct wr_txn *t, size_t hive,
                             json_object *edits)
{
	json_object *o = json_object_new_object(), *changes = json_object_new_array();
	struct wr_buf b = WR_BUF_INIT;

	add_str(o, "name", t->name);
	for (size_t i = 0; i < t->n_changes; i++) {
		json_object *c;

		if (t->changes[i].hive != hive)
			continue;
		c = json_object_new_object();
		wr_change_command(s, &t->changes[i], &b);
		b.len ? b.data[--b.len] = '\0' : 0; /* without the '\n' */
		add_str(c, "command", wr_buf_str(&b));
		b.len = 0;
		wr_change_values(s, &t->changes[i], &b);
		b.len ? b.data[--b.len] = '\0' : 0;
		add_str(c, "values", wr_buf_str(&b));
		b.len = 0;
		json_object_array_add(changes, c);
	}
	wr_buf_free(&b);
	json_object_object_add(o, "changes", changes);
	for (size_t i = 0; i < t->n_edits; i++) {
		struct wr_edit_record e;

		wr_txn_edit_record(t, i, &e);
		if (e.hive == hive)
			json_object_array_add(edits, edit_json(&e));
	}
	return o;
}

static json_object *record_json(const char *id, const char *action,
                                const struct wr_journal_where *w, const struct wr_write_report *rep)
{
	json_object *o = json_object_new_object(), *where = json_object_new_object();
	char stamp[32];
	time_t now = time(NULL);

	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	add_str(o, "format", WR_JOURNAL_FORMAT);
	add_str(o, "id", id);
	add_str(o, "time", stamp);
	add_str(o, "action", action);
	add_str(o, "hive", w->file ? w->file : w->hive);
	add_str(o, "kind", w->kind);
	add_str(where, "file", w->file);
	add_str(where, "disk", w->disk);
	add_str(where, "disk_id", w->disk_id);
	add_str(where, "partition", w->partition);
	add_str(where, "path", w->hive);
	json_object_object_add(o, "where", where);
	add_str(o, "sha256_before", rep->sha256_before);
	add_str(o, "sha256_after", rep->sha256_after);
	add_str(o, "backup", rep->disk_backup);
	add_str(o, "host_backup", rep->host_backup);
	if (rep->n_logs) {
		json_object *logs = json_object_new_array();

		for (size_t i = 0; i < rep->n_logs; i++) {
			json_object *l = json_object_new_object();

			add_str(l, "name", rep->logs[i].name);
			add_str(l, "sha256", rep->logs[i].sha256);
			add_str(l, "backup", rep->logs[i].backup);
			json_object_array_add(logs, l);
		}
		json_object_object_add(o, "logs", logs);
	}
	return o;
}

static char *finish_line(json_object *o)
{
	const char *text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	                                                         JSON_C_TO_STRING_NOSLASHESCAPE);
	char *line = NULL;

	if (text && asprintf(&line, "%s\n", text) < 0)
		line = NULL;
	json_object_put(o);
	return line;
}

char *wr_journal_commit_line(const char *id, const struct wr_stage *s, size_t i,
                             const struct wr_journal_where *w, const struct wr_write_report *rep)
{
	json_object *o = record_json(id, "commit", w, rep);
	json_object *txns = json_object_new_array(), *edits = json_object_new_array();

	for (size_t t = 0; t < wr_stage_count(s); t++) {
		const struct wr_txn *txn = wr_stage_txn(s, t);

		if (wr_txn_touches(txn, i))
			json_object_array_add(txns, txn_json(s, txn, i, edits));
	}
	json_object_object_add(o, "transactions", txns);
	json_object_object_add(o, "edits", edits);
	return finish_line(o);
}

char *wr_journal_rollback_line(const char *id, const struct wr_journal_record *undone,
                               const struct wr_journal_where *w, const struct wr_write_report *rep)
{
	json_object *o = record_json(id, "rollback", w, rep);

	add_str(o, "rolls_back", undone->id);
	add_str(o, "summary", undone->summary);
	return finish_line(o);
}

/* A line cut short by a crash must not swallow the next record. */
static int end_last_line(int fd)
{
	struct stat st;
	char last = '\n';

	if (fstat(fd, &st) < 0 || (st.st_size > 0 && pread(fd, &last, 1, st.st_size - 1) != 1))
		return -1;
	return last == '\n' || write(fd, "\n", 1) == 1 ? 0 : -1;
}

int wr_journal_append(const char *path, const char *line, struct wr_error *err)
{
	int fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	size_t len = strlen(line);

	if (fd < 0 || end_last_line(fd) < 0 || write(fd, line, len) != (ssize_t)len ||
	    fsync(fd) < 0) {
		wr_error_set(err, errno, _("%s: cannot write the journal: %s"), path,
		             strerror(errno ? errno : EIO));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return close(fd);
}
