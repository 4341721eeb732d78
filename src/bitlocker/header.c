/* SPDX-License-Identifier: GPL-3.0-or-later */
/* header.c - the volume header, and which of the three metadata copies is read. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "base/i18n.h"
#include "base/le.h"

#include "internal.h"

/* The BitLocker identifiers of the volume header. */
#define ID_NORMAL     "4967d63b-2e29-4ad8-8399-f6a339e3d001"
#define ID_USED_SPACE "92a84d3b-dd80-4d0e-9e4e-b1e3284eaed8" /* encrypt-on-write */

static enum wr_bl_type type_of(const uint8_t *id)
{
	char guid[WR_BL_GUID_SIZE];

	wr__bl_guid(id, guid);
	if (strcmp(guid, ID_NORMAL) == 0)
		return WR_BL_TYPE_NORMAL;
	if (strcmp(guid, ID_USED_SPACE) == 0)
		return WR_BL_TYPE_USED_SPACE;
	return WR_BL_TYPE_UNKNOWN;
}

/* To Go's header is a FAT32 one, as any FAT32 volume Windows formatted has:
 * only a BitLocker identifier where FAT keeps boot code tells them apart. */
static bool is_to_go(const uint8_t *s)
{
	return memcmp(s + 3, WR_BL_SIGNATURE_TO_GO, 8) == 0 &&
	       type_of(s + WR_BL_IDENTIFIER_TOGO) != WR_BL_TYPE_UNKNOWN;
}

bool wr_bl_is_volume(const uint8_t *sector, size_t len)
{
	return len >= WR_BL_SECTOR &&
	       (memcmp(sector + 3, WR_BL_SIGNATURE, 8) == 0 || is_to_go(sector));
}

/* The header's facts into `v`, and where the three metadata copies are. */
static int read_header(const uint8_t *s, struct wr_bl_volume *v, uint64_t offsets[WR_BL_COPIES],
                       struct wr_error *err)
{
	unsigned id;

	if (!wr_bl_is_volume(s, WR_BL_SECTOR)) {
		wr_error_set(err, EINVAL, _("not a BitLocker volume (no \"-FVE-FS-\" signature)"));
		return -1;
	}
	if (memcmp(s, WR_BL_BOOT_CODE_VISTA, 3) == 0) {
		wr_error_set(err, ENOTSUP, _("unsupported BitLocker version %u"), 1u);
		return -1;
	}
	if (memcmp(s, WR_BL_BOOT_CODE, 3) != 0) {
		wr_error_set(err, EINVAL, _("unknown BitLocker boot code %02x %02x %02x"), s[0],
		             s[1], s[2]);
		return -1;
	}
	v->to_go = is_to_go(s);
	id = v->to_go ? WR_BL_IDENTIFIER_TOGO : WR_BL_IDENTIFIER;
	v->type = type_of(s + id);
	v->sector_size = wr_le16(s + WR_BL_SECTOR_SIZE);
	if (v->sector_size == 0)
		v->sector_size = 512; /* as cryptsetup reads it */
	for (unsigned i = 0; i < WR_BL_COPIES; i++)
		offsets[i] = wr_le64(s + id + 16 + 8 * i);
	return 0;
}

/* The first copy as cryptsetup 2.6.1 reads it, into `first`: only memory
 * running out is an error. */
static int read_as_cryptsetup(wr_bl_read_fn read, void *opaque, uint64_t size, uint64_t offset,
                              const struct wr_bl_volume *head, struct wr_bl_first_copy *first,
                              struct wr_error *err)
{
	struct wr_bl_volume copy = *head;
	struct wr_error why = {0};

	if (wr__bl_read_copy(read, opaque, size, offset, true, &copy, &why) < 0) {
		if (why.code != ENOMEM)
			return 0;
		if (err)
			*err = why;
		return -1;
	}
	first->readable = true;
	first->method_known =
	    copy.method >= WR_BL_AES_128_DIFFUSER && copy.method <= WR_BL_XTS_AES_256;
	first->state = copy.state;
	first->next_state = copy.next_state;
	for (size_t i = 0; i < copy.n_protectors; i++)
		first->clear_key |= copy.protectors[i].kind == WR_BL_CLEAR_KEY;
	return 0;
}

/* The first whole copy into `out`, over what the header said (`head`); else
 * the first copy's fault. */
static int read_copies(wr_bl_read_fn read, void *opaque, uint64_t size,
                       const uint64_t offsets[WR_BL_COPIES], const struct wr_bl_volume *head,
                       struct wr_bl_volume *out, struct wr_error *err)
{
	struct wr_error first = {0};

	for (unsigned i = 0; i < WR_BL_COPIES; i++) {
		struct wr_error why = {0};

		*out = *head;
		if (wr__bl_read_copy(read, opaque, size, offsets[i], false, out, &why) == 0) {
			out->copy = i;
			return 0;
		}
		if (why.code == ENOMEM) {
			if (err)
				*err = why;
			return -1;
		}
		if (i == 0)
			first = why;
	}
	if (err) {
		*err = first;
		wr_error_prefix(
		    err, _("all three copies of the BitLocker metadata are damaged; the first"));
	}
	return -1;
}

int wr_bl_read_volume(wr_bl_read_fn read, void *opaque, uint64_t size, struct wr_bl_volume *out,
                      struct wr_error *err)
{
	uint8_t sector[WR_BL_SECTOR];
	uint64_t offsets[WR_BL_COPIES];
	struct wr_bl_volume head;

	memset(out, 0, sizeof(*out));
	if (size < WR_BL_SECTOR) {
		wr_error_set(err, EINVAL, _("%llu bytes is too small for a BitLocker volume"),
		             (unsigned long long)size);
		return -1;
	}
	if (read(opaque, 0, WR_BL_SECTOR, sector, err) < 0 ||
	    read_header(sector, out, offsets, err) < 0)
		return -1;
	head = *out;
	if (read_copies(read, opaque, size, offsets, &head, out, err) < 0 ||
	    read_as_cryptsetup(read, opaque, size, offsets[0], &head, &out->first, err) < 0)
		return -1;
	return 0;
}

struct memory {
	const uint8_t *data;
	size_t size;
};

static int read_memory(void *opaque, uint64_t offset, size_t len, uint8_t *out,
                       struct wr_error *err)
{
	const struct memory *m = opaque;

	if (offset > m->size || len > m->size - offset) {
		wr_error_set(err, EINVAL, _("a read past the end of the volume"));
		return -1;
	}
	memcpy(out, m->data + offset, len);
	return 0;
}

int wr_bl_read_memory(const uint8_t *data, size_t size, struct wr_bl_volume *out,
                      struct wr_error *err)
{
	struct memory m = {data, size};

	return wr_bl_read_volume(read_memory, &m, size, out, err);
}
