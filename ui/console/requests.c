/* SPDX-License-Identifier: GPL-3.0-or-later */
/* requests.c - keys to actions: reading keys, the requests, focus and movement, signals. */
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

/* The loaded session is in: fill the panes, start on the default loader. */
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
	panes_rebuild(c);
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

int console_getkey(struct console *c)
{
	if (c->headless) {
		if (got_signal)
			return KEY_SIGNAL;
		if (load_poll(c))
			console_after_load(c);
		return script_next_key(c);
	}
	timeout(100);
	for (;;) {
		int key = getch();

		if (got_signal)
			return KEY_SIGNAL;
		if (key != ERR)
			return key;
		/* The spinner and the panes move on; a dialog on top stays as it is. */
		if (load_poll(c) && !c->in_dialog)
			console_after_load(c);
		if (c->loading && !c->in_dialog) {
			panes_rebuild(c);
			display_draw(c);
		}
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

static void move_in_pane(struct console *c, enum request req)
{
	struct pane *p = &c->panes[c->focus];
	long page = p->h > 3 ? p->h - 3 : 1;

	switch (req) {
	case REQ_UP:
		pane_move(p, -1);
		break;
	case REQ_DOWN:
		pane_move(p, 1);
		break;
	case REQ_PAGE_UP:
		pane_move(p, -page);
		break;
	case REQ_PAGE_DOWN:
		pane_move(p, page);
		break;
	case REQ_HOME:
		pane_move(p, -(long)p->n_rows);
		break;
	default:
		pane_move(p, (long)p->n_rows);
		break;
	}
	if (c->focus == PANE_OBJECTS)
		panes_object_moved(c);
}

static void next_pane(struct console *c, int step)
{
	focus(c, (enum pane_id)((c->focus + PANE_COUNT + step) % PANE_COUNT));
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

bool console_handle(struct console *c, enum request req)
{
	/* On a screen too small to show them, only quitting and redrawing. */
	if ((c->lines < CONSOLE_MIN_LINES || c->cols < CONSOLE_MIN_COLS) && req != REQ_QUIT &&
	    req != REQ_REDRAW)
		return true;
	switch (req) {
	case REQ_NONE:
		break;
	case REQ_UP:
	case REQ_DOWN:
	case REQ_PAGE_UP:
	case REQ_PAGE_DOWN:
	case REQ_HOME:
	case REQ_END:
		move_in_pane(c, req);
		break;
	case REQ_NEXT_PANE:
		next_pane(c, 1);
		break;
	case REQ_PREV_PANE:
		next_pane(c, -1);
		break;
	case REQ_ENTER:
		enter(c);
		break;
	case REQ_COLLAPSE:
		collapse(c);
		break;
	case REQ_HELP:
		keys_help(c);
		break;
	case REQ_REPAIRS:
		action_repairs(c);
		break;
	case REQ_CHECKLISTS:
		action_checklists(c);
		break;
	case REQ_UNDO:
		action_undo(c, false);
		break;
	case REQ_REDO:
		action_undo(c, true);
		break;
	case REQ_COMMIT:
		action_commit(c);
		break;
	case REQ_SEARCH:
		action_search(c, false);
		break;
	case REQ_SEARCH_NEXT:
		action_search(c, true);
		break;
	case REQ_EDIT:
		action_edit_value(c);
		break;
	case REQ_DELETE:
		action_delete_value(c);
		break;
	case REQ_NEXT_HIVE:
		next_hive(c);
		break;
	case REQ_REDRAW:
		clear();
		break;
	case REQ_QUIT:
		return !action_quit(c);
	}
	return true;
}
