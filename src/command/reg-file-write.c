/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reg-file-write.c - a .reg file as regedit and reg export write it: version 5, UTF-16LE, CRLF. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/le.h"
#include "base/text.h"
#include "base/utf16.h"
#include "reg-internal.h"

/* regedit ends a line of hex bytes once it reaches this column, with ",\". */
#define HEX_WRAP 77

void wr__regfile_begin(struct wr_buf *out)
{
	wr_buf_puts(out, "Windows Registry Editor Version 5.00\r\n");
}

void wr__regfile_end(struct wr_buf *out)
{
	wr_buf_puts(out, "\r\n");
}

/* A line break in a name would end the line it is on. */
static int one_line(const char *name, struct wr_error *err)
{
	if (!strpbrk(name, "\r\n"))
		return 0;
	wr_error_set(err, EINVAL,
	             _("%s: a name with a line break cannot be written in a .reg file"), name);
	return -1;
}

int wr__regfile_key(const char *shown, struct wr_buf *out, struct wr_error *err)
{
	if (one_line(shown, err) < 0)
		return -1;
	wr_buf_puts(out, "\r\n[");
	wr_buf_puts(out, shown);
	wr_buf_puts(out, "]\r\n");
	return 0;
}

/* `s` between quotes, its \ and " escaped; returns the columns it took
 * (UTF-16 code units, as regedit counts them). */
static size_t quoted(const char *s, struct wr_buf *out)
{
	size_t cols = 2;

	wr_buf_putc(out, '"');
	for (const char *p = s; *p;) {
		const char *from = p;
		int32_t cp = wr_utf8_next(&p);

		if (cp < 0)
			p = from + 1; /* not UTF-8: the encoding refuses it later */
		if (*from == '\\' || *from == '"') {
			wr_buf_putc(out, '\\');
			cols++;
		}
		wr_buf_add(out, from, (size_t)(p - from));
		cols += cp > 0xffff ? 2 : 1;
	}
	wr_buf_putc(out, '"');
	return cols;
}

/* "hex:" or "hex(N):", then the bytes, wrapped as regedit wraps them. */
static void hex_data(const struct wr_value *v, size_t col, struct wr_buf *out)
{
	size_t start = out->len;

	if (v->type == WR_REG_BINARY)
		wr_buf_puts(out, "hex:");
	else
		wr_buf_printf(out, "hex(%" PRIx32 "):", v->type);
	col += out->len - start;
	for (size_t i = 0; i < v->len; i++) {
		wr_buf_printf(out, "%02x", v->data[i]);
		if (i + 1 == v->len)
			break;
		wr_buf_putc(out, ',');
		col += 3;
		if (col >= HEX_WRAP) {
			wr_buf_puts(out, "\\\r\n  ");
			col = 2;
		}
	}
}

/* A string that reads back as the very same bytes and stays on its line:
 * written as "text".  Anything else (no NUL at the end, bytes after it, a
 * line break) is written as hex(1), which regedit imports as those bytes;
 * its own export would cut such a string at the NUL. */
static bool as_text(const struct wr_value *v, char **text)
{
	*text = NULL;
	if (v->type != WR_REG_SZ || wr_value_form(v) != WR_FORM_TEXT)
		return false;
	*text = wr_utf16le_decode(v->data, v->len);
	if (*text && !strpbrk(*text, "\r\n"))
		return true;
	free(*text);
	*text = NULL;
	return false;
}

int wr__regfile_value(const char *name, const struct wr_value *v, struct wr_buf *out,
                      struct wr_error *err)
{
	size_t col = 2;
	char *text;

	if (one_line(name, err) < 0)
		return -1;
	if (*name) {
		col = quoted(name, out) + 1;
		wr_buf_putc(out, '=');
	} else {
		wr_buf_puts(out, "@=");
	}
	if (as_text(v, &text)) {
		quoted(text, out);
		free(text);
	} else if (v->type == WR_REG_DWORD && v->len == 4) {
		wr_buf_printf(out, "dword:%08" PRIx32, wr_le32(v->data));
	} else {
		hex_data(v, col, out);
	}
	wr_buf_puts(out, "\r\n");
	return 0;
}

int wr__regfile_encode(const struct wr_buf *text, uint8_t **data, size_t *len, struct wr_error *err)
{
	size_t n = 0;
	uint8_t *utf16 = text->oom ? NULL : wr_utf16le_encode(wr_buf_str(text), &n);

	*data = utf16 ? malloc(n) : NULL;
	if (!*data) {
		if (utf16 || text->oom || errno == ENOMEM)
			wr_error_set(err, ENOMEM, _("out of memory"));
		else
			wr_error_set(err, EINVAL, _("a name or string is not valid text"));
		free(utf16);
		return -1;
	}
	/* The BOM in place of the NUL the encoding ends with. */
	(*data)[0] = 0xff;
	(*data)[1] = 0xfe;
	memcpy(*data + 2, utf16, n - 2);
	*len = n;
	free(utf16);
	return 0;
}
