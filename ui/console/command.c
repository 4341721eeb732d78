/* SPDX-License-Identifier: GPL-3.0-or-later */
/* command.c - the console's command line (:): bcdedit and reg commands as the articles write
 * them, staged like any repair; its history kept in the state directory. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "cli/cli.h"
#include "console.h"

/* What came of it: an error on the status line; a change staged (shown
 * in the panes, written by w); or what the command printed, in a box. */
static void report(struct console *c, const char *line, int staged, const struct wr_buf *out,
                   const struct wr_error *err)
{
	if (staged < 0) {
		display_status(c, true, "%s", err->msg);
		return;
	}
	if (staged == 0) {
		/* What it said ("The entry {...} was successfully created."). */
		size_t said = strcspn(wr_buf_str(out), "\n");

		action_model_changed(c);
		display_status(c, false, _("staged, w writes it: %.*s"),
		               (int)(said ? said : strlen(line)), said ? wr_buf_str(out) : line);
		return;
	}
	display_status(c, false, _("nothing changed: %s"), line);
	if (out->len)
		dialog_text(c, CTX_TEXT, line, wr_buf_str(out));
}

void action_command(struct console *c)
{
	const char *state_dir = cli_config()->state_dir;
	struct wr_buf out = WR_BUF_INIT;
	struct wr_error err = {0};
	char line[WR_CMD_LINE_MAX] = "", **argv = NULL;
	int argc = 0, staged = -1; /* wr_cmd_run: 0 staged, 1 nothing changed */

	if (!c->session) {
		display_status(c, true, "%s",
		               c->loading ? _("still loading the disks") : _("nothing is loaded"));
		return;
	}
	if (!c->history_loaded && wr_cmd_history_load(state_dir, &c->history, &err) < 0)
		display_status(c, true, "%s", err.msg);
	c->history_loaded = true;
	if (!dialog_input(c, _("Command"), _("bcdedit or reg, as on Windows (Up: earlier ones):"),
	                  line, sizeof(line), &c->history))
		return;
	if (wr_cmd_history_add(state_dir, &c->history, line, &err) < 0)
		display_status(c, true, "%s", err.msg);
	if (wr_cmd_split(line, &argv, &argc, &err) == 0 && argc > 0 &&
	    (c->cmd_env || (c->cmd_env = wr_cmd_env_new(c->session, &err))))
		staged = wr_cmd_run(c->cmd_env, argc, argv, &out, &err);
	else if (argc == 0 && !err.code)
		return;
	report(c, line, staged, &out, &err);
	wr_cmd_argv_free(argv, argc);
	wr_buf_free(&out);
}
