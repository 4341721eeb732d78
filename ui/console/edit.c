/* SPDX-License-Identifier: GPL-3.0-or-later */
/* edit.c - the registry pane's own edits (set, delete a value) as transactions, and quitting. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "console.h"

/* The selected value: its key's path and the value itself. */
static const char *selected(struct console *c, const char **key, struct wr_value *v)
{
	struct wr_hive *h;
	size_t k;
	const char *name =
	    c->session && c->focus == PANE_REGISTRY ? tree_selected_value(c, &k) : NULL;
	wr_node node;

	if (!name) {
		display_status(
		    c, true, "%s",
		    _("select a value in the Registry pane (Enter on a key shows them)"));
		return NULL;
	}
	*key = c->tree[k].path;
	h = wr_stage_hive(wr_session_stage(c->session), c->reg_hive);
	if (wr_hive_lookup(h, wr_hive_root(h), *key, &node, NULL) != 0 ||
	    wr_hive_get_value(h, node, name, v, NULL) != 0) {
		display_status(c, true, _("%s: cannot read this value"), *key);
		return NULL;
	}
	return name;
}

/* Run one registry edit as its own transaction. */
static void edit(struct console *c, const char *what, const char *key, const char *name,
                 const struct wr_value *v)
{
	struct wr_stage *s = wr_session_stage(c->session);
	struct wr_error err = {0};
	int r = wr_txn_begin(s, what, &err);

	if (r == 0)
		r = v ? wr_txn_reg_set(s, c->reg_hive, key, name, v->type, v->data, v->len, &err)
		      : wr_txn_reg_delete_value(s, c->reg_hive, key, name, &err);
	if (r < 0) {
		wr_txn_abort(s);
		dialog_message(c, what, err.msg);
		return;
	}
	if (wr_txn_end(s) == 1)
		display_status(c, false, "%s", _("no change"));
	else
		display_status(c, false, _("%s staged; w writes, u undoes"), what);
	action_model_changed(c);
}

/* Ask for the new text of value `name` (now `v`, shown as `text`), stage it. */
static void ask_value(struct console *c, const char *key, const char *name,
                      const struct wr_value *v, char *text, size_t len)
{
	struct wr_value nv = {0};
	struct wr_error err = {0};
	char prompt[512];

	snprintf(prompt, sizeof(prompt),
	         _("%s (type %u; numbers in decimal or 0x hex, other "
	           "binary data as hex bytes):"),
	         *name ? name : _("(Default)"), v->type);
	if (!dialog_input(c, _("Set value"), prompt, text, len, NULL))
		return;
	if (wr_value_parse(v, text, &nv, &err) == 0)
		edit(c, _("set value"), key, name, &nv);
	else
		display_status(c, true, "%s", err.msg);
	wr_value_clear(&nv);
}

void action_edit_value(struct console *c)
{
	struct wr_value v = {0};
	struct wr_error err = {0};
	const char *key, *name = selected(c, &key, &v);
	char text[1024], *shown = name ? wr_value_text(&v, &err) : NULL;

	if (!name)
		return;
	if (!shown)
		display_status(c, true, "%s", err.msg);
	else if (strlen(shown) >= sizeof(text)) /* editing a cut copy would cut the value */
		display_status(c, true, _("this value is too long to edit here (%zu bytes)"),
		               v.len);
	else
		ask_value(c, key, name, &v, memcpy(text, shown, strlen(shown) + 1), sizeof(text));
	free(shown);
	wr_value_clear(&v);
}

void action_delete_value(struct console *c)
{
	struct wr_value v = {0};
	const char *key, *name = selected(c, &key, &v);
	char text[1200];

	if (!name)
		return;
	snprintf(text, sizeof(text), "%s\n%s", key, *name ? name : _("(Default)"));
	if (dialog_confirm(c, _("Delete value"), text, _("Delete this value?")))
		edit(c, _("delete value"), key, name, NULL);
	wr_value_clear(&v);
}

bool action_quit(struct console *c)
{
	size_t n = c->session && !c->writing ? wr_stage_count(wr_session_stage(c->session)) : 0;
	char text[256];

	if (c->writing) {
		/* A write is never cut short: the console ends when it has
		 * (console_take_over), saying so meanwhile. */
		c->quit_when_written = true;
		return false;
	}
	if (n == 0)
		return true;
	snprintf(text, sizeof(text),
	         P_("%zu staged change is not written.", "%zu staged changes are not written.", n),
	         n);
	return dialog_confirm(c, _("Quit"), text, _("Quit and discard them?"));
}
