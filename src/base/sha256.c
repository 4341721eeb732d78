/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sha256.c - SHA-256 (FIPS 180-4) by Nettle, of buffers and of whole files. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sha256.h"

void wr_sha256_init(struct wr_sha256 *s)
{
	sha256_init(&s->ctx);
}

void wr_sha256_update(struct wr_sha256 *s, const void *data, size_t len)
{
	sha256_update(&s->ctx, len, data);
}

void wr_sha256_hex(struct wr_sha256 *s, char out[65])
{
	uint8_t digest[SHA256_DIGEST_SIZE];

	sha256_digest(&s->ctx, sizeof(digest), digest);
	for (size_t i = 0; i < sizeof(digest); i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

void wr_sha256_of(const void *data, size_t len, char out[65])
{
	struct wr_sha256 s;

	wr_sha256_init(&s);
	wr_sha256_update(&s, data, len);
	wr_sha256_hex(&s, out);
}

int wr_sha256_file(const char *path, char out[65])
{
	struct wr_sha256 s;
	uint8_t buf[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	wr_sha256_init(&s);
	while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			wr_sha256_update(&s, buf, (size_t)n);
	close(fd);
	if (n < 0)
		return -1;
	wr_sha256_hex(&s, out);
	return 0;
}
