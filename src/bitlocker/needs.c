/* SPDX-License-Identifier: GPL-3.0-or-later */
/* needs.c - what opens a BitLocker volume here, in words: for the prompt, the listing and a
 * key that does not open it. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "bitlocker.h"

/* `guid` in upper case, as Windows shows key IDs, at most `max` bytes. */
static size_t upper(const char *guid, char *out, size_t max)
{
	size_t i = 0;

	for (; guid[i] && i < max; i++)
		out[i] = (char)toupper((unsigned char)guid[i]);
	return i;
}

void wr_bl_bek_name(const char *guid, char out[48])
{
	size_t n = upper(guid, out, 40);

	snprintf(out + n, 48 - n, ".BEK");
}

void wr_bl_id(const char *guid, char out[WR_BL_ID_SIZE])
{
	size_t n = upper(guid, out + 1, WR_BL_ID_SIZE - 3);

	out[0] = '{';
	out[n + 1] = '}';
	out[n + 2] = '\0';
}

bool wr_bl_openable(const struct wr_bl_volume *v)
{
	for (size_t i = 0; i < v->n_protectors; i++)
		if (wr_bl_protector_usable(v->protectors[i].kind))
			return true;
	return false;
}

/* Each usable protector once (startup keys each with their file), in the
 * order people are told: recovery password, password, startup key. */
static size_t usable_words(const struct wr_bl_volume *v, char words[][64], size_t max)
{
	static const enum wr_bl_protector_kind order[] = {WR_BL_RECOVERY_PASSWORD, WR_BL_PASSWORD,
	                                                  WR_BL_STARTUP_KEY};
	size_t n = 0;
	char file[48];

	for (size_t o = 0; o < sizeof(order) / sizeof(order[0]); o++)
		for (size_t i = 0; i < v->n_protectors && n < max; i++) {
			const struct wr_bl_protector *p = &v->protectors[i];

			if (p->kind != order[o])
				continue;
			if (p->kind == WR_BL_STARTUP_KEY) {
				wr_bl_bek_name(p->guid, file);
				snprintf(words[n++], 64, _("its startup key %s"), file);
			} else {
				snprintf(words[n++], 64, "%s",
				         p->kind == WR_BL_PASSWORD ? _("its password")
				                                   : _("its recovery password"));
				break; /* one of each is enough to say */
			}
		}
	return n;
}

const char *wr_bl_needs(const struct wr_bl_volume *v, char out[WR_BL_NEEDS_MAX])
{
	char words[8][64];
	size_t n = usable_words(v, words, 8), used = 0;

	if (n == 0) {
		snprintf(out, WR_BL_NEEDS_MAX, "%s",
		         _("no protector of it opens from Linux (a TPM or smart card only): "
		           "add a recovery password in Windows, or find the one Active "
		           "Directory or Entra ID keeps"));
		return out;
	}
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		/* TRANSLATORS: "its recovery password, its password or its startup key X" */
		const char *sep = i == 0 ? "" : i + 1 == n ? _(" or ") : ", ";
		int w = snprintf(out + used, WR_BL_NEEDS_MAX - used, "%s%s", sep, words[i]);

		if (w < 0 || (size_t)w >= WR_BL_NEEDS_MAX - used)
			break;
		used += (size_t)w;
	}
	return out;
}
