/* SPDX-License-Identifier: GPL-3.0-or-later */
/* guest-disks.c - the disks of the session as the appliance sees them: partition tables,
 * filesystems; and making them, for the demo and test disks. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/guid.h"
#include "base/i18n.h"
#include "base/le.h"
#include "guest-internal.h"

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

static void canon_guid(char *s, char *out, size_t len)
{
	char guid[WR_GUID_STRLEN + 1];

	if (s && wr_guid_normalize(s, guid) == 0)
		snprintf(out, len, "%s", guid);
	free(s);
}

static int add_part(struct wr_inventory *inv, const struct wr_part *p)
{
	struct wr_part *grown = realloc(inv->parts, (inv->n_parts + 1) * sizeof(*grown));

	if (!grown)
		return -1;
	inv->parts = grown;
	inv->parts[inv->n_parts++] = *p;
	return 0;
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
void wr__guest_scan_filesystem(guestfs_h *h, const char *device, struct wr_part *p)
{
	char **kv = guestfs_blkid(h, device);

	for (size_t i = 0; kv && kv[i] && kv[i + 1]; i += 2) {
		if (strcmp(kv[i], "TYPE") == 0)
			snprintf(p->fs, sizeof(p->fs), "%s", kv[i + 1]);
		else if (strcmp(kv[i], "LABEL") == 0)
			unescape_blkid(kv[i + 1], p->label, sizeof(p->label));
	}
	free_strv(kv);
}

static int scan_partitions(guestfs_h *h, struct wr_inventory *inv, size_t d, const char *device)
{
	const struct wr_disk *disk = &inv->disks[d];
	struct guestfs_partition_list *list = guestfs_part_list(h, device);
	int r = 0;

	for (size_t i = 0; list && r == 0 && i < list->len; i++) {
		struct wr_part p = {.disk = d, .mbr_type = -1, .role = WR_ROLE_DATA};
		int num = list->val[i].part_num;
		char part[80];

		p.number = (unsigned)num;
		p.start = (uint64_t)list->val[i].part_start;
		p.size = (uint64_t)list->val[i].part_size;
		if (strcmp(disk->table, "mbr") == 0) {
			p.mbr_type = guestfs_part_get_mbr_id(h, device, num);
			/* A logical partition has no flag: not active. */
			p.active = num <= 4 && guestfs_part_get_bootable(h, device, num) == 1;
		} else {
			canon_guid(guestfs_part_get_gpt_type(h, device, num), p.type_guid,
			           sizeof(p.type_guid));
			canon_guid(guestfs_part_get_gpt_guid(h, device, num), p.guid,
			           sizeof(p.guid));
		}
		snprintf(part, sizeof(part), "%s%d", device, num);
		wr__guest_scan_filesystem(h, part, &p);
		r = add_part(inv, &p);
	}
	if (list)
		guestfs_free_partition_list(list);
	return r;
}

static int scan_disk(guestfs_h *h, struct wr_inventory *inv, size_t d, const char *device)
{
	struct wr_disk *disk = &inv->disks[d];
	char type[16] = "";
	size_t got = 0;
	char *sig;

	disk->size = (uint64_t)guestfs_blockdev_getsize64(h, device);
	/* No partition table is not an error here: it is what we report. */
	if (!take(guestfs_part_get_parttype(h, device), type, sizeof(type)))
		return 0;
	if (strcmp(type, "msdos") == 0) {
		snprintf(disk->table, sizeof(disk->table), "mbr");
		sig = guestfs_pread_device(h, device, 4, 440, &got);
		if (sig && got == 4)
			disk->signature = wr_le32((const uint8_t *)sig);
		free(sig);
	} else if (strcmp(type, "gpt") == 0) {
		snprintf(disk->table, sizeof(disk->table), "gpt");
		canon_guid(guestfs_part_get_disk_guid(h, device), disk->disk_guid,
		           sizeof(disk->disk_guid));
	} else {
		snprintf(disk->table, sizeof(disk->table), "%.7s", type);
	}
	return scan_partitions(h, inv, d, device);
}

int wr_guest_scan_disks(struct wr_guest *g, struct wr_inventory *inv, struct wr_error *err)
{
	char device[64];
	int r = 0;

	if (!g->launched) {
		wr_error_set(err, EINVAL, _("the appliance is not running"));
		return -1;
	}
	inv->disks = calloc(g->n_disks ? g->n_disks : 1, sizeof(*inv->disks));
	if (!inv->disks) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	for (size_t i = 0; r == 0 && i < g->n_disks; i++) {
		if (wr__guest_device(g, i, 0, device, sizeof(device), err) < 0)
			return -1;
		snprintf(inv->disks[i].path, sizeof(inv->disks[i].path), "%s", g->disks[i].path);
		inv->n_disks++;
		r = scan_disk(guest_handle(g), inv, i, device);
	}
	if (r < 0)
		wr_error_set(err, ENOMEM, _("out of memory"));
	return r;
}

/* Check a libguestfs call made on `what`; on failure set the error. */
static int ok(struct wr_guest *g, int r, const char *what, struct wr_error *err)
{
	if (r < 0)
		wr__guest_error(g, err, what);
	return r < 0 ? -1 : 0;
}

/* "{guid}" as libguestfs wants it: no braces, upper case. */
static const char *bare(const char *guid, char out[40])
{
	size_t i = 0;

	for (const char *c = guid + (*guid == '{'); *c && *c != '}' && i < 39; c++)
		out[i++] = (char)(*c >= 'a' && *c <= 'f' ? *c - 'a' + 'A' : *c);
	out[i] = '\0';
	return out;
}

static int add_partition(struct wr_guest *g, const char *dev, int n,
                         const struct wr_new_partition *np, bool gpt, struct wr_error *err)
{
	char guid[40];

	if (ok(g, guestfs_part_add(guest_handle(g), dev, "p", np->first, np->last), "part-add",
	       err) < 0)
		return -1;
	if (!gpt)
		return ok(g, guestfs_part_set_mbr_id(guest_handle(g), dev, n, np->mbr_type),
		          "part-set-mbr-id", err) ||
		               (np->active &&
		                ok(g, guestfs_part_set_bootable(guest_handle(g), dev, n, 1),
		                   "part-set-bootable", err))
		           ? -1
		           : 0;
	if (ok(g, guestfs_part_set_gpt_type(guest_handle(g), dev, n, bare(np->type_guid, guid)),
	       "part-set-gpt-type", err) < 0)
		return -1;
	return np->guid
	           ? ok(g, guestfs_part_set_gpt_guid(guest_handle(g), dev, n, bare(np->guid, guid)),
	                "part-set-gpt-guid", err)
	           : 0;
}

/*
 * Building a disk writes its table and its filesystems in quick
 * succession.  udev watches every block device: a close after writing
 * becomes a change event, and on a whole disk a re-read of its table that
 * removes and adds its partition nodes.  Under load (two appliances on a
 * 2-core machine, an ASan build) those re-reads went on for many seconds,
 * and mkfs or a mount of a partition failed meanwhile.  Nothing here needs
 * the events, so this appliance's udev stops watching block devices before
 * the first table is written (the rule after udev's own wins).
 */
static int unwatch_block_devices(struct wr_guest *g, struct wr_error *err)
{
	char script[] = "mkdir -p /etc/udev/rules.d && "
	                "echo 'SUBSYSTEM==\"block\", OPTIONS+=\"nowatch\"' "
	                "> /etc/udev/rules.d/99-winrescue-nowatch.rules && "
	                "udevadm control --reload && "
	                "udevadm trigger --subsystem-match=block --action=change && udevadm settle";
	char *sh[] = {script, NULL};
	char *out;

	if (g->udev_unwatched)
		return 0;
	out = guestfs_debug(guest_handle(g), "sh", sh);
	free(out);
	g->udev_unwatched = out != NULL;
	return ok(g, out ? 0 : -1, "udev nowatch", err);
}

int wr_guest_partition(struct wr_guest *g, size_t disk, const struct wr_new_table *t,
                       struct wr_error *err)
{
	struct wr_part whole = {.disk = disk};
	bool gpt = strcmp(t->table, "gpt") == 0;
	char dev[64], guid[40];
	uint8_t sig[4];

	if (disk < g->n_disks)
		snprintf(whole.name, sizeof(whole.name), "%s", g->disks[disk].path);
	if (!gpt && strcmp(t->table, "mbr") != 0) {
		wr_error_set(err, EINVAL, _("unknown partition table \"%s\""), t->table);
		return -1;
	}
	if (wr__guest_check(g, &whole, true, err) < 0 || wr__guest_unmount_all(g, err) < 0 ||
	    wr__guest_device(g, disk, 0, dev, sizeof(dev), err) < 0 ||
	    unwatch_block_devices(g, err) < 0 ||
	    ok(g, guestfs_part_init(guest_handle(g), dev, gpt ? "gpt" : "msdos"), "part-init",
	       err) < 0)
		return -1;
	for (size_t i = 0; i < t->n; i++)
		if (add_partition(g, dev, (int)i + 1, &t->parts[i], gpt, err) < 0)
			return -1;
	if (gpt)
		return ok(
		    g, guestfs_part_set_disk_guid(guest_handle(g), dev, bare(t->disk_guid, guid)),
		    "part-set-disk-guid", err);
	/* Windows identifies the disk by the signature at byte 440 of the MBR. */
	wr_put_le(sig, t->signature, 4);
	return ok(
	    g, guestfs_pwrite_device(guest_handle(g), dev, (const char *)sig, 4, 440) == 4 ? 0 : -1,
	    "pwrite-device", err);
}

int wr_guest_read_mbr(struct wr_guest *g, size_t disk, uint8_t out[WR_MBR_SIZE],
                      struct wr_error *err)
{
	struct wr_part whole = {.disk = disk};
	char dev[64], *data;
	size_t got = 0;

	if (disk < g->n_disks)
		snprintf(whole.name, sizeof(whole.name), "%s", g->disks[disk].path);
	if (wr__guest_check(g, &whole, false, err) < 0 ||
	    wr__guest_device(g, disk, 0, dev, sizeof(dev), err) < 0)
		return -1;
	data = guestfs_pread_device(guest_handle(g), dev, WR_MBR_SIZE, 0, &got);
	if (data && got == WR_MBR_SIZE)
		memcpy(out, data, WR_MBR_SIZE);
	free(data);
	return ok(g, data && got == WR_MBR_SIZE ? 0 : -1, "pread-device", err);
}

int wr_guest_write_mbr(struct wr_guest *g, size_t disk, const uint8_t in[WR_MBR_SIZE],
                       struct wr_error *err)
{
	struct wr_part whole = {.disk = disk};
	uint8_t back[WR_MBR_SIZE];
	char dev[64];

	if (disk < g->n_disks)
		snprintf(whole.name, sizeof(whole.name), "%s", g->disks[disk].path);
	if (wr__guest_check(g, &whole, true, err) < 0 ||
	    wr__guest_device(g, disk, 0, dev, sizeof(dev), err) < 0 ||
	    ok(g,
	       guestfs_pwrite_device(guest_handle(g), dev, (const char *)in, WR_MBR_SIZE, 0) ==
	               WR_MBR_SIZE
	           ? 0
	           : -1,
	       "pwrite-device", err) < 0 ||
	    ok(g, guestfs_sync(guest_handle(g)), "sync", err) < 0 ||
	    wr_guest_read_mbr(g, disk, back, err) < 0)
		return -1;
	if (memcmp(back, in, WR_MBR_SIZE) == 0)
		return 0;
	wr_error_set(err, EIO, _("%s: the first sector read back is not what was written"),
	             whole.name);
	return -1;
}

int wr_guest_set_gpt_guid(struct wr_guest *g, size_t disk, int partition, const char *guid,
                          struct wr_error *err)
{
	struct wr_part whole = {.disk = disk};
	char dev[64], bare_guid[40];

	if (disk < g->n_disks)
		snprintf(whole.name, sizeof(whole.name), "%s", g->disks[disk].path);
	if (wr__guest_check(g, &whole, true, err) < 0 ||
	    wr__guest_device(g, disk, 0, dev, sizeof(dev), err) < 0)
		return -1;
	bare(guid, bare_guid);
	return partition
	           ? ok(g, guestfs_part_set_gpt_guid(guest_handle(g), dev, partition, bare_guid),
	                "part-set-gpt-guid", err)
	           : ok(g, guestfs_part_set_disk_guid(guest_handle(g), dev, bare_guid),
	                "part-set-disk-guid", err);
}

/* libguestfs' mkfs picks FAT16 for 40 MiB; an ESP is FAT32.  sgdisk made
 * udev recreate the partition nodes, and under load (an ASan build)
 * settling is not enough: the node may be missing, or mkfs may write while
 * the kernel still re-reads the table.  Worse, closing a partition written
 * to makes udev re-read the disk's table again, so making the filesystem
 * anew on every failed probe can chase its own tail: the filesystem is
 * made once, then probed and mounted until it shows (10 s), and made again
 * only when it never does, mkfs itself fails or the node is gone, as while
 * the kernel re-reads the table (60 rounds, a second apart: with two
 * appliances at once on a loaded 2-core machine the re-reading went on for
 * more than 16).  The FAT
 * modules are loaded first (see load_fat in guest-files.c).  A failure says
 * which step failed last, with mkfs's and the kernel's last words. */
static int mkfs_fat32(struct wr_guest *g, const char *dev, const char *label, struct wr_error *err)
{
	char script[2048];
	char *sh[] = {script, NULL};
	char *out;
	int n = snprintf(
	    script, sizeof(script),
	    "modprobe -a fat vfat nls_cp437 nls_ascii nls_utf8 nls_iso8859_1 2>/dev/null; "
	    "mkdir -p /tmp/wr-fat; why='no partition node'; n=0; p=%1$s; "
	    "while [ $n -lt 60 ]; do udevadm settle; "
	    /* No node after the table was written (once in a CI run,
	     * under load): the node made from sysfs where the kernel
	     * knows the partition, else the table read again. */
	    "s=/sys/class/block/${p##*/}/dev; "
	    "if [ ! -b %1$s ] && [ -r $s ]; then IFS=: read ma mi < $s; "
	    "mknod %1$s b $ma $mi; "
	    "elif [ ! -b %1$s ]; then blockdev --rereadpt ${p%%%%[0-9]*}; fi; "
	    "if [ ! -b %1$s ]; then why=\"no partition node ($(ls /sys/class/block | "
	    "tr '\\n' ' '))\"; "
	    "elif e=$(mkfs.vfat -F 32 -s 1 -n '%2$s' %1$s 2>&1 >/dev/null); then "
	    "j=0; while [ $j -lt 40 ]; do udevadm settle; "
	    "t=$(blkid -p -o value -s TYPE %1$s 2>&1); "
	    "if [ \"$t\" != vfat ]; then why=\"probed as '$t'\"; "
	    "elif m=$(mount -t vfat %1$s /tmp/wr-fat 2>&1); then umount /tmp/wr-fat; exit 0; "
	    "else why=\"mount: $m\"; fi; sleep 0.25; j=$((j+1)); done; "
	    "else why=\"mkfs.vfat failed: $e\"; fi; sleep 1; n=$((n+1)); done; "
	    "echo \"$why\" >&2; dmesg | tail -n 5 >&2; exit 1",
	    dev, label);

	if (n < 0 || (size_t)n >= sizeof(script)) {
		wr_error_set(err, ENAMETOOLONG, _("the path is too long: %s"), dev);
		return -1;
	}
	out = guestfs_debug(guest_handle(g), "sh", sh);
	free(out);
	return ok(g, out ? 0 : -1, "mkfs.vfat", err);
}

int wr_guest_mkfs(struct wr_guest *g, const struct wr_part *p, const char *fs, const char *label,
                  struct wr_error *err)
{
	char dev[64];

	if (strcmp(fs, "ntfs") != 0 && strcmp(fs, "vfat") != 0) {
		wr_error_set(err, EINVAL, _("%s: cannot make a \"%s\" filesystem"), p->name, fs);
		return -1;
	}
	/* A FAT label is at most 11 characters; the shell sees it quoted. */
	if (strchr(label, '\'') || (strcmp(fs, "vfat") == 0 && strlen(label) > 11)) {
		wr_error_set(err, EINVAL, _("%s: \"%s\" cannot be a label"), p->name, label);
		return -1;
	}
	if (wr__guest_check(g, p, true, err) < 0 || wr__guest_unmount_all(g, err) < 0 ||
	    wr__guest_device(g, p->disk, p->number, dev, sizeof(dev), err) < 0)
		return -1;
	if (strcmp(fs, "vfat") == 0)
		return mkfs_fat32(g, dev, label, err);
	return ok(g, guestfs_mkfs(guest_handle(g), "ntfs", dev), "mkfs", err) ||
	               ok(g, guestfs_set_label(guest_handle(g), dev, label), "set-label", err)
	           ? -1
	           : 0;
}

static void print_root(guestfs_h *h, const char *root, struct wr_buf *out)
{
	char *product = guestfs_inspect_get_product_name(h, root);
	char *arch = guestfs_inspect_get_arch(h, root);
	char *systemroot = guestfs_inspect_get_windows_systemroot(h, root);

	wr_buf_printf(out, "%s\t%s\t%d.%d\t%s\t%s\n", root, product ? product : "",
	              guestfs_inspect_get_major_version(h, root),
	              guestfs_inspect_get_minor_version(h, root), arch ? arch : "",
	              systemroot ? systemroot : "");
	free(product);
	free(arch);
	free(systemroot);
}

int wr_guest_inspection(struct wr_guest *g, struct wr_buf *out, struct wr_error *err)
{
	char **roots;

	if (!g->launched) {
		wr_error_set(err, EINVAL, _("the appliance is not running"));
		return -1;
	}
	/* Inspection mounts filesystems itself, at the top. */
	if (wr__guest_unmount_all(g, err) < 0)
		return -1;
	roots = guestfs_inspect_os(guest_handle(g));
	if (!roots) {
		wr__guest_error(g, err, "inspect-os");
		return -1;
	}
	for (size_t i = 0; roots[i]; i++)
		print_root(guest_handle(g), roots[i], out);
	free_strv(roots);
	return ok(g, guestfs_umount_all(guest_handle(g)), "umount-all", err);
}
