/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-value-text.c - registry values as text to edit, and the text parsed back into bytes. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "hive/hive.h"
#include "tap.h"

static struct wr_value value(uint32_t type, const void *bytes, size_t len)
{
	return (struct wr_value){type, len, (uint8_t *)bytes};
}

/* The bytes as "01 ab" (a static buffer), to show what a parse gave. */
static const char *hex(const struct wr_value *v)
{
	static char out[256];
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < v->len && used + 4 < sizeof(out); i++)
		used += (size_t)snprintf(out + used, sizeof(out) - used, i ? " %02x" : "%02x",
		                         v->data[i]);
	return out;
}

/* The value shows as `want`, and that text parses back to its very bytes. */
static void shows(const char *what, struct wr_value v, enum wr_value_form form, const char *want)
{
	struct wr_error err = {0};
	struct wr_value back = {0};
	char *text = wr_value_text(&v, &err);
	int r = text ? wr_value_parse(&v, text, &back, &err) : -1;

	is_int(wr_value_form(&v), form, "%s: its form", what);
	is_str(text, want, "%s: as text", what);
	ok(r == 0 && back.type == v.type && back.len == v.len &&
	       memcmp(back.data, v.data, v.len) == 0,
	   "%s: the text gives back the same bytes (got %s)", what, hex(&back));
	free(text);
	wr_value_clear(&back);
}

/* `text` typed over a value like `like` gives these bytes. */
static void parses(struct wr_value like, const char *text, const char *want)
{
	struct wr_error err = {0};
	struct wr_value out = {0};

	is_int(wr_value_parse(&like, text, &out, &err), 0, "\"%s\" parses (%s)", text, err.msg);
	is_str(hex(&out), want, "\"%s\": its bytes", text);
	is_int(out.type, like.type, "\"%s\": the type stays", text);
	wr_value_clear(&out);
}

/* `text` typed over a value like `like` is refused with `msg`. */
static void refused(struct wr_value like, const char *text, const char *msg)
{
	struct wr_error err = {0};
	struct wr_value out = {0};

	/* (Described by the message: it shows the text escaped.) */
	is_int(wr_value_parse(&like, text, &out, &err), -1, "refused: %s", msg);
	is_int(err.code, EINVAL, "... EINVAL");
	is_str(err.msg, msg, "... the message names the text");
	ok(out.data == NULL && out.len == 0, "... nothing is left in the value");
}

int main(void)
{
	static const uint8_t two[4] = {2, 0, 0, 0}, big[8] = {0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0};
	static const uint8_t abc[] = {'a', 0, 'b', 0, 'c', 0, 0, 0};
	static const uint8_t junk[] = {'a', 0, 0, 0, 'X', 0};
	static const uint8_t no_nul[] = {'a', 0, 'b', 0};
	static const uint8_t odd[] = {'a', 0, 0, 0, 7};
	static const uint8_t bin[] = {0x01, 0xab, 0xff};
	static const uint8_t multi[] = {'a', 0, 0, 0, 'b', 0, 0, 0, 0, 0};
	struct wr_value dword = value(WR_REG_DWORD, two, 4), qword = value(WR_REG_QWORD, big, 8);
	struct wr_value sz = value(WR_REG_SZ, abc, sizeof(abc));
	struct wr_value binary = value(WR_REG_BINARY, bin, sizeof(bin));
	char msg[256];

	shows("REG_DWORD 2", dword, WR_FORM_NUMBER, "2");
	shows("REG_QWORD 0x1ffffffff", qword, WR_FORM_NUMBER, "8589934591");
	shows("REG_DWORD of 3 bytes", value(WR_REG_DWORD, two, 3), WR_FORM_HEX, "02 00 00");
	shows("REG_SZ \"abc\"", sz, WR_FORM_TEXT, "abc");
	shows("REG_EXPAND_SZ \"abc\"", value(WR_REG_EXPAND_SZ, abc, sizeof(abc)), WR_FORM_TEXT,
	      "abc");
	shows("REG_SZ with junk after its NUL", value(WR_REG_SZ, junk, sizeof(junk)), WR_FORM_HEX,
	      "61 00 00 00 58 00");
	shows("REG_SZ without a NUL", value(WR_REG_SZ, no_nul, sizeof(no_nul)), WR_FORM_HEX,
	      "61 00 62 00");
	shows("REG_SZ of an odd length", value(WR_REG_SZ, odd, sizeof(odd)), WR_FORM_HEX,
	      "61 00 00 00 07");
	shows("REG_SZ of no bytes", value(WR_REG_SZ, abc, 0), WR_FORM_HEX, "");
	shows("REG_BINARY", binary, WR_FORM_HEX, "01 ab ff");
	shows("REG_MULTI_SZ", value(WR_REG_MULTI_SZ, multi, sizeof(multi)), WR_FORM_HEX,
	      "61 00 00 00 62 00 00 00 00 00");

	/* Numbers: decimal unless 0x; the type's range. */
	parses(dword, "010", "0a 00 00 00");
	parses(dword, "0x10", "10 00 00 00");
	parses(dword, "0XfF", "ff 00 00 00");
	parses(dword, "0xA", "0a 00 00 00");
	parses(dword, "4294967295", "ff ff ff ff");
	parses(qword, "18446744073709551615", "ff ff ff ff ff ff ff ff");
	parses(qword, "0", "00 00 00 00 00 00 00 00");
	for (const char *const *t = (const char *const[]){"4294967296", "-1", "+1", " 1", "1 ", "",
	                                                  "1a", "0x", "x1", "0x-1", NULL};
	     *t; t++) {
		snprintf(msg, sizeof(msg),
		         "\"%s\": not a number from 0 to 4294967295 (decimal, or hex after 0x)",
		         *t);
		refused(dword, *t, msg);
	}
	refused(
	    qword, "18446744073709551616",
	    "\"18446744073709551616\": not a number from 0 to 18446744073709551615 (decimal, or "
	    "hex after 0x)");

	/* Text: UTF-8 to UTF-16LE with its NUL. */
	parses(sz, "h\xc3\xa9", "68 00 e9 00 00 00");
	parses(sz, "", "00 00");
	/* The bad byte is escaped in the message. */
	refused(sz, "a\xff", "\"a\\xff\": not valid UTF-8 text");

	/* Hex: two digits a byte, blanks between bytes. */
	parses(binary, "01abff", "01 ab ff");
	parses(binary, " 01  AB ", "01 ab");
	parses(binary, "", "");
	refused(binary, "01 a", "\"01 a\": not hex bytes (two hex digits a byte, as in \"01 ff\")");
	refused(binary, "0 1", "\"0 1\": not hex bytes (two hex digits a byte, as in \"01 ff\")");
	refused(binary, "zz", "\"zz\": not hex bytes (two hex digits a byte, as in \"01 ff\")");
	return tap_done();
}
