/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hostdisks.h - the host's own disks, from sysfs and mountinfo (no appliance). */
#ifndef WR_HOSTDISKS_H
#define WR_HOSTDISKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct wr_host_partition {
	char name[256]; /* "sdc2" */
	unsigned number;
	uint64_t size;  /* bytes */
	uint64_t start; /* bytes from the start of the disk */
	char *mounts;   /* mount points, ", "-separated; NULL when not mounted */
	bool held;      /* used by device-mapper, md, ... */
};

struct wr_host_disk {
	char name[256]; /* "sdc" */
	char path[272]; /* "/dev/sdc" */
	uint64_t size;  /* bytes */
	char model[128];
	bool removable;
	bool readonly;
	bool system;  /* holds /, /boot, /boot/efi or /usr, directly or through dm/md */
	bool held;    /* the disk or a partition is used by device-mapper, md, ... */
	char *mounts; /* where the whole disk is mounted, or NULL */
	size_t n_partitions;
	struct wr_host_partition *partitions;
};

struct wr_host_disks {
	size_t n;
	struct wr_host_disk *disks; /* in name order */
};

/*
 * List the physical disks under `sysfs` (normally "/sys"; virtual devices
 * such as loop, ram, zram and dm are left out) with their partitions, and
 * where `mountinfo` (normally "/proc/self/mountinfo") says they are mounted.
 */
int wr_host_disks_scan(const char *sysfs, const char *mountinfo, struct wr_host_disks *out,
                       struct wr_error *err);
void wr_host_disks_free(struct wr_host_disks *disks);

/* A size for people: "512 B", "100 MiB", "126 GiB", "1.5 TiB". */
void wr_format_size(uint64_t bytes, char *out, size_t len);

#endif
