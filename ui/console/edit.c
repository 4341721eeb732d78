/* SPDX-License-Identifier: GPL-3.0-or-later */
/* console-edit.c - the registry pane's own edits (set, delete a value) as transactions, and
 * quitting. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/le.h"
#include "base/utf16.h"
#include "console.h"

/* How a value is edited: a number, text, or (anything whose text would not
 * give back the same bytes) hex bytes. */
enum form { FORM_NUMBER, FORM_TEXT, FORM_HEX };

static enum form value_form(const struct wr_value *v)
{
	enum form f = FORM_HEX;

	if ((v->type == WR_REG_DWORD && v->len == 4) || (v->type == WR_REG_QWORD && v->len == 8))
		return FORM_NUMBER;
	if (v->type == WR_REG_SZ || v->type == WR_REG_EXPAND_SZ) {
		char *s = wr_utf16le_decode(v->data, v->len);
		size_t n = 0;
		uint8_t *again = s ? wr_utf16le_encode(s, &n) : NULL;

		if (again && n == v->len && memcmp(again, v->data, n) == 0)
			f = FORM_TEXT;
		free(again);
		free(s);
	}
	return f;
}

/* The value as the edit line shows it; false when it does not fit in
 * `len` (editing a cut copy would cut the value). */
static bool value_text(const struct wr_value *v, enum form f, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	if (v->len * 3 + 1 > len)
		return false;
	if (f == FORM_NUMBER) {
		snprintf(out, len, "%" PRIu64, v->len == 4 ? wr_le32(v->data) : wr_le64(v->data));
	} else if (f == FORM_TEXT) {
		char *s = wr_utf16le_decode(v->data, v->len);

		snprintf(out, len, "%s", s ? s : "");
		free(s);
	} else {
		for (size_t i = 0; i < v->len; i++)
			used += (size_t)snprintf(out + used, len - used, i ? " %02x" : "%02x",
			                         v->data[i]);
	}
	return true;
}

static bool parse_number(uint32_t type, const char *text, struct wr_value *out)
{
	bool hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
	unsigned long long n;
	char *end;

	if (!isdigit((unsigned char)text[hex ? 2 : 0]))
		return false; /* no sign, no blank: strtoull would take them */
	errno = 0;
	n = strtoull(text, &end, hex ? 16 : 10);
	if (*end || errno || (type == WR_REG_DWORD && n > UINT32_MAX))
		return false;
	out->len = type == WR_REG_DWORD ? 4 : 8;
	out->data = malloc(8);
	if (out->data)
		wr_put_le(out->data, n, (unsigned)out->len);
	return out->data != NULL;
}

static bool parse_hex(const char *text, struct wr_value *out)
{
	out->data = malloc(strlen(text) / 2 + 1);
	out->len = 0;
	for (const char *p = text; out->data && *p; p++) {
		if (*p == ' ')
			continue;
		if (!isxdigit((unsigned char)p[0]) || !isxdigit((unsigned char)p[1]))
			return false;
		out->data[out->len++] = (uint8_t)strtoul((char[]){p[0], p[1], '\0'}, NULL, 16);
		p++;
	}
	return out->data != NULL;
}

/* The text back into bytes of the value's type and form. */
static bool parse_value(uint32_t type, enum form f, const char *text, struct wr_value *out)
{
	out->type = type;
	if (f == FORM_NUMBER)
		return parse_number(type, text, out);
	if (f == FORM_TEXT) {
		out->data = wr_utf16le_encode(text, &out->len);
		return out->data != NULL;
	}
	return parse_hex(text, out);
}

/* The selected value: its key's path and the value itself. */
static const char *selected(struct console *c, const char **key, struct wr_value *v)
{
	struct wr_hive *h;
	size_t k;
	const char *name =
	    c->session && c->focus == PANE_REGISTRY ? tree_selected_value(c, &k) : NULL;
	wr_node node;

	if (!name) {
		display_status(
		    c, true, "%s",
		    _("select a value in the Registry pane (Enter on a key shows them)"));
		return NULL;
	}
	*key = c->tree[k].path;
	h = wr_stage_hive(wr_session_stage(c->session), c->reg_hive);
	if (wr_hive_lookup(h, wr_hive_root(h), *key, &node, NULL) != 0 ||
	    wr_hive_get_value(h, node, name, v, NULL) != 0) {
		display_status(c, true, _("%s: cannot read this value"), *key);
		return NULL;
	}
	return name;
}

/* Run one registry edit as its own transaction. */
static void edit(struct console *c, const char *what, const char *key, const char *name,
                 const struct wr_value *v)
{
	struct wr_stage *s = wr_session_stage(c->session);
	struct wr_error err = {0};
	int r = wr_txn_begin(s, what, &err);

	if (r == 0)
		r = v ? wr_txn_reg_set(s, c->reg_hive, key, name, v->type, v->data, v->len, &err)
		      : wr_txn_reg_delete_value(s, c->reg_hive, key, name, &err);
	if (r < 0) {
		wr_txn_abort(s);
		dialog_message(c, what, err.msg);
		return;
	}
	if (wr_txn_end(s) == 1)
		display_status(c, false, "%s", _("no change"));
	else
		display_status(c, false, _("%s staged; w writes, u undoes"), what);
	panes_reload_bcd(c);
	tree_refresh(c);
	panes_rebuild(c);
}

void action_edit_value(struct console *c)
{
	struct wr_value v = {0}, nv = {0};
	const char *key, *name = selected(c, &key, &v);
	char text[1024], prompt[512];

	if (!name)
		return;
	if (!value_text(&v, value_form(&v), text, sizeof(text))) {
		display_status(c, true, _("this value is too long to edit here (%zu bytes)"),
		               v.len);
		wr_value_clear(&v);
		return;
	}
	snprintf(prompt, sizeof(prompt),
	         _("%s (type %u; numbers in decimal or 0x hex, other "
	           "binary data as hex bytes):"),
	         *name ? name : _("(Default)"), v.type);
	if (dialog_input(c, _("Set value"), prompt, text, sizeof(text))) {
		if (parse_value(v.type, value_form(&v), text, &nv))
			edit(c, _("set value"), key, name, &nv);
		else
			display_status(c, true, _("\"%s\" is not a value of this type"), text);
	}
	wr_value_clear(&v);
	wr_value_clear(&nv);
}

void action_delete_value(struct console *c)
{
	struct wr_value v = {0};
	const char *key, *name = selected(c, &key, &v);
	char text[1200];

	if (!name)
		return;
	snprintf(text, sizeof(text), "%s\n%s", key, *name ? name : _("(Default)"));
	if (dialog_confirm(c, _("Delete value"), text, _("Delete this value?")))
		edit(c, _("delete value"), key, name, NULL);
	wr_value_clear(&v);
}

bool action_quit(struct console *c)
{
	size_t n = c->session ? wr_stage_count(wr_session_stage(c->session)) : 0;
	char text[256];

	if (n == 0)
		return true;
	snprintf(text, sizeof(text),
	         P_("%zu staged change is not written.", "%zu staged changes are not written.", n),
	         n);
	return dialog_confirm(c, _("Quit"), text, _("Quit and discard them?"));
}
