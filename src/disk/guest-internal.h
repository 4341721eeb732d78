/* SPDX-License-Identifier: GPL-3.0-or-later */
/* guest-internal.h - the appliance session, shared by guest*.c: only they see libguestfs. */
#ifndef WR_GUEST_INTERNAL_H
#define WR_GUEST_INTERNAL_H

#include <guestfs.h>
#include <pthread.h>
#include <time.h>

#include "disk.h"

struct guest_disk {
	char *path;
	bool writable;
	const char *format; /* what detect_format found */
};

/* A partition that was mounted in this session, at "/wr-DISK-NUMBER". */
struct guest_mount {
	size_t disk;
	unsigned number;
	bool made;    /* the mount point exists */
	bool mounted; /* now */
	bool rw;      /* mounted read-write, or will be at the next mount */
};

struct wr_guest {
	guestfs_h *h;
	struct guest_disk *disks;
	size_t n_disks;
	char **devices; /* the appliance's /dev/sdX of each disk, once asked */
	struct guest_mount *mounts;
	size_t n_mounts;
	int launches;
	bool launched;

	wr_guest_progress_fn progress;
	void *opaque;
	pthread_mutex_t lock; /* one progress call at a time */
	pthread_cond_t done;
	bool launching;
	struct timespec start;
	int percent;
};

/* Set `err` to "WHAT: <libguestfs's last error>". */
void wr__guest_error(struct wr_guest *g, struct wr_error *err, const char *what);

/* The appliance's device for partition `number` of disk `disk` (0: the
 * whole disk), e.g. "/dev/sda2". */
int wr__guest_device(struct wr_guest *g, size_t disk, unsigned number, char *out, size_t len,
                     struct wr_error *err);

/* Unmount every partition mounted (before one is remounted read-write,
 * repartitioned, formatted, or synced). */
int wr__guest_unmount_all(struct wr_guest *g, struct wr_error *err);

/* The checks every partition call starts with, before anything reaches
 * the appliance: the disk exists, was added writable for a write, and the
 * appliance is running. */
int wr__guest_check(struct wr_guest *g, const struct wr_part *p, bool write, struct wr_error *err);

#endif
