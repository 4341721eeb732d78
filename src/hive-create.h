/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hive-create.h - write a new, empty hive (hivex can only edit existing ones). */
#ifndef WR_HIVE_CREATE_H
#define WR_HIVE_CREATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/*
 * Build an empty hive image: a base block (sequence 1/1, version 1.`minor`,
 * correct checksum), one 4 KiB hive bin holding the root key `root_name`
 * (ASCII, 1..255 chars) with a security descriptor, and free space.
 * `filetime` stamps the base block and the key.  Returns a malloc'd buffer
 * and its length in *len, or NULL with `err` set.
 */
uint8_t *wr_hive_build_empty(const char *root_name, uint32_t minor, uint64_t filetime, size_t *len,
                             struct wr_error *err);

/* Write such a hive to `path`, which must not exist yet (never overwrites). */
int wr_hive_create(const char *path, const char *root_name, uint32_t minor, struct wr_error *err);

struct wr_hive;

/*
 * Start a new hive file that will become `path` (which must not exist): an
 * empty hive under a temporary name beside it, open for editing.  Finish it
 * with wr_hive_end_new.
 */
struct wr_hive *wr_hive_begin_new(const char *path, const char *root_name, uint32_t minor,
                                  struct wr_error *err);

/*
 * Commit a hive begun for `path` and move it into place.  With `keep` false,
 * or on any failure, the temporary file is removed instead, so `path` never
 * holds half a hive.  Closes `hive` in every case.
 */
int wr_hive_end_new(struct wr_hive *hive, const char *path, bool keep, struct wr_error *err);

/* Give the finished file `tmp` its name `path` in the same directory, never
 * replacing an existing file, and make the rename durable. */
int wr_file_publish(const char *tmp, const char *path, struct wr_error *err);

#endif
