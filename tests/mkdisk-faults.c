/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mkdisk-faults.c - the boot store faults repair rebuild mends, on a built demo disk: the
 * store deleted, junk, cut short, emptied, without {bootmgr}, without its loader. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "bcd/bcd.h"
#include "hive/hive.h"
#include "mkdisk-faults.h"

#define CUT_TO 6144 /* the base block and half the first bin */

static const char *const faults[] = {"clean",      "nostore",      "badstore", "truncstore",
                                     "emptystore", "nobootmgrobj", "noloader"};

bool mkdisk_store_fault_known(const char *fault)
{
	for (size_t i = 0; i < sizeof(faults) / sizeof(*faults); i++)
		if (strcmp(fault, faults[i]) == 0)
			return true;
	return false;
}

/* 16 KiB from a fixed sequence: no hive, and the same bytes every time. */
static int junk(struct wr_guest *g, const struct wr_part *p, const char *path, struct wr_error *err)
{
	static uint8_t bytes[16384];
	uint32_t x = 0x5eed;

	for (size_t i = 0; i < sizeof(bytes); i++) {
		x = x * 1103515245u + 12345u;
		bytes[i] = (uint8_t)(x >> 16);
	}
	return wr_guest_write(g, p, path, bytes, sizeof(bytes), err);
}

static int cut_short(struct wr_guest *g, const struct wr_part *p, const char *path,
                     struct wr_error *err)
{
	uint8_t *data;
	size_t len;
	int r;

	if (wr_guest_read(g, p, path, 1 << 20, &data, &len, err) < 0)
		return -1;
	r = wr_guest_write(g, p, path, data, len < CUT_TO ? len : CUT_TO, err);
	free(data);
	return r;
}

/* What bcdedit /createstore leaves: the real one among the fixtures. */
static int emptied(struct wr_guest *g, const struct wr_part *p, const char *path,
                   struct wr_error *err)
{
	const char *dir = getenv("WINRESCUE_FIXTURES");
	char local[PATH_MAX];

	if (!dir) {
		wr_error_set(err, ENOENT, "emptystore needs WINRESCUE_FIXTURES");
		return -1;
	}
	snprintf(local, sizeof(local), "%s/bcd-empty-createstore-go-bcdedit.hive", dir);
	return wr_guest_upload(g, p, local, path, err);
}

/* The store without the object `guid`, its key and all below it. */
static int without_object(struct wr_guest *g, const struct wr_part *p, const char *path,
                          const char *guid, const char *tmp, struct wr_error *err)
{
	char local[PATH_MAX], key[80];
	struct wr_hive *h;
	wr_node obj;
	int r;

	snprintf(local, sizeof(local), "%.200s/store-fault", tmp);
	snprintf(key, sizeof(key), "Objects\\%s", guid);
	unlink(local);
	if (wr_guest_fetch(g, p, path, local, err) != 0 ||
	    !(h = wr_hive_open(local, WR_HIVE_WRITE, err)))
		return -1;
	r = wr_hive_lookup(h, wr_hive_root(h), key, &obj, err) == 0 &&
	            wr_hive_delete_key(h, obj, err) == 0 && wr_hive_commit(h, local, err) == 0
	        ? wr_guest_upload(g, p, local, path, err)
	        : -1;
	wr_hive_close(h);
	unlink(local);
	return r;
}

int mkdisk_store_fault(struct wr_guest *g, const struct wr_part *p, bool bios, const char *fault,
                       const char *tmp, struct wr_error *err)
{
	const char *path = bios ? "/Boot/BCD" : "/EFI/Microsoft/Boot/BCD";
	int r;

	if (strcmp(fault, "clean") == 0)
		return 0; /* a store to copy the others from */
	if (strcmp(fault, "nostore") == 0)
		r = wr_guest_remove(g, p, path, err);
	else if (strcmp(fault, "badstore") == 0)
		r = junk(g, p, path, err);
	else if (strcmp(fault, "truncstore") == 0)
		r = cut_short(g, p, path, err);
	else if (strcmp(fault, "emptystore") == 0)
		r = emptied(g, p, path, err);
	else if (strcmp(fault, "nobootmgrobj") == 0)
		r = without_object(g, p, path, WR_BCD_GUID_BOOTMGR, tmp, err);
	else if (strcmp(fault, "noloader") == 0)
		r = without_object(g, p, path, WR_DEMO_LOADER, tmp, err);
	else
		r = (wr_error_set(err, EINVAL, "unknown fault %s", fault), -1);
	return r < 0 ? -1 : wr_guest_sync(g, p, err);
}
