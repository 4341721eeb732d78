/* SPDX-License-Identifier: GPL-3.0-or-later */
/* enum.c - choosing and ordering objects, and bcdedit-style text output. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/text.h"
#include "bcd.h"

#define NAME_WIDTH 24 /* bcdedit's name column */

/* Well-known settings objects in the order bcdedit /enum all lists them. */
static const char *const settings_order[] = {
    WR_BCD_GUID_EMSSETTINGS,
    WR_BCD_GUID_DBGSETTINGS,
    WR_BCD_GUID_BADMEMORY,
    WR_BCD_GUID_GLOBALSETTINGS,
    WR_BCD_GUID_BOOTLOADERSETTINGS,
    WR_BCD_GUID_HYPERVISORSETTINGS,
    WR_BCD_GUID_RESUMELOADERSETTINGS,
};

/* Sort key for /enum all: applications by kind, then settings, then devices. */
static int object_rank(const struct wr_bcd_object *obj)
{
	uint32_t t = obj->type;

	switch (t) {
	case WR_BCD_TYPE_FWBOOTMGR:
		return 0;
	case WR_BCD_TYPE_BOOTMGR:
		return 1;
	case WR_BCD_TYPE_OSLOADER:
		return 3;
	case WR_BCD_TYPE_RESUME:
		return 4;
	case WR_BCD_TYPE_MEMDIAG:
		return 5;
	}
	if (WR_BCD_OBJECT_KIND(t) == 1)
		return WR_BCD_OBJECT_IMAGE(t) == 1 ? 2 : 6;
	if (WR_BCD_OBJECT_KIND(t) == 2) {
		for (size_t i = 0; i < sizeof(settings_order) / sizeof(*settings_order); i++)
			if (strcmp(obj->guid, settings_order[i]) == 0)
				return 10 + (int)i;
		return 20;
	}
	return WR_BCD_OBJECT_KIND(t) == 3 ? 30 : 40;
}

static int cmp_rank(const void *a, const void *b)
{
	const struct wr_bcd_object *x = *(const struct wr_bcd_object *const *)a;
	const struct wr_bcd_object *y = *(const struct wr_bcd_object *const *)b;
	int rx = object_rank(x), ry = object_rank(y);

	return rx != ry ? rx - ry : strcmp(x->guid, y->guid);
}

static bool listed(const struct wr_bcd_object **list, size_t n, const struct wr_bcd_object *o)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == o)
			return true;
	return false;
}

/* {bootmgr}, then its displayorder; every OS loader when there is none.
 * The number listed, or -1 when the displayorder could not be read. */
static long select_active(const struct wr_bcd *bcd, const struct wr_bcd_object **list)
{
	const struct wr_bcd_object *bootmgr = wr_bcd_get(bcd, WR_BCD_GUID_BOOTMGR);
	const struct wr_bcd_element *order =
	    bootmgr ? wr_bcd_object_element(bootmgr, WR_BCD_EL_BOOTMGR_DISPLAYORDER) : NULL;
	struct wr_bcd_value v = {0};
	long n = 0;

	if (bootmgr)
		list[n++] = bootmgr;
	if (order && wr_bcd_value_decode(order, &v) < 0)
		return -1; /* not "no displayorder": that would list other entries */
	if (v.valid) {
		for (size_t i = 0; i < v.n_list; i++) {
			const struct wr_bcd_object *o = wr_bcd_get(bcd, v.list[i]);

			if (o && !listed(list, n, o))
				list[n++] = o;
		}
	} else {
		for (size_t i = 0; i < wr_bcd_count(bcd); i++)
			if (wr_bcd_object(bcd, i)->type == WR_BCD_TYPE_OSLOADER)
				list[n++] = wr_bcd_object(bcd, i);
	}
	wr_bcd_value_clear(&v);
	return n;
}

int wr_bcd_enum_select(const struct wr_bcd *bcd, const struct wr_bcd_enum_opts *opts,
                       const struct wr_bcd_object ***list, size_t *n, struct wr_error *err)
{
	const struct wr_bcd_object **l = calloc(wr_bcd_count(bcd) + 1, sizeof(*l));
	long active;

	if (!l) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	if (opts->id) {
		l[0] = wr_bcd_find(bcd, opts->id, err);
		if (!l[0]) {
			free(l);
			return -1;
		}
		*n = 1;
	} else if (opts->all) {
		for (size_t i = 0; i < wr_bcd_count(bcd); i++)
			l[i] = wr_bcd_object(bcd, i);
		*n = wr_bcd_count(bcd);
		qsort(l, *n, sizeof(*l), cmp_rank);
	} else if ((active = select_active(bcd, l)) >= 0) {
		*n = (size_t)active;
	} else {
		wr_error_set(err, ENOMEM, _("out of memory"));
		free(l);
		return -1;
	}
	*list = l;
	return 0;
}

void wr_bcd_object_title(const struct wr_bcd_object *obj, bool translate, struct wr_buf *out)
{
	const char *heading = wr_bcd_object_heading(obj->type, obj->guid);
	uint32_t t = obj->type;
	const char *generic;

	if (heading || !obj->has_type) {
		heading = heading ? heading : N_("Object without a type");
		wr_buf_puts(out, translate ? _(heading) : heading);
		return;
	}
	if (WR_BCD_OBJECT_KIND(t) == 1 && WR_BCD_OBJECT_IMAGE(t) == 1)
		generic = N_("Firmware Application");
	else if (WR_BCD_OBJECT_KIND(t) == 1)
		generic = N_("Application");
	else if (WR_BCD_OBJECT_KIND(t) == 2)
		generic = N_("Inherited Settings");
	else
		generic = N_("Object");
	/* bcdedit's form for types it has no name for: "Firmware Application (101fffff)" */
	wr_buf_printf(out, "%s (%08x)", translate ? _(generic) : generic, t);
}

/* "name" padded to the column, then the value; continuation lines indented. */
static void put_row(struct wr_buf *out, const char *name, const char *value, const char *note)
{
	size_t w = wr_utf8_width(name);

	wr_buf_puts(out, name);
	wr_buf_pad(out, w < NAME_WIDTH ? NAME_WIDTH - w : 1);
	for (const char *p = value; *p; p++) {
		wr_buf_putc(out, *p);
		if (*p == '\n')
			wr_buf_pad(out, NAME_WIDTH);
	}
	if (note)
		wr_buf_printf(out, "  %s", note);
	wr_buf_putc(out, '\n');
}

static void put_element(const struct wr_bcd_display *d, const struct wr_bcd_object *obj,
                        const struct wr_bcd_element *el, const char *note, struct wr_buf *out)
{
	struct wr_buf name = WR_BUF_INIT, value = WR_BUF_INIT;
	struct wr_bcd_value v;
	bool read = wr_bcd_value_decode(el, &v) == 0;

	if (read) {
		wr_bcd_element_name(obj, el->id, &name);
		wr_bcd_value_format(d, obj, el, &v, &value);
	}
	out->oom |= !read || name.oom || value.oom; /* no row with a wrong or cut value */
	put_row(out, wr_buf_str(&name), wr_buf_str(&value), note);
	wr_bcd_value_clear(&v);
	wr_buf_free(&name);
	wr_buf_free(&value);
}

/* bcdedit hides template (class 4) elements unless /v. */
static bool shown(const struct wr_bcd_display *d, uint32_t id)
{
	return d->verbose || WR_BCD_ELEMENT_CLASS(id) != WR_BCD_CLASS_TEMPLATE;
}

static void put_inherited(const struct wr_bcd_display *d, const struct wr_bcd_object *obj,
                          struct wr_buf *out)
{
	struct wr_bcd_inherited *all;
	size_t n;

	if (wr_bcd_effective_all(d->bcd, obj, &all, &n, NULL) < 0) {
		out->oom = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct wr_buf note = WR_BUF_INIT;

		if (all[i].source == obj || !shown(d, all[i].element->id))
			continue;
		wr_buf_printf(&note, _("(inherited from %s)"),
		              wr_bcd_object_ref(d, all[i].source->guid));
		out->oom |= note.oom;
		/* Name and value as the source object's type defines them. */
		put_element(d, all[i].source, all[i].element, wr_buf_str(&note), out);
		wr_buf_free(&note);
	}
	free(all);
}

static void put_object(const struct wr_bcd_display *d, const struct wr_bcd_object *obj,
                       bool inherited, struct wr_buf *out)
{
	struct wr_buf title = WR_BUF_INIT;
	size_t width;

	wr_bcd_object_title(obj, true, &title);
	out->oom |= title.oom;
	width = wr_utf8_width(wr_buf_str(&title));
	wr_buf_printf(out, "\n%s\n", wr_buf_str(&title));
	for (size_t i = 0; i < width; i++)
		wr_buf_putc(out, '-');
	wr_buf_putc(out, '\n');
	wr_buf_free(&title);
	put_row(out, "identifier", wr_bcd_object_ref(d, obj->guid), NULL);
	for (size_t i = 0; i < obj->n_elements; i++)
		if (shown(d, obj->elements[i].id))
			put_element(d, obj, &obj->elements[i], NULL, out);
	if (inherited)
		put_inherited(d, obj, out);
}

int wr_bcd_enum_text(const struct wr_bcd *bcd, const struct wr_bcd_enum_opts *opts,
                     struct wr_buf *out, struct wr_error *err)
{
	struct wr_bcd_display d = {bcd, opts->verbose, opts->partition, opts->partition_opaque};
	const struct wr_bcd_object **list;
	size_t n;

	if (wr_bcd_enum_select(bcd, opts, &list, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		put_object(&d, list[i], opts->inherited, out);
	free(list);
	if (out->oom) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	return 0;
}

/* Whether `text` has `line` as one of its lines. */
static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; p && *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && strncmp(p, line, n) == 0)
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}

static size_t check_elements(const struct wr_bcd_object *obj, struct wr_buf *out)
{
	size_t count = 0;

	for (size_t j = 0; j < obj->n_elements; j++) {
		struct wr_bcd_value v;
		struct wr_buf name = WR_BUF_INIT;

		if (wr_bcd_value_decode(&obj->elements[j], &v) < 0) {
			out->oom = true; /* not a bad element: one we could not read */
		} else if (!v.valid) {
			wr_bcd_element_name(obj, obj->elements[j].id, &name);
			wr_buf_printf(out, _("%s: element %08x (%s): %s\n"), obj->guid,
			              obj->elements[j].id, wr_buf_str(&name), v.problem);
			count++;
		}
		out->oom |= name.oom;
		wr_buf_free(&name);
		wr_bcd_value_clear(&v);
	}
	return count;
}

size_t wr_bcd_check(const struct wr_bcd *bcd, struct wr_buf *out)
{
	struct wr_buf walk = WR_BUF_INIT;
	size_t count = wr_bcd_problem_count(bcd);

	for (size_t i = 0; i < count; i++) {
		const struct wr_bcd_problem *p = wr_bcd_problem(bcd, i);

		wr_buf_printf(out, "%s%s%s\n", p->guid, p->guid[0] ? ": " : "", p->msg);
	}
	for (size_t i = 0; i < wr_bcd_count(bcd); i++) {
		count += check_elements(wr_bcd_object(bcd, i), out);
		if (wr_bcd_walk_inherit(bcd, wr_bcd_object(bcd, i), NULL, NULL, &walk) < 0)
			out->oom = true;
	}
	out->oom |= walk.oom;
	/* Walks from different objects meet the same cycles and missing objects. */
	for (char *cursor = walk.data, *line; (line = wr_next_line(&cursor));) {
		if (has_line(out->data, line))
			continue;
		wr_buf_printf(out, "%s\n", line);
		count++;
	}
	wr_buf_free(&walk);
	return count;
}
