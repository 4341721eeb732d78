/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stores.c - test BCD stores: the demo stores plus one defect or repair case each. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bcd/bcd.h"
#include "dirty-log.h"
#include "disk/disk.h"
#include "stores.h"

#define LOADER            WR_DEMO_LOADER
#define EL_SAFEBOOT       0x25000080u
#define EL_SAFEBOOT_SHELL 0x26000081u

static int safeboot_inherited(struct wr_hive *h, struct wr_error *err)
{
	if (wr_bcd_put_integer(h, WR_BCD_GUID_BOOTLOADERSETTINGS, EL_SAFEBOOT, 0, err) < 0)
		return -1;
	return wr_bcd_put_boolean(h, WR_BCD_GUID_BOOTLOADERSETTINGS, EL_SAFEBOOT_SHELL, true, err);
}

static int inherit_cycle(struct wr_hive *h, struct wr_error *err)
{
	const char *list[] = {WR_BCD_GUID_DBGSETTINGS, WR_BCD_GUID_BOOTLOADERSETTINGS};

	return wr_bcd_put_object_list(h, WR_BCD_GUID_GLOBALSETTINGS, WR_BCD_EL_INHERIT, list, 2,
	                              err);
}

static int inherit_dangling(struct wr_hive *h, struct wr_error *err)
{
	const char *list[] = {STORE_MISSING, WR_BCD_GUID_BOOTLOADERSETTINGS};

	return wr_bcd_put_object_list(h, LOADER, WR_BCD_EL_INHERIT, list, 2, err);
}

static int bad_elements(struct wr_hive *h, struct wr_error *err)
{
	static const uint8_t two[2] = {1, 0}, nine[9] = {1}, five[5] = {1}, dword[4] = {1};
	uint8_t dev[WR_BCD_DEVICE_SIZE];

	wr_bcd_device_boot(dev);
	dev[0x18] = 0x50; /* descriptor size no longer matches the value length */
	if (wr_bcd_put_element(h, LOADER, 0x16000009, WR_REG_BINARY, two, 2, err) < 0 ||
	    wr_bcd_put_element(h, LOADER, 0x25000020, WR_REG_BINARY, nine, 9, err) < 0 ||
	    wr_bcd_put_element(h, LOADER, 0x17000077, WR_REG_BINARY, five, 5, err) < 0 ||
	    wr_bcd_put_element(h, LOADER, 0x12000004, WR_REG_DWORD, dword, 4, err) < 0)
		return -1;
	return wr_bcd_put_element(h, LOADER, 0x21000001, WR_REG_BINARY, dev, sizeof(dev), err);
}

static int unknown_element(struct wr_hive *h, struct wr_error *err)
{
	return wr_bcd_put_boolean(h, LOADER, 0x260000ee, true, err);
}

/* Text meant to drive a terminal or forge output, and a GUID field long
 * enough that a cut message could split a UTF-8 sequence. */
static int hostile_text(struct wr_hive *h, struct wr_error *err)
{
	char guid[400] = "x";

	for (int i = 0; i < 150; i++)
		strcat(guid, "\xc3\xa9");
	if (wr_bcd_put_string(h, LOADER, 0x12000004, "Evil\x1b]2;pwned\x07\x1b[2J\nforged", err) <
	    0)
		return -1;
	return wr_bcd_put_string(h, LOADER, 0x23000003, guid, err);
}

static int safeboot_minimal(struct wr_hive *h, struct wr_error *err)
{
	return wr_bcd_put_integer(h, LOADER, EL_SAFEBOOT, 0, err);
}

/* Every place a store carries text holds STORE_HOSTILE: descriptions, a
 * string element, an element key's name, an object key's name, and a value
 * (name and data) in an object's Description key.  Safeboot Minimal, so a
 * repair and a checklist have work to do and show the loader. */
static int hostile(struct wr_hive *h, struct wr_error *err)
{
	wr_node objects, node, key;

	if (safeboot_minimal(h, err) < 0 ||
	    wr_bcd_put_string(h, WR_BCD_GUID_BOOTMGR, 0x12000004, "Manager " STORE_HOSTILE, err) <
	        0 ||
	    wr_bcd_put_string(h, LOADER, 0x12000004, "Loader " STORE_HOSTILE, err) < 0 ||
	    wr_bcd_put_string(h, LOADER, 0x22000002, "\\" STORE_HOSTILE ".efi", err) < 0 ||
	    wr_hive_lookup(h, wr_hive_root(h), "Objects", &objects, err) != 0 ||
	    wr_hive_add_key(h, objects, "Object " STORE_HOSTILE, &key, err) < 0 ||
	    wr_hive_lookup(h, objects, LOADER "\\Elements", &node, err) != 0 ||
	    wr_hive_add_key(h, node, "Element " STORE_HOSTILE, &key, err) < 0 ||
	    wr_hive_lookup(h, objects, LOADER "\\Description", &node, err) != 0)
		return -1;
	return wr_hive_set_string(h, node, "Value " STORE_HOSTILE, WR_REG_SZ, "Data " STORE_HOSTILE,
	                          err);
}

static int safeboot_network(struct wr_hive *h, struct wr_error *err)
{
	return wr_bcd_put_integer(h, LOADER, EL_SAFEBOOT, 1, err);
}

/* The boot manager gone: 0xc0000034. */
static int no_bootmgr(struct wr_hive *h, struct wr_error *err)
{
	wr_node bm;

	if (wr_hive_lookup(h, wr_hive_root(h), "Objects\\" WR_BCD_GUID_BOOTMGR, &bm, err) != 0)
		return -1;
	return wr_hive_delete_key(h, bm, err);
}

static const struct {
	const char *kind;
	enum wr_demo_layout layout;
	int (*edit)(struct wr_hive *, struct wr_error *);
} kinds[] = {
    {"bios", WR_DEMO_BIOS, NULL},
    {"uefi", WR_DEMO_UEFI, NULL},
    {"safeboot-minimal", WR_DEMO_BIOS, safeboot_minimal},
    {"safeboot-network", WR_DEMO_UEFI, safeboot_network},
    {"safeboot-inherited", WR_DEMO_BIOS, safeboot_inherited},
    {"inherit-cycle", WR_DEMO_BIOS, inherit_cycle},
    {"inherit-dangling", WR_DEMO_BIOS, inherit_dangling},
    {"bad-elements", WR_DEMO_BIOS, bad_elements},
    {"unknown-element", WR_DEMO_BIOS, unknown_element},
    {"hostile-text", WR_DEMO_BIOS, hostile_text},
    {"hostile", WR_DEMO_BIOS, hostile},
    {"no-bootmgr", WR_DEMO_UEFI, no_bootmgr},
};

/* Our template's objects but for {bootmgr} and {memdiag}: with no Windows
 * given it writes no loader, so these are the settings objects. */
static bool settings_object(const char *guid)
{
	return strcmp(guid, WR_BCD_GUID_BOOTMGR) != 0 && strcmp(guid, WR_BCD_GUID_MEMDIAG) != 0;
}

static int template_object(void *h, const char *guid, uint32_t type, struct wr_error *err)
{
	return settings_object(guid) ? wr_bcd_put_object(h, guid, type, err) : 0;
}

static int template_element(void *h, const char *guid, uint32_t id, uint32_t reg_type,
                            const void *data, size_t len, struct wr_error *err)
{
	return settings_object(guid) ? wr_bcd_put_element(h, guid, id, reg_type, data, len, err)
	                             : 0;
}

/*
 * A Windows installation's System32\config\BCD-Template, the store bcdboot
 * begins from.  Microsoft describes it as holding the objects a store
 * starts with, the settings objects the debugger and loader settings are
 * inherited from ("Modify the BCD Store Template", Windows Vista); no real
 * one was at hand, so this one has the settings objects of our own template
 * (template.c) and no {bootmgr} or loader.  Its own mark: {dbgsettings} as
 * the Windows 7 stores among the real fixtures have it (debugtype Serial,
 * debugport 1, baudrate 115200), where our template writes Local.  Its
 * Description key is what wr_bcd_store_begin writes (KeyName alone): what
 * Windows puts there in a template is not known.
 */
static int bcd_template(const char *path, struct wr_error *err)
{
	const struct wr_bcd_template t = {.firmware = WR_FIRMWARE_BIOS, .locale = "en-US"};
	struct wr_hive *h = wr_bcd_store_begin(path, err);
	struct wr_bcd_template_sink sink = {template_object, template_element, h};
	const char *dbg = WR_BCD_GUID_DBGSETTINGS;
	bool made;

	if (!h)
		return -1;
	made = wr_bcd_template_store(&t, &sink, err) == 0 &&
	       wr_bcd_put_integer(h, dbg, STORE_EL_DEBUGTYPE, 0, err) == 0 &&
	       wr_bcd_put_integer(h, dbg, STORE_EL_DEBUGPORT, 1, err) == 0 &&
	       wr_bcd_put_integer(h, dbg, STORE_EL_BAUDRATE, 115200, err) == 0;
	return wr_bcd_store_end(h, path, made, err);
}

/* The demo SYSTEM hive grown past 20 MB: Bench\GroupNN\KeyNN, 64 x 64
 * keys with one 5000-byte value each (the console's speed is measured on
 * it).  Small groups: hivex rewrites a whole subkey list on each insert. */
static int big_system(const char *path, struct wr_error *err)
{
	char tmp[4200], name[32];
	static uint8_t data[5000];
	struct wr_hive *h;
	wr_node bench, group, key;
	int r = wr_demo_system_hive_create(path, WR_DEMO_BIOS, err);

	if (r < 0 || !(h = wr_hive_open(path, WR_HIVE_WRITE, err)))
		return -1;
	memset(data, 0x5a, sizeof(data));
	r = wr_hive_add_key(h, wr_hive_root(h), "Bench", &bench, err);
	for (int g = 0; r == 0 && g < 64; g++) {
		snprintf(name, sizeof(name), "Group%02d", g);
		r = wr_hive_add_key(h, bench, name, &group, err);
		for (int k = 0; r == 0 && k < 64; k++) {
			snprintf(name, sizeof(name), "Key%02d", k);
			r = wr_hive_add_key(h, group, name, &key, err);
			if (r == 0)
				r = wr_hive_set_value(h, key, "Data", WR_REG_BINARY, data,
				                      sizeof(data), err);
		}
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (r == 0)
		r = wr_hive_commit(h, tmp, err);
	wr_hive_close(h);
	return r == 0 ? rename(tmp, path) : -1;
}

/* The demo SYSTEM hive of a domain controller: its current control set
 * names an NTDS database. */
static int system_dc(const char *path, struct wr_error *err)
{
	char tmp[4200];
	struct wr_hive *h;
	wr_node services, ntds, params;
	int r = wr_demo_system_hive_create(path, WR_DEMO_BIOS, err);

	if (r < 0 || !(h = wr_hive_open(path, WR_HIVE_WRITE, err)))
		return -1;
	if (wr_hive_lookup(h, wr_hive_root(h), "ControlSet001\\Services", &services, err) != 0 ||
	    wr_hive_add_key(h, services, "NTDS", &ntds, err) < 0 ||
	    wr_hive_add_key(h, ntds, "Parameters", &params, err) < 0 ||
	    wr_hive_set_string(h, params, "DSA Database file", WR_REG_SZ,
	                       "C:\\Windows\\NTDS\\ntds.dit", err) < 0)
		r = -1;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (r == 0)
		r = wr_hive_commit(h, tmp, err);
	wr_hive_close(h);
	return r == 0 ? rename(tmp, path) : -1;
}

/* The write only the log of "dirty-system" holds: no memory dumps. */
static int dumps_off(struct wr_hive *h, struct wr_error *err)
{
	wr_node node;

	if (wr_hive_lookup(h, wr_hive_root(h), "ControlSet001\\Control\\CrashControl", &node, err) <
	    0)
		return -1;
	return wr_hive_set_dword(h, node, "CrashDumpEnabled", 0, err);
}

int store_make_dirty(const char *path, struct wr_error *err)
{
	return dirty_log_make(path, dumps_off, err);
}

int store_create(const char *kind, const char *path, struct wr_error *err)
{
	if (strcmp(kind, "system") == 0)
		return wr_demo_system_hive_create(path, WR_DEMO_BIOS, err);
	if (strcmp(kind, "dirty-system") == 0)
		return wr_demo_system_hive_create(path, WR_DEMO_BIOS, err) < 0
		           ? -1
		           : store_make_dirty(path, err);
	if (strcmp(kind, "big-system") == 0)
		return big_system(path, err);
	if (strcmp(kind, "system-dc") == 0)
		return system_dc(path, err);
	if (strcmp(kind, "software") == 0)
		return wr_demo_software_hive_create(path, err);
	if (strcmp(kind, "bcd-template") == 0)
		return bcd_template(path, err);
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct wr_hive *h;
		int r;

		if (strcmp(kinds[i].kind, kind) != 0)
			continue;
		h = wr_bcd_store_begin(path, err);
		if (!h)
			return -1;
		r = wr_demo_bcd_fill(h, kinds[i].layout, err);
		if (r == 0 && kinds[i].edit)
			r = kinds[i].edit(h, err);
		return wr_bcd_store_end(h, path, r == 0, err);
	}
	wr_error_set(err, EINVAL, "unknown store kind \"%s\"", kind);
	return -1;
}
