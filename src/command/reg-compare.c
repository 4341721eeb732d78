/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reg-compare.c - reg compare: two keys' values (and subkeys), and whether they differ. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "reg-internal.h"

/* What reg compare prints: /od the differences (its default), /os what
 * is the same, /oa both, /on neither. */
struct compare {
	const struct wr__reg_key *left, *right;
	const char *name; /* /v NAME, "" for /ve; NULL: every value */
	bool show_same, show_different;
	size_t differences;
	struct wr_buf *out;
};

/* "< Value: KEY NAME TYPE DATA" (or '>', '=') */
static void value_line(struct compare *c, char mark, const struct wr__reg_key *k, const char *rel,
                       const char *name, const struct wr_value *v)
{
	if (!(mark == '=' ? c->show_same : c->show_different))
		return;
	wr_buf_printf(c->out, "%c Value: ", mark);
	wr__reg_subkey_shown(k->typed, rel, c->out);
	wr_buf_putc(c->out, ' ');
	wr__reg_value_parts(name, v, " ", c->out);
	wr_buf_putc(c->out, '\n');
}

static void key_line(struct compare *c, char mark, const struct wr__reg_key *k, const char *rel)
{
	if (!(mark == '=' ? c->show_same : c->show_different))
		return;
	wr_buf_printf(c->out, "%c Key: ", mark);
	wr__reg_subkey_shown(k->typed, rel, c->out);
	wr_buf_putc(c->out, '\n');
}

static const struct wr_value *find(const struct wr__reg_values *v, const char *name)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcasecmp(v->names[i], name) == 0)
			return &v->values[i];
	return NULL;
}

/* One side's values against the other's: `mine` from this side (mark
 * '<' left, '>' right); sameness is counted on the left pass only. */
static void values_against(struct compare *c, char mark, const struct wr__reg_key *k,
                           const char *rel, const struct wr__reg_values *mine,
                           const struct wr__reg_values *theirs)
{
	for (size_t i = 0; i < mine->n; i++) {
		const struct wr_value *other = find(theirs, mine->names[i]);
		bool same = other && wr_value_equal(other, &mine->values[i]);

		if (c->name && strcasecmp(c->name, mine->names[i]) != 0)
			continue;
		if (same && mark == '<')
			value_line(c, '=', k, rel, mine->names[i], &mine->values[i]);
		if (same)
			continue;
		value_line(c, mark, k, rel, mine->names[i], &mine->values[i]);
		c->differences += mark == '<' || !other;
	}
}

/* The key `rel` below the other side's key: 0 found, 1 missing. */
static int other_side(const struct wr__reg_key *k, const char *rel, wr_node *node,
                      struct wr_error *err)
{
	return wr_hive_lookup(k->h, k->node, rel, node, err);
}

/* Left pass: each key of the left side against the right one's. */
static int left_visit(void *ctx, wr_node node, const char *rel, struct wr_error *err)
{
	struct compare *c = ctx;
	struct wr__reg_values mine, theirs;
	wr_node there;
	int r = other_side(c->right, rel, &there, err);

	if (r == 1) {
		key_line(c, '<', c->left, rel);
		c->differences++;
		return WR_REG_WALK_PRUNE;
	}
	if (r < 0 || wr__reg_values_read(c->left->h, node, &mine, err) < 0)
		return -1;
	if (wr__reg_values_read(c->right->h, there, &theirs, err) < 0) {
		wr__reg_values_free(&mine);
		return -1;
	}
	values_against(c, '<', c->left, rel, &mine, &theirs);
	values_against(c, '>', c->right, rel, &theirs, &mine);
	wr__reg_values_free(&mine);
	wr__reg_values_free(&theirs);
	return 0;
}

/* Right pass (/s): the keys only the right side has. */
static int right_visit(void *ctx, wr_node node, const char *rel, struct wr_error *err)
{
	struct compare *c = ctx;
	wr_node there;
	int r = other_side(c->left, rel, &there, err);

	(void)node;
	if (r == 1) {
		key_line(c, '>', c->right, rel);
		c->differences++;
		return WR_REG_WALK_PRUNE;
	}
	return r < 0 ? -1 : 0;
}

static bool has_value(const struct wr__reg_key *k, const char *name)
{
	struct wr_value v = {0};
	bool there = wr_hive_get_value(k->h, k->node, name, &v, NULL) == 0;

	wr_value_clear(&v);
	return there;
}

static int compare_keys(struct compare *c, bool below, struct wr_error *err)
{
	if (c->name && !has_value(c->left, c->name) && !has_value(c->right, c->name))
		return wr__reg_not_found(c->left, c->name, err);
	if (wr__reg_walk(c->left->h, c->left->node, below, left_visit, c, err) < 0)
		return -1;
	return below ? wr__reg_walk(c->right->h, c->right->node, true, right_visit, c, err) : 0;
}

int wr__reg_compare(struct wr_cmd_env *e, const struct wr__reg_args *a, struct wr_buf *out,
                    struct wr_error *err)
{
	bool one = a->has[WR_SW_V] || a->has[WR_SW_VE];
	struct wr__reg_key left, right = {0};
	struct compare c = {
	    .left = &left,
	    .right = &right,
	    .name = one ? wr__reg_value_name(a) : NULL,
	    .show_same = a->has[WR_SW_OA] || a->has[WR_SW_OS],
	    .show_different = !a->has[WR_SW_OS] && !a->has[WR_SW_ON],
	    .out = out,
	};
	int r;

	if (wr__reg_key_open(e, a->pos[0], true, &left, err) < 0)
		return -1;
	r = wr__reg_key_open(e, a->pos[1], true, &right, err);
	if (r == 0)
		r = compare_keys(&c, a->has[WR_SW_S], err);
	if (r == 0) {
		/* reg.exe's exit status says it too: 0 identical, 2 different. */
		wr_buf_puts(out, c.differences ? _("Result Compared: Different\n")
		                               : _("Result Compared: Identical\n"));
		wr__reg_done(out);
	}
	wr__reg_key_close(&right);
	wr__reg_key_close(&left);
	return r;
}
