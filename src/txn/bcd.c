/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcd.c - BCD changes in a transaction: set or delete an element, create an object. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/le.h"
#include "bcd/bcd.h"
#include "internal.h"

static void element_key(char *out, size_t len, const char *guid, uint32_t id)
{
	/* Windows names element keys in lower-case hex. */
	snprintf(out, len, "Objects\\%s\\Elements\\%08x", guid, id);
}

/* Object `guid`: 0 and its Description\Type (0 if none) when it exists, 1
 * when it does not, -1 when the store cannot be read. */
static int object_type(struct wr_hive *h, const char *guid, uint32_t *type, struct wr_error *err)
{
	char key[96];
	struct wr_value v = {0};
	wr_node n;
	int r;

	snprintf(key, sizeof(key), "Objects\\%s", guid);
	r = wr_hive_lookup(h, wr_hive_root(h), key, &n, err);
	if (r != 0)
		return r;
	*type = 0;
	r = wr_hive_lookup(h, n, "Description", &n, err);
	if (r == 0)
		r = wr_hive_get_value(h, n, "Type", &v, err);
	if (r == 0)
		wr_value_dword(&v, type, NULL);
	wr_value_clear(&v);
	return r < 0 ? -1 : 0;
}

/* The type of object `guid`, which must exist. */
static int existing_object(struct wr_hive *h, const char *guid, uint32_t *type,
                           struct wr_error *err)
{
	int r = object_type(h, guid, type, err);

	if (r == 1)
		wr_error_set(err, ENOENT, _("the store has no object %s"), guid);
	return r == 0 ? 0 : -1;
}

/* How bcdedit would name the object: {default} for the loader {bootmgr}
 * starts by default, an alias for well-known objects, else the GUID. */
static int object_ref(struct wr_hive *h, const char *guid, char out[40], struct wr_error *err)
{
	char key[96], *def = NULL;
	struct wr_value v = {0};
	struct wr_error e = {0};
	const char *alias = wr_bcd_alias_for_guid(guid);
	wr_node n;
	int r;

	element_key(key, sizeof(key), WR_BCD_GUID_BOOTMGR, WR_BCD_EL_BOOTMGR_DEFAULT);
	r = wr_hive_lookup(h, wr_hive_root(h), key, &n, &e);
	if (r == 0)
		r = wr_hive_get_value(h, n, "Element", &v, &e);
	/* A default that is no string names nothing: only lack of memory fails. */
	if (r == 0 && !(def = wr_value_string(&v, &e)) && e.code == ENOMEM)
		r = -1;
	wr_value_clear(&v);
	if (r < 0) {
		if (err)
			*err = e;
		return -1;
	}
	if (def && strcasecmp(def, guid) == 0)
		alias = "{default}";
	snprintf(out, 40, "%s", alias ? alias : guid);
	free(def);
	return 0;
}

static struct wr_change *new_bcd_change(struct wr_stage *s, struct wr_txn *t,
                                        enum wr_change_kind kind, size_t hive, const char *guid,
                                        uint32_t type, uint32_t id, struct wr_error *err)
{
	struct wr_change *c = wr_txn__new_change(t, err);
	char key[96];

	if (!c)
		return NULL;
	element_key(key, sizeof(key), guid, id);
	c->kind = kind;
	c->hive = hive;
	c->key = strdup(key);
	if (!c->key) {
		wr_txn__no_memory(err);
		return NULL;
	}
	snprintf(c->object, sizeof(c->object), "%s", guid);
	c->object_type = type;
	c->element = id;
	return object_ref(s->hives[hive].hive, guid, c->object_ref, err) < 0 ? NULL : c;
}

/* As in edit.c: the edits and the change, rewound by the caller on failure. */
static int bcd_set(struct wr_stage *s, struct wr_txn *t, size_t hive, const char *guid, uint32_t id,
                   const struct wr_value *v, struct wr_error *err)
{
	struct wr_value before = {0};
	struct wr_change *c;
	uint32_t type;
	char key[96];
	bool had = false;
	int r;

	if (existing_object(s->hives[hive].hive, guid, &type, err) < 0)
		return -1;
	element_key(key, sizeof(key), guid, id);
	r = wr_txn__set(s, t, hive, key, "Element", v, &before, &had, err);
	if (r != 0)
		return r;
	c = new_bcd_change(s, t, WR_CHANGE_BCD_SET, hive, guid, type, id, err);
	if (!c) {
		wr_value_clear(&before);
		return -1;
	}
	c->had_before = had;
	c->before = before;
	c->has_after = true;
	return wr_value_copy(&c->after, v) < 0 ? wr_txn__no_memory(err) : 0;
}

int wr_txn_bcd_set(struct wr_stage *s, size_t hive, const char *guid, uint32_t id,
                   uint32_t reg_type, const void *data, size_t len, struct wr_error *err)
{
	struct wr_txn *t = wr_txn__target(s, hive, err);
	struct wr_value v = {reg_type, len, (uint8_t *)data};
	size_t edits = t ? t->n_edits : 0, changes = t ? t->n_changes : 0;

	if (!t)
		return -1;
	if (bcd_set(s, t, hive, guid, id, &v, err) < 0)
		return wr_txn__rewind(s, t, edits, changes);
	return 0;
}

static int bcd_delete(struct wr_stage *s, struct wr_txn *t, size_t hive, const char *guid,
                      uint32_t id, struct wr_error *err)
{
	struct wr_hive *h = s->hives[hive].hive;
	struct wr_value before = {0};
	struct wr_change *c;
	uint32_t type;
	char key[96];
	wr_node n;
	int r, had;

	if (existing_object(h, guid, &type, err) < 0)
		return -1;
	element_key(key, sizeof(key), guid, id);
	r = wr_hive_lookup(h, wr_hive_root(h), key, &n, err);
	if (r != 0)
		return r;
	had = wr_hive_get_value(h, n, "Element", &before, err);
	if (had < 0 || wr_txn__delete_key(s, t, hive, key, err) < 0) {
		wr_value_clear(&before);
		return -1;
	}
	c = new_bcd_change(s, t, WR_CHANGE_BCD_DELETE, hive, guid, type, id, err);
	if (!c) {
		wr_value_clear(&before);
		return -1;
	}
	c->had_before = had == 0;
	c->before = before;
	return 0;
}

int wr_txn_bcd_delete(struct wr_stage *s, size_t hive, const char *guid, uint32_t id,
                      struct wr_error *err)
{
	struct wr_txn *t = wr_txn__target(s, hive, err);
	size_t edits = t ? t->n_edits : 0, changes = t ? t->n_changes : 0;

	if (!t)
		return -1;
	if (bcd_delete(s, t, hive, guid, id, err) < 0)
		return wr_txn__rewind(s, t, edits, changes);
	return 0;
}

static int bcd_create(struct wr_stage *s, struct wr_txn *t, size_t hive, const char *guid,
                      uint32_t type, struct wr_error *err)
{
	uint8_t le[4];
	struct wr_value v = {WR_REG_DWORD, 4, le}, before = {0};
	char key[96];
	uint32_t old;
	wr_node n;
	bool had;
	int r = object_type(s->hives[hive].hive, guid, &old, err);

	if (r == 0)
		wr_error_set(err, EEXIST, _("the store already has object %s"), guid);
	if (r != 1)
		return -1;
	wr_put_le(le, type, 4);
	snprintf(key, sizeof(key), "Objects\\%s\\Description", guid);
	r = wr_txn__set(s, t, hive, key, "Type", &v, &before, &had, err);
	wr_value_clear(&before); /* none: the object is new */
	if (r < 0)
		return -1;
	snprintf(key, sizeof(key), "Objects\\%s\\Elements", guid);
	if (wr_txn__ensure_key(s, t, hive, key, &n, err) < 0)
		return -1;
	return new_bcd_change(s, t, WR_CHANGE_BCD_CREATE, hive, guid, type, 0, err) ? 0 : -1;
}

int wr_txn_bcd_create(struct wr_stage *s, size_t hive, const char *guid, uint32_t type,
                      struct wr_error *err)
{
	struct wr_txn *t = wr_txn__target(s, hive, err);
	size_t edits = t ? t->n_edits : 0, changes = t ? t->n_changes : 0;

	if (!t)
		return -1;
	if (bcd_create(s, t, hive, guid, type, err) < 0)
		return wr_txn__rewind(s, t, edits, changes);
	return 0;
}

int wr_txn_bcd_set_integer(struct wr_stage *s, size_t hive, const char *guid, uint32_t id,
                           uint64_t v, struct wr_error *err)
{
	uint8_t le[8];

	wr_put_le(le, v, 8);
	return wr_txn_bcd_set(s, hive, guid, id, WR_REG_BINARY, le, sizeof(le), err);
}

int wr_txn_bcd_set_boolean(struct wr_stage *s, size_t hive, const char *guid, uint32_t id, bool v,
                           struct wr_error *err)
{
	uint8_t b = v;

	return wr_txn_bcd_set(s, hive, guid, id, WR_REG_BINARY, &b, 1, err);
}
