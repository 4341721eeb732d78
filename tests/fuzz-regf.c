/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-regf.c - libFuzzer target: arbitrary bytes as a hive image into our own regf reading. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "regf/regf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every refusal is EINVAL with a message. */
static void refused(const struct wr_error *err)
{
	if (err->code != EINVAL || !err->msg[0])
		abort();
}

/* The root key's name from the whole image, and from its cell alone in a
 * buffer of just the bytes to the end of the hive bins, as hive.c reads
 * it: a read past them is the sanitizer's to see. */
static void root_name(const uint8_t *data, size_t size, const struct wr_regf_header *hdr)
{
	struct wr_error err = {0};
	char *name = NULL;
	uint8_t *cell;
	size_t room;

	if (wr_regf_root_name(data, size, hdr, &name, &err) < 0)
		refused(&err);
	free(name);
	name = NULL;
	if (wr_regf_root_room(hdr, size, &room, &err) < 0)
		return;
	cell = malloc(room);
	if (!cell)
		return;
	memcpy(cell, data + WR_REGF_BASE_SIZE + hdr->root_offset, room);
	if (wr_regf_key_name(cell, room, &name, &err) < 0)
		refused(&err);
	free(name);
	free(cell);
}

/* The lists of a private copy turned "lf": the base block stays as it was. */
static void lists(const uint8_t *data, size_t size, const struct wr_regf_header *hdr)
{
	uint8_t *copy = malloc(size);
	struct wr_regf_header again;
	struct wr_error err = {0};

	if (!copy)
		return;
	memcpy(copy, data, size);
	if (wr_regf_lh_to_lf(copy, size, &err) < 0)
		refused(&err);
	/* wr_regf_parse clears the whole struct first: memcmp compares fields. */
	if (wr_regf_parse(copy, size, &again, &err) < 0 ||
	    memcmp(hdr, &again, sizeof(again)) != 0 ||
	    memcmp(copy, data, size < WR_REGF_BASE_SIZE ? size : WR_REGF_BASE_SIZE) != 0)
		abort();
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wr_regf_header hdr;
	struct wr_error err = {0};

	if (wr_regf_parse(data, size, &hdr, &err) < 0) {
		refused(&err);
		return 0;
	}
	root_name(data, size, &hdr);
	lists(data, size, &hdr);
	return 0;
}
