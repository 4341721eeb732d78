/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reg-file.c - reg export and reg import: .reg files of this machine to and from the stage. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/text.h"
#include "regf/regf.h"
#include "reg-internal.h"

struct export
{
	const struct wr__reg_key *k;
	struct wr_buf text;
	size_t keys;
};

static int export_visit(void *ctx, wr_node node, const char *rel, struct wr_error *err)
{
	struct export *x = ctx;
	struct wr_buf name = WR_BUF_INIT;
	struct wr__reg_values v;
	int r;

	wr__reg_key_full(x->k->typed, rel, &name);
	r = wr__regfile_key(wr_buf_str(&name), &x->text, err);
	wr_buf_free(&name);
	if (r < 0 || wr__reg_values_read(x->k->h, node, &v, err) < 0)
		return -1;
	for (size_t i = 0; r == 0 && i < v.n; i++)
		r = wr__regfile_value(v.names[i], &v.values[i], &x->text, err);
	wr__reg_values_free(&v);
	x->keys++;
	return r;
}

/* What is at `path`: nothing (0), a file /y may replace (1); a hive, a
 * directory or anything but a regular file fails. */
static int destination(const char *path, bool replace, struct wr_error *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	char head[4];
	size_t got = 0;
	struct stat st;
	int r = -1;

	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0)
		wr_error_set(err, errno, "%s: %s", path, strerror(errno));
	else if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		wr_error_set(err, EEXIST, _("%s exists and is not a file: not writing over it."),
		             path);
	else if (wr_file_read_at(fd, 0, head, sizeof(head), &got) == 0 && got == 4 &&
	         memcmp(head, WR_REGF_SIGNATURE, 4) == 0)
		wr_error_set(err, EEXIST,
		             _("%s is a registry hive: not writing a .reg file over it."), path);
	else if (!replace)
		wr_error_set(err, EEXIST, _("%s exists: add /y to overwrite it."), path);
	else
		r = 1;
	if (fd >= 0)
		close(fd);
	return r;
}

static int export_text(const struct wr__reg_key *k, struct export *x, uint8_t **data, size_t *len,
                       struct wr_error *err)
{
	x->k = k;
	wr__regfile_begin(&x->text);
	if (wr__reg_walk(k->h, k->node, true, export_visit, x, err) < 0)
		return -1;
	wr__regfile_end(&x->text);
	return wr__regfile_encode(&x->text, data, len, err);
}

int wr__reg_export(struct wr_cmd_env *e, const struct wr__reg_args *a, struct wr_buf *out,
                   struct wr_error *err)
{
	struct export x = {.text = WR_BUF_INIT};
	struct wr__reg_key k;
	uint8_t *data = NULL;
	char *path = NULL;
	size_t len = 0;
	int r, there = -1;

	if (wr__reg_key_open(e, a->pos[0], true, &k, err) < 0)
		return -1;
	r = wr_cmd_host_path(e, a->pos[1], &path, err);
	if (r == 0 && (there = destination(path, a->has[WR_SW_Y], err)) < 0)
		r = -1;
	if (r == 0)
		r = export_text(&k, &x, &data, &len, err);
	if (r == 0 && wr_cmd_env_dry_run(e))
		wr_buf_printf_printable(out, _("Dry run: %s not written (%zu keys, %zu bytes).\n"),
		                        path, x.keys, len);
	else if (r == 0)
		r = wr_file_write_whole(path, data, len, there == 1, _("cannot write it"), err);
	if (r == 0)
		wr__reg_done(out);
	free(data);
	free(path);
	wr_buf_free(&x.text);
	wr__reg_key_close(&k);
	return r;
}

/* Where each [KEY] of the file is: its hive and path, found before any
 * edit, so that a key nothing is mounted at changes nothing. */
struct import_key {
	size_t hive;
	char *path;
};

static int import_where(struct wr_cmd_env *e, const char *file, const struct wr_regfile *f,
                        struct import_key *where, struct wr_error *err)
{
	for (size_t i = 0; i < f->n_keys; i++)
		if (wr_cmd_reg_key(e, f->keys[i].path, &where[i].hive, &where[i].path, err) < 0) {
			wr_error_prefix(err, _("%s, line %u"), file, f->keys[i].line);
			return -1;
		}
	return 0;
}

/* [-KEY]: gone with everything below it; a key that is not there is
 * nothing to delete, as regedit takes it. */
static int import_delete(struct wr_cmd_env *e, const struct import_key *w, struct wr_error *err)
{
	struct wr_hive *h = wr_stage_hive(wr_cmd_stage(e), w->hive);
	wr_node n;
	int r = wr_hive_lookup(h, wr_hive_root(h), w->path, &n, err);

	if (r != 0)
		return r < 0 ? -1 : 0;
	return wr_txn_reg_delete_key(wr_cmd_stage(e), w->hive, w->path, err);
}

static int import_key(struct wr_cmd_env *e, const struct wr_regfile_key *k,
                      const struct import_key *w, unsigned *line, struct wr_error *err)
{
	struct wr_stage *s = wr_cmd_stage(e);
	int r;

	*line = k->line;
	if (k->remove)
		return import_delete(e, w, err);
	r = wr_txn_reg_add_key(s, w->hive, w->path, err);
	for (size_t i = 0; r == 0 && i < k->n_values; i++) {
		const struct wr_regfile_value *v = &k->values[i];

		*line = v->line;
		if (v->remove)
			r = wr_txn_reg_delete_value(s, w->hive, w->path, v->name, err);
		else
			r = wr_txn_reg_set(s, w->hive, w->path, v->name, v->v.type, v->v.data,
			                   v->v.len, err);
	}
	return r;
}

static int import_file(struct wr_cmd_env *e, const char *file, const struct wr_regfile *f,
                       struct wr_error *err)
{
	struct import_key *where = calloc(f->n_keys + 1, sizeof(*where));
	unsigned line = 0;
	int r = where ? import_where(e, file, f, where, err) : -1;

	if (!where)
		wr_error_set(err, ENOMEM, _("out of memory"));
	for (size_t i = 0; r == 0 && i < f->n_keys; i++)
		if ((r = import_key(e, &f->keys[i], &where[i], &line, err)) < 0)
			wr_error_prefix(err, _("%s, line %u"), file, line);
	for (size_t i = 0; where && i < f->n_keys; i++)
		free(where[i].path);
	free(where);
	return r;
}

int wr__reg_import(struct wr_cmd_env *e, const struct wr__reg_args *a, struct wr_buf *out,
                   struct wr_error *err)
{
	struct wr_regfile f = {0};
	uint8_t *data = NULL;
	char *path = NULL;
	size_t len = 0;
	int r = wr_cmd_host_path(e, a->pos[0], &path, err);

	if (r == 0)
		r = wr_file_read(path, WR_REGFILE_MAX, &data, &len, err);
	if (r == 0)
		r = wr__regfile_parse(data, len, a->pos[0], &f, err);
	if (r == 0)
		r = import_file(e, a->pos[0], &f, err);
	if (r == 0)
		wr__reg_done(out);
	wr__regfile_free(&f);
	free(data);
	free(path);
	return r;
}
