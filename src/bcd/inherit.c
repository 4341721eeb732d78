/* SPDX-License-Identifier: GPL-3.0-or-later */
/* inherit.c - walking inherit lists: effective values, cycles, dangling references. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "bcd.h"

/* Deeper chains than any real store has (3 levels); beyond this we stop. */
#define MAX_DEPTH 16

struct walk {
	const struct wr_bcd *bcd;
	wr_bcd_visit_fn visit;
	void *opaque;
	struct wr_buf *problems;
	bool *seen; /* by object index */
	const struct wr_bcd_object *path[MAX_DEPTH + 1];
	int depth;
	bool stop;
	bool oom; /* an inherit list could not be read: the walk is incomplete */
};

static size_t index_of(const struct walk *w, const struct wr_bcd_object *obj)
{
	return (size_t)(obj - wr_bcd_object(w->bcd, 0));
}

/* Name a cycle the same way whichever object the walk entered it by: only
 * the objects on the cycle, starting at the smallest GUID. */
static void report_cycle(struct walk *w, const struct wr_bcd_object *to)
{
	int first = 0, start, len;

	if (!w->problems)
		return;
	while (w->path[first] != to)
		first++;
	len = w->depth - first + 1;
	start = first;
	for (int i = first; i <= w->depth; i++)
		if (strcmp(w->path[i]->guid, w->path[start]->guid) < 0)
			start = i;
	wr_buf_puts(w->problems, _("inherit cycle:"));
	for (int i = 0; i <= len; i++)
		wr_buf_printf(w->problems, "%s %s", i ? " ->" : "",
		              w->path[first + (start - first + i) % len]->guid);
	wr_buf_putc(w->problems, '\n');
}

static void walk_object(struct walk *w, const struct wr_bcd_object *obj);

static void walk_inherits(struct walk *w, const struct wr_bcd_object *obj)
{
	const struct wr_bcd_element *el = wr_bcd_object_element(obj, WR_BCD_EL_INHERIT);
	struct wr_bcd_value v;

	if (!el)
		return;
	if (wr_bcd_value_decode(el, &v) < 0) {
		w->oom = w->stop = true;
		return;
	}
	if (!v.valid && w->problems)
		wr_buf_printf(w->problems, _("%s: inherit list: %s\n"), obj->guid, v.problem);
	for (size_t i = 0; v.valid && i < v.n_list && !w->stop; i++) {
		const struct wr_bcd_object *next = wr_bcd_get(w->bcd, v.list[i]);
		bool on_path = false;

		for (int d = 0; next && d <= w->depth; d++)
			on_path |= w->path[d] == next;
		if (!next) {
			if (w->problems)
				wr_buf_printf(w->problems,
				              _("%s inherits %s, which is not in the store\n"),
				              obj->guid, v.list[i]);
		} else if (on_path) {
			report_cycle(w, next);
		} else if (w->depth == MAX_DEPTH) {
			if (w->problems)
				wr_buf_printf(w->problems,
				              _("%s: inherit chain deeper than %d objects\n"),
				              obj->guid, MAX_DEPTH);
		} else if (!w->seen[index_of(w, next)]) {
			w->path[++w->depth] = next;
			walk_object(w, next);
			w->depth--;
		}
	}
	wr_bcd_value_clear(&v);
}

static void walk_object(struct walk *w, const struct wr_bcd_object *obj)
{
	w->seen[index_of(w, obj)] = true;
	if (w->visit && w->visit(obj, w->opaque)) {
		w->stop = true;
		return;
	}
	walk_inherits(w, obj);
}

int wr_bcd_walk_inherit(const struct wr_bcd *bcd, const struct wr_bcd_object *obj,
                        wr_bcd_visit_fn visit, void *opaque, struct wr_buf *problems)
{
	struct walk w = {.bcd = bcd, .visit = visit, .opaque = opaque, .problems = problems};

	w.seen = calloc(wr_bcd_count(bcd) + 1, sizeof(*w.seen));
	if (!w.seen)
		return -1;
	w.path[0] = obj;
	walk_object(&w, obj);
	free(w.seen);
	return w.oom ? -1 : 0;
}

struct find {
	uint32_t id;
	struct wr_bcd_inherited *out;
};

static bool find_visit(const struct wr_bcd_object *obj, void *opaque)
{
	struct find *f = opaque;
	const struct wr_bcd_element *el = wr_bcd_object_element(obj, f->id);

	if (!el)
		return false;
	f->out->element = el;
	f->out->source = obj;
	return true;
}

int wr_bcd_effective(const struct wr_bcd *bcd, const struct wr_bcd_object *obj, uint32_t id,
                     struct wr_bcd_inherited *out, struct wr_buf *problems)
{
	struct find f = {.id = id, .out = out};

	out->element = NULL;
	out->source = NULL;
	if (wr_bcd_walk_inherit(bcd, obj, find_visit, &f, problems) < 0)
		return -1; /* the walk stops where it finds the element: it had not */
	return out->element ? 0 : 1;
}

struct collect {
	struct wr_bcd_inherited *items;
	size_t n;
	bool oom;
};

static bool collect_visit(const struct wr_bcd_object *obj, void *opaque)
{
	struct collect *c = opaque;

	for (size_t i = 0; i < obj->n_elements && !c->oom; i++) {
		const struct wr_bcd_element *el = &obj->elements[i];
		bool have = el->id == WR_BCD_EL_INHERIT;

		for (size_t j = 0; j < c->n && !have; j++)
			have = c->items[j].element->id == el->id;
		if (have)
			continue; /* an object nearer the start already set it */
		struct wr_bcd_inherited *grown = realloc(c->items, (c->n + 1) * sizeof(*grown));

		if (!grown) {
			c->oom = true;
			break;
		}
		c->items = grown;
		c->items[c->n++] = (struct wr_bcd_inherited){el, obj};
	}
	return c->oom;
}

static int cmp_inherited(const void *a, const void *b)
{
	uint32_t x = ((const struct wr_bcd_inherited *)a)->element->id;
	uint32_t y = ((const struct wr_bcd_inherited *)b)->element->id;

	return x < y ? -1 : x > y;
}

int wr_bcd_effective_all(const struct wr_bcd *bcd, const struct wr_bcd_object *obj,
                         struct wr_bcd_inherited **out, size_t *n, struct wr_buf *problems)
{
	struct collect c = {0};

	if (wr_bcd_walk_inherit(bcd, obj, collect_visit, &c, problems) < 0 || c.oom) {
		free(c.items);
		return -1;
	}
	if (c.n)
		qsort(c.items, c.n, sizeof(*c.items), cmp_inherited);
	*out = c.items;
	*n = c.n;
	return 0;
}
