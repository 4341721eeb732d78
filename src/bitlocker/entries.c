/* SPDX-License-Identifier: GPL-3.0-or-later */
/* entries.c - walking the entries of the metadata: the description, the key protectors. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/le.h"
#include "base/text.h"
#include "base/utf16.h"

#include "internal.h"

#define VOLUME_HEADER_LEN 16 /* its offset and size, 8 bytes each */
#define FVEK_MIN_LEN      28 /* nonce 12 and MAC 16 before the encrypted key */

int wr__bl_next_entry(const uint8_t *p, size_t len, size_t *pos, struct wr__bl_entry *e,
                      struct wr_error *err)
{
	size_t left = len - *pos;

	if (left < 4)
		return 0;
	e->size = wr_le16(p + *pos);
	if (e->size == 0)
		return 0;
	if (e->size < WR_BL_ENTRY_HDR) {
		wr_error_set(err, EINVAL,
		             _("an entry at byte %zu is %u bytes, shorter than its header"), *pos,
		             e->size);
		return -1;
	}
	if (e->size > left) {
		wr_error_set(
		    err, EINVAL,
		    _("an entry at byte %zu is %u bytes, past the end of its list (%zu bytes)"),
		    *pos, e->size, len);
		return -1;
	}
	e->p = p + *pos;
	e->type = wr_le16(e->p + 2);
	e->value = wr_le16(e->p + 4);
	*pos += e->size;
	return 1;
}

/* UTF-16 as UTF-8, cut at a character to fit. */
static int read_description(const struct wr__bl_entry *e, struct wr_bl_volume *v,
                            struct wr_error *err)
{
	char *s = wr_utf16le_decode(e->p + WR_BL_ENTRY_HDR, e->size - WR_BL_ENTRY_HDR);
	size_t n;

	if (!s) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	n = strnlen(s, sizeof(v->description) - 1);
	memcpy(v->description, s, n);
	v->description[n] = '\0';
	wr_utf8_trim(v->description);
	free(s);
	return 0;
}

/* What cryptsetup 2.6.1 requires of the entries it reads for a volume's key
 * and header; the rest of the metadata does not need them. */
static int cryptsetup_sizes(const struct wr__bl_entry *e, struct wr_error *err)
{
	size_t len = e->size - WR_BL_ENTRY_HDR;

	if ((e->type == WR_BL_ENTRY_FVEK && len < FVEK_MIN_LEN) ||
	    (e->type == WR_BL_ENTRY_VOLUME_HEADER && len < VOLUME_HEADER_LEN)) {
		wr_error_set(err, EINVAL, _("cryptsetup 2.6.1 cannot read this metadata"));
		return -1;
	}
	return 0;
}

int wr__bl_read_entries(const uint8_t *p, size_t len, bool as_cryptsetup, struct wr_bl_volume *v,
                        struct wr_error *err)
{
	bool described = false;
	struct wr__bl_entry e;
	size_t pos = 0;
	int r;

	while ((r = wr__bl_next_entry(p, len, &pos, &e, err)) == 1) {
		if (as_cryptsetup && cryptsetup_sizes(&e, err) < 0)
			return -1;
		if (e.type == WR_BL_ENTRY_DESCRIPTION && !described) {
			described = true;
			if (read_description(&e, v, err) < 0)
				return -1;
		} else if (e.type == WR_BL_ENTRY_VMK &&
		           wr__bl_add_protector(e.p + WR_BL_ENTRY_HDR, e.size - WR_BL_ENTRY_HDR,
		                                as_cryptsetup, v, err) < 0) {
			return -1;
		}
	}
	return r;
}
