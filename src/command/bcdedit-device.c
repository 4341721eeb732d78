/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcdedit-device.c - device values as bcdedit writes them: boot, partition=F: and
 * ramdisk=[F:]\path,{options} (bcd-format.md §6). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/guid.h"
#include "base/i18n.h"
#include "base/le.h"
#include "base/utf16.h"
#include "bcdedit-internal.h"

/*
 * A ramdisk device (§6.5): the options object's GUID, a block-I/O
 * descriptor of sub-type 3 whose base, size and offset stay 0, and a
 * file path record (version 1, type 5) holding the device the image is
 * on (a boot or partition descriptor without its options GUID) and the
 * image's path, UTF-16LE with its NUL.
 */
#define RAMDISK_PATH_RECORD 0x38
#define RAMDISK_CONTAINER   0x44
#define CONTAINER_SIZE      (WR_BCD_DEVICE_SIZE - 16)

/* Where a letter in a device of `obj` points when no --drive maps it: an
 * OS loader's and a resume object's files are in Windows; the boot
 * manager's, other boot applications' and a ramdisk's SDI file are beside
 * the store. */
static bool on_boot_partition(uint32_t object_type)
{
	uint32_t kind = WR_BCD_OBJECT_KIND(object_type), app = WR_BCD_OBJECT_APP(object_type);
	bool application = kind == 1 || (kind == 2 && WR_BCD_OBJECT_IMAGE(object_type) == 2);

	return !application || (app != WR_BCD_APP_OSLOADER && app != WR_BCD_APP_RESUME);
}

/* The partition a drive letter names, by its disk's identity as Windows
 * records it: MBR signature and offset, or GPT disk and partition GUIDs. */
static int partition_device(struct bcdedit *b, const struct wr_bcd_object *obj, char letter,
                            uint8_t out[WR_BCD_DEVICE_SIZE])
{
	const struct wr_part *part;
	const struct wr_disk *disk;
	uint8_t disk_guid[16], part_guid[16];

	if (wr_cmd_drive_partition(b->env, letter, on_boot_partition(obj->type), &part, &disk,
	                           b->err) < 0)
		return -1;
	if (strcmp(disk->table, "mbr") == 0 && disk->signature != 0) {
		wr_bcd_device_mbr(out, disk->signature, part->start);
		return 0;
	}
	if (strcmp(disk->table, "gpt") == 0 && wr_guid_parse(disk->disk_guid, disk_guid) == 0 &&
	    wr_guid_parse(part->guid, part_guid) == 0) {
		wr_bcd_device_gpt(out, disk_guid, part_guid);
		return 0;
	}
	wr_error_set(b->err, EINVAL, _("%s: its disk has no signature or GUID a device can name"),
	             part->name);
	return -1;
}

/* "F:" (the whole of `text`): its letter. */
static bool drive_letter(const char *text, size_t len, char *letter)
{
	if (len != 2 || !isalpha((unsigned char)text[0]) || text[1] != ':')
		return false;
	*letter = text[0];
	return true;
}

/* The device a ramdisk's image is on: [boot] or [F:]. */
static int container_device(struct bcdedit *b, const struct wr_bcd_object *obj, const char *text,
                            size_t len, uint8_t out[WR_BCD_DEVICE_SIZE])
{
	char letter;

	if (len == 4 && strncasecmp(text, "boot", 4) == 0) {
		wr_bcd_device_boot(out);
		return 0;
	}
	if (drive_letter(text, len, &letter))
		return partition_device(b, obj, letter, out);
	wr_error_set(b->err, EINVAL, _("[%.*s]: a ramdisk's image is on [boot] or on a drive [F:]"),
	             (int)len, text);
	return -1;
}

static int ramdisk_bytes(struct bcdedit *b, const uint8_t options[16],
                         const uint8_t container[WR_BCD_DEVICE_SIZE], const char *path,
                         uint8_t **data, size_t *len)
{
	size_t path_len, total;
	uint8_t *utf16 = wr_utf16le_encode(path, &path_len);

	if (!utf16 && errno != ENOMEM) {
		wr_error_set(b->err, EINVAL, _("%s is not UTF-8 text"), path);
		return -1;
	}
	total = RAMDISK_CONTAINER + CONTAINER_SIZE + path_len;
	if (!utf16 || !(*data = calloc(1, total))) {
		free(utf16);
		wr_error_set(b->err, ENOMEM, _("out of memory"));
		return -1;
	}
	memcpy(*data, options, 16);
	wr_put_le(*data + 0x14, 1, 4); /* flags: identifier unspecified, as Windows sets */
	wr_put_le(*data + 0x18, total - 16, 4);
	wr_put_le(*data + 0x20, 3, 4); /* block I/O sub-type: ramdisk */
	wr_put_le(*data + RAMDISK_PATH_RECORD, 1, 4);
	wr_put_le(*data + RAMDISK_PATH_RECORD + 4, total - RAMDISK_PATH_RECORD, 4);
	wr_put_le(*data + RAMDISK_PATH_RECORD + 8, 5, 4);
	memcpy(*data + RAMDISK_CONTAINER, container + 16, CONTAINER_SIZE);
	memcpy(*data + RAMDISK_CONTAINER + CONTAINER_SIZE, utf16, path_len);
	free(utf16);
	*len = total;
	return 0;
}

/* ramdisk=[F:]\sources\boot.wim,{ramdiskoptions} (after "ramdisk="). */
static int ramdisk_device(struct bcdedit *b, const struct wr_bcd_object *obj, const char *text,
                          uint8_t **data, size_t *len)
{
	const char *close = text[0] == '[' ? strchr(text, ']') : NULL;
	const char *comma = strrchr(text, ',');
	uint8_t container[WR_BCD_DEVICE_SIZE], options[16];
	char guid[WR_GUID_STRLEN + 1], *path;
	int r;

	if (!close || !comma || comma < close || close[1] != '\\') {
		wr_error_set(b->err, EINVAL,
		             _("ramdisk=%s: the form is ramdisk=[F:]\\PATH,{OPTIONS} or "
		               "ramdisk=[boot]\\PATH,{OPTIONS}"),
		             text);
		return -1;
	}
	if (container_device(b, obj, text + 1, (size_t)(close - text - 1), container) < 0 ||
	    bcdedit_guid(b, comma + 1, false, guid) < 0)
		return -1;
	wr_guid_parse(guid, options);
	if (!(path = strndup(close + 1, (size_t)(comma - close - 1)))) {
		wr_error_set(b->err, ENOMEM, _("out of memory"));
		return -1;
	}
	r = ramdisk_bytes(b, options, container, path, data, len);
	free(path);
	return r;
}

static int fixed_device(struct bcdedit *b, const uint8_t device[WR_BCD_DEVICE_SIZE], uint8_t **data,
                        size_t *len)
{
	if (!(*data = malloc(WR_BCD_DEVICE_SIZE))) {
		wr_error_set(b->err, ENOMEM, _("out of memory"));
		return -1;
	}
	memcpy(*data, device, WR_BCD_DEVICE_SIZE);
	*len = WR_BCD_DEVICE_SIZE;
	return 0;
}

int bcdedit_device(struct bcdedit *b, const struct wr_bcd_object *obj, const char *text,
                   uint8_t **data, size_t *len)
{
	uint8_t device[WR_BCD_DEVICE_SIZE];
	const char *eq = strchr(text, '=');
	size_t kind = eq ? (size_t)(eq - text) : strlen(text);
	char letter;

	if (strcasecmp(text, "boot") == 0) {
		wr_bcd_device_boot(device);
		return fixed_device(b, device, data, len);
	}
	if (kind == 9 && strncasecmp(text, "partition", 9) == 0) {
		if (!drive_letter(eq + 1, strlen(eq + 1), &letter)) {
			wr_error_set(b->err, EINVAL,
			             _("%s: offline a partition is named by a drive letter "
			               "(partition=F:)"),
			             text);
			return -1;
		}
		if (partition_device(b, obj, letter, device) < 0)
			return -1;
		return fixed_device(b, device, data, len);
	}
	if (kind == 7 && strncasecmp(text, "ramdisk", 7) == 0)
		return ramdisk_device(b, obj, eq + 1, data, len);
	wr_error_set(b->err, EINVAL,
	             _("%s: winrescue sets the devices boot, partition=F: and "
	               "ramdisk=[F:]\\PATH,{OPTIONS}"),
	             text);
	return -1;
}
