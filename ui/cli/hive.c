/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hive.c - "winrescue hive check|replay": a hive's state and its transaction logs. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "cli.h"
#include "hive/hive.h"
#include "safe-write/safe-write.h"

static void hive_usage(FILE *out)
{
	cli_print(out, _("Usage: %s hive check FILE...\n"), PACKAGE);
	cli_print(out, _("       %s hive replay FILE --output OUT\n"), PACKAGE);
	cli_text(out, _("Say whether each hive is dirty and what its transaction logs (FILE.LOG,\n"
	                ".LOG1, .LOG2) hold; or write the hive as Windows recovers it from them.\n"
	                "The files given are never changed.\n"));
	cli_text(out, _("Options:\n"
	                "  -o, --output OUT   replay: the recovered hive (must not exist)\n"
	                "  -h, --help         show this help and exit\n"));
	cli_text(out,
	         _("Exit status: 0 clean, 1 failure, 2 usage error, 3 a hive was dirty (check)\n"
	           "or a log stopped at a bad entry (replay).\n"));
}

void cli_print_logs(const struct wr_replay *rep, const char *indent, bool *bad_entry)
{
	struct wr_buf out = WR_BUF_INIT;

	wr_replay_logs_text(rep, indent, &out);
	if (out.oom)
		cli_error("%s", _("out of memory"));
	else
		cli_text(stdout, wr_buf_str(&out));
	wr_buf_free(&out);
	for (size_t i = 0; bad_entry && i < rep->n_logs; i++)
		*bad_entry |= rep->logs[i].state == WR_LOG_APPLIED && rep->logs[i].why[0];
}

/* The hive's state as it was; false when it was dirty. */
static bool print_state(const char *path, const struct wr_replay *rep)
{
	const struct wr_regf_header *h = &rep->before;

	if (!rep->dirty)
		cli_out(_("%s: clean (sequence %u)\n"), path, h->seq1);
	else if (!h->checksum_ok)
		cli_out(_("%s: dirty (its base block's checksum is wrong)\n"), path);
	else
		cli_out(_("%s: dirty (sequence numbers %u and %u differ)\n"), path, h->seq1,
		        h->seq2);
	return !rep->dirty;
}

/* Recovery failed: a replay whose result does not read still shows the
 * hive's state and logs before the line that says why. */
static void refused(const char *path, const struct wr_replay *rep, const struct wr_error *err,
                    bool writing)
{
	if (rep->dirty) {
		print_state(path, rep);
		cli_print_logs(rep, "  ", NULL);
	}
	if (rep->dirty && writing)
		cli_error(_("%s; nothing written"), err->msg);
	else
		cli_error("%s", err->msg);
}

static int check_one(const char *path, bool *dirty)
{
	struct wr_error err = {0};
	struct wr_regf_header h;
	struct wr_replay rep;
	uint8_t *img;
	size_t len;
	bool bad = false;

	if (wr_hive_recover(path, &img, &len, &rep, NULL, &err) < 0) {
		refused(path, &rep, &err, false);
		return CLI_FAILED;
	}
	*dirty |= !print_state(path, &rep);
	cli_print_logs(&rep, "  ", &bad);
	if (rep.dirty && rep.applied) {
		wr_regf_parse(img, len, &h, NULL);
		cli_out(_("  after replay: clean at sequence %u, %u bytes of hive bins\n"), rep.seq,
		        h.hbins_size);
	} else if (rep.dirty) {
		cli_out("  %s\n", _("no log can be replayed: winrescue will not write this hive"));
	}
	free(img);
	return CLI_OK;
}

static int check(int argc, char **argv)
{
	bool dirty = false;
	int r = CLI_OK;

	if (argc < 1) {
		cli_error("%s", _("name the hive files to check"));
		return CLI_USAGE;
	}
	for (int i = 0; i < argc; i++)
		if (check_one(argv[i], &dirty) != CLI_OK)
			r = CLI_FAILED;
	return r != CLI_OK ? r : dirty ? CLI_PROBLEMS : CLI_OK;
}

static int replay(const char *path, const char *output)
{
	struct wr_error err = {0};
	struct wr_replay rep;
	uint8_t *img;
	size_t len;
	bool bad = false;
	int r;

	if (wr_hive_recover(path, &img, &len, &rep, NULL, &err) < 0) {
		refused(path, &rep, &err, true);
		return CLI_FAILED;
	}
	print_state(path, &rep);
	cli_print_logs(&rep, "  ", &bad);
	if (rep.dirty && !rep.applied) {
		cli_error(_("%s: no log can be replayed; nothing written"), path);
		free(img);
		return CLI_FAILED;
	}
	r = wr_safe_write_new(output, img, len, &err);
	free(img);
	if (r < 0) {
		cli_error("%s", err.msg);
		return CLI_FAILED;
	}
	if (rep.applied)
		cli_out(_("%s: written, clean at sequence %u\n"), output, rep.seq);
	else
		cli_out(_("%s: written, a copy (the hive was clean)\n"), output);
	return bad ? CLI_PROBLEMS : CLI_OK;
}

int cli_hive(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *output = NULL;
	int c;

	if (argc < 2 || (strcmp(argv[1], "check") != 0 && strcmp(argv[1], "replay") != 0)) {
		if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
			hive_usage(stdout);
			return CLI_OK;
		}
		hive_usage(stderr);
		return CLI_USAGE;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		if (c == 'h') {
			hive_usage(stdout);
			return CLI_OK;
		}
		if (c != 'o')
			return CLI_USAGE;
		output = optarg;
	}
	if (strcmp(argv[1], "check") == 0)
		return check(argc - optind, argv + optind);
	if (!output || argc - optind != 1) {
		cli_error("%s", _("replay takes one hive FILE and --output OUT"));
		return CLI_USAGE;
	}
	return replay(argv[optind], output);
}
