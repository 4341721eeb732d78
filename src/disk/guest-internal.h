/* SPDX-License-Identifier: GPL-3.0-or-later */
/* guest-internal.h - the appliance session, shared by guest*.c: only they see libguestfs. */
#ifndef WR_GUEST_INTERNAL_H
#define WR_GUEST_INTERNAL_H

#include <guestfs.h>
#include <limits.h>
#include <pthread.h>
#include <time.h>

#include "base/lock.h"
#include "disk.h"

struct guest_disk {
	char *path;
	bool writable;
	const char *format;  /* what detect_format found */
	struct wr_lock lock; /* held for the session: exclusive when writable */
};

/* A partition that was mounted in this session, at "/wr-DISK-NUMBER". */
struct guest_mount {
	size_t disk;
	unsigned number;
	bool made;    /* the mount point exists */
	bool mounted; /* now */
	bool rw;      /* mounted read-write, or will be at the next mount */
};

/* A key given for BitLocker volumes (guest-keys.c): a password or
 * recovery password, or a startup key file. */
struct guest_key {
	char *target; /* a partition's name, a BitLocker volume's GUID, or "all" */
	char *text;   /* wiped when forgotten; NULL for a startup key */
	size_t text_len;
	char *file;                     /* the .BEK file */
	char bek_guid[WR_BL_GUID_SIZE]; /* the startup key it holds */
};

/* A BitLocker partition opened as /dev/mapper/MAP (guest-unlock.c). */
struct guest_unlocked {
	size_t disk;
	unsigned number;
	char map[32];
};

/* What wr_guest_exists found, kept until anything is written. */
struct guest_probe {
	size_t disk;
	unsigned number;
	bool folder, there;
	char path[300];
};

struct wr_guest {
	guestfs_h *h;
	struct guest_disk *disks;
	size_t n_disks;
	char **devices; /* the appliance's /dev/sdX of each disk, once asked */
	struct guest_mount *mounts;
	size_t n_mounts;
	struct guest_key *keys; /* until a scan used them */
	size_t n_keys;
	struct guest_unlocked *unlocked;
	size_t n_unlocked;
	struct guest_probe *probes; /* guest-exists.c */
	size_t n_probes;
	pthread_mutex_t probe_lock; /* the console's checks and its worker may both ask */
	bool mounts_unknown;        /* an unmount failed: no partition is used again */
	bool fat_loaded;            /* the FAT modules loaded before the first mount */
	bool udev_unwatched;        /* udev no longer watches block devices (building disks) */
	int launches;
	bool launched;

	wr_guest_progress_fn progress;
	void *opaque;
	pthread_mutex_t lock; /* one progress call at a time */
	pthread_cond_t done;
	bool launching;
	struct timespec start;
	int percent;

	/* KVM: where to find it, and how long its boot may take before the
	 * launch is ended and retried under TCG (guest-kvm.c). */
	char kvm_device[PATH_MAX], cpuinfo[PATH_MAX];
	unsigned kvm_boot_seconds;
	bool kvm_watch;   /* this launch uses KVM: watch that it boots */
	bool kvm_stalled; /* it did not, and its qemu was ended */
};

/* The handle, its errors kept from stderr in the calling thread too:
 * libguestfs (>= 1.38) keeps the error handler per thread, and the
 * console calls the appliance from its worker while curses owns the
 * terminal.  Every use of the handle goes through here. */
static inline guestfs_h *guest_handle(struct wr_guest *g)
{
	guestfs_set_error_handler(g->h, NULL, NULL);
	return g->h;
}

enum guest_kvm {
	GUEST_KVM_ABSENT, /* no usable /dev/kvm: qemu takes TCG by itself */
	GUEST_KVM_NO_CPU, /* /dev/kvm, but the CPU has no vmx or svm: TCG from the start */
	GUEST_KVM_TRY,    /* KVM, watched; TCG when it fails or does not boot */
};
enum guest_kvm wr__guest_kvm_choice(const struct wr_guest *g);

/* Called about ten times a second during a launch, `elapsed` seconds in,
 * with g->lock held: ends a KVM launch whose appliance has not booted in
 * g->kvm_boot_seconds.  True when it did so now. */
bool wr__guest_kvm_watch(struct wr_guest *g, double elapsed);

/* Set `err` to "WHAT: <libguestfs's last error>". */
void wr__guest_error(struct wr_guest *g, struct wr_error *err, const char *what);

/* The appliance's device for partition `number` of disk `disk` (0: the
 * whole disk), e.g. "/dev/sda2"; an unlocked BitLocker partition's is
 * its volume opened, "/dev/mapper/...". */
int wr__guest_device(struct wr_guest *g, size_t disk, unsigned number, char *out, size_t len,
                     struct wr_error *err);
/* The partition itself, encrypted or not. */
int wr__guest_raw_device(struct wr_guest *g, size_t disk, unsigned number, char *out, size_t len,
                         struct wr_error *err);
/* Filesystem type and label of `device` into p->fs and p->label. */
void wr__guest_scan_filesystem(guestfs_h *h, const char *device, struct wr_part *p);

/* The next key from `from` on that opens partition `p` (volume `guid`) if
 * any does: one naming it, its volume, or "all" (its index in *index). */
const struct guest_key *wr__guest_key_for(const struct wr_guest *g, size_t from,
                                          const struct wr_part *p, const char *guid, size_t *index);
/* `text` as a recovery password with its dashes, when it is 48 digits. */
bool wr__guest_recovery_dashes(const char *text, char out[56]);
/* Close the BitLocker volumes opened, after everything is unmounted. */
int wr__guest_close_unlocked(struct wr_guest *g, struct wr_error *err);

/* Unmount every partition mounted (before one is remounted read-write,
 * repartitioned, formatted, or synced). */
int wr__guest_unmount_all(struct wr_guest *g, struct wr_error *err);

/* The checks every partition call starts with, before anything reaches
 * the appliance: the disk exists, was added writable for a write, and the
 * appliance is running. */
int wr__guest_check(struct wr_guest *g, const struct wr_part *p, bool write, struct wr_error *err);

/* Something on a partition is written: what wr_guest_exists found may
 * no longer be so (guest-exists.c). */
void wr__guest_forget_probes(struct wr_guest *g);

#endif
