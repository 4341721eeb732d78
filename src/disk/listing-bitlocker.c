/* SPDX-License-Identifier: GPL-3.0-or-later */
/* listing-bitlocker.c - a BitLocker partition in the disks' listing: its volume, its key
 * protectors, and what would open it. */
#include "config.h"

#include <stdio.h>

#include "base/i18n.h"
#include "base/json.h"
#include "inventory-internal.h"

/* Where Azure Disk Encryption keeps a startup key, and how to fetch it:
 * for a locked volume with one. */
static void ade_lines(const struct wr_bl_volume *v, const char *indent, struct wr_buf *out)
{
	char file[48];

	for (size_t i = 0; i < v->n_protectors; i++) {
		if (v->protectors[i].kind != WR_BL_STARTUP_KEY)
			continue;
		wr_bl_bek_name(v->protectors[i].guid, file);
		wr_buf_printf(out,
		              _("%sAzure Disk Encryption keeps %s as a Key Vault secret tagged "
		                "DiskEncryptionKeyFileName=%s:\n"),
		              indent, file, file);
		wr_buf_printf(out,
		              "%s  az keyvault secret list --vault-name VAULT --query "
		              "\"[?tags.DiskEncryptionKeyFileName=='%s'].id\" -o tsv\n",
		              indent, file);
		wr_buf_printf(out,
		              "%s  az keyvault secret show --id SECRET-ID --query value -o tsv | "
		              "base64 -d > %s\n",
		              indent, file);
		wr_buf_printf(out,
		              _("%s(with a key-encryption key, unwrap the value with it first: "
		                "RSA-OAEP, then base64url-decode)\n"),
		              indent);
	}
}

void wr__bitlocker_lines(const struct wr_part *p, const char *indent, struct wr_buf *out)
{
	if (p->role == WR_ROLE_BITLOCKER && !p->encrypted) {
		wr_buf_printf(out, "%s%s\n", indent, _("BitLocker: its metadata cannot be read"));
		return;
	}
	if (!p->encrypted)
		return;
	wr_buf_printf(out, "%s%s\n", indent,
	              p->unlocked ? _("BitLocker: unlocked") : _("BitLocker: locked"));
	wr_bl_volume_text(&p->bitlocker, indent, out);
	if (!p->unlocked)
		ade_lines(&p->bitlocker, indent, out);
}

/* Why a repair cannot read partition `p`, and what to give: one line. */
void wr__bitlocker_problem(const struct wr_part *p, const char *name, struct wr_buf *out)
{
	const struct wr_bl_volume *v = &p->bitlocker;
	char needs[WR_BL_NEEDS_MAX], id[WR_BL_ID_SIZE];

	wr_bl_id(v->guid, id);
	if (!p->encrypted)
		wr_buf_printf(out, _("%s: BitLocker-encrypted, and its metadata cannot be read\n"),
		              name);
	else if (wr_bl_refusal(v))
		wr_buf_printf(out, _("%s: BitLocker volume %s cannot be opened: %s\n"), name, id,
		              wr_bl_refusal(v));
	else
		wr_buf_printf(out,
		              _("%s: BitLocker volume %s is locked: %s (--key %s:key:KEY or "
		                "--key %s:file:FILE)\n"),
		              name, id, wr_bl_needs(v, needs), name, name);
}

void wr__bitlocker_json(struct wr_json *j, const struct wr_part *p)
{
	const struct wr_bl_volume *v = &p->bitlocker;
	char file[48];

	if (!p->encrypted) {
		wr_json_null(j, "bitlocker");
		return;
	}
	wr_json_begin_object(j, "bitlocker");
	wr_json_string(j, "guid", v->guid);
	wr_json_string(j, "description", v->description);
	wr_json_string(j, "method", wr_bl_method_name(v->method));
	wr_json_uint(j, "sector_size", v->sector_size);
	wr_json_bool(j, "unlocked", p->unlocked);
	wr_json_string(j, "refusal", wr_bl_refusal(v));
	wr_json_begin_array(j, "protectors");
	for (size_t i = 0; i < v->n_protectors; i++) {
		const struct wr_bl_protector *k = &v->protectors[i];

		wr_json_begin_object(j, NULL);
		wr_json_string(j, "kind", wr_bl_protector_key(k->kind));
		wr_json_string(j, "id", k->guid);
		wr_bl_bek_name(k->guid, file);
		wr_json_string(j, "file", k->kind == WR_BL_STARTUP_KEY ? file : NULL);
		wr_json_end_object(j);
	}
	wr_json_end_array(j);
	wr_json_end_object(j);
}
