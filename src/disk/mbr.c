/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mbr.c - the active flag in an MBR's partition table, as diskpart's "active" sets it. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/sha256.h"

#include "disk.h"

#define TABLE     446  /* the four primary entries, 16 bytes each */
#define BOOTABLE  0x80 /* an entry's first byte: the one BIOS boot code starts */
#define TYPE_BYTE 4    /* 0: an unused entry */

static bool is_mbr(const uint8_t mbr[WR_MBR_SIZE])
{
	return mbr[510] == 0x55 && mbr[511] == 0xaa;
}

int wr_mbr_set_active(const uint8_t in[WR_MBR_SIZE], unsigned number, uint8_t out[WR_MBR_SIZE])
{
	if (!is_mbr(in) || number < 1 || number > 4 ||
	    in[TABLE + 16 * (number - 1) + TYPE_BYTE] == 0)
		return -1;
	memcpy(out, in, WR_MBR_SIZE);
	/* Only one is active: diskpart clears the others. */
	for (unsigned i = 0; i < 4; i++)
		out[TABLE + 16 * i] = i + 1 == number ? BOOTABLE : 0;
	return 0;
}

int wr_mbr_from_hex(const char *hex, const char *sha, uint8_t out[WR_MBR_SIZE])
{
	size_t i = strlen(hex) == 2 * WR_MBR_SIZE ? 0 : WR_MBR_SIZE + 1;
	char have[65];

	while (i < WR_MBR_SIZE && isxdigit((unsigned char)hex[2 * i]) &&
	       isxdigit((unsigned char)hex[2 * i + 1]) &&
	       sscanf(hex + 2 * i, "%2hhx", &out[i]) == 1)
		i++;
	if (i != WR_MBR_SIZE)
		return -1;
	wr_sha256_of(out, WR_MBR_SIZE, have);
	return strcmp(have, sha) == 0 ? 0 : -1;
}

void wr_inventory_note_mbr(struct wr_inventory *inv, size_t disk, const uint8_t mbr[WR_MBR_SIZE])
{
	for (size_t i = 0; is_mbr(mbr) && i < inv->n_parts; i++) {
		struct wr_part *p = &inv->parts[i];

		if (p->disk == disk)
			p->active = p->number >= 1 && p->number <= 4 &&
			            mbr[TABLE + 16 * (p->number - 1)] == BOOTABLE;
	}
}
