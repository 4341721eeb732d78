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
	if (len < 4 || memcmp(data, WR_REGF_SIGNATURE, 4) != 0) {
		wr_error_set(err, EINVAL, _("not a registry hive (no \"regf\" signature)"));
		return -1;
	}
	if (len < WR_REGF_HEAD_SIZE) {
		wr_error_set(err, EINVAL, _("the hive header is cut short (%zu of 512 bytes)"),
		             len);
		return -1;
	}
	memset(hdr, 0, sizeof(*hdr));
	hdr->seq1 = wr_le32(data + WR_REGF_SEQ1);
	hdr->seq2 = wr_le32(data + WR_REGF_SEQ2);
	hdr->timestamp = wr_le64(data + WR_REGF_TIMESTAMP);
	hdr->major = wr_le32(data + WR_REGF_MAJOR);
	hdr->minor = wr_le32(data + WR_REGF_MINOR);
	hdr->file_type = wr_le32(data + WR_REGF_FILE_TYPE);
	hdr->file_format = wr_le32(data + WR_REGF_FILE_FORMAT);
	hdr->root_offset = wr_le32(data + WR_REGF_ROOT);
	hdr->hbins_size = wr_le32(data + WR_REGF_HBINS_SIZE);
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

int wr_regf_key_name(const uint8_t *cell, size_t len, char **name, struct wr_error *err)
{
	const uint8_t *nk = cell + WR_CELL_HEADER_LEN;
	size_t name_len;
	char *s;

	if (len < WR_CELL_HEADER_LEN + WR_NK_NAME || memcmp(nk, WR_NK_SIGNATURE, 2) != 0) {
		wr_error_set(err, EINVAL, _("the cell is not a key"));
		return -1;
	}
	name_len = wr_le16(nk + WR_NK_NAME_LEN);
	if (WR_CELL_HEADER_LEN + WR_NK_NAME + name_len > len) {
		wr_error_set(err, EINVAL, _("the key name runs past the end of the file"));
		return -1;
	}
	if (wr_le16(nk + WR_NK_FLAGS) & WR_NK_FLAG_ASCII_NAME) {
		/* "Compressed" names are Latin-1: widen each byte to UTF-16. */
		uint8_t *wide = calloc(name_len + 1, 2);

		if (!wide)
			goto oom;
		for (size_t i = 0; i < name_len; i++)
			wide[2 * i] = nk[WR_NK_NAME + i];
		s = wr_utf16le_decode(wide, name_len * 2);
		free(wide);
	} else {
		s = wr_utf16le_decode(nk + WR_NK_NAME, name_len);
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
