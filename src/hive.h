/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hive.h - registry hive access over libhivex: open, look up, read, edit, commit. */
#ifndef WR_HIVE_H
#define WR_HIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "regf.h"

struct wr_hive;

/* A key in an open hive.  0 is never a valid key.  Keys stay valid until
 * the hive is closed (hivex appends new cells, it never moves old ones). */
typedef size_t wr_node;

enum wr_reg_type {
	WR_REG_NONE = 0,
	WR_REG_SZ = 1,
	WR_REG_EXPAND_SZ = 2,
	WR_REG_BINARY = 3,
	WR_REG_DWORD = 4,
	WR_REG_DWORD_BE = 5,
	WR_REG_LINK = 6,
	WR_REG_MULTI_SZ = 7,
	WR_REG_QWORD = 11,
};

/* A value's type and bytes, owned by the caller (wr_value_clear). */
struct wr_value {
	uint32_t type;
	size_t len;
	uint8_t *data;
};

enum wr_hive_flags {
	WR_HIVE_WRITE = 1 << 0, /* allow edits in memory (nothing is written until commit) */
};

/*
 * Open the hive file at `path`.  Checks, in order, that it is a readable
 * regular file, that its base block is valid (regf.h) and that hivex can
 * walk it; each failure gives one message naming the file.  The returned
 * hive holds the parsed header and the root key's name.
 */
struct wr_hive *wr_hive_open(const char *path, int flags, struct wr_error *err);
void wr_hive_close(struct wr_hive *hive);

const char *wr_hive_path(const struct wr_hive *hive);
const struct wr_regf_header *wr_hive_header(const struct wr_hive *hive);
const char *wr_hive_root_name(const struct wr_hive *hive);
wr_node wr_hive_root(const struct wr_hive *hive);

/*
 * Find the key at `path` below `from` ("Objects\\{guid}\\Elements"; '\\' or
 * '/' separate components; an empty path is `from` itself).  Names compare
 * case-insensitively, as Windows compares them.
 * Returns 0 and sets *out when found, 1 when a component is missing, -1 on
 * error.
 */
int wr_hive_lookup(struct wr_hive *hive, wr_node from, const char *path, wr_node *out,
                   struct wr_error *err);

/* Subkeys of `node`, in hive order.  *out is malloc'd (free it). */
int wr_hive_children(struct wr_hive *hive, wr_node node, wr_node **out, size_t *n,
                     struct wr_error *err);

/* A key's name as UTF-8 (malloc'd), or NULL with `err` set. */
char *wr_hive_node_name(struct wr_hive *hive, wr_node node, struct wr_error *err);

/* Names of the values of `node` (malloc'd array of malloc'd strings; "" is
 * the default value). */
int wr_hive_value_names(struct wr_hive *hive, wr_node node, char ***names, size_t *n,
                        struct wr_error *err);

/* Read value `name` of `node`.  Returns 0, 1 when there is no such value,
 * -1 on error. */
int wr_hive_get_value(struct wr_hive *hive, wr_node node, const char *name, struct wr_value *out,
                      struct wr_error *err);
void wr_value_clear(struct wr_value *v);

/* Typed views of a value; each checks type and length (EINVAL otherwise). */
int wr_value_dword(const struct wr_value *v, uint32_t *out, struct wr_error *err);
int wr_value_qword(const struct wr_value *v, uint64_t *out, struct wr_error *err);
/* REG_SZ / REG_EXPAND_SZ as UTF-8, cut at the first NUL (malloc'd). */
char *wr_value_string(const struct wr_value *v, struct wr_error *err);
/* REG_MULTI_SZ as a NULL-terminated array of UTF-8 strings, without the
 * empty string the final terminator would give (free with wr_strv_free). */
char **wr_value_multi_sz(const struct wr_value *v, size_t *n, struct wr_error *err);
void wr_strv_free(char **v);

/* Edits: only on hives opened with WR_HIVE_WRITE (EROFS otherwise).  They
 * change the in-memory image; the file is untouched until wr_hive_commit. */
int wr_hive_set_value(struct wr_hive *hive, wr_node node, const char *name, uint32_t type,
                      const void *data, size_t len, struct wr_error *err);
int wr_hive_set_dword(struct wr_hive *hive, wr_node node, const char *name, uint32_t v,
                      struct wr_error *err);
int wr_hive_set_qword(struct wr_hive *hive, wr_node node, const char *name, uint64_t v,
                      struct wr_error *err);
/* REG_SZ or REG_EXPAND_SZ (type) from UTF-8. */
int wr_hive_set_string(struct wr_hive *hive, wr_node node, const char *name, uint32_t type,
                       const char *utf8, struct wr_error *err);
int wr_hive_set_multi_sz(struct wr_hive *hive, wr_node node, const char *name,
                         const char *const *strings, size_t n, struct wr_error *err);
/* Returns 0 when deleted, 1 when there was no such value. */
int wr_hive_delete_value(struct wr_hive *hive, wr_node node, const char *name,
                         struct wr_error *err);
/* Open subkey `name` of `parent`, creating it when missing. */
int wr_hive_add_key(struct wr_hive *hive, wr_node parent, const char *name, wr_node *out,
                    struct wr_error *err);
/* Delete `node` and everything below it (not the root). */
int wr_hive_delete_key(struct wr_hive *hive, wr_node node, struct wr_error *err);

/*
 * Write the edited image to `path`, replacing what is there: callers give a
 * temporary name and move the result into place (wr_file_publish).  Both
 * sequence numbers become equal, a version 1.3 hive gets "lf" subkey lists
 * and the checksum is made what Windows expects.  Refuses (EBUSY) a hive that
 * was dirty when opened: committing it would throw away its transaction logs.
 */
int wr_hive_commit(struct wr_hive *hive, const char *path, struct wr_error *err);

#endif
