/* SPDX-License-Identifier: GPL-3.0-or-later */
/* template.c - the objects and elements bcdboot writes into a new store, as Windows 10/11 write
 * them. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/le.h"
#include "base/utf16.h"
#include "bcd.h"

/* Element ids, as bcdedit names them. */
#define ID_DEVICE                  0x11000001u
#define ID_PATH                    0x12000002u
#define ID_DESCRIPTION             0x12000004u
#define ID_LOCALE                  0x12000005u
#define ID_BADMEMORYACCESS         0x1600000bu
#define ID_BOOTEMS                 0x16000020u
#define ID_ISOLATEDCONTEXT         0x16000060u
#define ID_ALLOWEDINMEMORYSETTINGS 0x17000077u
#define ID_DEBUGTYPE               0x15000011u
#define ID_OSDEVICE                0x21000001u /* a resume object's filedevice too */
#define ID_SYSTEMROOT              0x22000002u /* a resume object's filepath too */
#define ID_RESUMEOBJECT            0x23000003u /* a loader's; {bootmgr}'s default too */
#define ID_BOOTMGR_RESUMEOBJECT    0x23000006u
#define ID_TOOLSDISPLAYORDER       0x24000010u
#define ID_TIMEOUT                 0x25000004u
#define ID_RESUME_BOOTMENUPOLICY   0x25000008u
#define ID_NX                      0x25000020u
#define ID_BOOTMENUPOLICY          0x250000c2u
#define ID_HYPERVISORDEBUGTYPE     0x250000f3u
#define ID_HYPERVISORDEBUGPORT     0x250000f4u
#define ID_HYPERVISORBAUDRATE      0x250000f5u
#define ID_DEBUGOPTIONENABLED      0x26000006u

#define TYPE_LIBRARY_SETTINGS 0x20100000u
#define TYPE_LOADER_SETTINGS  0x20200003u
#define TYPE_RESUME_SETTINGS  0x20200004u

/* What every real Windows 10/11 store has in allowedinmemorysettings. */
#define ALLOWED_IN_MEMORY 0x15000075u

struct put {
	const struct wr_bcd_template *t;
	const struct wr_bcd_template_sink *sink;
	struct wr_error *err;
};

static int object(struct put *p, const char *guid, uint32_t type)
{
	return p->sink->object(p->sink->opaque, guid, type, p->err);
}

static int raw(struct put *p, const char *guid, uint32_t id, uint32_t reg_type, const void *data,
               size_t len)
{
	return p->sink->element(p->sink->opaque, guid, id, reg_type, data, len, p->err);
}

static int oom(struct put *p)
{
	wr_error_set(p->err, ENOMEM, _("out of memory"));
	return -1;
}

/* UTF-16LE with its NUL; `extra_nul`: one more, as bcdboot writes the UEFI
 * boot manager's path. */
static int string(struct put *p, const char *guid, uint32_t id, const char *s, bool extra_nul)
{
	size_t len;
	uint8_t *data = wr_utf16le_encode(s, &len), *grown;
	int r;

	grown = data && extra_nul ? realloc(data, len + 2) : data;
	if (!grown) {
		free(data);
		return oom(p);
	}
	if (extra_nul)
		memset(grown + len, 0, 2);
	r = raw(p, guid, id, WR_REG_SZ, grown, len + (extra_nul ? 2 : 0));
	free(grown);
	return r;
}

/* An object list: each GUID and its NUL, then the list's own NUL. */
static int guid_list(struct put *p, const char *guid, uint32_t id, const char *const *guids,
                     size_t n)
{
	size_t each = 2 * (WR_GUID_STRLEN + 1), len = each * n + 2;
	uint8_t *data = calloc(1, len);
	int r;

	if (!data)
		return oom(p);
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < WR_GUID_STRLEN && guids[i][c]; c++)
			data[i * each + 2 * c] = (uint8_t)guids[i][c];
	r = raw(p, guid, id, WR_REG_MULTI_SZ, data, len);
	free(data);
	return r;
}

static int guid_one(struct put *p, const char *guid, uint32_t id, const char *member)
{
	return guid_list(p, guid, id, &member, 1);
}

static int integer(struct put *p, const char *guid, uint32_t id, uint64_t v)
{
	uint8_t le[8];

	wr_put_le(le, v, sizeof(le));
	return raw(p, guid, id, WR_REG_BINARY, le, sizeof(le));
}

static int boolean(struct put *p, const char *guid, uint32_t id, bool v)
{
	uint8_t b = v;

	return raw(p, guid, id, WR_REG_BINARY, &b, 1);
}

static int device(struct put *p, const char *guid, uint32_t id, const uint8_t *dev)
{
	return raw(p, guid, id, WR_REG_BINARY, dev, WR_BCD_DEVICE_SIZE);
}

static bool uefi(const struct put *p)
{
	return p->t->firmware == WR_FIRMWARE_UEFI;
}

/* The settings objects every store inherits from, with what Windows sets
 * in them (the debugger's and the hypervisor debugger's defaults). */
static int settings(struct put *p)
{
	static const char *const global[] = {WR_BCD_GUID_DBGSETTINGS, WR_BCD_GUID_EMSSETTINGS,
	                                     WR_BCD_GUID_BADMEMORY};
	static const char *const loader[] = {WR_BCD_GUID_GLOBALSETTINGS,
	                                     WR_BCD_GUID_HYPERVISORSETTINGS};
	const char *hv = WR_BCD_GUID_HYPERVISORSETTINGS;

	if (object(p, WR_BCD_GUID_EMSSETTINGS, TYPE_LIBRARY_SETTINGS) < 0 ||
	    boolean(p, WR_BCD_GUID_EMSSETTINGS, ID_BOOTEMS, false) < 0 ||
	    object(p, WR_BCD_GUID_DBGSETTINGS, TYPE_LIBRARY_SETTINGS) < 0 ||
	    integer(p, WR_BCD_GUID_DBGSETTINGS, ID_DEBUGTYPE, 4) < 0 /* Local */ ||
	    object(p, WR_BCD_GUID_BADMEMORY, TYPE_LIBRARY_SETTINGS) < 0 ||
	    object(p, WR_BCD_GUID_GLOBALSETTINGS, TYPE_LIBRARY_SETTINGS) < 0 ||
	    guid_list(p, WR_BCD_GUID_GLOBALSETTINGS, WR_BCD_EL_INHERIT, global, 3) < 0 ||
	    object(p, hv, TYPE_LOADER_SETTINGS) < 0 ||
	    integer(p, hv, ID_HYPERVISORDEBUGTYPE, 0) < 0 /* Serial */ ||
	    integer(p, hv, ID_HYPERVISORDEBUGPORT, 1) < 0 ||
	    integer(p, hv, ID_HYPERVISORBAUDRATE, 115200) < 0 ||
	    object(p, WR_BCD_GUID_BOOTLOADERSETTINGS, TYPE_LOADER_SETTINGS) < 0 ||
	    guid_list(p, WR_BCD_GUID_BOOTLOADERSETTINGS, WR_BCD_EL_INHERIT, loader, 2) < 0 ||
	    object(p, WR_BCD_GUID_RESUMELOADERSETTINGS, TYPE_RESUME_SETTINGS) < 0)
		return -1;
	return guid_one(p, WR_BCD_GUID_RESUMELOADERSETTINGS, WR_BCD_EL_INHERIT,
	                WR_BCD_GUID_GLOBALSETTINGS);
}

static int memdiag(struct put *p)
{
	const char *m = WR_BCD_GUID_MEMDIAG;
	const char *path = uefi(p) ? "\\EFI\\Microsoft\\Boot\\memtest.efi" : "\\boot\\memtest.exe";

	if (object(p, m, WR_BCD_TYPE_MEMDIAG) < 0 ||
	    device(p, m, ID_DEVICE, p->t->system_device) < 0 ||
	    string(p, m, ID_PATH, path, false) < 0 ||
	    string(p, m, ID_DESCRIPTION, "Windows Memory Diagnostic", false) < 0 ||
	    string(p, m, ID_LOCALE, p->t->locale, false) < 0 ||
	    guid_one(p, m, WR_BCD_EL_INHERIT, WR_BCD_GUID_GLOBALSETTINGS) < 0)
		return -1;
	return boolean(p, m, ID_BADMEMORYACCESS, true);
}

/* The object a hibernated Windows resumes from: its hiberfil.sys. */
static int resume(struct put *p, const struct wr_bcd_template_windows *w)
{
	const char *r = w->resume;
	const char *path = uefi(p) ? "\\system32\\winresume.efi" : "\\system32\\winresume.exe";
	char full[256];

	snprintf(full, sizeof(full), "%s%s", w->systemroot, path);
	if (object(p, r, WR_BCD_TYPE_RESUME) < 0 || device(p, r, ID_DEVICE, w->device) < 0 ||
	    string(p, r, ID_PATH, full, false) < 0 ||
	    string(p, r, ID_DESCRIPTION, "Windows Resume Application", false) < 0 ||
	    string(p, r, ID_LOCALE, p->t->locale, false) < 0 ||
	    guid_one(p, r, WR_BCD_EL_INHERIT, WR_BCD_GUID_RESUMELOADERSETTINGS) < 0 ||
	    (uefi(p) && boolean(p, r, ID_ISOLATEDCONTEXT, true) < 0) ||
	    integer(p, r, ID_ALLOWEDINMEMORYSETTINGS, ALLOWED_IN_MEMORY) < 0 ||
	    (uefi(p) && device(p, r, ID_OSDEVICE, w->device) < 0) ||
	    string(p, r, ID_SYSTEMROOT, "\\hiberfil.sys", false) < 0 ||
	    integer(p, r, ID_RESUME_BOOTMENUPOLICY, 1) < 0 /* Standard */)
		return -1;
	return uefi(p) ? boolean(p, r, ID_DEBUGOPTIONENABLED, false) : 0;
}

static int loader(struct put *p, const struct wr_bcd_template_windows *w)
{
	const char *l = w->loader;
	const char *path = uefi(p) ? "\\system32\\winload.efi" : "\\system32\\winload.exe";
	char full[256];

	snprintf(full, sizeof(full), "%s%s", w->systemroot, path);
	if (object(p, l, WR_BCD_TYPE_OSLOADER) < 0 || device(p, l, ID_DEVICE, w->device) < 0 ||
	    string(p, l, ID_PATH, full, false) < 0 ||
	    string(p, l, ID_DESCRIPTION, w->description, false) < 0 ||
	    string(p, l, ID_LOCALE, p->t->locale, false) < 0 ||
	    guid_one(p, l, WR_BCD_EL_INHERIT, WR_BCD_GUID_BOOTLOADERSETTINGS) < 0 ||
	    (uefi(p) && boolean(p, l, ID_ISOLATEDCONTEXT, true) < 0) ||
	    integer(p, l, ID_ALLOWEDINMEMORYSETTINGS, ALLOWED_IN_MEMORY) < 0 ||
	    device(p, l, ID_OSDEVICE, w->device) < 0 ||
	    string(p, l, ID_SYSTEMROOT, w->systemroot, false) < 0 ||
	    string(p, l, ID_RESUMEOBJECT, w->resume, false) < 0 ||
	    integer(p, l, ID_NX, 0) < 0 /* OptIn */)
		return -1;
	return integer(p, l, ID_BOOTMENUPOLICY, 1); /* Standard */
}

int wr_bcd_template_windows(const struct wr_bcd_template *t,
                            const struct wr_bcd_template_windows *w,
                            const struct wr_bcd_template_sink *sink, struct wr_error *err)
{
	struct put p = {t, sink, err};

	if (strlen(w->systemroot) > 200) {
		wr_error_set(err, ENAMETOOLONG, _("%s: the Windows folder's path is too long"),
		             w->systemroot);
		return -1;
	}
	return resume(&p, w) < 0 ? -1 : loader(&p, w);
}

/* The menu: this store's Windows first, then the entries it keeps. */
static int displayorder(struct put *p)
{
	size_t n = p->t->n_windows + p->t->n_others;
	const char **order = calloc(n + 1, sizeof(*order));
	int r;

	if (!order)
		return oom(p);
	for (size_t i = 0; i < p->t->n_windows; i++)
		order[i] = p->t->windows[i].loader;
	for (size_t i = 0; i < p->t->n_others; i++)
		order[p->t->n_windows + i] = p->t->others[i];
	r = guid_list(p, WR_BCD_GUID_BOOTMGR, WR_BCD_EL_BOOTMGR_DISPLAYORDER, order, n);
	free(order);
	return r;
}

int wr_bcd_template_bootmgr(const struct wr_bcd_template *t,
                            const struct wr_bcd_template_sink *sink, struct wr_error *err)
{
	struct put p = {t, sink, err};
	const char *b = WR_BCD_GUID_BOOTMGR;
	const struct wr_bcd_template_windows *def = t->n_windows ? &t->windows[0] : NULL;
	uint8_t boot[WR_BCD_DEVICE_SIZE];

	wr_bcd_device_boot(boot);
	if (object(&p, b, WR_BCD_TYPE_BOOTMGR) < 0 ||
	    device(&p, b, ID_DEVICE, uefi(&p) ? t->system_device : boot) < 0 ||
	    (uefi(&p) && string(&p, b, ID_PATH, WR_BCD_UEFI_BOOTMGR_PATH, true) < 0) ||
	    string(&p, b, ID_DESCRIPTION, "Windows Boot Manager", false) < 0 ||
	    string(&p, b, ID_LOCALE, t->locale, false) < 0 ||
	    guid_one(&p, b, WR_BCD_EL_INHERIT, WR_BCD_GUID_GLOBALSETTINGS) < 0 ||
	    (def && string(&p, b, WR_BCD_EL_BOOTMGR_DEFAULT, def->loader, false) < 0) ||
	    (def && string(&p, b, ID_BOOTMGR_RESUMEOBJECT, def->resume, false) < 0) ||
	    displayorder(&p) < 0 || guid_one(&p, b, ID_TOOLSDISPLAYORDER, WR_BCD_GUID_MEMDIAG) < 0)
		return -1;
	return integer(&p, b, ID_TIMEOUT, 30);
}

int wr_bcd_template_store(const struct wr_bcd_template *t, const struct wr_bcd_template_sink *sink,
                          struct wr_error *err)
{
	struct put p = {t, sink, err};

	if (settings(&p) < 0 || memdiag(&p) < 0)
		return -1;
	for (size_t i = 0; i < t->n_windows; i++)
		if (wr_bcd_template_windows(t, &t->windows[i], sink, err) < 0)
			return -1;
	return wr_bcd_template_bootmgr(t, sink, err);
}
