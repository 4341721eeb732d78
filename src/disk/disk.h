/* SPDX-License-Identifier: GPL-3.0-or-later */
/* disk.h - the disk module: the host's disks, the appliance session, what is on the attached disks,
 * files on their partitions, the demo disks. */
#ifndef WR_DISK_H
#define WR_DISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/error.h"
#include "bcd/bcd.h"
#include "bitlocker/bitlocker.h"
#include "hive/hive.h"

/* ---- hostdisks.c: the host's own disks ---- */

struct wr_host_partition {
	char name[256]; /* "sdc2" */
	unsigned number;
	uint64_t size;  /* bytes */
	uint64_t start; /* bytes from the start of the disk */
	char *mounts;   /* mount points, ", "-separated; NULL when not mounted */
	bool held;      /* used by device-mapper, md, ... */
};

struct wr_host_disk {
	char name[256]; /* "sdc" */
	char path[272]; /* "/dev/sdc" */
	uint64_t size;  /* bytes */
	char model[128];
	bool removable;
	bool readonly;
	bool system;  /* holds /, /boot, /boot/efi or /usr, directly or through dm/md */
	bool held;    /* the disk or a partition is used by device-mapper, md, ... */
	char *mounts; /* where the whole disk is mounted, or NULL */
	size_t n_partitions;
	struct wr_host_partition *partitions;
};

struct wr_host_disks {
	size_t n;
	struct wr_host_disk *disks; /* in name order */
};

/*
 * List the physical disks under `sysfs` (normally "/sys"; virtual devices
 * such as loop, ram, zram and dm are left out) with their partitions, and
 * where `mountinfo` (normally "/proc/self/mountinfo") says they are mounted.
 */
int wr_host_disks_scan(const char *sysfs, const char *mountinfo, struct wr_host_disks *out,
                       struct wr_error *err);
void wr_host_disks_free(struct wr_host_disks *disks);

/* ---- guest.c: the appliance ---- */

struct wr_guest;

enum wr_guest_phase {
	WR_GUEST_STARTING, /* launch under way; `elapsed` and maybe `percent` */
	WR_GUEST_TCG, /* the launch (again) under TCG; `message` says why, and that it is slower */
	WR_GUEST_READY, /* the appliance is up */
};

struct wr_guest_progress {
	enum wr_guest_phase phase;
	double elapsed;      /* seconds since the launch began */
	int percent;         /* the appliance's own progress, -1 until it reports */
	const char *message; /* translated; only with WR_GUEST_TCG */
};

/*
 * Called from the first moment of a launch, about ten times a second, and
 * whenever the appliance reports progress.  Calls come from a helper thread
 * as well as the launching one, never two at a time.
 */
typedef void (*wr_guest_progress_fn)(const struct wr_guest_progress *p, void *opaque);

struct wr_config;

/* A session with no disks yet, set up as `cfg` says (where KVM is, how long
 * its boot may take).  libguestfs errors are captured, never printed. */
struct wr_guest *wr_guest_new(const struct wr_config *cfg, struct wr_error *err);

/*
 * Add a disk image or block device, read-only unless `writable`.  Checked
 * before any launch: it must exist, be a regular file or block device, be
 * readable (writable if asked), and not be empty.
 */
int wr_guest_add_disk(struct wr_guest *g, const char *path, bool writable, struct wr_error *err);

void wr_guest_on_progress(struct wr_guest *g, wr_guest_progress_fn fn, void *opaque);

/*
 * Start the appliance: once per session.  When the launch fails with KVM
 * (nested virtualisation often breaks it), it is retried once with software
 * emulation, and the progress callback says so.  A missing kernel or
 * appliance gives an error naming the Debian package to install.
 */
int wr_guest_launch(struct wr_guest *g, struct wr_error *err);

/* How many launches this session made (1, or 2 after a TCG retry). */
int wr_guest_launch_count(const struct wr_guest *g);

size_t wr_guest_disk_count(const struct wr_guest *g);
/* The path as the user gave it, for disk `i` (the appliance's /dev/sdX). */
const char *wr_guest_disk_path(const struct wr_guest *g, size_t i);

/* Whether disk `i` was added writable. */
bool wr_guest_disk_writable(const struct wr_guest *g, size_t i);

/* Unmount what is mounted and stop the appliance, checking both results
 * (where delayed write errors show). */
int wr_guest_shutdown(struct wr_guest *g, struct wr_error *err);
void wr_guest_close(struct wr_guest *g);

/* ---- guest-keys.c, guest-unlock.c: BitLocker volumes ---- */

struct wr_part;
struct wr_inventory;

/*
 * A key for BitLocker volumes, as the libguestfs tools take it (--key):
 * "DEVICE:key:KEY" (a password or a 48-digit recovery password, with or
 * without its dashes) or "DEVICE:file:FILE" (a .BEK startup key, or a file
 * holding a password).  DEVICE is a partition as winrescue names it
 * ("disk.img#2", "/dev/sdc2"), the volume's BitLocker GUID, or "all".  A
 * key file is read now.  The scan (wr_inventory_scan) opens the volumes it
 * names, then forgets every key, its memory wiped.  No error repeats a key.
 */
int wr_guest_add_key(struct wr_guest *g, const char *selector, struct wr_error *err);
bool wr_guest_has_keys(const struct wr_guest *g);
void wr_guest_forget_keys(struct wr_guest *g);

/* Whether a key given names partition `p` itself, by its name or its
 * volume's GUID `guid` ("" when unknown), not only as "all": such a key
 * must open it. */
bool wr_guest_key_names(const struct wr_guest *g, const struct wr_part *p, const char *guid);
/* The first key whose DEVICE names no BitLocker volume of `inv`, or NULL. */
const char *wr_guest_unmatched_key(const struct wr_guest *g, const struct wr_inventory *inv);

/*
 * Open BitLocker partition `p`, whose metadata is `v`, with the keys given
 * that name it, with cryptsetup inside the appliance (read-only on a disk
 * added read-only).  0: opened (now or before), p->fs and p->label are the
 * volume's and every partition call goes through it; 1: no key names it;
 * -1: none opened it, or it cannot be opened (`err` says which and what
 * would open it).  A key for "all" that opens it not leaves it locked (1).
 */
int wr_guest_unlock(struct wr_guest *g, struct wr_part *p, const struct wr_bl_volume *v,
                    struct wr_error *err);
bool wr_guest_is_unlocked(const struct wr_guest *g, size_t disk, unsigned number);

/* `len` bytes at `offset` of partition `number` of disk `disk` as they are
 * on the disk (encrypted or not). */
int wr_guest_read_partition(struct wr_guest *g, size_t disk, unsigned number, uint64_t offset,
                            size_t len, uint8_t *out, struct wr_error *err);

/* The Debian package that fixes a libguestfs launch error, or NULL. */
const char *wr_guest_missing_package(const char *libguestfs_error);

/* ---- inventory.c, guest-files.c: what is on the disks ---- */

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
	char name[4200];    /* for people: /dev/sdc2, or disk.img#2 */
	uint64_t start;     /* bytes */
	uint64_t size;      /* bytes */
	int mbr_type;       /* MBR partition type, -1 on GPT */
	bool active;        /* MBR: the active (boot) flag, which BIOS starts */
	char type_guid[40]; /* GPT: "{...}" lower case */
	char guid[40];      /* GPT unique partition GUID */
	char fs[32];        /* "ntfs", "vfat", "BitLocker", "" */
	char label[64];
	enum wr_part_role role;
	/* A BitLocker volume: what its metadata says (`encrypted`: it was
	 * read), and whether a key given opened it; then fs and label are the
	 * volume's and its role what it holds. */
	bool encrypted, unlocked;
	struct wr_bl_volume bitlocker;
};

struct wr_disk {
	char path[4096]; /* as the user gave it */
	uint64_t size;
	char table[8];      /* "mbr", "gpt", or "" (no partition table) */
	uint32_t signature; /* MBR */
	char disk_guid[40]; /* GPT */
};

/* Whether a Windows installation's SOFTWARE hive gave its product. */
enum wr_software_state {
	WR_SOFTWARE_READ,
	WR_SOFTWARE_MISSING,    /* no System32\config\SOFTWARE */
	WR_SOFTWARE_UNREADABLE, /* there, but not a hive hivex can read */
};

struct wr_windows {
	size_t part;       /* where it is installed */
	char product[128]; /* from SOFTWARE: "" when it was not read */
	int major, minor;
	char arch[16];       /* "unknown" without System32\cmd.exe */
	char systemroot[64]; /* "\Windows" */
	enum wr_software_state software;
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
 * installations (a systemroot with System32\config\SYSTEM or, as libguestfs
 * inspection finds them, System32\cmd.exe), BCD stores (\Boot\BCD,
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

/*
 * Fill inv->disks and inv->parts from the launched session: each disk's
 * size, partition table ("mbr", "gpt", or "" for none), MBR signature or
 * GPT disk GUID; each partition's number, place, MBR type or GPT type and
 * unique GUIDs, and what blkid says of its filesystem and label.  Names,
 * roles and files are the inventory's business.
 */
int wr_guest_scan_disks(struct wr_guest *g, struct wr_inventory *inv, struct wr_error *err);

/* ---- guest-files.c: files on a partition of the launched session ----
 *
 * A partition is named by p->disk and p->number; p->name is what errors
 * say.  Paths are absolute, with '/', and have no "." or ".." component.
 * A partition is mounted when a call first needs it, read-only, and stays
 * mounted: under software emulation a mount costs about half a second.
 * The first write remounts it read-write (a disk added read-only gives
 * EROFS).  Only wr_guest_sync (and the session's end) unmounts it again:
 * what the NTFS driver holds reaches the disk only then.
 */

/* `path` with each component spelled as on the disk (Windows names ignore
 * case; a missing last component stays as given) into `out`: 0, or 1 when
 * a folder on the way is missing. */
int wr_guest_find(struct wr_guest *g, const struct wr_part *p, const char *path, char *out,
                  size_t len, struct wr_error *err);

/* 0 when `path` is a regular file (its size in *size), 1 when there is no
 * file there. */
int wr_guest_stat(struct wr_guest *g, const struct wr_part *p, const char *path, uint64_t *size,
                  struct wr_error *err);

/*
 * Whether `path` on `p` is there: 1 or 0 (-1 on failure).  A file, or with
 * `folder` a folder, its name in any case.  Kept until something is
 * written through `g`, so that checks run again and again (the console's,
 * after every staged change) ask the appliance once.
 */
int wr_guest_exists(struct wr_guest *g, const struct wr_part *p, const char *path, bool folder,
                    struct wr_error *err);

/* The whole file `path` into *data (malloc'd) and *len; EFBIG when it is
 * larger than `max`. */
int wr_guest_read(struct wr_guest *g, const struct wr_part *p, const char *path, size_t max,
                  uint8_t **data, size_t *len, struct wr_error *err);

/* Its first `max` bytes (fewer when it is shorter). */
int wr_guest_read_head(struct wr_guest *g, const struct wr_part *p, const char *path, size_t max,
                       uint8_t **data, size_t *len, struct wr_error *err);

/* The names in folder `dir`, NULL-terminated (free with wr_guest_names_free). */
int wr_guest_list_dir(struct wr_guest *g, const struct wr_part *p, const char *dir, char ***names,
                      struct wr_error *err);
void wr_guest_names_free(char **names);
/* The regular files below folder `dir`, at any depth: their paths from it
 * ("en-US/bootmgr.exe.mui"), NULL-terminated, free with
 * wr_guest_names_free; 1 when there is no such folder. */
int wr_guest_list_files(struct wr_guest *g, const struct wr_part *p, const char *dir, char ***files,
                        struct wr_error *err);

/* Copy `path` to the new local file `local` (which must not exist), synced
 * to this machine's disk: 0, or 1 when there is no such file. */
int wr_guest_fetch(struct wr_guest *g, const struct wr_part *p, const char *path, const char *local,
                   struct wr_error *err);

/* The SHA-256 of `path`, in hex. */
int wr_guest_sha256(struct wr_guest *g, const struct wr_part *p, const char *path, char out[65],
                    struct wr_error *err);

/* Bytes free for a user on the partition's filesystem. */
int wr_guest_free_space(struct wr_guest *g, const struct wr_part *p, uint64_t *room,
                        struct wr_error *err);

/* The values `names` of key `key` (Microsoft\Windows NT\CurrentVersion)
 * in the hive file `hive`, read where the disk is (a SOFTWARE hive may be a
 * hundred MB): for each, its type and data (malloc'd; NULL when the key or
 * value is missing). */
struct wr_guest_value {
	const char *name;
	uint32_t type;
	uint8_t *data;
	size_t len;
};
int wr_guest_hive_values(struct wr_guest *g, const struct wr_part *p, const char *hive,
                         const char *key, struct wr_guest_value *values, size_t n,
                         struct wr_error *err);

/* Write the local file `local` as `path`, replacing what is there: give it a
 * name of your own and rename it into place. */
int wr_guest_upload(struct wr_guest *g, const struct wr_part *p, const char *local,
                    const char *path, struct wr_error *err);

/* Copy `from` to the new file `to`; EEXIST when `to` is there (a backup is
 * never overwritten). */
int wr_guest_copy(struct wr_guest *g, const struct wr_part *p, const char *from, const char *to,
                  struct wr_error *err);

/* Rename `from` to `to`, replacing `to`: how a checked new file takes the
 * old one's place. */
int wr_guest_rename(struct wr_guest *g, const struct wr_part *p, const char *from, const char *to,
                    struct wr_error *err);

/* Remove the file `path`, if there is one. */
int wr_guest_remove(struct wr_guest *g, const struct wr_part *p, const char *path,
                    struct wr_error *err);

/* Append `text` to `path` (created when missing; a last line cut short by
 * a crash is ended first), then wr_guest_sync. */
int wr_guest_append(struct wr_guest *g, const struct wr_part *p, const char *path, const char *text,
                    struct wr_error *err);

/* The first sector of disk `disk` (the MBR: boot code, signature,
 * partition table, active flags). */
#define WR_MBR_SIZE 512
int wr_guest_read_mbr(struct wr_guest *g, size_t disk, uint8_t out[WR_MBR_SIZE],
                      struct wr_error *err);
/* Write it, flush the disk, and read it back to compare: 0 only when the
 * disk holds `in`. */
int wr_guest_write_mbr(struct wr_guest *g, size_t disk, const uint8_t in[WR_MBR_SIZE],
                       struct wr_error *err);
/* A GPT disk's own GUID ("{...}"), or with `partition` (1...) that
 * partition's: a copied disk made a disk of its own. */
int wr_guest_set_gpt_guid(struct wr_guest *g, size_t disk, int partition, const char *guid,
                          struct wr_error *err);
/* `in` with primary partition `number` (1-4) the active one and the others
 * not, as diskpart's "active" leaves it, into `out`; -1 when `in` is no
 * MBR or that entry is unused (mbr.c). */
int wr_mbr_set_active(const uint8_t in[WR_MBR_SIZE], unsigned number, uint8_t out[WR_MBR_SIZE]);
/* The sector a journal kept as 1024 hex digits, into `out`: 0 only when
 * the text is that whole and the bytes have the SHA-256 `sha` (mbr.c). */
int wr_mbr_from_hex(const char *hex, const char *sha, uint8_t out[WR_MBR_SIZE]);
/* The active flags of disk `disk`'s partitions in `inv`, as `mbr` (its
 * first sector, just written) has them. */
void wr_inventory_note_mbr(struct wr_inventory *inv, size_t disk, const uint8_t mbr[WR_MBR_SIZE]);

/* Put everything written to the partition on the disk: unmount it (the
 * NTFS driver writes all it holds then; the other partitions go too, as
 * unmounting them all is the cheap way) and flush the disk.  The next call
 * mounts it again. */
int wr_guest_sync(struct wr_guest *g, const struct wr_part *p, struct wr_error *err);

/* "/dev/sdc2 (Windows, ntfs, 126 GiB)", role translated. */
void wr_part_describe(const struct wr_part *p, struct wr_buf *out);

/* English names for roles and found kinds (the CLI translates roles). */
const char *wr_part_role_name(enum wr_part_role role);
const char *wr_found_kind_name(enum wr_found_kind kind);

/* "/Windows/System32/config/SYSTEM" as Windows writes it, with '\'. */
void wr_windows_path(const char *path, char *out, size_t len);

/* ---- listing.c: the disks listed, for people (text) and programs (JSON) ---- */

/* Text from a disk (labels, file names, product names, mount points) goes
 * through wr_buf_put_printable in the text forms and the JSON writer in
 * JSON.  When memory runs out, `out` says so (wr_buf.oom). */

/* The host's disks: the DEVICE SIZE RM MODEL USE table, and JSON
 * ("winrescue-host-disks/1"). */
void wr_host_disks_text(const struct wr_host_disks *disks, struct wr_buf *out);
void wr_host_disks_json(const struct wr_host_disks *disks, struct wr_buf *out);

/* What is on the attached disks: partitions, Windows installations, BCD
 * stores and hives with their state and logs; and JSON ("winrescue-disks/1",
 * the problems below included). */
void wr_inventory_text(const struct wr_inventory *inv, struct wr_buf *out);
void wr_inventory_json(const struct wr_inventory *inv, struct wr_buf *out);

/* What stops a repair on these disks, one translated line each: a disk
 * without a partition table, or with neither Windows nor a BCD store; a
 * BitLocker volume; Windows without a BCD store.  Returns their number. */
size_t wr_inventory_problems(const struct wr_inventory *inv, struct wr_buf *out);

/* One line per transaction log in `rep`, each after `indent`: format,
 * sequence number, what replay did with it ("used", "not needed", ...,
 * wr_log_state_name, translated) and why. */
void wr_replay_logs_text(const struct wr_replay *rep, const char *indent, struct wr_buf *out);
const char *wr_log_state_name(enum wr_log_state s);

/* ---- demo-disk.c, demo-hives.c: demo and test disks ---- */

#define WR_DEMO_DISK_SIZE (100ull * 1024 * 1024) /* sparse */
/* What the demo disk holds changes now and then (winload.exe came with the
 * loader-files check, the boot files with the boot-files check): a demo disk
 * cached by an older edition is built again. */
#define WR_DEMO_DISK_EDITION 3

/* Partitions of the demo disks (start sector, sector count; 512-byte sectors). */
#define WR_DEMO_BIOS_SYSTEM_START   2048u /* System Reserved, NTFS, 32 MiB */
#define WR_DEMO_BIOS_SYSTEM_SECTORS 65536u
#define WR_DEMO_UEFI_ESP_START      2048u /* EFI system partition, FAT32, 40 MiB */
#define WR_DEMO_UEFI_ESP_SECTORS    81920u
#define WR_DEMO_UEFI_MSR_SECTORS    32768u /* Microsoft reserved, 16 MiB */

struct wr_demo_disk {
	enum wr_demo_layout layout;
	bool safeboot; /* the loader boots into Safe Mode (Minimal) */
	/* BIOS: the partitions are there already, partition 2 perhaps a
	 * BitLocker volume opened (the tests' encrypted disks): only the
	 * filesystems and the files are made. */
	bool partitioned;
	/* The store and boot files on the Windows partition, as when there is
	 * no system partition of its own. */
	bool boot_on_windows;
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
 * SOFTWARE, enough for libguestfs inspection to report Windows Server 2022,
 * and the loader's winload.exe (BIOS) or winload.efi (UEFI);
 * the store's devices point at these partitions.  Staging files go in
 * `tmpdir`.
 */
int wr_demo_disk_build(struct wr_guest *g, size_t index, const struct wr_demo_disk *spec,
                       const char *tmpdir, struct wr_error *err);

/* ---- guest-disks.c, guest-files.c: building the demo and test disks ---- */

struct wr_new_partition {
	int64_t first, last;   /* sectors; last < 0 counts from the disk's end (-1: its last) */
	int mbr_type;          /* MBR */
	bool active;           /* MBR: the one the BIOS boots */
	const char *type_guid; /* GPT, "{...}" */
	const char *guid;      /* GPT unique partition GUID, "{...}"; NULL: a random one */
};

struct wr_new_table {
	const char *table;     /* "mbr" or "gpt" */
	uint32_t signature;    /* MBR */
	const char *disk_guid; /* GPT, "{...}" */
	size_t n;
	const struct wr_new_partition *parts; /* numbered from 1 in this order */
};

/* Write partition table `t` on disk `disk` of the session (added writable). */
int wr_guest_partition(struct wr_guest *g, size_t disk, const struct wr_new_table *t,
                       struct wr_error *err);

/* Make an empty filesystem `fs` ("ntfs", or "vfat": FAT32) labelled
 * `label` on partition `p`. */
int wr_guest_mkfs(struct wr_guest *g, const struct wr_part *p, const char *fs, const char *label,
                  struct wr_error *err);

/* mkdir -p `dir` on partition `p`. */
int wr_guest_mkdir(struct wr_guest *g, const struct wr_part *p, const char *dir,
                   struct wr_error *err);

/* Write `len` bytes as the file `path` (replacing it). */
int wr_guest_write(struct wr_guest *g, const struct wr_part *p, const char *path, const void *data,
                   size_t len, struct wr_error *err);

/* libguestfs's own inspection of the disks, one line a root: device,
 * product, major.minor, arch, systemroot, tab-separated.  The test disks
 * compare the inventory with it. */
int wr_guest_inspection(struct wr_guest *g, struct wr_buf *out, struct wr_error *err);

/* The demo SYSTEM and SOFTWARE hives alone (new files at `path`). */
int wr_demo_system_hive_create(const char *path, enum wr_demo_layout layout, struct wr_error *err);
int wr_demo_software_hive_create(const char *path, struct wr_error *err);

#endif
