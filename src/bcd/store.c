/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store.c - loading a BCD store from a hive into memory, and finding objects. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/text.h"
#include "bcd.h"

/* Far more than any real store (the largest sampled has 39 objects); a
 * hostile hive must not make us allocate without bound. */
#define MAX_OBJECTS  4096
#define MAX_ELEMENTS 1024

struct wr_bcd {
	char *path;
	char *root_name;
	struct wr_regf_header hdr;
	struct wr_bcd_object *objects;
	size_t n_objects;
	struct wr_bcd_problem *problems;
	size_t n_problems;
	char default_guid[WR_GUID_STRLEN + 1];
};

/* Record a problem; -1 (ENOMEM) when there is no room for it: a store
 * loaded without one of its problems would check as sound. */
static int add_problem(struct wr_bcd *bcd, struct wr_error *err, const char *guid, uint32_t element,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int add_problem(struct wr_bcd *bcd, struct wr_error *err, const char *guid, uint32_t element,
                       const char *fmt, ...)
{
	struct wr_bcd_problem *p =
	    realloc(bcd->problems, (bcd->n_problems + 1) * sizeof(*bcd->problems));
	va_list ap;
	int r = -1;

	if (p) {
		bcd->problems = p;
		p += bcd->n_problems;
		snprintf(p->guid, sizeof(p->guid), "%s", guid ? guid : "");
		p->element = element;
		/* The arguments are names from the hive. */
		va_start(ap, fmt);
		r = wr_vsnprintf_printable(p->msg, sizeof(p->msg), fmt, ap);
		va_end(ap);
	}
	if (r < 0) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	bcd->n_problems++;
	return 0;
}

/* Parse an element key name: exactly 8 hex digits, not 0 (bootmgr skips 0). */
static int parse_element_id(const char *name, uint32_t *id)
{
	char *end;
	unsigned long v;

	if (strlen(name) != 8 || strspn(name, "0123456789abcdefABCDEF") != 8)
		return -1;
	v = strtoul(name, &end, 16);
	if (v == 0)
		return -1;
	*id = (uint32_t)v;
	return 0;
}

static int cmp_element(const void *a, const void *b)
{
	uint32_t x = ((const struct wr_bcd_element *)a)->id;
	uint32_t y = ((const struct wr_bcd_element *)b)->id;

	return x < y ? -1 : x > y;
}

static int cmp_object(const void *a, const void *b)
{
	return strcmp(((const struct wr_bcd_object *)a)->guid,
	              ((const struct wr_bcd_object *)b)->guid);
}

static int load_element(struct wr_bcd *bcd, struct wr_hive *hive, struct wr_bcd_object *obj,
                        wr_node node, struct wr_error *err)
{
	struct wr_bcd_element *el = &obj->elements[obj->n_elements];
	struct wr_value v;
	char *name = wr_hive_node_name(hive, node, err);
	int r;

	if (!name)
		return -1;
	if (parse_element_id(name, &el->id) < 0) {
		r = add_problem(bcd, err, obj->guid, 0,
		                _("element key \"%s\" is not an element type"), name);
		free(name);
		return r;
	}
	free(name);
	r = wr_hive_get_value(hive, node, "Element", &v, err);
	if (r < 0)
		return -1;
	if (r == 1)
		return add_problem(bcd, err, obj->guid, el->id,
		                   _("element %08x has no Element value"), el->id);
	el->reg_type = v.type;
	el->len = v.len;
	el->data = v.data;
	obj->n_elements++;
	return 0;
}

static int load_elements(struct wr_bcd *bcd, struct wr_hive *hive, struct wr_bcd_object *obj,
                         wr_node node, struct wr_error *err)
{
	wr_node elements, *kids;
	size_t n;
	int r = wr_hive_lookup(hive, node, "Elements", &elements, err);

	if (r != 0)
		return r < 0 ? -1 : 0; /* no Elements key: an object without elements */
	if (wr_hive_children(hive, elements, &kids, &n, err) < 0)
		return -1;
	if (n > MAX_ELEMENTS) {
		wr_error_set(err, EINVAL, _("object %s has %zu elements, more than %d"), obj->guid,
		             n, MAX_ELEMENTS);
		free(kids);
		return -1;
	}
	obj->elements = calloc(n ? n : 1, sizeof(*obj->elements));
	r = obj->elements ? 0 : -1;
	if (r < 0)
		wr_error_set(err, ENOMEM, _("out of memory"));
	for (size_t i = 0; r == 0 && i < n; i++)
		r = load_element(bcd, hive, obj, kids[i], err);
	free(kids);
	if (r == 0)
		qsort(obj->elements, obj->n_elements, sizeof(*obj->elements), cmp_element);
	return r;
}

static int load_type(struct wr_bcd *bcd, struct wr_hive *hive, struct wr_bcd_object *obj,
                     wr_node node, struct wr_error *err)
{
	struct wr_error why;
	struct wr_value v;
	wr_node desc;
	int r = wr_hive_lookup(hive, node, "Description", &desc, err);

	if (r == 0)
		r = wr_hive_get_value(hive, desc, "Type", &v, err);
	if (r < 0)
		return -1;
	if (r == 1)
		return add_problem(bcd, err, obj->guid, 0,
		                   _("object has no Description\\Type value"));
	if (wr_value_dword(&v, &obj->type, &why) == 0)
		obj->has_type = true;
	else
		r = add_problem(bcd, err, obj->guid, 0, _("object type: %s"), why.msg);
	wr_value_clear(&v);
	return r;
}

static int load_object(struct wr_bcd *bcd, struct wr_hive *hive, wr_node node, struct wr_error *err)
{
	struct wr_bcd_object *obj = &bcd->objects[bcd->n_objects];
	char *name = wr_hive_node_name(hive, node, err);
	int r;

	if (!name)
		return -1;
	if (wr_guid_normalize(name, obj->guid) < 0) {
		r = add_problem(bcd, err, NULL, 0, _("object key \"%s\" is not a GUID"), name);
		free(name);
		return r;
	}
	free(name);
	bcd->n_objects++; /* counted now so that wr_bcd_free releases its elements */
	if (load_type(bcd, hive, obj, node, err) < 0)
		return -1;
	return load_elements(bcd, hive, obj, node, err);
}

int wr_bcd_objects_key(struct wr_hive *hive, wr_node *out, struct wr_error *err)
{
	int r = wr_hive_lookup(hive, wr_hive_root(hive), "Objects", out, err);

	if (r == 1)
		wr_error_set(err, EINVAL, _("not a BCD store (the hive has no Objects key)"));
	return r == 0 ? 0 : -1;
}

static int load_objects(struct wr_bcd *bcd, struct wr_hive *hive, struct wr_error *err)
{
	wr_node objects, *kids;
	size_t n;
	int r;

	if (wr_bcd_objects_key(hive, &objects, err) < 0 ||
	    wr_hive_children(hive, objects, &kids, &n, err) < 0)
		return -1;
	if (n > MAX_OBJECTS) {
		wr_error_set(err, EINVAL, _("the store has %zu objects, more than %d"), n,
		             MAX_OBJECTS);
		free(kids);
		return -1;
	}
	bcd->objects = calloc(n ? n : 1, sizeof(*bcd->objects));
	r = bcd->objects ? 0 : -1;
	if (r < 0)
		wr_error_set(err, ENOMEM, _("out of memory"));
	for (size_t i = 0; r == 0 && i < n; i++)
		r = load_object(bcd, hive, kids[i], err);
	free(kids);
	if (r == 0)
		qsort(bcd->objects, bcd->n_objects, sizeof(*bcd->objects), cmp_object);
	return r;
}

/* {default} is whatever GUID {bootmgr}'s element 23000003 holds. */
static int load_default(struct wr_bcd *bcd, struct wr_error *err)
{
	const struct wr_bcd_object *bootmgr = wr_bcd_get(bcd, WR_BCD_GUID_BOOTMGR);
	const struct wr_bcd_element *el =
	    bootmgr ? wr_bcd_object_element(bootmgr, WR_BCD_EL_BOOTMGR_DEFAULT) : NULL;
	struct wr_bcd_value v;

	if (!el)
		return 0;
	if (wr_bcd_value_decode(el, &v) < 0) {
		/* Not "the boot manager has no default entry": it has one we could not read. */
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	if (v.valid)
		snprintf(bcd->default_guid, sizeof(bcd->default_guid), "%s", v.string);
	wr_bcd_value_clear(&v);
	return 0;
}

struct wr_bcd *wr_bcd_load(struct wr_hive *hive, struct wr_error *err)
{
	struct wr_bcd *bcd = calloc(1, sizeof(*bcd));

	if (!bcd || !(bcd->path = strdup(wr_hive_path(hive))) ||
	    !(bcd->root_name = strdup(wr_hive_root_name(hive)))) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		wr_bcd_free(bcd);
		return NULL;
	}
	bcd->hdr = *wr_hive_header(hive);
	if (load_objects(bcd, hive, err) < 0 || load_default(bcd, err) < 0) {
		wr_error_prefix(err, "%s", wr_hive_path(hive));
		wr_bcd_free(bcd);
		return NULL;
	}
	return bcd;
}

struct wr_bcd *wr_bcd_open(const char *path, struct wr_error *err)
{
	struct wr_hive *hive = wr_hive_open(path, 0, err);
	struct wr_bcd *bcd = hive ? wr_bcd_load(hive, err) : NULL;

	wr_hive_close(hive);
	return bcd;
}

void wr_bcd_free(struct wr_bcd *bcd)
{
	if (!bcd)
		return;
	for (size_t i = 0; i < bcd->n_objects; i++) {
		for (size_t j = 0; j < bcd->objects[i].n_elements; j++)
			free(bcd->objects[i].elements[j].data);
		free(bcd->objects[i].elements);
	}
	free(bcd->objects);
	free(bcd->problems);
	free(bcd->root_name);
	free(bcd->path);
	free(bcd);
}

const char *wr_bcd_path(const struct wr_bcd *bcd)
{
	return bcd->path;
}

const char *wr_bcd_root_name(const struct wr_bcd *bcd)
{
	return bcd->root_name;
}

const struct wr_regf_header *wr_bcd_header(const struct wr_bcd *bcd)
{
	return &bcd->hdr;
}

size_t wr_bcd_count(const struct wr_bcd *bcd)
{
	return bcd->n_objects;
}

const struct wr_bcd_object *wr_bcd_object(const struct wr_bcd *bcd, size_t i)
{
	return i < bcd->n_objects ? &bcd->objects[i] : NULL;
}

size_t wr_bcd_problem_count(const struct wr_bcd *bcd)
{
	return bcd->n_problems;
}

const struct wr_bcd_problem *wr_bcd_problem(const struct wr_bcd *bcd, size_t i)
{
	return i < bcd->n_problems ? &bcd->problems[i] : NULL;
}

const struct wr_bcd_object *wr_bcd_get(const struct wr_bcd *bcd, const char *guid)
{
	struct wr_bcd_object key;

	if (bcd->n_objects == 0)
		return NULL;
	snprintf(key.guid, sizeof(key.guid), "%s", guid);
	return bsearch(&key, bcd->objects, bcd->n_objects, sizeof(key), cmp_object);
}

const char *wr_bcd_default_guid(const struct wr_bcd *bcd)
{
	return bcd->default_guid[0] ? bcd->default_guid : NULL;
}

const struct wr_bcd_element *wr_bcd_object_element(const struct wr_bcd_object *obj, uint32_t id)
{
	struct wr_bcd_element key = {.id = id};

	if (obj->n_elements == 0) /* an object without an Elements key has no array */
		return NULL;
	return bsearch(&key, obj->elements, obj->n_elements, sizeof(key), cmp_element);
}

const struct wr_bcd_object *wr_bcd_find(const struct wr_bcd *bcd, const char *id,
                                        struct wr_error *err)
{
	char guid[WR_GUID_STRLEN + 1];
	const char *alias = wr_bcd_guid_for_alias(id);
	const struct wr_bcd_object *obj;

	if (alias && strcmp(alias, WR_BCD_GUID_CURRENT) == 0) {
		wr_error_set(err, ENOENT,
		             _("{current} means the entry that started the running Windows; it "
		               "does not exist in an offline store (use {default} or a GUID)"));
		return NULL;
	}
	if (alias && strcmp(alias, WR_BCD_GUID_DEFAULT) == 0) {
		if (!bcd->default_guid[0]) {
			wr_error_set(err, ENOENT, _("the boot manager has no default entry"));
			return NULL;
		}
		alias = bcd->default_guid;
	}
	if (alias)
		snprintf(guid, sizeof(guid), "%s", alias);
	else if (wr_guid_normalize(id, guid) < 0) {
		wr_error_set(err, EINVAL, _("\"%s\" is neither a GUID nor a known identifier"), id);
		return NULL;
	}
	obj = wr_bcd_get(bcd, guid);
	if (!obj)
		wr_error_set(err, ENOENT, _("the store has no object %s"), id);
	return obj;
}
