/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcd.h - the BCD module: element names, devices, the store in memory, values, inheritance,
 * listing, building, the demo stores. */
#ifndef WR_BCD_H
#define WR_BCD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/error.h"
#include "base/guid.h"
#include "hive/hive.h"

/* ---- names.c: element and object names ---- */

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

/* ---- device.c: device elements ---- */

enum wr_bcd_device_kind {
	WR_BCD_DEVICE_BOOT,      /* the device the boot manager was loaded from */
	WR_BCD_DEVICE_PARTITION, /* a partition by disk identity (GPT or MBR) */
	WR_BCD_DEVICE_RAMDISK,   /* a WIM file loaded into memory */
	WR_BCD_DEVICE_FILE,      /* a file on another device */
	WR_BCD_DEVICE_VHD,       /* a virtual disk file on another device */
	WR_BCD_DEVICE_LOCATE,    /* found at boot by searching for a file */
	WR_BCD_DEVICE_UNKNOWN,   /* a type we do not decode; kept as raw bytes */
};

enum wr_bcd_partition_style {
	WR_BCD_STYLE_GPT = 0,
	WR_BCD_STYLE_MBR = 1,
	WR_BCD_STYLE_RAW = 2,
};

enum wr_bcd_locate_type {
	WR_BCD_LOCATE_ELEMENT = 0, /* the file is named by another element */
	WR_BCD_LOCATE_STRING = 1,  /* the file is named inline */
	WR_BCD_LOCATE_ELEMENT_CHILD = 2,
};

struct wr_bcd_device {
	enum wr_bcd_device_kind kind;
	uint32_t type;    /* binary device type code (§6.2) */
	uint32_t subtype; /* block-I/O sub-type, for type 0 */
	bool has_options;
	uint8_t options[16]; /* the device-options object (ramdisks) */

	/* WR_BCD_DEVICE_PARTITION */
	uint32_t style;             /* enum wr_bcd_partition_style */
	uint8_t partition_guid[16]; /* GPT unique partition GUID */
	uint8_t disk_guid[16];      /* GPT disk GUID */
	uint64_t offset;            /* MBR: partition start in bytes */
	uint32_t signature;         /* MBR disk signature */

	/* RAMDISK, FILE, VHD: the file; LOCATE (string): what to look for */
	char *path;
	/* LOCATE */
	uint32_t locate_type;
	uint32_t locate_element;

	/* The device holding the file (RAMDISK, FILE, VHD), or the device to
	 * search (LOCATE); NULL when there is none. */
	struct wr_bcd_device *parent;
};

/*
 * Parse a device element's bytes.  Fails (EINVAL, message) when a length or
 * offset does not fit; a device type we do not know is not an error (kind
 * UNKNOWN).  Free the result with wr_bcd_device_free.
 */
struct wr_bcd_device *wr_bcd_device_parse(const uint8_t *data, size_t len, struct wr_error *err);
void wr_bcd_device_free(struct wr_bcd_device *dev);

/* How to name what a device refers to; any member may be NULL. */
struct wr_bcd_device_names {
	/* What a locate device looks for: the string value of element `id` of
	 * the same object, or NULL when it has none. */
	const char *(*locate)(uint32_t id, void *opaque);
	void *locate_opaque;
	/* The attached partition a partition device names, appended to `out`
	 * ("/dev/sdc2 (Windows, ntfs, 126 GiB)"); false when no attached disk
	 * has it. */
	bool (*partition)(const struct wr_bcd_device *dev, struct wr_buf *out, void *opaque);
	void *partition_opaque;
};

/*
 * Show the device the way bcdedit does ("boot", "partition=...",
 * "ramdisk=[...]\\path,{options}", "locate=..."), except that a partition is
 * named by the attached partition when `names` can say which, else by its
 * disk identity, since offline there are no drive letters.  `options` is the
 * text for the options object (an alias or a GUID) or NULL.
 */
void wr_bcd_device_format(const struct wr_bcd_device *dev, const char *options,
                          const struct wr_bcd_device_names *names, struct wr_buf *out);

/* ---- store.c: a store loaded into memory ---- */

/* One element as stored: Objects\{guid}\Elements\<id>\Element. */
struct wr_bcd_element {
	uint32_t id;       /* the key name, parsed as hex */
	uint32_t reg_type; /* registry type of the Element value */
	size_t len;
	uint8_t *data;
};

struct wr_bcd_object {
	char guid[WR_GUID_STRLEN + 1]; /* canonical "{lower-case}" */
	uint32_t type;                 /* Description\Type; 0 when missing */
	bool has_type;
	size_t n_elements;
	struct wr_bcd_element *elements; /* sorted by id */
};

/* Something in the store that is not as Windows writes it; reported, not
 * fatal (the store is still shown). */
struct wr_bcd_problem {
	char guid[WR_GUID_STRLEN + 1]; /* object concerned ("" for the store) */
	uint32_t element;              /* element concerned, 0 for the object */
	char msg[200];
};

struct wr_bcd;

/*
 * Snapshot the BCD store in `hive` (which the caller keeps and closes).
 * Fails (EINVAL) when the hive has no Objects key: it is not a BCD store.
 * Keys that do not parse (object names that are not GUIDs, element names
 * that are not 8 hex digits, missing Element values) become problems.
 * Running out of memory fails it (ENOMEM): a store is never loaded without
 * a problem, or without the {default} it has.
 */
struct wr_bcd *wr_bcd_load(struct wr_hive *hive, struct wr_error *err);

/* The store's Objects key; fails (EINVAL) when the hive is not a BCD store. */
int wr_bcd_objects_key(struct wr_hive *hive, wr_node *out, struct wr_error *err);

/* Open the hive file at `path` read-only, load it and close it. */
struct wr_bcd *wr_bcd_open(const char *path, struct wr_error *err);

void wr_bcd_free(struct wr_bcd *bcd);

const char *wr_bcd_path(const struct wr_bcd *bcd);
const char *wr_bcd_root_name(const struct wr_bcd *bcd);
const struct wr_regf_header *wr_bcd_header(const struct wr_bcd *bcd);

/* Objects in GUID order. */
size_t wr_bcd_count(const struct wr_bcd *bcd);
const struct wr_bcd_object *wr_bcd_object(const struct wr_bcd *bcd, size_t i);

size_t wr_bcd_problem_count(const struct wr_bcd *bcd);
const struct wr_bcd_problem *wr_bcd_problem(const struct wr_bcd *bcd, size_t i);

/* The object with this canonical GUID, or NULL. */
const struct wr_bcd_object *wr_bcd_get(const struct wr_bcd *bcd, const char *guid);

/*
 * Resolve what a user typed: a GUID (any case, braces optional), an alias
 * ("{bootmgr}", "memdiag"), or {default} (the object {bootmgr}'s `default`
 * element names).  {current} fails with a message saying it only exists on
 * a running Windows.  Returns NULL with EINVAL when `id` is neither a GUID
 * nor an alias, ENOENT when the store has no such object.
 */
const struct wr_bcd_object *wr_bcd_find(const struct wr_bcd *bcd, const char *id,
                                        struct wr_error *err);

/* The GUID {bootmgr}'s `default` element holds (canonical), or NULL when
 * there is none or it is not a GUID.  The object need not exist. */
const char *wr_bcd_default_guid(const struct wr_bcd *bcd);

/* Element `id` of `obj` itself (no inheritance), or NULL. */
const struct wr_bcd_element *wr_bcd_object_element(const struct wr_bcd_object *obj, uint32_t id);

/* ---- value.c: element values ---- */

struct wr_bcd_value {
	uint32_t format; /* enum wr_bcd_format, from the element id */
	bool valid;      /* false: `problem` says why; show the raw bytes */
	char problem[160];

	uint64_t integer; /* INTEGER */
	bool boolean;     /* BOOLEAN */
	char *string;     /* STRING; OBJECT (canonical GUID) */
	char **list;      /* OBJECT_LIST (canonical GUIDs), NULL-terminated */
	size_t n_list;
	uint64_t *integers; /* INTEGER_LIST */
	size_t n_integers;
	struct wr_bcd_device *device; /* DEVICE */
	size_t int_width;             /* INTEGER: bytes stored (1..8) */
};

/*
 * Decode `el` following Windows' own rules (registry type per format, device
 * length = descriptor size + 16, integers of 1..8 bytes, booleans of one
 * byte, integer lists of 8-byte multiples) with a reader's tolerance (all
 * trailing NULs stripped, text after the first NUL ignored).  Bad data is
 * not an error: it gives valid = false and a problem.  Returns 0 (free
 * `v` with wr_bcd_value_clear), or -1 when an allocation failed: `v` then
 * holds nothing of the element (valid = false, problem "out of memory")
 * and must not be shown or acted on.
 */
int wr_bcd_value_decode(const struct wr_bcd_element *el, struct wr_bcd_value *v);
void wr_bcd_value_clear(struct wr_bcd_value *v);

struct wr_bcd_display {
	const struct wr_bcd *bcd;
	bool verbose; /* GUIDs instead of aliases, as bcdedit /v */
	/* Names partitions on attached disks (see struct wr_bcd_device_names);
	 * NULL for a store on its own. */
	bool (*partition)(const struct wr_bcd_device *dev, struct wr_buf *out, void *opaque);
	void *partition_opaque;
};

/* The bcdedit name of element `el` in `obj`, or "custom:xxxxxxxx". */
void wr_bcd_element_name(const struct wr_bcd_object *obj, uint32_t id, struct wr_buf *out);

/* A reference to an object as bcdedit shows it: an alias ({bootmgr},
 * {default} for the default loader) unless verbose, else the GUID. */
const char *wr_bcd_object_ref(const struct wr_bcd_display *d, const char *guid);

/* The object's reference and its description: "{default} (Windows 10)".
 * When memory runs out, `out` says so (wr_buf.oom), as with every function
 * here that writes into a wr_buf: check it before using the text. */
void wr_bcd_object_label(const struct wr_bcd *bcd, const struct wr_bcd_object *obj,
                         struct wr_buf *out);

/*
 * The value of element `el` of `obj` as bcdedit shows it: "Yes", "Minimal",
 * "\Windows", "partition=..."; lists one entry per line ('\n' between).
 * An element we have no name for also shows its raw bytes; data that does
 * not decode shows as "invalid (problem): xx xx ...".  `v` must have
 * decoded (wr_bcd_value_decode returned 0).
 */
void wr_bcd_value_format(const struct wr_bcd_display *d, const struct wr_bcd_object *obj,
                         const struct wr_bcd_element *el, const struct wr_bcd_value *v,
                         struct wr_buf *out);

/* Bytes as "xx xx xx". */
void wr_bcd_format_hex(const uint8_t *data, size_t len, struct wr_buf *out);

/* ---- inherit.c: inherited elements ---- */

/* An element and the object it came from. */
struct wr_bcd_inherited {
	const struct wr_bcd_element *element;
	const struct wr_bcd_object *source;
};

/* Called for each object reached; return true to stop the walk. */
typedef bool (*wr_bcd_visit_fn)(const struct wr_bcd_object *obj, void *opaque);

/*
 * Visit `obj`, then the objects of its inherit (14000006) list in order,
 * each followed depth-first by what it inherits: the order in which the boot
 * manager looks for an element.  An object reached twice is visited once.
 * A cycle, a reference to an object not in the store, an unreadable inherit
 * list or a chain deeper than the boot manager follows is not followed; each
 * adds one line to `problems` (may be NULL).  `visit` may be NULL to only
 * check the chain.  Returns 0, or -1 when an allocation failed: then the
 * walk stopped part-way, and what it visited and reported is not the chain.
 */
int wr_bcd_walk_inherit(const struct wr_bcd *bcd, const struct wr_bcd_object *obj,
                        wr_bcd_visit_fn visit, void *opaque, struct wr_buf *problems);

/* The effective element `id` of `obj`: its own, or the first found along
 * the walk.  Returns 0 and fills *out, 1 when no object has it, or -1 when
 * an allocation failed (whether one has it is then unknown). */
int wr_bcd_effective(const struct wr_bcd *bcd, const struct wr_bcd_object *obj, uint32_t id,
                     struct wr_bcd_inherited *out, struct wr_buf *problems);

/* Every effective element of `obj` (own and inherited, the inherit lists
 * themselves excluded), sorted by id; *out is malloc'd.  -1 on ENOMEM. */
int wr_bcd_effective_all(const struct wr_bcd *bcd, const struct wr_bcd_object *obj,
                         struct wr_bcd_inherited **out, size_t *n, struct wr_buf *problems);

/* ---- enum.c, json.c: listing a store ---- */

struct wr_bcd_enum_opts {
	bool all;       /* every object (bcdedit /enum all) */
	bool verbose;   /* GUIDs instead of aliases, template elements too (/v) */
	bool inherited; /* also show effective values inherited from settings objects */
	const char *id; /* just this object (GUID or alias), or NULL */
	/* Names partitions on attached disks (struct wr_bcd_device_names). */
	bool (*partition)(const struct wr_bcd_device *dev, struct wr_buf *out, void *opaque);
	void *partition_opaque;
};

/*
 * The objects to list, in bcdedit's order: by default {bootmgr} and the
 * entries of its displayorder (all OS loaders when it has none); with `all`,
 * every object grouped by type (firmware boot manager, boot manager,
 * firmware applications, loaders, resume, memory tester, ..., settings,
 * device options); with `id`, that object.  *list is malloc'd.
 */
int wr_bcd_enum_select(const struct wr_bcd *bcd, const struct wr_bcd_enum_opts *opts,
                       const struct wr_bcd_object ***list, size_t *n, struct wr_error *err);

/* The section heading of an object (for a type with no known heading, a
 * generic one with the type number), translated when `translate`. */
void wr_bcd_object_title(const struct wr_bcd_object *obj, bool translate, struct wr_buf *out);

/* bcdedit-style text: a blank line, heading, dashes, then "name  value" rows
 * with the name padded to 24 columns. */
int wr_bcd_enum_text(const struct wr_bcd *bcd, const struct wr_bcd_enum_opts *opts,
                     struct wr_buf *out, struct wr_error *err);

/* The same selection as JSON (schema in winrescue(1) and README.md). */
int wr_bcd_enum_json(const struct wr_bcd *bcd, const struct wr_bcd_enum_opts *opts,
                     struct wr_buf *out, struct wr_error *err);

struct wr_json;

/* The same object as member `key` of an object being written to `j` (NULL
 * inside an array). */
int wr_bcd_enum_json_member(const struct wr_bcd *bcd, const struct wr_bcd_enum_opts *opts,
                            struct wr_json *j, const char *key, struct wr_error *err);

/*
 * Check the whole store: elements whose data does not decode, problems found
 * while loading, and inherit lists with cycles or references to missing
 * objects.  Appends one line per problem to `out`; returns their number.
 * When memory runs out, `out` says so (wr_buf.oom): then neither the lines
 * nor the number are the store's.
 */
size_t wr_bcd_check(const struct wr_bcd *bcd, struct wr_buf *out);

/* ---- build.c: writing objects and elements ---- */

#define WR_BCD_DEVICE_SIZE 88 /* boot and partition devices */

/*
 * Start a new store that will become `path` (which must not exist): an empty
 * store (root NewStoreRoot, Description\KeyName = BCD00000000, an empty
 * Objects key) under a temporary name beside it, open for editing.
 */
struct wr_hive *wr_bcd_store_begin(const char *path, struct wr_error *err);

/*
 * Finish a store begun for `path`: commit it and move it into place.  With
 * `keep` false, or on any failure, the temporary file is removed instead, so
 * `path` never holds half a store.  Closes `hive` in every case.
 */
int wr_bcd_store_end(struct wr_hive *hive, const char *path, bool keep, struct wr_error *err);

/* Add object `guid` with Description\Type = `type` and an Elements key. */
int wr_bcd_put_object(struct wr_hive *hive, const char *guid, uint32_t type, struct wr_error *err);

/* Set element `id` of object `guid` to raw registry data. */
int wr_bcd_put_element(struct wr_hive *hive, const char *guid, uint32_t id, uint32_t reg_type,
                       const void *data, size_t len, struct wr_error *err);

/* Typed setters, encoding as Windows does: strings with one NUL, GUIDs in
 * lower case, integers as 8-byte REG_BINARY, booleans as one byte. */
int wr_bcd_put_string(struct wr_hive *hive, const char *guid, uint32_t id, const char *s,
                      struct wr_error *err);
int wr_bcd_put_object_list(struct wr_hive *hive, const char *guid, uint32_t id,
                           const char *const *guids, size_t n, struct wr_error *err);
int wr_bcd_put_integer(struct wr_hive *hive, const char *guid, uint32_t id, uint64_t v,
                       struct wr_error *err);
int wr_bcd_put_boolean(struct wr_hive *hive, const char *guid, uint32_t id, bool v,
                       struct wr_error *err);

/* Remove element `id` of object `guid`; 1 when it was not there. */
int wr_bcd_delete_element(struct wr_hive *hive, const char *guid, uint32_t id,
                          struct wr_error *err);

/* Device element bytes (WR_BCD_DEVICE_SIZE of them) for the boot device, a
 * GPT partition (disk and partition GUIDs as on disk) or an MBR partition. */
void wr_bcd_device_boot(uint8_t out[WR_BCD_DEVICE_SIZE]);
void wr_bcd_device_gpt(uint8_t out[WR_BCD_DEVICE_SIZE], const uint8_t disk[16],
                       const uint8_t partition[16]);
void wr_bcd_device_mbr(uint8_t out[WR_BCD_DEVICE_SIZE], uint32_t signature, uint64_t offset);

/* ---- template.c: the store bcdboot writes ---- */

/* Where the UEFI boot manager is, on the EFI system partition. */
#define WR_BCD_UEFI_BOOTMGR_PATH "\\EFI\\Microsoft\\Boot\\bootmgfw.efi"

enum wr_firmware { WR_FIRMWARE_BIOS, WR_FIRMWARE_UEFI };

/* One Windows installation's boot entry. */
struct wr_bcd_template_windows {
	char loader[WR_GUID_STRLEN + 1]; /* the GUIDs its loader and resume object get */
	char resume[WR_GUID_STRLEN + 1];
	uint8_t device[WR_BCD_DEVICE_SIZE]; /* its partition */
	const char *description;            /* "Windows 10 Pro" */
	const char *systemroot;             /* "\\Windows" */
};

struct wr_bcd_template {
	enum wr_firmware firmware;
	uint8_t system_device[WR_BCD_DEVICE_SIZE];     /* the partition the boot manager is on */
	const char *locale;                            /* "en-US" */
	const struct wr_bcd_template_windows *windows; /* the first is the default */
	size_t n_windows;
	const char *const *others; /* menu entries kept after them (an existing store's) */
	size_t n_others;
};

/* Where the template's objects and elements go (a new hive, or a stage). */
struct wr_bcd_template_sink {
	int (*object)(void *opaque, const char *guid, uint32_t type, struct wr_error *err);
	int (*element)(void *opaque, const char *guid, uint32_t id, uint32_t reg_type,
	               const void *data, size_t len, struct wr_error *err);
	void *opaque;
};

/*
 * Every object of a new store with the elements Windows 10/11 write in it:
 * the settings objects ({emssettings}, {dbgsettings}, {badmemory},
 * {globalsettings}, {hypervisorsettings}, {bootloadersettings},
 * {resumeloadersettings}), {memdiag}, each Windows' resume object and
 * loader, and {bootmgr}.  Strings as Windows stores them (UTF-16LE, one
 * NUL), integers in 8 bytes, booleans in one.
 */
int wr_bcd_template_store(const struct wr_bcd_template *t, const struct wr_bcd_template_sink *sink,
                          struct wr_error *err);
/* Windows installation `w`'s resume object and loader alone. */
int wr_bcd_template_windows(const struct wr_bcd_template *t,
                            const struct wr_bcd_template_windows *w,
                            const struct wr_bcd_template_sink *sink, struct wr_error *err);
/* {bootmgr}: device, path on UEFI, the default, the menu, timeout 30. */
int wr_bcd_template_bootmgr(const struct wr_bcd_template *t,
                            const struct wr_bcd_template_sink *sink, struct wr_error *err);

/* ---- demo.c: the demo stores ---- */

enum wr_demo_layout {
	WR_DEMO_BIOS, /* System Reserved + Windows on an MBR disk */
	WR_DEMO_UEFI, /* ESP + MSR + Windows on a GPT disk */
};

/* The demo disk's identity, which the device elements refer to. */
#define WR_DEMO_MBR_SIGNATURE      0x5a1e7b2cu
#define WR_DEMO_MBR_SYSTEM_OFFSET  0x100000ull  /* System Reserved at 1 MiB */
#define WR_DEMO_MBR_WINDOWS_OFFSET 0x2100000ull /* Windows after 32 MiB of System Reserved */
#define WR_DEMO_GPT_DISK           "{6b1f3c2a-9d4e-4c7b-8a51-2e0f5d9c3b71}"
#define WR_DEMO_GPT_ESP            "{0c7e9a41-3f25-4d8b-b6a2-91d4e5f7a803}"
#define WR_DEMO_GPT_WINDOWS        "{a3d58e12-6b0c-4f97-8e24-5c1b7d9f0e46}"

/* The default loader and its resume object. */
#define WR_DEMO_LOADER "{3f0b9a52-7c1d-11ee-b962-0242ac120002}"
#define WR_DEMO_RESUME "{3f0b9a51-7c1d-11ee-b962-0242ac120002}"

/*
 * Write a realistic store to `path` (which must not exist): {bootmgr} (and
 * {fwbootmgr} on UEFI), a "Windows Server 2022" loader whose device and
 * osdevice point at the Windows partition, its resume object, {memdiag},
 * and the standard settings objects with their inherit chains.
 */
int wr_demo_bcd_create(const char *path, enum wr_demo_layout layout, struct wr_error *err);

/* Add the demo objects to a store begun with wr_bcd_store_begin. */
int wr_demo_bcd_fill(struct wr_hive *hive, enum wr_demo_layout layout, struct wr_error *err);

#endif
