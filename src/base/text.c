/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text.c - UTF-8 text for people: walking it, measuring it, making it safe to show, sizes. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "buf.h"
#include "text.h"

int32_t wr_utf8_next(const char **str)
{
	const unsigned char *p = (const unsigned char *)*str;
	uint32_t cp;
	int n;

	if (p[0] < 0x80)
		n = 0, cp = p[0];
	else if ((p[0] & 0xe0) == 0xc0)
		n = 1, cp = p[0] & 0x1f;
	else if ((p[0] & 0xf0) == 0xe0)
		n = 2, cp = p[0] & 0x0f;
	else if ((p[0] & 0xf8) == 0xf0)
		n = 3, cp = p[0] & 0x07;
	else
		return -1;
	for (int i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	static const uint32_t min[] = {0, 0x80, 0x800, 0x10000};
	if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
		return -1;
	*str = (const char *)(p + n + 1);
	return (int32_t)cp;
}

size_t wr_utf8_width(const char *s)
{
	size_t w = 0;

	while (*s) {
		int32_t cp = wr_utf8_next(&s);
		int cw;

		if (cp < 0) {
			s++; /* count a stray byte as one column */
			w++;
			continue;
		}
		cw = wcwidth((wchar_t)cp);
		w += cw < 0 ? 1 : (size_t)cw;
	}
	return w;
}

bool wr_text_is_control(int32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x061c || cp == 0x200e ||
	       cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The one place text is made safe to show (see text.h). */
/* Set once by the program, before any thread starts. */
static bool ascii_terminal;

void wr_text_ascii_only(bool on)
{
	ascii_terminal = on;
}

bool wr_text_must_escape(int32_t cp)
{
	return wr_text_is_control(cp) || (ascii_terminal && cp >= 0x80);
}

static void put_escaped(struct wr_buf *out, const char *s, bool keep_newlines)
{
	while (*s) {
		const char *start = s;
		int32_t cp = wr_utf8_next(&s);

		if (cp < 0)
			wr_buf_printf(out, "\\x%02x", (unsigned char)*s++);
		else if ((cp == '\n' && keep_newlines) || !wr_text_must_escape(cp))
			wr_buf_add(out, start, (size_t)(s - start));
		else if (cp < 0x80)
			wr_buf_printf(out, "\\x%02x", (unsigned)cp);
		else if (cp < 0x10000)
			wr_buf_printf(out, "\\u%04x", (unsigned)cp);
		else
			wr_buf_printf(out, "\\U%08x", (unsigned)cp);
	}
}

void wr_buf_put_printable(struct wr_buf *out, const char *s)
{
	put_escaped(out, s, false);
}

void wr_buf_put_printable_lines(struct wr_buf *out, const char *s)
{
	put_escaped(out, s, true);
}

char *wr_printable_dup(const char *s)
{
	struct wr_buf safe = WR_BUF_INIT;

	wr_buf_put_printable(&safe, s);
	return wr_buf_steal(&safe);
}

/* One conversion of a printf format, '*' widths and precisions resolved. */
struct conversion {
	char flags[8];
	int width, precision; /* precision -1: none given */
	char length[3];       /* "", "hh", "h", "l", "ll", "j", "z", "t", "L" */
	char type;
};

/* Parse the conversion after a '%' at `p`; the end, or NULL when it is not
 * one we know (no argument is read past it then). */
static const char *parse_conversion(const char *p, struct conversion *c, va_list *ap)
{
	size_t n = strspn(p, "-+ #0");

	memset(c, 0, sizeof(*c));
	if (n >= sizeof(c->flags) - 1)
		return NULL;
	memcpy(c->flags, p, n);
	p += n;
	if (*p == '*') {
		c->width = va_arg(*ap, int);
		if (c->width < 0) { /* as printf: a negative width left-justifies */
			c->width = -c->width;
			c->flags[n] = '-';
		}
		p++;
	}
	for (; *p >= '0' && *p <= '9'; p++)
		c->width = c->width * 10 + (*p - '0');
	c->precision = -1;
	if (*p == '.') {
		c->precision = 0;
		if (*++p == '*') {
			c->precision = va_arg(*ap, int); /* negative: as if none was given */
			p++;
		}
		for (; *p >= '0' && *p <= '9'; p++)
			c->precision = c->precision * 10 + (*p - '0');
		if (c->precision < 0)
			c->precision = -1;
	}
	n = strspn(p, "hljztL");
	if (n > 2 || !p[n])
		return NULL;
	memcpy(c->length, p, n);
	c->type = p[n];
	return p + n + 1;
}

static intmax_t signed_arg(const char *length, va_list *ap)
{
	if (strcmp(length, "hh") == 0)
		return (signed char)va_arg(*ap, int);
	if (strcmp(length, "h") == 0)
		return (short)va_arg(*ap, int);
	if (strcmp(length, "l") == 0)
		return va_arg(*ap, long);
	if (strcmp(length, "ll") == 0)
		return va_arg(*ap, long long);
	if (strcmp(length, "j") == 0)
		return va_arg(*ap, intmax_t);
	if (strcmp(length, "z") == 0 || strcmp(length, "t") == 0)
		return va_arg(*ap, ptrdiff_t);
	return va_arg(*ap, int);
}

static uintmax_t unsigned_arg(const char *length, va_list *ap)
{
	if (strcmp(length, "hh") == 0)
		return (unsigned char)va_arg(*ap, unsigned);
	if (strcmp(length, "h") == 0)
		return (unsigned short)va_arg(*ap, unsigned);
	if (strcmp(length, "l") == 0)
		return va_arg(*ap, unsigned long);
	if (strcmp(length, "ll") == 0)
		return va_arg(*ap, unsigned long long);
	if (strcmp(length, "j") == 0)
		return va_arg(*ap, uintmax_t);
	if (strcmp(length, "z") == 0 || strcmp(length, "t") == 0)
		return va_arg(*ap, size_t);
	return va_arg(*ap, unsigned);
}

/* A string argument: its first `precision` bytes made safe, then padded. */
static void put_string_arg(struct wr_buf *out, const char *s, const struct conversion *c)
{
	struct wr_buf safe = WR_BUF_INIT;
	size_t pad = 0;
	char *cut = NULL;

	if (!s)
		s = "(null)";
	if (c->precision >= 0 && !(s = cut = strndup(s, strnlen(s, (size_t)c->precision)))) {
		out->oom = true;
		return;
	}
	put_escaped(&safe, s, false);
	out->oom |= safe.oom;
	if (c->width > 0 && (size_t)c->width > safe.len)
		pad = (size_t)c->width - safe.len;
	if (!strchr(c->flags, '-'))
		wr_buf_pad(out, pad);
	wr_buf_add(out, wr_buf_str(&safe), safe.len);
	if (strchr(c->flags, '-'))
		wr_buf_pad(out, pad);
	wr_buf_free(&safe);
	free(cut);
}

/*
 * Numbers and pointers go to printf with a format made from the conversion
 * (the widest length modifier, the argument read as the caller's format
 * says): that format was checked by the compiler where it was written.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static bool put_conversion(struct wr_buf *out, const struct conversion *c, va_list *ap)
{
	char spec[64];
	int n = snprintf(spec, sizeof(spec), "%%%s", c->flags);

	if (c->width)
		n += snprintf(spec + n, sizeof(spec) - (size_t)n, "%d", c->width);
	if (c->precision >= 0)
		n += snprintf(spec + n, sizeof(spec) - (size_t)n, ".%d", c->precision);
	if (c->type == '%') {
		wr_buf_putc(out, '%');
	} else if (c->type == 's' && !*c->length) {
		put_string_arg(out, va_arg(*ap, const char *), c);
	} else if (c->type == 'c' && !*c->length) {
		char one[2] = {(char)va_arg(*ap, int), '\0'};

		put_string_arg(out, one, c);
	} else if (strchr("di", c->type)) {
		snprintf(spec + n, sizeof(spec) - (size_t)n, "j%c", c->type);
		wr_buf_printf(out, spec, signed_arg(c->length, ap));
	} else if (strchr("ouxX", c->type)) {
		snprintf(spec + n, sizeof(spec) - (size_t)n, "j%c", c->type);
		wr_buf_printf(out, spec, unsigned_arg(c->length, ap));
	} else if (strchr("fFeEgGaA", c->type)) {
		long double v = *c->length == 'L' ? va_arg(*ap, long double) : va_arg(*ap, double);

		snprintf(spec + n, sizeof(spec) - (size_t)n, "L%c", c->type);
		wr_buf_printf(out, spec, v);
	} else if (c->type == 'p' && !*c->length) {
		snprintf(spec + n, sizeof(spec) - (size_t)n, "p");
		wr_buf_printf(out, spec, va_arg(*ap, void *));
	} else {
		return false;
	}
	return true;
}
#pragma GCC diagnostic pop

/* Whether a format numbers its arguments ("%2$s"). */
static bool numbered_arguments(const char *fmt)
{
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p, '%')) {
		p += 1 + strspn(p + 1, "0123456789");
		if (*p == '$')
			return true;
		if (*p == '%')
			p++;
	}
	return false;
}

void wr_buf_vprintf_printable(struct wr_buf *out, const char *fmt, va_list ap)
{
	va_list args;
	char *whole;

	if (numbered_arguments(fmt)) {
		if (vasprintf(&whole, fmt, ap) < 0) {
			out->oom = true;
			return;
		}
		put_escaped(out, whole, true);
		free(whole);
		return;
	}
	va_copy(args, ap);
	while (*fmt) {
		const char *pct = strchr(fmt, '%'), *end;
		struct conversion c;

		if (!pct) {
			wr_buf_puts(out, fmt);
			break;
		}
		wr_buf_add(out, fmt, (size_t)(pct - fmt));
		end = parse_conversion(pct + 1, &c, &args);
		if (!end || !put_conversion(out, &c, &args)) {
			wr_buf_puts(out, pct); /* unknown: the rest as written, no argument read */
			break;
		}
		fmt = end;
	}
	va_end(args);
}

void wr_buf_printf_printable(struct wr_buf *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	wr_buf_vprintf_printable(out, fmt, ap);
	va_end(ap);
}

int wr_vsnprintf_printable(char *out, size_t size, const char *fmt, va_list ap)
{
	struct wr_buf b = WR_BUF_INIT;
	int r;

	wr_buf_vprintf_printable(&b, fmt, ap);
	r = b.oom ? -1 : 0;
	/* Out of memory: the message without its arguments says the most. */
	snprintf(out, size, "%s", b.oom ? fmt : wr_buf_str(&b));
	wr_buf_free(&b);
	wr_utf8_trim(out);
	return r;
}

void wr_utf8_trim(char *s)
{
	size_t n = strlen(s), start = n;

	/* Find where the last sequence starts; drop it when it is cut short. */
	while (start > 0 && n - start < 4 && ((unsigned char)s[start - 1] & 0xc0) == 0x80)
		start--;
	if (start > 0 && ((unsigned char)s[start - 1] & 0x80)) {
		const char *p = s + start - 1;

		if (wr_utf8_next(&p) < 0)
			s[start - 1] = '\0';
	}
}

void wr_format_size(uint64_t bytes, char *out, size_t len)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
	double v = (double)bytes;
	unsigned u = 0;

	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(*units)) {
		v /= 1024;
		u++;
	}
	/* Rounded: one decimal below ten units ("7.5 GiB"), whole numbers above. */
	if (u > 0 && v < 9.95 && (long long)(v * 10 + 0.5) % 10)
		snprintf(out, len, "%.1f %s", v, units[u]);
	else
		snprintf(out, len, "%.0f %s", v, units[u]);
}
