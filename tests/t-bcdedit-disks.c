/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-bcdedit-disks.c - bcdedit's partition=F: and ramdisk=[F:] on disks described in memory
 * (the appliance's file calls are this test's, by --wrap): the devices Windows wrote in a real
 * UEFI store come back byte for byte from the disk's identities, and an MBR disk's from its
 * signature and offsets. */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/file.h"
#include "bcd/bcd.h"
#include "command/command.h"
#include "session/session.h"
#include "tap.h"

/* The store file the disk holds at its store's path. */
static char store_file[PATH_MAX];

int __wrap_wr_guest_find(struct wr_guest *g, const struct wr_part *p, const char *path, char *out,
                         size_t len, struct wr_error *err);
int __wrap_wr_guest_find(struct wr_guest *g, const struct wr_part *p, const char *path, char *out,
                         size_t len, struct wr_error *err)
{
	(void)g;
	(void)p;
	(void)err;
	snprintf(out, len, "%s", path);
	return 0;
}

/* Only the store is there; journals and logs beside it are not. */
int __wrap_wr_guest_fetch(struct wr_guest *g, const struct wr_part *p, const char *path,
                          const char *local, struct wr_error *err);
int __wrap_wr_guest_fetch(struct wr_guest *g, const struct wr_part *p, const char *path,
                          const char *local, struct wr_error *err)
{
	uint8_t *data;
	size_t len;
	int r;

	(void)g;
	(void)p;
	if (strcasecmp(path, "/EFI/Microsoft/Boot/BCD") != 0 && strcasecmp(path, "/Boot/BCD") != 0)
		return 1;
	if (wr_file_read(store_file, 1 << 24, &data, &len, err) < 0)
		return -1;
	r = wr_file_write_new(local, data, len, 0600, err);
	free(data);
	return r;
}

/* The store's folder holds no logs. */
int __wrap_wr_guest_list_dir(struct wr_guest *g, const struct wr_part *p, const char *dir,
                             char ***names, struct wr_error *err);
int __wrap_wr_guest_list_dir(struct wr_guest *g, const struct wr_part *p, const char *dir,
                             char ***names, struct wr_error *err)
{
	(void)g;
	(void)p;
	(void)dir;
	(void)err;
	*names = calloc(1, sizeof(**names));
	return *names ? 0 : -1;
}

bool __wrap_wr_guest_disk_writable(const struct wr_guest *g, size_t i);
bool __wrap_wr_guest_disk_writable(const struct wr_guest *g, size_t i)
{
	(void)g;
	(void)i;
	return false;
}

/* A disk of four partitions (#1 holds the store, #3 Windows) and its
 * inventory. */
struct disk {
	struct wr_disk disk;
	struct wr_part parts[4];
	struct wr_windows windows;
	struct wr_found found;
	struct wr_inventory inv;
};

static void describe(struct disk *d, const char *table, const char *store_path)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->disk.table, sizeof(d->disk.table), "%s", table);
	snprintf(d->disk.path, sizeof(d->disk.path), "disk.img");
	for (unsigned i = 0; i < 4; i++) {
		snprintf(d->parts[i].name, sizeof(d->parts[i].name), "disk.img#%u", i + 1);
		d->parts[i].number = i + 1;
	}
	d->windows = (struct wr_windows){.part = 2, .systemroot = "\\Windows"};
	d->found = (struct wr_found){.kind = WR_FOUND_BCD, .part = 0, .valid = true};
	snprintf(d->found.path, sizeof(d->found.path), "%s", store_path);
	d->inv = (struct wr_inventory){.disks = &d->disk,
	                               .n_disks = 1,
	                               .parts = d->parts,
	                               .n_parts = 4,
	                               .windows = &d->windows,
	                               .n_windows = 1,
	                               .found = &d->found,
	                               .n_found = 1};
}

/* The regipy store's disk, as its device elements name it: the ESP, the
 * Windows partition and the recovery partition WinRE's image is on. */
static void regipy_disk(struct disk *d)
{
	describe(d, "gpt", "/EFI/Microsoft/Boot/BCD");
	snprintf(d->disk.disk_guid, sizeof(d->disk.disk_guid),
	         "{0b2394a9-095e-487d-8d48-719ecd4d78ca}");
	snprintf(d->parts[0].guid, sizeof(d->parts[0].guid),
	         "{36be3955-63bf-4068-a6ab-00195cca3a22}");
	snprintf(d->parts[2].guid, sizeof(d->parts[2].guid),
	         "{8e0f2c38-e4ea-47ba-b7fc-9d8c74dccf0b}");
	snprintf(d->parts[3].guid, sizeof(d->parts[3].guid),
	         "{6cdfcd69-de75-4490-8f99-5a84bf264917}");
	d->parts[0].role = WR_ROLE_EFI;
	d->parts[2].role = WR_ROLE_WINDOWS;
	d->parts[3].role = WR_ROLE_RECOVERY;
}

struct fx {
	struct wr_session *s;
	struct wr_cmd_env *e;
	size_t hive;
};

static bool fx_open(struct fx *f, struct disk *d, const char *fixture)
{
	const char *src = tap_fixture(fixture);
	struct wr_config cfg = {0};
	struct wr_error err = {0};

	*f = (struct fx){0};
	if (!src)
		return false;
	snprintf(store_file, sizeof(store_file), "%s", src);
	snprintf(cfg.state_dir, sizeof(cfg.state_dir), "%s", tap_path("state"));
	snprintf(cfg.tmpdir, sizeof(cfg.tmpdir), "%s", tap_tmpdir());
	if (wr_config_state_dir(cfg.state_dir, &err) < 0 || !(f->s = wr_session_new(&cfg, &err)) ||
	    wr_session_add_disks(f->s, NULL, &d->inv, WR_KIND_BIT(WR_KIND_BCD), &err) < 0 ||
	    !(f->e = wr_cmd_env_new(f->s, &err)) || wr_cmd_store(f->e, NULL, &f->hive, &err) < 0 ||
	    wr_txn_begin(wr_session_stage(f->s), "bcdedit", &err) < 0) {
		printf("Bail out! %s on a disk: %s\n", fixture, err.msg);
		exit(99);
	}
	return true;
}

static void fx_close(struct fx *f)
{
	wr_txn_abort(wr_session_stage(f->s));
	wr_cmd_env_free(f->e);
	wr_session_free(f->s);
}

static void run(struct fx *f, const char *line)
{
	struct wr_buf out = WR_BUF_INIT;
	struct wr_error err = {0};
	char **argv;
	int argc, r = -1;

	if (wr_cmd_split(line, &argv, &argc, &err) == 0) {
		r = wr_bcdedit_run(f->e, argc - 1, argv + 1, &out, &err);
		wr_cmd_argv_free(argv, argc);
	}
	ok(r == 0, "%s%s%s", line, r ? ": " : "", r ? err.msg : "");
	wr_buf_free(&out);
}

/* An element's bytes in hex, or "none". */
static char *element_hex(const struct fx *f, const char *guid, uint32_t id)
{
	struct wr_hive *h = wr_stage_hive(wr_session_stage(f->s), f->hive);
	struct wr_buf b = WR_BUF_INIT;
	struct wr_value v = {0};
	char path[96];
	wr_node n;

	snprintf(path, sizeof(path), "Objects\\%s\\Elements\\%08x", guid, id);
	if (wr_hive_lookup(h, wr_hive_root(h), path, &n, NULL) != 0 ||
	    wr_hive_get_value(h, n, "Element", &v, NULL) != 0)
		return strdup("none");
	for (size_t i = 0; i < v.len; i++)
		wr_buf_printf(&b, "%02x", v.data[i]);
	wr_value_clear(&v);
	return wr_buf_steal(&b);
}

/* Element `id` of `guid` deleted, then set by `line`: the bytes Windows
 * wrote come back. */
static void written_again(struct fx *f, const char *guid, uint32_t id, const char *line,
                          const char *what)
{
	char del[200], *before = element_hex(f, guid, id), *gone, *after;

	snprintf(del, sizeof(del), "bcdedit /deletevalue %s custom:%08x", guid, id);
	run(f, del);
	gone = element_hex(f, guid, id);
	run(f, line);
	after = element_hex(f, guid, id);
	ok(strcmp(gone, "none") == 0 && strcmp(before, "none") != 0 && strcmp(after, before) == 0,
	   "%s: Windows' own %zu bytes again", what, strlen(before) / 2);
	if (strcmp(after, before) != 0)
		diag("got  %s\n# want %s", after, before);
	free(before);
	free(gone);
	free(after);
}

#define REGIPY     "bcd-win10-uefi-regipy.hive"
#define WINRE      "{733b62e6-f608-11eb-825c-c112f60133ab}"
#define WINRE_OPTS "{733b62e7-f608-11eb-825c-c112f60133ab}"
#define WINDOWS_10 "{733b62e5-f608-11eb-825c-c112f60133ab}"

static void test_gpt(void)
{
	struct wr_error err = {0};
	struct disk d;
	struct fx f;

	regipy_disk(&d);
	if (!fx_open(&f, &d, REGIPY)) {
		ok(1, "# SKIP %s is not here", REGIPY);
		return;
	}
	written_again(&f, WR_BCD_GUID_BOOTMGR, 0x11000001,
	              "bcdedit /set {bootmgr} device partition=S:",
	              "{bootmgr} device partition=S: (the store's partition)");
	written_again(&f, WINDOWS_10, 0x21000001,
	              "bcdedit /set " WINDOWS_10 " osdevice partition=C:",
	              "a loader's osdevice partition=C: (the Windows partition)");
	is_int(wr_cmd_env_drive(f.e, 'R', "disk.img#4", &err), 0, "--drive R=disk.img#4");
	written_again(&f, WINRE, 0x11000001,
	              "bcdedit /set " WINRE
	              " device ramdisk=[R:]\\Recovery\\WindowsRE\\Winre.wim," WINRE_OPTS,
	              "WinRE's device ramdisk=[R:]\\Recovery\\WindowsRE\\Winre.wim,{...}");
	fx_close(&f);
}

#define BIOS   "bcd-win10-bios-windeploy-linux.hive"
#define LOADER "{1b67bffd-e290-11eb-8ffa-f459a0d9b879}"

static void test_mbr(void)
{
	char *device;
	struct disk d;
	struct fx f;

	describe(&d, "mbr", "/Boot/BCD");
	d.disk.signature = 0xddba6bbbu;
	d.parts[0].start = 0x100000;  /* System Reserved at 1 MiB */
	d.parts[2].start = 0x3f00000; /* Windows at 63 MiB */
	if (!fx_open(&f, &d, BIOS)) {
		ok(1, "# SKIP %s is not here", BIOS);
		return;
	}
	run(&f, "bcdedit /set {default} osdevice partition=C:");
	device = element_hex(&f, LOADER, 0x21000001);
	is_str(device,
	       "00000000000000000000000000000000" /* no options */
	       "060000000000000048000000"
	       "00000000"                         /* partition, size 0x48 */
	       "0000f003000000000000000000000000" /* offset 63 MiB */
	       "00000000"
	       "01000000"                         /* hard disk, MBR */
	       "bb6bbadd000000000000000000000000" /* signature */
	       "00000000000000000000000000000000",
	       "osdevice partition=C: on MBR: the disk's signature, the partition's offset");
	free(device);
	fx_close(&f);
}

int main(void)
{
	test_gpt();
	test_mbr();
	return tap_done();
}
