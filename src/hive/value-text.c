/* SPDX-License-Identifier: GPL-3.0-or-later */
/* value-text.c - a registry value as text a person can edit, and that text back into bytes. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/le.h"
#include "base/utf16.h"
#include "hive.h"

enum wr_value_form wr_value_form(const struct wr_value *v)
{
	enum wr_value_form f = WR_FORM_HEX;

	if ((v->type == WR_REG_DWORD && v->len == 4) || (v->type == WR_REG_QWORD && v->len == 8))
		return WR_FORM_NUMBER;
	if (v->type == WR_REG_SZ || v->type == WR_REG_EXPAND_SZ) {
		/* Junk after the NUL, no NUL, an odd length: the text would
		 * lose bytes, so such a string edits as hex. */
		char *s = wr_utf16le_decode(v->data, v->len);
		size_t n = 0;
		uint8_t *again = s ? wr_utf16le_encode(s, &n) : NULL;

		if (again && n == v->len && memcmp(again, v->data, n) == 0)
			f = WR_FORM_TEXT;
		free(again);
		free(s);
	}
	return f;
}

char *wr_value_text(const struct wr_value *v, struct wr_error *err)
{
	struct wr_buf b = WR_BUF_INIT;
	char *s = NULL;

	switch (wr_value_form(v)) {
	case WR_FORM_NUMBER:
		wr_buf_printf(&b, "%" PRIu64, v->len == 4 ? wr_le32(v->data) : wr_le64(v->data));
		break;
	case WR_FORM_TEXT:
		s = wr_utf16le_decode(v->data, v->len);
		wr_buf_puts(&b, s ? s : "");
		free(s);
		break;
	case WR_FORM_HEX:
		for (size_t i = 0; i < v->len; i++)
			wr_buf_printf(&b, i ? " %02x" : "%02x", v->data[i]);
		break;
	}
	s = b.oom ? NULL : strdup(wr_buf_str(&b));
	wr_buf_free(&b);
	if (!s)
		wr_error_set(err, ENOMEM, "%s", _("out of memory"));
	return s;
}

/* Decimal unless it starts with 0x: a leading 0 is not octal.  No sign and
 * no blank either, which strtoull would take. */
static int parse_number(uint32_t type, const char *text, struct wr_value *out, struct wr_error *err)
{
	bool hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
	unsigned long long n = 0;
	char *end = NULL;

	errno = 0;
	if (hex ? isxdigit((unsigned char)text[2]) : isdigit((unsigned char)text[0]))
		n = strtoull(text, &end, hex ? 16 : 10);
	if (!end || *end || errno || (type == WR_REG_DWORD && n > UINT32_MAX)) {
		wr_error_set(err, EINVAL,
		             _("\"%s\": not a number from 0 to %s (decimal, or hex after 0x)"),
		             text, type == WR_REG_DWORD ? "4294967295" : "18446744073709551615");
		return -1;
	}
	out->len = type == WR_REG_DWORD ? 4 : 8;
	out->data = malloc(8);
	if (!out->data) {
		wr_error_set(err, ENOMEM, "%s", _("out of memory"));
		return -1;
	}
	wr_put_le(out->data, n, (unsigned)out->len);
	return 0;
}

/* "01 ab ff": two hex digits a byte, blanks between bytes allowed. */
static int parse_hex(const char *text, struct wr_value *out, struct wr_error *err)
{
	out->len = 0;
	out->data = malloc(strlen(text) / 2 + 1);
	if (!out->data) {
		wr_error_set(err, ENOMEM, "%s", _("out of memory"));
		return -1;
	}
	for (const char *p = text; *p; p++) {
		if (*p == ' ')
			continue;
		if (!isxdigit((unsigned char)p[0]) || !isxdigit((unsigned char)p[1])) {
			wr_error_set(
			    err, EINVAL,
			    _("\"%s\": not hex bytes (two hex digits a byte, as in \"01 ff\")"),
			    text);
			return -1;
		}
		out->data[out->len++] = (uint8_t)strtoul((char[]){p[0], p[1], '\0'}, NULL, 16);
		p++;
	}
	return 0;
}

int wr_value_parse(const struct wr_value *like, const char *text, struct wr_value *out,
                   struct wr_error *err)
{
	int r;

	*out = (struct wr_value){.type = like->type};
	switch (wr_value_form(like)) {
	case WR_FORM_NUMBER:
		r = parse_number(like->type, text, out, err);
		break;
	case WR_FORM_TEXT:
		out->data = wr_utf16le_encode(text, &out->len);
		r = out->data ? 0 : -1;
		if (r < 0)
			wr_error_set(err, errno == ENOMEM ? ENOMEM : EINVAL,
			             _("\"%s\": not valid UTF-8 text"), text);
		break;
	default:
		r = parse_hex(text, out, err);
		break;
	}
	if (r < 0)
		wr_value_clear(out);
	return r;
}
