/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcdedit-bootmgr.c - the boot manager's own commands: /default, /displayorder,
 * /toolsdisplayorder, /bootsequence, /timeout. */
#include "config.h"

#include "bcdedit-internal.h"

#define EL_BOOTSEQUENCE      0x24000002u
#define EL_TIMEOUT           0x25000004u
#define EL_TOOLSDISPLAYORDER 0x24000010u

int bcdedit_default(struct bcdedit *b, const struct bcdedit_args *a)
{
	char guid[WR_GUID_STRLEN + 1];

	if (!bcdedit_object(b, "{bootmgr}") || bcdedit_guid(b, a->words[0], false, guid) < 0 ||
	    bcdedit_set_string(b, WR_BCD_GUID_BOOTMGR, WR_BCD_EL_BOOTMGR_DEFAULT, guid) < 0)
		return -1;
	return bcdedit_done(b);
}

/* One of {bootmgr}'s lists, with the ids given. */
static int bootmgr_list(struct bcdedit *b, const struct bcdedit_args *a, uint32_t id)
{
	enum bcdedit_list_edit mode;

	if (!bcdedit_object(b, "{bootmgr}") || bcdedit_list_mode(b, a, &mode) < 0 ||
	    bcdedit_edit_list(b, WR_BCD_GUID_BOOTMGR, id, mode, a->words, a->n) < 0)
		return -1;
	return bcdedit_done(b);
}

int bcdedit_displayorder(struct bcdedit *b, const struct bcdedit_args *a)
{
	return bootmgr_list(b, a, WR_BCD_EL_BOOTMGR_DISPLAYORDER);
}

int bcdedit_toolsdisplayorder(struct bcdedit *b, const struct bcdedit_args *a)
{
	return bootmgr_list(b, a, EL_TOOLSDISPLAYORDER);
}

int bcdedit_bootsequence(struct bcdedit *b, const struct bcdedit_args *a)
{
	return bootmgr_list(b, a, EL_BOOTSEQUENCE);
}

int bcdedit_timeout(struct bcdedit *b, const struct bcdedit_args *a)
{
	uint64_t seconds;

	if (!bcdedit_object(b, "{bootmgr}") ||
	    bcdedit_integer(b, a->words[0], "timeout", &seconds) < 0 ||
	    wr_txn_bcd_set_integer(b->stage, b->hive, WR_BCD_GUID_BOOTMGR, EL_TIMEOUT, seconds,
	                           b->err) < 0)
		return -1;
	return bcdedit_done(b);
}
