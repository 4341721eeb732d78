/* SPDX-License-Identifier: GPL-3.0-or-later */
/* internal.h - raw edits behind the changes: shared by txn.c, edit.c, bcd.c and diff.c. */
#ifndef WR_TXN_INTERNAL_H
#define WR_TXN_INTERNAL_H

#include "txn.h"

/* A key and everything below it, kept so that deleting it can be undone. */
struct wr_saved_value {
	char *name;
	struct wr_value v;
};

struct wr_saved_key {
	char *name;
	struct wr_saved_value *values;
	size_t n_values;
	struct wr_saved_key *subkeys;
	size_t n_subkeys;
};

void wr_saved_key_free(struct wr_saved_key *k);

struct wr_edit {
	enum wr_edit_op op;
	size_t hive;
	char *key;  /* from the root, '\' separated */
	char *name; /* value edits */
	bool had_before;
	struct wr_value before, after; /* value edits */
	struct wr_saved_key *saved;    /* WR_EDIT_DELETE_KEY */
};

struct stage_hive {
	struct wr_hive *hive;
	enum wr_hive_kind kind;
	char *store, *mount;
	char *read_only; /* why edits are refused, or NULL */
};

struct wr_stage {
	struct stage_hive *hives;
	size_t n_hives;
	struct wr_txn *txns; /* [0, n_applied) applied, then what can be redone */
	size_t n_applied, n_txns;
	size_t txns_room; /* allocated: wr_txn_begin makes room for the open one */
	struct wr_txn open;
	bool is_open;
};

/* Set ENOMEM, "out of memory", in `err`; returns -1. */
int wr_txn__no_memory(struct wr_error *err);

struct wr_txn *wr_txn__target(struct wr_stage *s, size_t hive, struct wr_error *err);
struct wr_edit *wr_txn__new_edit(struct wr_txn *t, struct wr_error *err);
struct wr_change *wr_txn__new_change(struct wr_txn *t, struct wr_error *err);
void wr_txn__free_edit(struct wr_edit *e);
void wr_txn__free_change(struct wr_change *c);

/*
 * An edit call failed: put `t` back to where it stood before it (`edits`
 * raw edits, `changes` changes), undoing and dropping the raw edits it had
 * applied, newest first.  An edit whose undo fails stays recorded with
 * those before it, so the transaction still says what the hive holds.
 * Returns -1.
 */
int wr_txn__rewind(struct wr_stage *s, struct wr_txn *t, size_t edits, size_t changes);

/* Put back (in reverse) / apply again (in order) the edits of `t`. */
int wr_txn__undo_edits(struct wr_stage *s, struct wr_txn *t, struct wr_error *err);
int wr_txn__redo_edits(struct wr_stage *s, struct wr_txn *t, struct wr_error *err);

/* Raw edits, recorded in `t` and applied to the hive. */
int wr_txn__ensure_key(struct wr_stage *s, struct wr_txn *t, size_t hive, const char *key,
                       wr_node *out, struct wr_error *err);
int wr_txn__set(struct wr_stage *s, struct wr_txn *t, size_t hive, const char *key,
                const char *name, const struct wr_value *v, struct wr_value *before, bool *had,
                struct wr_error *err);
int wr_txn__delete_key(struct wr_stage *s, struct wr_txn *t, size_t hive, const char *key,
                       struct wr_error *err);

#endif
