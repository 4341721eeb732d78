/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mkdisk.c - build test disks in one appliance launch: mkdisk [--safeboot] KIND FILE... */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/sha256.h"
#include "bcd/bcd.h"
#include "disk/disk.h"
#include "disk/guest-internal.h"
#include "safe-write/safe-write.h"
#include "stores.h"

/*
 * KIND is bios or uefi (the demo disks), or one built from bios to be bad:
 *   nowin      Windows and the BCD store removed: partitions and NTFS only
 *   bitlocker  the Windows partition starts with a BitLocker (Vista) header
 *   dirtysystem  uefi, its SYSTEM hive dirty: CrashDumpEnabled 0 is only in
 *              SYSTEM.LOG1 (see dirty-log.h)
 *   full       uefi, its Windows partition filled up to its last 256 KiB
 */
static int usage(void)
{
	fprintf(stderr,
	        "usage: mkdisk [--inspect] [--safe-write-test] [--safeboot] KIND FILE...\n");
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

/* Files in the folder of `path` whose names contain `mark`. */
static int count_beside(guestfs_h *h, const char *path, const char *mark)
{
	char dir[256];
	char **names;
	int n = 0;

	snprintf(dir, sizeof(dir), "%.*s", (int)(strrchr(path, '/') - path), path);
	names = guestfs_ls(h, dir[0] ? dir : "/");
	for (size_t i = 0; names && names[i]; i++) {
		n += strstr(names[i], mark) != NULL;
		free(names[i]);
	}
	free(names);
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
                         const char *step, int rc, const char *old, const char *state)
{
	guestfs_h *h = wr__guest_handle(g);
	const char *path = inv->found[bcd].path;
	char *sum;
	bool whole;

	guestfs_mount_ro(h, inv->parts[inv->found[bcd].part].device, "/");
	sum = guestfs_checksum(h, "sha256", path);
	whole = guestfs_hivex_open(h, path, -1) == 0;
	if (whole)
		guestfs_hivex_close(h);
	printf("safe-write %s: rc=%d in-place=%s whole=%s disk-backups=%d host-backups=%d\n", step,
	       rc, sum && strcmp(sum, old) == 0 ? "old" : "new", whole ? "yes" : "no",
	       count_beside(h, path, ".winrescue-2"), count_host_backups(state));
	free(sum);
	guestfs_umount_all(h);
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
			rc = wr_safe_write(g, &inv, bcd, new, 0, &cfg, &rep, err);
		report_state(g, &inv, bcd, steps[i] ? steps[i] : "complete", rc, sha_old,
		             cfg.state_dir);
	}
	printf("safe-write report: disk backup %s, before %.12s, after %.12s\n", rep.disk_backup,
	       rep.sha256_before, rep.sha256_after);
	printf("safe-write hashes: original %s new %s\n", sha_old, rep.sha256_after);
	unlink(old);
	unlink(new);
	wr_inventory_free(&inv);
	return 0;
}

/* The UEFI disk's SYSTEM hive made dirty, with the log that recovers it. */
static int dirty_system(guestfs_h *h, const char *dev, const char *tmp, struct wr_error *err)
{
	static const char hive[] = "/Windows/System32/config/SYSTEM";
	char local[PATH_MAX], log[PATH_MAX + 16];
	int r = guestfs_mount(h, dev, "/");

	snprintf(local, sizeof(local), "%.200s/SYSTEM", tmp);
	snprintf(log, sizeof(log), "%s.LOG1", local);
	if (r == 0)
		r = guestfs_download(h, hive, local);
	if (r == 0 && store_make_dirty(local, err) < 0)
		r = 1;
	if (r == 0)
		r = guestfs_upload(h, local, hive) |
		    guestfs_upload(h, log, "/Windows/System32/config/SYSTEM.LOG1");
	guestfs_umount_all(h);
	snprintf(log, sizeof(log), "%s.expected", local);
	unlink(log);
	snprintf(log, sizeof(log), "%s.LOG1", local);
	unlink(log);
	unlink(local);
	return r;
}

/* The kinds built from the UEFI demo disk; the others start from the BIOS one. */
static enum wr_demo_layout layout_of(const char *kind)
{
	return strcmp(kind, "uefi") == 0 || strcmp(kind, "dirtysystem") == 0 ||
	               strcmp(kind, "full") == 0
	           ? WR_DEMO_UEFI
	           : WR_DEMO_BIOS;
}

/* Fill the filesystem on `dev` up to its last 256 KiB with one file. */
static int fill_up(guestfs_h *h, const char *dev)
{
	struct guestfs_statvfs *st;
	int64_t left;
	int r = guestfs_mount(h, dev, "/");

	st = r == 0 ? guestfs_statvfs(h, "/") : NULL;
	left = st ? st->bavail * st->frsize - (256 << 10) : -1;
	r = left > 0 ? guestfs_fill(h, 0, (int)left, "/filler") : -1;
	guestfs_free_statvfs(st);
	guestfs_umount_all(h);
	return r;
}

static int spoil(struct wr_guest *g, size_t index, const char *kind, const char *tmp,
                 struct wr_error *err)
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
	} else if (strcmp(kind, "full") == 0) {
		snprintf(dev, sizeof(dev), "/dev/sd%c3", (char)('a' + index));
		r = fill_up(h, dev);
	} else if (strcmp(kind, "dirtysystem") == 0) {
		snprintf(dev, sizeof(dev), "/dev/sd%c3", (char)('a' + index));
		r = dirty_system(h, dev, tmp, err);
		if (r > 0)
			return -1; /* err says why */
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
	bool writes = argc > 1 + inspect && strcmp(argv[1 + inspect], "--safe-write-test") == 0;
	bool safeboot =
	    argc > 1 + inspect + writes && strcmp(argv[1 + inspect + writes], "--safeboot") == 0;
	int first = 1 + inspect + writes + safeboot, n = (argc - first) / 2, r = 0;

	if (n < 1 || n > 8 || (argc - first) % 2 || !mkdtemp(tmp))
		return usage();
	g = wr_guest_new(&err);
	for (int i = 0; g && r == 0 && i < n; i++) {
		const char *kind = argv[first + 2 * i], *file = argv[first + 2 * i + 1];

		specs[i] = (struct wr_demo_disk){layout_of(kind), safeboot};
		r = wr_demo_disk_create_file(file, &err);
		if (r == 0)
			r = wr_guest_add_disk(g, file, true, &err);
	}
	if (g && r == 0)
		r = wr_guest_launch(g, &err);
	for (int i = 0; g && r == 0 && i < n; i++)
		r = wr_demo_disk_build(g, (size_t)i, &specs[i], tmp, &err) < 0 ||
		            spoil(g, (size_t)i, argv[first + 2 * i], tmp, &err) < 0
		        ? -1
		        : 0;
	if (g && r == 0 && inspect)
		print_inspection(g);
	if (g && r == 0 && writes)
		r = safe_write_test(g, tmp, &err);
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
