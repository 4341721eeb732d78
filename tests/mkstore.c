/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mkstore.c - write a test BCD store: mkstore KIND FILE (see stores.h).
 * mkstore random SEED LENGTH FILE writes LENGTH bytes that depend only on
 * SEED, so that a test of random input tests the same bytes on every run.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stores.h"

/* splitmix64: a fixed generator, the same on every platform and libc. */
static uint64_t next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int number(const char *s, unsigned long long *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 10);
	return *s >= '0' && *s <= '9' && !*end && !errno ? 0 : -1;
}

static int write_random(const char *seed_arg, const char *length_arg, const char *path)
{
	unsigned long long seed, length;
	uint64_t state, word = 0;
	FILE *f;

	if (number(seed_arg, &seed) < 0 || number(length_arg, &length) < 0) {
		fprintf(stderr, "mkstore: random: SEED and LENGTH are decimal numbers\n");
		return 2;
	}
	f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "mkstore: %s: %s\n", path, strerror(errno));
		return 1;
	}
	state = seed;
	for (unsigned long long i = 0; i < length; i++) {
		if (i % 8 == 0)
			word = next(&state);
		putc((int)(word & 0xff), f);
		word >>= 8;
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "mkstore: %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct wr_error err;

	if (argc == 5 && strcmp(argv[1], "random") == 0)
		return write_random(argv[2], argv[3], argv[4]);
	if (argc != 3) {
		fprintf(stderr,
		        "usage: mkstore KIND FILE\n       mkstore random SEED LENGTH FILE\n");
		return 2;
	}
	if (store_create(argv[1], argv[2], &err) < 0) {
		fprintf(stderr, "mkstore: %s\n", err.msg);
		return 1;
	}
	return 0;
}
