/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hive-create.h - write a new, empty hive (hivex can only edit existing ones). */
#ifndef WR_HIVE_CREATE_H
#define WR_HIVE_CREATE_H

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

/* Give the finished file `tmp` its name `path` in the same directory, never
 * replacing an existing file, and make the rename durable. */
int wr_file_publish(const char *tmp, const char *path, struct wr_error *err);

#endif
