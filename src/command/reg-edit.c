/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reg-edit.c - reg add, reg delete and reg copy, staged in the open transaction. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "reg-internal.h"

/* reg.exe asks before it overwrites or deletes; offline no one is there to
 * answer, so the command must say /f. */
static int overwrite_needs_force(const char *name, const char *key, struct wr_error *err)
{
	wr_error_set(err, EEXIST,
	             _("Value %s exists in %s: add /f to overwrite it (offline no one is asked)."),
	             *name ? name : _("(Default)"), key);
	return -1;
}

/* What reg delete would delete: value `name` (NULL: every value with
 * `all`, else the key). */
static int delete_needs_force(const char *name, bool all, const char *key, struct wr_error *err)
{
	if (name)
		wr_error_set(err, EINVAL,
		             _("Deleting value %s of %s needs /f (offline no one is asked)."),
		             *name ? name : _("(Default)"), key);
	else if (all)
		wr_error_set(err, EINVAL,
		             _("Deleting every value of %s needs /f (offline no one is asked)."),
		             key);
	else
		wr_error_set(err, EINVAL, _("Deleting key %s needs /f (offline no one is asked)."),
		             key);
	return -1;
}

static bool value_exists(const struct wr__reg_key *k, const char *name)
{
	struct wr_value v = {0};
	bool there = k->node && wr_hive_get_value(k->h, k->node, name, &v, NULL) == 0;

	wr_value_clear(&v);
	return there;
}

/* The value's data, from /t, /s and /d. */
static int add_data(const struct wr__reg_args *a, struct wr_value *v, struct wr_error *err)
{
	uint32_t type = WR_REG_SZ;
	const char *sep = a->arg[WR_SW_S];

	if (a->has[WR_SW_T] && wr__reg_type_parse(a->arg[WR_SW_T], &type, err) < 0)
		return -1;
	if (sep && strlen(sep) != 1) {
		wr_error_set(err, EINVAL, _("Invalid separator \"%s\": /s takes one character."),
		             sep);
		return -1;
	}
	return wr__reg_data_parse(type, a->arg[WR_SW_D], sep ? sep[0] : 0, v, err);
}

int wr__reg_add(struct wr_cmd_env *e, const struct wr__reg_args *a, struct wr_buf *out,
                struct wr_error *err)
{
	const char *name = wr__reg_value_name(a);
	struct wr_value v = {0};
	struct wr__reg_key k;
	int r;

	if (wr__reg_key_open(e, a->pos[0], false, &k, err) < 0)
		return -1;
	r = add_data(a, &v, err);
	if (r == 0 && !a->has[WR_SW_F] && value_exists(&k, name))
		r = overwrite_needs_force(name, k.typed, err);
	if (r == 0)
		r = wr_txn_reg_set(wr_cmd_stage(e), k.hive, k.path, name, v.type, v.data, v.len,
		                   err);
	if (r == 0)
		wr__reg_done(out);
	wr_value_clear(&v);
	wr__reg_key_close(&k);
	return r;
}

/* /va: every value of the key, its subkeys kept. */
static int delete_values(struct wr_cmd_env *e, const struct wr__reg_key *k, struct wr_error *err)
{
	char **names = NULL;
	size_t n = 0;
	int r = wr_hive_value_names(k->h, k->node, &names, &n, err);

	for (size_t i = 0; r == 0 && i < n; i++)
		r = wr_txn_reg_delete_value(wr_cmd_stage(e), k->hive, k->path, names[i], err);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return r;
}

int wr__reg_delete(struct wr_cmd_env *e, const struct wr__reg_args *a, struct wr_buf *out,
                   struct wr_error *err)
{
	bool one = a->has[WR_SW_V] || a->has[WR_SW_VE];
	const char *name = wr__reg_value_name(a);
	struct wr__reg_key k;
	int r = 0;

	if (wr__reg_key_open(e, a->pos[0], true, &k, err) < 0)
		return -1;
	if (one && !value_exists(&k, name))
		r = wr__reg_not_found(&k, name, err);
	else if (!a->has[WR_SW_F])
		r = delete_needs_force(one ? name : NULL, a->has[WR_SW_VA], k.typed, err);
	else if (one)
		r = wr_txn_reg_delete_value(wr_cmd_stage(e), k.hive, k.path, name, err);
	else if (a->has[WR_SW_VA])
		r = delete_values(e, &k, err);
	else
		r = wr_txn_reg_delete_key(wr_cmd_stage(e), k.hive, k.path, err);
	if (r == 0)
		wr__reg_done(out);
	wr__reg_key_close(&k);
	return r;
}

/* The keys and values reg copy copies, read before anything is written:
 * the source may be in the hive the copy goes to. */
struct copied_key {
	char *rel; /* from the source key */
	struct wr__reg_values values;
};

struct copy {
	struct wr_hive *h;
	struct copied_key *keys;
	size_t n, room;
};

static int copy_visit(void *ctx, wr_node node, const char *rel, struct wr_error *err)
{
	struct copy *c = ctx;
	struct copied_key *k;

	if (c->n == c->room) {
		size_t room = c->room ? 2 * c->room : 16;
		struct copied_key *keys = realloc(c->keys, room * sizeof(*keys));

		if (!keys) {
			wr_error_set(err, ENOMEM, _("out of memory"));
			return -1;
		}
		c->keys = keys;
		c->room = room;
	}
	k = &c->keys[c->n];
	if (!(k->rel = strdup(rel))) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	if (wr__reg_values_read(c->h, node, &k->values, err) < 0) {
		free(k->rel);
		return -1;
	}
	c->n++;
	return 0;
}

static void copy_free(struct copy *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->keys[i].rel);
		wr__reg_values_free(&c->keys[i].values);
	}
	free(c->keys);
}

/* "A\B" from "A" and "B", either of them "". */
static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s%s%s", a, *a && *b ? "\\" : "", b);
	return p;
}

/* Without /f no value there may be overwritten. */
static int copy_overwrites(const struct copy *c, const struct wr__reg_key *to, struct wr_error *err)
{
	for (size_t i = 0; i < c->n; i++) {
		struct wr__reg_key k = *to;
		int r = 0;

		k.node = 0;
		if (to->node)
			r = wr_hive_lookup(to->h, to->node, c->keys[i].rel, &k.node, err);
		if (r < 0)
			return -1;
		for (size_t j = 0; r == 0 && j < c->keys[i].values.n; j++)
			if (value_exists(&k, c->keys[i].values.names[j]))
				return overwrite_needs_force(c->keys[i].values.names[j], to->typed,
				                             err);
	}
	return 0;
}

static int copy_apply(struct wr_cmd_env *e, const struct copy *c, const struct wr__reg_key *to,
                      struct wr_error *err)
{
	struct wr_stage *s = wr_cmd_stage(e);
	int r = 0;

	for (size_t i = 0; r == 0 && i < c->n; i++) {
		const struct wr__reg_values *v = &c->keys[i].values;
		char *key = join(to->path, c->keys[i].rel);

		r = key ? wr_txn_reg_add_key(s, to->hive, key, err) : -1;
		if (!key)
			wr_error_set(err, ENOMEM, _("out of memory"));
		for (size_t j = 0; r == 0 && j < v->n; j++)
			r = wr_txn_reg_set(s, to->hive, key, v->names[j], v->values[j].type,
			                   v->values[j].data, v->values[j].len, err);
		free(key);
	}
	return r;
}

/* The same key, or (with /s) the destination below the source: a copy
 * that would never end. */
static int copy_into_itself(const struct wr__reg_key *from, const struct wr__reg_key *to,
                            bool below, struct wr_error *err)
{
	size_t n = strlen(from->path);

	if (from->hive != to->hive)
		return 0;
	if (strcasecmp(from->path, to->path) == 0) {
		wr_error_set(err, EINVAL, _("%s and %s are the same key."), from->typed, to->typed);
		return -1;
	}
	if (below && strncasecmp(from->path, to->path, n) == 0 && (!n || to->path[n] == '\\')) {
		wr_error_set(err, EINVAL, _("%s is below %s: /s would copy it into itself."),
		             to->typed, from->typed);
		return -1;
	}
	return 0;
}

int wr__reg_copy(struct wr_cmd_env *e, const struct wr__reg_args *a, struct wr_buf *out,
                 struct wr_error *err)
{
	struct wr__reg_key from, to = {0};
	struct copy c = {0};
	int r;

	if (wr__reg_key_open(e, a->pos[0], true, &from, err) < 0)
		return -1;
	r = wr__reg_key_open(e, a->pos[1], false, &to, err);
	if (r == 0)
		r = copy_into_itself(&from, &to, a->has[WR_SW_S], err);
	c.h = from.h;
	if (r == 0)
		r = wr__reg_walk(from.h, from.node, a->has[WR_SW_S], copy_visit, &c, err);
	if (r == 0 && !a->has[WR_SW_F])
		r = copy_overwrites(&c, &to, err);
	if (r == 0)
		r = copy_apply(e, &c, &to, err);
	if (r == 0)
		wr__reg_done(out);
	copy_free(&c);
	wr__reg_key_close(&to);
	wr__reg_key_close(&from);
	return r;
}
