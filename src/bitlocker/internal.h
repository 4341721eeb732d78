/* SPDX-License-Identifier: GPL-3.0-or-later */
/* internal.h - the BitLocker on-disk layout, and what the module's files share. */
#ifndef WR_BITLOCKER_INTERNAL_H
#define WR_BITLOCKER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

#include "bitlocker.h"

/*
 * Volume header, the first 512 bytes (libbde's "BitLocker Drive Encryption
 * (BDE) format", cryptsetup's lib/bitlk/bitlk.c):
 *
 *   0  3  boot code: EB 58 90 (Windows 7 and later), EB 52 90 (Vista)
 *   3  8  "-FVE-FS-", or "MSWIN4.1" for To Go (a FAT32 header)
 *  11  2  bytes per sector
 * 160 16  BitLocker identifier (GUID: normal or encrypt-on-write)    To Go: 424
 * 176 24  three offsets of the FVE metadata copies, bytes, 64-bit    To Go: 440
 */
#define WR_BL_SECTOR          512u
#define WR_BL_BOOT_CODE       "\xeb\x58\x90"
#define WR_BL_BOOT_CODE_VISTA "\xeb\x52\x90"
#define WR_BL_SIGNATURE       "-FVE-FS-"
#define WR_BL_SIGNATURE_TO_GO "MSWIN4.1"
#define WR_BL_SECTOR_SIZE     11u
#define WR_BL_IDENTIFIER      160u
#define WR_BL_IDENTIFIER_TOGO 424u
#define WR_BL_COPIES          3u

/*
 * An FVE metadata copy: a 64 KiB area holding a block header, a metadata
 * header, the entries, then (at the block size) a validation structure whose
 * CRC-32 covers the block.
 *
 * Block header (64 bytes):
 *   0  8  "-FVE-FS-"
 *   8  2  block size in 16-byte units (header, metadata header, entries)
 *  10  2  version: 2 (1 on Vista)
 *  12  2  conversion state, 14 2 the state it goes to (WR_BL_STATE_*)
 *  16  8  encrypted volume size, bytes
 *  32 24  the three copies' offsets
 * Metadata header (48 bytes, at 64):
 *   0  4  metadata size: this header and the entries
 *   8  4  header size: 48
 *  16 16  volume GUID
 *  36  2  encryption method
 *  40  8  creation time, FILETIME
 * Validation (at the block size):
 *   0  2  its size, 2 2 its version (1 or 2), 4 4 CRC-32 of the block
 */
#define WR_BL_AREA            65536u
#define WR_BL_BLOCK_SIZE      8u
#define WR_BL_BLOCK_VERSION   10u
#define WR_BL_STATE           12u
#define WR_BL_NEXT_STATE      14u
#define WR_BL_VOLUME_SIZE     16u
#define WR_BL_META            64u /* the metadata header */
#define WR_BL_META_SIZE       (WR_BL_META + 0u)
#define WR_BL_META_HDR_SIZE   (WR_BL_META + 8u)
#define WR_BL_META_GUID       (WR_BL_META + 16u)
#define WR_BL_META_METHOD     (WR_BL_META + 36u)
#define WR_BL_META_CREATED    (WR_BL_META + 40u)
#define WR_BL_META_HDR_LEN    48u
#define WR_BL_ENTRIES         (WR_BL_META + WR_BL_META_HDR_LEN) /* 112 */
#define WR_BL_VALIDATION_SIZE 8u

/*
 * Entry (in the metadata, in a VMK's properties, in a .BEK file):
 *   0 2 size, this header included   2 2 entry type   4 2 value type   6 2 version
 *   8 .. the value
 */
#define WR_BL_ENTRY_HDR 8u

/* Entry types (what it is) */
#define WR_BL_ENTRY_PROPERTY      0x0000
#define WR_BL_ENTRY_VMK           0x0002
#define WR_BL_ENTRY_FVEK          0x0003
#define WR_BL_ENTRY_STARTUP_KEY   0x0006
#define WR_BL_ENTRY_DESCRIPTION   0x0007
#define WR_BL_ENTRY_VOLUME_HEADER 0x000f

/* Value types (how it is stored) */
#define WR_BL_VALUE_KEY           0x0001
#define WR_BL_VALUE_STRING        0x0002 /* UTF-16LE */
#define WR_BL_VALUE_STRETCH_KEY   0x0003
#define WR_BL_VALUE_USE_KEY       0x0004
#define WR_BL_VALUE_ENCRYPTED_KEY 0x0005
#define WR_BL_VALUE_VMK           0x0008 /* GUID 16, time 8, 2, protection 2, properties */
#define WR_BL_VALUE_EXTERNAL_KEY  0x0009 /* GUID 16, time 8, properties */
#define WR_BL_VALUE_OFFSET_SIZE   0x000f
#define WR_BL_VALUE_RECOVERY_TIME 0x0015

#define WR_BL_VMK_PROTECTION 26u /* in the value */
#define WR_BL_VMK_LEN        28u /* the value before its properties */

/* One entry: the `size` bytes from its header on; `size` checked. */
struct wr__bl_entry {
	const uint8_t *p;
	uint16_t size, type, value;
};

/*
 * The next entry of `len` bytes at `p`, from *pos: 1 and *e, advancing *pos;
 * 0 at the end (fewer than 4 bytes left, or an entry of size 0: both end a
 * list, for Windows and cryptsetup); -1 with err (EINVAL) when the entry is
 * shorter than its header or runs past the end.
 */
int wr__bl_next_entry(const uint8_t *p, size_t len, size_t *pos, struct wr__bl_entry *e,
                      struct wr_error *err);

/*
 * The entries of one metadata copy into `v`: the first description, every
 * VMK as a protector.  `as_cryptsetup` also refuses what cryptsetup 2.6.1
 * refuses in them (properties it does not know in a VMK it can open).
 */
int wr__bl_read_entries(const uint8_t *p, size_t len, bool as_cryptsetup, struct wr_bl_volume *v,
                        struct wr_error *err);

/* A VMK entry's value (`len` bytes) as one more protector of `v`. */
int wr__bl_add_protector(const uint8_t *value, size_t len, bool as_cryptsetup,
                         struct wr_bl_volume *v, struct wr_error *err);

/* Read the metadata copy at `offset` into `v` (see wr_bl_read_volume); `as_cryptsetup` reads
 * it as cryptsetup 2.6.1 does: no checksum, sizes less checked, its refusals. */
int wr__bl_read_copy(wr_bl_read_fn read, void *opaque, uint64_t size, uint64_t offset,
                     bool as_cryptsetup, struct wr_bl_volume *v, struct wr_error *err);

/* The 16 bytes of an on-disk GUID as "xxxxxxxx-xxxx-...", lower case. */
void wr__bl_guid(const uint8_t bytes[16], char out[WR_BL_GUID_SIZE]);

/* CRC-32 (IEEE 802.3, the one of zlib) of `n` bytes. */
uint32_t wr__bl_crc32(const uint8_t *p, size_t n);

#endif
