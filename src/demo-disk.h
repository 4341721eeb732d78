/* SPDX-License-Identifier: GPL-3.0-or-later */
/* demo-disk.h - demo and test disk images: a Windows disk, built with libguestfs by our code. */
#ifndef WR_DEMO_DISK_H
#define WR_DEMO_DISK_H

#include <stdbool.h>
#include <stddef.h>

#include "demo.h"
#include "error.h"
#include "guest.h"

#define WR_DEMO_DISK_SIZE (100ull * 1024 * 1024) /* sparse */

/* Partitions of the demo disks (start sector, sector count; 512-byte sectors). */
#define WR_DEMO_BIOS_SYSTEM_START   2048u /* System Reserved, NTFS, 32 MiB */
#define WR_DEMO_BIOS_SYSTEM_SECTORS 65536u
#define WR_DEMO_UEFI_ESP_START      2048u /* EFI system partition, FAT32, 40 MiB */
#define WR_DEMO_UEFI_ESP_SECTORS    81920u
#define WR_DEMO_UEFI_MSR_SECTORS    32768u /* Microsoft reserved, 16 MiB */

struct wr_demo_disk {
	enum wr_demo_layout layout;
	bool safeboot; /* the loader boots into Safe Mode (Minimal) */
};

/*
 * Create the sparse image file `path` (which must not exist), the size of a
 * demo disk, ready to be added writable to a session.
 */
int wr_demo_disk_create_file(const char *path, struct wr_error *err);

/*
 * Turn disk `index` of the launched session `g` into a Windows disk:
 * BIOS: MBR (signature WR_DEMO_MBR_SIGNATURE), System Reserved NTFS with
 * \Boot\BCD and \bootmgr, Windows NTFS.  UEFI: GPT (the WR_DEMO_GPT_*
 * GUIDs), FAT32 ESP with \EFI\Microsoft\Boot\BCD, MSR, Windows NTFS.  The
 * Windows partition has \Windows\System32\cmd.exe and config\SYSTEM and
 * SOFTWARE, enough for libguestfs inspection to report Windows Server 2022;
 * the store's devices point at these partitions.  Staging files go in
 * `tmpdir`.
 */
int wr_demo_disk_build(struct wr_guest *g, size_t index, const struct wr_demo_disk *spec,
                       const char *tmpdir, struct wr_error *err);

/* The demo SYSTEM and SOFTWARE hives alone (new files at `path`). */
int wr_demo_system_hive_create(const char *path, enum wr_demo_layout layout, struct wr_error *err);
int wr_demo_software_hive_create(const char *path, struct wr_error *err);

#endif
