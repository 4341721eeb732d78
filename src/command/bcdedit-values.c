/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcdedit-values.c - /set and /deletevalue: element names (bcdedit's, or custom:XXXXXXXX) and
 * values encoded by the element's format as Windows writes them. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/le.h"
#include "base/utf16.h"
#include "bcdedit-internal.h"

/* custom:25000080: an element type in hex, as bcdedit takes one it has no
 * name for. */
static int custom_element(struct bcdedit *b, const char *name, uint32_t *id)
{
	const char *hex = name + strlen("custom:");
	size_t n = strspn(hex, "0123456789abcdefABCDEF");

	if (n == 0 || n > 8 || hex[n]) {
		wr_error_set(b->err, EINVAL,
		             _("%s: custom: takes an element type of up to 8 hex digits "
		               "(custom:25000080)"),
		             name);
		return -1;
	}
	*id = (uint32_t)strtoul(hex, NULL, 16);
	return 0;
}

int bcdedit_element(struct bcdedit *b, const struct wr_bcd_object *obj, const char *name,
                    uint32_t *id, const struct wr_bcd_element_info **info)
{
	if (strncasecmp(name, "custom:", strlen("custom:")) == 0) {
		if (custom_element(b, name, id) < 0)
			return -1;
		*info = wr_bcd_element_info(obj->type, *id);
		return 0;
	}
	if (!(*info = wr_bcd_element_by_name(obj->type, name))) {
		wr_error_set(b->err, EINVAL,
		             _("The element data type specified is not recognized, or does not "
		               "apply to the specified entry: %s"),
		             name);
		return -1;
	}
	*id = (*info)->id;
	return 0;
}

int bcdedit_boolean(struct bcdedit *b, const char *word, const char *what, bool *v)
{
	static const struct {
		const char *word;
		bool value;
	} words[] = {{"yes", true},  {"no", false},    {"on", true}, {"off", false},
	             {"true", true}, {"false", false}, {"1", true},  {"0", false}};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(word, words[i].word) == 0) {
			*v = words[i].value;
			return 0;
		}
	wr_error_set(b->err, EINVAL,
	             _("%s is not a boolean value for %s: give yes or no, on or off, true or "
	               "false, 1 or 0"),
	             word, what);
	return -1;
}

int bcdedit_integer(struct bcdedit *b, const char *word, const char *what, uint64_t *v)
{
	bool hex = word[0] == '0' && (word[1] == 'x' || word[1] == 'X');
	const char *digits = word + (hex ? 2 : 0);
	char *end;

	/* strtoull would take blanks, a sign, and wrap a minus around. */
	errno = 0;
	if (isxdigit((unsigned char)digits[0]) && (hex || isdigit((unsigned char)digits[0]))) {
		*v = strtoull(digits, &end, hex ? 16 : 10);
		if (!*end && errno == 0)
			return 0;
	}
	wr_error_set(b->err, EINVAL, _("%s is not an integer value for %s"), word, what);
	return -1;
}

/* An integer element with named values: a name (any case), or a number
 * that has one. */
static int named_integer(struct bcdedit *b, const struct wr_bcd_element_info *info,
                         const char *word, uint64_t *v)
{
	struct wr_buf names = WR_BUF_INIT;

	for (size_t i = 0; i < info->n_values; i++)
		if (strcasecmp(word, info->values[i].name) == 0) {
			*v = info->values[i].value;
			return 0;
		}
	if (bcdedit_integer(b, word, info->name, v) == 0 && wr_bcd_enum_value_name(info, *v))
		return 0;
	for (size_t i = 0; i < info->n_values; i++)
		wr_buf_printf(&names, "%s%s", i ? ", " : "", info->values[i].name);
	if (names.oom)
		wr_error_set(b->err, ENOMEM, _("out of memory"));
	else
		wr_error_set(b->err, EINVAL, _("%s is not a value of %s: give one of %s"), word,
		             info->name, wr_buf_str(&names));
	wr_buf_free(&names);
	return -1;
}

int bcdedit_set_string(struct bcdedit *b, const char *guid, uint32_t id, const char *text)
{
	size_t len;
	uint8_t *data = wr_utf16le_encode(text, &len);
	int r;

	if (!data && errno == ENOMEM)
		wr_error_set(b->err, ENOMEM, _("out of memory"));
	else if (!data)
		wr_error_set(b->err, EINVAL, _("%s is not UTF-8 text"), text);
	if (!data)
		return -1;
	r = wr_txn_bcd_set(b->stage, b->hive, guid, id, WR_REG_SZ, data, len, b->err);
	free(data);
	return r;
}

/* An integer list (badmemorylist): each number in 8 bytes. */
static int set_integer_list(struct bcdedit *b, const char *guid, uint32_t id, const char *name,
                            const char *const *words, size_t n)
{
	uint8_t *data = calloc(n, 8);
	int r = data ? 0 : -1;

	if (!data)
		wr_error_set(b->err, ENOMEM, _("out of memory"));
	for (size_t i = 0; r == 0 && i < n; i++) {
		uint64_t v;

		r = bcdedit_integer(b, words[i], name, &v);
		wr_put_le(data + 8 * i, v, 8);
	}
	if (r == 0)
		r = wr_txn_bcd_set(b->stage, b->hive, guid, id, WR_REG_BINARY, data, 8 * n, b->err);
	free(data);
	return r;
}

static int set_device(struct bcdedit *b, const struct wr_bcd_object *obj, uint32_t id,
                      const char *text)
{
	uint8_t *data;
	size_t len;
	int r;

	if (bcdedit_device(b, obj, text, &data, &len) < 0)
		return -1;
	r = wr_txn_bcd_set(b->stage, b->hive, obj->guid, id, WR_REG_BINARY, data, len, b->err);
	free(data);
	return r;
}

/* Element `id` of `obj` from one word, by its format. */
static int set_single(struct bcdedit *b, const struct wr_bcd_object *obj, uint32_t id,
                      const struct wr_bcd_element_info *info, const char *name, const char *word)
{
	char guid[WR_GUID_STRLEN + 1];
	uint64_t v;
	bool yes;

	switch (WR_BCD_ELEMENT_FORMAT(id)) {
	case WR_BCD_FORMAT_DEVICE:
		return set_device(b, obj, id, word);
	case WR_BCD_FORMAT_STRING:
		return bcdedit_set_string(b, obj->guid, id, word);
	case WR_BCD_FORMAT_OBJECT:
		return bcdedit_guid(b, word, false, guid) < 0
		           ? -1
		           : bcdedit_set_string(b, obj->guid, id, guid);
	case WR_BCD_FORMAT_INTEGER:
		if ((info && info->n_values ? named_integer(b, info, word, &v)
		                            : bcdedit_integer(b, word, name, &v)) < 0)
			return -1;
		return wr_txn_bcd_set_integer(b->stage, b->hive, obj->guid, id, v, b->err);
	case WR_BCD_FORMAT_BOOLEAN:
		if (bcdedit_boolean(b, word, name, &yes) < 0)
			return -1;
		return wr_txn_bcd_set_boolean(b->stage, b->hive, obj->guid, id, yes, b->err);
	default:
		wr_error_set(b->err, EINVAL, _("%s: element format %u is none bcdedit sets"), name,
		             WR_BCD_ELEMENT_FORMAT(id));
		return -1;
	}
}

/* Lists take their entries as words of their own; every other value is
 * one word (quoted when it holds blanks). */
static int set_value(struct bcdedit *b, const struct wr_bcd_object *obj, uint32_t id,
                     const struct wr_bcd_element_info *info, const char *name,
                     const struct bcdedit_args *a)
{
	const char *const *values = a->words + 2;
	size_t n = a->n - 2;
	enum bcdedit_list_edit mode;

	if (bcdedit_list_mode(b, a, &mode) < 0)
		return -1;
	if (WR_BCD_ELEMENT_FORMAT(id) == WR_BCD_FORMAT_OBJECT_LIST)
		return bcdedit_edit_list(b, obj->guid, id, mode, values, n);
	if (mode != BCDEDIT_LIST_SET) {
		wr_error_set(b->err, EINVAL,
		             _("%s is no list of entries: /addfirst, /addlast and /remove are "
		               "for lists"),
		             name);
		return -1;
	}
	if (WR_BCD_ELEMENT_FORMAT(id) == WR_BCD_FORMAT_INTEGER_LIST)
		return set_integer_list(b, obj->guid, id, name, values, n);
	if (n > 1) {
		wr_error_set(b->err, EINVAL,
		             _("%s takes one value: %s is one too many (a value with blanks goes "
		               "in quotes)"),
		             name, values[1]);
		return -1;
	}
	return set_single(b, obj, id, info, name, values[0]);
}

int bcdedit_set(struct bcdedit *b, const struct bcdedit_args *a)
{
	const struct wr_bcd_object *obj = bcdedit_object(b, a->words[0]);
	const struct wr_bcd_element_info *info;
	uint32_t id;

	if (!obj || bcdedit_element(b, obj, a->words[1], &id, &info) < 0 ||
	    set_value(b, obj, id, info, a->words[1], a) < 0)
		return -1;
	return bcdedit_done(b);
}

int bcdedit_deletevalue(struct bcdedit *b, const struct bcdedit_args *a)
{
	const struct wr_bcd_object *obj = bcdedit_object(b, a->words[0]);
	const struct wr_bcd_element_info *info;
	uint32_t id;

	if (!obj || bcdedit_element(b, obj, a->words[1], &id, &info) < 0)
		return -1;
	/* bcdedit fails too: an element inherited from a settings object is
	 * not the entry's own, and deleting nothing would hide that. */
	if (!wr_bcd_object_element(obj, id)) {
		wr_error_set(b->err, ENOENT,
		             _("An error occurred while attempting to delete the specified data "
		               "element: %s has no %s of its own"),
		             a->words[0], a->words[1]);
		return -1;
	}
	if (wr_txn_bcd_delete(b->stage, b->hive, obj->guid, id, b->err) < 0)
		return -1;
	return bcdedit_done(b);
}
