/* SPDX-License-Identifier: GPL-3.0-or-later */
/* keys.c - the one key table: keys to requests, the help screen and the key bar. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "console.h"

#define CTRL(c) ((c)&0x1f)

/* Every binding.  The first key of a request is the one the help and the
 * key bar show; `bar` marks what fits on an 80-column key bar. */
static const struct binding {
	int key;
	enum request req;
	const char *help; /* N_(); NULL: an alias of the line before */
	const char *bar;  /* N_() short label, or NULL */
} bindings[] = {
    {KEY_F(1), REQ_HELP, N_("show this help"), N_("Help")},
    {'?', REQ_HELP, NULL, NULL},
    {KEY_UP, REQ_UP, N_("move up"), NULL},
    {'k', REQ_UP, NULL, NULL},
    {KEY_DOWN, REQ_DOWN, N_("move down"), NULL},
    {'j', REQ_DOWN, NULL, NULL},
    {KEY_PPAGE, REQ_PAGE_UP, N_("page up"), NULL},
    {CTRL('b'), REQ_PAGE_UP, NULL, NULL},
    {KEY_NPAGE, REQ_PAGE_DOWN, N_("page down"), NULL},
    {CTRL('f'), REQ_PAGE_DOWN, NULL, NULL},
    {KEY_HOME, REQ_HOME, N_("first line"), NULL},
    {'g', REQ_HOME, NULL, NULL},
    {KEY_END, REQ_END, N_("last line"), NULL},
    {'G', REQ_END, NULL, NULL},
    {'\t', REQ_NEXT_PANE, N_("next pane"), N_("Pane")},
    {KEY_BTAB, REQ_PREV_PANE, N_("previous pane"), NULL},
    {'\n', REQ_ENTER, N_("open: show an object's elements, expand a key, edit a value"), NULL},
    {'\r', REQ_ENTER, NULL, NULL},
    {KEY_ENTER, REQ_ENTER, NULL, NULL},
    {KEY_RIGHT, REQ_ENTER, NULL, NULL},
    {'l', REQ_ENTER, NULL, NULL},
    {KEY_LEFT, REQ_COLLAPSE, N_("collapse a key / back to the objects"), NULL},
    {'h', REQ_COLLAPSE, NULL, NULL},
    {KEY_F(2), REQ_REPAIRS, N_("repairs: safeboot, serial console, memory dump"), N_("Repair")},
    {'r', REQ_REPAIRS, NULL, NULL},
    {KEY_F(3), REQ_CHECKLISTS, N_("checklists: Microsoft's articles step by step"), N_("Guide")},
    {'c', REQ_CHECKLISTS, NULL, NULL},
    {'u', REQ_UNDO, N_("undo the last pending change"), N_("Undo")},
    {CTRL('r'), REQ_REDO, N_("redo"), NULL},
    {'w', REQ_COMMIT, N_("write the pending changes (asks first)"), N_("Write")},
    {'/', REQ_SEARCH, N_("search in the pane"), N_("Search")},
    {'n', REQ_SEARCH_NEXT, N_("next match"), NULL},
    {'e', REQ_EDIT, N_("registry: set the selected value"), NULL},
    {KEY_DC, REQ_DELETE, N_("registry: delete the selected value"), NULL},
    {'d', REQ_DELETE, NULL, NULL},
    {'o', REQ_NEXT_HIVE, N_("registry: browse the next hive (BCD, SYSTEM, SOFTWARE)"), NULL},
    {CTRL('l'), REQ_REDRAW, N_("redraw the screen"), NULL},
    {KEY_F(10), REQ_QUIT, N_("quit (asks when changes are pending)"), N_("Quit")},
    {'q', REQ_QUIT, NULL, NULL},
};

#define N_BINDINGS (sizeof(bindings) / sizeof(bindings[0]))

enum request keys_request(int key)
{
	for (size_t i = 0; i < N_BINDINGS; i++)
		if (bindings[i].key == key)
			return bindings[i].req;
	return REQ_NONE;
}

/* "F1", "Ctrl-R", "Tab", "k": how the help names a key. */
const char *keys_name(int key)
{
	static char buf[16];

	switch (key) {
	case KEY_UP:
		return _("Up");
	case KEY_DOWN:
		return _("Down");
	case KEY_LEFT:
		return _("Left");
	case KEY_RIGHT:
		return _("Right");
	case KEY_PPAGE:
		return _("PgUp");
	case KEY_NPAGE:
		return _("PgDn");
	case KEY_HOME:
		return _("Home");
	case KEY_END:
		return _("End");
	case KEY_BTAB:
		return _("Shift-Tab");
	case KEY_DC:
		return _("Delete");
	case KEY_ENTER:
	case '\n':
	case '\r':
		return _("Enter");
	case '\t':
		return _("Tab");
	}
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, sizeof(buf), "F%d", key - KEY_F(0));
	else if (key < 32)
		snprintf(buf, sizeof(buf), _("Ctrl-%c"), key + 'A' - 1);
	else
		snprintf(buf, sizeof(buf), "%c", key);
	return buf;
}

/* One help line per request: its keys, then what it does. */
void keys_help(struct console *c)
{
	struct wr_buf b = WR_BUF_INIT;

	for (size_t i = 0; i < N_BINDINGS; i++) {
		struct wr_buf keys = WR_BUF_INIT;

		if (!bindings[i].help)
			continue;
		for (size_t k = i; k < N_BINDINGS && (k == i || !bindings[k].help); k++) {
			/* Enter is bound as \n, \r and KEY_ENTER: name it once. */
			if (k > i && strcmp(keys_name(bindings[k].key), _("Enter")) == 0 &&
			    strstr(wr_buf_str(&keys), _("Enter")))
				continue;
			wr_buf_puts(&keys, keys.len ? " " : "");
			wr_buf_puts(&keys, keys_name(bindings[k].key));
		}
		wr_buf_printf(&b, "%-18s %s\n", wr_buf_str(&keys), _(bindings[i].help));
		wr_buf_free(&keys);
	}
	dialog_message(c, _("Keys"), wr_buf_str(&b));
	wr_buf_free(&b);
}

/* "F1 Help  F2 Repair  u Undo  w Write ..." on row `y`. */
void keys_bar(struct console *c, int y)
{
	int x = 0;

	move(y, 0);
	clrtoeol();
	for (size_t i = 0; i < N_BINDINGS && x < c->cols; i++) {
		const char *key, *label;
		int need;

		if (!bindings[i].bar)
			continue;
		/* A serial console's vt100 has F1-F4 only: show the key that works. */
		key = keys_name(bindings[i].key >= KEY_F(1) && bindings[i].key <= KEY_F(12) &&
		                        !has_key(bindings[i].key) && i + 1 < N_BINDINGS &&
		                        bindings[i + 1].req == bindings[i].req
		                    ? bindings[i + 1].key
		                    : bindings[i].key);
		label = _(bindings[i].bar);
		need = (int)(strlen(key) + 1 + strlen(label) + 2);
		if (x + need > c->cols)
			break;
		attrset(display_attr(ROW_HEADING, true, true));
		mvaddstr(y, x, key);
		attrset(A_NORMAL);
		addch(' ');
		addstr(label);
		x += need;
	}
	attrset(A_NORMAL);
}
