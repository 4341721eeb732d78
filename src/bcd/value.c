/* SPDX-License-Identifier: GPL-3.0-or-later */
/* value.c - decoding element bytes by format and showing them as bcdedit does. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/le.h"
#include "base/text.h"
#include "base/utf16.h"
#include "bcd.h"

static void bad(struct wr_bcd_value *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Mark `v` bad, saying why.  When memory runs out while the problem is put
 * into words, it is left empty: wr_bcd_value_decode then fails. */
static void bad(struct wr_bcd_value *v, const char *fmt, ...)
{
	va_list ap;
	int r;

	v->valid = false;
	/* The arguments are text from the hive. */
	va_start(ap, fmt);
	r = wr_vsnprintf_printable(v->problem, sizeof(v->problem), fmt, ap);
	va_end(ap);
	if (r < 0)
		v->problem[0] = '\0';
}

static bool has_reg_type(const struct wr_bcd_element *el, uint32_t want, struct wr_bcd_value *v)
{
	static const char *const names[] = {[WR_REG_SZ] = "REG_SZ",
	                                    [WR_REG_BINARY] = "REG_BINARY",
	                                    [WR_REG_MULTI_SZ] = "REG_MULTI_SZ"};

	if (el->reg_type == want)
		return true;
	bad(v, _("stored as registry type %u, not %s"), el->reg_type, names[want]);
	return false;
}

/* The decoders return -1 only when an allocation failed; data that does not
 * decode is not an error but a problem (bad). */
static int decode_string(const struct wr_bcd_element *el, struct wr_bcd_value *v)
{
	if (!has_reg_type(el, WR_REG_SZ, v))
		return 0;
	if (el->len == 0 || el->len % 2) {
		bad(v, _("string of %zu bytes (must be a non-zero even number)"), el->len);
		return 0;
	}
	v->string = wr_utf16le_decode(el->data, el->len);
	return v->string ? 0 : -1;
}

/* Swap a decoded GUID for its canonical form. */
static int replace_string(char **s, const char *with)
{
	char *copy = strdup(with);

	if (!copy)
		return -1;
	free(*s);
	*s = copy;
	return 0;
}

static int decode_object(const struct wr_bcd_element *el, struct wr_bcd_value *v)
{
	char guid[WR_GUID_STRLEN + 1];

	if (decode_string(el, v) < 0)
		return -1;
	if (!v->valid)
		return 0;
	if (wr_guid_normalize(v->string, guid) < 0) {
		bad(v, _("\"%s\" is not a GUID"), v->string);
		return 0;
	}
	return replace_string(&v->string, guid);
}

static int decode_object_list(const struct wr_bcd_element *el, struct wr_bcd_value *v)
{
	struct wr_value raw = {.type = el->reg_type, .len = el->len, .data = el->data};
	struct wr_error err;

	if (!has_reg_type(el, WR_REG_MULTI_SZ, v))
		return 0;
	v->list = wr_value_multi_sz(&raw, &v->n_list, &err);
	if (!v->list) {
		if (err.code == ENOMEM)
			return -1;
		bad(v, "%s", err.msg);
		return 0;
	}
	for (size_t i = 0; i < v->n_list; i++) {
		char guid[WR_GUID_STRLEN + 1];

		if (wr_guid_normalize(v->list[i], guid) < 0) {
			bad(v, _("list entry \"%s\" is not a GUID"), v->list[i]);
			return 0;
		}
		if (replace_string(&v->list[i], guid) < 0)
			return -1;
	}
	return 0;
}

static void decode_integer(const struct wr_bcd_element *el, struct wr_bcd_value *v)
{
	if (!has_reg_type(el, WR_REG_BINARY, v))
		return;
	/* Windows writes 8 bytes; install media carry 1..3 (zero-extended). */
	if (el->len < 1 || el->len > 8) {
		bad(v, _("integer of %zu bytes (must be 1 to 8)"), el->len);
		return;
	}
	v->integer = wr_le_uint(el->data, (unsigned)el->len);
	v->int_width = el->len;
}

static void decode_boolean(const struct wr_bcd_element *el, struct wr_bcd_value *v)
{
	if (!has_reg_type(el, WR_REG_BINARY, v))
		return;
	if (el->len != 1) {
		bad(v, _("boolean of %zu bytes (must be 1)"), el->len);
		return;
	}
	v->boolean = el->data[0] != 0;
}

static int decode_integer_list(const struct wr_bcd_element *el, struct wr_bcd_value *v)
{
	if (!has_reg_type(el, WR_REG_BINARY, v))
		return 0;
	if (el->len == 0 || el->len % 8) {
		bad(v, _("integer list of %zu bytes (must be a multiple of 8)"), el->len);
		return 0;
	}
	v->n_integers = el->len / 8;
	v->integers = malloc(el->len);
	if (!v->integers)
		return -1;
	for (size_t i = 0; i < v->n_integers; i++)
		v->integers[i] = wr_le64(el->data + 8 * i);
	return 0;
}

static int decode_device(const struct wr_bcd_element *el, struct wr_bcd_value *v)
{
	struct wr_error err;

	if (!has_reg_type(el, WR_REG_BINARY, v))
		return 0;
	v->device = wr_bcd_device_parse(el->data, el->len, &err);
	if (v->device)
		return 0;
	if (err.code == ENOMEM)
		return -1;
	bad(v, "%s", err.msg);
	return 0;
}

static int decode_format(const struct wr_bcd_element *el, struct wr_bcd_value *v)
{
	switch (v->format) {
	case WR_BCD_FORMAT_DEVICE:
		return decode_device(el, v);
	case WR_BCD_FORMAT_STRING:
		return decode_string(el, v);
	case WR_BCD_FORMAT_OBJECT:
		return decode_object(el, v);
	case WR_BCD_FORMAT_OBJECT_LIST:
		return decode_object_list(el, v);
	case WR_BCD_FORMAT_INTEGER:
		decode_integer(el, v);
		return 0;
	case WR_BCD_FORMAT_BOOLEAN:
		decode_boolean(el, v);
		return 0;
	case WR_BCD_FORMAT_INTEGER_LIST:
		return decode_integer_list(el, v);
	}
	bad(v, _("unknown element format %u"), v->format);
	return 0;
}

int wr_bcd_value_decode(const struct wr_bcd_element *el, struct wr_bcd_value *v)
{
	memset(v, 0, sizeof(*v));
	v->format = WR_BCD_ELEMENT_FORMAT(el->id);
	v->valid = true;
	if (decode_format(el, v) == 0 && (v->valid || v->problem[0]))
		return 0;
	/* Nothing half decoded is kept, and nothing passes for a bad value. */
	wr_bcd_value_clear(v);
	v->format = WR_BCD_ELEMENT_FORMAT(el->id);
	snprintf(v->problem, sizeof(v->problem), "%s", _("out of memory"));
	return -1;
}

void wr_bcd_value_clear(struct wr_bcd_value *v)
{
	free(v->string);
	wr_strv_free(v->list);
	free(v->integers);
	wr_bcd_device_free(v->device);
	memset(v, 0, sizeof(*v));
}

void wr_bcd_format_hex(const uint8_t *data, size_t len, struct wr_buf *out)
{
	for (size_t i = 0; i < len; i++)
		wr_buf_printf(out, i ? " %02x" : "%02x", data[i]);
}

void wr_bcd_element_name(const struct wr_bcd_object *obj, uint32_t id, struct wr_buf *out)
{
	const struct wr_bcd_element_info *info = wr_bcd_element_info(obj->type, id);

	if (info && info->name)
		wr_buf_puts(out, info->name);
	else
		wr_buf_printf(out, "custom:%08x", id);
}

const char *wr_bcd_object_ref(const struct wr_bcd_display *d, const char *guid)
{
	const char *def = d->bcd ? wr_bcd_default_guid(d->bcd) : NULL;
	const char *alias;

	if (d->verbose)
		return guid;
	/* bcdedit /store shows the default loader as {default} everywhere. */
	if (def && strcmp(def, guid) == 0)
		return "{default}";
	alias = wr_bcd_alias_for_guid(guid);
	return alias ? alias : guid;
}

struct locate_ctx {
	const struct wr_bcd_object *obj;
	char *found;
	bool oom; /* the element could not be read: "unknown" would be wrong */
};

/* A locate device names the file by another element of the same object. */
static const char *locate_element(uint32_t id, void *opaque)
{
	struct locate_ctx *ctx = opaque;
	const struct wr_bcd_element *el = wr_bcd_object_element(ctx->obj, id);
	struct wr_bcd_value v;

	if (!el || WR_BCD_ELEMENT_FORMAT(id) != WR_BCD_FORMAT_STRING)
		return NULL;
	if (wr_bcd_value_decode(el, &v) < 0)
		ctx->oom = true;
	free(ctx->found);
	ctx->found = v.valid ? v.string : NULL;
	v.string = ctx->found ? NULL : v.string;
	wr_bcd_value_clear(&v);
	return ctx->found;
}

static void format_integer(const struct wr_bcd_element_info *info, uint64_t n, struct wr_buf *out)
{
	const char *name = info ? wr_bcd_enum_value_name(info, n) : NULL;

	if (name)
		wr_buf_puts(out, name);
	else
		wr_buf_printf(out, "%llu", (unsigned long long)n);
}

static void format_valid(const struct wr_bcd_display *d, const struct wr_bcd_object *obj,
                         const struct wr_bcd_element_info *info, const struct wr_bcd_value *v,
                         struct wr_buf *out)
{
	switch (v->format) {
	case WR_BCD_FORMAT_DEVICE: {
		struct locate_ctx ctx = {.obj = obj};
		char guid[WR_GUID_STRLEN + 1];
		const char *options = NULL;

		if (v->device->has_options) {
			wr_guid_format(v->device->options, guid);
			options = wr_bcd_object_ref(d, guid);
		}
		struct wr_bcd_device_names names = {locate_element, &ctx, d->partition,
		                                    d->partition_opaque};

		wr_bcd_device_format(v->device, options, &names, out);
		out->oom |= ctx.oom;
		free(ctx.found);
		break;
	}
	case WR_BCD_FORMAT_STRING:
		wr_buf_put_printable(out, v->string);
		break;
	case WR_BCD_FORMAT_OBJECT:
		wr_buf_puts(out, wr_bcd_object_ref(d, v->string));
		break;
	case WR_BCD_FORMAT_OBJECT_LIST:
		for (size_t i = 0; i < v->n_list; i++)
			wr_buf_printf(out, "%s%s", i ? "\n" : "", wr_bcd_object_ref(d, v->list[i]));
		break;
	case WR_BCD_FORMAT_INTEGER:
		format_integer(info, v->integer, out);
		break;
	case WR_BCD_FORMAT_BOOLEAN:
		wr_buf_puts(out, v->boolean ? "Yes" : "No");
		break;
	case WR_BCD_FORMAT_INTEGER_LIST:
		for (size_t i = 0; i < v->n_integers; i++)
			wr_buf_printf(out, "%s0x%llx", i ? "\n" : "",
			              (unsigned long long)v->integers[i]);
		break;
	}
}

void wr_bcd_value_format(const struct wr_bcd_display *d, const struct wr_bcd_object *obj,
                         const struct wr_bcd_element *el, const struct wr_bcd_value *v,
                         struct wr_buf *out)
{
	const struct wr_bcd_element_info *info = wr_bcd_element_info(obj->type, el->id);

	if (!v->valid) {
		wr_buf_printf(out, _("invalid (%s): "), v->problem);
		wr_bcd_format_hex(el->data, el->len, out);
		return;
	}
	format_valid(d, obj, info, v, out);
	if (!info || !info->name) { /* shown as custom:XXXXXXXX: give the bytes too */
		wr_buf_puts(out, " [");
		wr_bcd_format_hex(el->data, el->len, out);
		wr_buf_putc(out, ']');
	}
}

void wr_bcd_object_label(const struct wr_bcd *bcd, const struct wr_bcd_object *obj,
                         struct wr_buf *out)
{
	const struct wr_bcd_element *d = wr_bcd_object_element(obj, 0x12000004);
	struct wr_bcd_display disp = {.bcd = bcd};
	char *text;

	wr_buf_puts(out, wr_bcd_object_ref(&disp, obj->guid));
	if (!d)
		return;
	text = wr_utf16le_decode(d->data, d->len);
	if (!text) {
		out->oom = true; /* the label without its description would pass for whole */
		return;
	}
	wr_buf_puts(out, " (");
	wr_buf_put_printable(out, text);
	wr_buf_putc(out, ')');
	free(text);
}
