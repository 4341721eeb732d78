/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-guest.c - the appliance session without launching it: checks, and launch errors explained. */
#include "config.h"

#include <errno.h>

#include "disk/disk.h"
#include "tap.h"

int main(void)
{
	struct wr_error err;
	struct wr_guest *g = wr_guest_new(&err);
	FILE *f;

	ok(g != NULL, "a session can be created without launching");
	is_str(wr_guest_missing_package("supermin: failed to find a suitable kernel "
	                                "(host_cpu=x86_64)."),
	       "linux-image-amd64", "no kernel in /boot: the kernel package");
	is_str(wr_guest_missing_package("cannot find any suitable libguestfs supermin, fixed or "
	                                "old-style appliance"),
	       "libguestfs-tools", "no appliance: libguestfs-tools");
	is_str(wr_guest_missing_package("qemu-system-x86_64: failed to set MSR"), NULL,
	       "other launch errors name no package");
	is_int(wr_guest_launch(g, &err), -1, "a session without disks does not launch");
	is_str(err.msg, "no disk to open", "... and says why");
	f = fopen(tap_path("disk.img"), "wb");
	fseek(f, 1 << 20, SEEK_SET);
	fputc(0, f);
	fclose(f);
	ok(wr_guest_add_disk(g, tap_path("disk.img"), false, &err) == 0, "add an image read-only");
	ok(wr_guest_add_disk(g, tap_path("disk.img"), true, &err) == 0, "add one writable");
	ok(!wr_guest_disk_writable(g, 0) && wr_guest_disk_writable(g, 1), "... each as asked");
	is_int(wr_guest_disk_count(g), 2, "two disks");
	is_str(wr_guest_disk_path(g, 1), tap_path("disk.img"), "the path as given");
	ok(wr_guest_add_disk(g, tap_path("none.img"), false, &err) < 0 && err.code == ENOENT,
	   "a missing image: %s", err.msg);
	is_int(wr_guest_launch_count(g), 0, "nothing was launched");
	wr_guest_close(g);
	return tap_done();
}
