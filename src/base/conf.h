/* SPDX-License-Identifier: GPL-3.0-or-later */
/* conf.h - what the program tells the back end about its surroundings (the back end reads no
 * environment variable). */
#ifndef WR_CONF_H
#define WR_CONF_H

#include <limits.h>

#include "error.h"

struct wr_config {
	/* Host backups, the journal, checklist progress: $XDG_STATE_HOME/winrescue
	 * or ~/.local/state/winrescue; "" when neither variable is set, and then
	 * whatever needs it fails saying so (see wr_config_state_dir). */
	char state_dir[PATH_MAX];
	/* Where a session makes its working directory: $TMPDIR, else /tmp. */
	char tmpdir[PATH_MAX];
	/* Tests only (WINRESCUE_FAIL_AFTER): a safe write stops right after this
	 * step, as a crash would; "" never. */
	char fail_after[32];
};

/*
 * Fill `cfg` from the values of XDG_STATE_HOME, HOME, TMPDIR and
 * WINRESCUE_FAIL_AFTER (NULL or "" when unset), as the program read them.
 * Fails (ENAMETOOLONG, naming the variable) when a path does not fit.
 */
int wr_config_init(struct wr_config *cfg, const char *xdg_state_home, const char *home,
                   const char *tmpdir, const char *fail_after, struct wr_error *err);

/*
 * Make the state directory `dir` ready for backups: created 0700 (with its
 * parents) when missing.  Refused when `dir` is "" (no HOME), or is a
 * symbolic link, not a directory, or owned by another user: someone else
 * could then read the backups or swap them.
 */
int wr_config_state_dir(const char *dir, struct wr_error *err);

#endif
