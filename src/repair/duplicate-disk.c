/* SPDX-License-Identifier: GPL-3.0-or-later */
/* duplicate-disk.c - two attached disks, or partitions, with the same identity: a check that only
 * reports. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "base/i18n.h"
#include "internal.h"
#include "repair.h"

/* One report line for disks `a` and `b` when they have the same MBR
 * signature or GPT disk GUID; whether they have. */
static bool same_disk(const struct wr_disk *a, const struct wr_disk *b, struct wr_buf *report)
{
	bool mbr = strcmp(a->table, "mbr") == 0 && strcmp(b->table, "mbr") == 0 &&
	           a->signature != 0 && a->signature == b->signature;
	bool gpt = strcmp(a->table, "gpt") == 0 && strcmp(b->table, "gpt") == 0 &&
	           a->disk_guid[0] && strcmp(a->disk_guid, b->disk_guid) == 0;

	if (report && mbr)
		wr_buf_printf(report, _("  %s and %s: the same MBR disk signature %08x\n"), a->path,
		              b->path, a->signature);
	if (report && gpt)
		wr_buf_printf(report, _("  %s and %s: the same GPT disk GUID %s\n"), a->path,
		              b->path, a->disk_guid);
	return mbr || gpt;
}

/* The same for two GPT partitions' unique GUIDs, unless their disks are
 * the same already (a cloned disk: its line says it all). */
static bool same_partition(const struct wr_inventory *inv, const struct wr_part *a,
                           const struct wr_part *b, struct wr_buf *report)
{
	bool same =
	    a->guid[0] && strcmp(a->guid, b->guid) == 0 &&
	    (a->disk == b->disk || !same_disk(&inv->disks[a->disk], &inv->disks[b->disk], NULL));

	if (report && same)
		wr_buf_printf(report, _("  %s and %s: the same GPT partition GUID %s\n"), a->name,
		              b->name, a->guid);
	return same;
}

/*
 * Catalog B-1, the device unknown after a Windows rescue VM: with two disks
 * of the same identity online, Windows gives one of them a new signature,
 * and the store then names a disk that is not there.  Only pairs that
 * include the store's own disk matter to it.
 */
int wr__repair_duplicate_disk(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                              bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	const struct wr_inventory *inv = o->inv;
	size_t mine;

	(void)s;
	(void)hive;
	(void)apply; /* report_only: never called to apply */
	if (!inv || !o->store_part) {
		wr_error_set(
		    err, EINVAL, "%s",
		    _("a store file does not say which partitions it boots: open the disk"));
		return -1;
	}
	mine = o->store_part->disk;
	for (size_t a = 0; a < inv->n_disks; a++)
		for (size_t b = a + 1; b < inv->n_disks; b++)
			if ((a == mine || b == mine) &&
			    same_disk(&inv->disks[a], &inv->disks[b], report))
				*needed = true;
	for (size_t a = 0; a < inv->n_parts; a++)
		for (size_t b = a + 1; b < inv->n_parts; b++)
			if ((inv->parts[a].disk == mine || inv->parts[b].disk == mine) &&
			    same_partition(inv, &inv->parts[a], &inv->parts[b], report))
				*needed = true;
	return 0;
}
