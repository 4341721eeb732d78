/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reg-query.c - reg query: a key's values and subkeys, laid out as reg.exe prints them. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "reg-internal.h"

struct query {
	const struct wr__reg_key *k;
	const char *name; /* /v NAME, "" for /ve; NULL: every value */
	size_t matches;   /* keys that hold `name` */
	struct wr_buf *out;
};

static void key_line(const struct query *q, const char *rel)
{
	wr__reg_subkey_shown(q->k->typed, rel, q->out);
	wr_buf_putc(q->out, '\n');
}

/* /s: every key below, parents first, each with its values and a blank
 * line; the key queried only when it has values. */
static int all_below(void *ctx, wr_node node, const char *rel, struct wr_error *err)
{
	struct query *q = ctx;
	struct wr__reg_values v;

	if (wr__reg_values_read(q->k->h, node, &v, err) < 0)
		return -1;
	if (v.n || *rel)
		key_line(q, rel);
	for (size_t i = 0; i < v.n; i++)
		wr__reg_value_line(v.names[i], &v.values[i], q->out);
	if (v.n || *rel)
		wr_buf_putc(q->out, '\n');
	wr__reg_values_free(&v);
	return 0;
}

/* Without /s: the values under the key's name, then each subkey's name. */
static int all_here(struct query *q, struct wr_error *err)
{
	wr_node *kids = NULL;
	size_t n = 0;
	int r = all_below(q, q->k->node, "", err);

	if (r == 0)
		r = wr_hive_children(q->k->h, q->k->node, &kids, &n, err);
	for (size_t i = 0; r == 0 && i < n; i++) {
		char *name = wr_hive_node_name(q->k->h, kids[i], err);

		if (!name)
			r = -1;
		else
			key_line(q, name);
		free(name);
	}
	free(kids);
	return r;
}

/* The one value, in each key that holds it. */
static int one_value(void *ctx, wr_node node, const char *rel, struct wr_error *err)
{
	struct query *q = ctx;
	struct wr_value v = {0};
	int r = wr_hive_get_value(q->k->h, node, q->name, &v, err);

	if (r == 0) {
		key_line(q, rel);
		wr__reg_value_line(q->name, &v, q->out);
		wr_buf_putc(q->out, '\n');
		q->matches++;
	}
	wr_value_clear(&v);
	return r < 0 ? -1 : 0;
}

static int value_here(struct query *q, struct wr_error *err)
{
	if (one_value(q, q->k->node, "", err) < 0)
		return -1;
	if (q->matches)
		return 0;
	if (*q->name)
		return wr__reg_not_found(q->k, q->name, err);
	/* The default value is always there to ask for, as reg.exe shows it. */
	key_line(q, "");
	wr_buf_printf(q->out, "    %s    REG_SZ    %s\n", _("(Default)"), _("(value not set)"));
	return 0;
}

int wr__reg_query(struct wr_cmd_env *e, const struct wr__reg_args *a, struct wr_buf *out,
                  struct wr_error *err)
{
	bool one = a->has[WR_SW_V] || a->has[WR_SW_VE], below = a->has[WR_SW_S];
	struct wr__reg_key k;
	struct query q = {.k = &k, .name = one ? wr__reg_value_name(a) : NULL, .out = out};
	int r;

	if (wr__reg_key_open(e, a->pos[0], true, &k, err) < 0)
		return -1;
	wr_buf_putc(out, '\n');
	if (one && below) {
		r = wr__reg_walk(k.h, k.node, true, one_value, &q, err);
		if (r == 0)
			wr_buf_printf(out, _("End of search: %zu match(es) found.\n"), q.matches);
	} else if (one) {
		r = value_here(&q, err);
	} else if (below) {
		r = wr__reg_walk(k.h, k.node, true, all_below, &q, err);
	} else {
		r = all_here(&q, err);
	}
	if (r == 0 && out->oom) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		r = -1;
	}
	wr__reg_key_close(&k);
	return r;
}
