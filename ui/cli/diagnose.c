/* SPDX-License-Identifier: GPL-3.0-or-later */
/* diagnose.c - winrescue diagnose: every check, read-only, findings ranked. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "cli.h"
#include "diagnose/diagnose.h"
#include "report/report.h"

static void diagnose_usage(FILE *out)
{
	cli_print(out,
	          _("Usage: %s diagnose (DISK...|--store FILE [--system FILE] [--software FILE])\n"
	            "       [--json] [--report FILE]\n"),
	          PACKAGE);
	cli_text(out, _("Run every check on the boot stores and the SYSTEM and SOFTWARE hives, "
	                "read-only, and\nlist the findings, most serious first, with what was "
	                "read and the repair that\nfixes each.\n"));
	cli_text(out, _("Options:\n"
	                "  -s, --store FILE    a BCD store\n"
	                "  -S, --system FILE   a SYSTEM hive\n"
	                "  -W, --software FILE a SOFTWARE hive\n"
	                "  -j, --json          JSON (winrescue-diagnose/1)\n"
	                "  -r, --report FILE   also write a Markdown report for a ticket "
	                "(a new file)\n"
	                "  -h, --help          show this help and exit\n"
	                "Exit status: 0 nothing more than information, 3 a finding that can "
	                "stop Windows\nfrom starting or answering RDP, 1 failure, 2 usage "
	                "error.\n"));
	cli_key_usage(out);
}

/* The disks or files as given, for the repair commands the findings name. */
static void target_words(const struct cli_target *t, struct wr_buf *out)
{
	if (t->store)
		wr_buf_printf(out, "--store %s", t->store);
	if (t->system)
		wr_buf_printf(out, "%s--system %s", t->store ? " " : "", t->system);
	if (t->software)
		wr_buf_printf(out, "%s--software %s", t->store || t->system ? " " : "",
		              t->software);
	for (int i = 0; i < t->n_disks; i++)
		wr_buf_printf(out, "%s%s", i ? " " : "", t->disks[i]);
}

/* The Markdown report as a new file; false after saying why not. */
static bool save_report(const struct wr_diagnosis *d, const struct wr_session *s, const char *words,
                        const char *path)
{
	struct wr_buf md = WR_BUF_INIT;
	struct wr_error err = {0};
	int r;

	wr_diagnosis_markdown(d, s, words, &md);
	r = md.oom ? -1 : wr_report_save(path, wr_buf_str(&md), false, &err);
	if (r < 0)
		cli_error("%s", md.oom ? _("out of memory") : err.msg);
	wr_buf_free(&md);
	return r == 0;
}

static int run(struct cli_target *t, bool json, const char *report)
{
	struct wr_buf words = WR_BUF_INIT, out = WR_BUF_INIT;
	struct wr_error err = {0};
	struct wr_diagnosis d;
	struct cli_session cs;
	int r = cli_session_open(t, false, &cs);

	if (r != CLI_OK)
		return r;
	target_words(t, &words);
	if (wr_diagnose(cs.session, &d, &err) < 0) {
		cli_error("%s", err.msg);
		r = CLI_FAILED;
	} else {
		if (json)
			wr_diagnosis_json(&d, cs.session, wr_buf_str(&words), &out);
		else
			wr_diagnosis_text(&d, cs.session, wr_buf_str(&words), &out);
		if (out.oom || words.oom) {
			cli_error("%s", _("out of memory"));
			r = CLI_FAILED;
		} else {
			cli_text(stdout, wr_buf_str(&out));
			r = wr_diagnosis_serious(&d) ? CLI_PROBLEMS : CLI_OK;
			if (report && !save_report(&d, cs.session, wr_buf_str(&words), report))
				r = CLI_FAILED;
		}
		wr_diagnosis_free(&d);
	}
	wr_buf_free(&out);
	wr_buf_free(&words);
	cli_session_close(&cs, false);
	return r;
}

int cli_diagnose(int argc, char **argv)
{
	static const struct option longopts[] = {
	    CLI_TARGET_LONGOPTS,
	    {"report", required_argument, NULL, 'r'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	/* A store that cannot be read is a finding, not a failure: an empty
	 * store stands in for it (never written: diagnose only reads). */
	struct cli_target t = {.kinds = WR_KINDS_ALL, .new_stores = WR_NEW_STORE_UNREADABLE};
	const char *report = NULL;
	bool json = false;
	int c;

	while ((c = getopt_long(argc, argv, CLI_TARGET_SHORTOPTS "r:jh", longopts, NULL)) != -1) {
		if (cli_target_option(&t, c, optarg))
			continue;
		switch (c) {
		case 'r':
			report = optarg;
			break;
		case 'j':
			json = t.json = true;
			break;
		case 'h':
			diagnose_usage(stdout);
			return CLI_OK;
		default:
			diagnose_usage(stderr);
			return CLI_USAGE;
		}
	}
	t.disks = argv + optind;
	t.n_disks = argc - optind;
	/* Before the disks are read, not after. */
	if (report && access(report, F_OK) == 0) {
		cli_error(_("%s exists; winrescue does not overwrite it"), report);
		return CLI_FAILED;
	}
	return run(&t, json, report);
}
