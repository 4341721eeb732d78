/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-mbr.c - the active flag as diskpart's "active" sets it, and the inventory's flags after. */
#include "config.h"

#include <string.h>

#include "base/sha256.h"
#include "disk/disk.h"
#include "tap.h"

/* A first sector with two primary partitions, the second active. */
static void sample(uint8_t mbr[WR_MBR_SIZE])
{
	memset(mbr, 0, WR_MBR_SIZE);
	memcpy(mbr + 440, "\x2c\x7b\x1e\x5a", 4); /* the signature: untouched */
	mbr[446] = 0x00, mbr[446 + 4] = 0x07;     /* 1: NTFS */
	mbr[462] = 0x80, mbr[462 + 4] = 0x07;     /* 2: NTFS, active */
	mbr[510] = 0x55, mbr[511] = 0xaa;
}

int main(void)
{
	uint8_t in[WR_MBR_SIZE], out[WR_MBR_SIZE], want[WR_MBR_SIZE];
	struct wr_part parts[3] = {{.disk = 0, .number = 1},
	                           {.disk = 0, .number = 2, .active = true},
	                           {.disk = 1, .number = 1, .active = true}};
	struct wr_inventory inv = {.parts = parts, .n_parts = 3};

	sample(in);
	is_int(wr_mbr_set_active(in, 1, out), 0, "partition 1 made active");
	memcpy(want, in, sizeof(want));
	want[446] = 0x80, want[462] = 0x00;
	ok(memcmp(out, want, sizeof(want)) == 0,
	   "... its entry flagged 0x80, the other cleared, every other byte as it was");
	is_int(wr_mbr_set_active(in, 3, out), -1, "an unused entry cannot be made active");
	is_int(wr_mbr_set_active(in, 5, out), -1, "nor a fifth (logical) partition");
	is_int(wr_mbr_set_active(in, 0, out), -1, "nor partition 0");
	in[511] = 0;
	is_int(wr_mbr_set_active(in, 1, out), -1, "a sector without 55 AA is no MBR");
	{
		char hex[2 * WR_MBR_SIZE + 1], sha[65];
		uint8_t back[WR_MBR_SIZE];

		for (size_t i = 0; i < WR_MBR_SIZE; i++)
			snprintf(hex + 2 * i, 3, "%02x", want[i]);
		wr_sha256_of(want, WR_MBR_SIZE, sha);
		ok(wr_mbr_from_hex(hex, sha, back) == 0 && memcmp(back, want, WR_MBR_SIZE) == 0,
		   "a sector kept in hex reads back whole when its SHA-256 matches");
		is_int(wr_mbr_from_hex(hex, "", back), -1, "... and not against another SHA-256");
		is_int(wr_mbr_from_hex("", "", back), -1,
		       "a record with no sector and no SHA-256 gives nothing to write");
		is_int(wr_mbr_from_hex("80", "", back), -1, "... nor one cut short");
		hex[5] = 'x';
		is_int(wr_mbr_from_hex(hex, sha, back), -1, "... nor one with a non-hex digit");
	}
	wr_inventory_note_mbr(&inv, 0, want);
	ok(parts[0].active && !parts[1].active, "the inventory follows the sector written");
	ok(parts[2].active, "... on that disk only");
	wr_inventory_note_mbr(&inv, 0, in);
	ok(parts[0].active, "... and a sector that is no MBR changes nothing");
	return tap_done();
}
