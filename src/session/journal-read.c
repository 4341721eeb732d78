/* SPDX-License-Identifier: GPL-3.0-or-later */
/* journal-read.c - reading the journal back: which commit is the last, what changed since. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/file.h"
#include "base/i18n.h"
#include "base/text.h"
#include "session.h"
#include "txn/txn.h"

/* Far more than years of commits: a journal larger than this, or a line
 * longer, was not written by winrescue. */
#define JOURNAL_MAX      ((size_t)64 << 20)
#define JOURNAL_LINE_MAX ((size_t)1 << 20)

static char *get_str(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return strdup(json_object_get_string(v));
}

/* A boolean member: false when absent or not a boolean. */
static bool get_bool(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_boolean) &&
	       json_object_get_boolean(v);
}

/* {"type": N, "hex": "..."}; false when malformed. */
static bool parse_value(json_object *o, struct wr_value *v)
{
	json_object *type, *hex;
	const char *h;
	size_t n;

	if (!json_object_object_get_ex(o, "type", &type) ||
	    !json_object_object_get_ex(o, "hex", &hex) ||
	    !json_object_is_type(hex, json_type_string))
		return false;
	h = json_object_get_string(hex);
	n = strlen(h);
	if (n % 2)
		return false;
	v->type = (uint32_t)json_object_get_int64(type);
	v->len = n / 2;
	v->data = malloc(v->len + 1);
	for (size_t i = 0; v->data && i < v->len; i++) {
		unsigned byte;

		if (sscanf(h + 2 * i, "%2x", &byte) != 1)
			return false;
		v->data[i] = (uint8_t)byte;
	}
	return v->data != NULL;
}

static void parse_edits(json_object *o, struct wr_journal_record *r)
{
	json_object *edits;
	size_t n;

	if (!json_object_object_get_ex(o, "edits", &edits) ||
	    !json_object_is_type(edits, json_type_array))
		return;
	n = json_object_array_length(edits);
	r->edits = calloc(n + 1, sizeof(*r->edits));
	for (size_t i = 0; r->edits && i < n; i++) {
		json_object *e = json_object_array_get_idx(edits, i), *after;
		struct wr_journal_edit *je = &r->edits[r->n_edits];
		char *op = get_str(e, "op");

		je->key = get_str(e, "key");
		if (!je->key || !op) {
			free(op);
			free(je->key);
			continue;
		}
		je->has_after = strcmp(op, "add-key") == 0;
		if (strcmp(op, "set") == 0 || strcmp(op, "delete-value") == 0) {
			je->name = get_str(e, "name");
			je->has_after = json_object_object_get_ex(e, "after", &after) && after &&
			                parse_value(after, &je->after);
		}
		free(op);
		r->n_edits++;
	}
}

/* A log without its name and hash is kept too: a rollback then refuses. */
static void parse_logs(json_object *o, struct wr_journal_record *r)
{
	json_object *logs;
	size_t n;

	if (!json_object_object_get_ex(o, "logs", &logs) ||
	    !json_object_is_type(logs, json_type_array))
		return;
	n = json_object_array_length(logs);
	r->logs = calloc(n + 1, sizeof(*r->logs));
	for (size_t i = 0; r->logs && i < n; i++) {
		json_object *l = json_object_array_get_idx(logs, i);

		r->logs[i].name = get_str(l, "name");
		r->logs[i].sha256 = get_str(l, "sha256");
		r->logs[i].backup = get_str(l, "backup");
		r->n_logs++;
	}
}

static void record_free(struct wr_journal_record *r)
{
	free(r->id);
	free(r->time);
	free(r->action);
	free(r->hive);
	free(r->sha256_before);
	free(r->sha256_after);
	free(r->backup);
	free(r->host_backup);
	free(r->rolls_back);
	free(r->summary);
	free(r->boot_file);
	free(r->mbr_before);
	free(r->part_of);
	for (size_t i = 0; i < r->n_edits; i++) {
		free(r->edits[i].key);
		free(r->edits[i].name);
		wr_value_clear(&r->edits[i].after);
	}
	free(r->edits);
	for (size_t i = 0; i < r->n_logs; i++) {
		free(r->logs[i].name);
		free(r->logs[i].sha256);
		free(r->logs[i].backup);
	}
	free(r->logs);
}

/* "safeboot, serial" from the transactions' names; whether one of them
 * weakens security. */
static char *summary(json_object *o, bool *weakens_security)
{
	json_object *txns, *name, *weakens;
	struct wr_buf b = WR_BUF_INIT;

	if (json_object_object_get_ex(o, "transactions", &txns) &&
	    json_object_is_type(txns, json_type_array))
		for (size_t i = 0; i < json_object_array_length(txns); i++) {
			json_object *t = json_object_array_get_idx(txns, i);

			if (json_object_object_get_ex(t, "weakens_security", &weakens) &&
			    json_object_is_type(weakens, json_type_boolean))
				*weakens_security |= json_object_get_boolean(weakens);
			if (json_object_object_get_ex(t, "name", &name) &&
			    json_object_is_type(name, json_type_string)) {
				wr_buf_puts(&b, b.len ? ", " : "");
				wr_buf_puts(&b, json_object_get_string(name));
			}
		}
	return b.len ? wr_buf_steal(&b) : get_str(o, "summary");
}

static bool parse_record(json_object *o, struct wr_journal_record *r)
{
	char *format = get_str(o, "format");
	bool ok = format && strcmp(format, WR_JOURNAL_FORMAT) == 0;

	free(format);
	if (!ok)
		return false;
	r->id = get_str(o, "id");
	r->time = get_str(o, "time");
	r->action = get_str(o, "action");
	r->hive = get_str(o, "hive");
	r->sha256_before = get_str(o, "sha256_before");
	r->sha256_after = get_str(o, "sha256_after");
	r->backup = get_str(o, "backup");
	r->host_backup = get_str(o, "host_backup");
	r->rolls_back = get_str(o, "rolls_back");
	r->summary = summary(o, &r->weakens_security);
	r->replaced = get_bool(o, "replaced");
	r->created = get_bool(o, "created");
	r->boot_file = get_str(o, "boot_file");
	r->mbr_before = get_str(o, "mbr_before");
	r->part_of = get_str(o, "part_of");
	parse_edits(o, r);
	parse_logs(o, r);
	return r->id && r->time && r->action && r->hive && r->sha256_before && r->sha256_after &&
	       r->backup &&
	       (strcmp(r->action, "commit") == 0 || strcmp(r->action, "intent") == 0 ||
	        strcmp(r->action, "abandon") == 0 ||
	        (strcmp(r->action, "rollback") == 0 && r->rolls_back));
}

static void add_line(const char *line, const char *hive, struct wr_journal *j)
{
	json_object *o = json_tokener_parse(line);
	struct wr_journal_record r = {0}, *n;

	if (!o || !json_object_is_type(o, json_type_object) || !parse_record(o, &r)) {
		j->bad_lines++;
		record_free(&r);
	} else if (hive && (*hive == '/' ? strcmp(r.hive, hive) : strcasecmp(r.hive, hive)) != 0) {
		/* Files here compare as Linux does; paths on a Windows disk, as Windows. */
		record_free(&r);
	} else if ((n = realloc(j->records, (j->n + 1) * sizeof(*n)))) {
		j->records = n;
		j->records[j->n++] = r;
	} else {
		record_free(&r);
	}
	json_object_put(o);
}

int wr_journal_parse(const char *text, const char *hive, struct wr_journal *j, struct wr_error *err)
{
	char *copy = strdup(text), *cursor = copy, *line;

	memset(j, 0, sizeof(*j));
	if (!copy) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	while ((line = wr_next_line(&cursor)))
		if (strlen(line) > JOURNAL_LINE_MAX)
			j->bad_lines++;
		else if (*line)
			add_line(line, hive, j);
	free(copy);
	return 0;
}

int wr_journal_read(const char *path, const char *hive, struct wr_journal *j, struct wr_error *err)
{
	int fd = wr_file_open_owned(path, O_RDONLY, NULL, err);
	char limit[32];
	uint8_t *data;
	size_t len;
	int r;

	memset(j, 0, sizeof(*j));
	if (fd == -1 && errno == ENOENT) {
		if (err)
			*err = (struct wr_error){0};
		return 0;
	}
	if (fd == -1)
		wr_error_set(err, errno, _("%s: cannot read the journal: %s"), path,
		             strerror(errno));
	if (fd < 0)
		return -1;
	r = wr_file_read_fd(fd, JOURNAL_MAX, &data, &len);
	close(fd);
	if (r < 0 && errno == EFBIG) {
		wr_format_size(JOURNAL_MAX, limit, sizeof(limit));
		wr_error_set(err, EFBIG,
		             _("%s: larger than %s, more than a journal grows to: refusing to read "
		               "it"),
		             path, limit);
		return -1;
	}
	if (r < 0) {
		wr_error_set(err, errno, _("%s: cannot read the journal: %s"), path,
		             strerror(errno));
		return -1;
	}
	data[len] = '\0';
	r = wr_journal_parse((const char *)data, hive, j, err);
	free(data);
	return r;
}

void wr_journal_free(struct wr_journal *j)
{
	for (size_t i = 0; i < j->n; i++)
		record_free(&j->records[i]);
	free(j->records);
	memset(j, 0, sizeof(*j));
}

bool wr_journal_open_intent(const struct wr_journal *j, size_t k)
{
	if (k >= j->n || strcmp(j->records[k].action, "intent") != 0)
		return false;
	for (size_t i = k + 1; i < j->n; i++)
		if (strcmp(j->records[i].id, j->records[k].id) == 0 &&
		    strcmp(j->records[i].action, "intent") != 0)
			return false;
	return true;
}

bool wr_journal_undone(const struct wr_journal *j, size_t k)
{
	for (size_t i = k + 1; i < j->n; i++)
		if (j->records[i].rolls_back &&
		    strcmp(j->records[i].rolls_back, j->records[k].id) == 0)
			return true;
	return false;
}

const struct wr_journal_record *wr_journal_last_commit(const struct wr_journal *j)
{
	for (size_t i = j->n; i-- > 0;)
		if (strcmp(j->records[i].action, "commit") == 0 && !wr_journal_undone(j, i))
			return &j->records[i];
	return NULL;
}

const char *wr_journal_group(const struct wr_journal_record *r)
{
	return r->part_of ? r->part_of : r->id;
}

/* Is a later edit of the record about the same key and value? */
static bool superseded(const struct wr_journal_record *r, size_t i)
{
	const struct wr_journal_edit *e = &r->edits[i];

	for (size_t k = i + 1; k < r->n_edits; k++) {
		const struct wr_journal_edit *l = &r->edits[k];

		if (strcasecmp(l->key, e->key) == 0 && !l->name == !e->name &&
		    (!e->name || strcasecmp(l->name, e->name) == 0))
			return true;
	}
	return false;
}

size_t wr_journal_changed_since(const struct wr_journal_record *r, struct wr_hive *now,
                                struct wr_buf *out)
{
	size_t changed = 0;

	for (size_t i = 0; i < r->n_edits; i++) {
		const struct wr_journal_edit *e = &r->edits[i];
		struct wr_change show = {.kind = WR_CHANGE_REG_SET};
		wr_node n;
		int found;

		if (superseded(r, i))
			continue;
		found = wr_hive_lookup(now, wr_hive_root(now), e->key, &n, NULL) == 0;
		if (e->name && found)
			found = wr_hive_get_value(now, n, e->name, &show.after, NULL) == 0;
		show.has_after = found && e->name;
		show.had_before = e->has_after && e->name;
		show.before = e->after;
		if (e->name ? show.has_after == show.had_before &&
		                  (!found || wr_value_equal(&show.after, &e->after))
		            : found == e->has_after) {
			wr_value_clear(&show.after);
			continue;
		}
		changed++;
		wr_buf_printf_printable(out, "  %s%s%s: ", e->key, e->name ? " " : "",
		                        e->name ? e->name : "");
		if (e->name) {
			wr_buf_puts(out, _("after the commit "));
			wr_change_format_value(&show, false, out);
			wr_buf_puts(out, _(", now "));
			wr_change_format_value(&show, true, out);
		} else {
			wr_buf_puts(out, e->has_after ? _("the key was deleted since")
			                              : _("the key was created again since"));
		}
		wr_buf_putc(out, '\n');
		wr_value_clear(&show.after);
	}
	return changed;
}
