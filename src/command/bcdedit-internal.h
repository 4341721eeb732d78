/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcdedit-internal.h - what the files of bcdedit's offline subset share: the store a command
 * works on, its words, the values and devices it writes. */
#ifndef WR_COMMAND_BCDEDIT_INTERNAL_H
#define WR_COMMAND_BCDEDIT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bcd/bcd.h"
#include "command.h"

/* What one bcdedit command works on. */
struct bcdedit {
	struct wr_cmd_env *env;
	struct wr_stage *stage;
	size_t hive;        /* the store's stage index */
	struct wr_bcd *bcd; /* the store as staged when the command began */
	bool verbose;       /* /v: GUIDs rather than aliases */
	struct wr_buf *out;
	struct wr_error *err;
};

#define BCDEDIT_MAX_OPTIONS 6

/* A command's words after its switch: the plain words in order, and each of
 * its options (in the order its table entry names them): NULL when not
 * given, "" for a switch given without a value, else the value. */
struct bcdedit_args {
	const char *const *words;
	size_t n;
	const char *option[BCDEDIT_MAX_OPTIONS];
};

typedef int (*bcdedit_fn)(struct bcdedit *b, const struct bcdedit_args *a);

/* bcdedit.c: the words of a command. */

/* Whether `word` is switch `name` ("/set", "-SET" for "set"). */
bool bcdedit_is_switch(const char *word, const char *name);
/* "The operation completed successfully." */
int bcdedit_done(struct bcdedit *b);
/* The object `id` names (a GUID, {bootmgr}, {default}...); NULL with the
 * error naming it ({current} says it exists only on a running Windows). */
const struct wr_bcd_object *bcdedit_object(struct bcdedit *b, const char *id);
/* The GUID `id` names, as bcdedit stores references (lower case): an
 * object of the store; with `dangling`, also a GUID that is none (to take
 * a stale one out of a list). */
int bcdedit_guid(struct bcdedit *b, const char *id, bool dangling, char out[WR_GUID_STRLEN + 1]);

/* bcdedit-values.c: element names and values. */

/* Element `name` of `obj` (bcdedit's name for it in an object of that type,
 * or custom:XXXXXXXX), its id and what we know of it (NULL for custom). */
int bcdedit_element(struct bcdedit *b, const struct wr_bcd_object *obj, const char *name,
                    uint32_t *id, const struct wr_bcd_element_info **info);
/* yes/no, on/off, true/false, 1/0, any case; the error names `what`. */
int bcdedit_boolean(struct bcdedit *b, const char *word, const char *what, bool *v);
/* A whole number, decimal or 0x hex; the error names `what`. */
int bcdedit_integer(struct bcdedit *b, const char *word, const char *what, uint64_t *v);
/* A string as Windows writes it (UTF-16LE, one NUL), REG_SZ. */
int bcdedit_set_string(struct bcdedit *b, const char *guid, uint32_t id, const char *text);

/* bcdedit-lists.c: object lists (display orders, inherit). */

enum bcdedit_list_edit {
	BCDEDIT_LIST_SET,      /* the list becomes the ids given */
	BCDEDIT_LIST_ADDFIRST, /* one id, moved or added to the top */
	BCDEDIT_LIST_ADDLAST,  /* one id, moved or added to the end */
	BCDEDIT_LIST_REMOVE,   /* one id taken out; an empty list is deleted */
};

/* The edit /addfirst, /addlast or /remove (options 0-2 of `a`) asks for;
 * fails when more than one is given. */
int bcdedit_list_mode(struct bcdedit *b, const struct bcdedit_args *a,
                      enum bcdedit_list_edit *mode);
/* Edit object list `id` of object `guid` with the ids given. */
int bcdedit_edit_list(struct bcdedit *b, const char *guid, uint32_t id, enum bcdedit_list_edit mode,
                      const char *const *ids, size_t n);
/* Set object list `id` of `guid` to `guids` (canonical); delete it when
 * `n` is 0. */
int bcdedit_set_list(struct bcdedit *b, const char *guid, uint32_t id, const char *const *guids,
                     size_t n);

/* bcdedit-device.c: device values. */

/* The bytes of device `text` (boot, partition=F:, ramdisk=[F:]\path,{id})
 * for a device element of `obj` (malloc'd into *data). */
int bcdedit_device(struct bcdedit *b, const struct wr_bcd_object *obj, const char *text,
                   uint8_t **data, size_t *len);

/* The commands, each in the file of its concern. */
int bcdedit_enum(struct bcdedit *b, const struct bcdedit_args *a);
int bcdedit_set(struct bcdedit *b, const struct bcdedit_args *a);
int bcdedit_deletevalue(struct bcdedit *b, const struct bcdedit_args *a);
int bcdedit_create(struct bcdedit *b, const struct bcdedit_args *a);
int bcdedit_copy(struct bcdedit *b, const struct bcdedit_args *a);
int bcdedit_delete(struct bcdedit *b, const struct bcdedit_args *a);
int bcdedit_default(struct bcdedit *b, const struct bcdedit_args *a);
int bcdedit_displayorder(struct bcdedit *b, const struct bcdedit_args *a);
int bcdedit_toolsdisplayorder(struct bcdedit *b, const struct bcdedit_args *a);
int bcdedit_bootsequence(struct bcdedit *b, const struct bcdedit_args *a);
int bcdedit_timeout(struct bcdedit *b, const struct bcdedit_args *a);
int bcdedit_ems(struct bcdedit *b, const struct bcdedit_args *a);
int bcdedit_bootems(struct bcdedit *b, const struct bcdedit_args *a);
int bcdedit_debug(struct bcdedit *b, const struct bcdedit_args *a);
int bcdedit_bootdebug(struct bcdedit *b, const struct bcdedit_args *a);
int bcdedit_emssettings(struct bcdedit *b, const struct bcdedit_args *a);
int bcdedit_dbgsettings(struct bcdedit *b, const struct bcdedit_args *a);
int bcdedit_export(struct bcdedit *b, const struct bcdedit_args *a);
int bcdedit_import(struct bcdedit *b, const struct bcdedit_args *a);

#endif
