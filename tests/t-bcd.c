/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-bcd.c - the BCD model: objects, aliases, element decoding, devices, inheritance. */
#include "config.h"

#include <errno.h>
#include <sys/stat.h>

#include "base/le.h"
#include "bcd/bcd.h"
#include "regf/regf.h"
#include "stores.h"
#include "tap.h"

static struct wr_bcd *load_kind(const char *kind)
{
	static int serial;
	struct wr_error err;
	char name[64];
	const char *path;
	struct wr_bcd *bcd;

	snprintf(name, sizeof(name), "%s-%d", kind, serial++);
	path = tap_path(name);

	if (store_create(kind, path, &err) < 0) {
		printf("Bail out! %s\n", err.msg);
		exit(99);
	}
	bcd = wr_bcd_open(path, &err);
	ok(bcd != NULL, "test store %s loads", kind);
	return bcd;
}

static struct wr_bcd *load_fixture(const char *name)
{
	const char *path = tap_fixture(name);
	struct wr_error err;

	return path ? wr_bcd_open(path, &err) : NULL;
}

/* The display text of element `id` of object `id_or_alias`. */
static char *shown(const struct wr_bcd *bcd, const char *object, uint32_t id)
{
	struct wr_bcd_display d = {.bcd = bcd};
	const struct wr_bcd_object *obj = wr_bcd_find(bcd, object, NULL);
	const struct wr_bcd_element *el = obj ? wr_bcd_object_element(obj, id) : NULL;
	struct wr_buf out = WR_BUF_INIT;
	struct wr_bcd_value v;

	if (!el)
		return strdup("(missing)");
	wr_bcd_value_decode(el, &v);
	wr_bcd_value_format(&d, obj, el, &v, &out);
	wr_bcd_value_clear(&v);
	return wr_buf_steal(&out);
}

#define is_shown(bcd, obj, id, want, ...)                                                          \
	do {                                                                                       \
		char *s_ = shown(bcd, obj, id);                                                    \
		is_str(s_, want, __VA_ARGS__);                                                     \
		free(s_);                                                                          \
	} while (0)

static void test_objects_and_aliases(void)
{
	struct wr_bcd *bcd = load_kind("bios");
	struct wr_error err;
	const struct wr_bcd_object *o;

	is_int(wr_bcd_count(bcd), 11, "demo BIOS store has 11 objects");
	is_str(wr_bcd_default_guid(bcd), WR_DEMO_LOADER,
	       "{default} is {bootmgr}'s default element");
	o = wr_bcd_find(bcd, "{default}", &err);
	ok(o && strcmp(o->guid, WR_DEMO_LOADER) == 0, "{default} finds the loader");
	ok(wr_bcd_find(bcd, "DEFAULT", &err) == o, "aliases ignore case and braces");
	ok(wr_bcd_find(bcd, "3F0B9A52-7C1D-11EE-B962-0242AC120002", &err) == o,
	   "a GUID in upper case without braces");
	o = wr_bcd_find(bcd, "{bootmgr}", &err);
	ok(o && o->type == 0x10100002, "{bootmgr} has type 10100002");
	ok(wr_bcd_find(bcd, "{current}", &err) == NULL && strstr(err.msg, "running Windows"),
	   "{current} is refused offline: %s", err.msg);
	ok(wr_bcd_find(bcd, "{fwbootmgr}", &err) == NULL && err.code == ENOENT,
	   "a BIOS store has no {fwbootmgr}: %s", err.msg);
	ok(wr_bcd_find(bcd, "{nonsense}", &err) == NULL && err.code == EINVAL,
	   "an identifier that is neither: %s", err.msg);
	wr_bcd_free(bcd);
}

static void title_is(const struct wr_bcd *bcd, const char *id, const char *want)
{
	struct wr_buf t = WR_BUF_INIT;
	const struct wr_bcd_object *o = wr_bcd_find(bcd, id, NULL);

	if (o)
		wr_bcd_object_title(o, false, &t);
	is_str(t.data, want, "%s is titled \"%s\"", id, want);
	wr_buf_free(&t);
}

static void test_demo_values(void)
{
	struct wr_bcd *bios = load_kind("bios"), *uefi = load_kind("uefi");

	is_shown(bios, "{bootmgr}", 0x25000004, "30", "integer: timeout 30");
	is_shown(bios, "{bootmgr}", 0x11000001, "boot", "device: boot");
	is_shown(bios, "{bootmgr}", 0x24000001, "{default}", "object list shows {default}");
	is_shown(bios, "{bootmgr}", 0x24000010, "{memdiag}", "object list shows aliases");
	is_shown(bios, "{default}", 0x16000009, "No", "boolean: recoveryenabled No");
	is_shown(bios, "{default}", 0x12000004, "Windows Server 2022", "string: description");
	is_shown(bios, "{default}", 0x25000020, "OptOut", "named integer: nx OptOut");
	is_shown(bios, "{default}", 0x250000e0, "IgnoreAllFailures", "bootstatuspolicy");
	is_shown(bios, "{default}", 0x17000077, "0x15000075", "integer list in hex");
	is_shown(bios, "{default}", 0x21000001, "partition=offset 34603008 (MBR disk 5a1e7b2c)",
	         "MBR partition by disk signature and byte offset");
	is_shown(uefi, "{default}", 0x21000001,
	         "partition=" WR_DEMO_GPT_WINDOWS " (GPT disk " WR_DEMO_GPT_DISK ")",
	         "GPT partition by disk and partition GUID");
	is_shown(uefi, "{fwbootmgr}", 0x24000001, "{bootmgr}", "firmware boot order");
	title_is(bios, "{bootmgr}", "Windows Boot Manager");
	title_is(bios, "{default}", "Windows Boot Loader");
	title_is(bios, WR_DEMO_RESUME, "Resume from Hibernate");
	title_is(bios, "{memdiag}", "Windows Memory Tester");
	title_is(bios, "{emssettings}", "EMS Settings");
	title_is(bios, "{bootloadersettings}", "Boot Loader Settings");
	title_is(uefi, "{fwbootmgr}", "Firmware Boot Manager");
	is_shown(bios, "{default}", 0x25000080, "(missing)", "the demo loader has no safeboot");
	wr_bcd_free(bios);
	wr_bcd_free(uefi);
}

static void test_safeboot_stores(void)
{
	struct wr_bcd *min = load_kind("safeboot-minimal"), *net = load_kind("safeboot-network");
	struct wr_bcd_value v;

	is_shown(min, "{default}", 0x25000080, "Minimal", "safeboot 0 is Minimal");
	is_shown(net, "{default}", 0x25000080, "Network", "safeboot 1 is Network");
	wr_bcd_value_decode(wr_bcd_object_element(wr_bcd_find(net, "{default}", NULL), 0x25000080),
	                    &v);
	ok(v.valid && v.integer == 1 && v.int_width == 8,
	   "written as Windows does: 8-byte integer");
	wr_bcd_value_clear(&v);
	is_shown(net, "{default}", 0x11000001,
	         "partition=" WR_DEMO_GPT_WINDOWS " (GPT disk " WR_DEMO_GPT_DISK ")",
	         "the UEFI variant keeps its GPT devices");
	wr_bcd_free(min);
	wr_bcd_free(net);
}

static const struct wr_bcd_element *find_element(const struct wr_bcd *bcd, uint32_t id,
                                                 const struct wr_bcd_object **in)
{
	for (size_t i = 0; i < wr_bcd_count(bcd); i++) {
		const struct wr_bcd_element *el = wr_bcd_object_element(wr_bcd_object(bcd, i), id);

		if (el) {
			*in = wr_bcd_object(bcd, i);
			return el;
		}
	}
	return NULL;
}

static void test_real_quirks(void)
{
	struct wr_bcd *media = load_fixture("bcd-win8-installmedia-bios-wimboot-install.hive");
	struct wr_bcd *junk = load_fixture("bcd-win7-bios-garbage-after-nul-trolldbois.hive");
	struct wr_bcd *ptbr = load_fixture("bcd-win11-uefi-tripleboot-ptbr.hive");
	const struct wr_bcd_object *obj;
	const struct wr_bcd_element *el;
	struct wr_bcd_value v;

	if (!media || !junk || !ptbr) {
		ok(1, "# SKIP fixtures not available");
		goto out;
	}
	wr_bcd_value_decode(
	    wr_bcd_object_element(wr_bcd_find(media, "{bootmgr}", NULL), 0x25000004), &v);
	ok(v.valid && v.int_width == 1 && v.integer == 30, "1-byte integer: timeout 1e = 30");
	wr_bcd_value_clear(&v);
	el = find_element(media, 0x15000014, &obj);
	ok(el && el->len == 3, "install media stores baudrate in 3 bytes");
	if (el) {
		wr_bcd_value_decode(el, &v);
		is_int(v.integer, 115200, "3-byte integer 00 c2 01 = 115200");
		wr_bcd_value_clear(&v);
	}
	is_str(wr_bcd_root_name(media), "System", "media store root key is System");
	is_shown(junk, "{f46bf034-e7ff-11df-bfab-5c260a1a93a2}", 0x12000004, "Ramdisk Options",
	         "a string is cut at its first NUL (junk after it ignored)");
	is_shown(ptbr, "{default}", 0x12000004,
	         "Windows\xc2\xa0"
	         "11",
	         "UTF-16 no-break space decoded");
out:
	wr_bcd_free(media);
	wr_bcd_free(junk);
	wr_bcd_free(ptbr);
}

static void test_real_devices(void)
{
	struct wr_bcd *regipy = load_fixture("bcd-win10-uefi-regipy.hive");
	struct wr_bcd *tmpl = load_fixture("bcd-win10-uefi-template-windeploy-linux.hive");
	struct wr_bcd *ntl = load_fixture("bcd-bcdedit-generated-inherited-safeboot-ntloader.hive");
	const char *winre = "{733b62e6-f608-11eb-825c-c112f60133ab}";
	struct wr_bcd_value v;
	char *s;

	if (!regipy || !tmpl || !ntl) {
		ok(1, "# SKIP fixtures not available");
		goto out;
	}
	wr_bcd_value_decode(wr_bcd_object_element(wr_bcd_find(regipy, winre, NULL), 0x11000001),
	                    &v);
	ok(v.valid && v.device->kind == WR_BCD_DEVICE_RAMDISK, "WinRE device is a ramdisk");
	if (v.valid) {
		is_str(v.device->path, "\\Recovery\\WindowsRE\\Winre.wim", "... of Winre.wim");
		ok(v.device->parent && v.device->parent->kind == WR_BCD_DEVICE_PARTITION &&
		       v.device->parent->style == WR_BCD_STYLE_GPT,
		   "... on a GPT partition");
	}
	wr_bcd_value_clear(&v);
	is_shown(regipy, winre, 0x11000001,
	         "ramdisk=[{6cdfcd69-de75-4490-8f99-5a84bf264917} (GPT disk "
	         "{0b2394a9-095e-487d-8d48-719ecd4d78ca})]\\Recovery\\WindowsRE\\Winre.wim,"
	         "{733b62e7-f608-11eb-825c-c112f60133ab}",
	         "ramdisk shown as bcdedit does, with its options object");
	is_shown(tmpl, "{default}", 0x11000001, "locate=\\Windows\\system32\\winload.efi",
	         "46-byte locate device resolves the path element");
	is_shown(tmpl, "{default}", 0x21000001, "locate=\\Windows",
	         "locate osdevice resolves the systemroot element");
	s = shown(ntl, "{19260817-6666-8888-abcd-000000000001}", 0x11000001);
	ok(strncmp(s, "vhd=[offset 525336576 (MBR disk 43da9ab1)]\\0000", 46) == 0 &&
	       strstr(s, ".vhd,locate=\\WINLOAD0000"),
	   "700-byte VHD inside a locate device: %.60s...", s);
	free(s);
	s = shown(ntl, "{19260817-6666-8888-abcd-000000000000}", 0x11000001);
	ok(strncmp(s, "ramdisk=[offset 525336576 (MBR disk 43da9ab1)]\\0000", 50) == 0 &&
	       strstr(s, ".wim,{ramdiskoptions}"),
	   "650-byte ramdisk with {ramdiskoptions}");
	free(s);
out:
	wr_bcd_free(regipy);
	wr_bcd_free(tmpl);
	wr_bcd_free(ntl);
}

static void test_unknown_and_bad(void)
{
	struct wr_bcd *unk = load_kind("unknown-element"), *bad = load_kind("bad-elements");
	struct wr_bcd *pix = load_fixture("bcd-win10-uefi-bitpixie-modified.hive");
	struct wr_buf name = WR_BUF_INIT, problems = WR_BUF_INIT;

	wr_bcd_element_name(wr_bcd_find(unk, "{default}", NULL), 0x260000ee, &name);
	is_str(name.data, "custom:260000ee", "an unknown element is named by its id");
	is_shown(unk, "{default}", 0x260000ee, "Yes [01]", "... and shows its raw bytes");
	is_int(wr_bcd_check(bad, &problems), 5, "five bad elements found");
	diag("%s", problems.data ? problems.data : "");
	is_shown(bad, "{default}", 0x16000009, "invalid (boolean of 2 bytes (must be 1)): 01 00",
	         "a 2-byte boolean is shown raw, as invalid");
	is_shown(bad, "{default}", 0x25000020,
	         "invalid (integer of 9 bytes (must be 1 to 8)): 01 00 00 00 00 00 00 00 00",
	         "a 9-byte integer");
	is_shown(bad, "{default}", 0x12000004,
	         "invalid (stored as registry type 4, not REG_SZ): 01 00 00 00",
	         "a string stored as REG_DWORD");
	ok(strstr(problems.data, "device data is 88 bytes but its header says 96") != NULL,
	   "a device whose size field disagrees");
	if (pix) {
		title_is(pix, "{f7b79c82-5369-11f0-8888-dcf5055202e6}",
		         "Real-mode Startup Application");
		is_shown(pix, "{f7b79c82-5369-11f0-8888-dcf5055202e6}", 0x26000001, "Yes",
		         "type 10400009 element pxesoftreboot");
	}
	wr_buf_free(&name);
	wr_buf_free(&problems);
	wr_bcd_free(unk);
	wr_bcd_free(bad);
	wr_bcd_free(pix);
}

static void effective_is(const struct wr_bcd *bcd, const char *object, uint32_t id,
                         const char *source, const char *what)
{
	struct wr_bcd_inherited in;
	int r = wr_bcd_effective(bcd, wr_bcd_find(bcd, object, NULL), id, &in, NULL);

	if (!source) {
		is_int(r, 1, "%s: not set anywhere", what);
		return;
	}
	ok(r == 0 && strcmp(in.source->guid, source) == 0, "%s: comes from %s (got %s)", what,
	   source, r == 0 ? in.source->guid : "nothing");
}

static void test_inheritance(void)
{
	struct wr_bcd *bios = load_kind("bios"), *inh = load_kind("safeboot-inherited");
	struct wr_bcd *cyc = load_kind("inherit-cycle"), *dang = load_kind("inherit-dangling");
	struct wr_bcd *ntl = load_fixture("bcd-bcdedit-generated-inherited-safeboot-ntloader.hive");
	struct wr_buf problems = WR_BUF_INIT;
	struct wr_bcd_inherited *all;
	size_t n = 0;
	bool listed = false;

	effective_is(bios, "{default}", 0x25000080, NULL, "demo: safeboot");
	effective_is(bios, "{default}", 0x16000020, WR_BCD_GUID_EMSSETTINGS,
	             "demo: bootems through {bootloadersettings} -> {globalsettings}");
	effective_is(bios, "{default}", 0x250000f5, WR_BCD_GUID_HYPERVISORSETTINGS,
	             "demo: hypervisorbaudrate from the second inherited object");
	effective_is(inh, "{default}", 0x25000080, WR_BCD_GUID_BOOTLOADERSETTINGS,
	             "inherited safeboot");
	effective_is(inh, "{default}", 0x26000081, WR_BCD_GUID_BOOTLOADERSETTINGS,
	             "inherited safebootalternateshell");
	wr_bcd_effective_all(inh, wr_bcd_find(inh, "{default}", NULL), &all, &n, NULL);
	for (size_t i = 0; i < n; i++)
		listed |= all[i].element->id == 0x25000080;
	ok(listed && n > 10, "safeboot is among the %zu effective elements", n);
	free(all);
	if (ntl)
		effective_is(ntl, "{default}", 0x25000080, "{19260817-6666-8888-abcd-100000000000}",
		             "real store: safeboot from its settings object");

	effective_is(cyc, "{globalsettings}", 0x250000f5, WR_BCD_GUID_HYPERVISORSETTINGS,
	             "cycle: the walk goes round once into the other object's inherits");
	effective_is(cyc, "{globalsettings}", 0x25000080, NULL, "cycle: and then ends");
	wr_bcd_walk_inherit(cyc, wr_bcd_find(cyc, "{default}", NULL), NULL, NULL, &problems);
	is_str(problems.data,
	       "inherit cycle: " WR_BCD_GUID_BOOTLOADERSETTINGS " -> " WR_BCD_GUID_GLOBALSETTINGS
	       " -> " WR_BCD_GUID_BOOTLOADERSETTINGS "\n",
	       "the cycle is reported once, as the objects on it");
	wr_buf_free(&problems);

	effective_is(dang, "{default}", 0x16000020, WR_BCD_GUID_EMSSETTINGS,
	             "dangling: the rest of the list is still followed");
	wr_bcd_walk_inherit(dang, wr_bcd_find(dang, "{default}", NULL), NULL, NULL, &problems);
	ok(problems.data && strstr(problems.data, STORE_MISSING ", which is not in the store"),
	   "dangling reference reported: %s", problems.data ? problems.data : "(nothing)");
	wr_buf_free(&problems);
	wr_bcd_free(bios);
	wr_bcd_free(inh);
	wr_bcd_free(cyc);
	wr_bcd_free(dang);
	wr_bcd_free(ntl);
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = malloc(1 << 20);

	*len = f && buf ? fread(buf, 1, 1 << 20, f) : 0;
	if (f)
		fclose(f);
	return buf;
}

static void test_written_like_windows(void)
{
	struct wr_error err;
	size_t len;
	uint8_t *img;

	store_create("uefi", tap_path("lf-check"), &err);
	img = slurp(tap_path("lf-check"), &len);
	is_int(wr_regf_lh_to_lf(img, len, &err), 0,
	       "a store we built has no 'lh' subkey list left to convert");
	free(img);
}

static void test_hostile_text(void)
{
	struct wr_bcd *bcd = load_kind("hostile-text");
	struct wr_buf problems = WR_BUF_INIT;

	is_shown(bcd, "{default}", 0x12000004, "Evil\\x1b]2;pwned\\x07\\x1b[2J\\x0aforged",
	         "control characters in store text are shown escaped");
	wr_bcd_check(bcd, &problems);
	ok(strstr(wr_buf_str(&problems), "\"x\xc3\xa9\xc3\xa9") != NULL,
	   "a non-GUID reference is reported");
	wr_buf_free(&problems);
	wr_bcd_free(bcd);
}

/* A device blob: 16-byte options GUID, then `desc`. */
static char *device_text(const uint8_t *desc, size_t n)
{
	uint8_t blob[512] = {0};
	struct wr_buf out = WR_BUF_INIT;
	struct wr_error err;
	struct wr_bcd_device *dev;

	memcpy(blob + 16, desc, n);
	dev = wr_bcd_device_parse(blob, 16 + n, &err);
	if (!dev)
		return strdup(err.msg);
	wr_bcd_device_format(dev, NULL, NULL, &out);
	wr_bcd_device_free(dev);
	return wr_buf_steal(&out);
}

static size_t put_mbr_partition(uint8_t *p, uint32_t sig, uint64_t offset)
{
	memset(p, 0, 0x48);
	wr_put_le(p, 6, 4);
	wr_put_le(p + 8, 0x48, 4);
	wr_put_le(p + 16, offset, 8);
	wr_put_le(p + 16 + 20, 1, 4);
	wr_put_le(p + 16 + 24, sig, 4);
	return 0x48;
}

/* bcd-format.md 6.6: a partition inside a VHD, then a file path record
 * naming the physical partition and the VHD file. */
static void test_vhd_and_opaque_devices(void)
{
	static const char path[] = "\\v\\d.vhdx";
	uint8_t d[400] = {0};
	size_t n = 16 + 56, rec = n;
	char *s;

	wr_put_le(d, 6, 4);
	wr_put_le(d + 16 + 16, 6, 4); /* parent: virtual disk */
	wr_put_le(d + rec, 1, 4);     /* file path record, version 1 */
	wr_put_le(d + rec + 8, 5, 4); /* type 5 */
	n = rec + 12 + put_mbr_partition(d + rec + 12, 0x12345678, 0x100000);
	for (size_t i = 0; path[i]; i++, n += 2)
		d[n] = (uint8_t)path[i];
	n += 2;
	wr_put_le(d + rec + 4, n - rec, 4);
	wr_put_le(d + 8, n, 4);
	s = device_text(d, n);
	is_str(s, "vhd=[offset 1048576 (MBR disk 12345678)]\\v\\d.vhdx",
	       "a partition inside a VHD shows as the VHD file on its partition");
	free(s);
	wr_put_le(d + rec + 8, 4, 4); /* a record type we do not know */
	s = device_text(d, n);
	is_str(s, "unknown (device type 6)", "an unknown file path record stays opaque");
	free(s);
}

static void test_build_failures(void)
{
	const char *path = tap_path("exists");
	struct wr_error err;
	struct wr_hive *h;
	struct stat st;

	store_create("bios", path, &err);
	ok(wr_demo_bcd_create(path, WR_DEMO_UEFI, &err) < 0 && err.code == EEXIST,
	   "building over an existing store is refused: %s", err.msg);
	ok(stat(tap_path("exists.winrescue-new"), &st) < 0, "... and leaves no temporary file");
	h = wr_bcd_store_begin(tap_path("dropped"), &err);
	ok(h && wr_bcd_store_end(h, tap_path("dropped"), false, &err) < 0,
	   "a store given up is not kept");
	ok(stat(tap_path("dropped"), &st) < 0 && stat(tap_path("dropped.winrescue-new"), &st) < 0,
	   "... neither under its name nor the temporary one");
}

static void test_edit_api(void)
{
	const char *path = tap_path("edited");
	struct wr_error err;
	struct wr_hive *h = wr_bcd_store_begin(path, &err);
	const struct wr_bcd_element_info *info;
	struct wr_bcd *bcd;

	ok(h && wr_demo_bcd_fill(h, WR_DEMO_BIOS, &err) == 0, "fill a new store");
	is_int(wr_bcd_delete_element(h, WR_DEMO_LOADER, 0x250000e0, &err), 0, "delete an element");
	is_int(wr_bcd_delete_element(h, WR_DEMO_LOADER, 0x250000e0, &err), 1,
	       "deleting it again finds nothing");
	ok(wr_bcd_store_end(h, path, true, &err) == 0, "finish the store");
	bcd = wr_bcd_open(path, &err);
	ok(bcd && !wr_bcd_object_element(wr_bcd_find(bcd, "{default}", NULL), 0x250000e0) &&
	       wr_bcd_object_element(wr_bcd_find(bcd, "{default}", NULL), 0x25000020),
	   "the element is gone, the others stay");
	wr_bcd_free(bcd);
	info = wr_bcd_element_by_name(WR_BCD_TYPE_OSLOADER, "SafeBoot");
	ok(info && info->id == 0x25000080, "by name: safeboot in an OS loader");
	info = wr_bcd_element_by_name(WR_BCD_TYPE_BOOTMGR, "timeout");
	ok(info && info->id == 0x25000004, "by name: timeout in the boot manager");
	ok(!wr_bcd_element_by_name(WR_BCD_TYPE_OSLOADER, "timeout"),
	   "by name: an OS loader has no timeout");
	info = wr_bcd_element_by_name(0x20100000, "bootems");
	ok(info && info->id == 0x16000020, "by name: a library element in a settings object");
}

int main(void)
{
	test_objects_and_aliases();
	test_demo_values();
	test_safeboot_stores();
	test_real_quirks();
	test_real_devices();
	test_unknown_and_bad();
	test_inheritance();
	test_written_like_windows();
	test_hostile_text();
	test_vhd_and_opaque_devices();
	test_build_failures();
	test_edit_api();
	return tap_done();
}
