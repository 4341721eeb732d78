/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcdedit-delete.c - /delete ID [/f] [/cleanup | /nocleanup]: the entry and, unless /nocleanup,
 * every reference to it and the resume entry only it used, as bcdedit cleans up. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "bcdedit-internal.h"

#define EL_RESUMEOBJECT 0x23000003u /* an OS loader's resume entry */

/* The resume entry OS loader `obj` names, into `out`; false when none. */
static bool resume_of(const struct wr_bcd_object *obj, char out[WR_GUID_STRLEN + 1])
{
	const struct wr_bcd_element *el = wr_bcd_object_element(obj, EL_RESUMEOBJECT);
	struct wr_bcd_value v;
	bool found;

	if (WR_BCD_OBJECT_KIND(obj->type) != 1 ||
	    WR_BCD_OBJECT_APP(obj->type) != WR_BCD_APP_OSLOADER || !el ||
	    wr_bcd_value_decode(el, &v) < 0)
		return false;
	found = v.valid;
	if (found)
		snprintf(out, WR_GUID_STRLEN + 1, "%s", v.string);
	wr_bcd_value_clear(&v);
	return found;
}

/* The resume entry of `obj` that no other OS loader resumes with, or NULL:
 * bcdedit deletes it with the loader. */
static const struct wr_bcd_object *own_resume(struct bcdedit *b, const struct wr_bcd_object *obj)
{
	char guid[WR_GUID_STRLEN + 1], other[WR_GUID_STRLEN + 1];
	const struct wr_bcd_object *resume;

	if (!resume_of(obj, guid) || !(resume = wr_bcd_get(b->bcd, guid)) ||
	    WR_BCD_OBJECT_APP(resume->type) != WR_BCD_APP_RESUME)
		return NULL;
	for (size_t i = 0; i < wr_bcd_count(b->bcd); i++) {
		const struct wr_bcd_object *o = wr_bcd_object(b->bcd, i);

		if (o != obj && resume_of(o, other) && strcmp(other, guid) == 0)
			return NULL;
	}
	return resume;
}

static bool is_gone(const char *const *gone, size_t n, const char *guid)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(gone[i], guid) == 0)
			return true;
	return false;
}

/* A list without the entries deleted (a list left empty goes). */
static int drop_from_list(struct bcdedit *b, const struct wr_bcd_object *obj, uint32_t id,
                          const struct wr_bcd_value *v, const char *const *gone, size_t n_gone)
{
	const char **kept = calloc(v->n_list + 1, sizeof(*kept));
	size_t n = 0;
	int r = 0;

	if (!kept) {
		wr_error_set(b->err, ENOMEM, _("out of memory"));
		return -1;
	}
	for (size_t i = 0; i < v->n_list; i++)
		if (!is_gone(gone, n_gone, v->list[i]))
			kept[n++] = v->list[i];
	if (n != v->n_list)
		r = bcdedit_set_list(b, obj->guid, id, kept, n);
	free(kept);
	return r;
}

/* Element `el` of `obj` without references to the entries deleted: a
 * reference to one goes, a list loses them.  One that does not read is
 * left as it is. */
static int drop_from_element(struct bcdedit *b, const struct wr_bcd_object *obj,
                             const struct wr_bcd_element *el, const char *const *gone,
                             size_t n_gone)
{
	uint32_t format = WR_BCD_ELEMENT_FORMAT(el->id);
	struct wr_bcd_value v;
	int r = 0;

	if (format != WR_BCD_FORMAT_OBJECT && format != WR_BCD_FORMAT_OBJECT_LIST)
		return 0;
	if (wr_bcd_value_decode(el, &v) < 0) {
		wr_error_set(b->err, ENOMEM, _("out of memory"));
		return -1;
	}
	if (v.valid && format == WR_BCD_FORMAT_OBJECT && is_gone(gone, n_gone, v.string))
		r = wr_txn_bcd_delete(b->stage, b->hive, obj->guid, el->id, b->err);
	else if (v.valid && format == WR_BCD_FORMAT_OBJECT_LIST)
		r = drop_from_list(b, obj, el->id, &v, gone, n_gone);
	wr_bcd_value_clear(&v);
	return r;
}

static int drop_references(struct bcdedit *b, const char *const *gone, size_t n_gone)
{
	for (size_t i = 0; i < wr_bcd_count(b->bcd); i++) {
		const struct wr_bcd_object *obj = wr_bcd_object(b->bcd, i);

		for (size_t j = 0; j < obj->n_elements && !is_gone(gone, n_gone, obj->guid); j++)
			if (drop_from_element(b, obj, &obj->elements[j], gone, n_gone) < 0)
				return -1;
	}
	return 0;
}

static int delete_entry(struct bcdedit *b, const char *guid)
{
	char key[64];

	snprintf(key, sizeof(key), "Objects\\%s", guid);
	return wr_txn_reg_delete_key(b->stage, b->hive, key, b->err);
}

/* The options: 0 /f, 1 /cleanup, 2 /nocleanup (cleanup is the default). */
int bcdedit_delete(struct bcdedit *b, const struct bcdedit_args *a)
{
	const struct wr_bcd_object *obj = bcdedit_object(b, a->words[0]), *resume = NULL;
	bool cleanup = !a->option[2];
	const char *gone[2];
	size_t n = 0;

	if (!obj)
		return -1;
	if (a->option[1] && a->option[2]) {
		wr_error_set(b->err, EINVAL, _("give /cleanup or /nocleanup, not both"));
		return -1;
	}
	/* {default} names an ordinary entry: only the well-known ones need /f. */
	if (!a->option[0] && wr_bcd_alias_for_guid(obj->guid)) {
		wr_error_set(
		    b->err, EPERM,
		    _("%s is a well-known identifier: bcdedit /delete deletes it only with "
		      "/f"),
		    a->words[0]);
		return -1;
	}
	gone[n++] = obj->guid;
	if (cleanup && (resume = own_resume(b, obj)))
		gone[n++] = resume->guid;
	if (cleanup && drop_references(b, gone, n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (delete_entry(b, gone[i]) < 0)
			return -1;
	return bcdedit_done(b);
}
