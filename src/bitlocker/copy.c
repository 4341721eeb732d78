/* SPDX-License-Identifier: GPL-3.0-or-later */
/* copy.c - one FVE metadata copy: its block header, sizes, checksum, metadata header. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/le.h"

#include "internal.h"

#define FILETIME_PER_SECOND 10000000
#define FILETIME_UNIX_EPOCH 11644473600 /* seconds from 1601 to 1970 */

/* The block header and metadata header (the first 112 bytes) checked: the
 * metadata size into *meta, how many bytes of the copy to read into *need. */
static int check_head(const uint8_t *h, bool as_cryptsetup, uint32_t *meta_size, size_t *need,
                      struct wr_error *err)
{
	size_t block = (size_t)wr_le16(h + WR_BL_BLOCK_SIZE) << 4;
	uint32_t meta = wr_le32(h + WR_BL_META_SIZE);

	if (memcmp(h, WR_BL_SIGNATURE, 8) != 0) {
		wr_error_set(err, EINVAL, _("it has no \"-FVE-FS-\" signature"));
		return -1;
	}
	if (wr_le16(h + WR_BL_BLOCK_VERSION) != 2) {
		wr_error_set(err, ENOTSUP, _("unsupported BitLocker version %u"),
		             wr_le16(h + WR_BL_BLOCK_VERSION));
		return -1;
	}
	if (meta < WR_BL_META_HDR_LEN || meta > WR_BL_AREA - WR_BL_META) {
		wr_error_set(err, EINVAL, _("its metadata size (%u bytes) does not fit"),
		             (unsigned)meta);
		return -1;
	}
	*meta_size = meta;
	*need = WR_BL_META + meta;
	if (as_cryptsetup) /* it trusts the metadata size alone */
		return 0;
	if (wr_le32(h + WR_BL_META_HDR_SIZE) != WR_BL_META_HDR_LEN || block < WR_BL_META + meta ||
	    block > WR_BL_AREA - WR_BL_VALIDATION_SIZE) {
		wr_error_set(err, EINVAL,
		             _("its block size (%zu bytes) does not hold its metadata (%u bytes)"),
		             block, (unsigned)meta);
		return -1;
	}
	*need = block + WR_BL_VALIDATION_SIZE;
	return 0;
}

/* The validation record after the block: its CRC-32 must be the block's, or
 * the copy is damaged (Windows, and cryptsetup since 2.8.2, then read another). */
static int check_crc(const uint8_t *block, size_t len, struct wr_error *err)
{
	const uint8_t *v = block + len;

	if (wr_le16(v) < WR_BL_VALIDATION_SIZE || wr_le16(v + 2) > 2) {
		wr_error_set(err, EINVAL, _("it has no checksum"));
		return -1;
	}
	if (wr_le32(v + 4) != wr__bl_crc32(block, len)) {
		wr_error_set(err, EINVAL, _("its checksum is wrong: it is damaged"));
		return -1;
	}
	return 0;
}

static void read_facts(const uint8_t *b, struct wr_bl_volume *v)
{
	uint64_t created = wr_le64(b + WR_BL_META_CREATED);

	wr__bl_guid(b + WR_BL_META_GUID, v->guid);
	v->method = wr_le16(b + WR_BL_META_METHOD);
	v->created = (int64_t)(created / FILETIME_PER_SECOND) - FILETIME_UNIX_EPOCH;
	v->volume_size = wr_le64(b + WR_BL_VOLUME_SIZE);
	v->state = wr_le16(b + WR_BL_STATE);
	v->next_state = wr_le16(b + WR_BL_NEXT_STATE);
}

int wr__bl_read_copy(wr_bl_read_fn read, void *opaque, uint64_t size, uint64_t offset,
                     bool as_cryptsetup, struct wr_bl_volume *v, struct wr_error *err)
{
	uint8_t head[WR_BL_ENTRIES];
	uint8_t *block;
	uint32_t meta;
	size_t need;
	int r;

	if (offset > size || size - offset < sizeof(head)) {
		wr_error_set(err, EINVAL,
		             _("its offset %llu is past the end of the volume (%llu bytes)"),
		             (unsigned long long)offset, (unsigned long long)size);
		return -1;
	}
	if (read(opaque, offset, sizeof(head), head, err) < 0 ||
	    check_head(head, as_cryptsetup, &meta, &need, err) < 0)
		return -1;
	if (size - offset < need) {
		wr_error_set(err, EINVAL, _("it runs past the end of the volume"));
		return -1;
	}
	block = malloc(need);
	if (!block) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	r = read(opaque, offset, need, block, err);
	if (r == 0 && !as_cryptsetup)
		r = check_crc(block, need - WR_BL_VALIDATION_SIZE, err);
	if (r == 0) {
		/* The sizes checked are those of the first read: a device may
		 * change under us. */
		read_facts(block, v);
		r = wr__bl_read_entries(block + WR_BL_ENTRIES, meta - WR_BL_META_HDR_LEN,
		                        as_cryptsetup, v, err);
	}
	free(block);
	return r;
}
