/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sha256.h - SHA-256 (FIPS 180-4), to check that what was written is what we meant. */
#ifndef WR_SHA256_H
#define WR_SHA256_H

#include <nettle/sha2.h>
#include <stddef.h>

struct wr_sha256 {
	struct sha256_ctx ctx;
};

void wr_sha256_init(struct wr_sha256 *s);
void wr_sha256_update(struct wr_sha256 *s, const void *data, size_t len);
/* The digest as 64 lower-case hex digits; `s` starts again after it. */
void wr_sha256_hex(struct wr_sha256 *s, char out[65]);

/* The digest of `len` bytes at `data`. */
void wr_sha256_of(const void *data, size_t len, char out[65]);

/* The digest of a whole file; -1 with errno set when it cannot be read. */
int wr_sha256_file(const char *path, char out[65]);

#endif
