/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-listing.c - "winrescue disks" as the back end renders it, on disks described in memory: the
 * exact text and JSON (as the CLI printed them before the rendering moved out of it), what stops a
 * repair, and text a hostile disk chose shown escaped. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "disk/disk.h"
#include "tap.h"

/* ---- inventories, as wr_inventory_scan would fill them ---- */

struct disks {
	struct wr_disk disk[4];
	struct wr_part part[8];
	struct wr_windows windows[4];
	struct wr_found found[8];
	struct wr_inventory inv;
};

static void init(struct disks *f)
{
	memset(f, 0, sizeof(*f));
	f->inv = (struct wr_inventory){
	    .disks = f->disk, .parts = f->part, .windows = f->windows, .found = f->found};
}

static struct wr_disk *add_disk(struct disks *f, const char *path, uint64_t size, const char *table)
{
	struct wr_disk *d = &f->disk[f->inv.n_disks++];

	snprintf(d->path, sizeof(d->path), "%s", path);
	d->size = size;
	snprintf(d->table, sizeof(d->table), "%s", table);
	return d;
}

/* A partition on the last disk added, numbered in order. */
static struct wr_part *add_part(struct disks *f, uint64_t start_mib, uint64_t size_mib,
                                const char *fs, const char *label, enum wr_part_role role)
{
	struct wr_part *p = &f->part[f->inv.n_parts];
	size_t disk = f->inv.n_disks - 1;
	char name[sizeof(p->name)];
	unsigned number = 1;

	for (size_t i = 0; i < f->inv.n_parts; i++)
		number += f->part[i].disk == disk;
	p->disk = disk;
	p->number = number;
	snprintf(name, sizeof(name), "%s#%u", f->disk[disk].path, number);
	memcpy(p->name, name, sizeof(name));
	p->start = start_mib << 20;
	p->size = size_mib << 20;
	p->mbr_type = strcmp(f->disk[disk].table, "gpt") == 0 ? -1 : 7;
	snprintf(p->fs, sizeof(p->fs), "%s", fs);
	snprintf(p->label, sizeof(p->label), "%s", label);
	p->role = role;
	f->inv.n_parts++;
	return p;
}

/* Windows on the last partition added. */
static void add_windows(struct disks *f, const char *product, const char *arch, const char *root)
{
	struct wr_windows *w = &f->windows[f->inv.n_windows++];

	w->part = f->inv.n_parts - 1;
	snprintf(w->product, sizeof(w->product), "%s", product);
	w->major = 10;
	w->minor = 0;
	snprintf(w->arch, sizeof(w->arch), "%s", arch);
	snprintf(w->systemroot, sizeof(w->systemroot), "%s", root);
}

/* A hive or store on the last partition added; dirty when seq1 != seq2. */
static struct wr_found *add_found(struct disks *f, enum wr_found_kind kind, const char *path,
                                  uint64_t size, uint32_t seq1, uint32_t seq2)
{
	struct wr_found *h = &f->found[f->inv.n_found++];

	h->kind = kind;
	h->part = f->inv.n_parts - 1;
	snprintf(h->path, sizeof(h->path), "%s", path);
	h->size = size;
	h->valid = true;
	h->dirty = h->replay.dirty = h->replay.before.dirty = seq1 != seq2;
	h->replay.before.seq1 = seq1;
	h->replay.before.seq2 = seq2;
	h->replay.before.checksum_ok = true;
	return h;
}

static struct wr_log_report *add_log(struct wr_found *h, const char *name, uint32_t format,
                                     uint32_t seq, enum wr_log_state state, const char *why)
{
	struct wr_log_report *l = &h->replay.logs[h->replay.n_logs++];

	snprintf(l->name, sizeof(l->name), "%s", name);
	l->format = format;
	l->seq = seq;
	l->state = state;
	snprintf(l->why, sizeof(l->why), "%s", why);
	return l;
}

/* The demo disks, BIOS and UEFI, with hives in every state a listing tells. */
static void good_disks(struct disks *f)
{
	struct wr_found *h;
	struct wr_log_report *l;

	init(f);
	add_disk(f, "bios.img", 100ull << 20, "mbr")->signature = 0x5a1e7b2c;
	add_part(f, 1, 32, "ntfs", "System Reserved", WR_ROLE_SYSTEM_RESERVED);
	add_found(f, WR_FOUND_BCD, "/Boot/BCD", 24576, 5, 5);
	add_part(f, 33, 67, "ntfs", "", WR_ROLE_WINDOWS);
	add_windows(f, "Windows Server 2022 Datacenter", "x86_64", "\\Windows");
	h = add_found(f, WR_FOUND_SYSTEM, "/Windows/System32/config/SYSTEM", 8u << 20, 10, 9);
	l = add_log(h, "SYSTEM.LOG1", WR_REGF_LOG_NEW, 9, WR_LOG_APPLIED, "");
	l->entries = 2, l->first = 9, l->last = 10, l->pages = 3;
	add_log(h, "SYSTEM.LOG2", 0, 0, WR_LOG_UNUSABLE,
	        "its base-block copy has a wrong checksum");
	h->replay.applied = true;
	h->replay.seq = 11;
	h = add_found(f, WR_FOUND_SOFTWARE, "/Windows/System32/config/SOFTWARE", 40u << 20, 20, 20);
	l = add_log(h, "SOFTWARE.LOG1", WR_REGF_LOG_NEW, 21, WR_LOG_STALE,
	            "the hive is clean: Windows ignores its logs");
	l->entries = 1, l->first = 21, l->last = 21, l->newer = true;
	h->replay.logs_newer = true;

	snprintf(add_disk(f, "uefi.img", 100ull << 20, "gpt")->disk_guid, 40, "%s",
	         "{6b1f3c2a-9d4e-4c7b-8a51-2e0f5d9c3b71}");
	snprintf(add_part(f, 1, 40, "vfat", "SYSTEM", WR_ROLE_EFI)->type_guid, 40, "%s",
	         "{c12a7328-f81f-11d2-ba4b-00a0c93ec93b}");
	snprintf(f->part[2].guid, 40, "%s", "{0c2d0b3e-5f1a-4c6e-9b7d-1a2b3c4d5e6f}");
	add_found(f, WR_FOUND_BCD, "/EFI/Microsoft/Boot/BCD", 28672, 7, 7);
	snprintf(add_part(f, 41, 16, "", "", WR_ROLE_MSR)->type_guid, 40, "%s",
	         "{e3c9e316-0b5c-4db8-817d-f92df00215ae}");
	add_part(f, 57, 43, "ntfs", "", WR_ROLE_WINDOWS);
	snprintf(f->part[4].type_guid, 40, "%s", "{ebd0a0a2-b9e5-4433-87c0-68b6b72699c7}");
	snprintf(f->part[4].guid, 40, "%s", "{a3d58e12-6b0c-4f97-8e24-5c1b7d9f0e46}");
	add_windows(f, "Windows 10 Pro", "i386", "\\WINDOWS");
	h = add_found(f, WR_FOUND_SYSTEM, "/Windows/System32/config/SYSTEM", 12u << 20, 4, 4);
	h->dirty = h->replay.dirty = true;
	h->replay.before.checksum_ok = false;
	add_log(h, "SYSTEM.LOG", WR_REGF_LOG_OLD, 3, WR_LOG_UNUSED,
	        "another log was written later");
	h = add_found(f, WR_FOUND_SOFTWARE, "/Windows/System32/config/SOFTWARE", 30u << 20, 6, 5);
	l = add_log(h, "SOFTWARE.LOG1", 0, 0, WR_LOG_UNUSABLE,
	            "not read for this listing (larger than 64 MiB, or unreadable)");
	l->unread = true;
	h = add_found(f, WR_FOUND_SYSTEM, "/Windows/System32/config/RegBack/SYSTEM", 0, 0, 0);
	h->valid = false;
}

/* Disks no repair can use, and a Windows disk without its boot partition. */
static void bad_disks(struct disks *f)
{
	init(f);
	add_disk(f, "/dev/sdx", 10ull << 20, "");
	add_disk(f, "data.img", 2ull << 30, "mbr")->signature = 0xdeadbeef;
	add_part(f, 1, 2047, "ext4", "backup", WR_ROLE_DATA);
	add_disk(f, "locked.img", 64ull << 30, "gpt");
	add_part(f, 1, 500, "BitLocker", "", WR_ROLE_BITLOCKER);
	add_part(f, 501, 60000, "ntfs", "Windows", WR_ROLE_WINDOWS);
	add_windows(f, "Windows 11 Home", "x86_64", "\\Windows");
	add_found(f, WR_FOUND_SYSTEM, "/Windows/System32/config/SYSTEM", 16u << 20, 30, 30);
	add_part(f, 60501, 900, "ntfs", "Recovery", WR_ROLE_RECOVERY);
}

/* Text a hostile disk chose: escapes and line breaks in every string it gives. */
static void hostile_disks(struct disks *f)
{
	struct wr_found *h;

	init(f);
	add_disk(f, "evil.img", 1ull << 30, "mbr")->signature = 1;
	add_part(f, 1, 100, "ntfs", "Sys\033[2J", WR_ROLE_SYSTEM_RESERVED);
	add_found(f, WR_FOUND_BCD, "/Boot/BCD", 4096, 1, 1);
	add_part(f, 101, 900, "nt\033fs", "", WR_ROLE_WINDOWS);
	add_windows(f, "Windows\033]0;owned\007\nwinrescue: all fine", "x86\r64",
	            "\\Win\033[1mdows");
	h = add_found(f, WR_FOUND_SYSTEM, "/Windows/System32/config/SY\nSTEM", 4096, 2, 1);
	add_log(h, "SY\033[31mSTEM.LOG1", WR_REGF_LOG_NEW, 1, WR_LOG_UNUSED,
	        "no entry with sequence 2");
}

/* ---- the host's disks, as wr_host_disks_scan would fill them ---- */

struct host {
	struct wr_host_disk disk[3];
	struct wr_host_partition part[3];
	struct wr_host_disks disks;
};

static void host_disks(struct host *f, bool hostile)
{
	memset(f, 0, sizeof(*f));
	f->disks = (struct wr_host_disks){.n = 3, .disks = f->disk};
	f->disk[0] = (struct wr_host_disk){.name = "sda",
	                                   .path = "/dev/sda",
	                                   .size = 30ull << 30,
	                                   .system = true,
	                                   .n_partitions = 2,
	                                   .partitions = &f->part[0]};
	snprintf(f->disk[0].model, 128, "%s", hostile ? "Evil\033[2J\nDisk" : "Virtual Disk");
	f->part[0] =
	    (struct wr_host_partition){.name = "sda1",
	                               .number = 1,
	                               .start = 1 << 20,
	                               .size = 512ull << 20,
	                               .mounts = hostile ? "/media/u/\033]0;x\007" : "/boot/efi"};
	f->part[1] = (struct wr_host_partition){.name = "sda2",
	                                        .number = 2,
	                                        .start = 513ull << 20,
	                                        .size = (30ull << 30) - (514ull << 20),
	                                        .mounts = "/, /home",
	                                        .held = true};
	f->disk[1] = (struct wr_host_disk){.name = "sdb",
	                                   .path = "/dev/sdb",
	                                   .size = 15728640ull * 512,
	                                   .removable = true,
	                                   .readonly = true,
	                                   .mounts = "/media/stick"};
	f->disk[2] = (struct wr_host_disk){.name = "nvme0n1",
	                                   .path = "/dev/nvme0n1",
	                                   .size = 1ull << 40,
	                                   .model = "A very long model name that does not fit",
	                                   .held = true,
	                                   .n_partitions = 1,
	                                   .partitions = &f->part[2]};
	f->part[2] = (struct wr_host_partition){.name = "nvme0n1p1",
	                                        .number = 1,
	                                        .start = 1 << 20,
	                                        .size = (1ull << 40) - (2 << 20),
	                                        .held = true};
}

/* ---- checks ---- */

/* tests/expected/NAME, as the CLI printed it before the move. */
static char *expected(const char *name)
{
	const char *srcdir = getenv("srcdir");
	char path[4096];
	struct wr_buf b = WR_BUF_INIT;
	FILE *f;
	char chunk[4096];
	size_t n;

	snprintf(path, sizeof(path), "%s/tests/expected/%s", srcdir ? srcdir : ".", name);
	f = fopen(path, "re");
	if (!f) {
		diag("%s: cannot read", path);
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		wr_buf_add(&b, chunk, n);
	fclose(f);
	return wr_buf_steal(&b);
}

static void is_json(const struct wr_inventory *inv, const char *file, const char *what)
{
	struct wr_buf out = WR_BUF_INIT;
	char *want = expected(file);

	wr_inventory_json(inv, &out);
	is_str(wr_buf_str(&out), want, "%s: JSON as before (%s)", what, file);
	free(want);
	wr_buf_free(&out);
}

static void test_good(void)
{
	struct disks f;
	struct wr_buf text = WR_BUF_INIT, problems = WR_BUF_INIT;

	good_disks(&f);
	wr_inventory_text(&f.inv, &text);
	is_str(
	    wr_buf_str(&text),
	    "bios.img: 100 MiB, MBR, disk signature 5a1e7b2c\n"
	    "   1  at 1 MiB, 32 MiB, ntfs \"System Reserved\": System Reserved (boot)\n"
	    "      MBR type 07\n"
	    "   2  at 33 MiB, 67 MiB, ntfs: Windows\n"
	    "      MBR type 07\n"
	    "uefi.img: 100 MiB, GPT, disk GUID {6b1f3c2a-9d4e-4c7b-8a51-2e0f5d9c3b71}\n"
	    "   1  at 1 MiB, 40 MiB, vfat \"SYSTEM\": EFI system\n"
	    "      type {c12a7328-f81f-11d2-ba4b-00a0c93ec93b}, GUID "
	    "{0c2d0b3e-5f1a-4c6e-9b7d-1a2b3c4d5e6f}\n"
	    "   2  at 41 MiB, 16 MiB, no filesystem: Microsoft reserved\n"
	    "      type {e3c9e316-0b5c-4db8-817d-f92df00215ae}, GUID \n"
	    "   3  at 57 MiB, 43 MiB, ntfs: Windows\n"
	    "      type {ebd0a0a2-b9e5-4433-87c0-68b6b72699c7}, GUID "
	    "{a3d58e12-6b0c-4f97-8e24-5c1b7d9f0e46}\n"
	    "Windows installations:\n"
	    "  bios.img#2: Windows Server 2022 Datacenter 10.0, x86_64, \\Windows\n"
	    "  uefi.img#3: Windows 10 Pro 10.0, i386, \\WINDOWS\n"
	    "BCD stores and registry hives:\n"
	    "  BCD      bios.img#1: \\Boot\\BCD, 24 KiB, clean (sequence 5)\n"
	    "  SYSTEM   bios.img#2: \\Windows\\System32\\config\\SYSTEM, 8 MiB, dirty (sequence "
	    "numbers 10 and 9 differ)\n"
	    "           SYSTEM.LOG1: HvLE format, sequence 9: used (entries 9-10), 3 pages\n"
	    "           SYSTEM.LOG2: unusable: its base-block copy has a wrong checksum\n"
	    "           its logs recover it (clean at 11): winrescue replays them before a repair\n"
	    "  SOFTWARE bios.img#2: \\Windows\\System32\\config\\SOFTWARE, 40 MiB, clean (sequence "
	    "20)\n"
	    "           SOFTWARE.LOG1: HvLE format, sequence 21: not needed: the hive is clean: "
	    "Windows ignores its logs\n"
	    "  BCD      uefi.img#1: \\EFI\\Microsoft\\Boot\\BCD, 28 KiB, clean (sequence 7)\n"
	    "  SYSTEM   uefi.img#3: \\Windows\\System32\\config\\SYSTEM, 12 MiB, dirty (its base "
	    "block's checksum is wrong)\n"
	    "           SYSTEM.LOG: DIRT format, sequence 3: not reached: another log was written "
	    "later\n"
	    "           no log can recover it: winrescue will not write it\n"
	    "  SOFTWARE uefi.img#3: \\Windows\\System32\\config\\SOFTWARE, 30 MiB, dirty (sequence "
	    "numbers 6 and 5 differ)\n"
	    "           SOFTWARE.LOG1: unusable: not read for this listing (larger than 64 MiB, or "
	    "unreadable)\n"
	    "           a log was not read here: loading the hive says whether they recover it\n"
	    "  SYSTEM   uefi.img#3: \\Windows\\System32\\config\\RegBack\\SYSTEM, 0 B, not a valid "
	    "hive\n",
	    "demo disks: partitions, Windows, stores and hives in every state, logs");
	is_int(wr_inventory_problems(&f.inv, &problems), 0, "demo disks: nothing stops a repair");
	is_str(wr_buf_str(&problems), "", "... and nothing is said");
	is_json(&f.inv, "listing-good.json", "demo disks");
	wr_buf_free(&text);
	wr_buf_free(&problems);
}

static void test_bad(void)
{
	struct disks f;
	struct wr_buf text = WR_BUF_INIT, problems = WR_BUF_INIT;

	bad_disks(&f);
	wr_inventory_text(&f.inv, &text);
	is_str(wr_buf_str(&text),
	       "/dev/sdx: 10 MiB, no partition table\n"
	       "data.img: 2 GiB, MBR, disk signature deadbeef\n"
	       "   1  at 1 MiB, 2 GiB, ext4 \"backup\": data\n"
	       "      MBR type 07\n"
	       "locked.img: 64 GiB, GPT, disk GUID \n"
	       "   1  at 1 MiB, 500 MiB, BitLocker: BitLocker (locked)\n"
	       "      type , GUID \n"
	       "      BitLocker: its metadata cannot be read\n"
	       "   2  at 501 MiB, 59 GiB, ntfs \"Windows\": Windows\n"
	       "      type , GUID \n"
	       "   3  at 59 GiB, 900 MiB, ntfs \"Recovery\": recovery\n"
	       "      type , GUID \n"
	       "Windows installations:\n"
	       "  locked.img#2: Windows 11 Home 10.0, x86_64, \\Windows\n"
	       "BCD stores and registry hives:\n"
	       "  SYSTEM   locked.img#2: \\Windows\\System32\\config\\SYSTEM, 16 MiB, clean "
	       "(sequence 30)\n",
	       "unusable disks: listed all the same");
	is_int(wr_inventory_problems(&f.inv, &problems), 4, "unusable disks: four problems");
	is_str(wr_buf_str(&problems),
	       "/dev/sdx: no partition table on this disk\n"
	       "data.img: no Windows installation and no BCD store on this disk\n"
	       "locked.img#1: BitLocker-encrypted, and its metadata cannot be read\n"
	       "no BCD store found on the given disks (attach the disk with the System Reserved or "
	       "EFI partition too)\n",
	       "... no table; neither Windows nor a store; BitLocker; Windows without a store");
	is_json(&f.inv, "listing-bad.json", "unusable disks");
	wr_buf_free(&text);
	wr_buf_free(&problems);
}

static void test_hostile(void)
{
	struct disks f;
	struct wr_buf text = WR_BUF_INIT;

	hostile_disks(&f);
	wr_inventory_text(&f.inv, &text);
	is_str(wr_buf_str(&text),
	       "evil.img: 1 GiB, MBR, disk signature 00000001\n"
	       "   1  at 1 MiB, 100 MiB, ntfs \"Sys\\x1b[2J\": System Reserved (boot)\n"
	       "      MBR type 07\n"
	       "   2  at 101 MiB, 900 MiB, nt\\x1bfs: Windows\n"
	       "      MBR type 07\n"
	       "Windows installations:\n"
	       "  evil.img#2: Windows\\x1b]0;owned\\x07\\x0awinrescue: all fine 10.0, x86\\x0d64, "
	       "\\Win\\x1b[1mdows\n"
	       "BCD stores and registry hives:\n"
	       "  BCD      evil.img#1: \\Boot\\BCD, 4 KiB, clean (sequence 1)\n"
	       "  SYSTEM   evil.img#2: \\Windows\\System32\\config\\SY\\x0aSTEM, 4 KiB, dirty "
	       "(sequence numbers 2 and 1 differ)\n"
	       "           SY\\x1b[31mSTEM.LOG1: HvLE format, sequence 1: not reached: no entry "
	       "with sequence 2\n"
	       "           no log can recover it: winrescue will not write it\n",
	       "hostile disk: label, filesystem, product, architecture, folder, file and log names "
	       "escaped");
	is_json(&f.inv, "listing-hostile.json", "hostile disk");
	wr_buf_free(&text);
}

static void test_host(void)
{
	struct host f;
	struct wr_buf text = WR_BUF_INIT, json = WR_BUF_INIT;
	char *want = expected("listing-host.json");

	host_disks(&f, false);
	wr_host_disks_text(&f.disks, &text);
	is_str(wr_buf_str(&text),
	       "DEVICE              SIZE  RM  MODEL                    USE\n"
	       "/dev/sda          30 GiB  no  Virtual Disk             system disk\n"
	       "  /dev/sda1      512 MiB                               mounted on /boot/efi\n"
	       "  /dev/sda2       29 GiB                               mounted on /, /home; in use "
	       "by device-mapper or md\n"
	       "/dev/sdb         7.5 GiB  yes -                        mounted on /media/stick; "
	       "read-only\n"
	       "/dev/nvme0n1       1 TiB  no  A very long model name t \n"
	       "  /dev/nvme0n1p1  1024 GiB                               in use by device-mapper "
	       "or md\n",
	       "host disks: the table");
	wr_host_disks_json(&f.disks, &json);
	is_str(wr_buf_str(&json), want, "host disks: JSON as before (listing-host.json)");
	wr_buf_free(&text);
	wr_buf_free(&json);
	free(want);

	host_disks(&f, true);
	wr_host_disks_text(&f.disks, &text);
	is_str(wr_buf_str(&text),
	       "DEVICE              SIZE  RM  MODEL                    USE\n"
	       "/dev/sda          30 GiB  no  Evil\\x1b[2J\\x0aDisk      system disk\n"
	       "  /dev/sda1      512 MiB                               mounted on "
	       "/media/u/\\x1b]0;x\\x07\n"
	       "  /dev/sda2       29 GiB                               mounted on /, /home; in use "
	       "by device-mapper or md\n"
	       "/dev/sdb         7.5 GiB  yes -                        mounted on /media/stick; "
	       "read-only\n"
	       "/dev/nvme0n1       1 TiB  no  A very long model name t \n"
	       "  /dev/nvme0n1p1  1024 GiB                               in use by device-mapper "
	       "or md\n",
	       "host disks: a hostile model and mount point escaped");
	wr_host_disks_json(&f.disks, &json);
	ok(strstr(wr_buf_str(&json), "\"model\": \"Evil\\u001b[2J\\nDisk\"") &&
	       strstr(wr_buf_str(&json), "\"/media/u/\\u001b]0;x\\u0007\""),
	   "... and in JSON, by the JSON writer");
	wr_buf_free(&text);
	wr_buf_free(&json);
}

/* Windows whose SOFTWARE hive is missing or unreadable: listed all the
 * same, with the reason it has no product name. */
static void test_no_software(void)
{
	struct disks f;
	struct wr_buf text = WR_BUF_INIT, json = WR_BUF_INIT;

	init(&f);
	add_disk(&f, "bare.img", 100ull << 20, "mbr")->signature = 0x0badf00d;
	add_part(&f, 1, 40, "ntfs", "", WR_ROLE_WINDOWS);
	add_windows(&f, "", "unknown", "\\Windows");
	f.windows[0].software = WR_SOFTWARE_MISSING;
	f.windows[0].major = 0;
	add_found(&f, WR_FOUND_SYSTEM, "/Windows/System32/config/SYSTEM", 8192, 1, 1);
	add_part(&f, 41, 40, "ntfs", "", WR_ROLE_WINDOWS);
	add_windows(&f, "", "x86_64", "\\WINNT");
	f.windows[1].software = WR_SOFTWARE_UNREADABLE;
	wr_inventory_text(&f.inv, &text);
	ok(strstr(wr_buf_str(&text),
	          "Windows installations:\n"
	          "  bare.img#1: product unknown (no SOFTWARE hive), unknown, \\Windows\n"
	          "  bare.img#2: product unknown (its SOFTWARE hive cannot be read), x86_64, "
	          "\\WINNT\n") != NULL,
	   "no SOFTWARE: the installation listed, and why it has no name");
	wr_inventory_json(&f.inv, &json);
	ok(strstr(wr_buf_str(&json), "\"systemroot\": \"\\\\Windows\",\n      \"software\": "
	                             "\"missing\"") != NULL,
	   "JSON: software missing");
	ok(strstr(wr_buf_str(&json), "\"software\": \"unreadable\"") != NULL,
	   "JSON: software unreadable");
	wr_buf_free(&text);
	wr_buf_free(&json);
}

/* A volume as its metadata gives it (t-bitlocker reads real ones). */
static void encrypt(struct wr_part *p, const char *guid, const char *description, bool unlocked)
{
	static const struct wr_bl_protector keys[] = {
	    {WR_BL_PASSWORD, 0x2000, "3e55195c-8811-4d9b-97b4-2b9e5f8f5384"},
	    {WR_BL_RECOVERY_PASSWORD, 0x0800, "64311dea-4587-4029-924a-ba299647998e"},
	    {WR_BL_STARTUP_KEY, 0x0200, "4381f759-c4f8-4de0-bb61-fc33a831bda5"},
	};

	p->encrypted = true;
	p->unlocked = unlocked;
	snprintf(p->bitlocker.guid, sizeof(p->bitlocker.guid), "%s", guid);
	snprintf(p->bitlocker.description, sizeof(p->bitlocker.description), "%s", description);
	p->bitlocker.method = WR_BL_XTS_AES_128;
	p->bitlocker.sector_size = 512;
	p->bitlocker.type = WR_BL_TYPE_NORMAL;
	p->bitlocker.state = p->bitlocker.next_state = WR_BL_STATE_ENCRYPTED;
	p->bitlocker.first = (struct wr_bl_first_copy){true, true, WR_BL_STATE_ENCRYPTED,
	                                               WR_BL_STATE_ENCRYPTED, false};
	memcpy(p->bitlocker.protectors, keys, sizeof(keys));
	p->bitlocker.n_protectors = 3;
}

static void test_bitlocker(void)
{
	struct disks f;
	struct wr_buf text = WR_BUF_INIT, json = WR_BUF_INIT, problems = WR_BUF_INIT;
	struct wr_part *open, *locked;
	const char *ade;

	init(&f);
	add_disk(&f, "bl.img", 200ull << 20, "mbr")->signature = 0x5a1e7b2c;
	open = add_part(&f, 1, 100, "ntfs", "Windows", WR_ROLE_WINDOWS);
	encrypt(open, "8f595209-f5b9-49a0-85d4-cb8f80258c27", "DESKTOP-NPM7RCA H: 7/4/2019", true);
	add_windows(&f, "Windows Server 2022", "x86_64", "\\Windows");
	add_found(&f, WR_FOUND_BCD, "/Boot/BCD", 24576, 2, 2);
	locked = add_part(&f, 101, 90, "BitLocker", "", WR_ROLE_BITLOCKER);
	encrypt(locked, "5a95db04-6ebc-4ba9-99a3-15a87a3d07b2", "evil\033[2J", false);
	snprintf(locked->bitlocker.description, sizeof(locked->bitlocker.description),
	         "evil\033[2J");
	wr_inventory_text(&f.inv, &text);
	ok(strstr(wr_buf_str(&text),
	          "   1  at 1 MiB, 100 MiB, ntfs \"Windows\": Windows\n"
	          "      MBR type 07\n"
	          "      BitLocker: unlocked\n"
	          "      BitLocker volume {8F595209-F5B9-49A0-85D4-CB8F80258C27}\n"
	          "        Description: DESKTOP-NPM7RCA H: 7/4/2019\n") != NULL,
	   "an unlocked volume: its role what it holds, unlocked, its GUID and description");
	ok(strstr(
	       wr_buf_str(&text),
	       "      Azure Disk Encryption keeps 4381F759-C4F8-4DE0-BB61-FC33A831BDA5.BEK as a "
	       "Key "
	       "Vault secret tagged DiskEncryptionKeyFileName=4381F759-C4F8-4DE0-BB61-"
	       "FC33A831BDA5.BEK:\n"
	       "        az keyvault secret list --vault-name VAULT --query "
	       "\"[?tags.DiskEncryptionKeyFileName=='4381F759-C4F8-4DE0-BB61-FC33A831BDA5.BEK']."
	       "id\" "
	       "-o tsv\n"
	       "        az keyvault secret show --id SECRET-ID --query value -o tsv | base64 -d > "
	       "4381F759-C4F8-4DE0-BB61-FC33A831BDA5.BEK\n") != NULL,
	   "a locked one with a startup key: where ADE keeps it, and how to fetch it");
	ade = strstr(wr_buf_str(&text), "Azure Disk Encryption keeps");
	ok(ade && !strstr(ade + 1, "Azure Disk Encryption keeps"),
	   "... once: not for the unlocked volume, whose key is no longer needed");
	ok(strstr(wr_buf_str(&text), "      BitLocker: locked\n") &&
	       strstr(wr_buf_str(&text), "4381F759-C4F8-4DE0-BB61-FC33A831BDA5.BEK\n") &&
	       strstr(wr_buf_str(&text), "evil\\x1b[2J") && !strchr(wr_buf_str(&text), '\033'),
	   "a locked one: locked, its startup key's file, its description escaped");
	is_int((int)wr_inventory_problems(&f.inv, &problems), 1, "one problem: the locked volume");
	is_str(wr_buf_str(&problems),
	       "bl.img#2: BitLocker volume {5A95DB04-6EBC-4BA9-99A3-15A87A3D07B2} is locked: its "
	       "recovery password, its password or its startup key "
	       "4381F759-C4F8-4DE0-BB61-FC33A831BDA5.BEK (--key bl.img#2:key:KEY or --key "
	       "bl.img#2:file:FILE)\n",
	       "... saying what opens it and how to give it");
	locked->bitlocker.first.state = WR_BL_STATE_CONVERTING;
	wr_buf_free(&problems);
	problems = (struct wr_buf)WR_BUF_INIT;
	wr_inventory_problems(&f.inv, &problems);
	is_str(
	    wr_buf_str(&problems),
	    "bl.img#2: BitLocker volume {5A95DB04-6EBC-4BA9-99A3-15A87A3D07B2} cannot be opened: "
	    "it is being encrypted\n",
	    "one being encrypted: why it cannot be opened");
	for (size_t i = 0; i < 3; i++)
		locked->bitlocker.protectors[i].kind = i ? WR_BL_TPM : WR_BL_SMART_CARD;
	locked->bitlocker.first.state = WR_BL_STATE_ENCRYPTED;
	wr_buf_free(&problems);
	problems = (struct wr_buf)WR_BUF_INIT;
	wr_inventory_problems(&f.inv, &problems);
	ok(strstr(wr_buf_str(&problems), "is locked: no protector of it opens from Linux") != NULL,
	   "one with a TPM and a smart card only: what to do instead");
	wr_inventory_json(&f.inv, &json);
	ok(strstr(wr_buf_str(&json),
	          "\"bitlocker\": {\n"
	          "            \"guid\": \"8f595209-f5b9-49a0-85d4-cb8f80258c27\",\n"
	          "            \"description\": \"DESKTOP-NPM7RCA H: 7/4/2019\",\n"
	          "            \"method\": \"XTS-AES 128\",\n"
	          "            \"sector_size\": 512,\n"
	          "            \"unlocked\": true,\n"
	          "            \"refusal\": null,\n") != NULL,
	   "JSON: the unlocked volume");
	ok(strstr(wr_buf_str(&json),
	          "\"kind\": \"startup-key\",\n"
	          "                \"id\": \"4381f759-c4f8-4de0-bb61-fc33a831bda5\",\n"
	          "                \"file\": "
	          "\"4381F759-C4F8-4DE0-BB61-FC33A831BDA5.BEK\"") != NULL,
	   "JSON: a startup key with its file");
	wr_buf_free(&text);
	wr_buf_free(&json);
	wr_buf_free(&problems);
}

int main(void)
{
	test_good();
	test_bitlocker();
	test_bad();
	test_hostile();
	test_no_software();
	test_host();
	return tap_done();
}
