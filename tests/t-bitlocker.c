/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-bitlocker.c - BitLocker metadata made here, whole and hostile: what is read, what is refused,
 * what cryptsetup 2.6.1 would refuse, the listing, .BEK files. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/guid.h"
#include "base/le.h"
#include "bitlocker/bitlocker.h"
#include "tap.h"

#define VOLUME     (256 * 1024)
#define FILETIME_0 116444736000000000ull /* 1970-01-01 */
#define CREATED    1562223715            /* 2019-07-04 07:01:55 UTC */
#define VOLUME_ID  "8f595209-f5b9-49a0-85d4-cb8f80258c27"
#define PASSWORD   "3e55195c-8811-4d9b-97b4-2b9e5f8f5384"
#define RECOVERY   "64311dea-4587-4029-924a-ba299647998e"
#define STARTUP    "4381f759-c4f8-4de0-bb61-fc33a831bda5"

static const uint64_t copies[3] = {0x10000, 0x20000, 0x30000};
static uint8_t vol[VOLUME];

/* Entries being put together (a copy's, or a VMK's properties). */
struct list {
	uint8_t b[8192];
	size_t len;
};

static void add(struct list *l, uint16_t type, uint16_t value, const void *data, size_t n)
{
	uint8_t *e = l->b + l->len;

	wr_put_le16(e, (uint16_t)(8 + n));
	wr_put_le16(e + 2, type);
	wr_put_le16(e + 4, value);
	wr_put_le16(e + 6, 1);
	memcpy(e + 8, data, n);
	l->len += 8 + n;
}

/* A UTF-16LE string entry of `units` code units and its NUL. */
static void add_utf16(struct list *l, uint16_t type, const uint16_t *units, size_t n)
{
	uint8_t s[2048] = {0};

	for (size_t i = 0; i < n; i++)
		wr_put_le16(s + 2 * i, units[i]);
	add(l, type, 2, s, 2 * n + 2);
}

static void add_description(struct list *l, const char *ascii)
{
	uint16_t u[512];
	size_t n = strlen(ascii);

	for (size_t i = 0; i < n; i++)
		u[i] = (uint8_t)ascii[i];
	add_utf16(l, 7, u, n);
}

/* A VMK as Windows writes one for a password: a stretch key, an encrypted key. */
static void add_vmk(struct list *l, const char *guid, uint16_t protection)
{
	struct list props = {0};
	uint8_t stretch[100] = {0}, key[72] = {0}, value[8192] = {0};

	add(&props, 0, 3, stretch, sizeof(stretch));
	add(&props, 0, 5, key, sizeof(key));
	wr_guid_parse(guid, value);
	wr_put_le16(value + 26, protection);
	memcpy(value + 28, props.b, props.len);
	add(l, 2, 8, value, 28 + props.len);
}

/* The entries most volumes have: a description, a password, a recovery password. */
static void usual(struct list *l)
{
	add_description(l, "DESKTOP-NPM7RCA H: 7/4/2019");
	add_vmk(l, PASSWORD, 0x2000);
	add_vmk(l, RECOVERY, 0x0800);
}

static void put_crc(size_t copy)
{
	uint8_t *b = vol + copies[copy];
	size_t block = (size_t)wr_le16(b + 8) << 4;
	uint32_t crc = 0xffffffffu;

	for (size_t i = 0; i < block; i++) {
		crc ^= b[i];
		for (int k = 0; k < 8; k++)
			crc = crc >> 1 ^ (crc & 1 ? 0xedb88320u : 0);
	}
	wr_put_le16(b + block, 80);
	wr_put_le16(b + block + 2, 2);
	wr_put_le32(b + block + 4, ~crc);
}

/* One metadata copy with these entries, its checksum right. */
static void put_copy(size_t copy, const struct list *l, uint16_t state, uint16_t next,
                     uint16_t method)
{
	uint8_t *b = vol + copies[copy];
	size_t meta = 48 + l->len;

	memset(b, 0, 0x10000);
	memcpy(b, "-FVE-FS-", 8);
	wr_put_le16(b + 8, (uint16_t)((64 + meta + 15) / 16));
	wr_put_le16(b + 10, 2);
	wr_put_le16(b + 12, state);
	wr_put_le16(b + 14, next);
	wr_put_le64(b + 16, VOLUME);
	for (size_t i = 0; i < 3; i++)
		wr_put_le64(b + 32 + 8 * i, copies[i]);
	wr_put_le32(b + 64, (uint32_t)meta);
	wr_put_le32(b + 68, 1);
	wr_put_le32(b + 72, 48);
	wr_put_le32(b + 76, (uint32_t)meta);
	wr_guid_parse(VOLUME_ID, b + 80);
	wr_put_le16(b + 100, method);
	wr_put_le64(b + 104, FILETIME_0 + (uint64_t)CREATED * 10000000);
	memcpy(b + 112, l->b, l->len);
	put_crc(copy);
}

/* The volume header: Windows 7's, or To Go's FAT32 one; `id` its BitLocker identifier. */
static void put_header(bool to_go, const char *id, uint16_t sector)
{
	size_t at = to_go ? 424 : 160;

	memset(vol, 0, 512);
	memcpy(vol, "\xeb\x58\x90", 3);
	memcpy(vol + 3, to_go ? "MSWIN4.1" : "-FVE-FS-", 8);
	wr_put_le16(vol + 11, sector);
	wr_guid_parse(id, vol + at);
	for (size_t i = 0; i < 3; i++)
		wr_put_le64(vol + at + 16 + 8 * i, copies[i]);
	vol[510] = 0x55, vol[511] = 0xaa;
}

#define NORMAL     "4967d63b-2e29-4ad8-8399-f6a339e3d001"
#define USED_SPACE "92a84d3b-dd80-4d0e-9e4e-b1e3284eaed8"

/* A whole volume: every copy holds `l`. */
static void put_volume(const struct list *l, uint16_t state, uint16_t next, uint16_t method)
{
	memset(vol, 0, sizeof(vol));
	put_header(false, NORMAL, 512);
	for (size_t i = 0; i < 3; i++)
		put_copy(i, l, state, next, method);
}

static void put_usual(void)
{
	struct list l = {0};

	usual(&l);
	put_volume(&l, 4, 4, WR_BL_XTS_AES_128);
}

static int read_vol(struct wr_bl_volume *v, struct wr_error *err)
{
	memset(err, 0, sizeof(*err));
	return wr_bl_read_memory(vol, sizeof(vol), v, err);
}

static int failing_read(void *opaque, uint64_t offset, size_t len, uint8_t *out,
                        struct wr_error *err)
{
	(void)opaque, (void)offset, (void)len, (void)out;
	wr_error_set(err, EIO, "the disk is gone");
	return -1;
}

static void whole(void)
{
	struct wr_bl_volume v;
	struct wr_error err;

	put_usual();
	is_int(read_vol(&v, &err), 0, "a whole volume reads");
	is_str(v.guid, VOLUME_ID, "... its GUID");
	is_str(v.description, "DESKTOP-NPM7RCA H: 7/4/2019", "... its description");
	is_int(v.created, CREATED, "... when it was made");
	is_int(v.method, WR_BL_XTS_AES_128, "... its method");
	is_str(wr_bl_method_name(v.method), "XTS-AES 128", "... by manage-bde's name");
	is_int(v.sector_size, 512, "... its sector size");
	is_int(v.volume_size, VOLUME, "... its size");
	ok(!v.to_go && v.type == WR_BL_TYPE_NORMAL, "... a normal one, not To Go");
	ok(v.state == 4 && v.next_state == 4 && v.copy == 0, "... encrypted, the first copy read");
	is_int(v.n_protectors, 2, "... two protectors");
	ok(v.protectors[0].kind == WR_BL_PASSWORD && !strcmp(v.protectors[0].guid, PASSWORD) &&
	       v.protectors[0].raw == 0x2000,
	   "... a password");
	ok(v.protectors[1].kind == WR_BL_RECOVERY_PASSWORD &&
	       !strcmp(v.protectors[1].guid, RECOVERY),
	   "... and a recovery password");
	ok(v.first.readable && v.first.method_known && !v.first.clear_key,
	   "... cryptsetup reads its first copy");
	is_str(wr_bl_refusal(&v), NULL, "... and opens it");
	ok(wr_bl_is_volume(vol, 512), "it is a BitLocker volume");
	ok(!wr_bl_is_volume(vol, 511), "... not when less than a sector is given");
	is_int(wr_bl_read_volume(failing_read, NULL, VOLUME, &v, &err), -1,
	       "the reader's error is the error");
	ok(err.code == EIO && strcmp(err.msg, "the disk is gone") == 0, "... as it said it");
}

static void to_go_and_types(void)
{
	struct wr_bl_volume v;
	struct wr_error err;

	put_usual();
	put_header(true, NORMAL, 512);
	is_int(read_vol(&v, &err), 0, "a To Go volume reads");
	ok(v.to_go && v.type == WR_BL_TYPE_NORMAL, "... as To Go");
	wr_put_le64(vol + 424, 0);
	ok(!wr_bl_is_volume(vol, 512), "a FAT32 header without the BitLocker identifier is FAT32");
	is_int(read_vol(&v, &err), -1, "... and no BitLocker volume");
	ok(err.code == EINVAL && strstr(err.msg, "not a BitLocker volume"), "... it says so: %s",
	   err.msg);
	put_usual();
	put_header(false, USED_SPACE, 0);
	is_int(read_vol(&v, &err), 0, "an encrypt-on-write volume reads");
	ok(v.type == WR_BL_TYPE_USED_SPACE, "... its type is \"used space only\"");
	is_int(v.sector_size, 512, "... a sector size of 0 is read as 512");
	ok(wr_bl_refusal(&v) && strstr(wr_bl_refusal(&v), "encrypt-on-write"),
	   "... cryptsetup 2.6.1 refuses it: %s", wr_bl_refusal(&v));
	put_header(false, STARTUP, 512);
	is_int(read_vol(&v, &err), 0, "a volume of an unknown type reads");
	ok(v.type == WR_BL_TYPE_UNKNOWN && wr_bl_refusal(&v), "... and is refused: %s",
	   wr_bl_refusal(&v));
	put_header(false, NORMAL, 1024);
	is_int(read_vol(&v, &err), 0, "a volume of 1024-byte sectors reads");
	ok(v.sector_size == 1024 && wr_bl_refusal(&v), "... and is refused: %s", wr_bl_refusal(&v));
}

static void header_faults(void)
{
	struct wr_bl_volume v;
	struct wr_error err;

	put_usual();
	is_int(wr_bl_read_memory(vol, 300, &v, &err), -1, "a volume cut in its first sector");
	ok(err.code == EINVAL && strstr(err.msg, "too small"), "... is too small: %s", err.msg);
	memcpy(vol, "\xeb\x52\x90", 3);
	is_int(read_vol(&v, &err), -1, "Vista's BitLocker");
	ok(err.code == ENOTSUP && strstr(err.msg, "unsupported BitLocker version 1"),
	   "... is version 1, unsupported: %s", err.msg);
	memcpy(vol, "\xe9\x00\x00", 3);
	is_int(read_vol(&v, &err), -1, "an unknown boot code");
	ok(err.code == EINVAL && strstr(err.msg, "boot code"), "... is refused: %s", err.msg);
	put_usual();
	for (size_t i = 0; i < 3; i++)
		wr_put_le64(vol + 176 + 8 * i, i ? UINT64_MAX - 20 : VOLUME - 50);
	is_int(read_vol(&v, &err), -1, "metadata offsets past the end");
	ok(err.code == EINVAL && strstr(err.msg, "past the end of the volume"),
	   "... are refused: %s", err.msg);
	put_usual();
	is_int(wr_bl_read_memory(vol, copies[0] + 100, &v, &err), -1,
	       "a volume cut in its first copy's header");
	ok(strstr(err.msg, "past the end of the volume") != NULL, "... says so: %s", err.msg);
}

static void copy_faults(void)
{
	struct wr_bl_volume v;
	struct wr_error err;

	put_usual();
	vol[copies[0] + 200] ^= 1;
	is_int(read_vol(&v, &err), 0, "a first copy whose checksum is wrong");
	ok(v.copy == 1 && strcmp(v.description, "DESKTOP-NPM7RCA H: 7/4/2019") == 0,
	   "... is passed over for the second");
	ok(v.first.readable, "... cryptsetup 2.6.1 reads it all the same (no checksum)");
	is_str(wr_bl_refusal(&v), NULL, "... and opens it");
	memcpy(vol + copies[0], "-FVE-XX-", 8);
	is_int(read_vol(&v, &err), 0, "a first copy without its signature");
	ok(v.copy == 1 && !v.first.readable, "... is passed over, and cryptsetup cannot read it");
	ok(wr_bl_refusal(&v) && strstr(wr_bl_refusal(&v), "first metadata copy"),
	   "... so it refuses the volume: %s", wr_bl_refusal(&v));
	vol[copies[1] + 300] ^= 1;
	vol[copies[2] + 300] ^= 1;
	is_int(read_vol(&v, &err), -1, "three damaged copies");
	ok(err.code == EINVAL &&
	       strstr(err.msg, "all three copies of the BitLocker metadata are damaged") &&
	       strstr(err.msg, "signature"),
	   "... are an error naming the first's fault: %s", err.msg);
	put_usual();
	for (size_t i = 0; i < 3; i++)
		wr_put_le16(vol + copies[i] + 10, 1);
	is_int(read_vol(&v, &err), -1, "copies of version 1");
	ok(err.code == ENOTSUP && strstr(err.msg, "unsupported BitLocker version 1"),
	   "... are unsupported: %s", err.msg);
	put_usual();
	for (size_t i = 0; i < 3; i++) {
		wr_put_le32(vol + copies[i] + 64, 0xffffffffu);
		put_crc(i);
	}
	is_int(read_vol(&v, &err), -1, "a metadata size of 4 GiB");
	ok(err.code == EINVAL && strstr(err.msg, "metadata size"), "... does not fit: %s", err.msg);
	put_usual();
	for (size_t i = 0; i < 3; i++)
		wr_put_le16(vol + copies[i] + 8, 8);
	is_int(read_vol(&v, &err), -1, "a block smaller than its metadata");
	ok(err.code == EINVAL && strstr(err.msg, "block size"), "... is refused: %s", err.msg);
}

/* Every copy's first entry given `size` bytes; the checksum made right. */
static void first_entry_size(uint16_t size)
{
	put_usual();
	for (size_t i = 0; i < 3; i++) {
		wr_put_le16(vol + copies[i] + 112, size);
		put_crc(i);
	}
}

static void entry_faults(void)
{
	struct wr_bl_volume v;
	struct wr_error err;
	struct list l = {0};

	first_entry_size(0);
	is_int(read_vol(&v, &err), 0, "an entry of size 0 ends the entries");
	ok(v.n_protectors == 0 && v.description[0] == '\0', "... nothing after it is read");
	first_entry_size(0xffff);
	is_int(read_vol(&v, &err), -1, "an entry of 65535 bytes");
	ok(err.code == EINVAL && strstr(err.msg, "past the end of its list"),
	   "... runs past the entries: %s", err.msg);
	first_entry_size(3);
	is_int(read_vol(&v, &err), -1, "an entry of 3 bytes");
	ok(err.code == EINVAL && strstr(err.msg, "shorter than its header"), "... is refused: %s",
	   err.msg);
	{
		uint8_t value[18] = {0};

		add(&l, 2, 8, value, sizeof(value));
	}
	put_volume(&l, 4, 4, WR_BL_XTS_AES_128);
	is_int(read_vol(&v, &err), -1, "a key protector of 26 bytes");
	ok(err.code == EINVAL && strstr(err.msg, "too short"), "... is too short: %s", err.msg);
	put_usual();
	/* The password's stretch key property, at 112 + description + VMK's 8 + 28. */
	for (size_t i = 0; i < 3; i++) {
		size_t at = copies[i] + 112 + wr_le16(vol + copies[i] + 112) + 36;

		wr_put_le16(vol + at, 0xfff0);
		put_crc(i);
	}
	is_int(read_vol(&v, &err), -1, "a protector's property of 65520 bytes");
	ok(err.code == EINVAL && strstr(err.msg, "past the end of its list"),
	   "... runs past the protector: %s", err.msg);
}

static void descriptions(void)
{
	struct wr_buf text = WR_BUF_INIT;
	struct wr_bl_volume v;
	struct wr_error err;
	uint16_t units[300];
	struct list l = {0};

	for (size_t i = 0; i < 300; i++)
		units[i] = 0x00e9; /* é, 2 bytes of UTF-8 */
	add_utf16(&l, 7, units, 300);
	put_volume(&l, 4, 4, WR_BL_XTS_AES_128);
	is_int(read_vol(&v, &err), 0, "a description of 600 bytes of UTF-8 reads");
	is_int(strlen(v.description), 254, "... cut to 254 bytes, not in the middle of an é");
	ok(strcmp(v.description + 252, "\xc3\xa9") == 0, "... its last character whole");
	memset(&l, 0, sizeof(l));
	units[0] = 0xd800, units[1] = 'a', units[2] = 0x1b, units[3] = 0x202e, units[4] = 'b';
	add_utf16(&l, 7, units, 5);
	add_vmk(&l, PASSWORD, 0x2000);
	put_volume(&l, 4, 4, WR_BL_XTS_AES_128);
	is_int(read_vol(&v, &err), 0, "a description with a lone surrogate, ESC and RLO reads");
	is_str(v.description,
	       "\xef\xbf\xbd"
	       "a\x1b\xe2\x80\xae"
	       "b",
	       "... the surrogate as U+FFFD, the rest as it is");
	wr_bl_volume_text(&v, "", &text);
	ok(strstr(wr_buf_str(&text), "Description: \xef\xbf\xbd"
	                             "a\\x1b\\u202eb\n") != NULL,
	   "... and listed with its controls escaped");
	ok(!strchr(wr_buf_str(&text), '\x1b'), "... no ESC reaches the terminal");
	wr_buf_free(&text);
}

/* The refusal and the conversion status of a volume in this state. */
static void state(uint16_t cur, uint16_t next, const char *refusal, const char *status)
{
	struct wr_buf text = WR_BUF_INIT;
	char line[128];
	struct list l = {0};
	struct wr_bl_volume v;
	struct wr_error err;

	usual(&l);
	put_volume(&l, cur, next, WR_BL_AES_CBC_256);
	is_int(read_vol(&v, &err), 0, "a volume in state %u, going to %u, reads", cur, next);
	is_str(wr_bl_refusal(&v), refusal, "... cryptsetup refuses it: %s", refusal);
	wr_bl_volume_text(&v, "", &text);
	snprintf(line, sizeof(line), "\n  Conversion Status: %s\n", status);
	ok(strstr(wr_buf_str(&text), line) != NULL, "... its conversion status: %s", status);
	wr_buf_free(&text);
}

static void states(void)
{
	state(2, 4, "it is being encrypted", "Encryption in Progress");
	state(5, 4, "its encryption is paused halfway", "Encryption Paused");
	state(2, 1, "it is being decrypted", "Decryption in Progress");
	state(5, 1, "its decryption is paused halfway", "Decryption Paused");
	state(7, 7, "it is in a BitLocker state cryptsetup does not know", "Unknown");
}

static void protectors(void)
{
	static const struct {
		uint16_t raw;
		enum wr_bl_protector_kind kind;
		const char *name;
		bool usable;
	} kinds[] = {
	    {0x0100, WR_BL_TPM, "TPM", false},
	    {0x0200, WR_BL_STARTUP_KEY, "External Key", true},
	    {0x0300, WR_BL_TPM_STARTUP_KEY, "TPM And Startup Key", false},
	    {0x0500, WR_BL_TPM_PIN, "TPM And PIN", false},
	    {0x0700, WR_BL_TPM_PIN_STARTUP_KEY, "TPM And PIN And Startup Key", false},
	    {0x0800, WR_BL_RECOVERY_PASSWORD, "Numerical Password", true},
	    {0x1000, WR_BL_SMART_CARD, "Smart Card (Certificate Based)", false},
	    {0x2000, WR_BL_PASSWORD, "Password", true},
	    {0x4000, WR_BL_OTHER, "Unknown Protector", false},
	};
	struct list l = {0};
	struct wr_bl_volume v;
	struct wr_error err;
	size_t n = sizeof(kinds) / sizeof(kinds[0]);

	for (size_t i = 0; i < n; i++)
		add_vmk(&l, STARTUP, kinds[i].raw);
	put_volume(&l, 4, 4, WR_BL_AES_256_DIFFUSER);
	is_int(read_vol(&v, &err), 0, "a volume of every kind of protector reads");
	is_int(v.n_protectors, n, "... all of them");
	for (size_t i = 0; i < n && i < v.n_protectors; i++) {
		ok(v.protectors[i].kind == kinds[i].kind && v.protectors[i].raw == kinds[i].raw,
		   "... 0x%04x is %s", kinds[i].raw, kinds[i].name);
		is_str(wr_bl_protector_name(kinds[i].kind), kinds[i].name,
		       "... by manage-bde's name");
		is_int(wr_bl_protector_usable(kinds[i].kind), kinds[i].usable, "... %s from Linux",
		       kinds[i].usable ? "usable" : "not usable");
	}
}

static void clear_key(void)
{
	struct wr_buf text = WR_BUF_INIT;
	struct list l = {0};
	struct wr_bl_volume v;
	struct wr_error err;

	add_vmk(&l, PASSWORD, 0x0000);
	put_volume(&l, 4, 4, WR_BL_XTS_AES_256);
	is_int(read_vol(&v, &err), 0, "a volume whose only protector is a clear key reads");
	ok(v.first.clear_key && v.protectors[0].kind == WR_BL_CLEAR_KEY, "... its clear key");
	ok(wr_bl_refusal(&v) && strstr(wr_bl_refusal(&v), "in the clear"),
	   "... cryptsetup 2.6.1 refuses it: %s", wr_bl_refusal(&v));
	wr_bl_volume_text(&v, "> ", &text);
	is_str(wr_buf_str(&text),
	       "> BitLocker volume {8F595209-F5B9-49A0-85D4-CB8F80258C27}\n"
	       ">   Description: \n"
	       ">   Created: 2019-07-04 07:01:55 UTC\n"
	       ">   Encryption Method: XTS-AES 256\n"
	       ">   Conversion Status: Fully Encrypted\n"
	       ">   Protection Status: Protection Off (the key is stored in the clear)\n"
	       ">   Key Protectors: None Found\n",
	       "... listed as protection off, with no protector");
	wr_buf_free(&text);
}

static void listing(void)
{
	struct wr_buf text = WR_BUF_INIT;
	struct list l = {0};
	struct wr_bl_volume v;
	struct wr_error err;

	usual(&l);
	add_vmk(&l, STARTUP, 0x0200);
	put_volume(&l, 4, 4, 0x8010);
	put_header(true, NORMAL, 512);
	is_int(read_vol(&v, &err), 0, "a volume of an unknown method reads");
	is_str(wr_bl_method_name(v.method), NULL, "... it has no name");
	ok(!v.first.method_known && wr_bl_refusal(&v) && strstr(wr_bl_refusal(&v), "method"),
	   "... cryptsetup refuses it: %s", wr_bl_refusal(&v));
	wr_bl_volume_text(&v, "  ", &text);
	is_str(wr_buf_str(&text),
	       "  BitLocker To Go volume {8F595209-F5B9-49A0-85D4-CB8F80258C27}\n"
	       "    Description: DESKTOP-NPM7RCA H: 7/4/2019\n"
	       "    Created: 2019-07-04 07:01:55 UTC\n"
	       "    Encryption Method: unknown (0x8010)\n"
	       "    Conversion Status: Fully Encrypted\n"
	       "    Key Protectors:\n"
	       "      Password:\n"
	       "        ID: {3E55195C-8811-4D9B-97B4-2B9E5F8F5384}\n"
	       "      Numerical Password:\n"
	       "        ID: {64311DEA-4587-4029-924A-BA299647998E}\n"
	       "      External Key:\n"
	       "        ID: {4381F759-C4F8-4DE0-BB61-FC33A831BDA5}\n"
	       "        External Key File Name:\n"
	       "          4381F759-C4F8-4DE0-BB61-FC33A831BDA5.BEK\n",
	       "... listed as manage-bde lists it");
	wr_buf_free(&text);
}

static void many_protectors(void)
{
	struct wr_buf text = WR_BUF_INIT;
	struct list l = {0};
	struct wr_bl_volume v;
	struct wr_error err;

	for (size_t i = 0; i < WR_BL_MAX_PROTECTORS + 3; i++)
		add_vmk(&l, RECOVERY, 0x0800);
	put_volume(&l, 4, 4, WR_BL_XTS_AES_128);
	is_int(read_vol(&v, &err), 0, "a volume of %d protectors reads", WR_BL_MAX_PROTECTORS + 3);
	ok(v.n_protectors == WR_BL_MAX_PROTECTORS && v.n_more_protectors == 3,
	   "... %d kept, 3 counted", WR_BL_MAX_PROTECTORS);
	wr_bl_volume_text(&v, "", &text);
	ok(strstr(wr_buf_str(&text), "\n    (3 more not shown)\n") != NULL,
	   "... the listing says 3 more");
	wr_buf_free(&text);
}

/* A property cryptsetup 2.6.1 does not know, in a protector it would open. */
static void unknown_property(void)
{
	struct list l = {0}, props = {0};
	uint8_t value[256] = {0}, data[16] = {0};
	struct wr_bl_volume v;
	struct wr_error err;

	add(&props, 0, 0x000b, data, sizeof(data));
	wr_guid_parse(PASSWORD, value);
	wr_put_le16(value + 26, 0x2000);
	memcpy(value + 28, props.b, props.len);
	add(&l, 2, 8, value, 28 + props.len);
	put_volume(&l, 4, 4, WR_BL_XTS_AES_128);
	is_int(read_vol(&v, &err), 0, "a password protector with a property of type 0x000b reads");
	ok(v.n_protectors == 1 && v.protectors[0].kind == WR_BL_PASSWORD, "... as a password");
	ok(!v.first.readable && wr_bl_refusal(&v), "... cryptsetup 2.6.1 cannot read it: %s",
	   wr_bl_refusal(&v));
	wr_put_le16(value + 26, 0x0100);
	memset(&l, 0, sizeof(l));
	add(&l, 2, 8, value, 28 + props.len);
	put_volume(&l, 4, 4, WR_BL_XTS_AES_128);
	is_int(read_vol(&v, &err), 0, "... the same in a TPM protector");
	ok(v.first.readable && !wr_bl_refusal(&v), "... cryptsetup passes over it");
	memset(&props, 0, sizeof(props));
	add(&props, 0, 5, data, 10);
	memcpy(value + 28, props.b, props.len);
	memset(&l, 0, sizeof(l));
	add(&l, 2, 8, value, 28 + props.len);
	put_volume(&l, 4, 4, WR_BL_XTS_AES_128);
	is_int(read_vol(&v, &err), 0, "a TPM protector whose encrypted key is 10 bytes reads");
	ok(!v.first.readable && wr_bl_refusal(&v), "... but not for cryptsetup, in any protector");
}

/* A .BEK file as Windows writes it: 156 bytes. */
static size_t make_bek(uint8_t *b)
{
	struct list l = {0}, props = {0};
	uint8_t key[36] = {0}, value[200] = {0};
	const uint16_t name[] = {'E', 'x', 't', 'e', 'r', 'n', 'a', 'l', 'K', 'e', 'y'};

	add_utf16(&props, 0, name, 11);
	wr_put_le32(key, 0x2002);
	add(&props, 0, 1, key, sizeof(key));
	wr_guid_parse(STARTUP, value);
	memcpy(value + 24, props.b, props.len);
	add(&l, 6, 9, value, 24 + props.len);
	memset(b, 0, 48);
	wr_put_le32(b, (uint32_t)(48 + l.len));
	wr_put_le32(b + 4, 1);
	wr_put_le32(b + 8, 48);
	wr_put_le32(b + 12, (uint32_t)(48 + l.len));
	wr_guid_parse(STARTUP, b + 16);
	memcpy(b + 48, l.b, l.len);
	return 48 + l.len;
}

static void bek(void)
{
	uint8_t b[8192];
	char guid[WR_BL_GUID_SIZE];
	struct wr_error err = {0};
	size_t len = make_bek(b);

	is_int(len, 156, "a .BEK file is 156 bytes");
	is_int(wr_bl_bek_guid(b, len, guid, &err), 0, "... it reads");
	is_str(guid, STARTUP, "... the ID of the key it holds");
	is_int(wr_bl_bek_guid(b, 40, guid, &err), -1, "40 bytes are no .BEK file");
	is_int(wr_bl_bek_guid(b, 4097, guid, &err), -1, "... nor are 4097");
	ok(err.code == EINVAL && strstr(err.msg, "4097 bytes"), "... it says why: %s", err.msg);
	is_int(wr_bl_bek_guid(b, len - 1, guid, &err), -1, "a .BEK file cut short is refused");
	wr_put_le32(b + 4, 2);
	is_int(wr_bl_bek_guid(b, len, guid, &err), -1, "... so is one of version 2");
	wr_put_le32(b + 4, 1);
	wr_put_le16(b + 50, 7);
	is_int(wr_bl_bek_guid(b, len, guid, &err), -1, "... and one holding a description");
	ok(strstr(err.msg, "holds no key") != NULL, "... it holds no key: %s", err.msg);
	wr_put_le16(b + 50, 6);
	wr_put_le16(b + 48, 0xffff);
	is_int(wr_bl_bek_guid(b, len, guid, &err), -1, "an entry of 65535 bytes");
	ok(strstr(err.msg, "past the end") != NULL, "... runs past the end: %s", err.msg);
	wr_put_le16(b + 48, 0);
	is_int(wr_bl_bek_guid(b, len, guid, &err), -1, "an entry of size 0 holds no key");
	len = make_bek(b);
	wr_put_le16(b + 48 + 8 + 24 + 32 + 4, 0); /* the key property's value type */
	is_int(wr_bl_bek_guid(b, len, guid, &err), -1, "an external key without its key");
	ok(strstr(err.msg, "holds no key") != NULL, "... holds no key: %s", err.msg);
	memset(b, 0, sizeof(b));
	wr_put_le32(b, 156);
	is_int(wr_bl_bek_guid(b, 156, guid, &err), -1, "156 zero bytes are no .BEK file");
}

int main(void)
{
	whole();
	to_go_and_types();
	header_faults();
	copy_faults();
	entry_faults();
	descriptions();
	states();
	protectors();
	clear_key();
	listing();
	many_protectors();
	unknown_property();
	bek();
	return tap_done();
}
