/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcd.h - a BCD store loaded into memory: objects, their types and raw elements. */
#ifndef WR_BCD_H
#define WR_BCD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "guid.h"
#include "hive.h"

/* One element as stored: Objects\{guid}\Elements\<id>\Element. */
struct wr_bcd_element {
	uint32_t id;       /* the key name, parsed as hex */
	uint32_t reg_type; /* registry type of the Element value */
	size_t len;
	uint8_t *data;
};

struct wr_bcd_object {
	char guid[WR_GUID_STRLEN + 1]; /* canonical "{lower-case}" */
	uint32_t type;                 /* Description\Type; 0 when missing */
	bool has_type;
	size_t n_elements;
	struct wr_bcd_element *elements; /* sorted by id */
};

/* Something in the store that is not as Windows writes it; reported, not
 * fatal (the store is still shown). */
struct wr_bcd_problem {
	char guid[WR_GUID_STRLEN + 1]; /* object concerned ("" for the store) */
	uint32_t element;              /* element concerned, 0 for the object */
	char msg[200];
};

struct wr_bcd;

/*
 * Snapshot the BCD store in `hive` (which the caller keeps and closes).
 * Fails (EINVAL) when the hive has no Objects key: it is not a BCD store.
 * Keys that do not parse (object names that are not GUIDs, element names
 * that are not 8 hex digits, missing Element values) become problems.
 */
struct wr_bcd *wr_bcd_load(struct wr_hive *hive, struct wr_error *err);

/* The store's Objects key; fails (EINVAL) when the hive is not a BCD store. */
int wr_bcd_objects_key(struct wr_hive *hive, wr_node *out, struct wr_error *err);

/* Open the hive file at `path` read-only, load it and close it. */
struct wr_bcd *wr_bcd_open(const char *path, struct wr_error *err);

void wr_bcd_free(struct wr_bcd *bcd);

const char *wr_bcd_path(const struct wr_bcd *bcd);
const char *wr_bcd_root_name(const struct wr_bcd *bcd);
const struct wr_regf_header *wr_bcd_header(const struct wr_bcd *bcd);

/* Objects in GUID order. */
size_t wr_bcd_count(const struct wr_bcd *bcd);
const struct wr_bcd_object *wr_bcd_object(const struct wr_bcd *bcd, size_t i);

size_t wr_bcd_problem_count(const struct wr_bcd *bcd);
const struct wr_bcd_problem *wr_bcd_problem(const struct wr_bcd *bcd, size_t i);

/* The object with this canonical GUID, or NULL. */
const struct wr_bcd_object *wr_bcd_get(const struct wr_bcd *bcd, const char *guid);

/*
 * Resolve what a user typed: a GUID (any case, braces optional), an alias
 * ("{bootmgr}", "memdiag"), or {default} (the object {bootmgr}'s `default`
 * element names).  {current} fails with a message saying it only exists on
 * a running Windows.  Returns NULL with EINVAL when `id` is neither a GUID
 * nor an alias, ENOENT when the store has no such object.
 */
const struct wr_bcd_object *wr_bcd_find(const struct wr_bcd *bcd, const char *id,
                                        struct wr_error *err);

/* The GUID {bootmgr}'s `default` element holds (canonical), or NULL when
 * there is none or it is not a GUID.  The object need not exist. */
const char *wr_bcd_default_guid(const struct wr_bcd *bcd);

/* Element `id` of `obj` itself (no inheritance), or NULL. */
const struct wr_bcd_element *wr_bcd_object_element(const struct wr_bcd_object *obj, uint32_t id);

#endif
