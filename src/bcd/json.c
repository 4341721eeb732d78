/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json.c - the --json form of a store listing: raw and decoded values. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/json.h"
#include "bcd.h"

#define SCHEMA "winrescue-bcd-enum/1"

static const char *const format_names[] = {
    [WR_BCD_FORMAT_DEVICE] = "device",
    [WR_BCD_FORMAT_STRING] = "string",
    [WR_BCD_FORMAT_OBJECT] = "object",
    [WR_BCD_FORMAT_OBJECT_LIST] = "object_list",
    [WR_BCD_FORMAT_INTEGER] = "integer",
    [WR_BCD_FORMAT_BOOLEAN] = "boolean",
    [WR_BCD_FORMAT_INTEGER_LIST] = "integer_list",
};

static const char *const device_kinds[] = {
    [WR_BCD_DEVICE_BOOT] = "boot",       [WR_BCD_DEVICE_PARTITION] = "partition",
    [WR_BCD_DEVICE_RAMDISK] = "ramdisk", [WR_BCD_DEVICE_FILE] = "file",
    [WR_BCD_DEVICE_VHD] = "vhd",         [WR_BCD_DEVICE_LOCATE] = "locate",
    [WR_BCD_DEVICE_UNKNOWN] = "unknown",
};

static void json_guid(struct wr_json *j, const char *key, const uint8_t bytes[16])
{
	char guid[WR_GUID_STRLEN + 1];

	wr_guid_format(bytes, guid);
	wr_json_string(j, key, guid);
}

static void json_hex(struct wr_json *j, const char *key, const uint8_t *data, size_t len)
{
	struct wr_buf hex = WR_BUF_INIT;

	for (size_t i = 0; i < len; i++)
		wr_buf_printf(&hex, "%02x", data[i]);
	j->out->oom |= hex.oom;
	wr_json_string(j, key, hex.data ? hex.data : "");
	wr_buf_free(&hex);
}

static void json_partition(struct wr_json *j, const struct wr_bcd_device *dev)
{
	char sig[9];

	if (dev->style == WR_BCD_STYLE_GPT) {
		wr_json_string(j, "style", "gpt");
		json_guid(j, "disk_guid", dev->disk_guid);
		json_guid(j, "partition_guid", dev->partition_guid);
	} else if (dev->style == WR_BCD_STYLE_MBR) {
		wr_json_string(j, "style", "mbr");
		snprintf(sig, sizeof(sig), "%08x", dev->signature);
		wr_json_string(j, "disk_signature", sig);
		wr_json_uint(j, "offset", dev->offset);
	} else {
		/* Raw disks (2) and anything else: still a string, with the number. */
		wr_json_string(j, "style", dev->style == WR_BCD_STYLE_RAW ? "raw" : "unknown");
		wr_json_uint(j, "style_code", dev->style);
	}
}

static void json_device(struct wr_json *j, const char *key, const struct wr_bcd_device *dev)
{
	static const char *const locate_types[] = {"element", "string", "element_child"};

	wr_json_begin_object(j, key);
	wr_json_string(j, "kind", device_kinds[dev->kind]);
	wr_json_uint(j, "device_type", dev->type);
	if (dev->has_options)
		json_guid(j, "options", dev->options);
	if (dev->kind == WR_BCD_DEVICE_PARTITION)
		json_partition(j, dev);
	if (dev->kind == WR_BCD_DEVICE_UNKNOWN && dev->type == 0)
		wr_json_uint(j, "block_type", dev->subtype);
	if (dev->kind == WR_BCD_DEVICE_LOCATE) {
		char id[9];

		snprintf(id, sizeof(id), "%08x", dev->locate_element);
		wr_json_string(j, "locate_type",
		               dev->locate_type < 3 ? locate_types[dev->locate_type] : "unknown");
		wr_json_string(j, "element", id);
	}
	if (dev->path)
		wr_json_string(j, "path", dev->path);
	if (dev->parent)
		json_device(j, "parent", dev->parent);
	wr_json_end_object(j);
}

static void json_value(struct wr_json *j, const struct wr_bcd_value *v)
{
	switch (v->format) {
	case WR_BCD_FORMAT_DEVICE:
		json_device(j, "value", v->device);
		break;
	case WR_BCD_FORMAT_STRING:
	case WR_BCD_FORMAT_OBJECT:
		wr_json_string(j, "value", v->string);
		break;
	case WR_BCD_FORMAT_OBJECT_LIST:
		wr_json_begin_array(j, "value");
		for (size_t i = 0; i < v->n_list; i++)
			wr_json_string(j, NULL, v->list[i]);
		wr_json_end_array(j);
		break;
	case WR_BCD_FORMAT_INTEGER:
		wr_json_uint(j, "value", v->integer);
		break;
	case WR_BCD_FORMAT_BOOLEAN:
		wr_json_bool(j, "value", v->boolean);
		break;
	case WR_BCD_FORMAT_INTEGER_LIST:
		wr_json_begin_array(j, "value");
		for (size_t i = 0; i < v->n_integers; i++)
			wr_json_uint(j, NULL, v->integers[i]);
		wr_json_end_array(j);
		break;
	}
}

static void json_element(struct wr_json *j, const struct wr_bcd_display *d,
                         const struct wr_bcd_object *obj, const struct wr_bcd_element *el,
                         const struct wr_bcd_object *from)
{
	const struct wr_bcd_element_info *info = wr_bcd_element_info(obj->type, el->id);
	uint32_t format = WR_BCD_ELEMENT_FORMAT(el->id);
	struct wr_buf display = WR_BUF_INIT;
	struct wr_bcd_value v;
	char id[9];

	if (wr_bcd_value_decode(el, &v) < 0) {
		j->out->oom = true; /* "valid": false would say the data is bad */
		return;
	}
	snprintf(id, sizeof(id), "%08x", el->id);
	wr_json_begin_object(j, NULL);
	wr_json_string(j, "id", id);
	wr_json_string(j, "name", info ? info->name : NULL);
	wr_json_string(j, "format", format >= 1 && format <= 7 ? format_names[format] : NULL);
	wr_json_uint(j, "registry_type", el->reg_type);
	json_hex(j, "raw", el->data, el->len);
	wr_json_bool(j, "valid", v.valid);
	if (v.valid)
		json_value(j, &v);
	else
		wr_json_string(j, "problem", v.problem);
	wr_bcd_value_format(d, obj, el, &v, &display);
	j->out->oom |= display.oom;
	wr_json_string(j, "display", wr_buf_str(&display));
	if (from)
		wr_json_string(j, "inherited_from", from->guid);
	wr_json_end_object(j);
	wr_buf_free(&display);
	wr_bcd_value_clear(&v);
}

static void json_inherited(struct wr_json *j, const struct wr_bcd_display *d,
                           const struct wr_bcd_object *obj)
{
	struct wr_bcd_inherited *all;
	size_t n;

	wr_json_begin_array(j, "inherited");
	if (wr_bcd_effective_all(d->bcd, obj, &all, &n, NULL) == 0) {
		for (size_t i = 0; i < n; i++)
			if (all[i].source != obj)
				json_element(j, d, all[i].source, all[i].element, all[i].source);
		free(all);
	} else {
		j->out->oom = true;
	}
	wr_json_end_array(j);
}

static void json_object(struct wr_json *j, const struct wr_bcd_display *d,
                        const struct wr_bcd_object *obj, bool inherited)
{
	struct wr_buf title = WR_BUF_INIT;
	char type[9];

	snprintf(type, sizeof(type), "%08x", obj->type);
	wr_json_begin_object(j, NULL);
	wr_json_string(j, "guid", obj->guid);
	wr_json_string(j, "alias", wr_bcd_alias_for_guid(obj->guid));
	wr_json_string(j, "identifier", wr_bcd_object_ref(d, obj->guid));
	if (obj->has_type) {
		wr_json_string(j, "type", type);
		wr_json_string(j, "type_name", wr_bcd_object_type_name(obj->type));
	} else {
		wr_json_null(j, "type");
		wr_json_null(j, "type_name");
	}
	/* Untranslated: scripts must not depend on the locale. */
	wr_bcd_object_title(obj, false, &title);
	j->out->oom |= title.oom;
	wr_json_string(j, "heading", wr_buf_str(&title));
	wr_buf_free(&title);
	wr_json_begin_array(j, "elements");
	for (size_t i = 0; i < obj->n_elements; i++)
		json_element(j, d, obj, &obj->elements[i], NULL);
	wr_json_end_array(j);
	if (inherited)
		json_inherited(j, d, obj);
	wr_json_end_object(j);
}

static void json_store(struct wr_json *j, const struct wr_bcd *bcd)
{
	const struct wr_regf_header *h = wr_bcd_header(bcd);
	char version[24];

	snprintf(version, sizeof(version), "%u.%u", h->major, h->minor);
	wr_json_begin_object(j, "store");
	wr_json_string(j, "path", wr_bcd_path(bcd));
	wr_json_string(j, "root_key", wr_bcd_root_name(bcd));
	wr_json_string(j, "hive_version", version);
	wr_json_uint(j, "sequence1", h->seq1);
	wr_json_uint(j, "sequence2", h->seq2);
	wr_json_bool(j, "dirty", h->dirty);
	wr_json_bool(j, "checksum_ok", h->checksum_ok);
	wr_json_string(j, "default", wr_bcd_default_guid(bcd));
	wr_json_end_object(j);
}

static void json_problems(struct wr_json *j, const struct wr_bcd *bcd)
{
	struct wr_buf lines = WR_BUF_INIT;

	wr_bcd_check(bcd, &lines);
	j->out->oom |= lines.oom;
	wr_json_begin_array(j, "problems");
	for (char *cursor = lines.data, *line; (line = wr_next_line(&cursor));)
		wr_json_string(j, NULL, line);
	wr_json_end_array(j);
	wr_buf_free(&lines);
}

int wr_bcd_enum_json_member(const struct wr_bcd *bcd, const struct wr_bcd_enum_opts *opts,
                            struct wr_json *j, const char *key, struct wr_error *err)
{
	struct wr_bcd_display d = {bcd, opts->verbose, opts->partition, opts->partition_opaque};
	const struct wr_bcd_object **list;
	size_t n;

	if (wr_bcd_enum_select(bcd, opts, &list, &n, err) < 0)
		return -1;
	wr_json_begin_object(j, key);
	wr_json_string(j, "schema", SCHEMA);
	json_store(j, bcd);
	wr_json_begin_array(j, "objects");
	for (size_t i = 0; i < n; i++)
		json_object(j, &d, list[i], opts->inherited);
	wr_json_end_array(j);
	json_problems(j, bcd);
	wr_json_end_object(j);
	free(list);
	if (j->out->oom) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	return 0;
}

int wr_bcd_enum_json(const struct wr_bcd *bcd, const struct wr_bcd_enum_opts *opts,
                     struct wr_buf *out, struct wr_error *err)
{
	struct wr_json j = {.out = out};

	return wr_bcd_enum_json_member(bcd, opts, &j, NULL, err);
}
