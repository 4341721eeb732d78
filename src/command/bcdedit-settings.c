/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcdedit-settings.c - EMS and the debugger: /ems, /bootems, /debug, /bootdebug on an entry,
 * /emssettings and /dbgsettings on the settings objects every entry inherits. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "bcdedit-internal.h"

#define SETTINGS_TYPE 0x20100000u /* inherit settings, for any object */

#define EL_DEBUGTYPE  0x15000011u
#define EL_DEBUGSTART 0x15000018u
#define EL_NOUMEX     0x16000017u

/* /ems [ID] ON|OFF and its kin: boolean element `name` of the entry, which
 * is bcdedit's {current} when no ID is given (none offline). */
static int entry_switch(struct bcdedit *b, const struct bcdedit_args *a, const char *name)
{
	const struct wr_bcd_object *obj = bcdedit_object(b, a->n == 2 ? a->words[0] : "{current}");
	const struct wr_bcd_element_info *info;
	uint32_t id;
	bool on;

	if (!obj || bcdedit_element(b, obj, name, &id, &info) < 0 ||
	    bcdedit_boolean(b, a->words[a->n - 1], name, &on) < 0 ||
	    wr_txn_bcd_set_boolean(b->stage, b->hive, obj->guid, id, on, b->err) < 0)
		return -1;
	return bcdedit_done(b);
}

int bcdedit_ems(struct bcdedit *b, const struct bcdedit_args *a)
{
	return entry_switch(b, a, "ems");
}

int bcdedit_bootems(struct bcdedit *b, const struct bcdedit_args *a)
{
	return entry_switch(b, a, "bootems");
}

int bcdedit_debug(struct bcdedit *b, const struct bcdedit_args *a)
{
	return entry_switch(b, a, "debug");
}

int bcdedit_bootdebug(struct bcdedit *b, const struct bcdedit_args *a)
{
	return entry_switch(b, a, "bootdebug");
}

/* A PARAMETER:VALUE word of /emssettings or /dbgsettings. */
struct parameter {
	const char *name;
	uint32_t id;
};

/* One element to set: a string, else a number (a boolean is 0 or 1). */
struct setting {
	uint32_t id;
	const char *string;
	uint64_t integer;
};

#define MAX_SETTINGS 4

/* `word` as one of `params` (NAME:VALUE, the name in any case). */
static int parse_parameter(struct bcdedit *b, const char *word, const struct parameter *params,
                           const char *command, struct setting *out)
{
	const char *colon = strchr(word, ':');
	size_t n = colon ? (size_t)(colon - word) : 0;

	for (const struct parameter *p = params; colon && p->name; p++) {
		bool string = WR_BCD_ELEMENT_FORMAT(p->id) == WR_BCD_FORMAT_STRING;

		if (strlen(p->name) != n || strncasecmp(word, p->name, n) != 0)
			continue;
		out->id = p->id;
		out->string = string ? colon + 1 : NULL;
		return string ? 0 : bcdedit_integer(b, colon + 1, p->name, &out->integer);
	}
	wr_error_set(b->err, EINVAL, _("%s is not a parameter of %s"), word, command);
	return -1;
}

/* A setting written by its element's format. */
static int set_one(struct bcdedit *b, const char *guid, const struct setting *s)
{
	switch (WR_BCD_ELEMENT_FORMAT(s->id)) {
	case WR_BCD_FORMAT_STRING:
		return bcdedit_set_string(b, guid, s->id, s->string);
	case WR_BCD_FORMAT_BOOLEAN:
		return wr_txn_bcd_set_boolean(b->stage, b->hive, guid, s->id, s->integer != 0,
		                              b->err);
	default:
		return wr_txn_bcd_set_integer(b->stage, b->hive, guid, s->id, s->integer, b->err);
	}
}

/* The settings object `guid` (created, as bcdedit creates it, when the
 * store has none), then each setting. */
static int apply_settings(struct bcdedit *b, const char *guid, const struct setting *s, size_t n)
{
	int r = 0;

	if (!wr_bcd_get(b->bcd, guid))
		r = wr_txn_bcd_create(b->stage, b->hive, guid, SETTINGS_TYPE, b->err);
	for (size_t i = 0; r == 0 && i < n; i++)
		r = set_one(b, guid, &s[i]);
	return r < 0 ? -1 : bcdedit_done(b);
}

/* /emssettings BIOS: no port of the store's own, so that the boot manager
 * takes the one the firmware's serial redirection table names. */
static int ems_from_firmware(struct bcdedit *b)
{
	static const uint32_t ids[] = {0x15000022u, 0x15000023u};
	const struct wr_bcd_object *ems = wr_bcd_get(b->bcd, WR_BCD_GUID_EMSSETTINGS);

	for (size_t i = 0; ems && i < sizeof(ids) / sizeof(ids[0]); i++)
		if (wr_bcd_object_element(ems, ids[i]) &&
		    wr_txn_bcd_delete(b->stage, b->hive, ems->guid, ids[i], b->err) < 0)
			return -1;
	return apply_settings(b, WR_BCD_GUID_EMSSETTINGS, NULL, 0);
}

int bcdedit_emssettings(struct bcdedit *b, const struct bcdedit_args *a)
{
	static const struct parameter params[] = {
	    {"EMSPORT", 0x15000022u},
	    {"EMSBAUDRATE", 0x15000023u},
	    {NULL, 0},
	};
	struct setting s[MAX_SETTINGS];

	if (a->n == 1 && strcasecmp(a->words[0], "BIOS") == 0)
		return ems_from_firmware(b);
	for (size_t i = 0; i < a->n; i++)
		if (parse_parameter(b, a->words[i], params, "/emssettings", &s[i]) < 0)
			return -1;
	return apply_settings(b, WR_BCD_GUID_EMSSETTINGS, s, a->n);
}

/* The debugger connections /dbgsettings sets offline, with their
 * parameters.  NET is not among them: its host address is written in a
 * form no sample store shows. */
static const struct debug_type {
	const char *name;
	uint64_t debugtype;
	struct parameter params[3];
} debug_types[] = {
    {"SERIAL", 0, {{"DEBUGPORT", 0x15000013u}, {"BAUDRATE", 0x15000014u}}},
    {"1394", 1, {{"CHANNEL", 0x15000015u}}},
    {"USB", 2, {{"TARGETNAME", 0x12000016u}}},
    {"LOCAL", 4, {{NULL, 0}}},
};

static const struct debug_type *debug_type_named(struct bcdedit *b, const char *word)
{
	for (size_t i = 0; i < sizeof(debug_types) / sizeof(debug_types[0]); i++)
		if (strcasecmp(word, debug_types[i].name) == 0)
			return &debug_types[i];
	wr_error_set(b->err, EINVAL,
	             _("%s is not a debugger connection winrescue sets: give SERIAL, 1394, USB or "
	               "LOCAL"),
	             word);
	return NULL;
}

/* /start POLICY and /noumex (options 0 and 1), after the type and its
 * parameters. */
static int debug_options(struct bcdedit *b, const struct bcdedit_args *a, struct setting *s,
                         size_t *n)
{
	const struct wr_bcd_element_info *start = wr_bcd_element_info(SETTINGS_TYPE, EL_DEBUGSTART);
	size_t i = 0;

	while (a->option[0] && i < start->n_values &&
	       strcasecmp(a->option[0], start->values[i].name) != 0)
		i++;
	if (a->option[0] && i == start->n_values) {
		wr_error_set(b->err, EINVAL,
		             _("%s is not a value of /start: give ACTIVE, AUTOENABLE or DISABLE"),
		             a->option[0]);
		return -1;
	}
	if (a->option[0])
		s[(*n)++] = (struct setting){EL_DEBUGSTART, NULL, start->values[i].value};
	if (a->option[1])
		s[(*n)++] = (struct setting){EL_NOUMEX, NULL, 1};
	return 0;
}

int bcdedit_dbgsettings(struct bcdedit *b, const struct bcdedit_args *a)
{
	const struct debug_type *t = debug_type_named(b, a->words[0]);
	struct setting s[MAX_SETTINGS + 2];
	size_t n = 0;

	if (!t)
		return -1;
	s[n++] = (struct setting){EL_DEBUGTYPE, NULL, t->debugtype};
	for (size_t i = 1; i < a->n; i++, n++)
		if (parse_parameter(b, a->words[i], t->params, "/dbgsettings", &s[n]) < 0)
			return -1;
	if (debug_options(b, a, s, &n) < 0)
		return -1;
	return apply_settings(b, WR_BCD_GUID_DBGSETTINGS, s, n);
}
