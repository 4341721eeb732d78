/* SPDX-License-Identifier: GPL-3.0-or-later */
/* regf.c - reading a hive's base block and root key name ourselves (hivex hides both). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/le.h"
#include "base/utf16.h"
#include "internal.h"
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

int wr_regf_check_hbins_size(const struct wr_regf_header *hdr, uint64_t len, struct wr_error *err)
{
	if (len < WR_REGF_BASE_SIZE) {
		wr_error_set(err, EINVAL, _("%zu bytes is shorter than a hive's base block"),
		             (size_t)len);
		return -1;
	}
	if (hdr->hbins_size == 0 || hdr->hbins_size % WR_HBIN_ALIGN) {
		wr_error_set(err, EINVAL,
		             _("the hive header gives %u bytes of hive bins, not a positive "
		               "multiple of 4096"),
		             hdr->hbins_size);
		return -1;
	}
	if (hdr->hbins_size > len - WR_REGF_BASE_SIZE) {
		wr_error_set(err, EINVAL,
		             _("the hive is truncated: its header gives %u bytes of data, the file "
		               "has %llu after the header"),
		             hdr->hbins_size, (unsigned long long)(len - WR_REGF_BASE_SIZE));
		return -1;
	}
	return 0;
}

int wr__regf_key_cell(const uint8_t *cell, size_t room, struct wr_error *err)
{
	const size_t record = WR_CELL_HEADER_LEN + WR_NK_NAME;
	size_t size, name_len;
	int32_t raw;

	if (room < WR_CELL_HEADER_LEN + 2 || memcmp(cell + WR_CELL_HEADER_LEN, WR_NK_SIGNATURE, 2))
		return 1;
	raw = (int32_t)wr_le32(cell);
	if (raw >= 0)
		return 1;
	size = (size_t) - (int64_t)raw;
	if (size > room) {
		wr_error_set(err, EINVAL, _("its %zu-byte cell runs past the end of the hive bins"),
		             size);
		return -1;
	}
	if (size < record) {
		wr_error_set(err, EINVAL, _("its %zu-byte cell is shorter than a key record"),
		             size);
		return -1;
	}
	name_len = wr_le16(cell + WR_CELL_HEADER_LEN + WR_NK_NAME_LEN);
	if (name_len > size - record) {
		wr_error_set(err, EINVAL,
		             _("its %zu-byte name runs past the end of its %zu-byte cell"),
		             name_len, size);
		return -1;
	}
	return 0;
}

int wr_regf_key_name(const uint8_t *cell, size_t len, char **name, struct wr_error *err)
{
	int r = wr__regf_key_cell(cell, len, err);
	const uint8_t *nk;
	size_t name_len;
	char *s;

	if (r == 1)
		wr_error_set(err, EINVAL, _("the cell is not a key"));
	if (r != 0)
		return -1;
	nk = cell + WR_CELL_HEADER_LEN;
	name_len = wr_le16(nk + WR_NK_NAME_LEN);
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

int wr_regf_root_room(const struct wr_regf_header *hdr, uint64_t len, size_t *room,
                      struct wr_error *err)
{
	uint64_t cell = (uint64_t)WR_REGF_BASE_SIZE + hdr->root_offset;
	uint64_t end = (uint64_t)WR_REGF_BASE_SIZE + hdr->hbins_size;

	if (cell >= len) {
		wr_error_set(err, EINVAL, _("root key offset 0x%x is outside the file"),
		             hdr->root_offset);
		return -1;
	}
	if (cell >= end) {
		wr_error_set(err, EINVAL,
		             _("root key offset 0x%x is past the end of the hive bins"),
		             hdr->root_offset);
		return -1;
	}
	*room = (size_t)((end < len ? end : len) - cell);
	return 0;
}

int wr_regf_root_name(const uint8_t *data, size_t len, const struct wr_regf_header *hdr,
                      char **name, struct wr_error *err)
{
	size_t room;

	if (wr_regf_root_room(hdr, len, &room, err) < 0)
		return -1;
	if (wr_regf_key_name(data + WR_REGF_BASE_SIZE + hdr->root_offset, room, name, err) < 0) {
		wr_error_prefix(err, _("root key at 0x%x"), hdr->root_offset);
		return -1;
	}
	return 0;
}
