/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mkdisk.c - build test disks in one appliance launch: mkdisk [--safeboot] KIND FILE... */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo-disk.h"
#include "guest-internal.h"

/*
 * KIND is bios or uefi (the demo disks), or one built from bios to be bad:
 *   nowin      Windows and the BCD store removed: partitions and NTFS only
 *   bitlocker  the Windows partition starts with a BitLocker (Vista) header
 */
static int usage(void)
{
	fprintf(stderr, "usage: mkdisk [--inspect] [--safeboot] KIND FILE [KIND FILE]...\n");
	return 2;
}

/* libguestfs' own inspection of what was built, one line a root, so the
 * tests can compare winrescue's findings without another launch. */
static void print_inspection(struct wr_guest *g)
{
	guestfs_h *h = wr__guest_handle(g);
	char **roots = guestfs_inspect_os(h);

	for (size_t i = 0; roots && roots[i]; i++) {
		char *product = guestfs_inspect_get_product_name(h, roots[i]);
		char *arch = guestfs_inspect_get_arch(h, roots[i]);
		char *root = guestfs_inspect_get_windows_systemroot(h, roots[i]);

		printf("%s\t%s\t%d.%d\t%s\t%s\n", roots[i], product ? product : "",
		       guestfs_inspect_get_major_version(h, roots[i]),
		       guestfs_inspect_get_minor_version(h, roots[i]), arch ? arch : "",
		       root ? root : "");
		free(product);
		free(arch);
		free(root);
		free(roots[i]);
	}
	free(roots);
}

static int spoil(struct wr_guest *g, size_t index, const char *kind, struct wr_error *err)
{
	guestfs_h *h = wr__guest_handle(g);
	char dev[32];
	int r = 0;

	snprintf(dev, sizeof(dev), "/dev/sd%c", (char)('a' + index));
	if (strcmp(kind, "nowin") == 0) {
		snprintf(dev, sizeof(dev), "/dev/sd%c2", (char)('a' + index));
		r |= guestfs_mount(h, dev, "/") | guestfs_rm_rf(h, "/Windows") |
		     guestfs_umount_all(h);
		dev[strlen(dev) - 1] = '1';
		r |= guestfs_mount(h, dev, "/") | guestfs_rm_rf(h, "/Boot") | guestfs_umount_all(h);
	} else if (strcmp(kind, "bitlocker") == 0) {
		snprintf(dev, sizeof(dev), "/dev/sd%c2", (char)('a' + index));
		r = guestfs_pwrite_device(h, dev, "\xeb\x52\x90-FVE-FS-", 11, 0) == 11 ? 0 : -1;
	}
	if (r != 0)
		wr__guest_error(g, err, kind);
	return r ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct wr_demo_disk specs[8];
	struct wr_error err;
	struct wr_guest *g;
	char tmp[] = "/tmp/mkdisk-XXXXXX";
	bool inspect = argc > 1 && strcmp(argv[1], "--inspect") == 0;
	bool safeboot = argc > 1 + inspect && strcmp(argv[1 + inspect], "--safeboot") == 0;
	int first = 1 + inspect + safeboot, n = (argc - first) / 2, r = 0;

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
		r = wr_demo_disk_build(g, (size_t)i, &specs[i], tmp, &err) ||
		    spoil(g, (size_t)i, argv[first + 2 * i], &err);
	if (g && r == 0 && inspect)
		print_inspection(g);
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
