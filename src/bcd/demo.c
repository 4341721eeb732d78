/* SPDX-License-Identifier: GPL-3.0-or-later */
/* demo.c - the built-in demo BCD stores. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "base/guid.h"
#include "base/le.h"
#include "bcd.h"

enum kind { STR, LIST, INT, INTLIST, BOOL, DEV_BOOT, DEV_ESP, DEV_WINDOWS };

struct element {
	const char *obj;
	uint32_t id;
	enum kind kind;
	const char *s; /* STR; LIST: up to three GUIDs in l[] */
	uint64_t n;    /* INT, BOOL */
	const char *l[3];
};

#define BOOTMGR WR_BCD_GUID_BOOTMGR
#define MEMDIAG WR_BCD_GUID_MEMDIAG
#define LOADER  WR_DEMO_LOADER
#define RESUME  WR_DEMO_RESUME

/* What both layouts share; paths and devices differ (see layout_elements). */
static const struct element common[] = {
    {BOOTMGR, 0x12000004, STR, "Windows Boot Manager"},
    {BOOTMGR, 0x12000005, STR, "en-US"},
    {BOOTMGR, 0x14000006, LIST, .l = {WR_BCD_GUID_GLOBALSETTINGS}},
    {BOOTMGR, 0x23000003, STR, LOADER},
    {BOOTMGR, 0x23000006, STR, RESUME},
    {BOOTMGR, 0x24000001, LIST, .l = {LOADER}},
    {BOOTMGR, 0x24000010, LIST, .l = {MEMDIAG}},
    {BOOTMGR, 0x25000004, INT, .n = 30},
    {LOADER, 0x11000001, DEV_WINDOWS},
    {LOADER, 0x12000004, STR, "Windows Server 2022"},
    {LOADER, 0x12000005, STR, "en-US"},
    {LOADER, 0x14000006, LIST, .l = {WR_BCD_GUID_BOOTLOADERSETTINGS}},
    {LOADER, 0x16000009, BOOL, .n = 0},
    {LOADER, 0x17000077, INTLIST, .n = 0x15000075},
    {LOADER, 0x21000001, DEV_WINDOWS},
    {LOADER, 0x22000002, STR, "\\Windows"},
    {LOADER, 0x23000003, STR, RESUME},
    {LOADER, 0x25000020, INT, .n = 1}, /* nx OptOut, as on servers */
    {LOADER, 0x250000e0, INT, .n = 1}, /* bootstatuspolicy IgnoreAllFailures */
    {RESUME, 0x11000001, DEV_WINDOWS},
    {RESUME, 0x12000004, STR, "Windows Resume Application"},
    {RESUME, 0x12000005, STR, "en-US"},
    {RESUME, 0x14000006, LIST, .l = {WR_BCD_GUID_RESUMELOADERSETTINGS}},
    {RESUME, 0x21000001, DEV_WINDOWS},
    {RESUME, 0x22000002, STR, "\\hiberfil.sys"},
    {MEMDIAG, 0x12000004, STR, "Windows Memory Diagnostic"},
    {MEMDIAG, 0x12000005, STR, "en-US"},
    {MEMDIAG, 0x14000006, LIST, .l = {WR_BCD_GUID_GLOBALSETTINGS}},
    {MEMDIAG, 0x1600000b, BOOL, .n = 1},
    {WR_BCD_GUID_GLOBALSETTINGS, 0x14000006, LIST,
     .l = {WR_BCD_GUID_DBGSETTINGS, WR_BCD_GUID_EMSSETTINGS, WR_BCD_GUID_BADMEMORY}},
    {WR_BCD_GUID_BOOTLOADERSETTINGS, 0x14000006, LIST,
     .l = {WR_BCD_GUID_GLOBALSETTINGS, WR_BCD_GUID_HYPERVISORSETTINGS}},
    {WR_BCD_GUID_RESUMELOADERSETTINGS, 0x14000006, LIST, .l = {WR_BCD_GUID_GLOBALSETTINGS}},
    {WR_BCD_GUID_DBGSETTINGS, 0x15000011, INT, .n = 0},
    {WR_BCD_GUID_DBGSETTINGS, 0x15000013, INT, .n = 1},
    {WR_BCD_GUID_DBGSETTINGS, 0x15000014, INT, .n = 115200},
    {WR_BCD_GUID_EMSSETTINGS, 0x16000020, BOOL, .n = 0},
    {WR_BCD_GUID_HYPERVISORSETTINGS, 0x250000f3, INT, .n = 0},
    {WR_BCD_GUID_HYPERVISORSETTINGS, 0x250000f4, INT, .n = 1},
    {WR_BCD_GUID_HYPERVISORSETTINGS, 0x250000f5, INT, .n = 115200},
};

static const struct element bios[] = {
    {BOOTMGR, 0x11000001, DEV_BOOT},
    {LOADER, 0x12000002, STR, "\\Windows\\system32\\winload.exe"},
    {RESUME, 0x12000002, STR, "\\Windows\\system32\\winresume.exe"},
    {MEMDIAG, 0x11000001, DEV_BOOT},
    {MEMDIAG, 0x12000002, STR, "\\boot\\memtest.exe"},
};

static const struct element uefi[] = {
    {WR_BCD_GUID_FWBOOTMGR, 0x24000001, LIST, .l = {BOOTMGR}},
    {WR_BCD_GUID_FWBOOTMGR, 0x25000004, INT, .n = 1},
    {BOOTMGR, 0x11000001, DEV_ESP},
    {BOOTMGR, 0x12000002, STR, "\\EFI\\Microsoft\\Boot\\bootmgfw.efi"},
    {LOADER, 0x12000002, STR, "\\Windows\\system32\\winload.efi"},
    {RESUME, 0x12000002, STR, "\\Windows\\system32\\winresume.efi"},
    {MEMDIAG, 0x11000001, DEV_ESP},
    {MEMDIAG, 0x12000002, STR, "\\EFI\\Microsoft\\Boot\\memtest.efi"},
};

static const struct {
	const char *guid;
	uint32_t type;
} objects[] = {
    {BOOTMGR, WR_BCD_TYPE_BOOTMGR},
    {LOADER, WR_BCD_TYPE_OSLOADER},
    {RESUME, WR_BCD_TYPE_RESUME},
    {MEMDIAG, WR_BCD_TYPE_MEMDIAG},
    {WR_BCD_GUID_GLOBALSETTINGS, 0x20100000},
    {WR_BCD_GUID_DBGSETTINGS, 0x20100000},
    {WR_BCD_GUID_EMSSETTINGS, 0x20100000},
    {WR_BCD_GUID_BADMEMORY, 0x20100000},
    {WR_BCD_GUID_BOOTLOADERSETTINGS, 0x20200003},
    {WR_BCD_GUID_HYPERVISORSETTINGS, 0x20200003},
    {WR_BCD_GUID_RESUMELOADERSETTINGS, 0x20200004},
};

static void device_bytes(enum kind kind, enum wr_demo_layout layout,
                         uint8_t dev[WR_BCD_DEVICE_SIZE])
{
	uint8_t disk[16], part[16];

	if (kind == DEV_BOOT) {
		wr_bcd_device_boot(dev);
	} else if (layout == WR_DEMO_BIOS) {
		wr_bcd_device_mbr(dev, WR_DEMO_MBR_SIGNATURE, WR_DEMO_MBR_WINDOWS_OFFSET);
	} else {
		wr_guid_parse(WR_DEMO_GPT_DISK, disk);
		wr_guid_parse(kind == DEV_ESP ? WR_DEMO_GPT_ESP : WR_DEMO_GPT_WINDOWS, part);
		wr_bcd_device_gpt(dev, disk, part);
	}
}

static int put(struct wr_hive *hive, const struct element *e, enum wr_demo_layout layout,
               struct wr_error *err)
{
	uint8_t dev[WR_BCD_DEVICE_SIZE], list[8];
	size_t n = 0;

	switch (e->kind) {
	case STR:
		return wr_bcd_put_string(hive, e->obj, e->id, e->s, err);
	case LIST:
		while (n < 3 && e->l[n])
			n++;
		return wr_bcd_put_object_list(hive, e->obj, e->id, e->l, n, err);
	case INT:
		return wr_bcd_put_integer(hive, e->obj, e->id, e->n, err);
	case INTLIST:
		wr_put_le(list, e->n, 8);
		return wr_bcd_put_element(hive, e->obj, e->id, WR_REG_BINARY, list, 8, err);
	case BOOL:
		return wr_bcd_put_boolean(hive, e->obj, e->id, e->n != 0, err);
	default:
		device_bytes(e->kind, layout, dev);
		return wr_bcd_put_element(hive, e->obj, e->id, WR_REG_BINARY, dev, sizeof(dev),
		                          err);
	}
}

static int put_all(struct wr_hive *hive, const struct element *els, size_t n,
                   enum wr_demo_layout layout, struct wr_error *err)
{
	for (size_t i = 0; i < n; i++)
		if (put(hive, &els[i], layout, err) < 0)
			return -1;
	return 0;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int wr_demo_bcd_fill(struct wr_hive *hive, enum wr_demo_layout layout, struct wr_error *err)
{
	for (size_t i = 0; i < COUNT(objects); i++)
		if (wr_bcd_put_object(hive, objects[i].guid, objects[i].type, err) < 0)
			return -1;
	if (layout == WR_DEMO_UEFI &&
	    wr_bcd_put_object(hive, WR_BCD_GUID_FWBOOTMGR, WR_BCD_TYPE_FWBOOTMGR, err) < 0)
		return -1;
	if (put_all(hive, common, COUNT(common), layout, err) < 0)
		return -1;
	if (layout == WR_DEMO_BIOS)
		return put_all(hive, bios, COUNT(bios), layout, err);
	return put_all(hive, uefi, COUNT(uefi), layout, err);
}

int wr_demo_bcd_create(const char *path, enum wr_demo_layout layout, struct wr_error *err)
{
	struct wr_hive *hive = wr_bcd_store_begin(path, err);

	if (!hive)
		return -1;
	return wr_bcd_store_end(hive, path, wr_demo_bcd_fill(hive, layout, err) == 0, err);
}
