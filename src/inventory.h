/* SPDX-License-Identifier: GPL-3.0-or-later */
/* inventory.h - what is on the attached disks: partitions, Windows, BCD stores, hives. */
#ifndef WR_INVENTORY_H
#define WR_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bcd-device.h"
#include "buf.h"
#include "error.h"
#include "guest.h"
#include "hive-replay.h"

enum wr_part_role {
	WR_ROLE_DATA,
	WR_ROLE_EFI,             /* EFI system partition */
	WR_ROLE_MSR,             /* Microsoft reserved */
	WR_ROLE_SYSTEM_RESERVED, /* holds \Boot\BCD on a BIOS disk */
	WR_ROLE_WINDOWS,         /* holds a Windows installation */
	WR_ROLE_RECOVERY,        /* Windows RE tools */
	WR_ROLE_BITLOCKER,       /* encrypted: nothing can be read until it is unlocked */
};

struct wr_part {
	size_t disk; /* index into disks */
	unsigned number;
	char device[64];    /* in the appliance: /dev/sda2 */
	char name[4200];    /* for people: /dev/sdc2, or disk.img#2 */
	uint64_t start;     /* bytes */
	uint64_t size;      /* bytes */
	int mbr_type;       /* MBR partition type, -1 on GPT */
	char type_guid[40]; /* GPT: "{...}" lower case */
	char guid[40];      /* GPT unique partition GUID */
	char fs[32];        /* "ntfs", "vfat", "BitLocker", "" */
	char label[64];
	enum wr_part_role role;
};

struct wr_disk {
	char path[4096]; /* as the user gave it */
	char device[40]; /* /dev/sda */
	uint64_t size;
	char table[8];      /* "mbr", "gpt", or "" (no partition table) */
	uint32_t signature; /* MBR */
	char disk_guid[40]; /* GPT */
};

struct wr_windows {
	size_t part; /* where it is installed */
	char product[128];
	int major, minor;
	char arch[16];
	char systemroot[64]; /* "\Windows" */
};

enum wr_found_kind { WR_FOUND_BCD, WR_FOUND_SYSTEM, WR_FOUND_SOFTWARE };

/* A BCD store or a hive found on a partition. */
struct wr_found {
	enum wr_found_kind kind;
	size_t part;
	char path[256]; /* as it is on disk, with '/' (use wr_windows_path to show) */
	uint64_t size;
	bool valid; /* starts with a hive header we could parse */
	bool dirty; /* sequence numbers differ, or the base block's checksum is wrong */
	struct wr_replay replay; /* its logs: what loading it would replay, or ignore */
};

/* Whether a log of `f` was too large or unreadable for the listing: what
 * replay does is then known only when the hive is loaded. */
bool wr_found_logs_unread(const struct wr_found *f);

struct wr_inventory {
	struct wr_disk *disks;
	size_t n_disks;
	struct wr_part *parts;
	size_t n_parts;
	struct wr_windows *windows;
	size_t n_windows;
	struct wr_found *found;
	size_t n_found;
};

/*
 * Look at every disk of the launched session `g`: partition table and disk
 * identity, partitions with types, filesystems, labels and roles, Windows
 * installations (found as libguestfs inspection finds them), BCD stores (\Boot\BCD,
 * \EFI\Microsoft\Boot\BCD, case-insensitive) and the SYSTEM and SOFTWARE
 * hives with size, dirty flag and what their transaction logs hold (read,
 * hashes checked, nothing replayed).  Everything is mounted read-only.
 */
int wr_inventory_scan(struct wr_guest *g, struct wr_inventory *inv, struct wr_error *err);
void wr_inventory_free(struct wr_inventory *inv);

/* The partition a BCD partition device names (MBR signature and offset, or
 * GPT disk and partition GUIDs), or NULL when no attached disk has it. */
const struct wr_part *wr_inventory_partition_for(const struct wr_inventory *inv,
                                                 const struct wr_bcd_device *dev);

/* A wr_bcd_device_names.partition callback (opaque: the inventory): the
 * attached partition `dev` names, described; false when none has it. */
bool wr_inventory_name_partition(const struct wr_bcd_device *dev, struct wr_buf *out,
                                 void *inventory);

/* Copy found file `i` (a BCD store or hive) to the local file `local`. */
int wr_inventory_fetch(struct wr_guest *g, const struct wr_inventory *inv, size_t i,
                       const char *local, struct wr_error *err);

/* Copy the transaction logs beside found file `i` (BASE.LOG, .LOG1, .LOG2,
 * any case) under their own names into the directory of `local`. */
int wr_inventory_fetch_logs(struct wr_guest *g, const struct wr_inventory *inv, size_t i,
                            const char *local, struct wr_error *err);

/* Files on partition `p` (guest-files.c): copy `path` to `local` (1 when
 * there is no such file); its SHA-256; append `text` to it (created when
 * missing) and sync. */
int wr_guest_fetch(struct wr_guest *g, const struct wr_part *p, const char *path, const char *local,
                   struct wr_error *err);
int wr_guest_sha256(struct wr_guest *g, const struct wr_part *p, const char *path, char out[65],
                    struct wr_error *err);
int wr_guest_append(struct wr_guest *g, const struct wr_part *p, const char *path, const char *text,
                    struct wr_error *err);

/* "/dev/sdc2 (Windows, ntfs, 126 GiB)", role translated. */
void wr_part_describe(const struct wr_part *p, struct wr_buf *out);

/* English names for roles and found kinds (the CLI translates roles). */
const char *wr_part_role_name(enum wr_part_role role);
const char *wr_found_kind_name(enum wr_found_kind kind);

/* "/Windows/System32/config/SYSTEM" as Windows writes it, with '\'. */
void wr_windows_path(const char *path, char *out, size_t len);

#endif
