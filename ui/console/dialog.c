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

#define KEY_ESC 27

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

/* A key that closes any dialog as Esc does: a signal, the script's end. */
static bool ends_dialog(int key)
{
	return key == KEY_ESC || key == ERR || key == KEY_SIGNAL;
}

/* The terminal changed size under a dialog: lay the panes out again. */
static void resized(struct console *c)
{
	display_layout(c);
	panes_rebuild(c);
	clear();
	display_draw(c);
}

static bool is_enter(int key)
{
	return key == '\n' || key == '\r' || key == KEY_ENTER;
}

/* Show `text` scrollable in a box; returns the key that closed it (one of
 * `keys`, or Esc). */
static int text_box(struct console *c, const char *title, const char *text, const char *hint,
                    const char *keys)
{
	struct lines l = {0};
	struct wr_buf safe = WR_BUF_INIT;
	struct box b;
	size_t top = 0;
	int key, widest = (int)wr_utf8_width(hint);

	c->in_dialog++;
	/* Escaped before it is wrapped, so the lines fit as shown. */
	wr_buf_put_printable_lines(&safe, text);
	lines_split(&l, wr_buf_str(&safe), c->cols > 12 ? c->cols - 8 : 4);
	wr_buf_free(&safe);
	for (size_t i = 0; i < l.n; i++)
		if ((int)wr_utf8_width(l.v[i]) > widest)
			widest = (int)wr_utf8_width(l.v[i]);
	b = box_for(c, (int)l.n + 1, widest);
	for (;;) {
		int inner = b.h - 4;

		box_draw(&b, title);
		for (int r = 0; r < inner && top + (size_t)r < l.n; r++)
			display_text(b.y + 1 + r, b.x + 2, l.v[top + (size_t)r], b.w - 4);
		attrset(A_BOLD);
		display_text(b.y + b.h - 2, b.x + 2, hint, b.w - 4);
		attrset(A_NORMAL);
		if (top + (size_t)inner < l.n)
			mvaddch(b.y + b.h - 1, b.x + b.w - 2, ACS_DARROW);
		refresh();
		key = console_getkey(c);
		if (ends_dialog(key) || (key < 256 && strchr(keys, key)) ||
		    (is_enter(key) && strchr(keys, '\n')))
			break;
		if ((key == KEY_DOWN || key == 'j') && top + (size_t)inner < l.n)
			top++;
		else if ((key == KEY_UP || key == 'k') && top > 0)
			top--;
		else if (key == KEY_NPAGE || key == ' ')
			top = top + (size_t)inner < l.n ? top + (size_t)inner : top;
		else if (key == KEY_PPAGE)
			top = top > (size_t)inner ? top - (size_t)inner : 0;
		else if (key == KEY_RESIZE) {
			resized(c);
			b = box_for(c, (int)l.n + 1, widest);
		}
	}
	lines_free(&l);
	c->in_dialog--;
	return is_enter(key) ? '\n' : key;
}

int dialog_text(struct console *c, const char *title, const char *text, const char *hint,
                const char *keys)
{
	int key = text_box(c, title, text, hint, keys);

	display_draw(c);
	return key;
}

void dialog_message(struct console *c, const char *title, const char *text)
{
	text_box(c, title, text, _("Enter: close   Up/Down: scroll"), "\n\rq");
	display_draw(c);
}

/* Only an explicit y (or the translated yes letter) says yes. */
bool dialog_confirm(struct console *c, const char *title, const char *text, const char *question)
{
	const char *yes = _("y"), *no = _("n");
	char keys[8] = {'y', yes[0], 'n', no[0], 'q', KEY_ESC, '\0'};
	char hint[256];
	int key;

	snprintf(hint, sizeof(hint), _("%s  [%s] yes  [%s] no"), question, yes, no);
	key = text_box(c, title, text, hint, keys);
	display_draw(c);
	return key == 'y' || key == yes[0];
}

int dialog_menu(struct console *c, const char *title, const char *const *items, size_t n)
{
	size_t sel = 0;
	int widest = 0, key;
	struct box b;

	for (size_t i = 0; i < n; i++)
		if ((int)wr_utf8_width(items[i]) > widest)
			widest = (int)wr_utf8_width(items[i]);
	c->in_dialog++;
	b = box_for(c, (int)n, widest);
	for (;;) {
		box_draw(&b, title);
		for (size_t i = 0; i < n && (int)i < b.h - 4; i++) {
			attrset(i == sel ? display_attr(ROW_NORMAL, true, true) : (int)A_NORMAL);
			mvhline(b.y + 2 + (int)i, b.x + 1, ' ', b.w - 2);
			display_text(b.y + 2 + (int)i, b.x + 2, items[i], b.w - 4);
		}
		attrset(A_NORMAL);
		refresh();
		key = console_getkey(c);
		if (key == KEY_DOWN || key == 'j')
			sel = sel + 1 < n ? sel + 1 : sel;
		else if (key == KEY_UP || key == 'k')
			sel = sel > 0 ? sel - 1 : 0;
		else if (is_enter(key) || ends_dialog(key) || key == 'q')
			break;
		else if (key == KEY_RESIZE) {
			resized(c);
			b = box_for(c, (int)n, widest);
		}
	}
	c->in_dialog--;
	display_draw(c);
	return is_enter(key) ? (int)sel : -1;
}

bool dialog_input(struct console *c, const char *title, const char *prompt, char *buf, size_t len)
{
	size_t n = strlen(buf);
	struct box b = box_for(c, 2, c->cols - 10);
	int key;

	c->in_dialog++;
	curs_set(1);
	for (;;) {
		box_draw(&b, title);
		display_text(b.y + 1, b.x + 2, prompt, b.w - 4);
		attrset(A_REVERSE);
		mvhline(b.y + 2, b.x + 2, ' ', b.w - 4);
		/* The end in view: that is where typing goes. */
		display_text_end(b.y + 2, b.x + 2, buf, b.w > 6 ? b.w - 6 : 1);
		attrset(A_NORMAL);
		refresh();
		key = console_getkey(c);
		if (is_enter(key) || ends_dialog(key))
			break;
		if (key == KEY_RESIZE) {
			resized(c);
			b = box_for(c, 2, c->cols - 10);
		} else if ((key == KEY_BACKSPACE || key == 127 || key == 8) && n > 0) {
			while (n > 0 && ((unsigned char)buf[--n] & 0xc0) == 0x80)
				;
			buf[n] = '\0';
		} else if (key >= 32 && key < 256 && n + 1 < len) {
			buf[n++] = (char)key;
			buf[n] = '\0';
		}
	}
	curs_set(0);
	c->in_dialog--;
	display_draw(c);
	return is_enter(key);
}
