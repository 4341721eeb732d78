/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcd-build.h - writing BCD objects and elements into a hive, as Windows encodes them. */
#ifndef WR_BCD_BUILD_H
#define WR_BCD_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "hive.h"

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

#endif
