/* SPDX-License-Identifier: GPL-3.0-or-later */
/* keys.c - the request table read: keys to requests, key names, the help screen, the key bar and
 * the boxes' hint lines. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/text.h"
#include "cli/cli.h"
#include "console.h"

/* The locale's yes or no (y, j, +, ... as it says) for a question. */
static bool answers(const struct request_info *r, int key)
{
	int answer = key > 0 && key < 256 ? cli_answer((char[]){(char)key, '\0'}) : -1;

	return (r->answer == ANSWER_YES && answer == 1) || (r->answer == ANSWER_NO && answer == 0);
}

const struct request_info *keys_find(unsigned where, int key)
{
	/* A question's answers first: j is yes in Dutch, not a move down. */
	for (size_t i = 0; i < n_requests; i++)
		if ((requests[i].where & where) && answers(&requests[i], key))
			return &requests[i];
	for (size_t i = 0; i < n_requests; i++)
		for (const int *k = requests[i].keys; (requests[i].where & where) && *k; k++)
			if (*k == key)
				return &requests[i];
	return NULL;
}

enum request keys_request(unsigned where, int key)
{
	const struct request_info *r = keys_find(where, key);

	return r ? r->req : REQ_NONE;
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
	case KEY_BACKSPACE:
	case 127:
		return _("Backspace");
	case KEY_ENTER:
	case '\n':
	case '\r':
		return _("Enter");
	case '\t':
		return _("Tab");
	case 27:
		return _("Esc");
	case ' ':
		return _("Space");
	}
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, sizeof(buf), "F%d", key - KEY_F(0));
	else if (key < 32)
		snprintf(buf, sizeof(buf), _("Ctrl-%c"), key + 'A' - 1);
	else
		snprintf(buf, sizeof(buf), "%c", key);
	return buf;
}

/* The key a hint shows for `r`: the locale's letter for an answer, else
 * its first key, or the next one where a vt100 (a serial console) has no
 * such function key. */
static const char *shown_key(const struct request_info *r)
{
	int key = r->keys[0];

	if (r->answer != ANSWER_NONE)
		return r->answer == ANSWER_YES ? _("y") : _("n");
	if (key >= KEY_F(1) && key <= KEY_F(12) && !has_key(key) && r->keys[1])
		key = r->keys[1];
	return keys_name(key);
}

/* All the keys of `r`, as the help lists them: "F2 r", "Enter Right l"
 * (Enter is \n, \r and KEY_ENTER: named once). */
static void all_keys(const struct request_info *r, struct wr_buf *out)
{
	char names[8][32];
	size_t n = 0;

	if (r->answer != ANSWER_NONE)
		snprintf(names[n++], sizeof(names[0]), "%s", shown_key(r));
	for (const int *k = r->keys; *k && n < 8; k++) {
		bool again = false;

		snprintf(names[n], sizeof(names[0]), "%s", keys_name(*k));
		for (size_t i = 0; i < n; i++)
			again = again || strcmp(names[i], names[n]) == 0;
		n += !again;
	}
	for (size_t i = 0; i < n; i++)
		wr_buf_printf(out, "%s%s", i ? " " : "", names[i]);
}

/* One section of the help screen: the requests first found in `where`. */
static void help_section(unsigned where, const char *title, struct wr_buf *b)
{
	bool any = false;

	for (size_t i = 0; i < n_requests; i++) {
		const struct request_info *r = &requests[i];
		struct wr_buf keys = WR_BUF_INIT;

		/* Listed once, where it is first found (moves: in the panes). */
		if (!r->help || !(r->where & where) || (r->where & (where - 1)))
			continue;
		if (!any)
			wr_buf_printf(b, "%s%s\n", b->len ? "\n" : "", _(title));
		any = true;
		all_keys(r, &keys);
		wr_buf_printf(b, "%-18s %s\n", wr_buf_str(&keys), _(r->help));
		wr_buf_free(&keys);
	}
}

/* One help line per request, in sections: the panes, then each kind of box. */
void keys_help(struct console *c)
{
	static const struct {
		unsigned where;
		const char *title;
	} sections[] = {
	    {CTX_PANES, N_("In the panes (the moves scroll boxes and menus too):")},
	    {CTX_FINDINGS, N_("In the Findings view:")},
	    {CTX_TEXT, N_("In a box of text:")},
	    {CTX_QUESTION, N_("In a question:")},
	    {CTX_STEP, N_("In a checklist's step:")},
	    {CTX_MENU, N_("In a menu:")},
	    {CTX_INPUT, N_("Typing a line:")},
	};
	struct wr_buf b = WR_BUF_INIT;

	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		help_section(sections[i].where, sections[i].title, &b);
	dialog_message(c, _("Keys"), wr_buf_str(&b));
	wr_buf_free(&b);
}

/* Columns "KEY LABEL" takes on the key bar, with the gap after it. */
static int bar_width(const struct request_info *r)
{
	return (int)(strlen(shown_key(r)) + 1 + wr_utf8_width(_(r->label)) + 2);
}

static int bar_item(const struct request_info *r, int y, int x)
{
	attrset(display_attr(ROW_HEADING, true, true));
	mvaddstr(y, x, shown_key(r));
	attrset(A_NORMAL);
	addch(' ');
	addstr(_(r->label));
	return x + bar_width(r);
}

/*
 * "F1 Help  F2 Repair  u Undo  w Write ... F10 Quit" on row `y`: the keys of
 * the view shown.  The last one, how to quit, is always there: when the
 * labels (a translation) are too long, the ones before it give way.
 */
void keys_bar(struct console *c, int y)
{
	unsigned view = c->findings_view ? CTX_FINDINGS : CTX_PANES;
	const struct request_info *last = NULL;
	int x = 0;

	for (size_t i = 0; i < n_requests; i++)
		if (requests[i].label && (requests[i].where & view))
			last = &requests[i];
	move(y, 0);
	clrtoeol();
	for (size_t i = 0; last && &requests[i] != last; i++) {
		if (!requests[i].label || !(requests[i].where & view))
			continue;
		if (x + bar_width(&requests[i]) + bar_width(last) - 2 > c->cols)
			break;
		x = bar_item(&requests[i], y, x);
	}
	if (last && x + bar_width(last) - 2 <= c->cols)
		bar_item(last, y, x);
	attrset(A_NORMAL);
}

void keys_hint(unsigned where, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n_requests && used < len; i++)
		if (requests[i].label && (requests[i].where & where))
			used +=
			    (size_t)snprintf(out + used, len - used, "%s%s: %s", used ? "  " : "",
			                     shown_key(&requests[i]), _(requests[i].label));
}

void keys_scroll_hint(char *out, size_t len)
{
	const struct request_info *up = keys_find(CTX_TEXT, KEY_UP);
	const struct request_info *down = keys_find(CTX_TEXT, KEY_DOWN);

	snprintf(out, len, "%s/%s: %s", shown_key(up), shown_key(down), _("scroll"));
}
