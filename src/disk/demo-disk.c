/* SPDX-License-Identifier: GPL-3.0-or-later */
/* demo-disk.c - building the demo Windows disks with libguestfs. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/le.h"
#include "bcd/bcd.h"
#include "disk.h"
#include "guest-internal.h"

#define SECTOR 512u

int wr_demo_disk_create_file(const char *path, struct wr_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd < 0 || ftruncate(fd, (off_t)WR_DEMO_DISK_SIZE) < 0) {
		wr_error_set(err, errno, _("%s: cannot create: %s"), path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		return -1;
	}
	close(fd);
	return 0;
}

/* The smallest PE32+ header `file` (and so libguestfs) reads as an x86-64
 * console program: inspection takes the architecture from cmd.exe. */
static void write_cmd_exe(uint8_t pe[1024])
{
	memset(pe, 0, 1024);
	memcpy(pe, "MZ", 2);
	wr_put_le(pe + 0x3c, 0x80, 4); /* e_lfanew */
	memcpy(pe + 0x80, "PE\0\0", 4);
	wr_put_le(pe + 0x84, 0x8664, 2); /* machine: x86-64 */
	wr_put_le(pe + 0x94, 0xf0, 2);   /* optional header size */
	wr_put_le(pe + 0x96, 0x22, 2);   /* executable, large-address aware */
	wr_put_le(pe + 0x98, 0x20b, 2);  /* PE32+ */
	wr_put_le(pe + 0x98 + 68, 3, 2); /* console subsystem */
}

struct build {
	struct wr_guest *g;
	guestfs_h *h;
	char dev[32];  /* /dev/sdX of the disk being built */
	char part[40]; /* scratch: a partition of it */
	struct wr_error *err;
};

static const char *part(struct build *b, int n)
{
	snprintf(b->part, sizeof(b->part), "%s%d", b->dev, n);
	return b->part;
}

/* Check a libguestfs call; on failure set the error (once). */
static int ok(struct build *b, int r, const char *what)
{
	if (r < 0)
		wr__guest_error(b->g, b->err, what);
	return r < 0 ? -1 : 0;
}

static int partition_bios(struct build *b)
{
	const int64_t end = WR_DEMO_BIOS_SYSTEM_START + WR_DEMO_BIOS_SYSTEM_SECTORS - 1;
	uint8_t sig[4];

	/* Windows identifies the disk by the signature at byte 440 of the MBR. */
	wr_put_le(sig, WR_DEMO_MBR_SIGNATURE, 4);
	if (ok(b, guestfs_part_init(b->h, b->dev, "msdos"), "part-init") ||
	    ok(b, guestfs_part_add(b->h, b->dev, "p", WR_DEMO_BIOS_SYSTEM_START, end),
	       "part-add") ||
	    ok(b, guestfs_part_add(b->h, b->dev, "p", end + 1, -1), "part-add") ||
	    ok(b, guestfs_part_set_mbr_id(b->h, b->dev, 1, 0x07), "part-set-mbr-id") ||
	    ok(b, guestfs_part_set_mbr_id(b->h, b->dev, 2, 0x07), "part-set-mbr-id") ||
	    ok(b, guestfs_part_set_bootable(b->h, b->dev, 1, 1), "part-set-bootable") ||
	    ok(b, guestfs_pwrite_device(b->h, b->dev, (const char *)sig, 4, 440) == 4 ? 0 : -1,
	       "pwrite-device"))
		return -1;
	return ok(b, guestfs_mkfs(b->h, "ntfs", part(b, 1)), "mkfs") ||
	               ok(b, guestfs_set_label(b->h, part(b, 1), "System Reserved"), "set-label")
	           ? -1
	           : 0;
}

/* "{guid}" as libguestfs wants it: no braces. */
static const char *bare(const char *guid, char out[40])
{
	snprintf(out, 40, "%.36s", guid + 1);
	return out;
}

static int partition_uefi(struct build *b)
{
	const int64_t esp_end = WR_DEMO_UEFI_ESP_START + WR_DEMO_UEFI_ESP_SECTORS - 1;
	const int64_t msr_end = esp_end + WR_DEMO_UEFI_MSR_SECTORS;
	char g1[40], g2[40], mkfs[512];
	char *sh[] = {mkfs, NULL};
	char *out;

	if (ok(b, guestfs_part_init(b->h, b->dev, "gpt"), "part-init") ||
	    ok(b, guestfs_part_add(b->h, b->dev, "p", WR_DEMO_UEFI_ESP_START, esp_end),
	       "part-add") ||
	    ok(b, guestfs_part_add(b->h, b->dev, "p", esp_end + 1, msr_end), "part-add") ||
	    ok(b, guestfs_part_add(b->h, b->dev, "p", msr_end + 1, -34), "part-add") ||
	    ok(b,
	       guestfs_part_set_gpt_type(b->h, b->dev, 1, "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"),
	       "part-set-gpt-type") ||
	    ok(b,
	       guestfs_part_set_gpt_type(b->h, b->dev, 2, "E3C9E316-0B5C-4DB8-817D-F92DF00215AE"),
	       "part-set-gpt-type") ||
	    ok(b,
	       guestfs_part_set_gpt_type(b->h, b->dev, 3, "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7"),
	       "part-set-gpt-type") ||
	    ok(b, guestfs_part_set_disk_guid(b->h, b->dev, bare(WR_DEMO_GPT_DISK, g1)),
	       "part-set-disk-guid") ||
	    ok(b, guestfs_part_set_gpt_guid(b->h, b->dev, 1, bare(WR_DEMO_GPT_ESP, g1)),
	       "part-set-gpt-guid") ||
	    ok(b, guestfs_part_set_gpt_guid(b->h, b->dev, 3, bare(WR_DEMO_GPT_WINDOWS, g2)),
	       "part-set-gpt-guid"))
		return -1;
	/* libguestfs' mkfs picks FAT16 for 40 MiB; an ESP is FAT32.  sgdisk
	 * made udev recreate the partition nodes, and under load (an ASan
	 * build) settling is not enough: the node may be missing, or mkfs may
	 * write while the kernel still re-reads the table.  Retry for up to
	 * 20 s until the partition probes as FAT. */
	snprintf(mkfs, sizeof(mkfs),
	         "i=0; while [ $i -lt 100 ]; do udevadm settle; "
	         "if [ -b %1$s ] && mkfs.vfat -F 32 -s 1 -n SYSTEM %1$s && udevadm settle && "
	         "[ \"$(blkid -p -o value -s TYPE %1$s)\" = vfat ]; then exit 0; fi; "
	         "sleep 0.2; i=$((i+1)); done; exit 1",
	         part(b, 1));
	out = guestfs_debug(b->h, "sh", sh);
	free(out);
	return ok(b, out ? 0 : -1, "mkfs.vfat");
}

/* Write a local file to `remote` on the mounted filesystem. */
static int upload(struct build *b, const char *local, const char *remote)
{
	return ok(b, guestfs_upload(b->h, local, remote), remote);
}

/* A path in `dir`, checked: these files are written. */
static int local_path(char *out, size_t len, const char *dir, const char *name,
                      struct wr_error *err)
{
	int n = snprintf(out, len, "%s/%s", dir, name);

	if (n >= 0 && (size_t)n < len)
		return 0;
	wr_error_set(err, ENAMETOOLONG, _("the path is too long: %s/%s"), dir, name);
	return -1;
}

/* Build the store locally, then put it on the boot partition (mounted). */
static int put_bcd(struct build *b, const struct wr_demo_disk *spec, const char *tmpdir)
{
	char local[4096];
	bool bios = spec->layout == WR_DEMO_BIOS;
	struct wr_hive *hive;
	int r;

	if (local_path(local, sizeof(local), tmpdir, "BCD", b->err) < 0)
		return -1;
	hive = wr_bcd_store_begin(local, b->err);
	if (!hive)
		return -1;
	r = wr_demo_bcd_fill(hive, spec->layout, b->err);
	if (r == 0 && spec->safeboot)
		r = wr_bcd_put_integer(hive, WR_DEMO_LOADER, 0x25000080, 0, b->err); /* Minimal */
	if (wr_bcd_store_end(hive, local, r == 0, b->err) < 0)
		return -1;
	r = ok(b, guestfs_mkdir_p(b->h, bios ? "/Boot" : "/EFI/Microsoft/Boot"), "mkdir") ||
	    upload(b, local, bios ? "/Boot/BCD" : "/EFI/Microsoft/Boot/BCD");
	if (r == 0 && bios)
		r = ok(b, guestfs_write(b->h, "/bootmgr", "winrescue demo boot manager\n", 28),
		       "/bootmgr");
	unlink(local);
	return r;
}

static int put_windows(struct build *b, enum wr_demo_layout layout, const char *tmpdir)
{
	char system[4096], software[4096];
	uint8_t pe[1024];
	int r;

	if (local_path(system, sizeof(system), tmpdir, "SYSTEM", b->err) < 0 ||
	    local_path(software, sizeof(software), tmpdir, "SOFTWARE", b->err) < 0)
		return -1;
	write_cmd_exe(pe);
	r = wr_demo_system_hive_create(system, layout, b->err);
	if (r == 0)
		r = wr_demo_software_hive_create(software, b->err);
	if (r == 0)
		r = ok(b, guestfs_mkdir_p(b->h, "/Windows/System32/config"), "mkdir") ||
		    upload(b, system, "/Windows/System32/config/SYSTEM") ||
		    upload(b, software, "/Windows/System32/config/SOFTWARE") ||
		    ok(b,
		       guestfs_write(b->h, "/Windows/System32/cmd.exe", (const char *)pe,
		                     sizeof(pe)),
		       "cmd.exe");
	unlink(system);
	unlink(software);
	return r;
}

static int mount_partition(struct build *b, int n)
{
	return ok(b, guestfs_mount(b->h, part(b, n), "/"), "mount");
}

/* Unmount, keeping the first error. */
static int unmount(struct build *b, int r)
{
	if (guestfs_umount_all(b->h) < 0 && r == 0)
		r = ok(b, -1, "umount");
	return r;
}

static int device_of(struct build *b, size_t index)
{
	char **devs = guestfs_list_devices(b->h);
	size_t n = 0;

	while (devs && devs[n])
		n++;
	if (index < n)
		snprintf(b->dev, sizeof(b->dev), "%s", devs[index]);
	for (size_t i = 0; i < n; i++)
		free(devs[i]);
	free(devs);
	if (index < n)
		return 0;
	wr_error_set(b->err, EINVAL, _("the session has no disk %zu"), index);
	return -1;
}

int wr_demo_disk_build(struct wr_guest *g, size_t index, const struct wr_demo_disk *spec,
                       const char *tmpdir, struct wr_error *err)
{
	struct build b = {.g = g, .h = wr__guest_handle(g), .err = err};
	bool bios = spec->layout == WR_DEMO_BIOS;
	int windows = bios ? 2 : 3, r;

	if (device_of(&b, index) < 0)
		return -1;
	r = bios ? partition_bios(&b) : partition_uefi(&b);
	if (r == 0)
		r = ok(&b, guestfs_mkfs(b.h, "ntfs", part(&b, windows)), "mkfs") ||
		    ok(&b, guestfs_set_label(b.h, part(&b, windows), "Windows"), "set-label");
	if (r == 0 && (r = mount_partition(&b, 1)) == 0)
		r = unmount(&b, put_bcd(&b, spec, tmpdir));
	if (r == 0 && (r = mount_partition(&b, windows)) == 0)
		r = unmount(&b, put_windows(&b, spec->layout, tmpdir));
	if (r == 0)
		r = ok(&b, guestfs_sync(b.h), "sync");
	if (r < 0)
		wr_error_prefix(err, "%s", wr_guest_disk_path(g, index));
	return r;
}
