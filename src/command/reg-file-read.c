/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reg-file-read.c - a .reg file read (regedit's version 5 and REGEDIT4), as hostile input. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/le.h"
#include "base/text.h"
#include "base/utf16.h"
#include "reg-internal.h"

/* Windows-1252's 0x80-0x9f, where it differs from Latin-1 (REGEDIT4 files
 * are in the ANSI code page; Western European is the likeliest). */
static const uint16_t cp1252[32] = {
    0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
    0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

static void put_utf8(struct wr_buf *out, uint32_t cp)
{
	char b[4];
	size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	static const uint8_t lead[] = {0, 0, 0xc0, 0xe0, 0xf0};

	for (size_t i = n; i-- > 1; cp >>= 6)
		b[i] = (char)(0x80 | (cp & 0x3f));
	b[0] = (char)(lead[n] | cp);
	wr_buf_add(out, b, n);
}

static void put_utf16(struct wr_buf *out, uint32_t cp)
{
	uint8_t u[4];

	if (cp < 0x10000) {
		wr_put_le16(u, (uint16_t)cp);
		wr_buf_add(out, (const char *)u, 2);
		return;
	}
	cp -= 0x10000;
	wr_put_le16(u, (uint16_t)(0xd800 | cp >> 10));
	wr_put_le16(u + 2, (uint16_t)(0xdc00 | (cp & 0x3ff)));
	wr_buf_add(out, (const char *)u, 4);
}

/* 8-bit text's code points, NUL bytes included: UTF-8 when it all is,
 * else Windows-1252.  `put` gets each one. */
static void ansi_text(const uint8_t *b, size_t n, struct wr_buf *out,
                      void (*put)(struct wr_buf *, uint32_t))
{
	char *copy = malloc(n + 1);
	bool utf8 = copy != NULL;

	if (!copy) {
		out->oom = true;
		return;
	}
	memcpy(copy, b, n);
	copy[n] = '\0';
	for (const char *p = copy; utf8 && p < copy + n;) {
		if (!*p)
			p++;
		else if (wr_utf8_next(&p) < 0)
			utf8 = false;
	}
	for (const char *p = copy; p < copy + n;) {
		uint8_t c = (uint8_t)*p;

		if (utf8 && c)
			put(out, (uint32_t)wr_utf8_next(&p));
		else
			p++, put(out, c >= 0x80 && c < 0xa0 ? cp1252[c - 0x80] : c);
	}
	free(copy);
}

/* UTF-16LE (after the BOM) as UTF-8; an unpaired surrogate becomes
 * U+FFFD, as Windows shows it. */
static void utf16_text(const uint8_t *b, size_t n, struct wr_buf *out)
{
	for (size_t i = 0; i + 1 < n; i += 2) {
		uint32_t u = wr_le16(b + i), lo = i + 3 < n ? wr_le16(b + i + 2) : 0;

		if (u >= 0xd800 && u < 0xdc00 && lo >= 0xdc00 && lo < 0xe000) {
			put_utf8(out, 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00));
			i += 2;
		} else {
			put_utf8(out, u >= 0xd800 && u < 0xe000 ? 0xfffd : u);
		}
	}
}

/* The file's text as UTF-8, whatever it was written in. */
static int file_text(const uint8_t *data, size_t len, const char *name, struct wr_buf *text,
                     struct wr_error *err)
{
	if (len >= 2 && data[0] == 0xfe && data[1] == 0xff) {
		wr_error_set(err, EINVAL,
		             _("%s: UTF-16 big-endian text: save it as Unicode (UTF-16LE), as "
		               "regedit does"),
		             name);
		return -1;
	}
	if (len >= 2 && data[0] == 0xff && data[1] == 0xfe)
		utf16_text(data + 2, len - 2, text);
	else if (len >= 2 && data[0] && !data[1]) /* UTF-16LE without a BOM */
		utf16_text(data, len, text);
	else if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		ansi_text(data + 3, len - 3, text, put_utf8);
	else
		ansi_text(data, len, text, put_utf8);
	if (text->oom) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	return 0;
}

struct parser {
	const char *name; /* the file, for messages */
	char *cursor;     /* the text not read yet */
	unsigned line;
	bool ansi; /* REGEDIT4: hex(2) and hex(7) hold 8-bit text, not UTF-16 */
	struct wr_regfile *out;
	struct wr_error *err;
};

/* The message set for the current line: "FILE, line N: ..."; -1. */
static int located(struct parser *p)
{
	wr_error_prefix(p->err, _("%s, line %u"), p->name, p->line);
	return -1;
}

static int no_memory(struct parser *p)
{
	wr_error_set(p->err, ENOMEM, _("out of memory"));
	return -1;
}

/* The next line, its CR gone; NULL at the end. */
static char *next_line(struct parser *p)
{
	char *line = wr_next_line(&p->cursor);
	size_t n;

	if (!line)
		return NULL;
	p->line++;
	n = strlen(line);
	if (n && line[n - 1] == '\r')
		line[n - 1] = '\0';
	return line;
}

static char *skip_blanks(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Only blanks and a ; comment may follow the data on its line. */
static int line_ends(struct parser *p, char *s)
{
	s = skip_blanks(s);
	if (!*s || *s == ';')
		return 0;
	wr_error_set(p->err, EINVAL, _("unexpected text after the data: %.40s"), s);
	return located(p);
}

static struct wr_regfile_key *add_key(struct parser *p, const char *path, bool remove)
{
	struct wr_regfile *f = p->out;
	struct wr_regfile_key *k;

	if (f->n_keys == f->room) {
		size_t room = f->room ? 2 * f->room : 16;
		struct wr_regfile_key *keys = realloc(f->keys, room * sizeof(*keys));

		if (!keys)
			return NULL;
		f->keys = keys;
		f->room = room;
	}
	k = &f->keys[f->n_keys];
	*k = (struct wr_regfile_key){.line = p->line, .remove = remove, .path = strdup(path)};
	if (!k->path)
		return NULL;
	f->n_keys++;
	return k;
}

/* "[KEY]" or "[-KEY]": the name runs to the last ']' on the line. */
static int parse_key(struct parser *p, char *s)
{
	char *close = strrchr(s, ']'), *path = s + 1;
	bool remove = *path == '-';

	if (!close) {
		wr_error_set(p->err, EINVAL, _("the key name is not closed with ]: %.60s"), s);
		return located(p);
	}
	*close = '\0';
	path += remove;
	if (!*path) {
		wr_error_set(p->err, EINVAL, _("a [] with no key name in it"));
		return located(p);
	}
	if (line_ends(p, close + 1) < 0)
		return -1;
	return add_key(p, path, remove) ? 0 : no_memory(p);
}

/* A quoted string at *s: unescaped into `out` (\\ and \" as regedit
 * writes them), *s moved past its closing quote. */
static int parse_string(struct parser *p, char **s, struct wr_buf *out)
{
	char *c = *s + 1;

	for (; *c && *c != '"'; c++) {
		if (*c == '\\' && (c[1] == '\\' || c[1] == '"')) {
			c++;
		} else if (*c == '\\') {
			wr_error_set(p->err, EINVAL,
			             _("\\%c in a string: a backslash is written \\\\ and a quote "
			               "\\\""),
			             c[1] ? c[1] : ' ');
			return located(p);
		}
		wr_buf_putc(out, *c);
	}
	if (!*c) {
		wr_error_set(p->err, EINVAL, _("a string is not closed: its ending \" is missing"));
		return located(p);
	}
	*s = c + 1;
	return out->oom ? no_memory(p) : 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* 1 to `max` hex digits at *s as a number, *s moved past them; -1 when
 * there are none or more. */
static long long hex_number(char **s, int max)
{
	long long n = 0;
	int i = 0;

	for (; hex_digit((*s)[i]) >= 0; i++)
		if (i < max)
			n = n << 4 | hex_digit((*s)[i]);
	*s += i;
	return i >= 1 && i <= max ? n : -1;
}

/* The next line of a value continued with a '\' at the end of this one. */
static char *continued(struct parser *p, char *s)
{
	char *next;

	if (line_ends(p, s) < 0)
		return NULL;
	next = next_line(p);
	if (!next) {
		wr_error_set(p->err, EINVAL,
		             _("the file ends after a \\ that continues the value: it is cut "
		               "short"));
		located(p);
	}
	return next;
}

/* Bytes as "aa,bb,\" lines, up to a line that does not end with '\'. */
static int parse_hex(struct parser *p, char *s, struct wr_buf *bytes)
{
	for (;;) {
		long long byte;
		char *at;

		s = skip_blanks(s);
		if (*s == '\\') {
			if (!(s = continued(p, s + 1)))
				return -1;
			continue;
		}
		if (!*s || *s == ';')
			return bytes->oom ? no_memory(p) : 0;
		at = s;
		byte = hex_number(&s, 2);
		s = skip_blanks(s);
		if (byte < 0 || (*s && *s != ',' && *s != '\\' && *s != ';')) {
			wr_error_set(p->err, EINVAL,
			             _("bad hex data at \"%.20s\": give bytes as two hex digits "
			               "each, separated by commas"),
			             at);
			return located(p);
		}
		wr_buf_putc(bytes, (char)byte);
		s += *s == ',';
	}
}

/* A REGEDIT4 file's hex(2) and hex(7) hold 8-bit text: as UTF-16LE. */
static int ansi_to_utf16(struct parser *p, struct wr_buf *bytes)
{
	struct wr_buf utf16 = WR_BUF_INIT;

	ansi_text((const uint8_t *)wr_buf_str(bytes), bytes->len, &utf16, put_utf16);
	wr_buf_free(bytes);
	*bytes = utf16;
	return bytes->oom ? no_memory(p) : 0;
}

/* "hex:" (REG_BINARY) or "hex(N):" (type N), then the bytes. */
static int parse_hex_value(struct parser *p, char *s, struct wr_value *v)
{
	struct wr_buf bytes = WR_BUF_INIT;
	long long type = WR_REG_BINARY;
	int r;

	s += 3;
	if (*s == '(') {
		s++;
		type = hex_number(&s, 8);
		if (type < 0 || *s++ != ')')
			type = -1;
	}
	if (type < 0 || *s++ != ':') {
		wr_error_set(p->err, EINVAL, _("a value type is written hex: or hex(N): in hex"));
		return located(p);
	}
	r = parse_hex(p, s, &bytes);
	if (r == 0 && p->ansi && (type == WR_REG_EXPAND_SZ || type == WR_REG_MULTI_SZ))
		r = ansi_to_utf16(p, &bytes);
	v->type = (uint32_t)type;
	v->len = bytes.len;
	v->data = (uint8_t *)wr_buf_steal(&bytes);
	return r == 0 && !v->data ? no_memory(p) : r;
}

static int parse_dword(struct parser *p, char *s, struct wr_value *v)
{
	long long n;

	s += 6;
	n = hex_number(&s, 8);
	if (n < 0) {
		wr_error_set(p->err, EINVAL, _("a dword: is one to eight hex digits"));
		return located(p);
	}
	if (line_ends(p, s) < 0)
		return -1;
	*v = (struct wr_value){.type = WR_REG_DWORD, .len = 4, .data = malloc(4)};
	if (!v->data)
		return no_memory(p);
	wr_put_le(v->data, (uint64_t)n, 4);
	return 0;
}

static int parse_text_value(struct parser *p, char *s, struct wr_value *v)
{
	struct wr_buf text = WR_BUF_INIT;
	int r = parse_string(p, &s, &text);

	if (r == 0)
		r = line_ends(p, s);
	if (r == 0) {
		*v = (struct wr_value){.type = WR_REG_SZ};
		v->data = wr_utf16le_encode(wr_buf_str(&text), &v->len);
		if (!v->data)
			r = no_memory(p); /* the text is UTF-8 already */
	}
	wr_buf_free(&text);
	return r;
}

/* What follows "name"=: "text", -, dword:, hex: or hex(N):. */
static int parse_data(struct parser *p, char *s, struct wr_regfile_value *v)
{
	if (*s == '"')
		return parse_text_value(p, s, &v->v);
	if (*s == '-') {
		v->remove = true;
		return line_ends(p, s + 1);
	}
	if (strncasecmp(s, "dword:", 6) == 0)
		return parse_dword(p, s, &v->v);
	if (strncasecmp(s, "hex", 3) == 0)
		return parse_hex_value(p, s, &v->v);
	wr_error_set(p->err, EINVAL,
	             _("unknown data \"%.20s\": give \"text\", dword:, hex: or hex(N):, or - to "
	               "delete the value"),
	             s);
	return located(p);
}

static int append_value(struct wr_regfile_key *k, struct wr_regfile_value *v)
{
	if (k->n_values == k->room) {
		size_t room = k->room ? 2 * k->room : 8;
		struct wr_regfile_value *values = realloc(k->values, room * sizeof(*values));

		if (!values)
			return -1;
		k->values = values;
		k->room = room;
	}
	k->values[k->n_values++] = *v;
	return 0;
}

/* The key a value line is in, or NULL (the message set). */
static struct wr_regfile_key *value_key(struct parser *p)
{
	struct wr_regfile_key *k = p->out->n_keys ? &p->out->keys[p->out->n_keys - 1] : NULL;

	if (!k)
		wr_error_set(p->err, EINVAL, _("a value before any [key]"));
	else if (k->remove)
		wr_error_set(p->err, EINVAL, _("a value under [-%s], which deletes that key"),
		             k->path);
	else
		return k;
	located(p);
	return NULL;
}

/* "name"=DATA or @=DATA. */
static int parse_value(struct parser *p, char *s)
{
	struct wr_regfile_key *k = value_key(p);
	struct wr_regfile_value v = {.line = p->line};
	struct wr_buf name = WR_BUF_INIT;
	int r = k ? 0 : -1;

	if (r == 0 && *s == '@')
		s++;
	else if (r == 0)
		r = parse_string(p, &s, &name);
	s = skip_blanks(s);
	if (r == 0 && *s != '=') {
		wr_error_set(p->err, EINVAL, _("a value name is followed by ="));
		r = located(p);
	}
	if (r == 0)
		r = parse_data(p, skip_blanks(s + 1), &v);
	v.name = wr_buf_steal(&name);
	if (r == 0 && (!v.name || append_value(k, &v) < 0))
		r = no_memory(p);
	if (r < 0) {
		free(v.name);
		wr_value_clear(&v.v);
	}
	return r;
}

static int parse_line(struct parser *p, char *line)
{
	char *s = skip_blanks(line);

	if (!*s || *s == ';')
		return 0;
	if (*s == '[')
		return parse_key(p, s);
	if (*s == '"' || *s == '@')
		return parse_value(p, s);
	wr_error_set(p->err, EINVAL, _("\"%.20s\" is not a [key], a \"value\"= or a ; comment"), s);
	return located(p);
}

/* The first line that is not blank names the format. */
static int parse_header(struct parser *p)
{
	static const char v5[] = "Windows Registry Editor Version 5.00", v4[] = "REGEDIT4";
	char *line, *end;

	while ((line = next_line(p)) && !*skip_blanks(line))
		;
	if (line) {
		line = skip_blanks(line);
		for (end = line + strlen(line); end > line && (end[-1] == ' ' || end[-1] == '\t');)
			*--end = '\0';
		p->ansi = strcmp(line, v4) == 0;
		if (p->ansi || strcmp(line, v5) == 0)
			return 0;
	}
	wr_error_set(p->err, EINVAL,
	             _("%s: not a .reg file: it does not begin with \"%s\" or \"%s\""), p->name, v5,
	             v4);
	return -1;
}

/* A NUL in the text would end it early, unseen: refused where it is. */
static int no_nul(const struct wr_buf *text, const char *name, struct wr_error *err)
{
	const char *nul = memchr(wr_buf_str(text), '\0', text->len);
	unsigned line = 1;

	if (!nul)
		return 0;
	for (const char *c = wr_buf_str(text); c < nul; c++)
		line += *c == '\n';
	wr_error_set(err, EINVAL, _("%s, line %u: a NUL character in the text"), name, line);
	return -1;
}

int wr__regfile_parse(const uint8_t *data, size_t len, const char *name, struct wr_regfile *out,
                      struct wr_error *err)
{
	struct wr_buf text = WR_BUF_INIT;
	struct parser p = {.name = name, .out = out, .err = err};
	char *line;
	int r = 0;

	*out = (struct wr_regfile){0};
	if (len > WR_REGFILE_MAX) {
		wr_error_set(err, EFBIG, _("%s: larger than %u MiB, too large for a .reg file"),
		             name, WR_REGFILE_MAX >> 20);
		return -1;
	}
	if (file_text(data, len, name, &text, err) < 0 || no_nul(&text, name, err) < 0) {
		wr_buf_free(&text);
		return -1;
	}
	p.cursor = text.data;
	r = parse_header(&p);
	while (r == 0 && (line = next_line(&p)))
		r = parse_line(&p, line);
	wr_buf_free(&text);
	if (r < 0)
		wr__regfile_free(out);
	return r;
}

void wr__regfile_free(struct wr_regfile *f)
{
	for (size_t i = 0; i < f->n_keys; i++) {
		struct wr_regfile_key *k = &f->keys[i];

		for (size_t j = 0; j < k->n_values; j++) {
			free(k->values[j].name);
			wr_value_clear(&k->values[j].v);
		}
		free(k->values);
		free(k->path);
	}
	free(f->keys);
	*f = (struct wr_regfile){0};
}
