/* SPDX-License-Identifier: GPL-3.0-or-later */
/* txn.h - staged edits on loaded hives, in named transactions, with undo and redo. */
#ifndef WR_TXN_H
#define WR_TXN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/error.h"
#include "base/guid.h"
#include "hive/hive.h"

/*
 * A stage holds the hives a session loaded (opened with WR_HIVE_WRITE) and
 * the transactions applied to them in memory.  Nothing reaches a file until
 * the session commits (session.h).  Each transaction is a list of changes,
 * one per command a user would type (bcdedit /set, REG ADD ...); each change
 * is made of raw edits that record the exact state before them, so undo puts
 * back the same types and bytes.
 */
struct wr_stage;

enum wr_hive_kind { WR_KIND_BCD, WR_KIND_SYSTEM, WR_KIND_SOFTWARE };
/* A set of kinds as bits. */
#define WR_KIND_BIT(kind) (1u << (kind))
/* "bcd", "system", "software": in journals and finding ids. */
const char *wr_hive_kind_name(enum wr_hive_kind kind);
/* Where the articles load it: "BCD00000000", "BROKENSYSTEM", "BROKENSOFTWARE". */
const char *wr_hive_kind_mount(enum wr_hive_kind kind);

enum wr_change_kind {
	WR_CHANGE_REG_SET,
	WR_CHANGE_REG_DELETE_VALUE,
	WR_CHANGE_REG_DELETE_KEY,
	WR_CHANGE_BCD_SET,
	WR_CHANGE_BCD_DELETE,
	WR_CHANGE_BCD_CREATE,
	WR_CHANGE_REG_ADD_KEY,
};

/* One command's worth of change, as the diff shows it. */
struct wr_change {
	enum wr_change_kind kind;
	size_t hive;
	char *key;  /* registry: key path from the root; BCD: the element's key */
	char *name; /* registry value name ("" = default value) */
	/* BCD changes */
	char object[WR_GUID_STRLEN + 1]; /* canonical GUID */
	char object_ref[40];  /* as bcdedit names it: {default}, {bootmgr}, or the GUID */
	uint32_t object_type; /* Description\Type (for element names) */
	uint32_t element;
	/* The value before and after (registry value, or the BCD Element value). */
	bool had_before, has_after;
	struct wr_value before, after;
};

/* A raw edit: one change is made of one or more. */
enum wr_edit_op { WR_EDIT_SET, WR_EDIT_DELETE_VALUE, WR_EDIT_ADD_KEY, WR_EDIT_DELETE_KEY };

struct wr_edit;

/*
 * A write beside the store of hive `hive` that is not an edit of it, made
 * by its commit before the store (repair rebuild):
 * - WR_COPY_FILE: a file copied onto a partition (a boot file): from `from`
 *   on partition `from_part` to `path` on `part` (indices into the
 *   session's inventory; paths '/'-separated).  `sha256` and `size` are
 *   the source's when staged (the commit copies only those bytes),
 *   `before` the SHA-256 of the file it replaces, "" where there is none.
 * - WR_COPY_ACTIVE: partition `part` (number `number` of its MBR disk)
 *   made the active one; `sha256` and `before` are the first sector's
 *   after and before, `path` and `from` "".
 * Nothing changes in memory: undo and redo only drop and take it again.
 */
enum wr_copy_kind { WR_COPY_FILE, WR_COPY_ACTIVE };

struct wr_file_copy {
	enum wr_copy_kind kind;
	size_t hive;
	size_t part, from_part;
	unsigned number;
	char *path, *from;
	char *shown_path, *shown_from; /* "disk.img#1 \\EFI\\Boot\\bootx64.efi"; the disk */
	char sha256[65], before[65];
	uint64_t size;
};

struct wr_txn {
	char *name;            /* "safeboot", "serial", ... */
	bool weakens_security; /* it opens a way in: the diff and the journal say so */
	struct wr_change *changes;
	size_t n_changes;
	struct wr_edit *edits;
	size_t n_edits;
	struct wr_file_copy *copies; /* in the order the commit writes them */
	size_t n_copies;
};

struct wr_stage *wr_stage_new(void);
/* Frees the transactions; the hives stay open (their owner closes them). */
void wr_stage_free(struct wr_stage *s);

/*
 * Register an open hive; *index gets its index.  `store` names it in bcdedit
 * commands (/store "..."), `mount` in REG commands (HKLM\BROKENSYSTEM).
 * With `read_only_reason` set, every edit of this hive fails with that
 * message (a dirty hive: reading works, writing would lose its logs).
 * Fails only when out of memory, registering nothing.
 */
int wr_stage_add_hive(struct wr_stage *s, struct wr_hive *hive, enum wr_hive_kind kind,
                      const char *store, const char *mount, const char *read_only_reason,
                      size_t *index, struct wr_error *err);
size_t wr_stage_hive_count(const struct wr_stage *s);
struct wr_hive *wr_stage_hive(const struct wr_stage *s, size_t i);
/* Why hive `i` must not be written, or NULL. */
const char *wr_stage_read_only(const struct wr_stage *s, size_t i);
const char *wr_stage_store_name(const struct wr_stage *s, size_t i);
const char *wr_stage_mount_name(const struct wr_stage *s, size_t i);

/*
 * Open a transaction; the edits below go into it.  wr_txn_end files it
 * (dropping what could be redone; it cannot fail: wr_txn_begin made room)
 * and returns 1 when it changed nothing (it is then discarded);
 * wr_txn_abort undoes its edits and drops it.
 */
int wr_txn_begin(struct wr_stage *s, const char *name, struct wr_error *err);
int wr_txn_end(struct wr_stage *s);
void wr_txn_abort(struct wr_stage *s);
/* The open transaction opens a way in (RDP, a serial console): marked so
 * that the diff warns and the journal keeps it to revert. */
void wr_txn_mark_weakens_security(struct wr_stage *s);

/* Registry edits (paths from the hive's root, '\' or '/').  Setting a value
 * creates missing keys, as REG ADD does.  An edit that would change nothing
 * (same type and bytes; deleting what is absent) records nothing.  These
 * and the BCD edits below either succeed whole or fail leaving the hive and
 * the open transaction as they were (out of memory included). */
int wr_txn_reg_set(struct wr_stage *s, size_t hive, const char *key, const char *name,
                   uint32_t type, const void *data, size_t len, struct wr_error *err);
int wr_txn_reg_delete_value(struct wr_stage *s, size_t hive, const char *key, const char *name,
                            struct wr_error *err);
int wr_txn_reg_delete_key(struct wr_stage *s, size_t hive, const char *key, struct wr_error *err);
/* Create the key `key` and its missing parents, with no value (a .reg
 * file's [KEY] section, reg copy of an empty key); nothing when it is
 * there. */
int wr_txn_reg_add_key(struct wr_stage *s, size_t hive, const char *key, struct wr_error *err);

/* BCD edits on object `guid` (canonical): set an element's raw Element value,
 * delete an element (its key), create an object with its Description\Type. */
int wr_txn_bcd_set(struct wr_stage *s, size_t hive, const char *guid, uint32_t id,
                   uint32_t reg_type, const void *data, size_t len, struct wr_error *err);
int wr_txn_bcd_delete(struct wr_stage *s, size_t hive, const char *guid, uint32_t id,
                      struct wr_error *err);
int wr_txn_bcd_create(struct wr_stage *s, size_t hive, const char *guid, uint32_t type,
                      struct wr_error *err);
/* Encoded as Windows writes them: 8-byte integers, 1-byte booleans. */
int wr_txn_bcd_set_integer(struct wr_stage *s, size_t hive, const char *guid, uint32_t id,
                           uint64_t v, struct wr_error *err);
int wr_txn_bcd_set_boolean(struct wr_stage *s, size_t hive, const char *guid, uint32_t id, bool v,
                           struct wr_error *err);

/* Stage the copy `c` (its strings are copied) in the open transaction. */
int wr_txn_copy_file(struct wr_stage *s, const struct wr_file_copy *c, struct wr_error *err);

/* Undo the last applied transaction / redo the last undone one.  Returns 1
 * when there is nothing to undo or redo. */
int wr_stage_undo(struct wr_stage *s, struct wr_error *err);
int wr_stage_redo(struct wr_stage *s, struct wr_error *err);

/* Applied transactions, oldest first, and how many can be redone. */
size_t wr_stage_count(const struct wr_stage *s);
const struct wr_txn *wr_stage_txn(const struct wr_stage *s, size_t i);
size_t wr_stage_redo_count(const struct wr_stage *s);
/* Whether any applied transaction edits hive `i`, or copies a file beside
 * it; wr_stage_edits: edits the hive itself. */
bool wr_stage_touches(const struct wr_stage *s, size_t i);
bool wr_stage_edits(const struct wr_stage *s, size_t i);

/*
 * Check that `reread` (hive `i` as read back from where it was written)
 * holds every key and value the applied transactions touched exactly as
 * the staged hive does.  Fails (EIO) naming the first difference.
 */
int wr_stage_verify(const struct wr_stage *s, size_t i, struct wr_hive *reread,
                    struct wr_error *err);

/* Raw edit `i` of `t` (i < t->n_edits), as the journal records it.  The
 * pointers are the transaction's: valid while it is. */
struct wr_edit_record {
	enum wr_edit_op op;
	size_t hive;
	const char *key;               /* from the root, '\' separated */
	const char *name;              /* value edits; NULL for key edits */
	const struct wr_value *before; /* value edits: NULL when it did not exist */
	const struct wr_value *after;  /* WR_EDIT_SET: the value set; else NULL */
};
void wr_txn_edit_record(const struct wr_txn *t, size_t i, struct wr_edit_record *out);
/* Whether `t` edits hive `i` or copies a file beside it. */
bool wr_txn_touches(const struct wr_txn *t, size_t i);

/* Forget every transaction (after a commit: they are in the journal now). */
void wr_stage_clear(struct wr_stage *s);
/* Forget the transactions that edit only hive `i` (it was written while a
 * later hive failed), and what could be redone. */
void wr_stage_forget_hive(struct wr_stage *s, size_t i);

/* Diffs (diff.c).  Commands: "bcdedit /store ... /deletevalue {default}
 * safeboot", "REG ADD ...".  Values: "{default} safeboot: Minimal -> (not
 * set)".  Both end each line with '\n'. */
enum wr_diff_form { WR_DIFF_COMMANDS = 1, WR_DIFF_VALUES = 2 };
void wr_change_command(const struct wr_stage *s, const struct wr_change *c, struct wr_buf *out);
void wr_change_values(const struct wr_stage *s, const struct wr_change *c, struct wr_buf *out);
void wr_txn_render(const struct wr_stage *s, const struct wr_txn *t, int forms, struct wr_buf *out);
/* Every pending transaction, each under "Transaction NAME:", a blank line
 * between them.  -1 (ENOMEM) when the text could not be made whole: nothing
 * may be committed on a diff the user did not see. */
int wr_stage_render(const struct wr_stage *s, int forms, struct wr_buf *out, struct wr_error *err);
/* A value as a person reads it ("REG_DWORD 0x1 (1)", "Minimal", "(not set)"). */
void wr_change_format_value(const struct wr_change *c, bool after, struct wr_buf *out);
/* A file copy as a command ("copy \"FROM\" \"TO\"", diskpart's "active")
 * and as before -> after. */
void wr_copy_command(const struct wr_file_copy *c, struct wr_buf *out);
void wr_copy_values(const struct wr_file_copy *c, struct wr_buf *out);

#endif
