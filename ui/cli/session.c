/* SPDX-License-Identifier: GPL-3.0-or-later */
/* session.c - opening the hives a repair or undo works on: files, or disks through the
 * appliance. */
#include "config.h"

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/i18n.h"
#include "cli.h"
#include "safe-write/safe-write.h"

/* What loading found (logs replayed or ignored, no SOFTWARE hive): with
 * the command's output, or on stderr when that output is JSON. */
void cli_print_notes(const struct wr_session *s, bool json)
{
	for (size_t i = 0; i < wr_stage_hive_count(wr_session_stage(s)); i++)
		if (*wr_session_note(s, i) && json)
			cli_error("%s", wr_session_note(s, i));
		else if (*wr_session_note(s, i))
			cli_out("%s\n", wr_session_note(s, i));
}

bool cli_target_option(struct cli_target *t, int c, char *arg)
{
	switch (c) {
	case 's':
		t->store = arg;
		return true;
	case 'S':
		t->system = arg;
		return true;
	case 'W':
		t->software = arg;
		return true;
	case CLI_KEY_OPTION:
		cli_key_option(arg);
		return true;
	default:
		return false;
	}
}

int cli_session_open(struct cli_target *t, bool writable, struct cli_session *cs)
{
	struct wr_error err = {0};

	memset(cs, 0, sizeof(*cs));
	if ((t->store || t->system || t->software) == (t->n_disks > 0)) {
		cli_error(_("give DISK... or --store FILE and/or --system FILE"));
		return CLI_USAGE;
	}
	cs->session = wr_session_new(cli_config(), &err);
	/* A command that writes loads, repairs and commits in one go. */
	if (cs->session && writable)
		wr_session_lock_at_load(cs->session);
	if (cs->session) {
		wr_session_new_stores(cs->session, t->new_stores);
		wr_session_store_template_from(cs->session, t->windows);
	}
	if (!cs->session ||
	    (t->store && wr_session_add_file(cs->session, t->store, WR_KIND_BCD, &err) < 0) ||
	    (t->system && wr_session_add_file(cs->session, t->system, WR_KIND_SYSTEM, &err) < 0) ||
	    (t->software &&
	     wr_session_add_file(cs->session, t->software, WR_KIND_SOFTWARE, &err) < 0)) {
		cli_error("%s", err.msg);
		cli_session_close(cs, false);
		return CLI_FAILED;
	}
	if (t->n_disks == 0) {
		cli_print_notes(cs->session, t->json);
		return CLI_OK;
	}
	cs->g = cli_scan(cli_open_disks(t->disks, t->n_disks, writable), &cs->inv);
	if (!cs->g || wr_session_add_disks(cs->session, cs->g, &cs->inv,
	                                   t->kinds ? t->kinds : WR_KINDS_BOOT, &err) < 0) {
		if (cs->g)
			cli_error("%s", err.msg);
		cli_session_close(cs, false);
		return CLI_FAILED;
	}
	cli_print_notes(cs->session, t->json);
	return CLI_OK;
}

int cli_session_close(struct cli_session *cs, bool check)
{
	struct wr_error err = {0};
	int r = 0;

	wr_session_free(cs->session);
	if (cs->g) {
		/* Delayed write errors only show when the appliance stops. */
		if (check && (r = wr_guest_shutdown(cs->g, &err)) < 0)
			cli_error("%s", err.msg);
		wr_guest_close(cs->g);
		wr_inventory_free(&cs->inv);
	}
	memset(cs, 0, sizeof(*cs));
	return r;
}

int cli_answer(const char *reply)
{
	/* TRANSLATORS: the letters for yes and no in [y/N] and in the console's
	 * questions; give ones your locale's yes and no (locale yesexpr) accept. */
	const char *yes = _("y"), *no = _("n");
	int r = rpmatch(reply);

	if (r >= 0)
		return r;
	/* The messages may be in another language than the locale (LANGUAGE=nl
	 * under C.UTF-8): the letters the question shows must work too. */
	if (*yes && strncasecmp(reply, yes, strlen(yes)) == 0)
		return 1;
	if (*no && strncasecmp(reply, no, strlen(no)) == 0)
		return 0;
	return -1;
}

bool cli_confirm(const char *question)
{
	char line[64];

	/* TRANSLATORS: %s is the question; the letters are those of "y" and "n". */
	fprintf(stderr, _("%s [y/N] "), question);
	fflush(stderr);
	return fgets(line, sizeof(line), stdin) && cli_answer(line) == 1;
}

void cli_hold_signals(sigset_t *before)
{
	sigset_t ending;

	sigemptyset(&ending);
	sigaddset(&ending, SIGINT);
	sigaddset(&ending, SIGTERM);
	sigaddset(&ending, SIGHUP);
	sigaddset(&ending, SIGQUIT);
	sigprocmask(SIG_BLOCK, &ending, before);
}

void cli_release_signals(const sigset_t *before)
{
	sigprocmask(SIG_SETMASK, before, NULL);
}

int cli_print_diff(const struct wr_stage *st)
{
	struct wr_buf b = WR_BUF_INIT;
	struct wr_error err = {0};
	int r = wr_stage_render(st, WR_DIFF_COMMANDS | WR_DIFF_VALUES, &b, &err);

	if (r == 0) {
		cli_out("\n");
		cli_text(stdout, wr_buf_str(&b));
	} else {
		cli_error("%s", err.msg);
	}
	wr_buf_free(&b);
	return r;
}

int cli_commit(struct cli_session *cs, bool yes)
{
	struct wr_error err = {0};
	struct wr_buf done = WR_BUF_INIT;
	sigset_t held;
	int r;

	if (!yes && !isatty(STDIN_FILENO)) {
		cli_error(_("not committing: stdin is not a terminal (add --yes)"));
		return CLI_FAILED;
	}
	if (!yes && !cli_confirm(_("Write these changes?"))) {
		cli_out(_("Nothing was written.\n"));
		return CLI_FAILED;
	}
	cli_hold_signals(&held);
	r = wr_session_commit(cs->session, &done, &err);
	cli_release_signals(&held);
	cli_text(stdout, wr_buf_str(&done));
	wr_buf_free(&done);
	if (r < 0) {
		cli_error("%s", err.msg);
		return CLI_FAILED;
	}
	return CLI_OK;
}
