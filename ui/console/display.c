/* SPDX-License-Identifier: GPL-3.0-or-later */
/* display.c - the terminal: start and end curses, colours, layout, painting, dumps. */
#include "config.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/i18n.h"
#include "base/text.h"
#include "console.h"

enum colour { CL_TITLE = 1, CL_SELECTED, CL_INHERITED, CL_HEADING, CL_WARN, CL_DIM };

static SCREEN *screen;
static bool colours;

/* Colour unless the terminal has none or NO_COLOR is set (no-color.org). */
static void colours_init(void)
{
	const char *no = getenv("NO_COLOR");

	colours = has_colors() && !(no && *no);
	if (!colours)
		return;
	start_color();
	use_default_colors();
	init_pair(CL_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(CL_SELECTED, COLOR_BLACK, COLOR_CYAN);
	init_pair(CL_INHERITED, COLOR_CYAN, -1);
	init_pair(CL_HEADING, COLOR_YELLOW, -1);
	init_pair(CL_WARN, COLOR_RED, -1);
	init_pair(CL_DIM, COLOR_BLUE, -1);
}

int display_attr(enum row_kind kind, bool selected, bool focused)
{
	if (selected)
		return (int)(focused ? (colours ? COLOR_PAIR(CL_SELECTED) : A_REVERSE) : A_BOLD);
	switch (kind) {
	case ROW_HEADING:
		return (int)(colours ? COLOR_PAIR(CL_HEADING) | A_BOLD : A_BOLD);
	case ROW_INHERITED:
		return (int)(colours ? COLOR_PAIR(CL_INHERITED) : A_DIM);
	case ROW_DIM:
		return (int)(colours ? COLOR_PAIR(CL_DIM) : A_DIM);
	case ROW_WARN:
		return (int)(colours ? COLOR_PAIR(CL_WARN) | A_BOLD : A_BOLD);
	case ROW_KEY:
		return (int)(A_BOLD);
	default:
		return (int)A_NORMAL;
	}
}

/*
 * The real terminal, or (headless, for the scripted tests) a screen that
 * exists only in memory, LINES x COLUMNS from the environment.
 */
int display_init(struct console *c)
{
	if (c->headless) {
		FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
		const char *term = getenv("TERM");

		screen = out && in ? newterm(term && *term && strcmp(term, "dumb") ? term : "vt100",
		                             out, in)
		                   : NULL;
		if (!screen)
			return -1;
		set_term(screen);
	} else if (!initscr()) {
		return -1;
	}
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(50);
	colours_init();
	c->colour = colours;
	display_layout(c);
	return 0;
}

void display_end(void)
{
	if (!isendwin())
		endwin();
	if (screen) {
		delscreen(screen);
		screen = NULL;
	}
}

/* Left column: disks over objects.  Right: elements or registry over
 * pending changes.  Title on top, status and key bar below. */
static void place(struct pane *p, int y, int x, int h, int w)
{
	p->y = y;
	p->x = x;
	p->h = h;
	p->w = w;
}

void display_layout(struct console *c)
{
	int h = LINES - 3, left = COLS / 3 < 26 ? 26 : COLS / 3;
	int disks = h * 2 / 5 < 4 ? 4 : h * 2 / 5, pending = h / 3 < 5 ? 5 : h / 3, list;
	struct pane *p = c->panes;

	c->lines = LINES;
	c->cols = COLS;
	if (left > COLS - 20)
		left = COLS - 20;
	place(&p[PANE_DISKS], 1, 0, disks, left);
	place(&p[PANE_OBJECTS], 1 + disks, 0, h - disks, left);
	place(&p[PANE_ELEMENTS], 1, left, c->show_registry ? 0 : h - pending, COLS - left);
	place(&p[PANE_REGISTRY], 1, left, c->show_registry ? h - pending : 0, COLS - left);
	place(&p[PANE_PENDING], 1 + h - pending, left, pending, COLS - left);
	/* The Findings view: the list as tall as it needs, up to half, and the
	 * selected finding in full under it. */
	list = (int)c->findings.n_rows + 2;
	if (list > h / 2)
		list = h / 2;
	place(&c->findings, 1, 0, list < 3 ? 3 : list, COLS);
	place(&c->details, 1 + c->findings.h, 0, h - c->findings.h, COLS);
}

/*
 * The one place text reaches curses.  Made safe first: curses shows C0 as
 * ^X, but hands C1 and bidirectional controls to the terminal as they are,
 * and a name from a hive must not be able to drive it.
 */
static void paint(int y, int x, const char *text, int width, bool end)
{
	char *safe = wr_printable_dup(text);
	wchar_t *wide = NULL;
	size_t n, count = 0;
	int used = 0;

	if (!safe)
		return;
	n = mbstowcs(NULL, safe, 0);
	if (n == (size_t)-1) {
		/* Not a UTF-8 locale: the bytes, all printable ASCII or UTF-8 now. */
		mvaddnstr(y, x, safe, width);
	} else if ((wide = calloc(n + 1, sizeof(*wide)))) {
		mbstowcs(wide, safe, n + 1);
		/* Whole characters that fit, from the start or back from the end. */
		for (; count < n; count++) {
			int w = wcwidth(wide[end ? n - count - 1 : count]);

			if (used + (w < 0 ? 1 : w) > width)
				break;
			used += w < 0 ? 1 : w;
		}
		mvaddnwstr(y, x, wide + (end ? n - count : 0), (int)count);
	}
	free(wide);
	free(safe);
}

void display_text(int y, int x, const char *text, int width)
{
	paint(y, x, text, width, false);
}

void display_text_end(int y, int x, const char *text, int width)
{
	paint(y, x, text, width, true);
}

void display_frame(int y, int x, int h, int w)
{
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
}

/* The end of the label `safe` that fits in `width` columns, from where a
 * part of it starts: "disk.img#1 \Boot\BCD" of "/tmp/disk.img#1 \Boot\BCD",
 * then "#1 \Boot\BCD"; "\config\SYSTEM", not "ows\System32...".  NULL when
 * not even its last part fits. */
static const char *path_end(const char *safe, int width)
{
	for (const char *p = safe; *p; p++)
		if ((p == safe || p[-1] == '/' || p[-1] == ' ' || *p == '\\' || *p == '#') &&
		    (int)wr_utf8_width(p) <= width)
			return p;
	return NULL;
}

/* The columns the asides of `p` take at the right edge: the widest, each
 * cut as path_end cuts it to a third of the row (or 12 columns); 0 when
 * none has one. */
static int aside_width(const struct pane *p)
{
	int widest = 0, most = (p->w - 2) / 3 > 12 ? (p->w - 2) / 3 : 12;

	for (size_t i = 0; i < p->n_rows; i++) {
		char *safe = p->rows[i].aside ? wr_printable_dup(p->rows[i].aside) : NULL;
		const char *end = safe ? path_end(safe, most) : NULL;
		int w = end ? (int)wr_utf8_width(end) : most;

		if (safe && w > widest)
			widest = w;
		free(safe);
	}
	return widest;
}

/* A row's text, cut before its aside, in a column `side` wide at the right
 * edge: as much of the aside's end as fits. */
static void draw_row(int y, int x, int width, int side, const struct row *r)
{
	char *aside = r->aside ? wr_printable_dup(r->aside) : NULL;
	const char *end = aside ? path_end(aside, side) : NULL;
	int room = width - r->indent;

	if (aside && side + 2 < room) {
		if (end)
			display_text(y, x + width - side, end, side);
		else
			display_text_end(y, x + width - side, aside, side);
		room -= side + 2;
	}
	display_text(y, x + r->indent, r->text, room);
	free(aside);
}

/* A pane in its box; `cursor`: its selected row highlighted. */
static void draw_pane(struct pane *p, bool focused, bool cursor)
{
	int inner = p->h - 2, side = p->asides ? aside_width(p) : 0;

	if (p->h <= 0)
		return;
	attrset(focused ? A_BOLD : A_NORMAL);
	display_frame(p->y, p->x, p->h, p->w);
	attrset(focused ? (colours ? COLOR_PAIR(CL_TITLE) | A_BOLD : A_REVERSE) : A_BOLD);
	display_text(p->y, p->x + 2, _(p->title), p->w - 4);
	if (p->sel >= p->top + (size_t)inner)
		p->top = p->sel - (size_t)inner + 1;
	if (p->sel < p->top)
		p->top = p->sel;
	for (int r = 0; r < inner; r++) {
		size_t i = p->top + (size_t)r;
		bool selected = cursor && i == p->sel;

		attrset(A_NORMAL);
		mvhline(p->y + 1 + r, p->x + 1, ' ', p->w - 2);
		if (i >= p->n_rows)
			continue;
		attrset(display_attr(p->rows[i].kind, selected, focused));
		if (selected)
			mvhline(p->y + 1 + r, p->x + 1, ' ', p->w - 2);
		draw_row(p->y + 1 + r, p->x + 1, p->w - 2, side, &p->rows[i]);
	}
	attrset(A_NORMAL);
	if (p->top > 0)
		mvaddch(p->y, p->x + p->w - 2, ACS_UARROW);
	if (p->top + (size_t)inner < p->n_rows)
		mvaddch(p->y + p->h - 1, p->x + p->w - 2, ACS_DARROW);
}

static void draw_title(struct console *c)
{
	static const char spin[] = "|/-\\";
	char right[128] = "";

	attrset(colours ? COLOR_PAIR(CL_TITLE) | A_BOLD : A_REVERSE);
	mvhline(0, 0, ' ', c->cols);
	display_text(0, 1, c->source, c->cols - 2);
	if (c->loading) {
		pthread_mutex_lock(&c->load.lock);
		snprintf(right, sizeof(right), "%c %s %.0f s",
		         spin[(int)(c->load.elapsed * 10) % 4], _("loading"), c->load.elapsed);
		pthread_mutex_unlock(&c->load.lock);
		display_text(0, c->cols - (int)wr_utf8_width(right) - 1, right, (int)sizeof(right));
	}
	attrset(A_NORMAL);
}

static void draw_status(struct console *c)
{
	attrset(c->status_error ? display_attr(ROW_WARN, false, false) : (int)A_NORMAL);
	mvhline(c->lines - 2, 0, ' ', c->cols);
	display_text(c->lines - 2, 0, c->status, c->cols);
	attrset(A_NORMAL);
}

void display_draw(struct console *c)
{
	if (c->lines < CONSOLE_MIN_LINES || c->cols < CONSOLE_MIN_COLS) {
		erase();
		display_text(0, 0, _("The terminal is too small (50x14 at least)."), c->cols);
		refresh();
		return;
	}
	draw_title(c);
	if (c->findings_view) {
		draw_pane(&c->findings, true, true);
		draw_pane(&c->details, false, false);
	}
	for (int i = 0; !c->findings_view && i < PANE_COUNT; i++)
		draw_pane(&c->panes[i], c->focus == (enum pane_id)i, true);
	draw_status(c);
	keys_bar(c, c->lines - 1);
	refresh();
}

void display_status(struct console *c, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->status, sizeof(c->status), fmt, ap);
	va_end(ap);
	wr_utf8_trim(c->status);
	c->status_error = error;
}

/* A cell as plain text: line-drawing characters become ASCII. */
static wchar_t plain(const cchar_t *cell)
{
	wchar_t wc[CCHARW_MAX + 1] = {0};
	attr_t attrs;
	short pair;

	if (getcchar(cell, wc, &attrs, &pair, NULL) == ERR)
		return L'?';
	if (attrs & A_ALTCHARSET) {
		switch (wc[0]) {
		case 'q':
			return L'-';
		case 'x':
			return L'|';
		case 'l':
		case 'k':
		case 'm':
		case 'j':
			return L'+';
		case '-':
			return L'^'; /* ACS_UARROW on a vt100 */
		case '.':
			return L'v'; /* ACS_DARROW */
		default:
			return L'+';
		}
	}
	return wc[0] ? wc[0] : L' ';
}

/* The screen as text, one line per row, trailing blanks cut (tests). */
int display_save(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	for (int y = 0; y < LINES; y++) {
		wchar_t line[1024];
		char out[4096];
		int x = 0;
		size_t n;

		for (; x < COLS && x < 1023; x++) {
			cchar_t cell;

			line[x] = mvin_wch(y, x, &cell) == ERR ? L' ' : plain(&cell);
		}
		line[x] = L'\0';
		n = wcstombs(out, line, sizeof(out) - 1);
		if (n == (size_t)-1)
			n = 0;
		out[n] = '\0';
		while (n > 0 && out[n - 1] == ' ')
			out[--n] = '\0';
		fprintf(f, "%s\n", out);
	}
	return fclose(f);
}
