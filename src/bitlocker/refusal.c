/* SPDX-License-Identifier: GPL-3.0-or-later */
/* refusal.c - why cryptsetup 2.6.1 will not open a volume, from what its bitlk.c checks. */
#include "config.h"

#include "base/i18n.h"

#include "bitlocker.h"

/*
 * cryptsetup 2.6.1 reads the header and the first metadata copy, then
 * refuses, in this order: a sector size other than 512 or 4096; a first
 * copy it cannot read (it reads no other); a method it does not know; any
 * state but encrypted, going to encrypted; a type but normal (it names
 * encrypt-on-write); a clear key among the protectors ("partially
 * decrypted").  Vista's version 1, which it refuses too, is not read here.
 */

static const char *state_refusal(uint16_t state, uint16_t next)
{
	bool paused = state == WR_BL_STATE_PAUSED;

	if (next == WR_BL_STATE_ENCRYPTED)
		return paused ? _("its encryption is paused halfway") : _("it is being encrypted");
	if (next == WR_BL_STATE_DECRYPTED)
		return paused ? _("its decryption is paused halfway") : _("it is being decrypted");
	return _("it is in a BitLocker state cryptsetup does not know");
}

const char *wr_bl_refusal(const struct wr_bl_volume *v)
{
	const struct wr_bl_first_copy *f = &v->first;

	if (v->sector_size != 512 && v->sector_size != 4096)
		return _("its sector size is neither 512 nor 4096 bytes");
	if (!f->readable)
		return _("its first metadata copy is damaged, and cryptsetup 2.6.1 reads no other");
	if (!f->method_known)
		return _("its encryption method is one cryptsetup does not know");
	if (f->state != WR_BL_STATE_ENCRYPTED || f->next_state != WR_BL_STATE_ENCRYPTED)
		return state_refusal(f->state, f->next_state);
	if (v->type == WR_BL_TYPE_USED_SPACE)
		return _(
		    "it was encrypted \"used space only\" (encrypt-on-write), which cryptsetup "
		    "2.6.1 cannot open");
	if (v->type != WR_BL_TYPE_NORMAL)
		return _("its BitLocker type is one cryptsetup does not know");
	if (f->clear_key)
		return _("its key is stored in the clear (protection suspended, or decryption "
		         "begun), which cryptsetup 2.6.1 cannot open");
	return NULL;
}
