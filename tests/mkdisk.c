/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mkdisk.c - build test disks in one appliance launch: mkdisk [OPTION]... KIND FILE... */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/file.h"
#include "base/sha256.h"
#include "bcd/bcd.h"
#include "disk/disk.h"
#include "hive/hive.h"
#include "mkdisk-bitlocker.h"
#include "mkdisk-faults.h"
#include "safe-write/safe-write.h"
#include "stores.h"

/*
 * KIND is bios or uefi (the demo disks), or one built from either to be bad:
 *   nowin      bios, Windows and the BCD store removed: partitions and NTFS only
 *   bitlocker  bios, the Windows partition starts with a BitLocker (Vista) header
 *   dirtysystem  uefi, its SYSTEM hive dirty: CrashDumpEnabled 0 is only in
 *              SYSTEM.LOG1 (see dirty-log.h)
 *   full       uefi, its Windows partition filled up to its last 256 KiB
 *   systemonly bios, its Windows without System32\cmd.exe and without a SOFTWARE
 *              hive: not Windows to libguestfs, still one to repair
 *   badstore   bios, its \Boot\BCD 16 KiB of bytes that are no hive (a fixed
 *              sequence: t-appliance.sh knows its SHA-256), and its Windows
 *              with a System32\config\BCD-Template of its own (stores.h)
 *   nostore    bios, its \Boot\BCD deleted (and no BCD-Template, as the
 *              other kinds)
 *   nobootmgr  bios, its \bootmgr deleted and \Boot\Fonts\segmono_boot.ttf
 *              other bytes: repair rebuild copies both back; and its store
 *              without {bootmgr}
 *   nobootmgfw uefi, its \EFI\Microsoft\Boot\bootmgfw.efi and the fallback
 *              \EFI\Boot\bootx64.efi deleted, and its store without {bootmgr}
 *   noactive   bios, no partition active: partition 1's boot flag cleared
 *   blbios=VOLUME, blinside=VOLUME, blraw=VOLUME
 *              bios, partition 2 a copy of a BitLocker volume image
 *              (mkdisk-bitlocker.h), opened with --key SELECTOR
 *   bios-FAULT, uefi-FAULT
 *              the store with one of the faults repair rebuild mends
 *              (mkdisk-faults.h): nostore, badstore, truncstore, emptystore
 *              (needs WINRESCUE_FIXTURES), nobootmgrobj, noloader; or clean
 *              (none, a disk to copy and --spoil-only)
 */
static const struct {
	const char *name;
	enum wr_demo_layout layout;
} kinds[] = {
    {"bios", WR_DEMO_BIOS},       {"uefi", WR_DEMO_UEFI},        {"nowin", WR_DEMO_BIOS},
    {"bitlocker", WR_DEMO_BIOS},  {"dirtysystem", WR_DEMO_UEFI}, {"full", WR_DEMO_UEFI},
    {"systemonly", WR_DEMO_BIOS}, {"badstore", WR_DEMO_BIOS},    {"nostore", WR_DEMO_BIOS},
    {"nobootmgr", WR_DEMO_BIOS},  {"nobootmgfw", WR_DEMO_UEFI},  {"noactive", WR_DEMO_BIOS},
};

#define KIND_NAMES                                                                                 \
	"bios, uefi, nowin, bitlocker, dirtysystem, full, systemonly, badstore, nostore, "         \
	"nobootmgr, nobootmgfw, noactive, bios-FAULT, uefi-FAULT (FAULT: clean, nostore, "         \
	"badstore, truncstore, emptystore, nobootmgrobj, noloader), blbios=VOLUME, "               \
	"blinside=VOLUME, blraw=VOLUME"
#define MAX_DISKS 24

struct mkdisk_args {
	/* --spoil-only: the FILEs are demo disks built before (copies of one),
	 * each given its KIND's fault only: a copy costs nothing, a build half
	 * a minute under TCG. */
	bool inspect, safe_write_test, safeboot, spoil_only;
	char *keys[MAX_DISKS]; /* --key, for the blbios and blinside kinds */
	int n_keys;
	int n_disks;
	const char *kind[MAX_DISKS], *file[MAX_DISKS];
	enum wr_demo_layout layout[MAX_DISKS];
};

/* Exit status 2, as for any bad command line. */
static int usage(void)
{
	fprintf(stderr,
	        "usage: mkdisk [--inspect] [--safe-write-test] [--safeboot] [--spoil-only] KIND "
	        "FILE...\n");
	return 2;
}

static int find_kind(const char *name, enum wr_demo_layout *layout)
{
	const char *dash = strchr(name, '-');

	if (mkdisk_bitlocker_kind(name)) {
		*layout = WR_DEMO_BIOS;
		return 0;
	}
	if (dash && mkdisk_store_fault_known(dash + 1) &&
	    (strncmp(name, "bios-", 5) == 0 || strncmp(name, "uefi-", 5) == 0)) {
		*layout = name[0] == 'b' ? WR_DEMO_BIOS : WR_DEMO_UEFI;
		return 0;
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++)
		if (strcmp(name, kinds[i].name) == 0) {
			*layout = kinds[i].layout;
			return 0;
		}
	return -1;
}

/* Options anywhere (an option is never taken for a FILE), then KIND FILE
 * pairs; 0, or usage()'s exit status after one line saying what is wrong. */
static int parse_args(int argc, char **argv, struct mkdisk_args *a)
{
	static const struct option longopts[] = {
	    {"inspect", no_argument, NULL, 'i'},   {"safe-write-test", no_argument, NULL, 'w'},
	    {"safeboot", no_argument, NULL, 's'},  {"spoil-only", no_argument, NULL, 'o'},
	    {"key", required_argument, NULL, 'k'}, {NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'i')
			a->inspect = true;
		else if (c == 'w')
			a->safe_write_test = true;
		else if (c == 's')
			a->safeboot = true;
		else if (c == 'o')
			a->spoil_only = true;
		else if (c == 'k' && a->n_keys < MAX_DISKS)
			a->keys[a->n_keys++] = optarg;
		else {
			fprintf(stderr, "mkdisk: unknown option %s\n", argv[optind - 1]);
			return usage();
		}
	}
	for (; optind < argc; optind += 2) {
		int i = a->n_disks++;

		if (i == MAX_DISKS) {
			fprintf(stderr, "mkdisk: more than %d disks\n", MAX_DISKS);
			return usage();
		}
		a->kind[i] = argv[optind];
		a->file[i] = argv[optind + 1];
		if (find_kind(a->kind[i], &a->layout[i]) < 0) {
			fprintf(stderr, "mkdisk: unknown KIND %s (%s)\n", a->kind[i], KIND_NAMES);
			return usage();
		}
		if (!a->file[i]) {
			fprintf(stderr, "mkdisk: KIND %s has no FILE\n", a->kind[i]);
			return usage();
		}
	}
	if (a->n_disks == 0) {
		fprintf(stderr, "mkdisk: no KIND FILE given\n");
		return usage();
	}
	return 0;
}

/* libguestfs' own inspection of what was built, one line a root, so the
 * tests can compare winrescue's findings without another launch. */
static int print_inspection(struct wr_guest *g, struct wr_error *err)
{
	struct wr_buf out = WR_BUF_INIT;
	int r = wr_guest_inspection(g, &out, err);

	fputs(wr_buf_str(&out), stdout);
	wr_buf_free(&out);
	return r;
}

/* Files in the folder of `path` whose names contain `mark`. */
static int count_beside(struct wr_guest *g, const struct wr_part *p, const char *path,
                        const char *mark)
{
	char dir[256];
	char **names;
	int n = 0;

	snprintf(dir, sizeof(dir), "%.*s", (int)(strrchr(path, '/') - path), path);
	if (wr_guest_list_dir(g, p, dir[0] ? dir : "/", &names, NULL) < 0)
		return -1;
	for (size_t i = 0; names[i]; i++)
		n += strstr(names[i], mark) != NULL;
	wr_guest_names_free(names);
	return n;
}

static int count_host_backups(const char *dir)
{
	char cmd[PATH_MAX + 100], line[32] = "0";
	FILE *p;

	snprintf(cmd, sizeof(cmd), "ls '%s' 2>/dev/null | grep -c '\\.winrescue-.*\\.bak$'", dir);
	p = popen(cmd, "r");
	if (p && !fgets(line, sizeof(line), p))
		line[0] = '0';
	if (p)
		pclose(p);
	return atoi(line);
}

/* The BCD of disk 0, with safeboot removed: what a repair will write. */
static int make_new_store(struct wr_guest *g, const struct wr_inventory *inv, size_t bcd,
                          const char *dir, char *old, char *new, struct wr_error *err)
{
	struct wr_hive *h;
	int r;

	sprintf(old, "%s/old.bcd", dir);
	sprintf(new, "%s/new.bcd", dir);
	if (wr_inventory_fetch(g, inv, bcd, old, err) < 0 ||
	    !(h = wr_hive_open(old, WR_HIVE_WRITE, err)))
		return -1;
	r = wr_bcd_delete_element(h, WR_DEMO_LOADER, 0x25000080, err) == 0 ? 0 : -1;
	if (r == 0)
		r = wr_hive_commit(h, new, err);
	wr_hive_close(h);
	return r;
}

/* After each step of the safe write, stopped there as by a crash: which
 * file is in place, is it whole, how many backups exist. */
static void report_state(struct wr_guest *g, const struct wr_inventory *inv, size_t bcd,
                         const char *step, int rc, const char *old, const char *dir,
                         const char *state)
{
	const struct wr_part *p = &inv->parts[inv->found[bcd].part];
	const char *path = inv->found[bcd].path;
	char sum[65] = "", local[PATH_MAX];
	struct wr_hive *now = NULL;

	/* Whole: it opens as a hive. */
	snprintf(local, sizeof(local), "%.200s/now.bcd", dir);
	if (wr_guest_fetch(g, p, path, local, NULL) == 0)
		now = wr_hive_open(local, 0, NULL);
	wr_guest_sha256(g, p, path, sum, NULL);
	printf("safe-write %s: rc=%d in-place=%s whole=%s disk-backups=%d host-backups=%d\n", step,
	       rc, strcmp(sum, old) == 0 ? "old" : "new", now ? "yes" : "no",
	       count_beside(g, p, path, ".winrescue-2"), count_host_backups(state));
	wr_hive_close(now);
	unlink(local);
}

/* A file that is no hive (a boot file), written the way repair rebuild
 * copies one: over \bootmgr (`replace`) or as a new file, stopped after
 * each step in turn, with the host backups in `state`. */
static const char *const file_steps[] = {"disk-backup", "host-backup", "upload", "verify",
                                         "rename",      "sync",        NULL};

static int file_write_step(struct wr_guest *g, const struct wr_part *p, const char *path,
                           const char *local, const char *step, bool replace, const char *state,
                           struct wr_write_report *rep, struct wr_error *err)
{
	struct wr_config cfg;
	int rc = wr_config_init(&cfg, state, getenv("HOME"), getenv("TMPDIR"), step, err);

	if (rc == 0 && replace)
		rc = wr_safe_write_at(g, p, path, local, WR_WRITE_RAW | WR_WRITE_REPLACE, NULL,
		                      &cfg, rep, err);
	else if (rc == 0)
		rc = wr_safe_write_create(g, p, path, local, WR_WRITE_RAW, NULL, &cfg, rep, err);
	return rc;
}

static void file_write_test(struct wr_guest *g, const struct wr_part *p, const char *dir)
{
	static const char bytes[] = "winrescue test: a boot file that is no hive\n";
	char local[PATH_MAX], state[PATH_MAX], old[65] = "", now[65];
	struct wr_write_report rep;
	struct wr_error err;

	snprintf(local, sizeof(local), "%.200s/boot-file", dir);
	snprintf(state, sizeof(state), "%.200s/files", getenv("XDG_STATE_HOME"));
	wr_file_write_new(local, bytes, sizeof(bytes) - 1, 0600, &err);
	wr_guest_sha256(g, p, "/bootmgr", old, NULL);
	for (size_t i = 0; i < sizeof(file_steps) / sizeof(*file_steps); i++) {
		const char *step = file_steps[i] ? file_steps[i] : "complete";
		int rc = file_write_step(g, p, "/bootmgr", local, file_steps[i], true, state, &rep,
		                         &err);

		now[0] = '\0';
		wr_guest_sha256(g, p, "/bootmgr", now, NULL);
		printf("file-write %s: rc=%d in-place=%s disk-backups=%d\n", step, rc,
		       strcmp(now, old) == 0                ? "old"
		       : strcmp(now, rep.sha256_after) == 0 ? "new"
		                                            : "?",
		       count_beside(g, p, "/bootmgr", ".winrescue-2"));
		rc = file_write_step(g, p, "/Boot/new-file", local, file_steps[i], false, state,
		                     &rep, &err);
		now[0] = '\0';
		wr_guest_sha256(g, p, "/Boot/new-file", now, NULL);
		printf("file-create %s: rc=%d in-place=%s leftover=%d\n", step, rc,
		       !now[0]                              ? "none"
		       : strcmp(now, rep.sha256_after) == 0 ? "new"
		                                            : "?",
		       count_beside(g, p, "/Boot/new-file", "new-file.winrescue-new"));
		wr_guest_remove(g, p, "/Boot/new-file", NULL);
	}
	unlink(local);
}

static int safe_write_test(struct wr_guest *g, const char *dir, struct wr_error *err)
{
	static const char *const steps[] = {"disk-backup", "host-backup", "upload", "verify",
	                                    "rename",      "sync",        NULL};
	char old[300], new[300], sha_old[65];
	struct wr_write_report rep;
	struct wr_config cfg;
	struct wr_inventory inv;
	size_t bcd = 0;

	if (wr_inventory_scan(g, &inv, err) < 0)
		return -1;
	while (bcd < inv.n_found && inv.found[bcd].kind != WR_FOUND_BCD)
		bcd++;
	if (bcd == inv.n_found || make_new_store(g, &inv, bcd, dir, old, new, err) < 0 ||
	    wr_sha256_file(old, sha_old) < 0) {
		wr_inventory_free(&inv);
		return -1;
	}
	for (size_t i = 0; i <= sizeof(steps) / sizeof(*steps) - 1; i++) {
		int rc = wr_config_init(&cfg, getenv("XDG_STATE_HOME"), getenv("HOME"),
		                        getenv("TMPDIR"), steps[i], err);

		if (rc == 0)
			rc = wr_safe_write(g, &inv, bcd, new, 0, NULL, &cfg, &rep, err);
		report_state(g, &inv, bcd, steps[i] ? steps[i] : "complete", rc, sha_old, dir,
		             cfg.state_dir);
	}
	printf("safe-write report: disk backup %s, before %.12s, after %.12s\n", rep.disk_backup,
	       rep.sha256_before, rep.sha256_after);
	printf("safe-write hashes: original %s new %s\n", sha_old, rep.sha256_after);
	file_write_test(g, &inv.parts[inv.found[bcd].part], dir);
	unlink(old);
	unlink(new);
	wr_inventory_free(&inv);
	return 0;
}

/* The UEFI disk's SYSTEM hive made dirty, with the log that recovers it. */
static int dirty_system(struct wr_guest *g, const struct wr_part *p, const char *tmp,
                        struct wr_error *err)
{
	static const char hive[] = "/Windows/System32/config/SYSTEM";
	char local[PATH_MAX], log[PATH_MAX + 16];
	int r;

	snprintf(local, sizeof(local), "%.200s/SYSTEM", tmp);
	snprintf(log, sizeof(log), "%s.LOG1", local);
	r = wr_guest_fetch(g, p, hive, local, err) == 0 && store_make_dirty(local, err) == 0 &&
	            wr_guest_upload(g, p, local, hive, err) == 0 &&
	            wr_guest_upload(g, p, log, "/Windows/System32/config/SYSTEM.LOG1", err) == 0 &&
	            wr_guest_sync(g, p, err) == 0
	        ? 0
	        : -1;
	snprintf(log, sizeof(log), "%s.expected", local);
	unlink(log);
	snprintf(log, sizeof(log), "%s.LOG1", local);
	unlink(log);
	unlink(local);
	return r;
}

/* Fill the filesystem of `p` up to its last 256 KiB with one file (of
 * zeros: a sparse file here). */
static int fill_up(struct wr_guest *g, const struct wr_part *p, const char *tmp,
                   struct wr_error *err)
{
	const uint64_t keep = 256 << 10;
	char local[PATH_MAX];
	uint64_t room;
	int fd, r;

	snprintf(local, sizeof(local), "%.200s/filler", tmp);
	if (wr_guest_free_space(g, p, &room, err) < 0)
		return -1;
	if (room <= keep) {
		wr_error_set(err, ENOSPC, "%s: already full", p->name);
		return -1;
	}
	fd = open(local, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)(room - keep)) < 0) {
		wr_error_set(err, errno, "%s: %s", local, strerror(errno));
		r = -1;
	} else {
		r = wr_guest_upload(g, p, local, "/filler", err) == 0 ? wr_guest_sync(g, p, err)
		                                                      : -1;
	}
	if (fd >= 0)
		close(fd);
	unlink(local);
	return r;
}

/* A BitLocker (Vista) header at the start of the BIOS disk's Windows
 * partition, written into the image once the appliance is done with it. */
static int lock(const char *file, struct wr_error *err)
{
	static const char header[] = "\xeb\x52\x90-FVE-FS-";
	const off_t at = (off_t)(WR_DEMO_BIOS_SYSTEM_START + WR_DEMO_BIOS_SYSTEM_SECTORS) * 512;
	int fd = open(file, O_WRONLY | O_CLOEXEC);
	int r = fd >= 0 && pwrite(fd, header, 11, at) == 11 && fsync(fd) == 0 ? 0 : -1;

	if (r < 0)
		wr_error_set(err, errno, "%s: %s", file, strerror(errno));
	if (fd >= 0)
		close(fd);
	return r;
}

/* Partition 1 of the BIOS disk no longer active: the boot indicator of the
 * MBR's first entry (byte 446), 0x80 as built, cleared in the image once
 * the appliance is done with it. */
static int deactivate(const char *file, struct wr_error *err)
{
	const off_t at = 446;
	uint8_t flag = 0;
	int fd = open(file, O_RDWR | O_CLOEXEC);
	int r = fd >= 0 && pread(fd, &flag, 1, at) == 1 ? 0 : -1;

	if (r == 0 && flag != 0x80) {
		wr_error_set(err, EINVAL, "%s: partition 1 is not active as built (0x%02x)", file,
		             flag);
		close(fd);
		return -1;
	}
	flag = 0;
	if (r == 0)
		r = pwrite(fd, &flag, 1, at) == 1 && fsync(fd) == 0 ? 0 : -1;
	if (r < 0)
		wr_error_set(err, errno, "%s: %s", file, strerror(errno));
	if (fd >= 0)
		close(fd);
	return r;
}

/* 16 KiB from a fixed linear congruential sequence: no hive header, the
 * same bytes on every run. */
static int not_a_hive(struct wr_guest *g, const struct wr_part *p, struct wr_error *err)
{
	static uint8_t junk[16384];
	uint32_t x = 0x5eed;

	for (size_t i = 0; i < sizeof(junk); i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (uint8_t)(x >> 16);
	}
	if (wr_guest_write(g, p, "/Boot/BCD", junk, sizeof(junk), err) < 0)
		return -1;
	return wr_guest_sync(g, p, err);
}

/* The "bcd-template" store as the Windows' BCD-Template: what a rebuild
 * begins a new store from. */
static int own_template(struct wr_guest *g, const struct wr_part *p, const char *tmp,
                        struct wr_error *err)
{
	char local[PATH_MAX];
	int r;

	snprintf(local, sizeof(local), "%.200s/BCD-Template", tmp);
	r = store_create("bcd-template", local, err) == 0 &&
	            wr_guest_upload(g, p, local, "/Windows/System32/config/BCD-Template", err) == 0
	        ? wr_guest_sync(g, p, err)
	        : -1;
	unlink(local);
	return r;
}

/* The kinds a rebuild is tried on: each a disk of its own (its MBR
 * signature or GPT disk GUID another than the demo's), as disks from one
 * image are not when attached together (bcd.duplicate-disk).  Their stores
 * still name the demo's disk: the rebuild sets their devices again. */
static bool rebuilt(const char *kind)
{
	return strchr(kind, '-') || strncmp(kind, "noboot", 6) == 0 ||
	       strcmp(kind, "noactive") == 0;
}

static int own_identity(struct wr_guest *g, size_t index, enum wr_demo_layout layout,
                        struct wr_error *err)
{
	/* The MSR's is random when built, the same in every copy of it. */
	static const char *const demo[] = {WR_DEMO_GPT_DISK, WR_DEMO_GPT_ESP,
	                                   "{5d3c1f2e-7a4b-4c8d-9e0f-1a2b3c4d5e6f}",
	                                   WR_DEMO_GPT_WINDOWS};
	uint8_t mbr[WR_MBR_SIZE];
	char guid[40];

	for (int i = 0; layout == WR_DEMO_UEFI && i < 4; i++) {
		snprintf(guid, sizeof(guid), "%.35s%02zx}", demo[i], index);
		if (wr_guest_set_gpt_guid(g, index, i, guid, err) < 0)
			return -1;
	}
	if (layout == WR_DEMO_UEFI)
		return 0;
	if (wr_guest_read_mbr(g, index, mbr, err) < 0)
		return -1;
	mbr[441] ^= (uint8_t)(index + 1);
	return wr_guest_write_mbr(g, index, mbr, err);
}

static int spoil(struct wr_guest *g, size_t index, const char *kind, const char *tmp,
                 struct wr_error *err)
{
	struct wr_part p = {.disk = index};

	snprintf(p.name, sizeof(p.name), "%s", kind);
	if (strchr(kind, '-')) {
		p.number = 1;
		return mkdisk_store_fault(g, &p, kind[0] == 'b', strchr(kind, '-') + 1, tmp, err);
	}
	if (strcmp(kind, "nowin") == 0) {
		/* Empty filesystems where Windows and the store were. */
		p.number = 2;
		if (wr_guest_mkfs(g, &p, "ntfs", "Windows", err) < 0)
			return -1;
		p.number = 1;
		return wr_guest_mkfs(g, &p, "ntfs", "System Reserved", err);
	}
	if (strcmp(kind, "systemonly") == 0) {
		p.number = 2;
		return wr_guest_remove(g, &p, "/Windows/System32/cmd.exe", err) < 0 ||
		               wr_guest_remove(g, &p, "/Windows/System32/config/SOFTWARE", err) < 0
		           ? -1
		           : wr_guest_sync(g, &p, err);
	}
	if (strcmp(kind, "badstore") == 0) {
		p.number = 1;
		if (not_a_hive(g, &p, err) < 0)
			return -1;
		p.number = 2;
		return own_template(g, &p, tmp, err);
	}
	if (strcmp(kind, "nobootmgr") == 0) {
		static const char other[] = "not the font Windows\\Boot\\Fonts holds\n";

		p.number = 1;
		return wr_guest_remove(g, &p, "/bootmgr", err) < 0 ||
		               wr_guest_write(g, &p, "/Boot/Fonts/segmono_boot.ttf", other,
		                              sizeof(other) - 1, err) < 0
		           ? -1
		           : mkdisk_store_fault(g, &p, true, "nobootmgrobj", tmp, err);
	}
	if (strcmp(kind, "nobootmgfw") == 0) {
		p.number = 1;
		return wr_guest_remove(g, &p, "/EFI/Microsoft/Boot/bootmgfw.efi", err) < 0 ||
		               wr_guest_remove(g, &p, "/EFI/Boot/bootx64.efi", err) < 0
		           ? -1
		           : mkdisk_store_fault(g, &p, false, "nobootmgrobj", tmp, err);
	}
	if (strcmp(kind, "nostore") == 0) {
		p.number = 1;
		return wr_guest_remove(g, &p, "/Boot/BCD", err) < 0 ? -1
		                                                    : wr_guest_sync(g, &p, err);
	}
	p.number = 3;
	if (strcmp(kind, "full") == 0)
		return fill_up(g, &p, tmp, err);
	if (strcmp(kind, "dirtysystem") == 0)
		return dirty_system(g, &p, tmp, err);
	return 0;
}

/* The BitLocker volumes the --key options name, opened as winrescue does:
 * by a scan. */
static int open_volumes(struct wr_guest *g, struct wr_error *err)
{
	struct wr_inventory inv;

	if (wr_inventory_scan(g, &inv, err) < 0)
		return -1;
	wr_inventory_free(&inv);
	return 0;
}

int main(int argc, char **argv)
{
	struct mkdisk_args a = {0};
	struct wr_demo_disk specs[MAX_DISKS];
	struct wr_config cfg;
	struct wr_error err;
	struct wr_guest *g;
	char tmp[] = "/tmp/mkdisk-XXXXXX";
	int r = parse_args(argc, argv, &a);

	if (r != 0)
		return r;
	if (!mkdtemp(tmp)) {
		perror("mkdisk: /tmp/mkdisk-XXXXXX");
		return 1;
	}
	/* The appliance as winrescue launches it, stand-ins included. */
	g = wr_config_init(&cfg, NULL, NULL, NULL, NULL, &err) == 0 &&
	            wr_config_kvm(&cfg, getenv("WINRESCUE_KVM_DEVICE"), getenv("WINRESCUE_CPUINFO"),
	                          getenv("WINRESCUE_KVM_SECONDS"), &err) == 0
	        ? wr_guest_new(&cfg, &err)
	        : NULL;
	for (int i = 0; g && r == 0 && i < a.n_disks; i++) {
		/* The boot-file and store-fault kinds stay clean otherwise: a
		 * rebuild leaves them passing every check. */
		specs[i] = (struct wr_demo_disk){a.layout[i], a.safeboot && !rebuilt(a.kind[i])};
		r = a.spoil_only ? 0
		    : mkdisk_bitlocker_kind(a.kind[i])
		        ? mkdisk_bitlocker_create(a.file[i], a.kind[i], &err)
		        : wr_demo_disk_create_file(a.file[i], &err);
		if (r == 0)
			r = wr_guest_add_disk(g, a.file[i], true, &err);
	}
	for (int i = 0; g && r == 0 && i < a.n_keys; i++)
		r = wr_guest_add_key(g, a.keys[i], &err);
	if (g && r == 0)
		r = wr_guest_launch(g, &err);
	if (g && r == 0 && a.n_keys)
		r = open_volumes(g, &err);
	for (int i = 0; g && r == 0 && i < a.n_disks; i++)
		r = mkdisk_bitlocker_kind(a.kind[i])
		        ? mkdisk_bitlocker_build(g, (size_t)i, a.kind[i], a.safeboot, tmp, &err)
		    : (!a.spoil_only &&
		       wr_demo_disk_build(g, (size_t)i, &specs[i], tmp, &err) < 0) ||
		            spoil(g, (size_t)i, a.kind[i], tmp, &err) < 0 ||
		            (rebuilt(a.kind[i]) &&
		             own_identity(g, (size_t)i, a.layout[i], &err) < 0)
		        ? -1
		        : 0;
	if (g && r == 0 && a.inspect)
		r = print_inspection(g, &err);
	if (g && r == 0 && a.safe_write_test)
		r = safe_write_test(g, tmp, &err);
	if (g && r == 0)
		r = wr_guest_shutdown(g, &err);
	wr_guest_close(g);
	for (int i = 0; g && r == 0 && i < a.n_disks; i++)
		if (strcmp(a.kind[i], "bitlocker") == 0)
			r = lock(a.file[i], &err);
		else if (strcmp(a.kind[i], "noactive") == 0)
			r = deactivate(a.file[i], &err);
	rmdir(tmp);
	if (!g || r < 0) {
		fprintf(stderr, "mkdisk: %s\n", err.msg);
		return 1;
	}
	return 0;
}
