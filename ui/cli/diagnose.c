/* SPDX-License-Identifier: GPL-3.0-or-later */
/* diagnose.c - winrescue diagnose: every check, read-only, findings ranked. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "cli.h"
#include "diagnose/diagnose.h"

static void diagnose_usage(FILE *out)
{
	cli_print(out, _("Usage: %s diagnose (DISK...|--store FILE [--system FILE]) [--json]\n"),
	          PACKAGE);
	cli_text(out, _("Run every check on the boot store and the SYSTEM hive, read-only, and "
	                "list the findings,\nmost serious first, with what was read and the "
	                "repair that fixes each.\n"));
	cli_text(out, _("Options:\n"
	                "  -s, --store FILE    a BCD store\n"
	                "  -S, --system FILE   a SYSTEM hive\n"
	                "  -j, --json          JSON (winrescue-diagnose/1)\n"
	                "  -h, --help          show this help and exit\n"
	                "Exit status: 0 nothing more than information, 3 a finding that can "
	                "stop Windows\nfrom starting or answering RDP, 1 failure, 2 usage "
	                "error.\n"));
}

/* The disks or files as given, for the repair commands the findings name. */
static void target_words(const struct cli_target *t, struct wr_buf *out)
{
	if (t->store)
		wr_buf_printf(out, "--store %s", t->store);
	if (t->system)
		wr_buf_printf(out, "%s--system %s", t->store ? " " : "", t->system);
	for (int i = 0; i < t->n_disks; i++)
		wr_buf_printf(out, "%s%s", i ? " " : "", t->disks[i]);
}

static int run(struct cli_target *t, bool json)
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
	    {"store", required_argument, NULL, 's'},
	    {"system", required_argument, NULL, 'S'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct cli_target t = {0};
	bool json = false;
	int c;

	while ((c = getopt_long(argc, argv, "s:S:jh", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			t.store = optarg;
			break;
		case 'S':
			t.system = optarg;
			break;
		case 'j':
			json = true;
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
	return run(&t, json);
}
