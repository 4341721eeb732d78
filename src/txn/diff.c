/* SPDX-License-Identifier: GPL-3.0-or-later */
/* diff.c - a transaction shown as the commands that do it and as before -> after. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/le.h"
#include "base/text.h"
#include "base/utf16.h"
#include "bcd/bcd.h"
#include "internal.h"

static bool is_bcd(const struct wr_change *c)
{
	return c->kind == WR_CHANGE_BCD_SET || c->kind == WR_CHANGE_BCD_DELETE ||
	       c->kind == WR_CHANGE_BCD_CREATE;
}

static const struct wr_value *change_value(const struct wr_change *c, bool after)
{
	if (after)
		return c->has_after ? &c->after : NULL;
	return c->had_before ? &c->before : NULL;
}

static const char *reg_type_name(uint32_t type)
{
	static const char *const names[] = {
	    [WR_REG_NONE] = "REG_NONE",           [WR_REG_SZ] = "REG_SZ",
	    [WR_REG_EXPAND_SZ] = "REG_EXPAND_SZ", [WR_REG_BINARY] = "REG_BINARY",
	    [WR_REG_DWORD] = "REG_DWORD",         [WR_REG_DWORD_BE] = "REG_DWORD_BIG_ENDIAN",
	    [WR_REG_LINK] = "REG_LINK",           [WR_REG_MULTI_SZ] = "REG_MULTI_SZ",
	    [WR_REG_QWORD] = "REG_QWORD",
	};

	return type < sizeof(names) / sizeof(names[0]) && names[type] ? names[type] : NULL;
}

/* The data of a registry value as REG /d takes it and as a person reads it
 * (`human`: dwords also in hex, long binary cut short). */
static void reg_data(const struct wr_value *v, bool human, struct wr_buf *out)
{
	struct wr_value copy = *v;
	char **strv;
	size_t n;

	if (v->type == WR_REG_DWORD && v->len == 4) {
		uint32_t d = wr_le32(v->data);

		if (human)
			wr_buf_printf(out, "0x%" PRIx32 " (%" PRIu32 ")", d, d);
		else
			wr_buf_printf(out, "%" PRIu32, d);
	} else if (v->type == WR_REG_QWORD && v->len == 8) {
		wr_buf_printf(out, "%" PRIu64, wr_le64(v->data));
	} else if ((v->type == WR_REG_SZ || v->type == WR_REG_EXPAND_SZ)) {
		char *s = wr_utf16le_decode(v->data, v->len);
		char *shown = wr_printable_dup(s ? s : "");

		wr_buf_putc(out, '"');
		/* cmd.exe expands %VAR% even inside quotes; ^% keeps it literal. */
		for (const char *p = shown ? shown : ""; *p; p++)
			wr_buf_puts(out, *p == '%' && !human ? "^%" : (char[]){*p, '\0'});
		wr_buf_putc(out, '"');
		free(shown);
		free(s);
	} else if (v->type == WR_REG_MULTI_SZ && (strv = wr_value_multi_sz(&copy, &n, NULL))) {
		wr_buf_putc(out, '"');
		for (size_t i = 0; i < n; i++) {
			wr_buf_puts(out, i ? "\\0" : "");
			wr_buf_put_printable(out, strv[i]);
		}
		wr_buf_putc(out, '"');
		wr_strv_free(strv);
	} else {
		size_t shown = human && v->len > 32 ? 32 : v->len;

		for (size_t i = 0; i < shown; i++)
			wr_buf_printf(out, human && i ? " %02x" : "%02x", v->data[i]);
		if (shown < v->len)
			wr_buf_printf(out, _(" ... (%zu bytes)"), v->len);
	}
}

/* An element value decoded as bcdedit shows it. */
static void bcd_data(const struct wr_change *c, const struct wr_value *v, bool command,
                     struct wr_buf *out)
{
	struct wr_bcd_object obj = {.type = c->object_type, .has_type = true};
	struct wr_bcd_element el = {c->element, v->type, v->len, v->data};
	struct wr_bcd_display d = {0};
	struct wr_bcd_value val;

	snprintf(obj.guid, sizeof(obj.guid), "%s", c->object);
	if (wr_bcd_value_decode(&el, &val) < 0) {
		out->oom = true; /* the caller checks before showing a diff */
		return;
	}
	if (command && val.valid && val.format == WR_BCD_FORMAT_BOOLEAN) {
		wr_buf_puts(out, val.boolean ? "yes" : "no");
	} else if (command && val.valid && val.format == WR_BCD_FORMAT_INTEGER) {
		const struct wr_bcd_element_info *info =
		    wr_bcd_element_info(c->object_type, c->element);
		const char *name = info ? wr_bcd_enum_value_name(info, val.integer) : NULL;

		if (name)
			for (const char *p = name; *p; p++)
				wr_buf_putc(out, (char)tolower((unsigned char)*p));
		else
			wr_buf_printf(out, "%" PRIu64, val.integer);
	} else if (command && val.valid && val.format == WR_BCD_FORMAT_STRING &&
	           (!*val.string || strpbrk(val.string, " \t"))) {
		/* One word on a command line: "Windows Boot Manager". */
		wr_buf_putc(out, '"');
		wr_buf_put_printable(out, val.string);
		wr_buf_putc(out, '"');
	} else if (val.valid && val.format == WR_BCD_FORMAT_OBJECT_LIST) {
		/* One line, as bcdedit takes a list: space-separated. */
		for (size_t i = 0; i < val.n_list; i++)
			wr_buf_printf(out, "%s%s", i ? " " : "",
			              wr_bcd_object_ref(&d, val.list[i]));
	} else if (val.valid && val.format == WR_BCD_FORMAT_INTEGER_LIST) {
		for (size_t i = 0; i < val.n_integers; i++)
			wr_buf_printf(out, "%s0x%llx", i ? " " : "",
			              (unsigned long long)val.integers[i]);
	} else {
		wr_bcd_value_format(&d, &obj, &el, &val, out);
	}
	wr_bcd_value_clear(&val);
}

void wr_change_format_value(const struct wr_change *c, bool after, struct wr_buf *out)
{
	const struct wr_value *v = change_value(c, after);

	if (!v) {
		wr_buf_puts(out, _("(not set)"));
	} else if (is_bcd(c)) {
		bcd_data(c, v, false, out);
	} else {
		const char *type = reg_type_name(v->type);

		if (type)
			wr_buf_printf(out, "%s ", type);
		else
			wr_buf_printf(out, "type 0x%" PRIx32 " ", v->type);
		reg_data(v, true, out);
	}
}

static void element_name(const struct wr_change *c, struct wr_buf *out)
{
	struct wr_bcd_object obj = {.type = c->object_type, .has_type = true};

	wr_bcd_element_name(&obj, c->element, out);
}

static void reg_key(const struct wr_stage *s, const struct wr_change *c, struct wr_buf *out)
{
	wr_buf_printf(out, "\"HKLM\\%s\\", wr_stage_mount_name(s, c->hive));
	wr_buf_put_printable(out, c->key);
	wr_buf_putc(out, '"');
}

static void reg_value_name(const struct wr_change *c, struct wr_buf *out)
{
	if (!*c->name) {
		wr_buf_puts(out, " /ve");
		return;
	}
	wr_buf_puts(out, " /v ");
	if (strchr(c->name, ' '))
		wr_buf_putc(out, '"');
	wr_buf_put_printable(out, c->name);
	if (strchr(c->name, ' '))
		wr_buf_putc(out, '"');
}

void wr_change_command(const struct wr_stage *s, const struct wr_change *c, struct wr_buf *out)
{
	const char *store = wr_stage_store_name(s, c->hive);

	if (is_bcd(c)) {
		wr_buf_puts(out, "bcdedit /store \"");
		wr_buf_put_printable(out, store);
		wr_buf_puts(out, "\" ");
	}
	switch (c->kind) {
	case WR_CHANGE_BCD_SET:
		wr_buf_printf(out, "/set %s ", c->object_ref);
		element_name(c, out);
		wr_buf_putc(out, ' ');
		bcd_data(c, &c->after, true, out);
		break;
	case WR_CHANGE_BCD_DELETE:
		wr_buf_printf(out, "/deletevalue %s ", c->object_ref);
		element_name(c, out);
		break;
	case WR_CHANGE_BCD_CREATE:
		wr_buf_printf(out, "/create %s", c->object_ref);
		break;
	case WR_CHANGE_REG_SET: {
		const char *type = reg_type_name(c->after.type);

		wr_buf_puts(out, "REG ADD ");
		reg_key(s, c, out);
		reg_value_name(c, out);
		wr_buf_printf(out, " /t %s", type ? type : "REG_BINARY");
		if (c->after.type != WR_REG_NONE) {
			wr_buf_puts(out, " /d ");
			reg_data(&c->after, false, out);
		}
		wr_buf_puts(out, " /f");
		break;
	}
	case WR_CHANGE_REG_DELETE_VALUE:
		wr_buf_puts(out, "REG DELETE ");
		reg_key(s, c, out);
		reg_value_name(c, out);
		wr_buf_puts(out, " /f");
		break;
	case WR_CHANGE_REG_DELETE_KEY:
		wr_buf_puts(out, "REG DELETE ");
		reg_key(s, c, out);
		wr_buf_puts(out, " /f");
		break;
	case WR_CHANGE_REG_ADD_KEY:
		/* reg.exe has no way to make a key alone: its REG ADD KEY
		 * also sets the default value; this is the closest. */
		wr_buf_puts(out, "REG ADD ");
		reg_key(s, c, out);
		wr_buf_puts(out, " /f");
		break;
	}
	wr_buf_putc(out, '\n');
}

void wr_change_values(const struct wr_stage *s, const struct wr_change *c, struct wr_buf *out)
{
	if (is_bcd(c)) {
		wr_buf_printf(out, "%s ", c->object_ref);
		if (c->kind == WR_CHANGE_BCD_CREATE) {
			wr_buf_printf(out, _("new object of type 0x%08x\n"), c->object_type);
			return;
		}
		element_name(c, out);
	} else {
		wr_buf_put_printable(out, c->key);
		if (c->kind == WR_CHANGE_REG_DELETE_KEY) {
			wr_buf_puts(out, _(": deleted with everything below it\n"));
			return;
		}
		if (c->kind == WR_CHANGE_REG_ADD_KEY) {
			wr_buf_puts(out, _(": a new key\n"));
			return;
		}
		wr_buf_putc(out, ' ');
		wr_buf_put_printable(out, *c->name ? c->name : _("(Default)"));
	}
	wr_buf_puts(out, ": ");
	wr_change_format_value(c, false, out);
	wr_buf_puts(out, " -> ");
	wr_change_format_value(c, true, out);
	wr_buf_putc(out, '\n');
}

void wr_copy_command(const struct wr_file_copy *c, struct wr_buf *out)
{
	if (c->kind == WR_COPY_ACTIVE) {
		wr_buf_puts(out, "diskpart: select disk \"");
		wr_buf_put_printable(out, c->shown_from);
		wr_buf_printf(out, "\", select partition %u, active\n", c->number);
		return;
	}
	wr_buf_puts(out, "copy \"");
	wr_buf_put_printable(out, c->shown_from);
	wr_buf_puts(out, "\" \"");
	wr_buf_put_printable(out, c->shown_path);
	wr_buf_puts(out, "\"\n");
}

void wr_copy_values(const struct wr_file_copy *c, struct wr_buf *out)
{
	char size[32];

	wr_format_size(c->size, size, sizeof(size));
	wr_buf_put_printable(out, c->shown_path);
	if (c->kind == WR_COPY_ACTIVE)
		wr_buf_printf(
		    out, _(" active: no -> yes (the first sector: sha256 %.16s... -> %.16s...)\n"),
		    c->before, c->sha256);
	else if (c->before[0])
		wr_buf_printf(out,
		              _(": sha256 %.16s... -> %.16s... (%s; the old file kept as a "
		                "backup)\n"),
		              c->before, c->sha256, size);
	else
		wr_buf_printf(out, _(": (missing) -> sha256 %.16s... (%s)\n"), c->sha256, size);
}

void wr_txn_render(const struct wr_stage *s, const struct wr_txn *t, int forms, struct wr_buf *out)
{
	for (size_t i = 0; i < t->n_changes; i++) {
		if (forms & WR_DIFF_COMMANDS) {
			wr_buf_puts(out, "  ");
			wr_change_command(s, &t->changes[i], out);
		}
		if (forms & WR_DIFF_VALUES) {
			wr_buf_puts(out, forms & WR_DIFF_COMMANDS ? "      " : "  ");
			wr_change_values(s, &t->changes[i], out);
		}
	}
	for (size_t i = 0; i < t->n_copies; i++) {
		if (forms & WR_DIFF_COMMANDS) {
			wr_buf_puts(out, "  ");
			wr_copy_command(&t->copies[i], out);
		}
		if (forms & WR_DIFF_VALUES) {
			wr_buf_puts(out, forms & WR_DIFF_COMMANDS ? "      " : "  ");
			wr_copy_values(&t->copies[i], out);
		}
	}
}

int wr_stage_render(const struct wr_stage *s, int forms, struct wr_buf *out, struct wr_error *err)
{
	for (size_t i = 0; i < wr_stage_count(s); i++) {
		if (i)
			wr_buf_putc(out, '\n');
		wr_buf_printf(out, _("Transaction %s:\n"), wr_stage_txn(s, i)->name);
		if (wr_stage_txn(s, i)->weakens_security)
			wr_buf_puts(out, _("  (weakens security: it opens a way in; undo it once "
			                   "the machine is reachable)\n"));
		wr_txn_render(s, wr_stage_txn(s, i), forms, out);
	}
	if (!out->oom)
		return 0;
	wr_error_set(err, ENOMEM, _("out of memory"));
	return -1;
}
