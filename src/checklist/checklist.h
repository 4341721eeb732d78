/* SPDX-License-Identifier: GPL-3.0-or-later */
/* checklist.h - Microsoft's troubleshooting articles as step-by-step checklists (data, not code per
 * screen). */
#ifndef WR_CHECKLIST_H
#define WR_CHECKLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"
#include "repair/repair.h"
#include "session/session.h"

enum wr_step_kind {
	WR_STEP_ADVICE, /* something only the user can do (a snapshot, swapping the disk) */
	WR_STEP_FIND,   /* the BCD store and the loader that boots Windows are there */
	WR_STEP_REPAIR, /* a repair: its check, its transaction, its check again after */
};

struct wr_step {
	const char *id;
	const char *title;   /* N_() */
	const char *explain; /* N_(), one paragraph */
	enum wr_step_kind kind;
	enum wr_repair_kind repair; /* WR_STEP_REPAIR */
	bool optional;              /* done only when asked (--all) */
	bool info_passes; /* a finding only worth knowing (the article's own choices) passes */
};

struct wr_checklist {
	const char *name;  /* "safe-mode" */
	const char *title; /* N_() */
	const char *article;
	const struct wr_step *steps;
	size_t n_steps;
};

enum wr_step_state {
	WR_STEP_PASSED,
	WR_STEP_NEEDS_ACTION,
	WR_STEP_NOT_APPLICABLE,
	WR_STEP_COULD_NOT_CHECK,
	WR_STEP_MANUAL, /* advice: the user does it */
};

struct wr_step_result {
	enum wr_step_state state;
	char reason[512];     /* one line, translated */
	struct wr_buf detail; /* the check's findings, one per line */
};

size_t wr_checklist_count(void);
const struct wr_checklist *wr_checklist_at(size_t i);
const struct wr_checklist *wr_checklist_by_name(const char *name);
/* "passed", "needs action", ... (English; translate with _()). */
const char *wr_step_state_name(enum wr_step_state state);

/* Look at step `st` in `s` as it is now (staged edits included). */
void wr_step_detect(const struct wr_step *st, struct wr_session *s, struct wr_step_result *out);
void wr_step_result_clear(struct wr_step_result *r);

/* Stage the step's repair as one transaction (1: nothing to change). */
int wr_step_stage(const struct wr_step *st, struct wr_session *s, struct wr_error *err);

/* Where a checklist was left on these hives (progress.c): saved
 * after each run in <state_dir>/checklists.jsonl, so a user can come back. */
struct wr_checklist_progress {
	bool found;
	char time[32];
	size_t passed, steps;
};
int wr_checklist_save(const char *state_dir, const struct wr_checklist *l, struct wr_session *s,
                      const struct wr_step_result *r, struct wr_error *err);
/* The newest record for `l` on the session's hives: 1 found, 0 none, -1
 * when the file cannot be read or is not one winrescue would trust. */
int wr_checklist_last(const char *state_dir, const struct wr_checklist *l, struct wr_session *s,
                      struct wr_checklist_progress *out, struct wr_error *err);

/*
 * The run as Markdown: the hives, each step as found (and after the commit
 * when `after` is not NULL), the changes (`diff`, and `done` with the
 * backups when written), the checks' findings.
 */
void wr_checklist_report(const struct wr_checklist *l, struct wr_session *s,
                         const struct wr_step_result *before, const struct wr_step_result *after,
                         const char *diff, const char *done, struct wr_buf *out);

#endif
