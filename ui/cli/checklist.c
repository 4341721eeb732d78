/* SPDX-License-Identifier: GPL-3.0-or-later */
/* checklist.c - winrescue checklist list|run: each step detected, fixed, verified, reported. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "checklist/checklist.h"
#include "report/report.h"
#include "cli.h"
#include "safe-write/safe-write.h"

struct run_args {
	struct cli_target target;
	const struct wr_checklist *list;
	const char *report;
	bool all, dry_run, yes;
};

/* One run: what each step found before and after, and what was written. */
struct run {
	struct wr_step_result *before, *after;
	struct wr_buf diff, done;
	bool committed;
};

static void checklist_usage(FILE *out)
{
	cli_print(out, _("Usage: %s checklist list\n"), PACKAGE);
	cli_print(
	    out,
	    _("       %s checklist run NAME (DISK...|--store FILE|--system FILE|--software FILE)\n"
	      "                 [OPTION...]\n"),
	    PACKAGE);
	cli_text(out, _("Options:\n"
	                "  -s, --store FILE    the BCD store\n"
	                "  -S, --system FILE   the SYSTEM hive\n"
	                "  -W, --software FILE the SOFTWARE hive\n"
	                "  -a, --all           also the optional steps\n"
	                "  -r, --report FILE   write the findings and the changes as Markdown\n"
	                "  -n, --dry-run       detect and show, write nothing\n"
	                "  -y, --yes           commit without asking\n"
	                "  -h, --help          show this help and exit\n"));
	cli_key_usage(out);
}

static int list(void)
{
	for (size_t i = 0; i < wr_checklist_count(); i++) {
		const struct wr_checklist *l = wr_checklist_at(i);

		cli_out("%-12s %s\n", l->name, _(l->title));
		for (size_t k = 0; k < l->n_steps; k++)
			cli_out("  %zu. %s\n", k + 1, _(l->steps[k].title));
	}
	return CLI_OK;
}

static void print_step(const struct wr_checklist *l, size_t k, const struct wr_step_result *r,
                       bool explain)
{
	cli_out("[%zu/%zu] %s\n", k + 1, l->n_steps, _(l->steps[k].title));
	if (explain)
		cli_out("      %s\n", _(l->steps[k].explain));
	cli_out("      %s: %s\n", _(wr_step_state_name(r->state)), r->reason);
	for (const char *p = explain ? r->detail.data : NULL; p && *p;) {
		const char *end = strchr(p, '\n');
		int len = end ? (int)(end - p) : (int)strlen(p);

		cli_out("        %.*s\n", len, p);
		p += len + (end ? 1 : 0);
	}
}

/* Detect every step; stage the repairs that are needed (optional ones with
 * --all).  Returns the exit code, or -1 to go on. */
static int detect_and_stage(struct wr_session *s, const struct run_args *a, struct run *run)
{
	const struct wr_checklist *l = a->list;

	for (size_t k = 0; k < l->n_steps; k++) {
		const struct wr_step *st = &l->steps[k];
		struct wr_error err = {0};

		wr_step_detect(st, s, &run->before[k]);
		print_step(l, k, &run->before[k], true);
		if (run->before[k].state != WR_STEP_NEEDS_ACTION || st->kind != WR_STEP_REPAIR ||
		    wr_stage_read_only(
		        wr_session_stage(s),
		        (size_t)wr_session_hive_of(s, wr_repair_hive_kind(st->repair))))
			continue;
		if (st->optional && !a->all) {
			cli_out("      %s\n", _("optional: add --all to do it"));
			continue;
		}
		if (wr_step_stage(st, s, &err) < 0) {
			cli_error("%s", err.msg);
			return CLI_FAILED;
		}
	}
	return -1;
}

static int commit(struct cli_session *cs, const struct run_args *a, struct run *run)
{
	const struct wr_stage *st = wr_session_stage(cs->session);
	struct wr_error err = {0};
	sigset_t held;
	int r;

	if (wr_stage_render(st, WR_DIFF_COMMANDS | WR_DIFF_VALUES, &run->diff, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_FAILED;
	}
	if (wr_stage_count(st) == 0)
		return CLI_OK;
	cli_out("\n");
	cli_text(stdout, wr_buf_str(&run->diff));
	if (a->dry_run) {
		cli_out(_("\nDry run: nothing was written.\n"));
		return CLI_OK;
	}
	if (!a->yes && !isatty(STDIN_FILENO)) {
		cli_error(_("not committing: stdin is not a terminal (add --yes)"));
		return CLI_FAILED;
	}
	if (!a->yes && !cli_confirm(_("Write these changes?")))
		return CLI_FAILED;
	cli_hold_signals(&held);
	r = wr_session_commit(cs->session, &run->done, &err);
	cli_release_signals(&held);
	if (r < 0) {
		cli_error("%s", err.msg);
		return CLI_FAILED;
	}
	run->committed = true;
	cli_text(stdout, wr_buf_str(&run->done));
	return CLI_OK;
}

/* After the commit: every step again; a required step still needing action fails the run. */
static int verify(struct wr_session *s, const struct run_args *a, struct run *run)
{
	const struct wr_checklist *l = a->list;
	int r = CLI_OK;

	cli_out(_("\nAfter:\n"));
	for (size_t k = 0; k < l->n_steps; k++) {
		wr_step_detect(&l->steps[k], s, &run->after[k]);
		print_step(l, k, &run->after[k], false);
		if (run->after[k].state == WR_STEP_NEEDS_ACTION &&
		    (!l->steps[k].optional || a->all))
			r = CLI_FAILED;
	}
	return r;
}

/* The report file (--report): Markdown to paste into a ticket.  It may
 * replace an earlier report, never a hive. */
static int write_report(struct wr_session *s, const struct run_args *a, const struct run *run)
{
	struct wr_buf md = WR_BUF_INIT;
	struct wr_error err = {0};
	int r;

	wr_checklist_report(a->list, s, run->before, run->committed ? run->after : NULL,
	                    wr_buf_str(&run->diff), wr_buf_str(&run->done), &md);
	if (md.oom)
		wr_error_set(&err, ENOMEM, "%s", _("out of memory"));
	r = md.oom ? -1 : wr_report_save(a->report, wr_buf_str(&md), true, &err);
	if (r < 0)
		cli_error("%s", err.msg);
	wr_buf_free(&md);
	return r;
}

/* "Last run on these hives: ..." when there was one; -1 when the record
 * of runs is not one to trust. */
static int last_run(struct wr_session *s, const struct wr_checklist *l)
{
	struct wr_checklist_progress p;
	struct wr_error err = {0};
	int r = wr_checklist_last(cli_config()->state_dir, l, s, &p, &err);

	if (r < 0) {
		cli_error("%s", err.msg);
		return -1;
	}
	if (r == 1)
		cli_out(_("Last run on these hives: %s, %zu of %zu steps passed.\n"), p.time,
		        p.passed, p.steps);
	cli_out("\n");
	return 0;
}

static int save_progress(struct wr_session *s, const struct wr_checklist *l,
                         const struct wr_step_result *r)
{
	struct wr_error err = {0};

	if (wr_checklist_save(cli_config()->state_dir, l, s, r, &err) == 0)
		return 0;
	cli_error("%s", err.msg);
	return -1;
}

static int run_checklist(struct run_args *a)
{
	struct cli_session cs;
	struct run run = {0};
	size_t n = a->list->n_steps;
	int r;

	/* A store that cannot be read is a step's finding (rebuild-store). */
	a->target.new_stores = WR_NEW_STORE_UNREADABLE;
	if ((r = cli_session_open(&a->target, !a->dry_run, &cs)) != CLI_OK)
		return r;
	cli_out("%s\n", _(a->list->title));
	if (last_run(cs.session, a->list) < 0) {
		cli_session_close(&cs, false);
		return CLI_FAILED;
	}
	run.before = calloc(n, sizeof(*run.before));
	run.after = calloc(n, sizeof(*run.after));
	r = run.before && run.after ? detect_and_stage(cs.session, a, &run) : CLI_FAILED;
	if (r < 0)
		r = commit(&cs, a, &run);
	if (r == CLI_OK && run.committed)
		r = verify(cs.session, a, &run);
	if (a->report && run.before && write_report(cs.session, a, &run) < 0)
		r = CLI_FAILED;
	if (run.before && !a->dry_run &&
	    save_progress(cs.session, a->list, run.committed ? run.after : run.before) < 0)
		r = CLI_FAILED;
	for (size_t k = 0; run.before && run.after && k < n; k++) {
		wr_step_result_clear(&run.before[k]);
		wr_step_result_clear(&run.after[k]);
	}
	free(run.before);
	free(run.after);
	wr_buf_free(&run.diff);
	wr_buf_free(&run.done);
	if (cli_session_close(&cs, !a->dry_run) < 0)
		r = CLI_FAILED;
	return r;
}

int cli_checklist(int argc, char **argv)
{
	static const struct option longopts[] = {
	    CLI_TARGET_LONGOPTS,
	    {"all", no_argument, NULL, 'a'},
	    {"report", required_argument, NULL, 'r'},
	    {"dry-run", no_argument, NULL, 'n'},
	    {"yes", no_argument, NULL, 'y'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct run_args a = {.target.kinds = WR_KINDS_ALL};
	int c;

	while ((c = getopt_long(argc, argv, CLI_TARGET_SHORTOPTS "ar:nyh", longopts, NULL)) != -1) {
		if (cli_target_option(&a.target, c, optarg))
			continue;
		switch (c) {
		case 'a':
			a.all = true;
			break;
		case 'r':
			a.report = optarg;
			break;
		case 'n':
			a.dry_run = true;
			break;
		case 'y':
			a.yes = true;
			break;
		case 'h':
			checklist_usage(stdout);
			return CLI_OK;
		default:
			checklist_usage(stderr);
			return CLI_USAGE;
		}
	}
	if (optind < argc && strcmp(argv[optind], "list") == 0 && optind + 1 == argc)
		return list();
	if (optind + 1 >= argc || strcmp(argv[optind], "run") != 0) {
		checklist_usage(stderr);
		return CLI_USAGE;
	}
	a.list = wr_checklist_by_name(argv[optind + 1]);
	if (!a.list) {
		cli_error(_("no checklist \"%s\" (see \"%s checklist list\")"), argv[optind + 1],
		          PACKAGE);
		return CLI_USAGE;
	}
	a.target.disks = argv + optind + 2;
	a.target.n_disks = argc - optind - 2;
	return run_checklist(&a);
}
