/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-guest.c - the appliance session without launching it: checks, and launch errors explained. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/conf.h"
#include "disk/disk.h"
#include "tap.h"

/* What the partition calls refuse before anything reaches the appliance:
 * disk 0 was added read-only, disk 1 writable, and nothing is running. */
static void check_calls(struct wr_guest *g)
{
	struct wr_part ro = {.disk = 0, .number = 1, .name = "ro#1"};
	struct wr_part rw = {.disk = 1, .number = 2, .name = "rw#2"};
	struct wr_part none = {.disk = 7, .number = 1, .name = "none#1"};
	const struct wr_new_table table = {"zfs", 0, NULL, 0, NULL};
	struct wr_error err = {0};
	uint64_t size = 42;
	char sha[65];

	is_int(wr_guest_stat(g, &rw, "Boot/BCD", &size, &err), -1, "a relative path is refused");
	ok(err.code == EINVAL && strcmp(err.msg, "rw#2: \"Boot/BCD\" is not an absolute path on "
	                                         "the partition") == 0,
	   "... naming it: %s", err.msg);
	is_int(wr_guest_sha256(g, &rw, "/Boot/../../wr-0-1/x", sha, &err), -1,
	       "\"..\" is refused: it could reach another partition");
	is_int(err.code, EINVAL, "... EINVAL");
	is_int(wr_guest_find(g, &rw, "/./Boot", sha, sizeof(sha), &err), -1, "so is \".\"");
	is_int(wr_guest_stat(g, &none, "/Boot/BCD", &size, &err), -1, "a disk not in the session");
	is_str(err.msg, "the session has no disk 7", "... says so");
	is_int(wr_guest_upload(g, &ro, "/etc/hostname", "/x", &err), -1,
	       "no upload to a disk added read-only");
	ok(err.code == EROFS && strcmp(err.msg, "ro#1: the disk was opened read-only") == 0,
	   "... EROFS, naming the partition: %s", err.msg);
	is_int(wr_guest_append(g, &ro, "/x", "line\n", &err), -1, "nor an append");
	is_int(err.code, EROFS, "... EROFS");
	is_int(wr_guest_stat(g, &ro, "/Boot/BCD", &size, &err), -1,
	       "reading needs the appliance running");
	ok(err.code == EINVAL && strcmp(err.msg, "ro#1: the appliance is not running") == 0,
	   "... and says so: %s", err.msg);
	is_int(size, 42, "... leaving the size alone");
	is_int(wr_guest_mkfs(g, &rw, "ext4", "x", &err), -1, "mkfs: ntfs or vfat only");
	is_str(err.msg, "rw#2: cannot make a \"ext4\" filesystem", "... naming it");
	is_int(wr_guest_mkfs(g, &rw, "vfat", "TWELVE_CHARS", &err), -1,
	       "a FAT label has at most 11 characters");
	is_int(wr_guest_mkfs(g, &rw, "ntfs", "it's", &err), -1, "a label cannot hold a quote");
	is_int(wr_guest_partition(g, 1, &table, &err), -1, "a partition table: mbr or gpt");
	is_str(err.msg, "unknown partition table \"zfs\"", "... naming it");
	is_int(wr_guest_shutdown(g, &err), 0, "shutting down what never started is nothing");
}

/* The appliance as the program sets it up where nothing is overridden. */
static const struct wr_config *default_config(void)
{
	static struct wr_config cfg;
	struct wr_error err;

	if (wr_config_init(&cfg, NULL, NULL, NULL, NULL, &err) < 0) {
		printf("Bail out! %s\n", err.msg);
		exit(1);
	}
	return &cfg;
}

/* A VMDK descriptor is text, and shorter than a sector: a disk image all the
 * same, added as vmdk. */
static void vmdk_descriptor(void)
{
	struct wr_error err = {0};
	struct wr_guest *g = wr_guest_new(default_config(), &err);
	FILE *f = fopen(tap_path("disk-flat.vmdk"), "w");

	fseek(f, (1 << 20) - 1, SEEK_SET); /* its one extent: 2048 sectors */
	fputc(0, f);
	fclose(f);
	f = fopen(tap_path("disk.vmdk"), "w");
	fputs("# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\n"
	      "createType=\"monolithicFlat\"\n\nRW 2048 FLAT \"disk-flat.vmdk\" 0\n",
	      f);
	fclose(f);
	ok(wr_guest_add_disk(g, tap_path("disk.vmdk"), false, &err) == 0,
	   "a VMDK descriptor is added: %s", err.msg);
	wr_guest_close(g);
}

int main(void)
{
	struct wr_error err;
	struct wr_guest *g = wr_guest_new(default_config(), &err);
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
	for (int i = 0; i < 2; i++) {
		f = fopen(tap_path(i ? "disk2.img" : "disk.img"), "wb");
		fseek(f, 1 << 20, SEEK_SET);
		fputc(0, f);
		fclose(f);
	}
	ok(wr_guest_add_disk(g, tap_path("disk.img"), false, &err) == 0, "add an image read-only");
	ok(wr_guest_add_disk(g, tap_path("disk2.img"), true, &err) == 0, "add one writable");
	ok(!wr_guest_disk_writable(g, 0) && wr_guest_disk_writable(g, 1), "... each as asked");
	is_int(wr_guest_disk_count(g), 2, "two disks");
	is_str(wr_guest_disk_path(g, 1), tap_path("disk2.img"), "the path as given");
	/* Given twice, once writable: qemu would write what it also reads. */
	ok(wr_guest_add_disk(g, tap_path("disk.img"), true, &err) < 0 && err.code == EBUSY &&
	       strstr(err.msg, "is in use (pid "),
	   "the same image again, writable: in use (%s)", err.msg);
	is_int(wr_guest_disk_count(g), 2, "... and not added");
	ok(wr_guest_add_disk(g, tap_path("none.img"), false, &err) < 0 && err.code == ENOENT,
	   "a missing image: %s", err.msg);
	is_int(wr_guest_launch_count(g), 0, "nothing was launched");
	check_calls(g);
	wr_guest_close(g);
	vmdk_descriptor();
	return tap_done();
}
