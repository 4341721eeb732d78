/* SPDX-License-Identifier: GPL-3.0-or-later */
/* inventory-logs.c - the transaction logs beside a hive on a disk: examined, and fetched. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "inventory-internal.h"

#define LOG_MAX (64u << 20) /* larger logs are not read for a listing */

/* The logs of the hive at `path` on partition `p`: their names in the
 * directory's own case, one per suffix ("" when absent), and the directory
 * ("/" at the top) in `dir`. */
static int list_logs(struct wr_guest *g, const struct wr_part *p, const char *path, char dir[256],
                     char names[][256], struct wr_error *err)
{
	const char *slash = strrchr(path, '/');
	char **all;

	snprintf(dir, 256, "%.*s", slash && slash != path ? (int)(slash - path) : 1, path);
	if (wr_guest_list_dir(g, p, dir, &all, err) < 0)
		return -1;
	for (size_t k = 0; all[k]; k++) {
		int slot = wr_hive_log_slot(all[k], slash ? slash + 1 : path);

		if (slot >= 0 && !names[slot][0] && strlen(all[k]) < 256)
			snprintf(names[slot], 256, "%s", all[k]);
	}
	wr_guest_names_free(all);
	return 0;
}

/* Log `name` in `dir` as a path on the partition. */
static int log_path(const char *dir, const char *name, char *out, size_t len)
{
	int n = snprintf(out, len, "%s/%s", strcmp(dir, "/") ? dir : "", name);

	return n >= 0 && (size_t)n < len ? 0 : -1;
}

bool wr_found_logs_unread(const struct wr_found *f)
{
	for (size_t k = 0; k < f->replay.n_logs; k++)
		if (f->replay.logs[k].unread)
			return true;
	return false;
}

void wr__inventory_examine_logs(struct wr_guest *g, const struct wr_part *p, struct wr_found *f,
                                const uint8_t *head, size_t len)
{
	char dir[256], names[WR_REPLAY_MAX_LOGS][256] = {{0}}, file[600];
	struct wr_log_in in[WR_REPLAY_MAX_LOGS];
	size_t n = 0;

	/* A folder that cannot be listed counts as one without logs. */
	if (list_logs(g, p, f->path, dir, names, NULL) < 0)
		memset(names, 0, sizeof(names));
	for (size_t k = 0; k < WR_REPLAY_MAX_LOGS; k++) {
		uint8_t *data = NULL;

		if (!names[k][0])
			continue;
		in[n] = (struct wr_log_in){.name = names[k]};
		if (log_path(dir, names[k], file, sizeof(file)) == 0 &&
		    wr_guest_read(g, p, file, LOG_MAX, &data, &in[n].len, NULL) == 0)
			in[n].data = data;
		n++;
	}
	if (wr_hive_logs_examine(head, len, in, n, &f->replay, NULL) == 0) {
		for (size_t k = 0; k < n; k++)
			if (!in[k].data) {
				f->replay.logs[k].unread = true;
				snprintf(f->replay.logs[k].why, sizeof(f->replay.logs[k].why), "%s",
				         _("not read for this listing (larger than 64 MiB, or "
				           "unreadable)"));
			}
	} else if (wr_regf_parse(head, len, &f->replay.before, NULL) == 0) {
		/* Shorter than a base block: its state, without its logs. */
		f->replay.dirty = f->replay.before.dirty || !f->replay.before.checksum_ok;
	}
	for (size_t k = 0; k < n; k++)
		free((void *)in[k].data);
}

int wr_inventory_fetch_logs(struct wr_guest *g, const struct wr_inventory *inv, size_t i,
                            const char *local, struct wr_error *err)
{
	const struct wr_found *f = &inv->found[i];
	const struct wr_part *p = &inv->parts[f->part];
	const char *local_slash = strrchr(local, '/');
	char dir[256], names[WR_REPLAY_MAX_LOGS][256] = {{0}}, src[600], dst[PATH_MAX];
	int r = list_logs(g, p, f->path, dir, names, err);

	for (size_t k = 0; k < WR_REPLAY_MAX_LOGS && r == 0; k++) {
		int n;

		if (!names[k][0])
			continue;
		n = snprintf(dst, sizeof(dst), "%.*s%s",
		             local_slash ? (int)(local_slash - local + 1) : 0, local, names[k]);
		if (n < 0 || (size_t)n >= sizeof(dst) ||
		    log_path(dir, names[k], src, sizeof(src)) < 0) {
			wr_error_set(err, ENAMETOOLONG, _("the path is too long: %s"), dst);
			return -1;
		}
		r = wr_guest_fetch(g, p, src, dst, err);
		if (r == 1) /* gone since it was listed */
			r = 0;
	}
	return r;
}
