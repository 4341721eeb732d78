/* SPDX-License-Identifier: GPL-3.0-or-later */
/* build.c - writing BCD objects and elements into a hive. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/guid.h"
#include "base/i18n.h"
#include "base/le.h"
#include "bcd.h"
#include "hive/hive.h"

struct wr_hive *wr_bcd_store_begin(const char *path, struct wr_error *err)
{
	/* Version 1.3, as every Windows-written store. */
	struct wr_hive *hive = wr_hive_begin_new(path, "NewStoreRoot", 3, err);
	wr_node desc, objects;

	if (hive && wr_hive_add_key(hive, wr_hive_root(hive), "Description", &desc, err) == 0 &&
	    wr_hive_set_string(hive, desc, "KeyName", WR_REG_SZ, "BCD00000000", err) == 0 &&
	    wr_hive_add_key(hive, wr_hive_root(hive), "Objects", &objects, err) == 0)
		return hive;
	if (hive)
		wr_hive_end_new(hive, path, false, NULL);
	return NULL;
}

int wr_bcd_store_end(struct wr_hive *hive, const char *path, bool keep, struct wr_error *err)
{
	return wr_hive_end_new(hive, path, keep, err);
}

/* The key of object `guid`, created when `create`, else its Elements key. */
static int object_key(struct wr_hive *hive, const char *guid, bool create, wr_node *out,
                      struct wr_error *err)
{
	char canon[WR_GUID_STRLEN + 1], path[64];
	wr_node objects;
	int r;

	if (wr_guid_normalize(guid, canon) < 0) {
		wr_error_set(err, EINVAL, _("\"%s\" is not a GUID"), guid);
		return -1;
	}
	if (wr_bcd_objects_key(hive, &objects, err) < 0)
		return -1;
	if (create)
		return wr_hive_add_key(hive, objects, canon, out, err);
	snprintf(path, sizeof(path), "%s\\Elements", canon);
	r = wr_hive_lookup(hive, objects, path, out, err);
	if (r == 1)
		wr_error_set(err, ENOENT, _("the store has no object %s"), canon);
	return r == 0 ? 0 : -1;
}

/* The key of element `id` of object `guid`, created when missing. */
static int element_key(struct wr_hive *hive, const char *guid, uint32_t id, wr_node *out,
                       struct wr_error *err)
{
	wr_node elements;
	char name[9];

	snprintf(name, sizeof(name), "%08x", id); /* lower case, as Windows writes */
	if (object_key(hive, guid, false, &elements, err) < 0)
		return -1;
	return wr_hive_add_key(hive, elements, name, out, err);
}

int wr_bcd_put_object(struct wr_hive *hive, const char *guid, uint32_t type, struct wr_error *err)
{
	wr_node obj, desc, elements;

	if (object_key(hive, guid, true, &obj, err) < 0 ||
	    wr_hive_add_key(hive, obj, "Description", &desc, err) < 0 ||
	    wr_hive_set_dword(hive, desc, "Type", type, err) < 0)
		return -1;
	return wr_hive_add_key(hive, obj, "Elements", &elements, err);
}

int wr_bcd_put_element(struct wr_hive *hive, const char *guid, uint32_t id, uint32_t reg_type,
                       const void *data, size_t len, struct wr_error *err)
{
	wr_node el;

	if (element_key(hive, guid, id, &el, err) < 0)
		return -1;
	return wr_hive_set_value(hive, el, "Element", reg_type, data, len, err);
}

int wr_bcd_put_string(struct wr_hive *hive, const char *guid, uint32_t id, const char *s,
                      struct wr_error *err)
{
	char canon[WR_GUID_STRLEN + 1];
	wr_node el;

	/* Object references are stored as lower-case GUIDs. */
	if (((id >> 24) & 0xf) == 3 && wr_guid_normalize(s, canon) == 0)
		s = canon;
	if (element_key(hive, guid, id, &el, err) < 0)
		return -1;
	return wr_hive_set_string(hive, el, "Element", WR_REG_SZ, s, err);
}

int wr_bcd_put_object_list(struct wr_hive *hive, const char *guid, uint32_t id,
                           const char *const *guids, size_t n, struct wr_error *err)
{
	char canon[64][WR_GUID_STRLEN + 1];
	const char *list[64];
	wr_node el;

	if (n > 64) {
		wr_error_set(err, EINVAL, _("an object list holds at most 64 entries"));
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (wr_guid_normalize(guids[i], canon[i]) < 0) {
			wr_error_set(err, EINVAL, _("\"%s\" is not a GUID"), guids[i]);
			return -1;
		}
		list[i] = canon[i];
	}
	if (element_key(hive, guid, id, &el, err) < 0)
		return -1;
	return wr_hive_set_multi_sz(hive, el, "Element", list, n, err);
}

int wr_bcd_put_integer(struct wr_hive *hive, const char *guid, uint32_t id, uint64_t v,
                       struct wr_error *err)
{
	uint8_t b[8];

	wr_put_le(b, v, 8);
	return wr_bcd_put_element(hive, guid, id, WR_REG_BINARY, b, sizeof(b), err);
}

int wr_bcd_put_boolean(struct wr_hive *hive, const char *guid, uint32_t id, bool v,
                       struct wr_error *err)
{
	uint8_t b = v;

	return wr_bcd_put_element(hive, guid, id, WR_REG_BINARY, &b, 1, err);
}

int wr_bcd_delete_element(struct wr_hive *hive, const char *guid, uint32_t id, struct wr_error *err)
{
	wr_node elements, el;
	char name[9];
	int r;

	snprintf(name, sizeof(name), "%08x", id);
	if (object_key(hive, guid, false, &elements, err) < 0)
		return -1;
	r = wr_hive_lookup(hive, elements, name, &el, err);
	if (r != 0)
		return r;
	return wr_hive_delete_key(hive, el, err);
}

/* Options GUID none, descriptor type, flags 0, size 0x48 (see device.c). */
static void device_header(uint8_t out[WR_BCD_DEVICE_SIZE], uint32_t type)
{
	memset(out, 0, WR_BCD_DEVICE_SIZE);
	wr_put_le(out + 0x10, type, 4);
	wr_put_le(out + 0x18, WR_BCD_DEVICE_SIZE - 16, 4);
}

void wr_bcd_device_boot(uint8_t out[WR_BCD_DEVICE_SIZE])
{
	device_header(out, 5);
}

void wr_bcd_device_gpt(uint8_t out[WR_BCD_DEVICE_SIZE], const uint8_t disk[16],
                       const uint8_t partition[16])
{
	device_header(out, 6);
	memcpy(out + 0x20, partition, 16);
	wr_put_le(out + 0x34, 0, 4); /* GPT */
	memcpy(out + 0x38, disk, 16);
}

void wr_bcd_device_mbr(uint8_t out[WR_BCD_DEVICE_SIZE], uint32_t signature, uint64_t offset)
{
	device_header(out, 6);
	wr_put_le(out + 0x20, offset, 8);
	wr_put_le(out + 0x34, 1, 4); /* MBR */
	wr_put_le(out + 0x38, signature, 4);
}
