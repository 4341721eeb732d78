/* SPDX-License-Identifier: GPL-3.0-or-later */
/* requests.c - the request table and what the panes' requests do; reading keys, signals, taking
 * over what the background work made. */
#include "config.h"

#include <curses.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "bcd/bcd.h"
#include "cli/cli.h"
#include "console.h"
#include "disk/disk.h"
#include "safe-write/safe-write.h"

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* Fatal signals: give the terminal back before dying. */
static void on_fatal(int sig)
{
	endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

void console_signals_init(void)
{
	struct sigaction sa = {.sa_handler = on_signal};
	static const int ending[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	static const int fatal[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE};

	for (size_t i = 0; i < sizeof(ending) / sizeof(ending[0]); i++)
		sigaction(ending[i], &sa, NULL);
#if !defined(__SANITIZE_ADDRESS__)
	/* (Under ASan its own handler reports the crash.) */
	sa.sa_handler = on_fatal;
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaction(fatal[i], &sa, NULL);
#else
	(void)fatal;
	(void)on_fatal;
#endif
}

/* The loaded session is in: fill the panes (on the default loader) and
 * the findings, and show those. */
void console_after_load(struct console *c)
{
	const char *def;
	struct wr_stage *s;

	if (!c->session) {
		panes_rebuild(c);
		/* A failed load is shown, not fatal: the user reads it and quits. */
		if (c->status_error && !c->loading) {
			display_draw(c);
			dialog_message(c, _("Cannot open the disks"), c->status);
		}
		return;
	}
	s = wr_session_stage(c->session);
	c->bcd_hive = wr_session_hive_of(c->session, WR_KIND_BCD);
	c->system_hive = wr_session_hive_of(c->session, WR_KIND_SYSTEM);
	c->reg_hive = c->bcd_hive >= 0 ? (size_t)c->bcd_hive : 0;
	panes_reload_bcd(c);
	tree_reset(c);
	findings_refresh(c);
	panes_rebuild(c);
	/* What the checks found first; the panes are one key away. */
	findings_show(c, true);
	def = c->bcd ? wr_bcd_default_guid(c->bcd) : NULL;
	for (size_t i = 0; def && i < c->panes[PANE_OBJECTS].n_rows; i++)
		if (strcmp(wr_bcd_object(c->bcd, c->panes[PANE_OBJECTS].rows[i].ref)->guid, def) ==
		    0)
			c->panes[PANE_OBJECTS].sel = i;
	panes_object_moved(c);
	display_status(c, false, "%s", _("read-only until you write (w); F2 shows the repairs"));
	for (size_t i = 0; i < wr_stage_hive_count(s); i++)
		if (*wr_session_note(c->session, i))
			display_status(c, false, "%s", wr_session_note(c->session, i));
	for (size_t i = 0; i < wr_stage_hive_count(s); i++)
		if (wr_stage_read_only(s, i))
			display_status(c, true, "%s", wr_stage_read_only(s, i));
}

/* Work that ended in the background: its outcome on the screen now (the
 * loop may wait a long time for the next key). */
void console_take_over(struct console *c)
{
	struct wr_buf done = WR_BUF_INIT;
	struct wr_error err = {0};

	if (c->in_dialog)
		return;
	if (load_poll(c)) {
		console_after_load(c);
		display_draw(c);
	}
	if (write_poll(c, &done, &err)) {
		if (c->quit_when_written && !err.code)
			c->quit = true;
		else
			action_written(c, &done, &err);
		c->quit_when_written = false;
	}
	wr_buf_free(&done);
}

/* Every tenth of a second without a key: the spinner, and what the
 * background work did; a dialog on top stays as it is. */
static void tick(struct console *c)
{
	static const char spin[] = "|/-\\";

	console_take_over(c);
	if (c->in_dialog || !(c->loading || c->writing))
		return;
	load_tick(c);
	if (c->writing)
		display_status(c, false, "%c %s %.0f s%s", spin[(int)(c->load.elapsed * 10) % 4],
		               _("writing..."), c->load.elapsed,
		               c->quit_when_written ? _("; quitting when the write has ended")
		                                    : "");
	else
		panes_rebuild(c);
	display_draw(c);
}

int console_getkey(struct console *c)
{
	if (c->headless) {
		if (got_signal)
			return KEY_SIGNAL;
		console_take_over(c);
		return c->quit ? ERR : script_next_key(c);
	}
	timeout(100);
	for (;;) {
		int key = getch();

		if (got_signal)
			return KEY_SIGNAL;
		if (key != ERR)
			return key;
		tick(c);
		if (c->quit)
			return ERR; /* the write that quit waited for has ended */
	}
}

static void focus(struct console *c, enum pane_id id)
{
	c->focus = id;
	if (id == PANE_ELEMENTS || id == PANE_REGISTRY) {
		c->show_registry = id == PANE_REGISTRY;
		display_layout(c);
	}
}

static void enter(struct console *c)
{
	struct pane *p = &c->panes[c->focus];
	struct row *r = p->sel < p->n_rows ? &p->rows[p->sel] : NULL;

	if (c->focus == PANE_OBJECTS) {
		focus(c, PANE_ELEMENTS);
	} else if (c->focus == PANE_DISKS && r && c->session && !c->have_inv) {
		c->reg_hive = r->ref; /* a hive file: browse it */
		tree_reset(c);
		tree_rows(c, &c->panes[PANE_REGISTRY]);
		focus(c, PANE_REGISTRY);
	} else if (c->focus == PANE_REGISTRY && r && r->kind == ROW_KEY) {
		tree_toggle(c, r->ref, !c->tree[r->ref].expanded);
		tree_rows(c, p);
	} else if (c->focus == PANE_REGISTRY && r && r->kind == ROW_VALUE) {
		action_edit_value(c);
	}
}

static void collapse(struct console *c)
{
	struct pane *p = &c->panes[c->focus];
	struct row *r = p->sel < p->n_rows ? &p->rows[p->sel] : NULL;
	size_t k;

	if (c->focus == PANE_ELEMENTS) {
		focus(c, PANE_OBJECTS);
		return;
	}
	if (c->focus != PANE_REGISTRY || !r || r->ref >= c->n_tree)
		return;
	k = r->ref;
	/* An open key closes; a value or a closed key goes to its parent key. */
	if (r->kind != ROW_KEY || !c->tree[k].expanded) {
		if (c->tree[k].depth == 0 && r->kind == ROW_KEY)
			return;
		while (r->kind == ROW_KEY && k > 0 && c->tree[k - 1].depth >= c->tree[r->ref].depth)
			k--;
		if (r->kind == ROW_KEY)
			k--;
	}
	tree_toggle(c, k, false);
	tree_rows(c, p);
	for (size_t i = 0; i < p->n_rows; i++)
		if (p->rows[i].kind == ROW_KEY && p->rows[i].ref == k)
			p->sel = i;
}

static void move_by(struct console *c, long delta)
{
	if (c->findings_view) {
		findings_move(c, delta);
		return;
	}
	pane_move(&c->panes[c->focus], delta);
	if (c->focus == PANE_OBJECTS)
		panes_object_moved(c);
}

/* The list the moves move in: the findings, or the focused pane. */
static struct pane *moved(struct console *c)
{
	return c->findings_view ? &c->findings : &c->panes[c->focus];
}

static long page(struct console *c)
{
	return moved(c)->h > 3 ? moved(c)->h - 3 : 1;
}

static void up(struct console *c)
{
	move_by(c, -1);
}

static void down(struct console *c)
{
	move_by(c, 1);
}

static void page_up(struct console *c)
{
	move_by(c, -page(c));
}

static void page_down(struct console *c)
{
	move_by(c, page(c));
}

static void home(struct console *c)
{
	move_by(c, -(long)moved(c)->n_rows);
}

static void end(struct console *c)
{
	move_by(c, (long)moved(c)->n_rows);
}

static void next_pane(struct console *c)
{
	focus(c, (enum pane_id)((c->focus + 1) % PANE_COUNT));
}

static void prev_pane(struct console *c)
{
	focus(c, (enum pane_id)((c->focus + PANE_COUNT - 1) % PANE_COUNT));
}

static void next_hive(struct console *c)
{
	size_t n = c->session ? wr_stage_hive_count(wr_session_stage(c->session)) : 0;

	if (n == 0)
		return;
	c->reg_hive = (c->reg_hive + 1) % n;
	tree_reset(c);
	tree_rows(c, &c->panes[PANE_REGISTRY]);
	focus(c, PANE_REGISTRY);
}

static void show_findings(struct console *c)
{
	findings_show(c, true);
}

static void show_panes(struct console *c)
{
	findings_show(c, false);
}

static void undo(struct console *c)
{
	action_undo(c, false);
}

static void redo(struct console *c)
{
	action_undo(c, true);
}

static void search(struct console *c)
{
	action_search(c, false);
}

static void search_next(struct console *c)
{
	action_search(c, true);
}

static void redraw(struct console *c)
{
	clear();
}

static void resize(struct console *c)
{
	display_layout(c);
	/* The pending diff and the findings wrap to the width; not while a
	 * write has the session. */
	if (!c->writing)
		panes_rebuild(c);
	clear();
}

static void quit(struct console *c)
{
	c->quit = action_quit(c);
	if (c->quit_when_written)
		tick(c); /* says so at once */
}

#define CTRL(c) ((c)&0x1f)
#define KEY_ESC 27
#define ENTER   '\n', '\r', KEY_ENTER

/* Every request, with where its keys work, its keys, (in the panes) what it
 * does, its label and its help line.  The help screen, the key bar and the
 * boxes' hint lines are made from it; keys_find reads it.  A request a row,
 * its help line under it: */
/* clang-format off */
const struct request_info requests[] = {
    {REQ_HELP, CTX_VIEWS, {KEY_F(1), '?'}, .run = keys_help, .label = N_("Help"),
     .help = N_("show this help")},
    {REQ_UP, CTX_VIEWS | CTX_SCROLLED | CTX_MENU, {KEY_UP, 'k'}, .run = up,
     .help = N_("move up")},
    {REQ_DOWN, CTX_VIEWS | CTX_SCROLLED | CTX_MENU, {KEY_DOWN, 'j'}, .run = down,
     .help = N_("move down")},
    {REQ_PAGE_UP, CTX_VIEWS | CTX_SCROLLED | CTX_MENU, {KEY_PPAGE, CTRL('b')}, .run = page_up,
     .help = N_("page up")},
    {REQ_PAGE_DOWN, CTX_VIEWS | CTX_SCROLLED | CTX_MENU, {KEY_NPAGE, CTRL('f'), ' '},
     .run = page_down, .help = N_("page down")},
    {REQ_HOME, CTX_VIEWS | CTX_SCROLLED | CTX_MENU, {KEY_HOME, 'g'}, .run = home,
     .help = N_("first line")},
    {REQ_END, CTX_VIEWS | CTX_SCROLLED | CTX_MENU, {KEY_END, 'G'}, .run = end,
     .help = N_("last line")},
    {REQ_NEXT_PANE, CTX_PANES, {'\t'}, .run = next_pane, .label = N_("Pane"),
     .help = N_("next pane")},
    {REQ_PREV_PANE, CTX_PANES, {KEY_BTAB}, .run = prev_pane,
     .help = N_("previous pane")},
    {REQ_ENTER, CTX_PANES, {ENTER, KEY_RIGHT, 'l'}, .run = enter,
     .help = N_("open: show an object's elements, expand a key, edit a value")},
    {REQ_COLLAPSE, CTX_PANES, {KEY_LEFT, 'h'}, .run = collapse,
     .help = N_("collapse a key / back to the objects")},
    {REQ_FIX, CTX_FINDINGS, {ENTER}, .run = action_fix_finding, .label = N_("Fix"),
     .help = N_("stage the finding's repair (or say what to do)")},
    {REQ_SHOW_FINDING, CTX_FINDINGS, {KEY_RIGHT, 'l'}, .run = action_show_finding,
     .help = N_("the finding whole, in a box")},
    {REQ_REPAIRS, CTX_VIEWS, {KEY_F(2), 'r'}, .run = action_repairs, .label = N_("Repair"),
     .help = N_("repairs: safeboot, serial console, memory dump")},
    {REQ_CHECKLISTS, CTX_VIEWS, {KEY_F(3), 'c'}, .run = action_checklists, .label = N_("Guide"),
     .help = N_("checklists: Microsoft's articles step by step")},
    {REQ_FINDINGS, CTX_PANES, {KEY_F(4), 'f'}, .run = show_findings, .label = N_("Findings"),
     .help = N_("the Findings view: what every check found")},
    {REQ_PANES, CTX_FINDINGS, {KEY_F(4), 'f'}, .run = show_panes, .label = N_("Panes"),
     .help = N_("back to the panes")},
    {REQ_UNDO, CTX_VIEWS, {'u'}, .run = undo, .label = N_("Undo"),
     .help = N_("undo the last pending change")},
    {REQ_REDO, CTX_VIEWS, {CTRL('r')}, .run = redo,
     .help = N_("redo")},
    {REQ_COMMIT, CTX_VIEWS, {'w'}, .run = action_commit, .label = N_("Write"),
     .help = N_("write the pending changes (asks first)")},
    {REQ_COMMAND, CTX_VIEWS, {':'}, .run = action_command,
     .help = N_("command line: bcdedit and reg commands as on Windows, staged")},
    {REQ_SEARCH, CTX_PANES, {'/'}, .run = search,
     .help = N_("search in the pane")},
    {REQ_SEARCH_NEXT, CTX_PANES, {'n'}, .run = search_next,
     .help = N_("next match")},
    {REQ_EDIT, CTX_PANES, {'e'}, .run = action_edit_value,
     .help = N_("registry: set the selected value")},
    {REQ_DELETE, CTX_PANES, {KEY_DC, 'd'}, .run = action_delete_value,
     .help = N_("registry: delete the selected value")},
    {REQ_NEXT_HIVE, CTX_PANES, {'o'}, .run = next_hive,
     .help = N_("registry: browse the next hive (BCD, SYSTEM, SOFTWARE)")},
    {REQ_REDRAW, CTX_VIEWS, {CTRL('l')}, .run = redraw, .any_time = true,
     .help = N_("redraw the screen")},
    {REQ_RESIZE, CTX_ALL, {KEY_RESIZE}, .run = resize, .any_time = true},
    {REQ_QUIT, CTX_VIEWS, {KEY_F(10), 'q', CTRL('c')}, .run = quit, .label = N_("Quit"),
     .any_time = true,
     .help = N_("quit (asks when changes are pending; waits for a write to end)")},

    {REQ_CLOSE, CTX_TEXT, {ENTER, 'q', KEY_ESC}, .label = N_("close"),
     .help = N_("close the box")},
    {REQ_YES, CTX_QUESTION, {0}, ANSWER_YES, .label = N_("yes"),
     .help = N_("yes (your language's yes too)")},
    {REQ_NO, CTX_QUESTION, {KEY_ESC, 'q'}, ANSWER_NO, .label = N_("no"),
     .help = N_("no")},
    {REQ_STEP_DO, CTX_STEP, {ENTER}, .label = N_("do it"),
     .help = N_("do the step: stage its repair")},
    {REQ_STEP_NEXT, CTX_STEP, {'n'}, .label = N_("next"),
     .help = N_("the next step")},
    {REQ_STEP_BACK, CTX_STEP, {'p'}, .label = N_("back"),
     .help = N_("the step before")},
    {REQ_STEP_REPORT, CTX_STEP, {'x'}, .label = N_("report"),
     .help = N_("write a report of the checklist (Markdown)")},
    {REQ_CLOSE, CTX_STEP | CTX_MENU, {KEY_ESC, 'q'}, .label = N_("close"),
     .help = N_("close")},
    {REQ_CHOOSE, CTX_MENU, {ENTER},
     .help = N_("choose the highlighted item")},
    {REQ_ACCEPT, CTX_INPUT, {ENTER},
     .help = N_("done: use the text typed")},
    {REQ_CLOSE, CTX_INPUT, {KEY_ESC},
     .help = N_("cancel")},
    {REQ_ERASE, CTX_INPUT, {KEY_BACKSPACE, 127, 8},
     .help = N_("erase the last character")},
    {REQ_EARLIER, CTX_INPUT, {KEY_UP},
     .help = N_("command line: the command typed before")},
    {REQ_LATER, CTX_INPUT, {KEY_DOWN},
     .help = N_("command line: the next one")},
};
/* clang-format on */
const size_t n_requests = sizeof(requests) / sizeof(requests[0]);

void console_key(struct console *c, int key)
{
	const struct request_info *r = keys_find(c->findings_view ? CTX_FINDINGS : CTX_PANES, key);
	bool too_small = c->lines < CONSOLE_MIN_LINES || c->cols < CONSOLE_MIN_COLS;

	/* While a write runs or on a screen too small to show the panes:
	 * quitting, redrawing, and following the terminal's size. */
	if (r && r->run && (r->any_time || !(too_small || c->writing)))
		r->run(c);
}
