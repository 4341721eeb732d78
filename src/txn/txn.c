/* SPDX-License-Identifier: GPL-3.0-or-later */
/* txn.c - staged edits on loaded hives, in named transactions, with undo and redo. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "internal.h"

struct wr_stage *wr_stage_new(void)
{
	return calloc(1, sizeof(struct wr_stage));
}

static void saved_clear(struct wr_saved_key *k)
{
	for (size_t i = 0; i < k->n_values; i++) {
		free(k->values[i].name);
		wr_value_clear(&k->values[i].v);
	}
	for (size_t i = 0; i < k->n_subkeys; i++)
		saved_clear(&k->subkeys[i]);
	free(k->values);
	free(k->subkeys);
	free(k->name);
}

void wr_saved_key_free(struct wr_saved_key *k)
{
	if (k)
		saved_clear(k);
	free(k);
}

void wr_txn__free_edit(struct wr_edit *e)
{
	free(e->key);
	free(e->name);
	wr_value_clear(&e->before);
	wr_value_clear(&e->after);
	wr_saved_key_free(e->saved);
}

void wr_txn__free_change(struct wr_change *c)
{
	free(c->key);
	free(c->name);
	wr_value_clear(&c->before);
	wr_value_clear(&c->after);
}

static void free_copy(struct wr_file_copy *c)
{
	free(c->path);
	free(c->from);
	free(c->shown_path);
	free(c->shown_from);
}

static void free_txn(struct wr_txn *t)
{
	for (size_t i = 0; i < t->n_edits; i++)
		wr_txn__free_edit(&t->edits[i]);
	for (size_t i = 0; i < t->n_changes; i++)
		wr_txn__free_change(&t->changes[i]);
	for (size_t i = 0; i < t->n_copies; i++)
		free_copy(&t->copies[i]);
	free(t->edits);
	free(t->changes);
	free(t->copies);
	free(t->name);
	memset(t, 0, sizeof(*t));
}

static void drop_txns(struct wr_stage *s, size_t from)
{
	for (size_t i = from; i < s->n_txns; i++)
		free_txn(&s->txns[i]);
	s->n_txns = from;
}

void wr_stage_free(struct wr_stage *s)
{
	if (!s)
		return;
	if (s->is_open)
		free_txn(&s->open);
	drop_txns(s, 0);
	for (size_t i = 0; i < s->n_hives; i++) {
		free(s->hives[i].store);
		free(s->hives[i].mount);
		free(s->hives[i].read_only);
	}
	free(s->hives);
	free(s->txns);
	free(s);
}

void wr_stage_clear(struct wr_stage *s)
{
	drop_txns(s, 0);
	s->n_applied = 0;
}

void wr_stage_forget_hive(struct wr_stage *s, size_t hive)
{
	size_t kept = 0;

	drop_txns(s, s->n_applied);
	for (size_t t = 0; t < s->n_applied; t++) {
		bool only = true;

		for (size_t e = 0; e < s->txns[t].n_edits; e++)
			only &= s->txns[t].edits[e].hive == hive;
		for (size_t c = 0; c < s->txns[t].n_copies; c++)
			only &= s->txns[t].copies[c].hive == hive;
		if (only)
			free_txn(&s->txns[t]);
		else
			s->txns[kept++] = s->txns[t];
	}
	s->n_applied = s->n_txns = kept;
}

int wr_txn__no_memory(struct wr_error *err)
{
	wr_error_set(err, ENOMEM, _("out of memory"));
	return -1;
}

int wr_stage_add_hive(struct wr_stage *s, struct wr_hive *hive, enum wr_hive_kind kind,
                      const char *store, const char *mount, const char *read_only_reason,
                      size_t *index, struct wr_error *err)
{
	struct stage_hive h = {
	    .hive = hive,
	    .kind = kind,
	    .store = strdup(store ? store : ""),
	    .mount = strdup(mount ? mount : ""),
	    .read_only = read_only_reason ? strdup(read_only_reason) : NULL,
	};
	struct stage_hive *n = h.store && h.mount && (h.read_only || !read_only_reason)
	                           ? realloc(s->hives, (s->n_hives + 1) * sizeof(*n))
	                           : NULL;

	if (!n) {
		free(h.store);
		free(h.mount);
		free(h.read_only);
		return wr_txn__no_memory(err);
	}
	s->hives = n;
	n[s->n_hives] = h;
	*index = s->n_hives++;
	return 0;
}

const char *wr_hive_kind_name(enum wr_hive_kind kind)
{
	static const char *const names[] = {"bcd", "system", "software"};

	return names[kind];
}

const char *wr_hive_kind_mount(enum wr_hive_kind kind)
{
	static const char *const mounts[] = {"BCD00000000", "BROKENSYSTEM", "BROKENSOFTWARE"};

	return mounts[kind];
}

size_t wr_stage_hive_count(const struct wr_stage *s)
{
	return s->n_hives;
}

struct wr_hive *wr_stage_hive(const struct wr_stage *s, size_t i)
{
	return i < s->n_hives ? s->hives[i].hive : NULL;
}

const char *wr_stage_read_only(const struct wr_stage *s, size_t i)
{
	return i < s->n_hives ? s->hives[i].read_only : NULL;
}

const char *wr_stage_store_name(const struct wr_stage *s, size_t i)
{
	return s->hives[i].store;
}

const char *wr_stage_mount_name(const struct wr_stage *s, size_t i)
{
	return s->hives[i].mount;
}

int wr_txn_begin(struct wr_stage *s, const char *name, struct wr_error *err)
{
	if (s->is_open) {
		wr_error_set(err, EBUSY, _("transaction \"%s\" is still open"), s->open.name);
		return -1;
	}
	/* Room to file it now, so that wr_txn_end cannot fail. */
	if (s->txns_room < s->n_txns + 1) {
		struct wr_txn *n = realloc(s->txns, (s->n_txns + 1) * sizeof(*n));

		if (!n)
			return wr_txn__no_memory(err);
		s->txns = n;
		s->txns_room = s->n_txns + 1;
	}
	memset(&s->open, 0, sizeof(s->open));
	s->open.name = strdup(name);
	if (!s->open.name)
		return wr_txn__no_memory(err);
	s->is_open = true;
	return 0;
}

void wr_txn_mark_weakens_security(struct wr_stage *s)
{
	s->open.weakens_security = s->is_open;
}

int wr_txn_end(struct wr_stage *s)
{
	if (!s->is_open)
		return 1;
	s->is_open = false;
	if (s->open.n_edits == 0 && s->open.n_copies == 0) {
		free_txn(&s->open);
		return 1;
	}
	drop_txns(s, s->n_applied);
	s->txns[s->n_txns++] = s->open;
	s->n_applied = s->n_txns;
	memset(&s->open, 0, sizeof(s->open));
	return 0;
}

void wr_txn_abort(struct wr_stage *s)
{
	if (!s->is_open)
		return;
	wr_txn__undo_edits(s, &s->open, NULL);
	free_txn(&s->open);
	s->is_open = false;
}

int wr_stage_undo(struct wr_stage *s, struct wr_error *err)
{
	if (s->is_open || s->n_applied == 0)
		return 1;
	if (wr_txn__undo_edits(s, &s->txns[s->n_applied - 1], err) < 0)
		return -1;
	s->n_applied--;
	return 0;
}

int wr_stage_redo(struct wr_stage *s, struct wr_error *err)
{
	if (s->is_open || s->n_applied == s->n_txns)
		return 1;
	if (wr_txn__redo_edits(s, &s->txns[s->n_applied], err) < 0)
		return -1;
	s->n_applied++;
	return 0;
}

size_t wr_stage_count(const struct wr_stage *s)
{
	return s->n_applied;
}

const struct wr_txn *wr_stage_txn(const struct wr_stage *s, size_t i)
{
	return i < s->n_applied ? &s->txns[i] : NULL;
}

size_t wr_stage_redo_count(const struct wr_stage *s)
{
	return s->n_txns - s->n_applied;
}

static bool txn_edits(const struct wr_txn *t, size_t i)
{
	for (size_t e = 0; e < t->n_edits; e++)
		if (t->edits[e].hive == i)
			return true;
	return false;
}

bool wr_txn_touches(const struct wr_txn *t, size_t i)
{
	for (size_t c = 0; c < t->n_copies; c++)
		if (t->copies[c].hive == i)
			return true;
	return txn_edits(t, i);
}

bool wr_stage_touches(const struct wr_stage *s, size_t i)
{
	for (size_t t = 0; t < s->n_applied; t++)
		if (wr_txn_touches(&s->txns[t], i))
			return true;
	return false;
}

bool wr_stage_edits(const struct wr_stage *s, size_t i)
{
	for (size_t t = 0; t < s->n_applied; t++)
		if (txn_edits(&s->txns[t], i))
			return true;
	return false;
}

int wr_txn_copy_file(struct wr_stage *s, const struct wr_file_copy *c, struct wr_error *err)
{
	struct wr_txn *t = wr_txn__target(s, c->hive, err);
	struct wr_file_copy *n, *copy;

	if (!t)
		return -1;
	if (!(n = realloc(t->copies, (t->n_copies + 1) * sizeof(*n))))
		return wr_txn__no_memory(err);
	t->copies = n;
	copy = &n[t->n_copies];
	*copy = *c;
	copy->path = strdup(c->path);
	copy->from = strdup(c->from);
	copy->shown_path = strdup(c->shown_path);
	copy->shown_from = strdup(c->shown_from);
	if (!copy->path || !copy->from || !copy->shown_path || !copy->shown_from) {
		free_copy(copy);
		return wr_txn__no_memory(err);
	}
	t->n_copies++;
	return 0;
}

void wr_txn_edit_record(const struct wr_txn *t, size_t i, struct wr_edit_record *out)
{
	const struct wr_edit *e = &t->edits[i];
	bool value = e->op == WR_EDIT_SET || e->op == WR_EDIT_DELETE_VALUE;

	*out = (struct wr_edit_record){
	    .op = e->op,
	    .hive = e->hive,
	    .key = e->key,
	    .name = value ? e->name : NULL,
	    .before = value && e->had_before ? &e->before : NULL,
	    .after = e->op == WR_EDIT_SET ? &e->after : NULL,
	};
}

/* The open transaction, when hive `i` may be edited. */
struct wr_txn *wr_txn__target(struct wr_stage *s, size_t i, struct wr_error *err)
{
	if (!s->is_open) {
		wr_error_set(err, EINVAL, _("no transaction is open"));
		return NULL;
	}
	if (i >= s->n_hives) {
		wr_error_set(err, EINVAL, _("no such hive"));
		return NULL;
	}
	if (s->hives[i].read_only) {
		wr_error_set(err, EROFS, "%s", s->hives[i].read_only);
		return NULL;
	}
	return &s->open;
}

/* A new zeroed edit at the end of `t`. */
struct wr_edit *wr_txn__new_edit(struct wr_txn *t, struct wr_error *err)
{
	struct wr_edit *n = realloc(t->edits, (t->n_edits + 1) * sizeof(*n));

	if (!n) {
		wr_txn__no_memory(err);
		return NULL;
	}
	t->edits = n;
	memset(&n[t->n_edits], 0, sizeof(*n));
	return &n[t->n_edits++];
}

struct wr_change *wr_txn__new_change(struct wr_txn *t, struct wr_error *err)
{
	struct wr_change *n = realloc(t->changes, (t->n_changes + 1) * sizeof(*n));

	if (!n) {
		wr_txn__no_memory(err);
		return NULL;
	}
	t->changes = n;
	memset(&n[t->n_changes], 0, sizeof(*n));
	return &n[t->n_changes++];
}
