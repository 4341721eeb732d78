/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-bcd.c - "winrescue bcd enum": a BCD store listed as bcdedit /enum lists it. */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bcd-enum.h"
#include "bcd.h"
#include "cli.h"
#include "demo.h"
#include "i18n.h"

struct enum_args {
	struct wr_bcd_enum_opts opts;
	const char *store;
	const char *demo; /* "bios" or "uefi" */
	bool json;
};

static void enum_usage(FILE *out)
{
	fprintf(out, _("Usage: %s bcd enum (--store FILE | --demo[=bios|uefi]) [OPTION...] [ID]\n"),
	        PACKAGE);
	fputs(_("List the objects of a BCD store, as \"bcdedit /store FILE /enum\" does.\n"), out);
	fputs("\n", out);
	fputs(_("  -s, --store FILE   the BCD store (a registry hive file)\n"), out);
	fputs(_("      --demo[=KIND]  the built-in demo store, bios (default) or uefi\n"), out);
	fputs(_("  -a, --all          every object, not only the boot manager and its entries\n"),
	      out);
	fputs(_("  -v, --verbose      GUIDs instead of aliases, and hidden elements\n"), out);
	fputs(_("  -i, --inherited    also show values inherited from settings objects\n"), out);
	fputs(_("  -j, --json         JSON with raw and decoded values\n"), out);
	fputs(_("  -h, --help         show this help and exit\n"), out);
	fputs("\n", out);
	fputs(_("ID is a GUID or an alias such as {bootmgr} or {default}.\n"), out);
}

/* Returns -1 to go on, else the exit code. */
static int parse_enum_args(int argc, char **argv, struct enum_args *a)
{
	static const struct option longopts[] = {
	    {"store", required_argument, NULL, 's'}, {"demo", optional_argument, NULL, 'D'},
	    {"all", no_argument, NULL, 'a'},         {"verbose", no_argument, NULL, 'v'},
	    {"inherited", no_argument, NULL, 'i'},   {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
	};
	int c;

	while ((c = getopt_long(argc, argv, "s:avijh", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			a->store = optarg;
			break;
		case 'D':
			a->demo = optarg ? optarg : "bios";
			break;
		case 'a':
			a->opts.all = true;
			break;
		case 'v':
			a->opts.verbose = true;
			break;
		case 'i':
			a->opts.inherited = true;
			break;
		case 'j':
			a->json = true;
			break;
		case 'h':
			enum_usage(stdout);
			return CLI_OK;
		default:
			enum_usage(stderr);
			return CLI_USAGE;
		}
	}
	if (optind < argc)
		a->opts.id = argv[optind++];
	if (optind < argc) {
		cli_error(_("unexpected argument \"%s\""), argv[optind]);
		return CLI_USAGE;
	}
	if (!a->store == !a->demo) {
		cli_error(_("give exactly one of --store FILE and --demo"));
		return CLI_USAGE;
	}
	if (a->demo && strcmp(a->demo, "bios") != 0 && strcmp(a->demo, "uefi") != 0) {
		cli_error(_("unknown demo store \"%s\" (bios or uefi)"), a->demo);
		return CLI_USAGE;
	}
	return -1;
}

/* Print the listing, then each defect of the store as a warning. */
static int print_store(const struct wr_bcd *bcd, const struct enum_args *a)
{
	struct wr_buf out = WR_BUF_INIT, problems = WR_BUF_INIT;
	struct wr_error err;
	int r = a->json ? wr_bcd_enum_json(bcd, &a->opts, &out, &err)
	                : wr_bcd_enum_text(bcd, &a->opts, &out, &err);
	size_t n;

	if (r < 0) {
		cli_error("%s: %s", wr_bcd_path(bcd), err.msg);
		wr_buf_free(&out);
		return CLI_FAILED;
	}
	if (out.data)
		fputs(out.data, stdout);
	wr_buf_free(&out);
	n = wr_bcd_check(bcd, &problems);
	for (char *cursor = problems.data, *line; (line = wr_next_line(&cursor));)
		cli_error(_("%s: warning: %s"), wr_bcd_path(bcd), line);
	wr_buf_free(&problems);
	if (fflush(stdout) != 0) {
		cli_error(_("cannot write the output"));
		return CLI_FAILED;
	}
	return n ? CLI_PROBLEMS : CLI_OK;
}

static int enum_file(const char *path, const struct enum_args *a)
{
	struct wr_error err;
	struct wr_bcd *bcd = wr_bcd_open(path, &err);
	int r;

	if (!bcd) {
		cli_error("%s", err.msg);
		return CLI_FAILED;
	}
	r = print_store(bcd, a);
	wr_bcd_free(bcd);
	return r;
}

/* Build the demo store in a private temporary directory, list it, remove it. */
static int enum_demo(const struct enum_args *a)
{
	const char *tmp = getenv("TMPDIR");
	char dir[PATH_MAX], path[PATH_MAX + 8];
	struct wr_error err;
	int r;

	snprintf(dir, sizeof(dir), "%s/winrescue-demo-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		cli_error(_("cannot create a temporary directory in %s"), tmp ? tmp : "/tmp");
		return CLI_FAILED;
	}
	snprintf(path, sizeof(path), "%s/BCD", dir);
	if (wr_demo_bcd_create(path, strcmp(a->demo, "uefi") == 0 ? WR_DEMO_UEFI : WR_DEMO_BIOS,
	                       &err) < 0) {
		cli_error("%s", err.msg);
		r = CLI_FAILED;
	} else {
		r = enum_file(path, a);
		unlink(path);
	}
	rmdir(dir);
	return r;
}

static int cmd_enum(int argc, char **argv)
{
	struct enum_args a = {0};
	int r = parse_enum_args(argc, argv, &a);

	if (r >= 0)
		return r;
	return a.demo ? enum_demo(&a) : enum_file(a.store, &a);
}

int cli_bcd(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "enum") == 0)
		return cmd_enum(argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		enum_usage(stdout);
		return CLI_OK;
	}
	cli_error(_("unknown or missing bcd command (try \"%s bcd enum --help\")"), PACKAGE);
	return CLI_USAGE;
}
