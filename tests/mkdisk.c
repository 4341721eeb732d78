/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mkdisk.c - build demo disks in one appliance launch: mkdisk [--safeboot] bios|uefi FILE... */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo-disk.h"

static int usage(void)
{
	fprintf(stderr, "usage: mkdisk [--safeboot] (bios|uefi) FILE [(bios|uefi) FILE]...\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct wr_demo_disk specs[8];
	struct wr_error err;
	struct wr_guest *g;
	char tmp[] = "/tmp/mkdisk-XXXXXX";
	bool safeboot = argc > 1 && strcmp(argv[1], "--safeboot") == 0;
	int first = safeboot ? 2 : 1, n = (argc - first) / 2, r = 0;

	if (n < 1 || n > 8 || (argc - first) % 2 || !mkdtemp(tmp))
		return usage();
	g = wr_guest_new(&err);
	for (int i = 0; g && r == 0 && i < n; i++) {
		const char *kind = argv[first + 2 * i], *file = argv[first + 2 * i + 1];

		specs[i] = (struct wr_demo_disk){
		    strcmp(kind, "uefi") == 0 ? WR_DEMO_UEFI : WR_DEMO_BIOS, safeboot};
		r = wr_demo_disk_create_file(file, &err);
		if (r == 0)
			r = wr_guest_add_disk(g, file, true, &err);
	}
	if (g && r == 0)
		r = wr_guest_launch(g, &err);
	for (int i = 0; g && r == 0 && i < n; i++)
		r = wr_demo_disk_build(g, (size_t)i, &specs[i], tmp, &err);
	if (g && r == 0)
		r = wr_guest_shutdown(g, &err);
	wr_guest_close(g);
	rmdir(tmp);
	if (!g || r < 0) {
		fprintf(stderr, "mkdisk: %s\n", err.msg);
		return 1;
	}
	return 0;
}
