/* SPDX-License-Identifier: GPL-3.0-or-later */
/* guest-files.c - small file operations on a partition of the session: read, checksum, append. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "disk.h"
#include "guest-internal.h"

static int mounted(struct wr_guest *g, const struct wr_part *p, bool rw, struct wr_error *err)
{
	guestfs_h *h = wr__guest_handle(g);
	int r = rw ? guestfs_mount(h, p->device, "/") : guestfs_mount_ro(h, p->device, "/");

	if (r < 0)
		wr__guest_error(g, err, p->name);
	return r;
}

int wr_guest_fetch(struct wr_guest *g, const struct wr_part *p, const char *path, const char *local,
                   struct wr_error *err)
{
	guestfs_h *h = wr__guest_handle(g);
	int r = mounted(g, p, false, err);

	if (r == 0) {
		r = guestfs_is_file(h, path);
		if (r == 1)
			r = guestfs_download(h, path, local) < 0 ? -1 : 0;
		else if (r == 0)
			r = 1;
		if (r < 0)
			wr__guest_error(g, err, p->name);
	}
	guestfs_umount_all(h);
	return r;
}

int wr_guest_sha256(struct wr_guest *g, const struct wr_part *p, const char *path, char out[65],
                    struct wr_error *err)
{
	guestfs_h *h = wr__guest_handle(g);
	char *sum = mounted(g, p, false, err) == 0 ? guestfs_checksum(h, "sha256", path) : NULL;

	if (!sum && err && !err->code)
		wr__guest_error(g, err, p->name);
	snprintf(out, 65, "%s", sum ? sum : "");
	free(sum);
	guestfs_umount_all(h);
	return sum ? 0 : -1;
}

/* A line cut short by a crash must not swallow the next one. */
static int end_last_line(guestfs_h *h, const char *path)
{
	int64_t size = guestfs_is_file(h, path) == 1 ? guestfs_filesize(h, path) : 0;
	size_t got = 0;
	char *last = size > 0 ? guestfs_pread(h, path, 1, size - 1, &got) : NULL;
	int r = size > 0 && (!last || got != 1) ? -1 : 0;

	if (r == 0 && last && *last != '\n')
		r = guestfs_write_append(h, path, "\n", 1);
	free(last);
	return r < 0 ? -1 : 0;
}

int wr_guest_append(struct wr_guest *g, const struct wr_part *p, const char *path, const char *text,
                    struct wr_error *err)
{
	guestfs_h *h = wr__guest_handle(g);
	int r = mounted(g, p, true, err);

	if (r == 0 &&
	    (end_last_line(h, path) < 0 || guestfs_write_append(h, path, text, strlen(text)) < 0 ||
	     guestfs_sync(h) < 0)) {
		wr__guest_error(g, err, p->name);
		r = -1;
	}
	guestfs_umount_all(h);
	return r;
}
