/* SPDX-License-Identifier: GPL-3.0-or-later */
/* protectors.c - key protectors (VMK entries): their kind, their ID, what cryptsetup takes. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "base/i18n.h"
#include "base/le.h"

#include "internal.h"

#define SALT_LEN          (4 + 16)  /* a stretch key's method, then its salt */
#define ENCRYPTED_KEY_MIN (12 + 16) /* nonce and MAC */

/*
 * The protection type is a set of bits: 0x0100 TPM, 0x0200 startup key,
 * 0x0400 PIN, 0x0800 recovery password, 0x1000 certificate, 0x2000
 * password.  The two TPM and startup-key sets follow from those bits; the
 * others are each seen on Windows' own volumes.
 */
static enum wr_bl_protector_kind kind_of(uint16_t raw)
{
	switch (raw) {
	case 0x0000:
		return WR_BL_CLEAR_KEY;
	case 0x0100:
		return WR_BL_TPM;
	case 0x0200:
		return WR_BL_STARTUP_KEY;
	case 0x0300:
		return WR_BL_TPM_STARTUP_KEY;
	case 0x0500:
		return WR_BL_TPM_PIN;
	case 0x0700:
		return WR_BL_TPM_PIN_STARTUP_KEY;
	case 0x0800:
		return WR_BL_RECOVERY_PASSWORD;
	case 0x1000:
		return WR_BL_SMART_CARD;
	case 0x2000:
		return WR_BL_PASSWORD;
	default:
		return WR_BL_OTHER;
	}
}

/*
 * Whether cryptsetup 2.6.1 refuses the volume for this property of a
 * protector: in one it could open (a password, a recovery password, a
 * startup key), for any it does not know; in any, for one too short for it.
 * `left` counts the bytes from the property to the protector's end.
 */
static bool cryptsetup_refuses(const struct wr__bl_entry *e, size_t left,
                               enum wr_bl_protector_kind kind, bool *named)
{
	bool opens =
	    kind == WR_BL_PASSWORD || kind == WR_BL_RECOVERY_PASSWORD || kind == WR_BL_STARTUP_KEY;

	if (e->type != WR_BL_ENTRY_PROPERTY && opens)
		return true;
	switch (e->value) {
	case WR_BL_VALUE_STRETCH_KEY:
		return left < WR_BL_ENTRY_HDR + SALT_LEN; /* not the entry's own size */
	case WR_BL_VALUE_ENCRYPTED_KEY:
		return e->size < WR_BL_ENTRY_HDR + ENCRYPTED_KEY_MIN;
	case WR_BL_VALUE_KEY:
	case WR_BL_VALUE_RECOVERY_TIME:
		return false;
	case WR_BL_VALUE_STRING: /* the protector's name: one only */
		if (*named)
			return opens;
		*named = true;
		return false;
	case WR_BL_VALUE_USE_KEY:
		return opens && kind != WR_BL_STARTUP_KEY;
	default:
		return opens;
	}
}

/* The properties after the VMK's own fields: entries that must fit in it;
 * for cryptsetup, none it refuses. */
static int check_properties(const uint8_t *p, size_t len, enum wr_bl_protector_kind kind,
                            bool as_cryptsetup, struct wr_error *err)
{
	bool named = false;
	struct wr__bl_entry e;
	size_t pos = 0;
	int r;

	while ((r = wr__bl_next_entry(p, len, &pos, &e, err)) == 1) {
		if (as_cryptsetup && cryptsetup_refuses(&e, len - (pos - e.size), kind, &named)) {
			wr_error_set(err, EINVAL, _("cryptsetup 2.6.1 cannot read this metadata"));
			return -1;
		}
	}
	return r;
}

int wr__bl_add_protector(const uint8_t *value, size_t len, bool as_cryptsetup,
                         struct wr_bl_volume *v, struct wr_error *err)
{
	struct wr_bl_protector *k;
	uint16_t raw;

	if (len < WR_BL_VMK_LEN) {
		wr_error_set(err, EINVAL, _("a key protector's entry is %zu bytes, too short"),
		             len + WR_BL_ENTRY_HDR);
		return -1;
	}
	raw = wr_le16(value + WR_BL_VMK_PROTECTION);
	if (check_properties(value + WR_BL_VMK_LEN, len - WR_BL_VMK_LEN, kind_of(raw),
	                     as_cryptsetup, err) < 0)
		return -1;
	if (v->n_protectors == WR_BL_MAX_PROTECTORS) {
		v->n_more_protectors++;
		return 0;
	}
	k = &v->protectors[v->n_protectors++];
	k->kind = kind_of(raw);
	k->raw = raw;
	wr__bl_guid(value, k->guid);
	return 0;
}
