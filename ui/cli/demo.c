/* SPDX-License-Identifier: GPL-3.0-or-later */
/* demo.c - "winrescue --demo": a Windows disk stuck in Safe Mode, built on first use. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "bcd/bcd.h"
#include "cli.h"
#include "disk/disk.h"

/* $XDG_CACHE_HOME/winrescue (~/.cache/winrescue), created as needed. */
static int cache_dir(char *out, size_t len)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char base[PATH_MAX];

	if (xdg && *xdg)
		snprintf(base, sizeof(base), "%s", xdg);
	else
		snprintf(base, sizeof(base), "%s/.cache", home && *home ? home : "/tmp");
	if ((size_t)snprintf(out, len, "%.*s/winrescue", PATH_MAX - 16, base) >= len) {
		cli_error(_("%s: the cache directory's path is too long"), base);
		return -1;
	}
	if ((mkdir(base, 0755) < 0 && errno != EEXIST) ||
	    (mkdir(out, 0755) < 0 && errno != EEXIST)) {
		cli_error(_("%s: cannot create: %s"), out, strerror(errno));
		return -1;
	}
	return 0;
}

int cli_demo_image(char *dir, size_t dir_len, char *image, size_t image_len)
{
	char old[PATH_MAX + 48], edition[PATH_MAX + 48];

	if (cache_dir(dir, dir_len) < 0)
		return -1;
	/* A folder an edition: the image keeps its short name, which the
	 * console shows. */
	snprintf(edition, sizeof(edition), "%s/demo-%d", dir, WR_DEMO_DISK_EDITION);
	if (mkdir(edition, 0755) < 0 && errno != EEXIST) {
		cli_error(_("%s: cannot create: %s"), edition, strerror(errno));
		return -1;
	}
	snprintf(image, image_len, "%s/demo-safemode.img", edition);
	/* Older editions' images, ours by their names: not shown again (the
	 * first one's had no folder). */
	snprintf(old, sizeof(old), "%s/demo-safemode.img", dir);
	unlink(old);
	for (int e = 2; e < WR_DEMO_DISK_EDITION; e++) {
		snprintf(old, sizeof(old), "%s/demo-%d/demo-safemode.img", dir, e);
		unlink(old);
		snprintf(old, sizeof(old), "%s/demo-%d", dir, e);
		rmdir(old);
	}
	return 0;
}

/*
 * Open the demo disk, building it first when it is not there: the build
 * and the look at it share one appliance launch.  A build that fails (or a
 * process killed half way) leaves no image behind, or one the next run
 * sees is incomplete and rebuilds.
 */
static struct wr_guest *open_demo(const char *image, const char *dir, bool *built)
{
	struct wr_demo_disk spec = {WR_DEMO_BIOS, true};
	struct wr_error err;
	struct wr_guest *g;
	char *paths[] = {(char *)image};

	*built = access(image, F_OK) != 0;
	if (!*built)
		return cli_open_disks(paths, 1, false);
	cli_print(stderr, _("%s: building the demo disk %s (once)\n"), PACKAGE, image);
	if (wr_demo_disk_create_file(image, &err) < 0) {
		cli_error("%s", err.msg);
		return NULL;
	}
	g = cli_open_disks(paths, 1, true);
	if (g && wr_demo_disk_build(g, 0, &spec, dir, &err) < 0) {
		cli_error("%s", err.msg);
		wr_guest_close(g);
		g = NULL;
	}
	if (!g)
		unlink(image);
	return g;
}

int cli_demo(void)
{
	char dir[PATH_MAX + 16], image[PATH_MAX + 48];
	struct wr_bcd_enum_opts opts = {0};
	struct wr_inventory inv;
	struct wr_guest *g;
	bool built;
	int r;

	if (cli_demo_image(dir, sizeof(dir), image, sizeof(image)) < 0)
		return CLI_FAILED;
	g = cli_scan(open_demo(image, dir, &built), &inv);
	if (!g)
		return CLI_FAILED;
	cli_out(_("Demo: Windows Server 2022 on %s boots into Safe Mode (safeboot Minimal),\n"
	          "so RDP never comes up.\n\n"),
	        image);
	r = cli_show_inventory(&inv, false);
	if (r == CLI_OK) {
		cli_out("\n");
		r = cli_enum_stores(g, &inv, &opts, false);
	} else if (!built) {
		cli_error(_("%s is incomplete; removed it: run again to rebuild it"), image);
		unlink(image);
	}
	wr_inventory_free(&inv);
	wr_guest_close(g);
	return r;
}
