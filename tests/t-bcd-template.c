/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-bcd-template.c - the store winrescue builds as bcdboot does, object by object against real
 * Windows 10/11 stores: given the same devices, GUIDs, locale and description, every object has
 * the element ids Windows wrote, with the same registry type and bytes; what a real store has
 * beyond that is named here, with why. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bcd/bcd.h"
#include "hive/hive.h"
#include "tap.h"

/* A new store file as the sink. */
static int put_object(void *opaque, const char *guid, uint32_t type, struct wr_error *err)
{
	return wr_bcd_put_object(opaque, guid, type, err);
}

static int put_element(void *opaque, const char *guid, uint32_t id, uint32_t reg_type,
                       const void *data, size_t len, struct wr_error *err)
{
	return wr_bcd_put_element(opaque, guid, id, reg_type, data, len, err);
}

/* What a real store holds beyond the template, per object: ids that come
 * from the machine, not from bcdboot. */
struct allowance {
	const char *guid;        /* NULL: any object */
	uint32_t ids[6];         /* in the real store only */
	uint32_t other_bytes[4]; /* in both, with other bytes */
};

static bool listed(const uint32_t *ids, size_t n, uint32_t id)
{
	for (size_t i = 0; i < n && ids[i]; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static bool allowed(const struct allowance *al, const char *guid, uint32_t id, bool bytes)
{
	for (; al && al->guid; al++)
		if (strcmp(al->guid, guid) == 0 &&
		    listed(bytes ? al->other_bytes : al->ids, bytes ? 4 : 6, id))
			return true;
	return false;
}

/* " 12000005(bytes)" for each difference not allowed, into out. */
static void compare(const struct wr_bcd_object *real, const struct wr_bcd_object *made,
                    const struct allowance *al, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < real->n_elements && used < len; i++) {
		const struct wr_bcd_element *x = &real->elements[i];
		const struct wr_bcd_element *y = wr_bcd_object_element(made, x->id);
		bool same = y && y->reg_type == x->reg_type && y->len == x->len &&
		            memcmp(y->data, x->data, x->len) == 0;

		if (!y && !allowed(al, real->guid, x->id, false))
			used += (size_t)snprintf(out + used, len - used, " %08x(missing)", x->id);
		else if (y && !same && !allowed(al, real->guid, x->id, true))
			used += (size_t)snprintf(out + used, len - used, " %08x(bytes)", x->id);
	}
	for (size_t i = 0; i < made->n_elements && used < len; i++)
		if (!wr_bcd_object_element(real, made->elements[i].id))
			used += (size_t)snprintf(out + used, len - used, " %08x(extra)",
			                         made->elements[i].id);
}

/* The element's bytes, for a device to copy from the real store. */
static bool copy_device(const struct wr_bcd *bcd, const char *guid, uint8_t *out)
{
	const struct wr_bcd_object *o = wr_bcd_get(bcd, guid);
	const struct wr_bcd_element *el = o ? wr_bcd_object_element(o, 0x11000001) : NULL;

	if (!el || el->len != WR_BCD_DEVICE_SIZE)
		return false;
	memcpy(out, el->data, el->len);
	return true;
}

static const char *label(const struct wr_bcd_object *o)
{
	const char *alias = wr_bcd_alias_for_guid(o->guid);

	if (alias)
		return alias;
	return o->type == WR_BCD_TYPE_OSLOADER ? "the Windows loader" : "its resume object";
}

struct real_store {
	const char *name, *file;
	enum wr_firmware firmware;
	const char *locale, *description, *systemroot;
	const char *loader, *resume; /* their GUIDs in the real store */
	const struct allowance *allow;
};

static void test_store(const struct real_store *rs)
{
	const char *fixture = tap_fixture(rs->file), *made_path = tap_path(rs->name);
	struct wr_bcd_template_windows w = {.description = rs->description,
	                                    .systemroot = rs->systemroot};
	struct wr_bcd_template t = {
	    .firmware = rs->firmware, .locale = rs->locale, .windows = &w, .n_windows = 1};
	struct wr_error err = {0};
	struct wr_bcd *real, *made = NULL;
	struct wr_hive *h;
	char diff[300];
	size_t both = 0;

	if (!fixture) {
		ok(1, "# SKIP %s not available", rs->file);
		return;
	}
	real = wr_bcd_open(fixture, &err);
	snprintf(w.loader, sizeof(w.loader), "%s", rs->loader);
	snprintf(w.resume, sizeof(w.resume), "%s", rs->resume);
	if (!real || !copy_device(real, WR_BCD_GUID_MEMDIAG, t.system_device) ||
	    !copy_device(real, rs->resume, w.device)) {
		ok(0, "%s: the real store's devices read: %s", rs->name, err.msg);
		wr_bcd_free(real);
		return;
	}
	h = wr_bcd_store_begin(made_path, &err);
	struct wr_bcd_template_sink sink = {put_object, put_element, h};
	ok(h && wr_bcd_store_end(h, made_path, wr_bcd_template_store(&t, &sink, &err) == 0, &err) ==
	            0,
	   "%s: the template store is written: %s", rs->name, err.msg);
	made = wr_bcd_open(made_path, &err);
	ok(made && wr_bcd_count(made) == 11, "%s: it has eleven objects (got %zu)", rs->name,
	   made ? wr_bcd_count(made) : 0);
	for (size_t i = 0; made && i < wr_bcd_count(made); i++) {
		const struct wr_bcd_object *m = wr_bcd_object(made, i);
		const struct wr_bcd_object *r = wr_bcd_get(real, m->guid);

		if (!r) {
			ok(0, "%s: %s is in the real store too", rs->name, m->guid);
			continue;
		}
		both++;
		compare(r, m, rs->allow, diff, sizeof(diff));
		ok(!diff[0] && r->type == m->type, "%s: %s %s as Windows wrote it:%s", rs->name,
		   label(m), m->guid,
		   diff[0] ? diff : " same ids, same bytes (the machine's aside)");
	}
	ok(both == 11, "%s: every object is one the real store has (%zu)", rs->name, both);
	wr_bcd_free(made);
	wr_bcd_free(real);
}

/* Windows 10 on UEFI (regipy): its loader and resume object name a WinRE
 * entry (recoverysequence, recoveryenabled, and the loader's 15000066),
 * which a new store gets only when reagentc registers WinRE again. */
#define REGIPY_LOADER "{733b62e5-f608-11eb-825c-c112f60133ab}"
#define REGIPY_RESUME "{733b62e4-f608-11eb-825c-c112f60133ab}"
static const struct allowance regipy[] = {
    {REGIPY_LOADER, {0x14000008, 0x15000066, 0x16000009}, {0}},
    {REGIPY_RESUME, {0x14000008, 0x16000009}, {0}},
    {NULL, {0}, {0}},
};

/* Windows 11 (NUC8, zh-CN): the same WinRE elements, and what firmware
 * and Windows 11 set later ({bootmgr} 1600007e, 26000005, 26000025; the
 * loader's 1600007e; the resume object's 21000026), not bcdboot.  Its
 * memory tester's description is translated. */
#define NUC8_LOADER "{f22ea33f-7a75-11ec-8c50-afef9983f4f2}"
#define NUC8_RESUME "{f22ea33e-7a75-11ec-8c50-afef9983f4f2}"
static const struct allowance nuc8[] = {
    {WR_BCD_GUID_BOOTMGR, {0x1600007e, 0x26000005, 0x26000025}, {0}},
    {NUC8_LOADER, {0x14000008, 0x15000066, 0x16000009, 0x1600007e}, {0}},
    {NUC8_RESUME, {0x14000008, 0x16000009, 0x21000026}, {0}},
    {WR_BCD_GUID_MEMDIAG, {0}, {0x12000004}},
    {NULL, {0}, {0}},
};

/* Windows 10 on BIOS (windeploy-linux, cs-cz), on one partition: its
 * loader names that partition `boot` (device and osdevice), the resume
 * object by its offset, as the template names both; the resume object and
 * the memory tester kept en-us where the rest is cs-cz. */
#define WINDEPLOY_LOADER "{1b67bffd-e290-11eb-8ffa-f459a0d9b879}"
#define WINDEPLOY_RESUME "{1b67bffc-e290-11eb-8ffa-f459a0d9b879}"
static const struct allowance windeploy[] = {
    {WINDEPLOY_LOADER, {0}, {0x11000001, 0x21000001}},
    {WINDEPLOY_RESUME, {0}, {0x12000005}},
    {WR_BCD_GUID_MEMDIAG, {0}, {0x12000005}},
    {NULL, {0}, {0}},
};

int main(void)
{
	static const struct real_store stores[] = {
	    {"win10-uefi", "bcd-win10-uefi-regipy.hive", WR_FIRMWARE_UEFI, "en-US", "Windows 10",
	     "\\Windows", REGIPY_LOADER, REGIPY_RESUME, regipy},
	    {"win11-uefi", "bcd-win11-uefi-nuc8-opencore.hive", WR_FIRMWARE_UEFI, "zh-CN",
	     "Windows 11", "\\Windows", NUC8_LOADER, NUC8_RESUME, nuc8},
	    {"win10-bios", "bcd-win10-bios-windeploy-linux.hive", WR_FIRMWARE_BIOS, "cs-cz",
	     "Windows 10", "\\windows", WINDEPLOY_LOADER, WINDEPLOY_RESUME, windeploy},
	};

	for (size_t i = 0; i < sizeof(stores) / sizeof(stores[0]); i++)
		test_store(&stores[i]);
	return tap_done();
}
