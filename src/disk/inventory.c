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
#include "disk.h"
#include "guest-internal.h"
#include "inventory-internal.h"
#include "regf/regf.h"

#define GPT_ESP   "{c12a7328-f81f-11d2-ba4b-00a0c93ec93b}"
#define GPT_MSR   "{e3c9e316-0b5c-4db8-817d-f92df00215ae}"
#define GPT_WINRE "{de94bba4-06d1-4d40-a16a-bfd50179d6ac}"

static void free_strv(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* Copy libguestfs's string into `out` and free it; false when it was NULL. */
static bool take(char *s, char *out, size_t len)
{
	if (!s)
		return false;
	snprintf(out, len, "%s", s);
	free(s);
	return true;
}

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

static void canon_guid(char *s, char *out, size_t len)
{
	char g[WR_GUID_STRLEN + 1];

	if (s && wr_guid_normalize(s, g) == 0)
		snprintf(out, len, "%s", g);
	free(s);
}

static int add_part(struct wr_inventory *inv, struct wr_part *p)
{
	struct wr_part *grown = realloc(inv->parts, (inv->n_parts + 1) * sizeof(*grown));

	if (!grown)
		return -1;
	inv->parts = grown;
	inv->parts[inv->n_parts++] = *p;
	return 0;
}

static int scan_partitions(guestfs_h *h, struct wr_inventory *inv, size_t d)
{
	struct wr_disk *disk = &inv->disks[d];
	struct guestfs_partition_list *list = guestfs_part_list(h, disk->device);

	for (size_t i = 0; list && i < list->len; i++) {
		struct wr_part p = {.disk = d, .mbr_type = -1, .role = WR_ROLE_DATA};
		int num = list->val[i].part_num;

		p.number = (unsigned)num;
		p.start = (uint64_t)list->val[i].part_start;
		p.size = (uint64_t)list->val[i].part_size;
		snprintf(p.device, sizeof(p.device), "%s%d", disk->device, num);
		part_name(disk->path, p.number, p.name, sizeof(p.name));
		if (strcmp(disk->table, "mbr") == 0) {
			p.mbr_type = guestfs_part_get_mbr_id(h, disk->device, num);
		} else {
			canon_guid(guestfs_part_get_gpt_type(h, disk->device, num), p.type_guid,
			           sizeof(p.type_guid));
			canon_guid(guestfs_part_get_gpt_guid(h, disk->device, num), p.guid,
			           sizeof(p.guid));
		}
		if (add_part(inv, &p) < 0) {
			guestfs_free_partition_list(list);
			return -1;
		}
	}
	if (list)
		guestfs_free_partition_list(list);
	return 0;
}

static int scan_disk(guestfs_h *h, struct wr_inventory *inv, size_t d)
{
	struct wr_disk *disk = &inv->disks[d];
	char type[16] = "";
	size_t got = 0;
	char *sig;

	disk->size = (uint64_t)guestfs_blockdev_getsize64(h, disk->device);
	/* No partition table is not an error here: it is what we report. */
	if (!take(guestfs_part_get_parttype(h, disk->device), type, sizeof(type)))
		return 0;
	if (strcmp(type, "msdos") == 0) {
		snprintf(disk->table, sizeof(disk->table), "mbr");
		sig = guestfs_pread_device(h, disk->device, 4, 440, &got);
		if (sig && got == 4)
			disk->signature = wr_le32((const uint8_t *)sig);
		free(sig);
	} else if (strcmp(type, "gpt") == 0) {
		snprintf(disk->table, sizeof(disk->table), "gpt");
		canon_guid(guestfs_part_get_disk_guid(h, disk->device), disk->disk_guid,
		           sizeof(disk->disk_guid));
	} else {
		snprintf(disk->table, sizeof(disk->table), "%.7s", type);
	}
	return scan_partitions(h, inv, d);
}

/* blkid's export format escapes spaces and the like with a backslash. */
static void unescape_blkid(const char *in, char *out, size_t len)
{
	size_t o = 0;

	for (; *in && o + 1 < len; in++) {
		if (in[0] == '\\' && in[1])
			in++;
		out[o++] = *in;
	}
	out[o] = '\0';
}

/* Filesystem type and label from blkid (one call a partition). */
static void scan_filesystem(guestfs_h *h, struct wr_part *p)
{
	char **kv = guestfs_blkid(h, p->device);

	for (size_t i = 0; kv && kv[i] && kv[i + 1]; i += 2) {
		if (strcmp(kv[i], "TYPE") == 0)
			snprintf(p->fs, sizeof(p->fs), "%s", kv[i + 1]);
		else if (strcmp(kv[i], "LABEL") == 0)
			unescape_blkid(kv[i + 1], p->label, sizeof(p->label));
	}
	free_strv(kv);
	if (strcasecmp(p->fs, "BitLocker") == 0)
		p->role = WR_ROLE_BITLOCKER;
}

/* "/Windows" as Windows writes it: "\Windows". */
void wr_windows_path(const char *path, char *out, size_t len)
{
	size_t i = 0;

	for (; path[i] && i + 1 < len; i++)
		out[i] = path[i] == '/' ? '\\' : path[i];
	out[i] = '\0';
}

/* Record `path` on the mounted partition when it is a file: its size,
 * whether its hive header says dirty, and what its logs hold. */
static int probe_file(guestfs_h *h, struct wr_inventory *inv, size_t part, enum wr_found_kind kind,
                      const char *path)
{
	char real[256];
	struct wr_found f = {.kind = kind, .part = part}, *grown;
	struct wr_regf_header hdr;
	size_t got = 0;
	char *head;

	if (!take(guestfs_case_sensitive_path(h, path), real, sizeof(real)) ||
	    guestfs_is_file(h, real) != 1)
		return 0;
	snprintf(f.path, sizeof(f.path), "%s", real);
	f.size = (uint64_t)guestfs_filesize(h, real);
	head = guestfs_pread(h, real, 4096, 0, &got);
	f.valid = head && wr_regf_parse((const uint8_t *)head, got, &hdr, NULL) == 0;
	if (f.valid)
		wr__inventory_examine_logs(h, &f, (const uint8_t *)head, got);
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
static void pe_arch(guestfs_h *h, const char *exe, char *out, size_t len)
{
	static const struct {
		uint16_t machine;
		const char *arch;
	} arches[] = {{0x8664, "x86_64"}, {0x14c, "i386"}, {0xaa64, "aarch64"}, {0x1c4, "arm"}};
	size_t got = 0;
	uint8_t *pe = (uint8_t *)guestfs_pread(h, exe, 1024, 0, &got);
	uint32_t at = pe && got >= 0x40 ? wr_le32(pe + 0x3c) : 0;

	snprintf(out, len, "%s", "unknown");
	if (pe && got >= 0x40 && at <= got - 6 && memcmp(pe + at, "PE\0\0", 4) == 0)
		for (size_t i = 0; i < sizeof(arches) / sizeof(*arches); i++)
			if (wr_le16(pe + at + 4) == arches[i].machine)
				snprintf(out, len, "%s", arches[i].arch);
	free(pe);
}

/* A REG_DWORD value read in the appliance. */
static int hivex_dword(guestfs_h *h, int64_t value)
{
	size_t len = 0;
	char *b = guestfs_hivex_value_value(h, value, &len);
	int v = b && len == 4 ? (int)wr_le32((const uint8_t *)b) : 0;

	free(b);
	return v;
}

/* ProductName and version from SOFTWARE\Microsoft\Windows NT\CurrentVersion,
 * read by hivex inside the appliance (the hive may be a hundred MB). */
static void read_product(guestfs_h *h, const char *software, struct wr_windows *w)
{
	static const char *const path[] = {"Microsoft", "Windows NT", "CurrentVersion"};
	int64_t node, v;
	char *s;

	if (guestfs_hivex_open(h, software, -1) < 0)
		return;
	node = guestfs_hivex_root(h);
	for (size_t i = 0; node > 0 && i < 3; i++)
		node = guestfs_hivex_node_get_child(h, node, path[i]);
	if (node > 0 && (v = guestfs_hivex_node_get_value(h, node, "ProductName")) > 0)
		take(guestfs_hivex_value_string(h, v), w->product, sizeof(w->product));
	if (node > 0 &&
	    (v = guestfs_hivex_node_get_value(h, node, "CurrentMajorVersionNumber")) > 0) {
		w->major = hivex_dword(h, v);
		v = guestfs_hivex_node_get_value(h, node, "CurrentMinorVersionNumber");
		w->minor = v > 0 ? hivex_dword(h, v) : 0;
	} else if (node > 0 && (v = guestfs_hivex_node_get_value(h, node, "CurrentVersion")) > 0 &&
	           (s = guestfs_hivex_value_string(h, v))) {
		sscanf(s, "%d.%d", &w->major, &w->minor); /* "6.3" before Windows 10 */
		free(s);
	}
	guestfs_hivex_close(h);
}

/*
 * A Windows installation on the mounted partition, found as libguestfs
 * inspection finds one (a systemroot holding System32\cmd.exe) but without
 * inspecting every filesystem of every disk, which under software emulation
 * costs more than the whole rest of the scan.
 */
static int find_windows(guestfs_h *h, struct wr_inventory *inv, size_t part)
{
	static const char *const roots[] = {"/Windows", "/WINNT"};
	static const char cmd[] = "/System32/cmd.exe";
	struct wr_windows w = {.part = part}, *grown;
	char root[64] = "", probe[128];

	for (size_t i = 0; !root[0] && i < sizeof(roots) / sizeof(*roots); i++) {
		snprintf(probe, sizeof(probe), "%s%s", roots[i], cmd);
		/* The real case of every component, e.g. /WINDOWS/system32/CMD.EXE */
		if (take(guestfs_case_sensitive_path(h, probe), probe, sizeof(probe)) &&
		    guestfs_is_file(h, probe) == 1)
			snprintf(root, sizeof(root), "%.*s", (int)(strlen(probe) - strlen(cmd)),
			         probe);
	}
	if (!root[0])
		return 0;
	snprintf(probe, sizeof(probe), "%s/System32/cmd.exe", root);
	pe_arch(h, probe, w.arch, sizeof(w.arch));
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

/* BCD stores on every readable partition, hives on the Windows ones. */
static int scan_files(guestfs_h *h, struct wr_inventory *inv)
{
	for (size_t i = 0; i < inv->n_parts; i++) {
		struct wr_windows *w;
		char hive[128];
		int r;

		if (strcmp(inv->parts[i].fs, "ntfs") != 0 && strcmp(inv->parts[i].fs, "vfat") != 0)
			continue;
		if (guestfs_mount_ro(h, inv->parts[i].device, "/") < 0)
			continue; /* unreadable filesystem: nothing to find there */
		r = probe_file(h, inv, i, WR_FOUND_BCD, "/Boot/BCD");
		if (r == 0)
			r = probe_file(h, inv, i, WR_FOUND_BCD, "/EFI/Microsoft/Boot/BCD");
		if (r == 0)
			r = find_windows(h, inv, i);
		w = windows_on(inv, i);
		if (r == 0 && w) {
			hive_path(w, "SYSTEM", hive, sizeof(hive));
			r = probe_file(h, inv, i, WR_FOUND_SYSTEM, hive);
		}
		if (r == 0 && w) {
			hive_path(w, "SOFTWARE", hive, sizeof(hive));
			r = probe_file(h, inv, i, WR_FOUND_SOFTWARE, hive);
			if (r == 0 && inv->found[inv->n_found - 1].kind == WR_FOUND_SOFTWARE)
				read_product(h, inv->found[inv->n_found - 1].path, w);
		}
		guestfs_umount_all(h);
		if (r < 0)
			return -1;
	}
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

int wr_inventory_scan(struct wr_guest *g, struct wr_inventory *inv, struct wr_error *err)
{
	guestfs_h *h = wr__guest_handle(g);
	char **devs = guestfs_list_devices(h);
	size_t n = 0;
	int r = 0;

	memset(inv, 0, sizeof(*inv));
	while (devs && devs[n])
		n++;
	inv->disks = calloc(n ? n : 1, sizeof(*inv->disks));
	if (!devs || !inv->disks) {
		free_strv(devs);
		wr_inventory_free(inv);
		wr__guest_error(g, err, _("cannot list the disks"));
		return -1;
	}
	for (size_t i = 0; r == 0 && i < n && i < wr_guest_disk_count(g); i++) {
		snprintf(inv->disks[i].path, sizeof(inv->disks[i].path), "%s",
		         wr_guest_disk_path(g, i));
		snprintf(inv->disks[i].device, sizeof(inv->disks[i].device), "%s", devs[i]);
		inv->n_disks++;
		r = scan_disk(h, inv, i);
	}
	free_strv(devs);
	for (size_t i = 0; r == 0 && i < inv->n_parts; i++)
		scan_filesystem(h, &inv->parts[i]);
	if (r == 0)
		r = scan_files(h, inv);
	if (r < 0) {
		wr_error_set(err, ENOMEM, _("out of memory"));
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
	guestfs_h *h = wr__guest_handle(g);
	const struct wr_found *f = &inv->found[i];
	int r = guestfs_mount_ro(h, inv->parts[f->part].device, "/");

	if (r == 0)
		r = guestfs_download(h, f->path, local);
	if (r < 0)
		wr__guest_error(g, err, inv->parts[f->part].name);
	guestfs_umount_all(h);
	return r;
}

void wr_part_describe(const struct wr_part *p, struct wr_buf *out)
{
	char size[32];

	wr_format_size(p->size, size, sizeof(size));
	wr_buf_printf(out, "%s (%s, %s, %s)", p->name, _(wr_part_role_name(p->role)),
	              p->fs[0] ? p->fs : _("no filesystem"), size);
}
