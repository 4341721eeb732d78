/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcd-enum.h - listing a store as `bcdedit /enum` does, as text or JSON. */
#ifndef WR_BCD_ENUM_H
#define WR_BCD_ENUM_H

#include <stdbool.h>

#include "bcd-device.h"
#include "bcd.h"
#include "buf.h"

struct wr_bcd_enum_opts {
	bool all;       /* every object (bcdedit /enum all) */
	bool verbose;   /* GUIDs instead of aliases, template elements too (/v) */
	bool inherited; /* also show effective values inherited from settings objects */
	const char *id; /* just this object (GUID or alias), or NULL */
	/* Names partitions on attached disks (struct wr_bcd_device_names). */
	bool (*partition)(const struct wr_bcd_device *dev, struct wr_buf *out, void *opaque);
	void *partition_opaque;
};

/*
 * The objects to list, in bcdedit's order: by default {bootmgr} and the
 * entries of its displayorder (all OS loaders when it has none); with `all`,
 * every object grouped by type (firmware boot manager, boot manager,
 * firmware applications, loaders, resume, memory tester, ..., settings,
 * device options); with `id`, that object.  *list is malloc'd.
 */
int wr_bcd_enum_select(const struct wr_bcd *bcd, const struct wr_bcd_enum_opts *opts,
                       const struct wr_bcd_object ***list, size_t *n, struct wr_error *err);

/* The section heading of an object (for a type with no known heading, a
 * generic one with the type number), translated when `translate`. */
void wr_bcd_object_title(const struct wr_bcd_object *obj, bool translate, struct wr_buf *out);

/* bcdedit-style text: a blank line, heading, dashes, then "name  value" rows
 * with the name padded to 24 columns. */
int wr_bcd_enum_text(const struct wr_bcd *bcd, const struct wr_bcd_enum_opts *opts,
                     struct wr_buf *out, struct wr_error *err);

/* The same selection as JSON (schema in winrescue(1) and README.md). */
int wr_bcd_enum_json(const struct wr_bcd *bcd, const struct wr_bcd_enum_opts *opts,
                     struct wr_buf *out, struct wr_error *err);

struct wr_json;

/* The same object as member `key` of an object being written to `j` (NULL
 * inside an array). */
int wr_bcd_enum_json_member(const struct wr_bcd *bcd, const struct wr_bcd_enum_opts *opts,
                            struct wr_json *j, const char *key, struct wr_error *err);

/*
 * Check the whole store: elements whose data does not decode, problems found
 * while loading, and inherit lists with cycles or references to missing
 * objects.  Appends one line per problem to `out`; returns their number.
 */
size_t wr_bcd_check(const struct wr_bcd *bcd, struct wr_buf *out);

#endif
