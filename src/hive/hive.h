/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hive.h - the hive module: registry hives over libhivex (open, look up, read, edit, commit), new
 * hives, logs beside a hive file. */
#ifndef WR_HIVE_H
#define WR_HIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "regf/regf.h"

/* ---- hive.c, edit.c: hives over libhivex ---- */

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

/* When a key was last written, as its record says (a FILETIME: 100 ns
 * since 1601-01-01 UTC). */
int wr_hive_node_timestamp(struct wr_hive *hive, wr_node node, uint64_t *out, struct wr_error *err);
/* A key's timestamp as "2019-03-01 10:00:00 UTC" ("?" when out of range). */
void wr_filetime_text(uint64_t filetime, char out[32]);

/* Names of the values of `node` (malloc'd array of malloc'd strings; "" is
 * the default value). */
int wr_hive_value_names(struct wr_hive *hive, wr_node node, char ***names, size_t *n,
                        struct wr_error *err);

/* Read value `name` of `node`.  Returns 0, 1 when there is no such value,
 * -1 on error. */
int wr_hive_get_value(struct wr_hive *hive, wr_node node, const char *name, struct wr_value *out,
                      struct wr_error *err);
void wr_value_clear(struct wr_value *v);
/* Whether two values have the same type and bytes. */
bool wr_value_equal(const struct wr_value *a, const struct wr_value *b);
/* Copy `src` into `dst` (bytes of its own); -1 when out of memory, `dst`
 * then untouched. */
int wr_value_copy(struct wr_value *dst, const struct wr_value *src);

/* Typed views of a value; each checks type and length (EINVAL otherwise). */
int wr_value_dword(const struct wr_value *v, uint32_t *out, struct wr_error *err);
int wr_value_qword(const struct wr_value *v, uint64_t *out, struct wr_error *err);
/* REG_SZ / REG_EXPAND_SZ as UTF-8, cut at the first NUL (malloc'd). */
char *wr_value_string(const struct wr_value *v, struct wr_error *err);
/* REG_MULTI_SZ as a NULL-terminated array of UTF-8 strings, without the
 * empty string the final terminator would give (free with wr_strv_free). */
char **wr_value_multi_sz(const struct wr_value *v, size_t *n, struct wr_error *err);
void wr_strv_free(char **v);

/* ---- value-text.c: a value as text to edit, and that text back ---- */

/*
 * How a value edits as text: a number (REG_DWORD and REG_QWORD of their
 * size), text (REG_SZ and REG_EXPAND_SZ, but only when the text gives back
 * the very same bytes: no junk after the NUL, a NUL at the end, an even
 * length), or hex bytes (everything else).
 */
enum wr_value_form { WR_FORM_NUMBER, WR_FORM_TEXT, WR_FORM_HEX };
enum wr_value_form wr_value_form(const struct wr_value *v);

/* `v` as text in its form: a decimal number, the string, or hex bytes
 * ("01 ab ff").  Returns a malloc'd string, or NULL (ENOMEM) with `err` set. */
char *wr_value_text(const struct wr_value *v, struct wr_error *err);

/*
 * `text`, edited from the text of `like`, back into a value of the same type
 * and form: a number in decimal unless it starts with 0x (a leading 0 is not
 * octal; no sign, no blanks; in range of the type), text as UTF-8, or hex
 * bytes (two digits a byte, blanks between bytes allowed).  Returns 0 with
 * *out filled (wr_value_clear it), or -1 with `err` naming the text.
 */
int wr_value_parse(const struct wr_value *like, const char *text, struct wr_value *out,
                   struct wr_error *err);

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
 * Write the edited image to `path`, replacing what is there.  Callers write
 * to a name of their own and then put the file in place: wr_file_publish
 * (base/file.h) for a new hive, the safe write path (safe-write.h) for a repaired one.  Both
 * sequence numbers become one more than before, a hive older than version
 * 1.5 (every BCD store is 1.3) gets the "lf" subkey lists Windows writes
 * where hivex writes "lh", and the checksum is made what Windows expects.
 * Refuses (EBUSY) a hive that was dirty when opened: committing it would
 * throw away its transaction logs.
 */
int wr_hive_commit(struct wr_hive *hive, const char *path, struct wr_error *err);

/* ---- create.c: new hives ---- */

/* Write an empty hive (wr_regf_build_empty) to `path`, which must not exist
 * yet (never overwrites). */
int wr_hive_create(const char *path, const char *root_name, uint32_t minor, struct wr_error *err);

struct wr_hive;

/*
 * Start a new hive file that will become `path` (which must not exist): an
 * empty hive under a temporary name beside it, open for editing.  Finish it
 * with wr_hive_end_new.
 */
struct wr_hive *wr_hive_begin_new(const char *path, const char *root_name, uint32_t minor,
                                  struct wr_error *err);

/*
 * Commit a hive begun for `path` and move it into place.  With `keep` false,
 * or on any failure, the temporary file is removed instead, so `path` never
 * holds half a hive.  Closes `hive` in every case.
 */
int wr_hive_end_new(struct wr_hive *hive, const char *path, bool keep, struct wr_error *err);

/* ---- recover.c: a hive file and the logs beside it ---- */

/* The logs beside a hive file: BASE.LOG, .LOG1, .LOG2 (any case), in that
 * order, read whole. */
struct wr_hive_logs {
	size_t n;
	struct wr_log_in in[WR_REPLAY_MAX_LOGS];
	char names[WR_REPLAY_MAX_LOGS][256];
};
int wr_hive_logs_read(const char *path, struct wr_hive_logs *logs, struct wr_error *err);
/* Which log of hive file name `base` the file `name` is: 0 for BASE.LOG, 1
 * and 2 for .LOG1 and .LOG2, in any case (FAT and copies vary it); -1 when
 * it is none. */
int wr_hive_log_slot(const char *name, const char *base);
void wr_hive_logs_free(struct wr_hive_logs *logs);

/* The SHA-256 of the bytes wr_hive_recover read: the hive, and each log in
 * the report's order, with its size. */
struct wr_hive_sums {
	char hive[65];
	char logs[WR_REPLAY_MAX_LOGS][65];
	uint64_t log_len[WR_REPLAY_MAX_LOGS];
};

/* Read the hive file `path` into *img (malloc'd) and *len, and replay the
 * logs beside it (recover.c); `sums` (may be NULL) gets their hashes.  A
 * replayed image must open and walk whole (every key and value, as hivexml
 * reads them): else -1 (EINVAL), *img NULL, `rep` still the replay's
 * report, and the message names the log entry from which the result is
 * unreadable (or, when the hive did not read before replay either, the
 * last entry applied). */
int wr_hive_recover(const char *path, uint8_t **img, size_t *len, struct wr_replay *rep,
                    struct wr_hive_sums *sums, struct wr_error *err);

/* ---- writable.c: whether a hive may be written ---- */

/*
 * Why the hive named `label`, whose replay report is `rep`, must not be
 * written, in one translated sentence (or "" when it may be): a
 * differencing hive (format 1.6), or a dirty one that no log recovers.
 * A dirty hive its logs recovered may be: the edit goes on top of the
 * recovered image, as it would after Windows' own recovery.
 */
bool wr_hive_write_blocked(const struct wr_replay *rep, const char *label, char *why, size_t len);

/* One translated sentence on what replay did for the hive `label`, for
 * status lines: "" when it was clean. */
void wr_hive_replay_summary(const struct wr_replay *rep, const char *label, char *out, size_t len);

#endif
