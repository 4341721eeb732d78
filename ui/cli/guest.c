/* SPDX-License-Identifier: GPL-3.0-or-later */
/* guest.c - opening disks for a command: one appliance launch, with progress on stderr. */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "base/i18n.h"
#include "cli.h"
#include "disk/disk.h"

/* A spinner with elapsed seconds while the appliance starts (on a terminal
 * only); the reason for a slower TCG start always. */
static void show_progress(const struct wr_guest_progress *p, void *opaque)
{
	static const char spin[] = "|/-\\";
	static unsigned turn;
	bool tty = *(const bool *)opaque;

	switch (p->phase) {
	case WR_GUEST_STARTING:
		if (!tty)
			return;
		cli_print(stderr, "\r");
		if (p->percent >= 0)
			cli_print(stderr, _("%c Starting the appliance: %d%% (%.0f s) "),
			          spin[turn++ % 4], p->percent, p->elapsed);
		else
			cli_print(stderr, _("%c Starting the appliance (%.0f s) "),
			          spin[turn++ % 4], p->elapsed);
		break;
	case WR_GUEST_TCG:
		cli_print(stderr, tty ? "\r%s: %s\n" : "%s: %s\n", PACKAGE, p->message);
		break;
	case WR_GUEST_READY:
		if (tty)
			cli_print(stderr, "\r\033[K"); /* the program's own: clear the line */
		break;
	}
	fflush(stderr);
}

struct wr_guest *cli_open_disks(char **paths, int n, bool writable)
{
	static bool tty;
	struct wr_error err;
	struct wr_guest *g = wr_guest_new(cli_config(), &err);

	tty = isatty(STDERR_FILENO);
	for (int i = 0; g && i < n; i++) {
		if (wr_guest_add_disk(g, paths[i], writable, &err) < 0) {
			wr_guest_close(g);
			g = NULL;
		}
	}
	if (g && cli_keys_give(g, &err) < 0) {
		wr_guest_close(g);
		g = NULL;
	}
	if (g) {
		wr_guest_on_progress(g, show_progress, &tty);
		if (wr_guest_launch(g, &err) < 0) {
			wr_guest_close(g);
			g = NULL;
		}
	}
	if (!g)
		cli_error("%s", err.msg);
	return g;
}

struct wr_guest *cli_scan(struct wr_guest *g, struct wr_inventory *inv)
{
	struct wr_error err;

	if (g && wr_inventory_scan(g, inv, &err) < 0) {
		cli_error("%s", err.msg);
		wr_guest_close(g);
		return NULL;
	}
	return cli_ask_keys(g, inv);
}
