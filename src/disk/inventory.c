/* SPDX-License-Identifier: GPL-3.0-or-later */
/* inventory.c - what is on the attached disks, found in one appliance session. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/guid.h"
#include "base/i18n.h"
#include "base/le.h"
#include "base/text.h"
#include "base/utf16.h"
#include "disk.h"
#include "inventory-internal.h"
#include "regf/regf.h"

#define GPT_ESP   "{c12a7328-f81f-11d2-ba4b-00a0c93ec93b}"
#define GPT_MSR   "{e3c9e316-0b5c-4db8-817d-f92df00215ae}"
#define GPT_WINRE "{de94bba4-06d1-4d40-a16a-bfd50179d6ac}"

/* "/dev/sdc" + 2 = "/dev/sdc2", "/dev/nvme0n1" + 2 = "/dev/nvme0n1p2",
 * an image file "disk.img" + 2 = "disk.img#2". */
static void part_name(const char *disk, unsigned n, char *out, size_t len)
{
	size_t l = strlen(disk);

	if (strncmp(disk, "/dev/", 5) != 0)
		snprintf(out, len, "%s#%u", disk, n);
	else if (l && isdigit((unsigned char)disk[l - 1]))
		snprintf(out, len, "%sp%u", disk, n);
	else
		snprintf(out, len, "%s%u", disk, n);
}

/* "/Windows" as Windows writes it: "\Windows". */
void wr_windows_path(const char *path, char *out, size_t len)
{
	size_t i = 0;

	for (; path[i] && i + 1 < len; i++)
		out[i] = path[i] == '/' ? '\\' : path[i];
	out[i] = '\0';
}

/* Record `path` on partition `part` when it is a file: its size, whether its
 * hive header says dirty, and what its logs hold.  0 done (found or not),
 * 1 the partition cannot be read, -1 out of memory. */
static int probe_file(struct wr_guest *g, struct wr_inventory *inv, size_t part,
                      enum wr_found_kind kind, const char *path)
{
	const struct wr_part *p = &inv->parts[part];
	struct wr_found f = {.kind = kind, .part = part}, *grown;
	struct wr_regf_header hdr;
	uint8_t *head = NULL;
	size_t got = 0;
	int r = wr_guest_find(g, p, path, f.path, sizeof(f.path), NULL);

	if (r == 0)
		r = wr_guest_stat(g, p, f.path, &f.size, NULL);
	if (r != 0)
		return r < 0 ? 1 : 0;
	/* An unreadable file is listed, as not a hive. */
	if (wr_guest_read_head(g, p, f.path, 4096, &head, &got, NULL) == 0)
		f.valid = wr_regf_parse(head, got, &hdr, NULL) == 0;
	if (f.valid)
		wr__inventory_examine_logs(g, p, &f, head, got);
	f.dirty = f.valid && (hdr.dirty || !hdr.checksum_ok);
	free(head);
	grown = realloc(inv->found, (inv->n_found + 1) * sizeof(*grown));
	if (!grown)
		return -1;
	inv->found = grown;
	inv->found[inv->n_found++] = f;
	return 0;
}

static struct wr_windows *windows_on(const struct wr_inventory *inv, size_t part)
{
	for (size_t i = 0; i < inv->n_windows; i++)
		if (inv->windows[i].part == part)
			return &inv->windows[i];
	return NULL;
}

/* The machine type in a PE header (cmd.exe), as libguestfs names it. */
static void pe_arch(struct wr_guest *g, const struct wr_part *p, const char *exe, char *out,
                    size_t len)
{
	static const struct {
		uint16_t machine;
		const char *arch;
	} arches[] = {{0x8664, "x86_64"}, {0x14c, "i386"}, {0xaa64, "aarch64"}, {0x1c4, "arm"}};
	size_t got = 0;
	uint8_t *pe = NULL;
	uint32_t at;

	snprintf(out, len, "%s", "unknown");
	if (wr_guest_read_head(g, p, exe, 1024, &pe, &got, NULL) < 0 || got < 0x40) {
		free(pe);
		return;
	}
	at = wr_le32(pe + 0x3c);
	if (at <= got - 6 && memcmp(pe + at, "PE\0\0", 4) == 0)
		for (size_t i = 0; i < sizeof(arches) / sizeof(*arches); i++)
			if (wr_le16(pe + at + 4) == arches[i].machine)
				snprintf(out, len, "%s", arches[i].arch);
	free(pe);
}

/* A registry string as UTF-8 into `out`; false when it is not one. */
static bool reg_string(const struct wr_guest_value *v, char *out, size_t len)
{
	char *s =
	    v->data && (v->type == 1 || v->type == 2) ? wr_utf16le_decode(v->data, v->len) : NULL;

	if (s)
		snprintf(out, len, "%s", s);
	free(s);
	return s != NULL;
}

/* ProductName and version from SOFTWARE\Microsoft\Windows NT\CurrentVersion,
 * read by hivex inside the appliance (the hive may be a hundred MB); -1
 * when hivex cannot read it. */
static int read_product(struct wr_guest *g, const struct wr_part *p, const char *software,
                        struct wr_windows *w)
{
	struct wr_guest_value v[] = {{.name = "ProductName"},
	                             {.name = "CurrentMajorVersionNumber"},
	                             {.name = "CurrentMinorVersionNumber"},
	                             {.name = "CurrentVersion"}};
	char version[32];

	if (wr_guest_hive_values(g, p, software, "Microsoft\\Windows NT\\CurrentVersion", v, 4,
	                         NULL) < 0)
		return -1;
	reg_string(&v[0], w->product, sizeof(w->product));
	if (v[1].data && v[1].len == 4) {
		w->major = (int)wr_le32(v[1].data);
		w->minor = v[2].data && v[2].len == 4 ? (int)wr_le32(v[2].data) : 0;
	} else if (reg_string(&v[3], version, sizeof(version))) {
		sscanf(version, "%d.%d", &w->major, &w->minor); /* "6.3" before Windows 10 */
	}
	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++)
		free(v[i].data);
	return 0;
}

/* Whether `path` (any case) is a file on `p`, its real spelling in `real`:
 * 0 yes, 1 no, -1 the partition cannot be read. */
static int file_on(struct wr_guest *g, const struct wr_part *p, const char *path, char *real,
                   size_t len)
{
	uint64_t size;
	int r = wr_guest_find(g, p, path, real, len, NULL);

	if (r == 0)
		r = wr_guest_stat(g, p, real, &size, NULL);
	return r;
}

/*
 * A Windows installation on partition `part`: a systemroot holding
 * System32\config\SYSTEM, the hive a repair needs, or System32\cmd.exe, which
 * is what libguestfs inspection looks for and gives the architecture.  A
 * damaged Windows may have lost either, and is still the one to repair.
 * Found without inspecting every filesystem of every disk, which under
 * software emulation costs more than the whole rest of the scan.  0 done,
 * 1 the partition cannot be read, -1 out of memory.
 */
static int find_windows(struct wr_guest *g, struct wr_inventory *inv, size_t part)
{
	static const char *const roots[] = {"/Windows", "/WINNT"};
	static const char *const marks[] = {"/System32/config/SYSTEM", "/System32/cmd.exe"};
	const struct wr_part *p = &inv->parts[part];
	struct wr_windows w = {.part = part}, *grown;
	char root[64] = "", probe[128], real[128];

	for (size_t i = 0; !root[0] && i < sizeof(roots) / sizeof(*roots); i++)
		for (size_t m = 0; !root[0] && m < sizeof(marks) / sizeof(*marks); m++) {
			int r;

			snprintf(probe, sizeof(probe), "%s%s", roots[i], marks[m]);
			/* The real case of every component, e.g. /WINDOWS/system32/CMD.EXE */
			if ((r = file_on(g, p, probe, real, sizeof(real))) < 0)
				return 1;
			if (r == 0)
				snprintf(root, sizeof(root), "%.*s",
				         (int)(strlen(real) - strlen(marks[m])), real);
		}
	if (!root[0])
		return 0;
	snprintf(probe, sizeof(probe), "%s/System32/cmd.exe", root);
	if (file_on(g, p, probe, real, sizeof(real)) == 0)
		pe_arch(g, p, real, w.arch, sizeof(w.arch));
	else
		snprintf(w.arch, sizeof(w.arch), "%s", "unknown");
	wr_windows_path(root, w.systemroot, sizeof(w.systemroot));
	grown = realloc(inv->windows, (inv->n_windows + 1) * sizeof(*grown));
	if (!grown)
		return -1;
	inv->windows = grown;
	inv->windows[inv->n_windows++] = w;
	inv->parts[part].role = WR_ROLE_WINDOWS;
	return 0;
}

/* "\Windows" + "SYSTEM" = "/Windows/System32/config/SYSTEM" */
static void hive_path(const struct wr_windows *w, const char *name, char *out, size_t len)
{
	snprintf(out, len, "%s/System32/config/%s", w->systemroot, name);
	for (char *c = out; *c; c++)
		if (*c == '\\')
			*c = '/';
}

/* Whether the SOFTWARE hive probe_file found at found[i] (if i < n_found)
 * gives the installation's product, which it then holds. */
static enum wr_software_state software_state(struct wr_guest *g, struct wr_inventory *inv, size_t i)
{
	struct wr_found *f;

	if (i == inv->n_found)
		return WR_SOFTWARE_MISSING;
	f = &inv->found[i];
	if (!f->valid ||
	    read_product(g, &inv->parts[f->part], f->path, windows_on(inv, f->part)) < 0)
		return WR_SOFTWARE_UNREADABLE;
	return WR_SOFTWARE_READ;
}

/* What partition `i` holds: BCD stores, and hives when it has Windows.  0
 * done, 1 it cannot be read, -1 out of memory. */
static int scan_partition(struct wr_guest *g, struct wr_inventory *inv, size_t i)
{
	struct wr_windows *w;
	char hive[128];
	int r = probe_file(g, inv, i, WR_FOUND_BCD, "/Boot/BCD");

	if (r == 0)
		r = probe_file(g, inv, i, WR_FOUND_BCD, "/EFI/Microsoft/Boot/BCD");
	if (r == 0)
		r = find_windows(g, inv, i);
	w = windows_on(inv, i);
	if (r == 0 && w) {
		hive_path(w, "SYSTEM", hive, sizeof(hive));
		r = probe_file(g, inv, i, WR_FOUND_SYSTEM, hive);
	}
	if (r == 0 && w) {
		size_t before = inv->n_found;

		hive_path(w, "SOFTWARE", hive, sizeof(hive));
		r = probe_file(g, inv, i, WR_FOUND_SOFTWARE, hive);
		if (r == 0)
			w->software = software_state(g, inv, before);
	}
	return r;
}

/* BCD stores on every readable partition, hives on the Windows ones. */
static int scan_files(struct wr_guest *g, struct wr_inventory *inv)
{
	for (size_t i = 0; i < inv->n_parts; i++)
		if ((strcmp(inv->parts[i].fs, "ntfs") == 0 ||
		     strcmp(inv->parts[i].fs, "vfat") == 0) &&
		    scan_partition(g, inv, i) < 0)
			return -1; /* 1: unreadable filesystem, nothing to find there */
	return 0;
}

/* Roles from partition types, then from what the partition holds. */
static void classify(struct wr_inventory *inv)
{
	for (size_t i = 0; i < inv->n_parts; i++) {
		struct wr_part *p = &inv->parts[i];

		if (p->role != WR_ROLE_DATA)
			continue; /* Windows or BitLocker already */
		if (p->mbr_type == 0xef || strcmp(p->type_guid, GPT_ESP) == 0)
			p->role = WR_ROLE_EFI;
		else if (strcmp(p->type_guid, GPT_MSR) == 0)
			p->role = WR_ROLE_MSR;
		else if (p->mbr_type == 0x27 || strcmp(p->type_guid, GPT_WINRE) == 0)
			p->role = WR_ROLE_RECOVERY;
	}
	for (size_t i = 0; i < inv->n_found; i++) {
		struct wr_part *p = &inv->parts[inv->found[i].part];

		if (inv->found[i].kind == WR_FOUND_BCD && p->role == WR_ROLE_DATA)
			p->role = WR_ROLE_SYSTEM_RESERVED;
	}
}

struct volume_reader {
	struct wr_guest *g;
	const struct wr_part *p;
};

static int read_volume(void *opaque, uint64_t offset, size_t len, uint8_t *out,
                       struct wr_error *err)
{
	const struct volume_reader *r = opaque;

	return wr_guest_read_partition(r->g, r->p->disk, r->p->number, offset, len, out, err);
}

/* A BitLocker partition: what its metadata says, and its volume opened
 * when a key given names it.  Metadata that cannot be read leaves it
 * locked (the listing says so). */
static int scan_bitlocker(struct wr_guest *g, struct wr_part *p, struct wr_error *err)
{
	struct volume_reader reader = {g, p};
	int r;

	p->role = WR_ROLE_BITLOCKER;
	/* Unreadable metadata is a finding of the listing, and an error only
	 * for the key that names the volume (it cannot be opened here). */
	if (wr_bl_read_volume(read_volume, &reader, p->size, &p->bitlocker, err) < 0) {
		if (!wr_guest_key_names(g, p, ""))
			return 0;
		wr_error_prefix(err, _("%s: its BitLocker metadata cannot be read"), p->name);
		return -1;
	}
	p->encrypted = true;
	r = wr_guest_unlock(g, p, &p->bitlocker, err);
	if (r == 0) {
		p->unlocked = true;
		p->role = WR_ROLE_DATA;
	}
	return r < 0 ? -1 : 0;
}

static int scan_partitions(struct wr_guest *g, struct wr_inventory *inv, struct wr_error *err)
{
	const char *unmatched;

	for (size_t i = 0; i < inv->n_parts; i++) {
		struct wr_part *p = &inv->parts[i];

		part_name(inv->disks[p->disk].path, p->number, p->name, sizeof(p->name));
		if (strcasecmp(p->fs, "BitLocker") == 0 && scan_bitlocker(g, p, err) < 0)
			return -1;
	}
	if ((unmatched = wr_guest_unmatched_key(g, inv))) {
		wr_error_set(err, ENOENT, _("--key %s: no BitLocker volume has that name"),
		             unmatched);
		return -1;
	}
	return 0;
}

int wr_inventory_scan(struct wr_guest *g, struct wr_inventory *inv, struct wr_error *err)
{
	int r;

	memset(inv, 0, sizeof(*inv));
	r = wr_guest_scan_disks(g, inv, err);
	if (r == 0)
		r = scan_partitions(g, inv, err);
	wr_guest_forget_keys(g);
	if (r == 0 && scan_files(g, inv) < 0) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		r = -1;
	}
	if (r < 0) {
		wr_inventory_free(inv);
		return -1;
	}
	classify(inv);
	return 0;
}

void wr_inventory_free(struct wr_inventory *inv)
{
	free(inv->disks);
	free(inv->parts);
	free(inv->windows);
	free(inv->found);
	memset(inv, 0, sizeof(*inv));
}

const struct wr_part *wr_inventory_partition_for(const struct wr_inventory *inv,
                                                 const struct wr_bcd_device *dev)
{
	char disk[WR_GUID_STRLEN + 1], part[WR_GUID_STRLEN + 1];

	if (dev->kind != WR_BCD_DEVICE_PARTITION)
		return NULL;
	wr_guid_format(dev->disk_guid, disk);
	wr_guid_format(dev->partition_guid, part);
	for (size_t i = 0; i < inv->n_parts; i++) {
		const struct wr_part *p = &inv->parts[i];
		const struct wr_disk *d = &inv->disks[p->disk];

		if (dev->style == WR_BCD_STYLE_MBR && strcmp(d->table, "mbr") == 0 &&
		    d->signature == dev->signature && p->start == dev->offset)
			return p;
		if (dev->style == WR_BCD_STYLE_GPT && strcmp(d->table, "gpt") == 0 &&
		    strcmp(d->disk_guid, disk) == 0 && strcmp(p->guid, part) == 0)
			return p;
	}
	return NULL;
}

bool wr_inventory_name_partition(const struct wr_bcd_device *dev, struct wr_buf *out,
                                 void *inventory)
{
	const struct wr_part *part = wr_inventory_partition_for(inventory, dev);

	if (part)
		wr_part_describe(part, out);
	return part != NULL;
}

const char *wr_part_role_name(enum wr_part_role role)
{
	static const char *const names[] = {
	    [WR_ROLE_DATA] = N_("data"),
	    [WR_ROLE_EFI] = N_("EFI system"),
	    [WR_ROLE_MSR] = N_("Microsoft reserved"),
	    [WR_ROLE_SYSTEM_RESERVED] = N_("System Reserved (boot)"),
	    [WR_ROLE_WINDOWS] = N_("Windows"),
	    [WR_ROLE_RECOVERY] = N_("recovery"),
	    [WR_ROLE_BITLOCKER] = N_("BitLocker (locked)"),
	};

	return names[role];
}

const char *wr_found_kind_name(enum wr_found_kind kind)
{
	static const char *const names[] = {
	    [WR_FOUND_BCD] = "BCD",
	    [WR_FOUND_SYSTEM] = "SYSTEM",
	    [WR_FOUND_SOFTWARE] = "SOFTWARE",
	};

	return names[kind];
}

int wr_inventory_fetch(struct wr_guest *g, const struct wr_inventory *inv, size_t i,
                       const char *local, struct wr_error *err)
{
	const struct wr_found *f = &inv->found[i];
	const struct wr_part *p = &inv->parts[f->part];
	int r = wr_guest_fetch(g, p, f->path, local, err);

	if (r == 1)
		wr_error_set(err, ENOENT, _("%s %s: no such file"), p->name, f->path);
	return r == 0 ? 0 : -1;
}

void wr_part_describe(const struct wr_part *p, struct wr_buf *out)
{
	char size[32];

	wr_format_size(p->size, size, sizeof(size));
	wr_buf_printf(out, "%s (%s, %s, %s)", p->name, _(wr_part_role_name(p->role)),
	              p->fs[0] ? p->fs : _("no filesystem"), size);
}
