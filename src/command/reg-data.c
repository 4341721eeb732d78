/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reg-data.c - value types and data as reg add takes them (/t /d /s) and as reg query shows them.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/le.h"
#include "base/text.h"
#include "base/utf16.h"
#include "reg-internal.h"

static const struct {
	const char *name;
	uint32_t type;
	bool add; /* reg add takes it */
} types[] = {
    {"REG_SZ", WR_REG_SZ, true},
    {"REG_EXPAND_SZ", WR_REG_EXPAND_SZ, true},
    {"REG_MULTI_SZ", WR_REG_MULTI_SZ, true},
    {"REG_DWORD", WR_REG_DWORD, true},
    {"REG_QWORD", WR_REG_QWORD, true},
    {"REG_BINARY", WR_REG_BINARY, true},
    {"REG_NONE", WR_REG_NONE, true},
    {"REG_DWORD_BIG_ENDIAN", WR_REG_DWORD_BE, false},
    {"REG_LINK", WR_REG_LINK, false},
    {"REG_RESOURCE_LIST", 8, false},
    {"REG_FULL_RESOURCE_DESCRIPTOR", 9, false},
    {"REG_RESOURCE_REQUIREMENTS_LIST", 10, false},
};

const char *wr__reg_type_name(uint32_t type)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].type == type)
			return types[i].name;
	return NULL;
}

int wr__reg_type_parse(const char *name, uint32_t *type, struct wr_error *err)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].add && strcasecmp(types[i].name, name) == 0) {
			*type = types[i].type;
			return 0;
		}
	wr_error_set(err, EINVAL,
	             _("Invalid type %s: reg add takes REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, "
	               "REG_DWORD, REG_QWORD, REG_BINARY or REG_NONE."),
	             name);
	return -1;
}

static int no_memory(struct wr_error *err)
{
	wr_error_set(err, ENOMEM, _("out of memory"));
	return -1;
}

/* Text as UTF-16LE with its NUL, as reg.exe stores every string. */
static int parse_text(const char *data, struct wr_value *out, struct wr_error *err)
{
	out->data = wr_utf16le_encode(data, &out->len);
	if (out->data)
		return 0;
	if (errno == ENOMEM)
		return no_memory(err);
	wr_error_set(err, EINVAL, _("Invalid data \"%s\": it is not UTF-8 text."), data);
	return -1;
}

/* Decimal, or hex after 0x (a leading 0 is not octal), as reg.exe reads
 * /d: no sign, no blank, nothing after the digits, within the type. */
static int parse_number(uint32_t type, const char *data, struct wr_value *out, struct wr_error *err)
{
	bool hex = data[0] == '0' && (data[1] == 'x' || data[1] == 'X');
	bool dword = type == WR_REG_DWORD;
	unsigned long long n = 0;
	char *end = NULL;

	errno = 0;
	if (hex ? isxdigit((unsigned char)data[2]) : isdigit((unsigned char)data[0]))
		n = strtoull(data, &end, hex ? 16 : 10);
	if (!end || *end || errno || (dword && n > UINT32_MAX)) {
		wr_error_set(
		    err, EINVAL,
		    _("Invalid data \"%s\" for %s: give a number from 0 to %s (decimal, or "
		      "hex after 0x)."),
		    data, dword ? "REG_DWORD" : "REG_QWORD",
		    dword ? "4294967295" : "18446744073709551615");
		return -1;
	}
	out->len = dword ? 4 : 8;
	if (!(out->data = malloc(out->len)))
		return no_memory(err);
	wr_put_le(out->data, n, (unsigned)out->len);
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Hex digits, two a byte; an odd count makes the first digit a byte of
 * its own, as reg.exe does ("abc" is 0a bc). */
static int parse_binary(const char *data, struct wr_value *out, struct wr_error *err)
{
	size_t digits = strlen(data), odd = digits % 2;

	out->len = (digits + odd) / 2;
	if (!(out->data = calloc(1, out->len + 1)))
		return no_memory(err);
	for (size_t i = 0; i < digits; i++) {
		int d = hex_digit(data[i]);
		size_t at = (i + odd) / 2;

		if (d < 0) {
			wr_error_set(err, EINVAL,
			             _("Invalid data \"%s\" for REG_BINARY: give hex digits, two a "
			               "byte (as in 0102ab)."),
			             data);
			return -1;
		}
		out->data[at] = (uint8_t)(out->data[at] << 4 | d);
	}
	return 0;
}

/* Where the separator is at `p`: its length, or 0. */
static size_t separator_at(const char *p, char sep)
{
	if (sep)
		return *p == sep ? 1 : 0;
	return p[0] == '\\' && p[1] == '0' ? 2 : 0;
}

/* Append string `s` (`n` bytes) as UTF-16LE with its NUL. */
static int add_string(struct wr_buf *out, const char *s, size_t n, struct wr_error *err)
{
	char *one = strndup(s, n);
	struct wr_value v = {0};
	int r = one ? parse_text(one, &v, err) : no_memory(err);

	if (r == 0)
		wr_buf_add(out, (const char *)v.data, v.len);
	free(v.data);
	free(one);
	return r;
}

static int empty_string(const char *data, bool first, struct wr_error *err)
{
	wr_error_set(err, EINVAL,
	             first ? _("Invalid data \"%s\" for REG_MULTI_SZ: it begins with a separator.")
	                   : _("Invalid data \"%s\" for REG_MULTI_SZ: it has an empty string "
	                       "between two separators."),
	             data);
	return -1;
}

/* Strings split at the separator, each with its NUL, then the list's NUL.
 * As reg.exe: an empty string is refused before or between others (the
 * list would end there); a separator at the end only ends the last
 * string, and a separator alone is one empty string. */
static int parse_multi(const char *data, char sep, struct wr_value *out, struct wr_error *err)
{
	struct wr_buf list = WR_BUF_INIT;
	const char *item = data, *p = data;
	int r = 0;

	while (r == 0 && *p) {
		size_t n = separator_at(p, sep);

		if (!n) {
			p++;
			continue;
		}
		if (p == item && !(item == data && !p[n]))
			r = empty_string(data, item == data, err);
		else
			r = add_string(&list, item, (size_t)(p - item), err);
		item = p += n;
	}
	if (r == 0 && p > item)
		r = add_string(&list, item, (size_t)(p - item), err);
	wr_buf_add(&list, "\0", 2);
	if (r == 0 && list.oom)
		r = no_memory(err);
	out->len = list.len;
	out->data = (uint8_t *)wr_buf_steal(&list);
	return r;
}

int wr__reg_data_parse(uint32_t type, const char *data, char sep, struct wr_value *out,
                       struct wr_error *err)
{
	int r;

	*out = (struct wr_value){.type = type};
	switch (type) {
	case WR_REG_DWORD:
		if (!data) {
			wr_error_set(err, EINVAL, _("REG_DWORD needs its data: /d NUMBER."));
			return -1;
		}
		r = parse_number(type, data, out, err);
		break;
	case WR_REG_QWORD:
		r = parse_number(type, data ? data : "0", out, err);
		break;
	case WR_REG_BINARY:
		r = parse_binary(data ? data : "", out, err);
		break;
	case WR_REG_MULTI_SZ:
		r = parse_multi(data ? data : "", sep, out, err);
		break;
	default: /* REG_SZ, REG_EXPAND_SZ and REG_NONE: the text */
		r = parse_text(data ? data : "", out, err);
		break;
	}
	if (r < 0)
		wr_value_clear(out);
	return r;
}

/* The data as reg query shows it: strings to their NUL, REG_MULTI_SZ's
 * strings joined by the two characters \0, numbers in hex after 0x, any
 * other bytes as hex digits. */
static void show_data(const struct wr_value *v, struct wr_buf *out)
{
	char **strv = NULL;
	size_t n;

	if ((v->type == WR_REG_SZ || v->type == WR_REG_EXPAND_SZ)) {
		char *s = wr_utf16le_decode(v->data, v->len);

		wr_buf_put_printable(out, s ? s : "");
		free(s);
	} else if (v->type == WR_REG_MULTI_SZ && (strv = wr_value_multi_sz(v, &n, NULL))) {
		for (size_t i = 0; i < n; i++) {
			wr_buf_puts(out, i ? "\\0" : "");
			wr_buf_put_printable(out, strv[i]);
		}
		wr_strv_free(strv);
	} else if ((v->type == WR_REG_DWORD || v->type == WR_REG_DWORD_BE) && v->len == 4) {
		wr_buf_printf(out, "0x%" PRIx32, wr_le32(v->data));
	} else if (v->type == WR_REG_QWORD && v->len == 8) {
		wr_buf_printf(out, "0x%" PRIx64, wr_le64(v->data));
	} else {
		for (size_t i = 0; i < v->len; i++)
			wr_buf_printf(out, "%02X", v->data[i]);
	}
}

void wr__reg_value_parts(const char *name, const struct wr_value *v, const char *sep,
                         struct wr_buf *out)
{
	const char *type = wr__reg_type_name(v->type);

	wr_buf_put_printable(out, *name ? name : _("(Default)"));
	wr_buf_puts(out, sep);
	if (type)
		wr_buf_puts(out, type);
	else
		wr_buf_printf(out, "0x%" PRIx32, v->type);
	wr_buf_puts(out, sep);
	show_data(v, out);
}

void wr__reg_value_line(const char *name, const struct wr_value *v, struct wr_buf *out)
{
	wr_buf_puts(out, "    ");
	wr__reg_value_parts(name, v, "    ", out);
	wr_buf_putc(out, '\n');
}

void wr__reg_key_full(const char *typed, const char *rel, struct wr_buf *out)
{
	static const char *const roots[] = {"HKEY_LOCAL_MACHINE", "HKLM"};
	size_t len = strlen(typed), skip = 0;

	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]) && !skip; i++) {
		size_t n = strlen(roots[i]);

		if (strncasecmp(typed, roots[i], n) == 0 && (typed[n] == '\\' || !typed[n]))
			skip = n;
	}
	if (len > skip && typed[len - 1] == '\\')
		len--;
	if (skip)
		wr_buf_puts(out, "HKEY_LOCAL_MACHINE");
	wr_buf_add(out, typed + skip, len - skip);
	if (*rel) {
		wr_buf_putc(out, '\\');
		wr_buf_puts(out, rel);
	}
}

void wr__reg_subkey_shown(const char *typed, const char *rel, struct wr_buf *out)
{
	struct wr_buf full = WR_BUF_INIT;

	wr__reg_key_full(typed, rel, &full);
	if (full.oom)
		out->oom = true;
	else
		wr_buf_put_printable(out, wr_buf_str(&full));
	wr_buf_free(&full);
}
