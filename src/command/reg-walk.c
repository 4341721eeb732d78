/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reg-walk.c - a key and every key below it, without recursion, safe on a hive whose keys loop. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "reg-internal.h"

/* The keys visited so far: a damaged hive can list a key below itself. */
struct seen {
	wr_node *slots; /* open addressing; 0 is never a key */
	size_t room, n;
};

static size_t slot_of(wr_node node, size_t room)
{
	return (size_t)((node >> 3) * 0x9e3779b97f4a7c15ull) & (room - 1);
}

static int seen_grow(struct seen *s)
{
	size_t room = s->room ? 2 * s->room : 64;
	wr_node *slots = calloc(room, sizeof(*slots));

	if (!slots)
		return -1;
	for (size_t i = 0; i < s->room; i++) {
		size_t k = slot_of(s->slots[i], room);

		if (!s->slots[i])
			continue;
		while (slots[k])
			k = (k + 1) & (room - 1);
		slots[k] = s->slots[i];
	}
	free(s->slots);
	s->slots = slots;
	s->room = room;
	return 0;
}

/* Add `node`: 0, 1 when it was there already, -1 out of memory. */
static int seen_add(struct seen *s, wr_node node)
{
	size_t k;

	if (2 * (s->n + 1) > s->room && seen_grow(s) < 0)
		return -1;
	for (k = slot_of(node, s->room); s->slots[k]; k = (k + 1) & (s->room - 1))
		if (s->slots[k] == node)
			return 1;
	s->slots[k] = node;
	s->n++;
	return 0;
}

struct frame {
	wr_node node;
	char *rel;
	size_t depth;
};

struct stack {
	struct frame *f;
	size_t n, room;
};

static int push(struct stack *st, wr_node node, char *rel, size_t depth)
{
	if (!rel)
		return -1;
	if (st->n == st->room) {
		size_t room = st->room ? 2 * st->room : 16;
		struct frame *f = realloc(st->f, room * sizeof(*f));

		if (!f) {
			free(rel);
			return -1;
		}
		st->f = f;
		st->room = room;
	}
	st->f[st->n++] = (struct frame){node, rel, depth};
	return 0;
}

static char *child_path(const char *rel, const char *name)
{
	size_t n = strlen(rel) + strlen(name) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s%s%s", rel, *rel ? "\\" : "", name);
	return p;
}

/* Push the subkeys of `f`, the last first, so they come off in hive order. */
static int push_children(struct wr_hive *h, struct stack *st, const struct frame *f,
                         struct wr_error *err)
{
	wr_node *kids = NULL;
	size_t n = 0;
	int r = wr_hive_children(h, f->node, &kids, &n, err);

	if (r == 0 && n && f->depth + 1 >= WR_REG_MAX_DEPTH) {
		wr_error_set(err, EINVAL, _("%s: keys nested deeper than %d levels"), f->rel,
		             WR_REG_MAX_DEPTH);
		r = -1;
	}
	while (r == 0 && n-- > 0) {
		char *name = wr_hive_node_name(h, kids[n], err);

		if (!name)
			r = -1;
		else if (push(st, kids[n], child_path(f->rel, name), f->depth + 1) < 0)
			r = -1, wr_error_set(err, ENOMEM, _("out of memory"));
		free(name);
	}
	free(kids);
	return r;
}

int wr__reg_walk(struct wr_hive *h, wr_node start, bool recurse, wr__reg_visit visit, void *ctx,
                 struct wr_error *err)
{
	struct stack st = {0};
	struct seen seen = {0};
	int r = push(&st, start, strdup(""), 0);

	if (r < 0)
		wr_error_set(err, ENOMEM, _("out of memory"));
	while (r == 0 && st.n) {
		struct frame f = st.f[--st.n];

		r = seen_add(&seen, f.node);
		if (r < 0)
			wr_error_set(err, ENOMEM, _("out of memory"));
		else if (r > 0)
			wr_error_set(err, EINVAL,
			             _("%s: the hive is damaged: this key is listed below itself"),
			             f.rel);
		r = r ? -1 : visit(ctx, f.node, f.rel, err);
		if (r == 0 && recurse)
			r = push_children(h, &st, &f, err);
		else if (r == WR_REG_WALK_PRUNE)
			r = 0;
		free(f.rel);
	}
	while (st.n)
		free(st.f[--st.n].rel);
	free(st.f);
	free(seen.slots);
	return r;
}

void wr__reg_values_free(struct wr__reg_values *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->names[i]);
		wr_value_clear(&v->values[i]);
	}
	free(v->names);
	free(v->values);
	*v = (struct wr__reg_values){0};
}

int wr__reg_values_read(struct wr_hive *h, wr_node node, struct wr__reg_values *out,
                        struct wr_error *err)
{
	size_t n = 0;

	*out = (struct wr__reg_values){0};
	if (wr_hive_value_names(h, node, &out->names, &n, err) < 0)
		return -1;
	out->values = calloc(n + 1, sizeof(*out->values));
	out->n = n;
	if (!out->values) {
		wr__reg_values_free(out);
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (wr_hive_get_value(h, node, out->names[i], &out->values[i], err) != 0) {
			if (err && !err->code)
				wr_error_set(err, EIO, _("cannot read value %s"), out->names[i]);
			wr__reg_values_free(out);
			return -1;
		}
	return 0;
}
