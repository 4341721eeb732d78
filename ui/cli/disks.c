/* SPDX-License-Identifier: GPL-3.0-or-later */
/* disks.c - "winrescue disks": the host's disks (sysfs), or what is on the given ones. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "cli.h"
#include "disk/disk.h"

static void disks_usage(FILE *out)
{
	cli_print(out, _("Usage: %s disks [--json] [DISK...]\n"), PACKAGE);
	cli_text(out,
	         _("Without DISK, list the host's disks and which are in use; with DISK (block\n"
	           "devices or image files), show their partitions, Windows installations, BCD\n"
	           "stores and registry hives.\n"));
	cli_text(out, "\n");
	cli_text(out, _("  -j, --json   JSON instead of text\n"));
	cli_text(out, _("  -h, --help   show this help and exit\n"));
	cli_key_usage(out);
}

/* Print what the back end rendered; false (after saying so) when it ran
 * out of memory. */
static bool print_rendered(const struct wr_buf *out)
{
	if (out->oom) {
		cli_error("%s", _("out of memory"));
		return false;
	}
	cli_text(stdout, wr_buf_str(out));
	return true;
}

/* The host's disks, straight from sysfs: no appliance, instant. */
static int host_disks(bool json)
{
	const char *sysfs = getenv("WINRESCUE_SYSFS");
	const char *mountinfo = getenv("WINRESCUE_MOUNTINFO");
	struct wr_host_disks disks;
	struct wr_buf out = WR_BUF_INIT;
	struct wr_error err;
	int r;

	/* The two variables let the tests describe a machine of their own. */
	if (wr_host_disks_scan(sysfs ? sysfs : "/sys",
	                       mountinfo ? mountinfo : "/proc/self/mountinfo", &disks, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_FAILED;
	}
	if (json)
		wr_host_disks_json(&disks, &out);
	else
		wr_host_disks_text(&disks, &out);
	wr_host_disks_free(&disks);
	r = print_rendered(&out) ? CLI_OK : CLI_FAILED;
	wr_buf_free(&out);
	return r;
}

int cli_show_inventory(const struct wr_inventory *inv, bool json)
{
	struct wr_buf problems = WR_BUF_INIT, out = WR_BUF_INIT;
	size_t n = wr_inventory_problems(inv, &problems);
	int r = n ? CLI_FAILED : CLI_OK;

	if (json)
		wr_inventory_json(inv, &out);
	else
		wr_inventory_text(inv, &out);
	out.oom |= problems.oom;
	if (!print_rendered(&out))
		r = CLI_FAILED;
	else if (!json)
		for (char *c = problems.data, *line; (line = wr_next_line(&c));)
			cli_error("%s", line);
	wr_buf_free(&out);
	wr_buf_free(&problems);
	return r;
}

/* Writes to these disks that were interrupted: each a problem. */
static int interrupted_writes(struct wr_guest *g, const struct wr_inventory *inv)
{
	struct wr_error err = {0};
	struct wr_session *s = wr_session_new(cli_config(), &err);
	struct wr_buf out = WR_BUF_INIT;
	size_t n = s ? wr_session_interrupted_writes(s, g, inv, &out) : 0;

	if (!s)
		cli_error("%s", err.msg);
	for (char *c = out.data, *line; n && (line = wr_next_line(&c));)
		cli_error("%s", line);
	wr_buf_free(&out);
	wr_session_free(s);
	return s && n == 0 ? CLI_OK : CLI_FAILED;
}

/* What is on the given disks: one appliance launch. */
static int guest_disks(char **paths, int n, bool json)
{
	struct wr_inventory inv;
	struct wr_guest *g = cli_scan(cli_open_disks(paths, n, false), &inv);
	int r;

	if (!g)
		return CLI_FAILED;
	r = cli_show_inventory(&inv, json);
	if (interrupted_writes(g, &inv) != CLI_OK)
		r = CLI_FAILED;
	wr_inventory_free(&inv);
	wr_guest_close(g);
	return r;
}

int cli_disks(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {"key", required_argument, NULL, CLI_KEY_OPTION},
	    {NULL, 0, NULL, 0},
	};
	bool json = false;
	int c;

	while ((c = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case CLI_KEY_OPTION:
			cli_key_option(optarg);
			break;
		case 'h':
			disks_usage(stdout);
			return CLI_OK;
		default:
			disks_usage(stderr);
			return CLI_USAGE;
		}
	}
	if (optind < argc)
		return guest_disks(argv + optind, argc - optind, json);
	return host_disks(json);
}
