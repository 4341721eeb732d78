/* SPDX-License-Identifier: GPL-3.0-or-later */
/* undo.c - winrescue undo: list the journal, roll back the last commit. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/text.h"
#include "cli.h"

static void undo_usage(FILE *out)
{
	cli_print(out,
	          _("Usage: %s undo [--list] (DISK...|--store FILE|--system FILE|--software FILE)\n"
	            "       [OPTION...]\n"),
	          PACKAGE);
	cli_text(out,
	         _("Roll back the last commit, by restoring the backup it made, when the hive is\n"
	           "still exactly as that commit left it.\n"));
	cli_text(out, _("Options:\n"
	                "  -s, --store FILE    a BCD store\n"
	                "  -S, --system FILE   a SYSTEM hive\n"
	                "  -W, --software FILE a SOFTWARE hive\n"
	                "  -L, --list          list the commits and rollbacks in the journal\n"
	                "  -n, --dry-run       check that the rollback is possible, write nothing\n"
	                "  -y, --yes           roll back without asking\n"
	                "  -h, --help          show this help and exit\n"));
	cli_key_usage(out);
}

/* What a record says, in the list: NULL for an intent its write settled. */
static const char *action_word(const struct wr_journal *j, size_t k)
{
	const char *a = j->records[k].action;

	if (strcmp(a, "intent") == 0)
		return wr_journal_open_intent(j, k) ? _("interrupted") : NULL;
	return strcmp(a, "commit") == 0     ? _("commit")
	       : strcmp(a, "rollback") == 0 ? _("rollback")
	                                    : _("abandoned");
}

static int list(struct wr_session *s)
{
	const char *words[] = {_("commit"), _("rollback"), _("interrupted"), _("abandoned")};
	size_t width = 0;
	int r = CLI_OK;

	for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++)
		if (wr_utf8_width(words[w]) > width)
			width = wr_utf8_width(words[w]);
	for (size_t i = 0; wr_session_label(s, i)[0]; i++) {
		struct wr_error err = {0};
		struct wr_journal j;

		if (wr_session_journal(s, i, &j, &err) < 0) {
			cli_error("%s", err.msg);
			r = CLI_FAILED;
			continue;
		}
		cli_out("%s:\n", wr_session_label(s, i));
		if (j.n == 0)
			cli_out(_("  no commits\n"));
		for (size_t k = 0; k < j.n; k++) {
			const struct wr_journal_record *rec = &j.records[k];
			const char *action = action_word(&j, k);

			if (!action)
				continue;
			/* Pad by columns, not bytes: the words are translated. */
			cli_out("  %s  %s%*s  %-28s  %s%s\n", rec->time, action,
			        (int)(width - wr_utf8_width(action)), "",
			        rec->summary ? rec->summary : "", rec->id,
			        rec->weakens_security && strcmp(rec->action, "commit") == 0
			            ? _("  (weakens security: revert when done)")
			            : "");
		}
		if (j.bad_lines)
			cli_error(_("%s: %zu journal lines could not be read"),
			          wr_session_label(s, i), j.bad_lines);
		wr_journal_free(&j);
	}
	return r;
}

static int roll_back(struct cli_session *cs, bool dry_run, bool yes)
{
	struct wr_error err = {0};
	struct wr_buf out = WR_BUF_INIT;
	sigset_t held;
	int r = wr_session_rollback(cs->session, true, &out, &err);

	if (r == 0 && !dry_run && !yes && !isatty(STDIN_FILENO)) {
		cli_error(_("not rolling back: stdin is not a terminal (add --yes)"));
		r = -1;
	} else if (r == 0 && !dry_run && !yes && !cli_confirm(_("Roll back the last commit?"))) {
		r = -1;
	} else if (r == 0 && !dry_run) {
		cli_hold_signals(&held);
		r = wr_session_rollback(cs->session, false, &out, &err);
		cli_release_signals(&held);
	}
	cli_text(stdout, wr_buf_str(&out));
	wr_buf_free(&out);
	if (r == 1)
		cli_out(_("Nothing to roll back.\n"));
	else if (r < 0 && err.code)
		cli_error("%s", err.msg);
	else if (r == 0 && dry_run)
		cli_out(_("The last commit can be rolled back (dry run: nothing was written).\n"));
	return r < 0 ? CLI_FAILED : CLI_OK;
}

int cli_undo(int argc, char **argv)
{
	static const struct option longopts[] = {
	    CLI_TARGET_LONGOPTS,
	    {"list", no_argument, NULL, 'L'},
	    {"dry-run", no_argument, NULL, 'n'},
	    {"yes", no_argument, NULL, 'y'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct cli_target t = {.kinds = WR_KINDS_ALL};
	struct cli_session cs;
	bool do_list = false, dry_run = false, yes = false;
	int c, r;

	while ((c = getopt_long(argc, argv, CLI_TARGET_SHORTOPTS "Lnyh", longopts, NULL)) != -1) {
		if (cli_target_option(&t, c, optarg))
			continue;
		switch (c) {
		case 'L':
			do_list = true;
			break;
		case 'n':
			dry_run = true;
			break;
		case 'y':
			yes = true;
			break;
		case 'h':
			undo_usage(stdout);
			return CLI_OK;
		default:
			undo_usage(stderr);
			return CLI_USAGE;
		}
	}
	t.disks = argv + optind;
	t.n_disks = argc - optind;
	if ((r = cli_session_open(&t, !do_list && !dry_run, &cs)) != CLI_OK)
		return r;
	r = do_list ? list(cs.session) : roll_back(&cs, dry_run, yes);
	if (cli_session_close(&cs, !do_list && !dry_run) < 0)
		r = CLI_FAILED;
	return r;
}
