/* SPDX-License-Identifier: GPL-3.0-or-later */
/* device.c - parsing and showing BCD device elements (bcd-format.md §6). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/guid.h"
#include "base/i18n.h"
#include "base/le.h"
#include "base/text.h"
#include "base/utf16.h"
#include "bcd.h"

/*
 * A device element is a 16-byte options GUID followed by a descriptor:
 *
 *   +0x00 type   +0x04 flags   +0x08 size (from +0x00 to the end)   +0x0c 0
 *   +0x10 body, by type:
 *     5 boot       nothing that matters
 *     6 partition  partition GUID or LE64 byte offset, parent block-I/O type,
 *                  style (0 GPT, 1 MBR), disk GUID or LE32 signature
 *     8 locate     locate type, element id, parent offset (from +0x00), path
 *     0 block I/O  sub-type, then for 3 ramdisk: base, size, offset, file path;
 *                  5 file: file path; 6 virtual disk: 20 bytes, a file device
 *
 * A file path record is: version 1, length (of the record), type 5, a nested
 * descriptor (no options GUID) and a NUL-terminated UTF-16LE path.
 *
 * Descriptors nest (a VHD inside a locate, a partition inside a file); the
 * depth is bounded so hostile data cannot recurse without end.
 */

#define DESC_HEADER    16
#define PARTITION_BODY 56 /* identity, parent type, style, disk, reserved */
#define MAX_DEPTH      6

enum {
	TYPE_BLOCK_IO = 0,
	TYPE_BOOT = 5,
	TYPE_PARTITION = 6,
	TYPE_LOCATE = 8,
	BLOCK_RAMDISK = 3,
	BLOCK_FILE = 5,
	BLOCK_VHD = 6,
};

static struct wr_bcd_device *parse_descriptor(const uint8_t *p, size_t avail, int depth,
                                              struct wr_error *err);

static int too_short(struct wr_error *err, const char *what)
{
	wr_error_set(err, EINVAL, _("device data too short for its %s"), what);
	return -1;
}

/* A file path record at `b` (n bytes): the device holding the file, then the
 * file's path. */
static int parse_file_path(struct wr_bcd_device *dev, const uint8_t *b, size_t n, int depth,
                           struct wr_error *err)
{
	uint32_t rec_len;
	const uint8_t *nested;
	size_t nested_len;

	if (n < 12)
		return too_short(err, _("file path"));
	if (wr_le32(b) != 1 || wr_le32(b + 8) != 5) {
		/* Not a boot-environment path record: keep the device opaque. */
		dev->kind = WR_BCD_DEVICE_UNKNOWN;
		return 0;
	}
	rec_len = wr_le32(b + 4);
	if (rec_len < 12 + DESC_HEADER || rec_len > n) {
		wr_error_set(err, EINVAL, _("device file path length %u does not fit in %zu bytes"),
		             rec_len, n);
		return -1;
	}
	nested = b + 12;
	dev->parent = parse_descriptor(nested, rec_len - 12, depth + 1, err);
	if (!dev->parent)
		return -1;
	nested_len = wr_le32(nested + 8);
	dev->path = wr_utf16le_decode(nested + nested_len, rec_len - 12 - nested_len);
	if (!dev->path) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	return 0;
}

/*
 * A partition: its identity (GUID or byte offset), the parent block-I/O type
 * and the disk identity.  When the parent is a virtual disk (type 6), a file
 * path record follows naming the physical partition and the VHD file
 * (bcd-format.md §6.6, from sources only): then the device is that VHD.
 */
static int parse_partition(struct wr_bcd_device *dev, const uint8_t *b, size_t n, int depth,
                           struct wr_error *err)
{
	if (n < 40)
		return too_short(err, _("partition identity"));
	dev->kind = WR_BCD_DEVICE_PARTITION;
	dev->style = wr_le32(b + 20);
	memcpy(dev->partition_guid, b, 16);
	memcpy(dev->disk_guid, b + 24, 16);
	dev->offset = wr_le64(b);
	dev->signature = wr_le32(b + 24);
	if (wr_le32(b + 16) != BLOCK_VHD || n <= PARTITION_BODY)
		return 0;
	dev->kind = WR_BCD_DEVICE_VHD;
	return parse_file_path(dev, b + PARTITION_BODY, n - PARTITION_BODY, depth, err);
}

static int parse_block_io(struct wr_bcd_device *dev, const uint8_t *b, size_t n, int depth,
                          struct wr_error *err)
{
	if (n < 4)
		return too_short(err, _("block device type"));
	dev->subtype = wr_le32(b);
	switch (dev->subtype) {
	case BLOCK_RAMDISK:
		dev->kind = WR_BCD_DEVICE_RAMDISK;
		return n < 0x18 ? too_short(err, _("ramdisk"))
		                : parse_file_path(dev, b + 0x18, n - 0x18, depth, err);
	case BLOCK_FILE:
		dev->kind = WR_BCD_DEVICE_FILE;
		return parse_file_path(dev, b + 4, n - 4, depth, err);
	case BLOCK_VHD: {
		/* The virtual disk wraps a file device that names the image. */
		struct wr_bcd_device *file;

		if (n < 0x18 + DESC_HEADER)
			return too_short(err, _("virtual disk"));
		file = parse_descriptor(b + 0x18, n - 0x18, depth + 1, err);
		if (!file)
			return -1;
		dev->kind = WR_BCD_DEVICE_VHD;
		if (file->kind == WR_BCD_DEVICE_FILE) {
			dev->path = file->path;
			dev->parent = file->parent;
			file->path = NULL;
			file->parent = NULL;
			wr_bcd_device_free(file);
		} else {
			dev->parent = file;
		}
		return 0;
	}
	default:
		dev->kind = WR_BCD_DEVICE_UNKNOWN;
		return 0;
	}
}

static int parse_locate(struct wr_bcd_device *dev, const uint8_t *desc, size_t size, int depth,
                        struct wr_error *err)
{
	const uint8_t *b = desc + DESC_HEADER;
	size_t n = size - DESC_HEADER, path_end = size;
	uint32_t parent_off;

	if (n < 12)
		return too_short(err, _("locate data"));
	dev->kind = WR_BCD_DEVICE_LOCATE;
	dev->locate_type = wr_le32(b);
	dev->locate_element = wr_le32(b + 4);
	parent_off = wr_le32(b + 8);
	if (parent_off) {
		if (parent_off < DESC_HEADER + 12 || parent_off >= size) {
			wr_error_set(err, EINVAL,
			             _("locate parent offset %u is outside the device"),
			             parent_off);
			return -1;
		}
		dev->parent =
		    parse_descriptor(desc + parent_off, size - parent_off, depth + 1, err);
		if (!dev->parent)
			return -1;
		path_end = parent_off;
	}
	dev->path = wr_utf16le_decode(b + 12, path_end - DESC_HEADER - 12);
	if (!dev->path) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	return 0;
}

/* Parse the descriptor at `p`, which may use at most `avail` bytes. */
static struct wr_bcd_device *parse_descriptor(const uint8_t *p, size_t avail, int depth,
                                              struct wr_error *err)
{
	struct wr_bcd_device *dev;
	uint32_t size;
	int r;

	if (depth > MAX_DEPTH) {
		wr_error_set(err, EINVAL, _("device descriptors nested too deeply"));
		return NULL;
	}
	if (avail < DESC_HEADER) {
		too_short(err, _("descriptor"));
		return NULL;
	}
	size = wr_le32(p + 8);
	if (size < DESC_HEADER || size > avail) {
		wr_error_set(err, EINVAL, _("device descriptor size %u does not fit in %zu bytes"),
		             size, avail);
		return NULL;
	}
	dev = calloc(1, sizeof(*dev));
	if (!dev) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return NULL;
	}
	dev->type = wr_le32(p);
	switch (dev->type) {
	case TYPE_BOOT:
		dev->kind = WR_BCD_DEVICE_BOOT;
		r = 0;
		break;
	case TYPE_PARTITION:
		r = parse_partition(dev, p + DESC_HEADER, size - DESC_HEADER, depth, err);
		break;
	case TYPE_LOCATE:
		r = parse_locate(dev, p, size, depth, err);
		break;
	case TYPE_BLOCK_IO:
		r = parse_block_io(dev, p + DESC_HEADER, size - DESC_HEADER, depth, err);
		break;
	default:
		dev->kind = WR_BCD_DEVICE_UNKNOWN;
		r = 0;
	}
	if (r < 0) {
		wr_bcd_device_free(dev);
		return NULL;
	}
	return dev;
}

struct wr_bcd_device *wr_bcd_device_parse(const uint8_t *data, size_t len, struct wr_error *err)
{
	struct wr_bcd_device *dev;

	if (len < 16 + DESC_HEADER) {
		wr_error_set(err, EINVAL,
		             _("device data is %zu bytes, shorter than a device header"), len);
		return NULL;
	}
	/* Windows requires the descriptor to fill the value exactly. */
	if (wr_le32(data + 16 + 8) != len - 16) {
		wr_error_set(err, EINVAL, _("device data is %zu bytes but its header says %u"), len,
		             wr_le32(data + 16 + 8) + 16);
		return NULL;
	}
	dev = parse_descriptor(data + 16, len - 16, 0, err);
	if (dev && !wr_guid_is_zero(data)) {
		dev->has_options = true;
		memcpy(dev->options, data, 16);
	}
	return dev;
}

void wr_bcd_device_free(struct wr_bcd_device *dev)
{
	if (!dev)
		return;
	wr_bcd_device_free(dev->parent);
	free(dev->path);
	free(dev);
}

/* The partition's identity; or the attached partition it names, when the
 * caller can tell, with a remark when none has it. */
static void format_partition(const struct wr_bcd_device *dev,
                             const struct wr_bcd_device_names *names, struct wr_buf *out)
{
	char disk[WR_GUID_STRLEN + 1], part[WR_GUID_STRLEN + 1];
	bool attached = true;

	if (names && names->partition) {
		if (names->partition(dev, out, names->partition_opaque))
			return;
		attached = false;
	}
	switch (dev->style) {
	case WR_BCD_STYLE_GPT:
		wr_guid_format(dev->partition_guid, part);
		wr_guid_format(dev->disk_guid, disk);
		wr_buf_printf(out, "%s (GPT disk %s)", part, disk);
		break;
	case WR_BCD_STYLE_MBR:
		wr_buf_printf(out, "offset %llu (MBR disk %08x)", (unsigned long long)dev->offset,
		              dev->signature);
		break;
	default:
		wr_buf_printf(out, "unknown (partition style %u)", dev->style);
	}
	if (!attached)
		wr_buf_printf(out, " [%s]", _("not on the attached disks"));
}

/* The device a file lives on, as bcdedit puts it between brackets. */
static void format_container(const struct wr_bcd_device *dev,
                             const struct wr_bcd_device_names *names, struct wr_buf *out)
{
	wr_buf_putc(out, '[');
	if (!dev)
		wr_buf_puts(out, "unknown");
	else if (dev->kind == WR_BCD_DEVICE_PARTITION)
		format_partition(dev, names, out);
	else
		wr_bcd_device_format(dev, NULL, names, out);
	wr_buf_putc(out, ']');
}

static void format_locate(const struct wr_bcd_device *dev, const struct wr_bcd_device_names *names,
                          struct wr_buf *out)
{
	const char *target = NULL;

	if (dev->parent) {
		wr_bcd_device_format(dev->parent, NULL, names, out);
		wr_buf_putc(out, ',');
	}
	wr_buf_puts(out, "locate=");
	switch (dev->locate_type) {
	case WR_BCD_LOCATE_STRING:
		wr_buf_put_printable(out, dev->path);
		return;
	case WR_BCD_LOCATE_ELEMENT:
		target = names && names->locate
		             ? names->locate(dev->locate_element, names->locate_opaque)
		             : NULL;
		wr_buf_put_printable(out, target ? target : "unknown");
		return;
	default:
		wr_buf_printf(out, "custom:%08x", dev->locate_element);
	}
}

void wr_bcd_device_format(const struct wr_bcd_device *dev, const char *options,
                          const struct wr_bcd_device_names *names, struct wr_buf *out)
{
	static const char *const file_kind[] = {
	    [WR_BCD_DEVICE_RAMDISK] = "ramdisk",
	    [WR_BCD_DEVICE_FILE] = "file",
	    [WR_BCD_DEVICE_VHD] = "vhd",
	};

	switch (dev->kind) {
	case WR_BCD_DEVICE_BOOT:
		wr_buf_puts(out, "boot");
		break;
	case WR_BCD_DEVICE_PARTITION:
		wr_buf_puts(out, "partition=");
		format_partition(dev, names, out);
		break;
	case WR_BCD_DEVICE_RAMDISK:
	case WR_BCD_DEVICE_FILE:
	case WR_BCD_DEVICE_VHD:
		wr_buf_printf(out, "%s=", file_kind[dev->kind]);
		format_container(dev->parent, names, out);
		wr_buf_put_printable(out, dev->path ? dev->path : "");
		break;
	case WR_BCD_DEVICE_LOCATE:
		format_locate(dev, names, out);
		break;
	case WR_BCD_DEVICE_UNKNOWN:
		if (dev->type == TYPE_BLOCK_IO)
			wr_buf_printf(out, "unknown (block device type %u)", dev->subtype);
		else
			wr_buf_printf(out, "unknown (device type %u)", dev->type);
		break;
	}
	if (options)
		wr_buf_printf(out, ",%s", options);
}
