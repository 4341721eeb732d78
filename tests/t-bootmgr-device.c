/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-bootmgr-device.c - repair bootmgr with the disks described in memory: on a real UEFI and a
 * real BIOS store whose {bootmgr} is taken away, the object it stages has every element the
 * original had, with the same registry type and bytes (device and path included). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "bcd/bcd.h"
#include "hive/hive.h"
#include "repair/repair.h"
#include "tap.h"
#include "txn/txn.h"

/* Where the UEFI fixture's {bootmgr} device points: its ESP, by the disk
 * and partition GUIDs the device element holds. */
#define REGIPY_DISK "{0b2394a9-095e-487d-8d48-719ecd4d78ca}"
#define REGIPY_ESP  "{36be3955-63bf-4068-a6ab-00195cca3a22}"

struct disk {
	struct wr_disk disk;
	struct wr_part part;
	struct wr_inventory inv;
};

static void one_disk(struct disk *d, bool gpt)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->disk.table, sizeof(d->disk.table), "%s", gpt ? "gpt" : "mbr");
	snprintf(d->disk.disk_guid, sizeof(d->disk.disk_guid), "%s", gpt ? REGIPY_DISK : "");
	d->disk.signature = gpt ? 0 : 0x5a1e7b2cu;
	snprintf(d->part.name, sizeof(d->part.name), "disk.img#1");
	snprintf(d->part.guid, sizeof(d->part.guid), "%s", gpt ? REGIPY_ESP : "");
	d->part.start = 1 << 20;
	d->part.number = 1;
	d->inv =
	    (struct wr_inventory){.disks = &d->disk, .n_disks = 1, .parts = &d->part, .n_parts = 1};
}

/* The fixture copied here and opened, without its {bootmgr}. */
static struct wr_hive *without_bootmgr(const char *fixture, const char *copy)
{
	struct wr_error err = {0};
	struct wr_hive *h = NULL;
	uint8_t *img = NULL;
	size_t len;
	wr_node bm;

	if (wr_file_read(fixture, 1u << 24, &img, &len, &err) == 0 &&
	    wr_file_write_new(copy, img, len, 0600, &err) == 0)
		h = wr_hive_open(copy, WR_HIVE_WRITE, &err);
	free(img);
	if (h &&
	    (wr_hive_lookup(h, wr_hive_root(h), "Objects\\" WR_BCD_GUID_BOOTMGR, &bm, &err) != 0 ||
	     wr_hive_delete_key(h, bm, &err) < 0)) {
		wr_hive_close(h);
		h = NULL;
	}
	if (!h)
		diag("%s: %s", fixture, err.msg);
	return h;
}

/* Element ids of `a` that `b` lacks or has with other bytes, as text. */
static void differences(const struct wr_bcd_object *a, const struct wr_bcd_object *b, char *out,
                        size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < a->n_elements; i++) {
		const struct wr_bcd_element *x = &a->elements[i];
		const struct wr_bcd_element *y = wr_bcd_object_element(b, x->id);

		if (!y || y->reg_type != x->reg_type || y->len != x->len ||
		    memcmp(y->data, x->data, x->len) != 0)
			used += (size_t)snprintf(out + used, len - used, " %08x", x->id);
		if (used >= len)
			return;
	}
}

static void test_store(const char *name, const char *file, bool uefi)
{
	const char *fixture = tap_fixture(file);
	struct wr_error err = {0};
	struct wr_bcd *orig, *now;
	struct wr_stage *stage;
	struct wr_repair_opts o;
	struct wr_hive *h;
	struct disk d;
	size_t hive = 0;
	char diff1[200], diff2[200];
	const struct wr_bcd_object *a, *b;

	if (!fixture) {
		ok(1, "# SKIP %s not available", file);
		return;
	}
	orig = wr_bcd_open(fixture, &err);
	h = without_bootmgr(fixture, tap_path(name));
	stage = wr_stage_new();
	one_disk(&d, uefi);
	wr_repair_opts_default(&o);
	o.inv = &d.inv;
	o.store_part = &d.part;
	o.store_uefi = uefi;
	if (!orig || !h || !stage ||
	    wr_stage_add_hive(stage, h, WR_KIND_BCD, name, "BCD00000000", NULL, &hive, &err) < 0 ||
	    wr_repair_stage(WR_REPAIR_BOOTMGR, stage, hive, &o, &err) != 0) {
		ok(0, "%s: bootmgr staged: %s", name, err.msg);
		goto out;
	}
	now = wr_bcd_load(h, &err);
	a = wr_bcd_get(orig, WR_BCD_GUID_BOOTMGR);
	b = now ? wr_bcd_get(now, WR_BCD_GUID_BOOTMGR) : NULL;
	ok(a && b && b->type == WR_BCD_TYPE_BOOTMGR, "%s: {bootmgr} is back, type 0x10100002",
	   name);
	if (a && b) {
		differences(a, b, diff1, sizeof(diff1));
		differences(b, a, diff2, sizeof(diff2));
		ok(!diff1[0], "%s: every element Windows wrote is there, same bytes (differ:%s)",
		   name, diff1[0] ? diff1 : " none");
		ok(!diff2[0], "%s: and no other (extra:%s)", name, diff2[0] ? diff2 : " none");
		ok(wr_bcd_object_element(b, 0x11000001) &&
		       (uefi == (wr_bcd_object_element(b, 0x12000002) != NULL)),
		   "%s: a device, and a path only on UEFI", name);
	}
	wr_bcd_free(now);
out:
	wr_stage_free(stage);
	wr_hive_close(h);
	wr_bcd_free(orig);
}

int main(void)
{
	test_store("uefi", "bcd-win10-uefi-regipy.hive", true);
	test_store("bios", "bcd-win10-bios-windeploy-linux.hive", false);
	return tap_done();
}
