/* SPDX-License-Identifier: GPL-3.0-or-later */
/* journal.c - the record of every commit and rollback: JSON lines on the host and beside the hive.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/json.h"
#include "session.h"

void wr_journal_new_id(char *out, size_t len)
{
	static unsigned counter;
	char stamp[32];
	time_t now = time(NULL);

	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", gmtime(&now));
	snprintf(out, len, "%s-%ld-%u", stamp, (long)getpid(), ++counter);
}

/* A member left out when there is nothing to say (not null): the layout
 * the journal always had. */
static void put_str(struct wr_json *j, const char *key, const char *v)
{
	if (v)
		wr_json_string(j, key, v);
}

/* {"type": N, "hex": "..."}, or null. */
static void put_value(struct wr_json *j, const char *key, const struct wr_value *v)
{
	struct wr_buf hex = WR_BUF_INIT;

	if (!v) {
		wr_json_null(j, key);
		return;
	}
	for (size_t i = 0; i < v->len; i++)
		wr_buf_printf(&hex, "%02x", v->data[i]);
	wr_json_begin_object(j, key);
	wr_json_uint(j, "type", v->type);
	wr_json_string(j, "hex", wr_buf_str(&hex));
	wr_json_end_object(j);
	j->out->oom |= hex.oom;
	wr_buf_free(&hex);
}

static const char *const edit_ops[] = {
    [WR_EDIT_SET] = "set",
    [WR_EDIT_DELETE_VALUE] = "delete-value",
    [WR_EDIT_ADD_KEY] = "add-key",
    [WR_EDIT_DELETE_KEY] = "delete-key",
};

static void put_edit(struct wr_json *j, const struct wr_edit_record *e)
{
	wr_json_begin_object(j, NULL);
	put_str(j, "op", edit_ops[e->op]);
	put_str(j, "key", e->key);
	if (e->op == WR_EDIT_SET || e->op == WR_EDIT_DELETE_VALUE) {
		put_str(j, "name", e->name);
		put_value(j, "before", e->before);
		put_value(j, "after", e->after);
	}
	wr_json_end_object(j);
}

/* A change as text, without the '\n' the renderer ends it with. */
static void put_change_text(struct wr_json *j, const char *key, const struct wr_stage *s,
                            const struct wr_change *c,
                            void (*render)(const struct wr_stage *, const struct wr_change *,
                                           struct wr_buf *))
{
	struct wr_buf b = WR_BUF_INIT;

	render(s, c, &b);
	if (b.len)
		b.data[--b.len] = '\0';
	put_str(j, key, wr_buf_str(&b));
	j->out->oom |= b.oom;
	wr_buf_free(&b);
}

static void put_txn(struct wr_json *j, const struct wr_stage *s, const struct wr_txn *t,
                    size_t hive)
{
	wr_json_begin_object(j, NULL);
	put_str(j, "name", t->name);
	if (t->weakens_security)
		wr_json_bool(j, "weakens_security", true);
	wr_json_begin_array(j, "changes");
	for (size_t i = 0; i < t->n_changes; i++) {
		if (t->changes[i].hive != hive)
			continue;
		wr_json_begin_object(j, NULL);
		put_change_text(j, "command", s, &t->changes[i], wr_change_command);
		put_change_text(j, "values", s, &t->changes[i], wr_change_values);
		wr_json_end_object(j);
	}
	wr_json_end_array(j);
	wr_json_end_object(j);
}

/* The members every record starts with. */
static void put_record(struct wr_json *j, const char *id, const char *action,
                       const struct wr_journal_where *w, const struct wr_write_report *rep)
{
	char stamp[32];
	time_t now = time(NULL);

	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	wr_json_begin_object(j, NULL);
	put_str(j, "format", WR_JOURNAL_FORMAT);
	put_str(j, "id", id);
	put_str(j, "time", stamp);
	put_str(j, "action", action);
	put_str(j, "hive", w->file ? w->file : w->hive);
	put_str(j, "kind", w->kind);
	wr_json_begin_object(j, "where");
	put_str(j, "file", w->file);
	put_str(j, "disk", w->disk);
	put_str(j, "disk_id", w->disk_id);
	put_str(j, "partition", w->partition);
	put_str(j, "bitlocker_volume", w->bitlocker);
	put_str(j, "path", w->hive);
	wr_json_end_object(j);
	put_str(j, "boot_file", w->boot_file);
	put_str(j, "mbr_before", w->mbr_before);
	put_str(j, "sha256_before", rep->sha256_before);
	put_str(j, "sha256_after", rep->sha256_after);
	put_str(j, "backup", rep->disk_backup);
	put_str(j, "host_backup", rep->host_backup);
	if (rep->replaced)
		wr_json_bool(j, "replaced", true);
	if (rep->created)
		wr_json_bool(j, "created", true);
	if (rep->n_logs) {
		wr_json_begin_array(j, "logs");
		for (size_t i = 0; i < rep->n_logs; i++) {
			wr_json_begin_object(j, NULL);
			put_str(j, "name", rep->logs[i].name);
			put_str(j, "sha256", rep->logs[i].sha256);
			put_str(j, "backup", rep->logs[i].backup);
			wr_json_end_object(j);
		}
		wr_json_end_array(j);
	}
}

/* Close the record: the line, or NULL when out of memory. */
static char *finish_line(struct wr_json *j)
{
	wr_json_end_object(j);
	return wr_buf_steal(j->out);
}

char *wr_journal_commit_line(const char *id, bool intent, const struct wr_stage *s, size_t i,
                             const struct wr_journal_where *w, const struct wr_write_report *rep)
{
	struct wr_buf out = WR_BUF_INIT;
	struct wr_json j = {.out = &out, .compact = true};

	put_record(&j, id, intent ? "intent" : "commit", w, rep);
	wr_json_begin_array(&j, "transactions");
	for (size_t t = 0; t < wr_stage_count(s); t++)
		if (wr_txn_touches(wr_stage_txn(s, t), i))
			put_txn(&j, s, wr_stage_txn(s, t), i);
	wr_json_end_array(&j);
	wr_json_begin_array(&j, "edits");
	for (size_t t = 0; t < wr_stage_count(s); t++) {
		const struct wr_txn *txn = wr_stage_txn(s, t);
		struct wr_edit_record e;

		for (size_t k = 0; k < txn->n_edits; k++) {
			wr_txn_edit_record(txn, k, &e);
			if (e.hive == i)
				put_edit(&j, &e);
		}
	}
	wr_json_end_array(&j);
	return finish_line(&j);
}

char *wr_journal_copy_line(const char *id, bool intent, const char *part_of, const struct wr_txn *t,
                           const struct wr_file_copy *c, const struct wr_journal_where *w,
                           const struct wr_write_report *rep)
{
	struct wr_buf out = WR_BUF_INIT;
	struct wr_json j = {.out = &out, .compact = true};

	put_record(&j, id, intent ? "intent" : "commit", w, rep);
	put_str(&j, "part_of", part_of);
	put_str(&j, "from", c->shown_from);
	put_str(&j, "summary", t->name);
	return finish_line(&j);
}

char *wr_journal_rollback_line(const char *id, bool intent, const struct wr_journal_record *undone,
                               const struct wr_journal_where *w, const struct wr_write_report *rep)
{
	struct wr_buf out = WR_BUF_INIT;
	struct wr_json j = {.out = &out, .compact = true};

	put_record(&j, id, intent ? "intent" : "rollback", w, rep);
	put_str(&j, "rolls_back", undone->id);
	put_str(&j, "summary", undone->summary);
	return finish_line(&j);
}

/* The report an intent record carries, for the record that settles it. */
static void report_of(const struct wr_journal_record *r, struct wr_write_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	snprintf(rep->sha256_before, sizeof(rep->sha256_before), "%s", r->sha256_before);
	snprintf(rep->sha256_after, sizeof(rep->sha256_after), "%s", r->sha256_after);
	snprintf(rep->disk_backup, sizeof(rep->disk_backup), "%s", r->backup);
	snprintf(rep->host_backup, sizeof(rep->host_backup), "%s",
	         r->host_backup ? r->host_backup : "");
	rep->replaced = r->replaced;
	rep->created = r->created;
	for (size_t k = 0; k < r->n_logs && k < WR_WRITE_MAX_LOGS; k++, rep->n_logs++) {
		snprintf(rep->logs[k].name, sizeof(rep->logs[k].name), "%s",
		         r->logs[k].name ? r->logs[k].name : "");
		snprintf(rep->logs[k].sha256, sizeof(rep->logs[k].sha256), "%s",
		         r->logs[k].sha256 ? r->logs[k].sha256 : "");
		snprintf(rep->logs[k].backup, sizeof(rep->logs[k].backup), "%s",
		         r->logs[k].backup ? r->logs[k].backup : "");
	}
}

char *wr_journal_settle_line(const struct wr_journal_record *intent, bool happened,
                             const struct wr_journal_where *w)
{
	struct wr_buf out = WR_BUF_INIT;
	struct wr_json j = {.out = &out, .compact = true};
	struct wr_write_report rep;

	report_of(intent, &rep);
	put_record(&j, intent->id,
	           !happened            ? "abandon"
	           : intent->rolls_back ? "rollback"
	                                : "commit",
	           w, &rep);
	put_str(&j, "rolls_back", intent->rolls_back);
	put_str(&j, "part_of", intent->part_of);
	put_str(&j, "summary", intent->summary);
	wr_json_bool(&j, "recovered", true);
	return finish_line(&j);
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

/* write() until all of it is there (interrupted or short writes). */
static int append_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			errno = n == 0 ? EIO : errno;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int wr_journal_append(const char *path, const char *line, struct wr_error *err)
{
	int fd = wr_file_open_owned(path, O_RDWR | O_CREAT | O_APPEND, NULL, err);
	size_t len = strlen(line);

	if (fd == WR_FILE_REFUSED)
		return -1;
	if (fd < 0 || end_last_line(fd) < 0 || append_all(fd, line, len) < 0 || fsync(fd) < 0) {
		wr_error_set(err, errno, _("%s: cannot write the journal: %s"), path,
		             strerror(errno ? errno : EIO));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (close(fd) < 0) {
		wr_error_set(err, errno, _("%s: cannot write the journal: %s"), path,
		             strerror(errno));
		return -1;
	}
	return 0;
}
