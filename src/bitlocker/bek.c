/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bek.c - .BEK startup-key files: which key protector they open. */
#include "config.h"

#include <errno.h>

#include "base/i18n.h"
#include "base/le.h"

#include "internal.h"

/*
 * A .BEK file is a metadata header (48 bytes: its size, version 1, header
 * size 48, then the key's GUID at 16) and one entry: a startup key stored
 * as an external key (GUID 16, time 8, then properties, among them the key).
 */
#define BEK_MAX          4096u
#define BEK_SIZE         0u
#define BEK_VERSION      4u
#define BEK_HDR_SIZE     8u
#define BEK_GUID         16u
#define BEK_HDR_LEN      48u
#define EXTERNAL_KEY_LEN 24u /* its GUID and time, before its properties */

/* Whether the entries after the header are an external key holding a key:
 * 1, 0, or -1 with err when an entry does not fit. */
static int holds_key(const uint8_t *p, size_t len, struct wr_error *err)
{
	struct wr__bl_entry e;
	size_t pos = 0;
	int r = wr__bl_next_entry(p, len, &pos, &e, err);

	if (r <= 0 || e.type != WR_BL_ENTRY_STARTUP_KEY || e.value != WR_BL_VALUE_EXTERNAL_KEY ||
	    e.size < WR_BL_ENTRY_HDR + EXTERNAL_KEY_LEN)
		return r < 0 ? -1 : 0;
	p = e.p + WR_BL_ENTRY_HDR + EXTERNAL_KEY_LEN;
	len = e.size - WR_BL_ENTRY_HDR - EXTERNAL_KEY_LEN;
	pos = 0;
	while ((r = wr__bl_next_entry(p, len, &pos, &e, err)) == 1)
		if (e.type == WR_BL_ENTRY_PROPERTY && e.value == WR_BL_VALUE_KEY &&
		    e.size > WR_BL_ENTRY_HDR + 4) /* the key's method, then the key */
			return 1;
	return r;
}

int wr_bl_bek_guid(const uint8_t *data, size_t len, char guid[WR_BL_GUID_SIZE],
                   struct wr_error *err)
{
	int r;

	if (len < BEK_HDR_LEN + WR_BL_ENTRY_HDR || len > BEK_MAX) {
		wr_error_set(err, EINVAL,
		             _("%zu bytes is not the size of a startup key (.BEK) file"), len);
		return -1;
	}
	if (wr_le32(data + BEK_SIZE) != len || wr_le32(data + BEK_HDR_SIZE) != BEK_HDR_LEN) {
		wr_error_set(err, EINVAL,
		             _("not a startup key (.BEK) file: its header does not "
		               "match its size"));
		return -1;
	}
	if (wr_le32(data + BEK_VERSION) != 1) {
		wr_error_set(err, EINVAL, _("unsupported startup key file version %u"),
		             (unsigned)wr_le32(data + BEK_VERSION));
		return -1;
	}
	r = holds_key(data + BEK_HDR_LEN, len - BEK_HDR_LEN, err);
	if (r < 0)
		return -1;
	if (r == 0) {
		wr_error_set(err, EINVAL, _("the startup key (.BEK) file holds no key"));
		return -1;
	}
	wr__bl_guid(data + BEK_GUID, guid);
	return 0;
}
