/* SPDX-License-Identifier: GPL-3.0-or-later */
/* file-read.h - reading a whole regular file into memory. */
#ifndef WR_FILE_READ_H
#define WR_FILE_READ_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Read the regular file `path` (at most `max` bytes) into *data (malloc'd,
 * never NULL on success) and *len.  The error names the file. */
int wr_file_read(const char *path, size_t max, uint8_t **data, size_t *len, struct wr_error *err);

#endif
