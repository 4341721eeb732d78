/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcd-names.h - what BCD numbers mean: element names, enum values, aliases, object types. */
#ifndef WR_BCD_NAMES_H
#define WR_BCD_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Element type bits (bcd-format.md §2). */
#define WR_BCD_ELEMENT_CLASS(id)  ((uint32_t)(id) >> 28)
#define WR_BCD_ELEMENT_FORMAT(id) (((uint32_t)(id) >> 24) & 0xfu)

enum wr_bcd_class {
	WR_BCD_CLASS_LIBRARY = 1,
	WR_BCD_CLASS_APPLICATION = 2,
	WR_BCD_CLASS_DEVICE = 3,
	WR_BCD_CLASS_TEMPLATE = 4, /* hidden by bcdedit unless /v */
	WR_BCD_CLASS_OEM = 5,
};

enum wr_bcd_format {
	WR_BCD_FORMAT_DEVICE = 1,
	WR_BCD_FORMAT_STRING = 2,
	WR_BCD_FORMAT_OBJECT = 3,
	WR_BCD_FORMAT_OBJECT_LIST = 4,
	WR_BCD_FORMAT_INTEGER = 5,
	WR_BCD_FORMAT_BOOLEAN = 6,
	WR_BCD_FORMAT_INTEGER_LIST = 7,
};

/* Object type bits (bcd-format.md §3). */
#define WR_BCD_OBJECT_KIND(type) ((uint32_t)(type) >> 28) /* 1 app, 2 inherit, 3 device */
#define WR_BCD_OBJECT_IMAGE(type)                                                                  \
	(((uint32_t)(type) >> 20) & 0xfu)                   /* image type / inheritable-by */
#define WR_BCD_OBJECT_APP(type) ((uint32_t)(type)&0xfffffu) /* application type */

enum wr_bcd_app_type {
	WR_BCD_APP_FWBOOTMGR = 1,
	WR_BCD_APP_BOOTMGR = 2,
	WR_BCD_APP_OSLOADER = 3,
	WR_BCD_APP_RESUME = 4,
	WR_BCD_APP_MEMDIAG = 5,
	WR_BCD_APP_NTLDR = 6,
	WR_BCD_APP_SETUPLDR = 7,
	WR_BCD_APP_BOOTSECTOR = 8,
	WR_BCD_APP_STARTUP = 9,
	WR_BCD_APP_BOOTAPP = 10,
};

#define WR_BCD_TYPE_FWBOOTMGR 0x10100001u
#define WR_BCD_TYPE_BOOTMGR   0x10100002u
#define WR_BCD_TYPE_OSLOADER  0x10200003u
#define WR_BCD_TYPE_RESUME    0x10200004u
#define WR_BCD_TYPE_MEMDIAG   0x10200005u

/* GUIDs of the well-known objects, as stored (lower case, braces). */
#define WR_BCD_GUID_BOOTMGR              "{9dea862c-5cdd-4e70-acc1-f32b344d4795}"
#define WR_BCD_GUID_FWBOOTMGR            "{a5a30fa2-3d06-4e9f-b5f4-a01df9d1fcba}"
#define WR_BCD_GUID_MEMDIAG              "{b2721d73-1db4-4c62-bf78-c548a880142d}"
#define WR_BCD_GUID_GLOBALSETTINGS       "{7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e}"
#define WR_BCD_GUID_BOOTLOADERSETTINGS   "{6efb52bf-1766-41db-a6b3-0ee5eff72bd7}"
#define WR_BCD_GUID_RESUMELOADERSETTINGS "{1afa9c49-16ab-4a5c-901b-212802da9460}"
#define WR_BCD_GUID_HYPERVISORSETTINGS   "{7ff607e0-4395-11db-b0de-0800200c9a66}"
#define WR_BCD_GUID_DBGSETTINGS          "{4636856e-540f-4170-a130-a84776f4c654}"
#define WR_BCD_GUID_EMSSETTINGS          "{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}"
#define WR_BCD_GUID_BADMEMORY            "{5189b25c-5558-4bf2-bca4-289b11bd29e2}"
#define WR_BCD_GUID_RAMDISKOPTIONS       "{ae5534e0-a924-466c-b836-758539a3ee3a}"
#define WR_BCD_GUID_DEFAULT              "{1cae1eb7-a0df-4d4d-9851-4860e34ef535}"
#define WR_BCD_GUID_CURRENT              "{fa926493-6f1c-4193-a414-58f0b2456d1e}"

/* Element ids the back end itself relies on. */
#define WR_BCD_EL_INHERIT              0x14000006u
#define WR_BCD_EL_BOOTMGR_DISPLAYORDER 0x24000001u
#define WR_BCD_EL_BOOTMGR_DEFAULT      0x23000003u

struct wr_bcd_enum_value {
	uint64_t value;
	const char *name; /* as bcdedit prints and accepts it, e.g. "Minimal" */
};

struct wr_bcd_element_info {
	uint32_t id;
	const char *name;                       /* bcdedit name; NULL = none (custom:XXXXXXXX) */
	const struct wr_bcd_enum_value *values; /* named integer values, or NULL */
	size_t n_values;
};

/*
 * What element `id` is in an object of type `object_type`.  Library (class 1)
 * elements mean the same everywhere; application (class 2) elements depend on
 * the application type of the object, or, for an inherit object, on the
 * application type it can be inherited by; device (3) and template (4)
 * elements have tables of their own.  Returns NULL for an element we do not
 * know (the caller shows it as custom:XXXXXXXX with its raw bytes).
 */
const struct wr_bcd_element_info *wr_bcd_element_info(uint32_t object_type, uint32_t id);

/* The element of that object type with bcdedit name `name` (case-insensitive),
 * or NULL. */
const struct wr_bcd_element_info *wr_bcd_element_by_name(uint32_t object_type, const char *name);

/* bcdedit's name for integer `v` of an element with named values, or NULL. */
const char *wr_bcd_enum_value_name(const struct wr_bcd_element_info *info, uint64_t v);

/* "{bootmgr}" for WR_BCD_GUID_BOOTMGR etc. (also {default}, {current}); NULL
 * when the GUID has no alias.  `guid` must be in canonical lower case. */
const char *wr_bcd_alias_for_guid(const char *guid);

/* The GUID for an alias such as "{bootmgr}" or "bootmgr" (any case, with or
 * without braces; also {legacy} = {ntldr}, {eventsettings} = {dbgsettings}),
 * or NULL. */
const char *wr_bcd_guid_for_alias(const char *alias);

/*
 * The section heading bcdedit prints over an object ("Windows Boot Manager",
 * "Windows Boot Loader", "Resume from Hibernate", "EMS Settings", ...).
 * Known inherit and device objects are named by their GUID; others by type.
 * The text is English, marked N_() for the caller to translate; for a type we
 * cannot name, NULL (the caller prints a generic heading with the number).
 */
const char *wr_bcd_object_heading(uint32_t type, const char *guid);

/* A short English description of the type for --json ("OS loader",
 * "inherit settings (OS loaders)", ...); never NULL. */
const char *wr_bcd_object_type_name(uint32_t type);

#endif
