/* SPDX-License-Identifier: GPL-3.0-or-later */
/* edit.c - raw registry edits that remember what they replaced, and the REG changes. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "internal.h"

/* The key at `key`: 0 found, 1 missing (ENOENT in err), -1 error. */
static int find_key(struct wr_hive *h, const char *key, wr_node *out, struct wr_error *err)
{
	int r = wr_hive_lookup(h, wr_hive_root(h), key, out, err);

	if (r == 1)
		wr_error_set(err, ENOENT, _("%s: no such key"), key);
	return r;
}

/* "A\B\C" -> parent "A\B", last "C"; a top-level key has parent "". */
static char *split_last(const char *key, const char **last)
{
	const char *sep = strrchr(key, '\\');
	const char *slash = strrchr(key, '/');

	if (slash > sep)
		sep = slash;
	*last = sep ? sep + 1 : key;
	return strndup(key, sep ? (size_t)(sep - key) : 0);
}

static int apply_set(struct wr_hive *h, const char *key, const char *name, const struct wr_value *v,
                     struct wr_error *err)
{
	wr_node n;

	if (find_key(h, key, &n, err) != 0)
		return -1;
	return wr_hive_set_value(h, n, name, v->type, v->data, v->len, err);
}

static int apply_delete_value(struct wr_hive *h, const char *key, const char *name,
                              struct wr_error *err)
{
	wr_node n;

	if (find_key(h, key, &n, err) != 0)
		return -1;
	return wr_hive_delete_value(h, n, name, err) < 0 ? -1 : 0;
}

static int apply_add_key(struct wr_hive *h, const char *key, struct wr_error *err)
{
	const char *last;
	char *parent = split_last(key, &last);
	wr_node p, n;
	int r;

	if (!parent)
		return wr_txn__no_memory(err);
	r = find_key(h, parent, &p, err) == 0 ? wr_hive_add_key(h, p, last, &n, err) : -1;
	free(parent);
	return r;
}

static int apply_delete_key(struct wr_hive *h, const char *key, struct wr_error *err)
{
	wr_node n;

	if (find_key(h, key, &n, err) != 0)
		return -1;
	return wr_hive_delete_key(h, n, err);
}

/* Copy `node`, its values and everything below it into `k`. */
static int save_key(struct wr_hive *h, wr_node node, struct wr_saved_key *k, struct wr_error *err)
{
	char **names = NULL;
	wr_node *kids = NULL;
	size_t n_names = 0, n_kids = 0;
	int r = -1;

	k->name = wr_hive_node_name(h, node, err);
	if (!k->name || wr_hive_value_names(h, node, &names, &n_names, err) < 0 ||
	    wr_hive_children(h, node, &kids, &n_kids, err) < 0)
		goto out;
	k->values = calloc(n_names + 1, sizeof(*k->values));
	k->subkeys = calloc(n_kids + 1, sizeof(*k->subkeys));
	if (!k->values || !k->subkeys) {
		wr_txn__no_memory(err);
		goto out;
	}
	for (; k->n_values < n_names; k->n_values++) {
		struct wr_saved_value *v = &k->values[k->n_values];

		v->name = names[k->n_values];
		names[k->n_values] = NULL;
		if (wr_hive_get_value(h, node, v->name, &v->v, err) != 0) {
			k->n_values++;
			if (err && !err->code)
				wr_error_set(err, EIO, _("%s: cannot read value %s"), k->name,
				             v->name);
			goto out;
		}
	}
	for (; k->n_subkeys < n_kids; k->n_subkeys++)
		if (save_key(h, kids[k->n_subkeys], &k->subkeys[k->n_subkeys], err) < 0) {
			k->n_subkeys++;
			goto out;
		}
	r = 0;
out:
	for (size_t i = 0; i < n_names; i++)
		free(names[i]);
	free(names);
	free(kids);
	return r;
}

/* Recreate a saved key below `parent`. */
static int restore_key(struct wr_hive *h, wr_node parent, const struct wr_saved_key *k,
                       struct wr_error *err)
{
	wr_node n;

	if (wr_hive_add_key(h, parent, k->name, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < k->n_values; i++) {
		const struct wr_value *v = &k->values[i].v;

		if (wr_hive_set_value(h, n, k->values[i].name, v->type, v->data, v->len, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < k->n_subkeys; i++)
		if (restore_key(h, n, &k->subkeys[i], err) < 0)
			return -1;
	return 0;
}

static int apply_restore(struct wr_hive *h, const struct wr_edit *e, struct wr_error *err)
{
	const char *last;
	char *parent = split_last(e->key, &last);
	wr_node p;
	int r;

	if (!parent)
		return wr_txn__no_memory(err);
	r = find_key(h, parent, &p, err) == 0 ? restore_key(h, p, e->saved, err) : -1;
	free(parent);
	return r;
}

/* Undo gives back every value's type and bytes; hivex appends a re-created
 * value at the end of its key's list and new keys get the parent's security
 * cell, which Windows does not depend on. */
static int apply_edit(struct wr_stage *s, const struct wr_edit *e, bool forward,
                      struct wr_error *err)
{
	struct wr_hive *h = s->hives[e->hive].hive;

	switch (e->op) {
	case WR_EDIT_SET:
		if (forward)
			return apply_set(h, e->key, e->name, &e->after, err);
		return e->had_before ? apply_set(h, e->key, e->name, &e->before, err)
		                     : apply_delete_value(h, e->key, e->name, err);
	case WR_EDIT_DELETE_VALUE:
		return forward ? apply_delete_value(h, e->key, e->name, err)
		               : apply_set(h, e->key, e->name, &e->before, err);
	case WR_EDIT_ADD_KEY:
		return forward ? apply_add_key(h, e->key, err) : apply_delete_key(h, e->key, err);
	case WR_EDIT_DELETE_KEY:
		return forward ? apply_delete_key(h, e->key, err) : apply_restore(h, e, err);
	}
	return -1;
}

/* Undo or redo fails half-way (out of memory, say): what it did is done
 * again the other way, best effort, so the transaction stays all applied or
 * all undone, as the stage says. */
int wr_txn__undo_edits(struct wr_stage *s, struct wr_txn *t, struct wr_error *err)
{
	for (size_t i = t->n_edits; i-- > 0;)
		if (apply_edit(s, &t->edits[i], false, err) < 0) {
			while (++i < t->n_edits)
				apply_edit(s, &t->edits[i], true, NULL);
			return -1;
		}
	return 0;
}

int wr_txn__redo_edits(struct wr_stage *s, struct wr_txn *t, struct wr_error *err)
{
	for (size_t i = 0; i < t->n_edits; i++)
		if (apply_edit(s, &t->edits[i], true, err) < 0) {
			while (i-- > 0)
				apply_edit(s, &t->edits[i], false, NULL);
			return -1;
		}
	return 0;
}

int wr_txn__rewind(struct wr_stage *s, struct wr_txn *t, size_t edits, size_t changes)
{
	while (t->n_edits > edits && apply_edit(s, &t->edits[t->n_edits - 1], false, NULL) == 0)
		wr_txn__free_edit(&t->edits[--t->n_edits]);
	while (t->n_changes > changes)
		wr_txn__free_change(&t->changes[--t->n_changes]);
	return -1;
}

/* Record edit `e` (already filled in) and apply it; on failure it is
 * dropped again, so the transaction holds only what was applied. */
static int record(struct wr_stage *s, struct wr_txn *t, const struct wr_edit *e,
                  struct wr_error *err)
{
	struct wr_edit *slot = wr_txn__new_edit(t, err);

	if (!slot)
		return -1;
	*slot = *e;
	if (apply_edit(s, slot, true, err) < 0) {
		t->n_edits--;
		return -1;
	}
	return 0;
}

int wr_txn__ensure_key(struct wr_stage *s, struct wr_txn *t, size_t hive, const char *key,
                       wr_node *out, struct wr_error *err)
{
	struct wr_hive *h = s->hives[hive].hive;
	char *path = strdup(key), *cursor = path;
	wr_node n = wr_hive_root(h);
	int r = 0;

	if (!path)
		return wr_txn__no_memory(err);
	for (char *c = path; *c; c++)
		if (*c == '/')
			*c = '\\';
	while (r == 0 && cursor && *cursor) {
		char *sep = strchr(cursor, '\\'), saved;

		if (sep == cursor) {
			cursor++;
			continue;
		}
		sep = sep ? sep : cursor + strlen(cursor);
		saved = *sep;
		*sep = '\0';
		r = wr_hive_lookup(h, n, cursor, &n, err);
		if (r == 1) {
			struct wr_edit e = {
			    .op = WR_EDIT_ADD_KEY, .hive = hive, .key = strdup(path)};

			r = e.key ? record(s, t, &e, err) : wr_txn__no_memory(err);
			if (r < 0)
				free(e.key);
			else
				r = wr_hive_lookup(h, n, cursor, &n, err);
		}
		*sep = saved;
		cursor = saved ? sep + 1 : NULL;
	}
	free(path);
	if (r == 0)
		*out = n;
	return r == 0 ? 0 : -1;
}

int wr_txn__set(struct wr_stage *s, struct wr_txn *t, size_t hive, const char *key,
                const char *name, const struct wr_value *v, struct wr_value *before, bool *had,
                struct wr_error *err)
{
	struct wr_hive *h = s->hives[hive].hive;
	struct wr_edit e = {.op = WR_EDIT_SET, .hive = hive};
	wr_node n;
	int r;

	if (wr_txn__ensure_key(s, t, hive, key, &n, err) < 0)
		return -1;
	r = wr_hive_get_value(h, n, name, &e.before, err);
	if (r < 0)
		return -1;
	e.had_before = r == 0;
	if (e.had_before && wr_value_equal(&e.before, v)) {
		wr_value_clear(&e.before);
		return 1;
	}
	e.key = strdup(key);
	e.name = strdup(name);
	if (!e.key || !e.name || wr_value_copy(&e.after, v) < 0)
		r = wr_txn__no_memory(err);
	else
		r = record(s, t, &e, err);
	if (r < 0) {
		wr_txn__free_edit(&e);
		return -1;
	}
	/* Recorded: the transaction owns `e` now; the caller rewinds it on failure. */
	*had = e.had_before;
	if (e.had_before && wr_value_copy(before, &e.before) < 0)
		return wr_txn__no_memory(err);
	return 0;
}

int wr_txn__delete_key(struct wr_stage *s, struct wr_txn *t, size_t hive, const char *key,
                       struct wr_error *err)
{
	struct wr_hive *h = s->hives[hive].hive;
	struct wr_edit e = {.op = WR_EDIT_DELETE_KEY, .hive = hive};
	wr_node n;
	int r = wr_hive_lookup(h, wr_hive_root(h), key, &n, err);

	if (r != 0)
		return r;
	if (n == wr_hive_root(h)) {
		wr_error_set(err, EINVAL, _("the root key cannot be deleted"));
		return -1;
	}
	e.key = strdup(key);
	e.saved = calloc(1, sizeof(*e.saved));
	if (!e.key || !e.saved)
		r = wr_txn__no_memory(err);
	else if (save_key(h, n, e.saved, err) == 0)
		r = record(s, t, &e, err);
	else
		r = -1;
	if (r < 0)
		wr_txn__free_edit(&e);
	return r;
}

static struct wr_change *new_reg_change(struct wr_txn *t, enum wr_change_kind kind, size_t hive,
                                        const char *key, const char *name, struct wr_error *err)
{
	struct wr_change *c = wr_txn__new_change(t, err);

	if (!c)
		return NULL;
	c->kind = kind;
	c->hive = hive;
	c->key = strdup(key);
	c->name = strdup(name ? name : "");
	if (c->key && c->name)
		return c;
	wr_txn__no_memory(err);
	return NULL;
}

/* The edit calls below run in two steps: the edits and the change, then,
 * when either failed, a rewind to where the transaction stood. */
static int reg_set(struct wr_stage *s, struct wr_txn *t, size_t hive, const char *key,
                   const char *name, const struct wr_value *v, struct wr_error *err)
{
	struct wr_value before = {0};
	struct wr_change *c;
	bool had = false;
	int r = wr_txn__set(s, t, hive, key, name, v, &before, &had, err);

	if (r != 0)
		return r;
	c = new_reg_change(t, WR_CHANGE_REG_SET, hive, key, name, err);
	if (!c) {
		wr_value_clear(&before);
		return -1;
	}
	c->had_before = had;
	c->before = before;
	c->has_after = true;
	return wr_value_copy(&c->after, v) < 0 ? wr_txn__no_memory(err) : 0;
}

int wr_txn_reg_set(struct wr_stage *s, size_t hive, const char *key, const char *name,
                   uint32_t type, const void *data, size_t len, struct wr_error *err)
{
	struct wr_txn *t = wr_txn__target(s, hive, err);
	struct wr_value v = {type, len, (uint8_t *)data};
	size_t edits = t ? t->n_edits : 0, changes = t ? t->n_changes : 0;

	if (!t)
		return -1;
	if (reg_set(s, t, hive, key, name, &v, err) < 0)
		return wr_txn__rewind(s, t, edits, changes);
	return 0;
}

static int reg_delete_value(struct wr_stage *s, struct wr_txn *t, size_t hive, const char *key,
                            const char *name, struct wr_error *err)
{
	struct wr_hive *h = s->hives[hive].hive;
	struct wr_edit e = {.op = WR_EDIT_DELETE_VALUE, .hive = hive, .had_before = true};
	struct wr_change *c;
	wr_node n;
	int r = wr_hive_lookup(h, wr_hive_root(h), key, &n, err);

	if (r == 0)
		r = wr_hive_get_value(h, n, name, &e.before, err);
	if (r != 0)
		return r;
	e.key = strdup(key);
	e.name = strdup(name);
	r = e.key && e.name ? record(s, t, &e, err) : wr_txn__no_memory(err);
	if (r < 0) {
		wr_txn__free_edit(&e);
		return -1;
	}
	c = new_reg_change(t, WR_CHANGE_REG_DELETE_VALUE, hive, key, name, err);
	if (!c)
		return -1;
	c->had_before = true;
	return wr_value_copy(&c->before, &e.before) < 0 ? wr_txn__no_memory(err) : 0;
}

int wr_txn_reg_delete_value(struct wr_stage *s, size_t hive, const char *key, const char *name,
                            struct wr_error *err)
{
	struct wr_txn *t = wr_txn__target(s, hive, err);
	size_t edits = t ? t->n_edits : 0, changes = t ? t->n_changes : 0;

	if (!t)
		return -1;
	if (reg_delete_value(s, t, hive, key, name, err) < 0)
		return wr_txn__rewind(s, t, edits, changes);
	return 0;
}

int wr_txn_reg_delete_key(struct wr_stage *s, size_t hive, const char *key, struct wr_error *err)
{
	struct wr_txn *t = wr_txn__target(s, hive, err);
	size_t edits = t ? t->n_edits : 0, changes = t ? t->n_changes : 0;
	int r = t ? wr_txn__delete_key(s, t, hive, key, err) : -1;

	if (r == 0 && !new_reg_change(t, WR_CHANGE_REG_DELETE_KEY, hive, key, NULL, err))
		r = -1;
	if (r < 0)
		return t ? wr_txn__rewind(s, t, edits, changes) : -1;
	return 0;
}

int wr_txn_reg_add_key(struct wr_stage *s, size_t hive, const char *key, struct wr_error *err)
{
	struct wr_txn *t = wr_txn__target(s, hive, err);
	size_t edits = t ? t->n_edits : 0, changes = t ? t->n_changes : 0;
	wr_node n;

	if (!t)
		return -1;
	if (wr_txn__ensure_key(s, t, hive, key, &n, err) < 0)
		return wr_txn__rewind(s, t, edits, changes);
	/* A key that was there records nothing: no change to show either. */
	if (t->n_edits > edits && !new_reg_change(t, WR_CHANGE_REG_ADD_KEY, hive, key, NULL, err))
		return wr_txn__rewind(s, t, edits, changes);
	return 0;
}

/* Compare key `key` (and value `name`, when not NULL) in both hives. */
static int same_in_both(struct wr_hive *a, struct wr_hive *b, const char *key, const char *name,
                        struct wr_error *err)
{
	struct wr_value va = {0}, vb = {0};
	wr_node na, nb;
	int ra = wr_hive_lookup(a, wr_hive_root(a), key, &na, err);
	int rb = wr_hive_lookup(b, wr_hive_root(b), key, &nb, err);
	bool same;

	if (ra < 0 || rb < 0)
		return -1;
	if (ra != rb || ra == 1 || !name) {
		same = ra == rb;
	} else {
		ra = wr_hive_get_value(a, na, name, &va, err);
		rb = wr_hive_get_value(b, nb, name, &vb, err);
		same = ra >= 0 && ra == rb && (ra == 1 || wr_value_equal(&va, &vb));
		wr_value_clear(&va);
		wr_value_clear(&vb);
	}
	if (!same)
		wr_error_set(err, EIO, _("%s: %s%s%s is not what was written"), wr_hive_path(b),
		             key, name ? " " : "", name ? name : "");
	return same ? 0 : -1;
}

int wr_stage_verify(const struct wr_stage *s, size_t i, struct wr_hive *reread,
                    struct wr_error *err)
{
	for (size_t t = 0; t < s->n_applied; t++)
		for (size_t k = 0; k < s->txns[t].n_edits; k++) {
			const struct wr_edit *e = &s->txns[t].edits[k];
			bool value = e->op == WR_EDIT_SET || e->op == WR_EDIT_DELETE_VALUE;

			if (e->hive == i && same_in_both(s->hives[i].hive, reread, e->key,
			                                 value ? e->name : NULL, err) < 0)
				return -1;
		}
	return 0;
}
