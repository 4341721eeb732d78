/* SPDX-License-Identifier: GPL-3.0-or-later */
/* console.h - the ncurses console: its state, panes, requests, and the files that share them. */
#ifndef WR_CONSOLE_H
#define WR_CONSOLE_H

#include <curses.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "base/buf.h"
#include "bcd/bcd.h"
#include "command/command.h"
#include "diagnose/diagnose.h"
#include "disk/disk.h"
#include "session/session.h"

/* Everything the user can ask for: one table (requests.c) gives each its
 * keys, its help line, its label and, in the panes, what it does. */
enum request {
	REQ_NONE,
	REQ_UP,
	REQ_DOWN,
	REQ_PAGE_UP,
	REQ_PAGE_DOWN,
	REQ_HOME,
	REQ_END,
	REQ_NEXT_PANE,
	REQ_PREV_PANE,
	REQ_ENTER,
	REQ_COLLAPSE,
	REQ_HELP,
	REQ_REPAIRS,
	REQ_CHECKLISTS,
	REQ_UNDO,
	REQ_REDO,
	REQ_COMMIT,
	REQ_SEARCH,
	REQ_SEARCH_NEXT,
	REQ_EDIT,
	REQ_DELETE,
	REQ_NEXT_HIVE,
	REQ_FINDINGS,
	REQ_PANES,
	REQ_COMMAND,
	REQ_FIX,
	REQ_SHOW_FINDING,
	REQ_REDRAW,
	REQ_RESIZE,
	REQ_QUIT,
	/* In the boxes over the panes. */
	REQ_CLOSE,
	REQ_YES,
	REQ_NO,
	REQ_STEP_DO,
	REQ_STEP_NEXT,
	REQ_STEP_BACK,
	REQ_STEP_REPORT,
	REQ_CHOOSE,
	REQ_ACCEPT,
	REQ_ERASE,
	REQ_EARLIER,
	REQ_LATER,
};

/* Where a request's keys work: the panes, the Findings view, or one kind
 * of box over them.  In the order the help lists them. */
enum context {
	CTX_PANES = 1 << 0,
	CTX_FINDINGS = 1 << 1, /* the Findings view, instead of the panes */
	CTX_TEXT = 1 << 2,     /* text to read: help, messages */
	CTX_QUESTION = 1 << 3, /* text and a yes/no question */
	CTX_STEP = 1 << 4,     /* a checklist's step */
	CTX_MENU = 1 << 5,     /* items to choose from */
	CTX_INPUT = 1 << 6,    /* a line to type */
};
#define CTX_VIEWS    (CTX_PANES | CTX_FINDINGS)           /* the screen under the boxes */
#define CTX_SCROLLED (CTX_TEXT | CTX_QUESTION | CTX_STEP) /* boxes of text that scroll */
#define CTX_ALL      (CTX_VIEWS | CTX_SCROLLED | CTX_MENU | CTX_INPUT)

struct console;

/* One line of the request table. */
struct request_info {
	enum request req;
	unsigned where; /* CTX_ bits */
	int keys[6];    /* 0-terminated; the first is the one hints show */
	enum { ANSWER_NONE, ANSWER_YES, ANSWER_NO } answer; /* the locale's yes or no too */
	const char *help; /* N_(): its line on the help screen; NULL: not listed */
	/* N_(): on the key bar (panes, findings) or the box's hint line; NULL: not there */
	const char *label;
	/* In the panes or the Findings view: what it does. */
	void (*run)(struct console *c);
	bool any_time; /* also while a write runs, and on a screen too small */
};

extern const struct request_info requests[];
extern const size_t n_requests;

enum pane_id { PANE_DISKS, PANE_OBJECTS, PANE_ELEMENTS, PANE_REGISTRY, PANE_PENDING, PANE_COUNT };

enum row_kind { ROW_NORMAL, ROW_HEADING, ROW_INHERITED, ROW_DIM, ROW_KEY, ROW_VALUE, ROW_WARN };

struct row {
	char *text;  /* UTF-8, printable */
	char *name;  /* registry value rows: the value's name */
	char *aside; /* shown at the pane's right edge, its end first (findings: the hive) */
	enum row_kind kind;
	int indent;
	size_t ref; /* what the row stands for: object index, tree node index, ... */
};

struct pane {
	const char *title; /* N_() */
	struct row *rows;
	size_t n_rows, cap;
	size_t sel, top; /* selected row, first row shown */
	int y, x, h, w;  /* on screen, border included; h == 0: hidden */
	bool asides;     /* its rows may have an aside: a column at the right for them */
};

/* The registry browser's flattened tree: one entry per key shown. */
struct reg_node {
	wr_node node;
	int depth;
	bool expanded;
	char *path; /* from the root, '\' separated */
};

/* What the thread working in the background (loading, writing) reports;
 * guarded by `lock`. */
struct load_state {
	pthread_mutex_t lock;
	bool done, failed;
	char message[512]; /* progress or error, translated */
	double elapsed;    /* seconds since the work started, for the spinner */
	struct timespec started;
};

struct console {
	/* What is open (files: no guest). */
	struct wr_session *session;
	struct wr_guest *g;
	struct wr_inventory inv;
	bool have_inv;
	char source[512]; /* shown in the title */

	/* Work in the background: loading the disks, or writing. */
	pthread_t thread;
	bool loading, writing;
	struct load_state load;
	char **disk_paths;
	int n_disks;
	bool demo;

	/* Views of the model. */
	struct wr_bcd *bcd; /* of the session's BCD hive, reloaded after edits */
	int bcd_hive, system_hive;
	size_t reg_hive; /* which hive the registry pane browses */
	struct reg_node *tree;
	size_t n_tree;

	struct pane panes[PANE_COUNT];
	enum pane_id focus;
	bool show_registry; /* the right-hand pane shows the registry, not elements */

	/* The Findings view (findings.c), shown instead of the panes: every
	 * check on the hives as staged, and the selected finding in full. */
	bool findings_view;
	struct wr_diagnosis diagnosis;
	bool diagnosed; /* false when the checks could not run (memory ran out) */
	struct pane findings, details;

	/* The command line (command.c): the environment its commands run
	 * in, made on first use, and what was typed before. */
	struct wr_cmd_env *cmd_env;
	struct wr_cmd_history history;
	bool history_loaded;

	/* Screen. */
	int lines, cols;
	bool colour;
	bool headless;
	char status[512];
	bool status_error;
	char search[128];
	bool quit;
	bool quit_when_written; /* quit was asked while a write runs */
	int in_dialog;          /* dialogs open: the background must not paint over them */
};

/* main.c: the console's start, key loop and end. */
int console_main(int argc, char **argv);

/* display.c */
int display_init(struct console *c);
void display_end(void);
void display_layout(struct console *c);
void display_draw(struct console *c);
/* A box outline with line-drawing characters (ACS: a serial console's too). */
void display_frame(int y, int x, int h, int w);
/* Text at (y, x) in at most `width` columns, control characters escaped:
 * all text that may hold a name reaches curses through these.  _end shows
 * its end when it does not fit.  The cursor is left after the text. */
void display_text(int y, int x, const char *text, int width);
void display_text_end(int y, int x, const char *text, int width);
void display_status(struct console *c, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int display_save(const char *path);
int display_attr(enum row_kind kind, bool selected, bool focused);

/* keys.c: the request table read: keys to requests, names, help, key bar, hints. */
const struct request_info *keys_find(unsigned where, int key);
enum request keys_request(unsigned where, int key);
const char *keys_name(int key);
void keys_help(struct console *c);
void keys_bar(struct console *c, int y);
/* "Enter: do it  n: next ..." for the box of kind `where`, in `out`. */
void keys_hint(unsigned where, char *out, size_t len);
/* "Up/Down: scroll", for a box whose text does not fit. */
void keys_scroll_hint(char *out, size_t len);

/* panes.c */
void panes_init(struct console *c);
void panes_free(struct console *c);
void panes_rebuild(struct console *c);
void pane_clear(struct pane *p);
void pane_add(struct pane *p, enum row_kind kind, int indent, size_t ref, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void pane_move(struct pane *p, long delta);
/* `line` wrapped to the pane's width in display columns, between words where
 * it can; the rows after the first indented `more` columns further. */
void pane_add_wrapped(struct pane *p, enum row_kind kind, int indent, int more, size_t ref,
                      const char *line);
void panes_reload_bcd(struct console *c);
void panes_object_moved(struct console *c);

/* tree.c */
void tree_reset(struct console *c);
void tree_toggle(struct console *c, size_t i, bool open);
void tree_refresh(struct console *c);
void tree_free(struct console *c);
void tree_rows(struct console *c, struct pane *p);
const char *tree_selected_value(struct console *c, size_t *key_index);

/* dialog.c */
void dialog_message(struct console *c, const char *title, const char *text);
bool dialog_confirm(struct console *c, const char *title, const char *text, const char *question);
/* Text in a box of kind `where` (CTX_SCROLLED); returns the request that
 * closed it (REQ_NONE: a signal, the script's end). */
enum request dialog_text(struct console *c, unsigned where, const char *title, const char *text);
int dialog_menu(struct console *c, const char *title, const char *const *items, size_t n);
/* A line typed into `buf`; with `history`, Up and Down bring back its
 * lines.  False when cancelled. */
bool dialog_input(struct console *c, const char *title, const char *prompt, char *buf, size_t len,
                  const struct wr_cmd_history *history);
/* The same for a key: a star for each character typed, no history. */
bool dialog_secret(struct console *c, const char *title, const char *prompt, char *buf, size_t len);

/* findings.c: the Findings view.  findings_refresh runs every check again
 * on the hives as staged (after any change); findings_rows, called by
 * panes_rebuild, lays out what the last run found. */
void findings_init(struct console *c);
void findings_free(struct console *c);
void findings_refresh(struct console *c);
void findings_rows(struct console *c);
void findings_move(struct console *c, long delta);
void findings_show(struct console *c, bool show);
void action_fix_finding(struct console *c);
void action_show_finding(struct console *c);

/* actions.c, edit.c, checklist.c */
/* The staged edits changed: the store, every pane, and the findings. */
void action_model_changed(struct console *c);
/* Stage repair `kind` on hive `hive`, saying on the status line what came of it. */
void action_stage_repair(struct console *c, enum wr_repair_kind kind, size_t hive);
/* Whether repair `kind` is to be staged on hive `hive`: its check's report
 * (what it changes, what it replaces) in a box that needs a yes; a no says
 * on the status line that nothing was staged. */
bool action_confirm_repair(struct console *c, enum wr_repair_kind kind, size_t hive);
void action_repairs(struct console *c);
void action_checklists(struct console *c);
void action_undo(struct console *c, bool redo);
void action_commit(struct console *c);
/* A write has ended: its outcome on the status line, then in a box. */
void action_written(struct console *c, struct wr_buf *done, const struct wr_error *err);
void action_search(struct console *c, bool again);
/* command.c: the command line (:), bcdedit and reg staged as typed. */
void action_command(struct console *c);
void action_edit_value(struct console *c);
void action_delete_value(struct console *c);
bool action_quit(struct console *c);

/* load.c: loading and writing in the background.  load_poll and
 * write_poll take over what the thread made once it is done: true then. */
void load_start(struct console *c);
bool load_poll(struct console *c);
/* The write's report in `done` (wr_buf_free it) and any error in `err`. */
void write_start(struct console *c);
bool write_poll(struct console *c, struct wr_buf *done, struct wr_error *err);
/* Block until the work in the background is done (not taken over). */
void work_wait(struct console *c);
/* The seconds since it started, for the spinner. */
void load_tick(struct console *c);

/* script.c: WINRESCUE_SCRIPT, keys from a file (tests). */
int script_open(const char *path);
int script_next_key(struct console *c);
bool script_active(void);

/* requests.c: the request table, reading keys, signals, what background
 * work gives when it ends. */
#define KEY_SIGNAL        (KEY_MAX + 1) /* a signal asked the console to end */
#define CONSOLE_MIN_LINES 14
#define CONSOLE_MIN_COLS  50

void console_signals_init(void);
void console_after_load(struct console *c);
/* Apply work that has ended in the background, unless a dialog is open:
 * then it is applied when the dialog has closed. */
void console_take_over(struct console *c);

/* A key from the script, or the terminal (with the spinner ticking). */
int console_getkey(struct console *c);
/* Do what `key` asks in the panes. */
void console_key(struct console *c, int key);

#endif
