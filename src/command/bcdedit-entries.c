/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcdedit-entries.c - whole entries: /create (a well-known one, or a new GUID of a given type),
 * /copy. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "base/i18n.h"
#include "bcdedit-internal.h"

#define EL_DESCRIPTION 0x12000004u

/* The well-known entries /create makes, each of its own type. */
static const struct typed {
	const char *name;
	uint32_t type;
} well_known[] = {
    {"{bootmgr}", WR_BCD_TYPE_BOOTMGR},    {"{fwbootmgr}", WR_BCD_TYPE_FWBOOTMGR},
    {"{memdiag}", WR_BCD_TYPE_MEMDIAG},    {"{ntldr}", 0x10300006u},
    {"{globalsettings}", 0x20100000u},     {"{dbgsettings}", 0x20100000u},
    {"{emssettings}", 0x20100000u},        {"{badmemory}", 0x20100000u},
    {"{bootloadersettings}", 0x20200003u}, {"{hypervisorsettings}", 0x20200003u},
    {"{kerneldbgsettings}", 0x20200003u},  {"{resumeloadersettings}", 0x20200004u},
    {"{ramdiskoptions}", 0x30000000u},
};

/* /application TYPE */
static const struct typed applications[] = {
    {"bootsector", 0x10400008u}, {"osloader", WR_BCD_TYPE_OSLOADER}, {"resume", WR_BCD_TYPE_RESUME},
    {"startup", 0x10400009u},    {"bootapp", 0x1020000au},
};

/* /inherit [TYPE]: settings for that kind of entry (any, without TYPE) */
static const struct typed inherits[] = {
    {"bootmgr", 0x20200002u}, {"bootsector", 0x20200008u}, {"fwbootmgr", 0x20200001u},
    {"memdiag", 0x20200005u}, {"ntldr", 0x20200006u},      {"osloader", 0x20200003u},
    {"resume", 0x20200004u},  {"device", 0x20300000u},
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const struct typed *typed_named(const struct typed *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

/* A new entry's GUID, random as bcdedit's (version 4). */
static int new_guid(struct bcdedit *b, char out[WR_GUID_STRLEN + 1])
{
	uint8_t bytes[16];

	if (getrandom(bytes, sizeof(bytes), 0) != (ssize_t)sizeof(bytes)) {
		wr_error_set(b->err, errno, _("no random GUID for the new entry: %s"),
		             strerror(errno));
		return -1;
	}
	bytes[7] = (uint8_t)((bytes[7] & 0x0f) | 0x40); /* version 4: the third field's top bits */
	bytes[8] = (uint8_t)((bytes[8] & 0x3f) | 0x80); /* RFC 9562 variant */
	wr_guid_format(bytes, out);
	return 0;
}

/* The type /application, /inherit or /device (options 1-3) gives; 0 for
 * none. */
static int type_switch(struct bcdedit *b, const struct bcdedit_args *a, uint32_t *type)
{
	const char *app = a->option[1], *inherit = a->option[2];
	const struct typed *t = NULL;

	*type = 0;
	if (!!app + !!inherit + !!a->option[3] > 1) {
		wr_error_set(b->err, EINVAL, _("give one of /application, /inherit and /device"));
		return -1;
	}
	if (app && !(t = typed_named(applications, N_OF(applications), app))) {
		wr_error_set(b->err, EINVAL,
		             _("%s is not an application type: give BOOTSECTOR, OSLOADER, RESUME, "
		               "STARTUP or BOOTAPP"),
		             app);
		return -1;
	}
	if (inherit && *inherit && !(t = typed_named(inherits, N_OF(inherits), inherit))) {
		wr_error_set(b->err, EINVAL, _("%s is not a type /inherit takes"), inherit);
		return -1;
	}
	*type = t ? t->type : inherit ? 0x20100000u : a->option[3] ? 0x30000000u : 0;
	return 0;
}

/* The entry /create makes: its GUID and type. */
static int entry_to_create(struct bcdedit *b, const struct bcdedit_args *a,
                           char guid[WR_GUID_STRLEN + 1], uint32_t *type)
{
	const struct typed *known =
	    a->n ? typed_named(well_known, N_OF(well_known), a->words[0]) : NULL;
	uint32_t given;

	if (type_switch(b, a, &given) < 0)
		return -1;
	if (known && given) {
		wr_error_set(
		    b->err, EINVAL,
		    _("%s has a type of its own: /application, /inherit and /device are for "
		      "new GUIDs"),
		    a->words[0]);
		return -1;
	}
	if (!known && !given) {
		wr_error_set(b->err, EINVAL,
		             _("/create needs /application TYPE, /inherit [TYPE] or "
		               "/device for a new entry"));
		return -1;
	}
	if (!known && !a->option[0]) {
		wr_error_set(b->err, EINVAL, _("/create needs /d DESCRIPTION for a new entry"));
		return -1;
	}
	*type = known ? known->type : given;
	if (known) {
		snprintf(guid, WR_GUID_STRLEN + 1, "%s", wr_bcd_guid_for_alias(known->name));
		return 0;
	}
	if (!a->n)
		return new_guid(b, guid);
	if (wr_guid_normalize(a->words[0], guid) < 0) {
		wr_error_set(b->err, EINVAL,
		             _("%s: /create takes a GUID or a well-known identifier ({bootmgr}, "
		               "{ramdiskoptions}, ...)"),
		             a->words[0]);
		return -1;
	}
	return 0;
}

int bcdedit_create(struct bcdedit *b, const struct bcdedit_args *a)
{
	char guid[WR_GUID_STRLEN + 1];
	const char *shown;
	uint32_t type;

	if (entry_to_create(b, a, guid, &type) < 0)
		return -1;
	shown = wr_bcd_alias_for_guid(guid) ? wr_bcd_alias_for_guid(guid) : guid;
	if (wr_bcd_get(b->bcd, guid)) {
		wr_error_set(b->err, EEXIST,
		             _("An object with the specified identifier already exists: %s"),
		             shown);
		return -1;
	}
	if (wr_txn_bcd_create(b->stage, b->hive, guid, type, b->err) < 0 ||
	    (a->option[0] && bcdedit_set_string(b, guid, EL_DESCRIPTION, a->option[0]) < 0))
		return -1;
	wr_buf_printf(b->out, _("The entry %s was successfully created.\n"), shown);
	return 0;
}

int bcdedit_copy(struct bcdedit *b, const struct bcdedit_args *a)
{
	const struct wr_bcd_object *obj = bcdedit_object(b, a->words[0]);
	char guid[WR_GUID_STRLEN + 1];
	int r;

	if (!obj)
		return -1;
	if (!a->option[0]) {
		wr_error_set(b->err, EINVAL, _("/copy needs /d DESCRIPTION for the copy"));
		return -1;
	}
	r = new_guid(b, guid);
	if (r == 0)
		r = wr_txn_bcd_create(b->stage, b->hive, guid, obj->type, b->err);
	for (size_t i = 0; r == 0 && i < obj->n_elements; i++) {
		const struct wr_bcd_element *el = &obj->elements[i];

		r = wr_txn_bcd_set(b->stage, b->hive, guid, el->id, el->reg_type, el->data, el->len,
		                   b->err);
	}
	if (r == 0)
		r = bcdedit_set_string(b, guid, EL_DESCRIPTION, a->option[0]);
	if (r < 0)
		return -1;
	wr_buf_printf(b->out, _("The entry was successfully copied to %s.\n"), guid);
	return 0;
}
