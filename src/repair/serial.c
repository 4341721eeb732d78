/* SPDX-License-Identifier: GPL-3.0-or-later */
/* serial.c - the serial console: boot menu, EMS on the boot manager and loader, port and
 * speed. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "base/i18n.h"
#include "bcd/bcd.h"
#include "internal.h"
#include "repair.h"

#define EMSSETTINGS_TYPE 0x20100000u /* inheritable by the boot manager */

/* The article's six element edits, in its order. */
static const struct setting {
	const char *object; /* NULL: the loader */
	uint32_t id;
	bool boolean;
} settings[] = {
    {WR_BCD_GUID_BOOTMGR, 0x26000020, true},      /* displaybootmenu yes */
    {WR_BCD_GUID_BOOTMGR, 0x25000004, false},     /* timeout 5 */
    {WR_BCD_GUID_BOOTMGR, 0x16000020, true},      /* bootems yes */
    {NULL, 0x260000b0, true},                     /* /ems {loader} on */
    {WR_BCD_GUID_EMSSETTINGS, 0x15000022, false}, /* emsport */
    {WR_BCD_GUID_EMSSETTINGS, 0x15000023, false}, /* emsbaudrate */
};

static uint64_t wanted(const struct setting *st, const struct wr_repair_opts *o)
{
	switch (st->id) {
	case 0x25000004:
		return 5;
	case 0x15000022:
		return o->port;
	case 0x15000023:
		return o->baud;
	default:
		return 1; /* the booleans: yes */
	}
}

static int apply_setting(struct wr_stage *s, size_t hive, const char *guid,
                         const struct setting *st, uint64_t want, struct wr_error *err)
{
	if (st->boolean)
		return wr_txn_bcd_set_boolean(s, hive, guid, st->id, true, err);
	return wr_txn_bcd_set_integer(s, hive, guid, st->id, want, err);
}

/* {emssettings} is created (as /emssettings does) when the store lacks it. */
static int need_emssettings(struct wr_stage *s, size_t hive, const struct wr_bcd *bcd, bool *needed,
                            struct wr_buf *report, bool apply, struct wr_error *err)
{
	if (wr_bcd_get(bcd, WR_BCD_GUID_EMSSETTINGS))
		return 0;
	*needed = true;
	if (report)
		wr_buf_puts(report, _("  {emssettings} does not exist: it will be created\n"));
	return apply ? wr_txn_bcd_create(s, hive, WR_BCD_GUID_EMSSETTINGS, EMSSETTINGS_TYPE, err)
	             : 0;
}

static int serial_settings(struct wr_stage *s, size_t hive, const struct wr_bcd *bcd,
                           const struct wr_bcd_object *loader, const struct wr_repair_opts *o,
                           bool loader_only, bool *needed, struct wr_buf *report, bool apply,
                           struct wr_error *err)
{
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		const struct setting *st = &settings[i];

		if (loader_only && st->object)
			continue;
		const struct wr_bcd_object *obj;

		obj = st->object ? wr_bcd_get(bcd, st->object) : loader;
		uint64_t want = wanted(st, o);
		int has =
		    obj ? wr__repair_bcd_has(bcd, obj, st->id, st->boolean, want, report, err) : 0;

		if (has < 0)
			return -1;
		if (has)
			continue;
		if (!obj && report) {
			struct wr_bcd_object blank = {.type = EMSSETTINGS_TYPE, .has_type = true};

			wr_buf_puts(report, "  {emssettings} ");
			wr_bcd_element_name(&blank, st->id, report);
			wr_buf_printf(report, ": %s -> %" PRIu64 "\n", _("(not set)"), want);
		}
		*needed = true;
		if (apply && apply_setting(s, hive, st->object ? st->object : loader->guid, st,
		                           want, err) < 0)
			return -1;
	}
	return 0;
}

int wr__repair_serial(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o, bool *needed,
                      struct wr_buf *report, bool apply, struct wr_error *err)
{
	struct wr_bcd *bcd = wr_bcd_load(wr_stage_hive(s, hive), err);
	const struct wr_bcd_object **loaders = NULL;
	size_t n = 0;
	int r = bcd ? 0 : -1;

	if (r == 0 && !wr_bcd_get(bcd, WR_BCD_GUID_BOOTMGR)) {
		wr_error_set(err, ENOENT, _("the store has no {bootmgr}"));
		r = -1;
	}
	if (r == 0)
		r = wr__repair_loaders(bcd, o, &loaders, &n, err);
	if (r == 0)
		r = need_emssettings(s, hive, bcd, needed, report, apply, err);
	/* Boot manager and EMS settings once; ems on each loader. */
	for (size_t i = 0; r == 0 && i < n; i++)
		r = serial_settings(s, hive, bcd, loaders[i], o, i > 0, needed, report, apply, err);
	free(loaders);
	wr_bcd_free(bcd);
	return r;
}
