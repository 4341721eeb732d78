/* SPDX-License-Identifier: GPL-3.0-or-later */
/* demo-disk.c - building the demo Windows disks on disks of the session. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/le.h"
#include "bcd/bcd.h"
#include "disk.h"

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

/* Partition `n` of the disk being built, as the file calls name it. */
static struct wr_part part_of(size_t disk, unsigned n)
{
	struct wr_part p = {.disk = disk, .number = n};

	snprintf(p.name, sizeof(p.name), "#%u", n);
	return p;
}

static int partition(struct wr_guest *g, size_t disk, bool bios, struct wr_error *err)
{
	static const struct wr_new_partition mbr[] = {
	    {WR_DEMO_BIOS_SYSTEM_START, WR_DEMO_BIOS_SYSTEM_START + WR_DEMO_BIOS_SYSTEM_SECTORS - 1,
	     0x07, true, NULL, NULL},
	    {WR_DEMO_BIOS_SYSTEM_START + WR_DEMO_BIOS_SYSTEM_SECTORS, -1, 0x07, false, NULL, NULL},
	};
	enum {
		ESP_END = WR_DEMO_UEFI_ESP_START + WR_DEMO_UEFI_ESP_SECTORS - 1,
		MSR_END = ESP_END + WR_DEMO_UEFI_MSR_SECTORS,
	};
	static const struct wr_new_partition gpt[] = {
	    {WR_DEMO_UEFI_ESP_START, ESP_END, 0, false, "{c12a7328-f81f-11d2-ba4b-00a0c93ec93b}",
	     WR_DEMO_GPT_ESP},
	    {ESP_END + 1, MSR_END, 0, false, "{e3c9e316-0b5c-4db8-817d-f92df00215ae}", NULL},
	    /* The last 33 sectors hold the backup GPT. */
	    {MSR_END + 1, -34, 0, false, "{ebd0a0a2-b9e5-4433-87c0-68b6b72699c7}",
	     WR_DEMO_GPT_WINDOWS},
	};
	const struct wr_new_table table =
	    bios ? (struct wr_new_table){"mbr", WR_DEMO_MBR_SIGNATURE, NULL, 2, mbr}
	         : (struct wr_new_table){"gpt", 0, WR_DEMO_GPT_DISK, 3, gpt};
	const struct wr_part boot = part_of(disk, 1);

	return wr_guest_partition(g, disk, &table, err) < 0 ||
	               wr_guest_mkfs(g, &boot, bios ? "ntfs" : "vfat",
	                             bios ? "System Reserved" : "SYSTEM", err) < 0
	           ? -1
	           : 0;
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

/* Build the store locally, then put it on the boot partition. */
static int put_bcd(struct wr_guest *g, const struct wr_part *boot, const struct wr_demo_disk *spec,
                   const char *tmpdir, struct wr_error *err)
{
	char local[PATH_MAX];
	bool bios = spec->layout == WR_DEMO_BIOS;
	struct wr_hive *hive;
	int r;

	if (local_path(local, sizeof(local), tmpdir, "BCD", err) < 0)
		return -1;
	hive = wr_bcd_store_begin(local, err);
	if (!hive)
		return -1;
	r = wr_demo_bcd_fill(hive, spec->layout, err);
	if (r == 0 && spec->safeboot)
		r = wr_bcd_put_integer(hive, WR_DEMO_LOADER, 0x25000080, 0, err); /* Minimal */
	if (wr_bcd_store_end(hive, local, r == 0, err) < 0)
		return -1;
	r = wr_guest_mkdir(g, boot, bios ? "/Boot" : "/EFI/Microsoft/Boot", err) < 0 ||
	            wr_guest_upload(g, boot, local, bios ? "/Boot/BCD" : "/EFI/Microsoft/Boot/BCD",
	                            err) < 0
	        ? -1
	        : 0;
	unlink(local);
	return r;
}

/* Stand-ins for the boot files, each a line naming what it stands for:
 * where bcdboot copies them from on the Windows partition (Windows\Boot),
 * and where Windows' setup put them on the system partition. */
struct boot_file {
	const char *from; /* under \Windows\Boot */
	const char *to;   /* on the system partition */
	bool uefi;
};

static const struct boot_file boot_files[] = {
    {"/PCAT/bootmgr", "/bootmgr", false},
    {"/PCAT/memtest.exe", "/Boot/memtest.exe", false},
    {"/PCAT/en-US/bootmgr.exe.mui", "/Boot/en-US/bootmgr.exe.mui", false},
    {"/Fonts/segmono_boot.ttf", "/Boot/Fonts/segmono_boot.ttf", false},
    {"/EFI/bootmgfw.efi", "/EFI/Microsoft/Boot/bootmgfw.efi", true},
    {"/EFI/bootmgfw.efi", "/EFI/Boot/bootx64.efi", true},
    {"/EFI/bootmgr.efi", "/EFI/Microsoft/Boot/bootmgr.efi", true},
    {"/EFI/memtest.efi", "/EFI/Microsoft/Boot/memtest.efi", true},
    {"/EFI/en-US/bootmgfw.efi.mui", "/EFI/Microsoft/Boot/en-US/bootmgfw.efi.mui", true},
    {"/Fonts/segmono_boot.ttf", "/EFI/Microsoft/Boot/Fonts/segmono_boot.ttf", true},
};

/* Write `text` as `path`, its folder made first. */
static int put_text(struct wr_guest *g, const struct wr_part *p, const char *path, const char *text,
                    struct wr_error *err)
{
	char dir[256];

	snprintf(dir, sizeof(dir), "%.*s", (int)(strrchr(path, '/') - path), path);
	if (dir[0] && wr_guest_mkdir(g, p, dir, err) < 0)
		return -1;
	return wr_guest_write(g, p, path, text, strlen(text), err);
}

/* Both copies of every boot file: the Windows partition holds the PCAT and
 * EFI sets whatever the firmware, the system partition its firmware's. */
static int put_boot_files(struct wr_guest *g, const struct wr_part *boot, const struct wr_part *win,
                          bool bios, struct wr_error *err)
{
	char from[256], text[300];

	for (size_t i = 0; i < sizeof(boot_files) / sizeof(boot_files[0]); i++) {
		const struct boot_file *f = &boot_files[i];

		snprintf(from, sizeof(from), "/Windows/Boot%s", f->from);
		snprintf(text, sizeof(text), "winrescue demo stand-in: Windows/Boot%s\n", f->from);
		if (put_text(g, win, from, text, err) < 0 ||
		    (f->uefi != bios && put_text(g, boot, f->to, text, err) < 0))
			return -1;
	}
	return 0;
}

static int put_windows(struct wr_guest *g, const struct wr_part *win, enum wr_demo_layout layout,
                       const char *tmpdir, struct wr_error *err)
{
	const char *winload = layout == WR_DEMO_BIOS ? "/Windows/System32/winload.exe"
	                                             : "/Windows/System32/winload.efi";
	char system[PATH_MAX], software[PATH_MAX];
	uint8_t pe[1024];
	int r;

	if (local_path(system, sizeof(system), tmpdir, "SYSTEM", err) < 0 ||
	    local_path(software, sizeof(software), tmpdir, "SOFTWARE", err) < 0)
		return -1;
	write_cmd_exe(pe);
	r = wr_demo_system_hive_create(system, layout, err);
	if (r == 0)
		r = wr_demo_software_hive_create(software, err);
	if (r == 0)
		r = wr_guest_mkdir(g, win, "/Windows/System32/config", err) < 0 ||
		            wr_guest_upload(g, win, system, "/Windows/System32/config/SYSTEM",
		                            err) < 0 ||
		            wr_guest_upload(g, win, software, "/Windows/System32/config/SOFTWARE",
		                            err) < 0 ||
		            wr_guest_write(g, win, "/Windows/System32/cmd.exe", pe, sizeof(pe),
		                           err) < 0 ||
		            wr_guest_write(g, win, winload, pe, sizeof(pe), err) < 0
		        ? -1
		        : 0;
	unlink(system);
	unlink(software);
	return r;
}

int wr_demo_disk_build(struct wr_guest *g, size_t index, const struct wr_demo_disk *spec,
                       const char *tmpdir, struct wr_error *err)
{
	bool bios = spec->layout == WR_DEMO_BIOS;
	const struct wr_part win = part_of(index, bios ? 2 : 3);
	const struct wr_part boot = spec->boot_on_windows ? win : part_of(index, 1);
	const struct wr_part first = part_of(index, 1);
	int r = spec->partitioned ? wr_guest_mkfs(g, &first, "ntfs", "System Reserved", err)
	                          : partition(g, index, bios, err);

	if (r == 0)
		r = wr_guest_mkfs(g, &win, "ntfs", "Windows", err);
	if (r == 0)
		r = put_bcd(g, &boot, spec, tmpdir, err);
	if (r == 0)
		r = put_windows(g, &win, spec->layout, tmpdir, err);
	if (r == 0)
		r = put_boot_files(g, &boot, &win, bios, err);
	if (r == 0)
		r = wr_guest_sync(g, &boot, err);
	if (r == 0)
		r = wr_guest_sync(g, &win, err);
	if (r < 0)
		wr_error_prefix(err, "%s",
		                wr_guest_disk_path(g, index) ? wr_guest_disk_path(g, index) : "?");
	return r;
}
