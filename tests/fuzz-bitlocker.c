/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-bitlocker.c - libFuzzer target: arbitrary bytes as a BitLocker volume (as they are, then
 * with each copy's checksum made right, so the entries are reached) and as a .BEK file. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/le.h"
#include "bitlocker/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every refusal has a code and a message. */
static void refused(const struct wr_error *err)
{
	if (!err->code || !err->msg[0])
		abort();
}

/* No byte a terminal acts on: C0 but newline, DEL. */
static void terminal_safe(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\n') || *s == 0x7f)
			abort();
}

static void volume(const uint8_t *data, size_t size)
{
	struct wr_buf text = WR_BUF_INIT;
	struct wr_error err = {0};
	struct wr_bl_volume v;

	if (wr_bl_read_memory(data, size, &v, &err) < 0) {
		refused(&err);
		return;
	}
	if (!wr_bl_is_volume(data, size) || v.copy > 2 || v.n_protectors > WR_BL_MAX_PROTECTORS ||
	    strlen(v.description) >= sizeof(v.description) || strlen(v.guid) != 36)
		abort();
	wr_bl_refusal(&v);
	wr_bl_volume_text(&v, "  ", &text);
	terminal_safe(wr_buf_str(&text));
	wr_buf_free(&text);
}

/* The copies the header points to, each given a validation record that
 * matches it: without, nearly every mutation fails the checksum. */
static void fix_checksums(uint8_t *d, size_t size)
{
	size_t id =
	    memcmp(d + 3, WR_BL_SIGNATURE_TO_GO, 8) == 0 ? WR_BL_IDENTIFIER_TOGO : WR_BL_IDENTIFIER;

	for (size_t i = 0; i < WR_BL_COPIES; i++) {
		uint64_t at = wr_le64(d + id + 16 + 8 * i);
		size_t block;

		if (at > size || size - at < WR_BL_ENTRIES)
			continue;
		block = (size_t)wr_le16(d + at + WR_BL_BLOCK_SIZE) << 4;
		if (size - at < block + WR_BL_VALIDATION_SIZE)
			continue;
		wr_put_le16(d + at + block, WR_BL_VALIDATION_SIZE);
		wr_put_le16(d + at + block + 2, 2);
		wr_put_le32(d + at + block + 4, wr__bl_crc32(d + at, block));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char guid[WR_BL_GUID_SIZE];
	struct wr_error err = {0};
	uint8_t *copy;

	volume(data, size);
	if (size >= WR_BL_SECTOR && (copy = malloc(size))) {
		memcpy(copy, data, size);
		fix_checksums(copy, size);
		volume(copy, size);
		free(copy);
	}
	if (wr_bl_bek_guid(data, size, guid, &err) < 0)
		refused(&err);
	else if (strlen(guid) != 36)
		abort();
	return 0;
}
