/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tree.c - the registry pane: a hive as a key tree with typed values, as regedit shows it. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "console.h"
#include "txn/txn.h"

static struct wr_hive *tree_hive(struct console *c)
{
	struct wr_stage *s = c->session ? wr_session_stage(c->session) : NULL;

	return s && c->reg_hive < wr_stage_hive_count(s) ? wr_stage_hive(s, c->reg_hive) : NULL;
}

void tree_free(struct console *c)
{
	for (size_t i = 0; i < c->n_tree; i++)
		free(c->tree[i].path);
	free(c->tree);
	c->tree = NULL;
	c->n_tree = 0;
}

/* Insert the subkeys of `parent` (path `path`, depth `depth`) at `at`. */
static void insert_children(struct console *c, size_t at, wr_node parent, const char *path,
                            int depth)
{
	struct wr_hive *h = tree_hive(c);
	wr_node *kids = NULL;
	size_t n = 0;
	struct reg_node *grown;

	if (wr_hive_children(h, parent, &kids, &n, NULL) < 0 || n == 0 ||
	    !(grown = realloc(c->tree, (c->n_tree + n) * sizeof(*grown)))) {
		free(kids);
		return;
	}
	c->tree = grown;
	memmove(&c->tree[at + n], &c->tree[at], (c->n_tree - at) * sizeof(*grown));
	for (size_t i = 0; i < n; i++) {
		char *name = wr_hive_node_name(h, kids[i], NULL), *full = NULL;

		if (asprintf(&full, "%s%s%s", path, *path ? "\\" : "", name ? name : "?") < 0)
			full = NULL;
		c->tree[at + i] = (struct reg_node){kids[i], depth, false, full};
		free(name);
	}
	c->n_tree += n;
	free(kids);
}

void tree_reset(struct console *c)
{
	struct wr_hive *h = tree_hive(c);

	tree_free(c);
	if (h)
		insert_children(c, 0, wr_hive_root(h), "", 0);
	c->panes[PANE_REGISTRY].sel = 0;
}

void tree_toggle(struct console *c, size_t i, bool open)
{
	size_t end = i + 1;

	if (i >= c->n_tree || c->tree[i].expanded == open)
		return;
	if (open) {
		c->tree[i].expanded = true;
		insert_children(c, i + 1, c->tree[i].node, c->tree[i].path, c->tree[i].depth + 1);
		return;
	}
	while (end < c->n_tree && c->tree[end].depth > c->tree[i].depth)
		free(c->tree[end++].path);
	memmove(&c->tree[i + 1], &c->tree[end], (c->n_tree - end) * sizeof(c->tree[0]));
	c->n_tree -= end - i - 1;
	c->tree[i].expanded = false;
}

static void value_rows(struct console *c, struct pane *p, size_t i)
{
	struct wr_hive *h = tree_hive(c);
	char **names = NULL;
	size_t n = 0;

	if (wr_hive_value_names(h, c->tree[i].node, &names, &n, NULL) < 0)
		return;
	for (size_t k = 0; k < n; k++) {
		struct wr_change show = {.kind = WR_CHANGE_REG_SET, .had_before = true};
		struct wr_buf b = WR_BUF_INIT;

		if (wr_hive_get_value(h, c->tree[i].node, names[k], &show.before, NULL) == 0)
			wr_change_format_value(&show, false, &b);
		pane_add(p, ROW_VALUE, c->tree[i].depth * 2 + 4, i, "%s = %s",
		         *names[k] ? names[k] : _("(Default)"), wr_buf_str(&b));
		if (p->n_rows)
			p->rows[p->n_rows - 1].name = names[k];
		else
			free(names[k]);
		wr_value_clear(&show.before);
		wr_buf_free(&b);
	}
	free(names);
}

void tree_rows(struct console *c, struct pane *p)
{
	pane_clear(p);
	if (!tree_hive(c)) {
		pane_add(p, ROW_DIM, 0, SIZE_MAX, "%s",
		         c->loading ? _("loading...") : _("no hive"));
		return;
	}
	pane_add(p, ROW_HEADING, 0, SIZE_MAX, _("%s  (o: next hive)"),
	         wr_session_label(c->session, c->reg_hive));
	for (size_t i = 0; i < c->n_tree; i++) {
		const char *name = strrchr(c->tree[i].path, '\\');

		pane_add(p, ROW_KEY, c->tree[i].depth * 2, i, "%s %s",
		         c->tree[i].expanded ? "-" : "+", name ? name + 1 : c->tree[i].path);
		if (c->tree[i].expanded)
			value_rows(c, p, i);
	}
}

/* The value under the registry cursor: its name, and its key in *key. */
const char *tree_selected_value(struct console *c, size_t *key)
{
	struct pane *p = &c->panes[PANE_REGISTRY];

	if (p->sel >= p->n_rows || p->rows[p->sel].kind != ROW_VALUE)
		return NULL;
	*key = p->rows[p->sel].ref;
	return p->rows[p->sel].name;
}

/* Rebuild the tree after edits (keys may come and go), keeping open what
 * was open. */
void tree_refresh(struct console *c)
{
	char **open = calloc(c->n_tree + 1, sizeof(*open));
	size_t n_open = 0, sel = c->panes[PANE_REGISTRY].sel;

	for (size_t i = 0; open && i < c->n_tree; i++)
		if (c->tree[i].expanded)
			open[n_open++] = strdup(c->tree[i].path);
	tree_reset(c);
	for (size_t i = 0; i < c->n_tree; i++)
		for (size_t k = 0; k < n_open; k++)
			if (open[k] && c->tree[i].path && strcmp(open[k], c->tree[i].path) == 0)
				tree_toggle(c, i, true);
	for (size_t k = 0; k < n_open; k++)
		free(open[k]);
	free(open);
	c->panes[PANE_REGISTRY].sel = sel;
}
