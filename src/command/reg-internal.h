/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reg-internal.h - what the files of reg.exe's offline subset share: data, walks, .reg files. */
#ifndef WR_REG_INTERNAL_H
#define WR_REG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/error.h"
#include "command.h"
#include "hive/hive.h"

/* ---- reg.c: the operations and their arguments ---- */

enum wr__reg_switch {
	WR_SW_V,  /* /v NAME */
	WR_SW_VE, /* the default value */
	WR_SW_VA, /* every value */
	WR_SW_T,  /* /t TYPE */
	WR_SW_S,  /* /s: below too; reg add's /s SEPARATOR */
	WR_SW_D,  /* /d DATA */
	WR_SW_F,  /* force: no question */
	WR_SW_Y,  /* export over a file */
	WR_SW_OA, /* compare: show all, */
	WR_SW_OD, /* ... the differences (the default), */
	WR_SW_OS, /* ... what is the same, */
	WR_SW_ON, /* ... nothing */
	WR_SW_COUNT,
};

/* A reg command's words: its operation's arguments (KEY, FILE, KEY2) and
 * switches, pointing into argv. */
struct wr__reg_args {
	const char *pos[2];
	bool has[WR_SW_COUNT];
	const char *arg[WR_SW_COUNT];
};

/* The value a command names: /v NAME, or "" for /ve. */
static inline const char *wr__reg_value_name(const struct wr__reg_args *a)
{
	return a->has[WR_SW_V] ? a->arg[WR_SW_V] : "";
}

/* A key as typed, where it is in the stage, and its node there (0 when
 * it is missing). */
struct wr__reg_key {
	const char *typed;
	size_t hive;
	char *path; /* from the hive's root, '\' separated */
	struct wr_hive *h;
	wr_node node;
};
/* Resolve `typed` (wr_cmd_reg_key); with `must_exist`, a missing key
 * fails as reg.exe's "unable to find". */
int wr__reg_key_open(struct wr_cmd_env *e, const char *typed, bool must_exist,
                     struct wr__reg_key *k, struct wr_error *err);
void wr__reg_key_close(struct wr__reg_key *k);
/* reg.exe's "unable to find" for value `name` ("" the default) of `k`
 * (NULL: the key itself); -1. */
int wr__reg_not_found(const struct wr__reg_key *k, const char *name, struct wr_error *err);
/* reg.exe's last line after a change. */
void wr__reg_done(struct wr_buf *out);

/* The operations (reg-edit.c, reg-query.c, reg-compare.c, reg-file.c). */
typedef int (*wr__reg_op)(struct wr_cmd_env *e, const struct wr__reg_args *a, struct wr_buf *out,
                          struct wr_error *err);
int wr__reg_add(struct wr_cmd_env *e, const struct wr__reg_args *a, struct wr_buf *out,
                struct wr_error *err);
int wr__reg_delete(struct wr_cmd_env *e, const struct wr__reg_args *a, struct wr_buf *out,
                   struct wr_error *err);
int wr__reg_copy(struct wr_cmd_env *e, const struct wr__reg_args *a, struct wr_buf *out,
                 struct wr_error *err);
int wr__reg_query(struct wr_cmd_env *e, const struct wr__reg_args *a, struct wr_buf *out,
                  struct wr_error *err);
int wr__reg_compare(struct wr_cmd_env *e, const struct wr__reg_args *a, struct wr_buf *out,
                    struct wr_error *err);
int wr__reg_export(struct wr_cmd_env *e, const struct wr__reg_args *a, struct wr_buf *out,
                   struct wr_error *err);
int wr__reg_import(struct wr_cmd_env *e, const struct wr__reg_args *a, struct wr_buf *out,
                   struct wr_error *err);

/* ---- reg-data.c: value types and data, as reg add takes and reg query shows them ---- */

/* "REG_SZ" for WR_REG_SZ ...; NULL for a type reg.exe has no name for. */
const char *wr__reg_type_name(uint32_t type);
/* reg add's /t NAME (any case): 0 and *type, or -1 naming it. */
int wr__reg_type_parse(const char *name, uint32_t *type, struct wr_error *err);

/*
 * reg add's /d DATA (NULL without /d) as the bytes reg.exe stores for
 * `type`: strings as UTF-16LE with their NUL (REG_NONE too), numbers
 * decimal or after 0x, binary as hex digits, REG_MULTI_SZ split at `sep`
 * (0: the two characters \0).  Fails naming the data.
 */
int wr__reg_data_parse(uint32_t type, const char *data, char sep, struct wr_value *out,
                       struct wr_error *err);

/* A value as reg.exe shows it: NAME, TYPE and DATA, `sep` between them,
 * every part made safe to show. */
void wr__reg_value_parts(const char *name, const struct wr_value *v, const char *sep,
                         struct wr_buf *out);
/* One value as reg query lists it: "    NAME    TYPE    DATA\n". */
void wr__reg_value_line(const char *name, const struct wr_value *v, struct wr_buf *out);

/* A key as reg.exe names it: "HKEY_LOCAL_MACHINE\..." from the key as
 * typed (HKLM spelled out, one trailing '\' dropped), then `rel` below it
 * ("" for the key itself); as it is, or made safe to show. */
void wr__reg_key_full(const char *typed, const char *rel, struct wr_buf *out);
void wr__reg_subkey_shown(const char *typed, const char *rel, struct wr_buf *out);

/* ---- reg-walk.c: a key and the keys below it ---- */

/*
 * Visit `start` and, with `recurse`, every key below it, parents first and
 * subkeys in hive order; `rel` is the path from `start` ("" for it, then
 * "Sub", "Sub\Deeper").  Iterative, at most WR_REG_MAX_DEPTH levels, and a
 * damaged hive whose keys loop fails (EINVAL) instead of going round.  A
 * visit returns 0, WR_REG_WALK_PRUNE to leave out the keys below this one,
 * or -1 to stop the walk (the walk then returns -1).
 */
#define WR_REG_MAX_DEPTH  512
#define WR_REG_WALK_PRUNE 1
typedef int (*wr__reg_visit)(void *ctx, wr_node node, const char *rel, struct wr_error *err);
int wr__reg_walk(struct wr_hive *h, wr_node start, bool recurse, wr__reg_visit visit, void *ctx,
                 struct wr_error *err);

/* The values of `node` in hive order (names malloc'd, values owned). */
struct wr__reg_values {
	char **names;
	struct wr_value *values;
	size_t n;
};
int wr__reg_values_read(struct wr_hive *h, wr_node node, struct wr__reg_values *out,
                        struct wr_error *err);
void wr__reg_values_free(struct wr__reg_values *v);

/* ---- reg-file-read.c: .reg files read ---- */

/* The largest .reg file read: far above any key an article exports. */
#define WR_REGFILE_MAX (64u << 20)

struct wr_regfile_value {
	unsigned line;
	char *name;  /* "" for @ */
	bool remove; /* "name"=- */
	struct wr_value v;
};

struct wr_regfile_key {
	unsigned line;
	char *path;  /* as written: "HKEY_LOCAL_MACHINE\..." */
	bool remove; /* [-KEY] */
	struct wr_regfile_value *values;
	size_t n_values, room;
};

struct wr_regfile {
	struct wr_regfile_key *keys;
	size_t n_keys, room;
};

/*
 * Parse a .reg file's bytes: "Windows Registry Editor Version 5.00" in
 * UTF-16LE (BOM or not) or UTF-8, or REGEDIT4 (UTF-8, else Windows-1252),
 * CRLF or LF.  Fails (EINVAL) with one line naming `name` and the line
 * number.  Nothing in it is checked against any hive.
 */
int wr__regfile_parse(const uint8_t *data, size_t len, const char *name, struct wr_regfile *out,
                      struct wr_error *err);
void wr__regfile_free(struct wr_regfile *f);

/* ---- reg-file-write.c: .reg files written ---- */

/*
 * A version 5 file as regedit and reg export write it, made as UTF-8
 * text and then encoded: the header line, a "[KEY]" section per key (its
 * name in it as given) with one line per value, and the blank line that
 * ends the file.  A name with a line break cannot be written (EINVAL).
 */
void wr__regfile_begin(struct wr_buf *text);
int wr__regfile_key(const char *shown, struct wr_buf *text, struct wr_error *err);
int wr__regfile_value(const char *name, const struct wr_value *v, struct wr_buf *text,
                      struct wr_error *err);
void wr__regfile_end(struct wr_buf *text);
/* The text as the file's bytes: UTF-16LE after its BOM (malloc'd). */
int wr__regfile_encode(const struct wr_buf *text, uint8_t **data, size_t *len,
                       struct wr_error *err);

#endif
