/* SPDX-License-Identifier: GPL-3.0-or-later */
/* regf.c - reading a hive's base block and root key name ourselves (hivex hides both). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/le.h"
#include "base/utf16.h"
#include "regf.h"

uint32_t wr_regf_checksum(const uint8_t *base)
{
	uint32_t sum = 0;

	for (size_t off = 0; off < WR_REGF_CSUM_OFFSET; off += 4)
		sum ^= wr_le32(base + off);
	/* Windows never stores 0 or all ones: those would read as "unset". */
	if (sum == 0xffffffffu)
		return 0xfffffffeu;
	if (sum == 0)
		return 1;
	return sum;
}

int wr_regf_parse(const uint8_t *data, size_t len, struct wr_regf_header *hdr, struct wr_error *err)
{
	if (len < 4 || memcmp(data, "regf", 4) != 0) {
		wr_error_set(err, EINVAL, _("not a registry hive (no \"regf\" signature)"));
		return -1;
	}
	if (len < 512) {
		wr_error_set(err, EINVAL, _("the hive header is cut short (%zu of 512 bytes)"),
		             len);
		return -1;
	}
	memset(hdr, 0, sizeof(*hdr));
	hdr->seq1 = wr_le32(data + 0x04);
	hdr->seq2 = wr_le32(data + 0x08);
	hdr->timestamp = wr_le32(data + 0x0c) | (uint64_t)wr_le32(data + 0x10) << 32;
	hdr->major = wr_le32(data + 0x14);
	hdr->minor = wr_le32(data + 0x18);
	hdr->file_type = wr_le32(data + 0x1c);
	hdr->file_format = wr_le32(data + 0x20);
	hdr->root_offset = wr_le32(data + 0x24);
	hdr->hbins_size = wr_le32(data + 0x28);
	hdr->checksum = wr_le32(data + WR_REGF_CSUM_OFFSET);
	hdr->checksum_wanted = wr_regf_checksum(data);
	hdr->checksum_ok = hdr->checksum == hdr->checksum_wanted;
	hdr->dirty = hdr->seq1 != hdr->seq2;
	if (hdr->major != 1) {
		wr_error_set(err, EINVAL, _("unsupported registry hive version %u.%u"), hdr->major,
		             hdr->minor);
		return -1;
	}
	return 0;
}

/* Offsets inside a key ("nk") cell's data, after the 4-byte cell size. */
enum {
	NK_FLAGS = 0x02,
	NK_NAME_LEN = 0x48,
	NK_NAME = 0x4c,
	NK_FLAG_ASCII_NAME = 0x20,
};

int wr_regf_key_name(const uint8_t *cell, size_t len, char **name, struct wr_error *err)
{
	const uint8_t *nk = cell + 4;
	size_t name_len;
	char *s;

	if (len < 4 + NK_NAME || memcmp(nk, "nk", 2) != 0) {
		wr_error_set(err, EINVAL, _("the cell is not a key"));
		return -1;
	}
	name_len = wr_le16(nk + NK_NAME_LEN);
	if (4 + NK_NAME + name_len > len) {
		wr_error_set(err, EINVAL, _("the key name runs past the end of the file"));
		return -1;
	}
	if (nk[NK_FLAGS] & NK_FLAG_ASCII_NAME) {
		/* "Compressed" names are Latin-1: widen each byte to UTF-16. */
		uint8_t *wide = calloc(name_len + 1, 2);

		if (!wide)
			goto oom;
		for (size_t i = 0; i < name_len; i++)
			wide[2 * i] = nk[NK_NAME + i];
		s = wr_utf16le_decode(wide, name_len * 2);
		free(wide);
	} else {
		s = wr_utf16le_decode(nk + NK_NAME, name_len);
	}
	if (!s)
		goto oom;
	*name = s;
	return 0;
oom:
	wr_error_set(err, ENOMEM, _("out of memory"));
	return -1;
}

int wr_regf_root_name(const uint8_t *data, size_t len, const struct wr_regf_header *hdr,
                      char **name, struct wr_error *err)
{
	size_t cell = (size_t)WR_REGF_BASE_SIZE + hdr->root_offset;

	if (cell >= len) {
		wr_error_set(err, EINVAL, _("root key offset 0x%x is outside the file"),
		             hdr->root_offset);
		return -1;
	}
	if (wr_regf_key_name(data + cell, len - cell, name, err) < 0) {
		wr_error_prefix(err, _("root key at 0x%x"), hdr->root_offset);
		return -1;
	}
	return 0;
}
