/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcdedit-enum.c - /enum [TYPE | ID] [/v], and /v alone: the store's entries as bcdedit lists
 * them. */
#include "config.h"

#include <stdlib.h>
#include <strings.h>

#include "bcdedit-internal.h"

static bool is_firmware(uint32_t type)
{
	return WR_BCD_OBJECT_KIND(type) == 1 && WR_BCD_OBJECT_IMAGE(type) == 1;
}

static bool is_bootapp(uint32_t type)
{
	return WR_BCD_OBJECT_KIND(type) == 1 && WR_BCD_OBJECT_IMAGE(type) != 1;
}

static bool is_bootmgr(uint32_t type)
{
	return type == WR_BCD_TYPE_BOOTMGR;
}

static bool is_osloader(uint32_t type)
{
	return WR_BCD_OBJECT_KIND(type) == 1 && WR_BCD_OBJECT_APP(type) == WR_BCD_APP_OSLOADER;
}

static bool is_resume(uint32_t type)
{
	return WR_BCD_OBJECT_KIND(type) == 1 && WR_BCD_OBJECT_APP(type) == WR_BCD_APP_RESUME;
}

static bool is_inherit(uint32_t type)
{
	return WR_BCD_OBJECT_KIND(type) == 2;
}

/* bcdedit's entry types besides ACTIVE and ALL. */
static const struct entry_type {
	const char *name;
	bool (*is)(uint32_t type);
} entry_types[] = {
    {"firmware", is_firmware}, {"bootapp", is_bootapp}, {"bootmgr", is_bootmgr},
    {"osloader", is_osloader}, {"resume", is_resume},   {"inherit", is_inherit},
};

/* Every entry of type `t`, in the order /enum all lists them. */
static int enum_type(struct bcdedit *b, struct wr_bcd_enum_opts *opts, const struct entry_type *t)
{
	const struct wr_bcd_object **list;
	size_t n;
	int r = 0;

	opts->all = true;
	if (wr_bcd_enum_select(b->bcd, opts, &list, &n, b->err) < 0)
		return -1;
	opts->all = false;
	for (size_t i = 0; r == 0 && i < n; i++) {
		if (!t->is(list[i]->type))
			continue;
		opts->id = list[i]->guid;
		r = wr_bcd_enum_text(b->bcd, opts, b->out, b->err);
	}
	free(list);
	return r;
}

int bcdedit_enum(struct bcdedit *b, const struct bcdedit_args *a)
{
	const struct wr_inventory *inv = wr_session_inventory(wr_cmd_session(b->env));
	struct wr_bcd_enum_opts opts = {.verbose = b->verbose};
	const char *what = a->n ? a->words[0] : "active";

	/* On disks, a partition is named by the attached one. */
	if (inv) {
		opts.partition = wr_inventory_name_partition;
		opts.partition_opaque = (void *)inv;
	}
	for (size_t i = 0; i < sizeof(entry_types) / sizeof(entry_types[0]); i++)
		if (strcasecmp(what, entry_types[i].name) == 0)
			return enum_type(b, &opts, &entry_types[i]);
	if (strcasecmp(what, "all") == 0)
		opts.all = true;
	else if (strcasecmp(what, "active") != 0)
		opts.id = what;
	return wr_bcd_enum_text(b->bcd, &opts, b->out, b->err);
}
