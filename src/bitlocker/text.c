/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text.c - a volume listed for people, as manage-bde shows it. */
#include "config.h"

#include <time.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/text.h"

#include "bitlocker.h"

/* IDs as Windows shows them: "{3E55195C-8811-...}". */
static void put_id(struct wr_buf *out, const char *guid)
{
	char id[WR_BL_ID_SIZE];

	wr_bl_id(guid, id);
	wr_buf_puts(out, id);
}

/* manage-bde -status's "Conversion Status". */
static const char *conversion_status(const struct wr_bl_volume *v)
{
	bool paused = v->state == WR_BL_STATE_PAUSED;

	if (v->next_state == WR_BL_STATE_ENCRYPTED) {
		if (v->state == WR_BL_STATE_ENCRYPTED)
			return v->type == WR_BL_TYPE_USED_SPACE ? _("Used Space Only Encrypted")
			                                        : _("Fully Encrypted");
		return paused ? _("Encryption Paused") : _("Encryption in Progress");
	}
	if (v->next_state == WR_BL_STATE_DECRYPTED) {
		if (v->state == WR_BL_STATE_DECRYPTED)
			return _("Fully Decrypted");
		return paused ? _("Decryption Paused") : _("Decryption in Progress");
	}
	return _("Unknown");
}

static void put_created(struct wr_buf *out, int64_t created)
{
	time_t t = (time_t)created;
	char stamp[32];
	struct tm tm;

	if (gmtime_r(&t, &tm) && strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S UTC", &tm))
		wr_buf_puts(out, stamp);
	else
		wr_buf_printf(out, "%lld", (long long)created);
}

static void put_facts(const struct wr_bl_volume *v, const char *indent, struct wr_buf *out)
{
	const char *method = wr_bl_method_name(v->method);

	wr_buf_printf(out, "%s", indent);
	wr_buf_puts(out, v->to_go ? _("BitLocker To Go volume") : _("BitLocker volume"));
	wr_buf_putc(out, ' ');
	put_id(out, v->guid);
	wr_buf_printf(out, "\n%s  %s ", indent, _("Description:"));
	wr_buf_put_printable(out, v->description);
	wr_buf_printf(out, "\n%s  %s ", indent, _("Created:"));
	put_created(out, v->created);
	wr_buf_printf(out, "\n%s  %s ", indent, _("Encryption Method:"));
	if (method)
		wr_buf_puts(out, method);
	else
		wr_buf_printf(out, _("unknown (0x%04x)"), v->method);
	wr_buf_printf(out, "\n%s  %s %s\n", indent, _("Conversion Status:"), conversion_status(v));
}

static void put_protector(const struct wr_bl_protector *k, const char *indent, struct wr_buf *out)
{
	char file[48];

	wr_buf_printf(out, "%s    %s:\n%s      %s ", indent, wr_bl_protector_name(k->kind), indent,
	              _("ID:"));
	put_id(out, k->guid);
	wr_buf_putc(out, '\n');
	if (k->kind != WR_BL_STARTUP_KEY)
		return;
	/* The file Windows saves the key to, and the name the user looks for. */
	wr_bl_bek_name(k->guid, file);
	wr_buf_printf(out, "%s      %s\n%s        %s\n", indent, _("External Key File Name:"),
	              indent, file);
}

void wr_bl_volume_text(const struct wr_bl_volume *v, const char *indent, struct wr_buf *out)
{
	size_t clear = 0;

	put_facts(v, indent, out);
	for (size_t i = 0; i < v->n_protectors; i++)
		clear += v->protectors[i].kind == WR_BL_CLEAR_KEY;
	if (clear)
		wr_buf_printf(out, "%s  %s %s\n", indent, _("Protection Status:"),
		              _("Protection Off (the key is stored in the clear)"));
	/* The clear key is no protector: manage-bde does not list it. */
	if (clear == v->n_protectors && !v->n_more_protectors) {
		wr_buf_printf(out, "%s  %s %s\n", indent, _("Key Protectors:"), _("None Found"));
		return;
	}
	wr_buf_printf(out, "%s  %s\n", indent, _("Key Protectors:"));
	for (size_t i = 0; i < v->n_protectors; i++)
		if (v->protectors[i].kind != WR_BL_CLEAR_KEY)
			put_protector(&v->protectors[i], indent, out);
	if (v->n_more_protectors) {
		wr_buf_printf(out, "%s    ", indent);
		wr_buf_printf(out, _("(%zu more not shown)"), v->n_more_protectors);
		wr_buf_putc(out, '\n');
	}
}
