/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcdedit-lists.c - lists of entries (displayorder, toolsdisplayorder, bootsequence, inherit):
 * set whole, or one entry added first, added last or removed. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "bcdedit-internal.h"

typedef char guid_text[WR_GUID_STRLEN + 1];

int bcdedit_list_mode(struct bcdedit *b, const struct bcdedit_args *a, enum bcdedit_list_edit *mode)
{
	static const enum bcdedit_list_edit modes[] = {BCDEDIT_LIST_ADDFIRST, BCDEDIT_LIST_ADDLAST,
	                                               BCDEDIT_LIST_REMOVE};

	*mode = BCDEDIT_LIST_SET;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (!a->option[i])
			continue;
		if (*mode != BCDEDIT_LIST_SET) {
			wr_error_set(b->err, EINVAL,
			             _("give one of /addfirst, /addlast and /remove, not two"));
			return -1;
		}
		*mode = modes[i];
	}
	return 0;
}

int bcdedit_set_list(struct bcdedit *b, const char *guid, uint32_t id, const char *const *guids,
                     size_t n)
{
	/* Each GUID and its NUL in UTF-16LE, then the list's own NUL. */
	size_t each = 2 * (WR_GUID_STRLEN + 1), len = each * n + 2;
	uint8_t *data;
	int r;

	if (n == 0)
		return wr_txn_bcd_delete(b->stage, b->hive, guid, id, b->err);
	if (!(data = calloc(1, len))) {
		wr_error_set(b->err, ENOMEM, _("out of memory"));
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < WR_GUID_STRLEN; c++)
			data[i * each + 2 * c] = (uint8_t)guids[i][c];
	r = wr_txn_bcd_set(b->stage, b->hive, guid, id, WR_REG_MULTI_SZ, data, len, b->err);
	free(data);
	return r;
}

/* The list as staged (malloc'd, with room for `extra` more entries). */
static int current_list(struct bcdedit *b, const char *guid, uint32_t id, size_t extra,
                        guid_text **list, size_t *n)
{
	const struct wr_bcd_object *obj = wr_bcd_get(b->bcd, guid);
	const struct wr_bcd_element *el = obj ? wr_bcd_object_element(obj, id) : NULL;
	struct wr_bcd_value v = {0};

	if (el && wr_bcd_value_decode(el, &v) < 0) {
		wr_error_set(b->err, ENOMEM, _("out of memory"));
		return -1;
	}
	if (el && !v.valid) {
		/* Editing a list we cannot read would drop its entries. */
		wr_error_set(b->err, EINVAL,
		             _("the list %08x of %s does not read (%s): set it whole"), id, guid,
		             v.problem);
		wr_bcd_value_clear(&v);
		return -1;
	}
	*n = v.n_list;
	if (!(*list = calloc(*n + extra + 1, sizeof(**list))))
		wr_error_set(b->err, ENOMEM, _("out of memory"));
	for (size_t i = 0; *list && i < *n; i++)
		snprintf((*list)[i], sizeof(guid_text), "%s", v.list[i]);
	wr_bcd_value_clear(&v);
	return *list ? 0 : -1;
}

static bool contains(const guid_text *list, size_t n, const char *guid)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], guid) == 0)
			return true;
	return false;
}

/* Take `drop` out of `list`. */
static size_t without(guid_text *list, size_t n, const char *drop)
{
	size_t kept = 0;

	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], drop) != 0)
			memmove(list[kept++], list[i], sizeof(guid_text));
	return kept;
}

/* The ids given, resolved: objects of the store (a stale GUID may be
 * removed), each once. */
static int given_list(struct bcdedit *b, enum bcdedit_list_edit mode, const char *const *ids,
                      size_t n, guid_text *out, size_t *n_out)
{
	if (mode != BCDEDIT_LIST_SET && n != 1) {
		wr_error_set(
		    b->err, EINVAL,
		    _("/addfirst, /addlast and /remove take one entry: %s is one too many"),
		    ids[1]);
		return -1;
	}
	*n_out = 0;
	for (size_t i = 0; i < n; i++) {
		if (bcdedit_guid(b, ids[i], mode == BCDEDIT_LIST_REMOVE, out[*n_out]) < 0)
			return -1;
		if (!contains(out, *n_out, out[*n_out]))
			++*n_out;
	}
	return 0;
}

static int apply_edit(struct bcdedit *b, const char *guid, uint32_t id, enum bcdedit_list_edit mode,
                      guid_text *list, size_t n, const guid_text *given, size_t n_given)
{
	const char **ptrs = calloc(n + n_given + 1, sizeof(*ptrs));
	size_t total = 0;
	int r;

	if (!ptrs) {
		wr_error_set(b->err, ENOMEM, _("out of memory"));
		return -1;
	}
	if (mode == BCDEDIT_LIST_SET)
		n = 0;
	else
		n = without(list, n, given[0]);
	if (mode == BCDEDIT_LIST_ADDFIRST)
		ptrs[total++] = given[0];
	for (size_t i = 0; i < n; i++)
		ptrs[total++] = list[i];
	if (mode == BCDEDIT_LIST_SET || mode == BCDEDIT_LIST_ADDLAST)
		for (size_t i = 0; i < n_given; i++)
			ptrs[total++] = given[i];
	r = bcdedit_set_list(b, guid, id, ptrs, total);
	free(ptrs);
	return r;
}

int bcdedit_edit_list(struct bcdedit *b, const char *guid, uint32_t id, enum bcdedit_list_edit mode,
                      const char *const *ids, size_t n)
{
	guid_text *list = NULL, *given = calloc(n + 1, sizeof(*given));
	size_t n_list = 0, n_given;
	int r = given ? 0 : -1;

	if (r < 0)
		wr_error_set(b->err, ENOMEM, _("out of memory"));
	if (r == 0)
		r = given_list(b, mode, ids, n, given, &n_given);
	if (r == 0)
		r = current_list(b, guid, id, n, &list, &n_list);
	/* Removing what is not there changes nothing, as in bcdedit. */
	if (r == 0 && (mode != BCDEDIT_LIST_REMOVE || contains(list, n_list, given[0])))
		r = apply_edit(b, guid, id, mode, list, n_list, (const guid_text *)given, n_given);
	free(list);
	free(given);
	return r;
}
