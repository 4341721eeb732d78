/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bitlocker.h - what a BitLocker volume says of itself in its unencrypted metadata: GUID,
 * description, method, key protectors; whether cryptsetup 2.6.1 can open it; .BEK files. */
#ifndef WR_BITLOCKER_H
#define WR_BITLOCKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/error.h"

/*
 * Everything here is read without a key: the volume header (first sector)
 * and the FVE metadata, kept in three copies on the volume.  No crypto;
 * every offset, size and count read from the disk is checked.
 */

#define WR_BL_MAX_PROTECTORS 32  /* kept per volume; more are counted, not kept */
#define WR_BL_GUID_SIZE      37  /* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" and its NUL */
#define WR_BL_DESCRIPTION    256 /* bytes of UTF-8 kept, the NUL included */

/* The encryption methods of the metadata header (manage-bde's names by wr_bl_method_name). */
#define WR_BL_AES_128_DIFFUSER 0x8000
#define WR_BL_AES_256_DIFFUSER 0x8001
#define WR_BL_AES_CBC_128      0x8002
#define WR_BL_AES_CBC_256      0x8003
#define WR_BL_XTS_AES_128      0x8004
#define WR_BL_XTS_AES_256      0x8005

/* The conversion states of the metadata block header. */
#define WR_BL_STATE_DECRYPTED  1
#define WR_BL_STATE_CONVERTING 2 /* encrypting or decrypting, towards the next state */
#define WR_BL_STATE_ENCRYPTED  4
#define WR_BL_STATE_PAUSED     5 /* a conversion paused, towards the next state */

/* How a key protector opens the volume master key, as manage-bde names them. */
enum wr_bl_protector_kind {
	WR_BL_CLEAR_KEY, /* none: the key is stored in the clear (protection suspended) */
	WR_BL_TPM,
	WR_BL_STARTUP_KEY, /* "External Key": a .BEK file */
	WR_BL_TPM_PIN,
	WR_BL_TPM_STARTUP_KEY,
	WR_BL_TPM_PIN_STARTUP_KEY,
	WR_BL_RECOVERY_PASSWORD, /* "Numerical Password": 48 digits */
	WR_BL_PASSWORD,
	WR_BL_SMART_CARD, /* a certificate ("Public Key") */
	WR_BL_OTHER,
};

struct wr_bl_protector {
	enum wr_bl_protector_kind kind;
	uint16_t raw;               /* the protection type as stored (0x2000 password, ...) */
	char guid[WR_BL_GUID_SIZE]; /* its ID: lower case, no braces */
};

/* The volume header's BitLocker identifier. */
enum wr_bl_type {
	WR_BL_TYPE_NORMAL,
	WR_BL_TYPE_USED_SPACE, /* encrypt-on-write: "Used Space Only" encryption */
	WR_BL_TYPE_UNKNOWN,
};

/*
 * The first metadata copy as cryptsetup 2.6.1 reads it: it reads no other
 * and checks no checksum, so when that copy is damaged it refuses the
 * volume, or reads what the damage left (the state, the clear key).  When
 * the first copy is the one read (`copy` 0), these are the volume's own.
 */
struct wr_bl_first_copy {
	bool readable;     /* header, sizes and entries as cryptsetup 2.6.1 accepts them */
	bool method_known; /* a method cryptsetup knows (0x8000..0x8005) */
	uint16_t state, next_state;
	bool clear_key;
};

/* What BitLocker says of a volume, from its own metadata (no key needed). */
struct wr_bl_volume {
	char guid[WR_BL_GUID_SIZE]; /* the volume's BitLocker GUID */
	/* UTF-8 as Windows wrote it, e.g. "DESKTOP-NPM7RCA H: 7/4/2019", cut at a
	 * character to fit; it may hold any character: callers make it safe to show. */
	char description[WR_BL_DESCRIPTION];
	int64_t created;      /* Unix time, from the metadata's FILETIME */
	uint16_t method;      /* WR_BL_AES_128_DIFFUSER ... */
	unsigned sector_size; /* bytes per sector in the header (0 read as 512) */
	uint64_t volume_size; /* bytes, as the metadata says */
	bool to_go;           /* BitLocker To Go (a FAT-looking header) */
	enum wr_bl_type type;
	uint16_t state, next_state; /* WR_BL_STATE_*: 4 and 4 when fully encrypted */
	unsigned copy;              /* the metadata copy read (0..2): the first that is whole */
	struct wr_bl_first_copy first;
	size_t n_protectors;
	size_t n_more_protectors; /* past WR_BL_MAX_PROTECTORS: counted, not kept */
	struct wr_bl_protector protectors[WR_BL_MAX_PROTECTORS];
};

/* Reads `len` bytes at `offset` of the volume into `out`: 0, or -1 with err set.  The
 * reader only asks for bytes inside the `size` given to wr_bl_read_volume. */
typedef int (*wr_bl_read_fn)(void *opaque, uint64_t offset, size_t len, uint8_t *out,
                             struct wr_error *err);

/* Whether this first sector (`len` bytes, at least 512 to say yes) is a BitLocker volume's:
 * "-FVE-FS-" (Vista, 7 and later), or To Go's FAT header with a BitLocker identifier. */
bool wr_bl_is_volume(const uint8_t *sector, size_t len);

/*
 * Read the header and the first whole copy of the FVE metadata (signature,
 * version 2, sizes inside its 64 KiB, CRC-32 right, entries inside it) of a
 * volume of `size` bytes, and the first copy as cryptsetup 2.6.1 reads it.
 * Returns 0, or -1 with err: EINVAL when it is no BitLocker volume or no
 * copy is whole (the message names the first copy's fault), ENOTSUP for a
 * version but 2 (Vista's 1), ENOMEM, or the reader's error on the first
 * sector (a copy the reader fails on counts as damaged).
 */
int wr_bl_read_volume(wr_bl_read_fn read, void *opaque, uint64_t size, struct wr_bl_volume *out,
                      struct wr_error *err);

/* The same from a volume's bytes already in memory (all of it, or its start: `size` bytes). */
int wr_bl_read_memory(const uint8_t *data, size_t size, struct wr_bl_volume *out,
                      struct wr_error *err);

/*
 * Why cryptsetup 2.6.1 (the appliance's) cannot open this volume, translated,
 * or NULL when it can with a key: the conditions its bitlk.c refuses before
 * it tries a key, in its order, on the first metadata copy (`first`) as it
 * reads it.  The text is a clause for after "cannot open it: ", e.g. "it is
 * being encrypted".
 */
const char *wr_bl_refusal(const struct wr_bl_volume *v);

/* "XTS-AES 128", "AES 128 with Diffuser", ... as manage-bde says (names, not translated), or
 * NULL for a method it has no name for. */
const char *wr_bl_method_name(uint16_t method);

/* "recovery-password", "startup-key", "tpm", ...: the kind by a name that
 * stays the same in every language (JSON). */
const char *wr_bl_protector_key(enum wr_bl_protector_kind kind);

/* "Numerical Password", "External Key", "TPM", ... as manage-bde names them, translated:
 * they are shown to people (Windows translates them too). */
const char *wr_bl_protector_name(enum wr_bl_protector_kind kind);

/* Whether a protector of this kind opens the volume from Linux with what the user types or
 * gives as a file: a password, a recovery password, a startup key (.BEK). */
bool wr_bl_protector_usable(enum wr_bl_protector_kind kind);

/*
 * A .BEK startup-key file's bytes: 0 and the ID of the key it holds (the
 * guid of the WR_BL_STARTUP_KEY protector it opens), or -1 with err
 * (EINVAL: not a startup-key file).  Files over 4 KiB are refused unread:
 * Windows writes 156 bytes.
 */
int wr_bl_bek_guid(const uint8_t *data, size_t len, char guid[WR_BL_GUID_SIZE],
                   struct wr_error *err);

/*
 * The volume for people, as manage-bde -protectors -get lists it: GUID,
 * description, creation, method, conversion status ("Protection Off" when a
 * clear key is stored), then each protector with its ID (upper case in
 * braces, as Windows shows it), a startup key with its file name
 * "<ID>.BEK"; a clear key is no protector (manage-bde does not list it).
 * Lines start with `indent`; text from the disk is made safe for a terminal.
 */
void wr_bl_volume_text(const struct wr_bl_volume *v, const char *indent, struct wr_buf *out);

/* ---- needs.c ---- */

/* What opens the volume here, translated, into `out` (returned), for
 * "is locked: ..." and "the key does not open it (...)": its usable
 * protectors, "its recovery password, its password or its startup key
 * 4381F759-....BEK"; or, when none is usable, what to do instead. */
#define WR_BL_NEEDS_MAX 512
const char *wr_bl_needs(const struct wr_bl_volume *v, char out[WR_BL_NEEDS_MAX]);
/* Whether it has a protector wr_bl_protector_usable. */
bool wr_bl_openable(const struct wr_bl_volume *v);
/* "<ID>.BEK" for a startup key's protector ID, as Windows names the file. */
void wr_bl_bek_name(const char *guid, char out[48]);
/* "{8F595209-...}": a GUID as Windows shows volume and key IDs. */
#define WR_BL_ID_SIZE (WR_BL_GUID_SIZE + 2)
void wr_bl_id(const char *guid, char out[WR_BL_ID_SIZE]);

#endif
