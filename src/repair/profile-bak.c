/* SPDX-License-Identifier: GPL-3.0-or-later */
/* profile-bak.c - a user's ProfileList\SID.bak key removed on request, so Windows loads the
 * profile again instead of a temporary one (catalog R-14). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/text.h"
#include "internal.h"
#include "repair.h"
#include "txn/txn.h"

#define PROFILE_LIST "Microsoft\\Windows NT\\CurrentVersion\\ProfileList"

/* "S-1-5-21-...-1001": S-1-, then digits and single dashes. */
static bool is_sid(const char *sid)
{
	if (strncmp(sid, "S-1-", 4) != 0 || !sid[4])
		return false;
	for (const char *p = sid + 4; *p; p++)
		if (!(*p >= '0' && *p <= '9') && !(*p == '-' && p[-1] != '-' && p[1]))
			return false;
	return true;
}

/* SYSTEM, LOCAL SERVICE, NETWORK SERVICE: Windows' own, never touched. */
static bool is_service_sid(const char *sid)
{
	return strcmp(sid, "S-1-5-18") == 0 || strcmp(sid, "S-1-5-19") == 0 ||
	       strcmp(sid, "S-1-5-20") == 0;
}

/* One line for key `name` of ProfileList: its folder, and whether the
 * profile without .bak is beside it. */
static void show_profile(struct wr_hive *h, wr_node list, wr_node key, const char *name,
                         struct wr_buf *report)
{
	struct wr_error err = {0};
	struct wr_value v = {0};
	char *path = NULL, *shown;
	wr_node pair;
	size_t len = strlen(name) - 4;
	char *sid = strndup(name, len);

	if (wr_hive_get_value(h, key, "ProfileImagePath", &v, &err) == 0)
		path = wr_value_string(&v, &err);
	shown = wr_printable_dup(path ? path : _("(no ProfileImagePath)"));
	if (!sid || !shown) {
		report->oom = true; /* wr_repair_check fails on it */
	} else {
		bool paired = wr_hive_lookup(h, list, sid, &pair, &err) == 0;

		wr_buf_printf(report, "  %s\\%s: %s%s\n", PROFILE_LIST, name, shown,
		              paired ? _(" (beside the profile without .bak)") : "");
	}
	free(sid);
	free(shown);
	free(path);
	wr_value_clear(&v);
}

/* The .bak keys of ProfileList, one line each. */
static int list_bak(struct wr_hive *h, wr_node list, struct wr_buf *report, struct wr_error *err)
{
	wr_node *kids = NULL;
	size_t n = 0;
	int r = wr_hive_children(h, list, &kids, &n, err);

	for (size_t i = 0; r == 0 && i < n; i++) {
		char *name = wr_hive_node_name(h, kids[i], err);
		size_t len = name ? strlen(name) : 0;

		if (!name)
			r = -1;
		else if (len > 4 && strcmp(name + len - 4, ".bak") == 0)
			show_profile(h, list, kids[i], name, report);
		free(name);
	}
	free(kids);
	return r;
}

int wr__repair_profile_bak(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                           bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	struct wr_hive *h = wr_stage_hive(s, hive);
	char key[256];
	wr_node list, bak;
	int r = wr_hive_lookup(h, wr_hive_root(h), PROFILE_LIST, &list, err);

	if (r < 0)
		return -1;
	if (r == 0 && report && list_bak(h, list, report, err) < 0)
		return -1;
	if (!o->profile_sid) /* the list alone: the user picks one */
		return 0;
	if (is_service_sid(o->profile_sid)) {
		wr_error_set(err, EINVAL, _("%s is a service account's profile: never removed"),
		             o->profile_sid);
		return -1;
	}
	if (!is_sid(o->profile_sid)) {
		wr_error_set(err, EINVAL, _("\"%s\" is not a SID (S-1-5-21-...)"), o->profile_sid);
		return -1;
	}
	snprintf(key, sizeof(key), "%s\\%s.bak", PROFILE_LIST, o->profile_sid);
	if (r == 0 && (r = wr_hive_lookup(h, wr_hive_root(h), key, &bak, err)) < 0)
		return -1;
	*needed = r == 0;
	if (report)
		wr_buf_printf(report, *needed ? _("  %s: to remove\n") : _("  %s: not there\n"),
		              key);
	return *needed && apply ? wr_txn_reg_delete_key(s, hive, key, err) : 0;
}
