/* SPDX-License-Identifier: GPL-3.0-or-later */
/* guest.h - one libguestfs appliance per process: disks, launch (KVM, else TCG), shutdown. */
#ifndef WR_GUEST_H
#define WR_GUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct wr_guest;

enum wr_guest_phase {
	WR_GUEST_STARTING,     /* launch under way; `elapsed` and maybe `percent` */
	WR_GUEST_RETRYING_TCG, /* KVM failed; `message` says why the retry is slower */
	WR_GUEST_READY,        /* the appliance is up */
};

struct wr_guest_progress {
	enum wr_guest_phase phase;
	double elapsed;      /* seconds since the launch began */
	int percent;         /* the appliance's own progress, -1 until it reports */
	const char *message; /* translated; only with WR_GUEST_RETRYING_TCG */
};

/*
 * Called from the first moment of a launch, about ten times a second, and
 * whenever the appliance reports progress.  Calls come from a helper thread
 * as well as the launching one, never two at a time.
 */
typedef void (*wr_guest_progress_fn)(const struct wr_guest_progress *p, void *opaque);

/* A session with no disks yet.  libguestfs errors are captured, never
 * printed. */
struct wr_guest *wr_guest_new(struct wr_error *err);

/*
 * Add a disk image or block device, read-only unless `writable`.  Checked
 * before any launch: it must exist, be a regular file or block device, be
 * readable (writable if asked), and not be empty.
 */
int wr_guest_add_disk(struct wr_guest *g, const char *path, bool writable, struct wr_error *err);

void wr_guest_on_progress(struct wr_guest *g, wr_guest_progress_fn fn, void *opaque);

/*
 * Start the appliance: once per session.  When the launch fails with KVM
 * (nested virtualisation often breaks it), it is retried once with software
 * emulation, and the progress callback says so.  A missing kernel or
 * appliance gives an error naming the Debian package to install.
 */
int wr_guest_launch(struct wr_guest *g, struct wr_error *err);

/* How many launches this session made (1, or 2 after a TCG retry). */
int wr_guest_launch_count(const struct wr_guest *g);

size_t wr_guest_disk_count(const struct wr_guest *g);
/* The path as the user gave it, for disk `i` (the appliance's /dev/sdX). */
const char *wr_guest_disk_path(const struct wr_guest *g, size_t i);

/* Whether disk `i` was added writable. */
bool wr_guest_disk_writable(const struct wr_guest *g, size_t i);

/* Stop the appliance, checking its result (where delayed write errors show). */
int wr_guest_shutdown(struct wr_guest *g, struct wr_error *err);
void wr_guest_close(struct wr_guest *g);

/* The Debian package that fixes a libguestfs launch error, or NULL. */
const char *wr_guest_missing_package(const char *libguestfs_error);

#endif
