/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dialog.c - boxes over the panes: message, confirmation, menu, one-line input. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/text.h"
#include "console.h"

struct box {
	int y, x, h, w;
};

/* Text split into lines, long ones wrapped at `width` columns. */
struct lines {
	char **v;
	size_t n;
};

static void lines_add(struct lines *l, const char *s, size_t len)
{
	char **n = realloc(l->v, (l->n + 1) * sizeof(*n));

	if (n && (n[l->n] = strndup(s, len))) {
		l->v = n;
		l->n++;
	} else if (n) {
		l->v = n;
	}
}

static void lines_split(struct lines *l, const char *text, int width)
{
	const char *p = text;

	if (width < 1)
		width = 1;
	while (*p) {
		const char *end = strchr(p, '\n'), *cut = p, *q = p;
		size_t len = end ? (size_t)(end - p) : strlen(p);
		int cols = 0;

		/* Wrap at the last character that still fits. */
		while ((size_t)(q - p) < len && cols < width) {
			const char *before = q;

			if (wr_utf8_next(&q) < 0)
				q = before + 1;
			cols++;
			cut = q;
		}
		if ((size_t)(cut - p) < len) {
			/* Break after the last blank that fits, not inside a word. */
			for (const char *b = cut; b > p + 1; b--)
				if (b[-1] == ' ') {
					cut = b;
					break;
				}
			lines_add(l, p, (size_t)(cut - p));
			p = cut;
			continue;
		}
		lines_add(l, p, len);
		p += len + (end ? 1 : 0);
	}
}

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static struct box box_for(struct console *c, int want_h, int want_w)
{
	struct box b;

	b.w = want_w + 4 > c->cols - 2 ? c->cols - 2 : want_w + 4;
	b.h = want_h + 4 > c->lines - 2 ? c->lines - 2 : want_h + 4;
	b.y = (c->lines - b.h) / 2;
	b.x = (c->cols - b.w) / 2;
	return b;
}

static void box_draw(const struct box *b, const char *title)
{
	attrset(A_NORMAL);
	for (int y = b->y; y < b->y + b->h; y++)
		mvhline(y, b->x, ' ', b->w);
	attrset(A_BOLD);
	display_frame(b->y, b->x, b->h, b->w);
	mvaddstr(b->y, b->x + 2, " ");
	display_text(b->y, b->x + 3, title, b->w > 8 ? b->w - 6 : 1);
	addstr(" ");
	attrset(A_NORMAL);
}

/* Not a key: a signal, or the script's end.  It closes any dialog as Esc does. */
static bool ends_dialog(int key)
{
	return key == ERR || key == KEY_SIGNAL;
}

/* The terminal changed size under a dialog: lay the panes out again. */
static void resized(struct console *c)
{
	display_layout(c);
	panes_rebuild(c);
	clear();
	display_draw(c);
}

/* Where a scrolled box's first line goes for a move request. */
static size_t scrolled(enum request req, size_t top, size_t n, size_t inner)
{
	size_t last = n > inner ? n - inner : 0;

	switch (req) {
	case REQ_UP:
		return top > 0 ? top - 1 : 0;
	case REQ_DOWN:
		return top < last ? top + 1 : top;
	case REQ_PAGE_UP:
		return top > inner ? top - inner : 0;
	case REQ_PAGE_DOWN:
		return top + inner < last ? top + inner : last;
	case REQ_HOME:
		return 0;
	default:
		return last;
	}
}

static bool moves(enum request req)
{
	return req == REQ_UP || req == REQ_DOWN || req == REQ_PAGE_UP || req == REQ_PAGE_DOWN ||
	       req == REQ_HOME || req == REQ_END;
}

/* The hint line under a box of kind `where`: its keys from the request
 * table, after `question` when there is one, and how to scroll when the
 * text does not fit. */
static void hint_for(unsigned where, const char *question, bool scrolls, char *out, size_t len)
{
	char keys[256], scroll[64] = "";

	keys_hint(where, keys, sizeof(keys));
	if (scrolls)
		keys_scroll_hint(scroll, sizeof(scroll));
	snprintf(out, len, "%s%s%s%s%s", question ? question : "", question ? "  " : "", keys,
	         scrolls ? "  " : "", scroll);
}

/* Show `text` scrollable in a box of kind `where`; returns the request that
 * closed it (REQ_NONE: a signal or the script's end). */
static enum request text_box(struct console *c, unsigned where, const char *title, const char *text,
                             const char *question)
{
	struct lines l = {0};
	struct wr_buf safe = WR_BUF_INIT;
	struct box b;
	size_t top = 0;
	enum request req;
	char hint[512];
	int widest;

	c->in_dialog++;
	/* Escaped before it is wrapped, so the lines fit as shown. */
	wr_buf_put_printable_lines(&safe, text);
	lines_split(&l, wr_buf_str(&safe), c->cols > 12 ? c->cols - 8 : 4);
	wr_buf_free(&safe);
	hint_for(where, question, true, hint, sizeof(hint));
	widest = (int)wr_utf8_width(hint);
	for (size_t i = 0; i < l.n; i++)
		if ((int)wr_utf8_width(l.v[i]) > widest)
			widest = (int)wr_utf8_width(l.v[i]);
	b = box_for(c, (int)l.n + 1, widest);
	for (;;) {
		size_t inner = b.h > 4 ? (size_t)b.h - 4 : 0;
		int key;

		box_draw(&b, title);
		for (size_t r = 0; r < inner && top + r < l.n; r++)
			display_text(b.y + 1 + (int)r, b.x + 2, l.v[top + r], b.w - 4);
		hint_for(where, question, l.n > inner, hint, sizeof(hint));
		attrset(A_BOLD);
		display_text(b.y + b.h - 2, b.x + 2, hint, b.w - 4);
		attrset(A_NORMAL);
		if (top + inner < l.n)
			mvaddch(b.y + b.h - 1, b.x + b.w - 2, ACS_DARROW);
		refresh();
		key = console_getkey(c);
		req = ends_dialog(key) ? REQ_NONE : keys_request(where, key);
		if (ends_dialog(key) || (req != REQ_NONE && req != REQ_RESIZE && !moves(req)))
			break;
		if (moves(req))
			top = scrolled(req, top, l.n, inner);
		else if (req == REQ_RESIZE) {
			resized(c);
			b = box_for(c, (int)l.n + 1, widest);
		}
	}
	lines_free(&l);
	c->in_dialog--;
	return req;
}

enum request dialog_text(struct console *c, unsigned where, const char *title, const char *text)
{
	enum request req = text_box(c, where, title, text, NULL);

	display_draw(c);
	return req;
}

void dialog_message(struct console *c, const char *title, const char *text)
{
	dialog_text(c, CTX_TEXT, title, text);
}

/* Only a yes (the locale's, or the letter shown) says yes. */
bool dialog_confirm(struct console *c, const char *title, const char *text, const char *question)
{
	enum request req = text_box(c, CTX_QUESTION, title, text, question);

	display_draw(c);
	return req == REQ_YES;
}

int dialog_menu(struct console *c, const char *title, const char *const *items, size_t n)
{
	size_t sel = 0, top = 0;
	int widest = 0;
	enum request req;
	struct box b;

	for (size_t i = 0; i < n; i++)
		if ((int)wr_utf8_width(items[i]) > widest)
			widest = (int)wr_utf8_width(items[i]);
	c->in_dialog++;
	b = box_for(c, (int)n, widest);
	for (;;) {
		size_t rows = b.h > 4 ? (size_t)b.h - 4 : 0;
		int key;

		/* More items than rows (the repairs at 80x24): the list scrolls
		 * to keep the selection in view. */
		if (sel < top)
			top = sel;
		else if (rows && sel >= top + rows)
			top = sel - rows + 1;
		box_draw(&b, title);
		for (size_t r = 0, i = top; r < rows && i < n; r++, i++) {
			attrset(i == sel ? display_attr(ROW_NORMAL, true, true) : (int)A_NORMAL);
			mvhline(b.y + 2 + (int)r, b.x + 1, ' ', b.w - 2);
			display_text(b.y + 2 + (int)r, b.x + 2, items[i], b.w - 4);
		}
		attrset(A_NORMAL);
		if (top + rows < n)
			mvaddch(b.y + b.h - 1, b.x + b.w - 2, ACS_DARROW);
		refresh();
		key = console_getkey(c);
		req = ends_dialog(key) ? REQ_CLOSE : keys_request(CTX_MENU, key);
		if (req == REQ_CHOOSE || req == REQ_CLOSE)
			break;
		if (moves(req)) {
			/* The selection moves as a one-line window would. */
			sel = scrolled(req, sel, n, 1);
		} else if (req == REQ_RESIZE) {
			resized(c);
			b = box_for(c, (int)n, widest);
		}
	}
	c->in_dialog--;
	display_draw(c);
	return req == REQ_CHOOSE ? (int)sel : -1;
}

/* Line `at` of `history` into `buf`; at its end, the line being typed. */
static size_t recall(const struct wr_cmd_history *history, size_t at, const char *typed, char *buf,
                     size_t len)
{
	snprintf(buf, len, "%s", at < history->n ? history->lines[at] : typed);
	return strlen(buf);
}

/* What the input line (row `y`) shows: the text, or a star for each
 * character. */
static void input_line(const struct box *b, int y, const char *buf, bool hidden)
{
	char stars[256];
	size_t n = 0;

	for (const char *s = buf; hidden && *s && n + 1 < sizeof(stars); s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			stars[n++] = '*';
	stars[n] = '\0';
	display_text_end(y, b->x + 2, hidden ? stars : buf, b->w > 6 ? b->w - 6 : 1);
}

static bool input(struct console *c, const char *title, const char *prompt, char *buf, size_t len,
                  const struct wr_cmd_history *history, bool hidden)
{
	size_t n = strlen(buf), at = history ? history->n : 0;
	struct lines l = {0};
	struct wr_buf safe = WR_BUF_INIT;
	struct box b;
	enum request req;
	char typed[WR_CMD_LINE_MAX] = "";

	/* A long prompt (what would open a BitLocker volume) is wrapped, as
	 * dialog_text does: escaped first, so the lines fit as shown; a line
	 * break in it is a name's, shown escaped. */
	wr_buf_put_printable(&safe, prompt);
	lines_split(&l, wr_buf_str(&safe), c->cols > 12 ? c->cols - 10 : 1);
	wr_buf_free(&safe);
	b = box_for(c, (int)l.n + 1, c->cols - 10);
	c->in_dialog++;
	curs_set(1);
	for (;;) {
		int key, y = b.y + 1;

		box_draw(&b, title);
		for (size_t i = 0; i < l.n && y < b.y + b.h - 2; i++)
			display_text(y++, b.x + 2, l.v[i], b.w - 4);
		attrset(A_REVERSE);
		mvhline(y, b.x + 2, ' ', b.w - 4);
		/* The end in view: that is where typing goes. */
		input_line(&b, y, buf, hidden);
		attrset(A_NORMAL);
		refresh();
		key = console_getkey(c);
		req = ends_dialog(key) ? REQ_CLOSE : keys_request(CTX_INPUT, key);
		if (req == REQ_ACCEPT || req == REQ_CLOSE)
			break;
		if (req == REQ_RESIZE) {
			resized(c);
			b = box_for(c, (int)l.n + 1, c->cols - 10);
		} else if (req == REQ_EARLIER && history && at > 0) {
			if (at == history->n)
				snprintf(typed, sizeof(typed), "%s", buf);
			n = recall(history, --at, typed, buf, len);
		} else if (req == REQ_LATER && history && at < history->n) {
			n = recall(history, ++at, typed, buf, len);
		} else if (req == REQ_ERASE && n > 0) {
			while (n > 0 && ((unsigned char)buf[--n] & 0xc0) == 0x80)
				;
			buf[n] = '\0';
		} else if (req == REQ_NONE && key >= 32 && key < 256 && n + 1 < len) {
			buf[n++] = (char)key;
			buf[n] = '\0';
		}
	}
	curs_set(0);
	c->in_dialog--;
	lines_free(&l);
	display_draw(c);
	explicit_bzero(typed, sizeof(typed));
	return req == REQ_ACCEPT;
}

bool dialog_input(struct console *c, const char *title, const char *prompt, char *buf, size_t len,
                  const struct wr_cmd_history *history)
{
	return input(c, title, prompt, buf, len, history, false);
}

bool dialog_secret(struct console *c, const char *title, const char *prompt, char *buf, size_t len)
{
	return input(c, title, prompt, buf, len, NULL, true);
}
