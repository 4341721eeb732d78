/* SPDX-License-Identifier: GPL-3.0-or-later */
/* inventory-logs.c - the transaction logs beside a hive on a disk: examined, and fetched. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "guest-internal.h"
#include "inventory-internal.h"

#define CHUNK   (1u << 20)  /* well under libguestfs' message limit */
#define LOG_MAX (64u << 20) /* larger logs are not read for a listing */

/* The logs of the hive at `path` on the mounted partition: their names in
 * the directory's own case, one per suffix ("" when absent), and the
 * directory ("/" at the top) in `dir`. */
static int list_logs(guestfs_h *h, const char *path, char dir[256], char names[][256])
{
	const char *slash = strrchr(path, '/');
	char **all;

	snprintf(dir, 256, "%.*s", slash && slash != path ? (int)(slash - path) : 1, path);
	if (!(all = guestfs_ls(h, dir)))
		return -1;
	for (size_t k = 0; all[k]; k++) {
		int slot = wr_hive_log_slot(all[k], slash ? slash + 1 : path);

		if (slot >= 0 && !names[slot][0] && strlen(all[k]) < 256)
			snprintf(names[slot], 256, "%s", all[k]);
		free(all[k]);
	}
	free(all);
	return 0;
}

/* The whole file `path` in 1 MiB reads; NULL when it is larger than
 * LOG_MAX or cannot be read. */
static uint8_t *read_log(guestfs_h *h, const char *path, size_t *len)
{
	int64_t size = guestfs_filesize(h, path);
	uint8_t *data = size >= 0 && size <= LOG_MAX ? malloc((size_t)size + 1) : NULL;

	*len = 0;
	while (data && *len < (size_t)size) {
		size_t got = 0, room = (size_t)size - *len;
		char *part = guestfs_pread(h, path, (int)CHUNK, (int64_t)*len, &got);

		if (!part || got == 0) {
			free(part);
			free(data);
			return NULL;
		}
		memcpy(data + *len, part, got < room ? got : room);
		*len += got < room ? got : room;
		free(part);
	}
	return data;
}

bool wr_found_logs_unread(const struct wr_found *f)
{
	for (size_t k = 0; k < f->replay.n_logs; k++)
		if (f->replay.logs[k].unread)
			return true;
	return false;
}

void wr__inventory_examine_logs(guestfs_h *h, struct wr_found *f, const uint8_t *head, size_t len)
{
	char dir[256], names[WR_REPLAY_MAX_LOGS][256] = {{0}}, file[1100];
	struct wr_log_in in[WR_REPLAY_MAX_LOGS];
	size_t n = 0;

	/* A folder that cannot be listed counts as one without logs. */
	if (list_logs(h, f->path, dir, names) < 0)
		memset(names, 0, sizeof(names));
	for (size_t k = 0; k < WR_REPLAY_MAX_LOGS; k++) {
		if (!names[k][0])
			continue;
		snprintf(file, sizeof(file), "%s/%s", strcmp(dir, "/") ? dir : "", names[k]);
		in[n] = (struct wr_log_in){.name = names[k]};
		in[n].data = read_log(h, file, &in[n].len);
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
	guestfs_h *h = wr__guest_handle(g);
	const struct wr_found *f = &inv->found[i];
	const char *local_slash = strrchr(local, '/');
	char dir[256], names[WR_REPLAY_MAX_LOGS][256] = {{0}}, src[1100], dst[4400];
	int r = guestfs_mount_ro(h, inv->parts[f->part].device, "/");

	if (r == 0)
		r = list_logs(h, f->path, dir, names);
	for (size_t k = 0; k < WR_REPLAY_MAX_LOGS && r == 0; k++) {
		if (!names[k][0])
			continue;
		snprintf(src, sizeof(src), "%s/%s", strcmp(dir, "/") ? dir : "", names[k]);
		snprintf(dst, sizeof(dst), "%.*s%s",
		         local_slash ? (int)(local_slash - local + 1) : 0, local, names[k]);
		r = guestfs_download(h, src, dst);
	}
	if (r < 0)
		wr__guest_error(g, err, inv->parts[f->part].name);
	guestfs_umount_all(h);
	return r;
}
