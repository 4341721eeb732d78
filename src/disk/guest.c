/* SPDX-License-Identifier: GPL-3.0-or-later */
/* guest.c - one libguestfs appliance per process: disks, launch (KVM, else TCG), shutdown. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/i18n.h"
#include "guest-internal.h"

static double elapsed(const struct wr_guest *g)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - g->start.tv_sec) + (now.tv_nsec - g->start.tv_nsec) / 1e9;
}

/* Call the progress callback (the caller holds the lock). */
static void report(struct wr_guest *g, enum wr_guest_phase phase, const char *message)
{
	struct wr_guest_progress p = {phase, elapsed(g), g->percent, message};

	if (g->progress)
		g->progress(&p, g->opaque);
}

static void on_progress_event(guestfs_h *h, void *opaque, uint64_t event, int handle, int flags,
                              const char *buf, size_t len, const uint64_t *array, size_t n)
{
	struct wr_guest *g = opaque;

	if (n < 4 || array[3] == 0)
		return;
	pthread_mutex_lock(&g->lock);
	/* The daemon reports long transfers too: they are not the launch. */
	if (g->launching) {
		g->percent = (int)(array[2] * 100 / array[3]);
		report(g, WR_GUEST_STARTING, NULL);
	}
	pthread_mutex_unlock(&g->lock);
}

static guestfs_h *new_handle(struct wr_guest *g, struct wr_error *err)
{
	guestfs_h *h = guestfs_create();

	if (!h) {
		wr_error_set(err, errno ? errno : ENOMEM,
		             _("cannot create a libguestfs handle: %s"),
		             strerror(errno ? errno : ENOMEM));
		return NULL;
	}
	/* Errors come back to us, never to stderr (it may be a curses screen). */
	guestfs_set_error_handler(h, NULL, NULL);
	guestfs_set_event_callback(h, on_progress_event, GUESTFS_EVENT_PROGRESS, 0, g);
	/* qemu in a process group of its own: a hangup or ^C meant for us must
	 * not end the appliance in the middle of a write; we end it. */
	guestfs_set_pgroup(h, 1);
	return h;
}

struct wr_guest *wr_guest_new(const struct wr_config *cfg, struct wr_error *err)
{
	struct wr_guest *g = calloc(1, sizeof(*g));

	if (!g) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return NULL;
	}
	snprintf(g->kvm_device, sizeof(g->kvm_device), "%s", cfg->kvm_device);
	snprintf(g->cpuinfo, sizeof(g->cpuinfo), "%s", cfg->cpuinfo);
	g->kvm_boot_seconds = cfg->kvm_boot_seconds;
	pthread_mutex_init(&g->lock, NULL);
	pthread_mutex_init(&g->probe_lock, NULL);
	pthread_cond_init(&g->done, NULL);
	g->percent = -1;
	g->h = new_handle(g, err);
	if (!g->h) {
		wr_guest_close(g);
		return NULL;
	}
	return g;
}

void wr__guest_error(struct wr_guest *g, struct wr_error *err, const char *what)
{
	const char *msg = guestfs_last_error(guest_handle(g));
	int e = guestfs_last_errno(guest_handle(g));

	wr_error_set(err, e ? e : EIO, "%s: %s", what, msg ? msg : _("unknown libguestfs error"));
}

/* A VMDK descriptor: text naming the image's extent files. */
static bool vmdk_descriptor(int fd)
{
	static const char magic[] = "# Disk DescriptorFile";
	char head[sizeof(magic) - 1];

	return pread(fd, head, sizeof(head), 0) == (ssize_t)sizeof(head) &&
	       memcmp(head, magic, sizeof(head)) == 0;
}

/* The image format from its first bytes and its footer (qemu must never
 * guess: a raw disk whose data looks like a qcow2 header could name files
 * on the host).  Block devices are raw. */
static const char *detect_format(int fd, const struct stat *st)
{
	unsigned char head[64] = {0}, foot[8] = {0};

	if (S_ISBLK(st->st_mode) || pread(fd, head, sizeof(head), 0) < 8)
		return "raw";
	if (memcmp(head, "QFI\xfb", 4) == 0)
		return "qcow2";
	if (memcmp(head, "vhdxfile", 8) == 0)
		return "vhdx";
	if (memcmp(head, "KDMV", 4) == 0 || vmdk_descriptor(fd))
		return "vmdk";
	/* VHD: "conectix" footer at the end (fixed), copied at the start (dynamic). */
	if (memcmp(head, "conectix", 8) == 0 ||
	    (st->st_size >= 512 && pread(fd, foot, 8, st->st_size - 512) == 8 &&
	     memcmp(foot, "conectix", 8) == 0))
		return "vpc";
	return "raw";
}

/* A small file of printable text is somebody's notes, not a disk. */
static bool looks_like_text(int fd)
{
	unsigned char buf[4096];
	ssize_t n = pread(fd, buf, sizeof(buf), 0);

	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == 0 || buf[i] == 0x7f ||
		    (buf[i] < 0x20 && !strchr("\t\n\r\f", buf[i]))) /* strchr finds the NUL */
			return false;
	return n > 0;
}

/* Refuse what cannot be a disk before paying for an appliance launch. */
static int check_disk(int fd, const struct stat *st, struct wr_error *err)
{
	/* Text, and often shorter than a sector, but a disk image all the same. */
	if (S_ISREG(st->st_mode) && vmdk_descriptor(fd))
		return 0;
	if (S_ISDIR(st->st_mode)) {
		wr_error_set(err, EISDIR, _("is a directory, not a disk"));
		return -1;
	}
	if (!S_ISREG(st->st_mode) && !S_ISBLK(st->st_mode)) {
		wr_error_set(err, EINVAL, _("is neither a disk image nor a block device"));
		return -1;
	}
	if (S_ISREG(st->st_mode) && st->st_size == 0) {
		wr_error_set(err, EINVAL, _("the image is empty"));
		return -1;
	}
	if (S_ISREG(st->st_mode) && looks_like_text(fd)) {
		wr_error_set(err, EINVAL, _("is a text file, not a disk image"));
		return -1;
	}
	if (S_ISREG(st->st_mode) && st->st_size < 512) {
		wr_error_set(err, EINVAL, _("is %lld bytes, too small to be a disk"),
		             (long long)st->st_size);
		return -1;
	}
	return 0;
}

static int add_to_handle(guestfs_h *h, const struct guest_disk *d, struct wr_error *err)
{
	if (guestfs_add_drive_opts(h, d->path, GUESTFS_ADD_DRIVE_OPTS_READONLY, !d->writable,
	                           GUESTFS_ADD_DRIVE_OPTS_FORMAT, d->format, -1) < 0) {
		const char *msg = guestfs_last_error(h);

		wr_error_set(err, EINVAL, "%s: %s", d->path, msg ? msg : _("cannot add the disk"));
		return -1;
	}
	return 0;
}

/* A block device the host has mounted or stacked something on is in use:
 * the kernel refuses an exclusive open then. */
static int check_not_in_use(const char *path, const struct stat *st, struct wr_error *err)
{
	int fd;

	if (!S_ISBLK(st->st_mode))
		return 0;
	fd = open(path, O_RDONLY | O_EXCL | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno == EBUSY)
		wr_error_set(err, EBUSY,
		             _("is in use by the host (mounted, or held by device-mapper or md): "
		               "unmount it first"));
	else
		wr_error_set(err, errno, _("cannot open: %s"), strerror(errno));
	return -1;
}

int wr_guest_add_disk(struct wr_guest *g, const char *path, bool writable, struct wr_error *err)
{
	struct guest_disk d = {.writable = writable, .lock = WR_LOCK_INIT};
	struct guest_disk *grown;
	struct stat st;
	int fd, r;

	if (g->launched) {
		wr_error_set(err, EBUSY, _("%s: disks must be added before the appliance starts"),
		             path);
		return -1;
	}
	fd = open(path, (writable ? O_RDWR : O_RDONLY) | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		wr_error_set(err, errno, _("%s: cannot open: %s"), path, strerror(errno));
		return -1;
	}
	r = fstat(fd, &st) < 0 ? -1 : check_disk(fd, &st, err);
	if (r == 0)
		r = check_not_in_use(path, &st, err);
	if (r == 0)
		d.format = detect_format(fd, &st);
	close(fd);
	if (r < 0) {
		wr_error_prefix(err, "%s", path);
		return -1;
	}
	/* Another winrescue on this disk: refused before the launch, as a
	 * mounted disk is.  Readers share it; a writer has it alone. */
	if (wr_lock_take(&d.lock, path, writable, true, 0, err) < 0)
		return -1;
	grown = realloc(g->disks, (g->n_disks + 1) * sizeof(*grown));
	if (grown)
		g->disks = grown;
	if (!grown || !(d.path = strdup(path))) {
		wr_lock_release(&d.lock);
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	if (add_to_handle(guest_handle(g), &d, err) < 0) {
		wr_lock_release(&d.lock);
		free(d.path);
		return -1;
	}
	g->disks[g->n_disks++] = d;
	return 0;
}

void wr_guest_on_progress(struct wr_guest *g, wr_guest_progress_fn fn, void *opaque)
{
	g->progress = fn;
	g->opaque = opaque;
}

/* Ticks the progress callback while a launch blocks: the UI shows a spinner
 * from the first moment, long before the appliance reports anything. */
static void *ticker(void *opaque)
{
	struct wr_guest *g = opaque;
	struct timespec next;

	pthread_mutex_lock(&g->lock);
	while (g->launching) {
		report(g, WR_GUEST_STARTING, NULL);
		wr__guest_kvm_watch(g, elapsed(g));
		clock_gettime(CLOCK_REALTIME, &next);
		next.tv_nsec += 100 * 1000 * 1000;
		if (next.tv_nsec >= 1000000000) {
			next.tv_sec++;
			next.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&g->done, &g->lock, &next);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

static bool tcg_forced(guestfs_h *h)
{
	char *v = guestfs_get_backend_setting(h, "force_tcg");
	bool forced = v != NULL;

	free(v);
	return forced;
}

/* Add a flag to the handle's backend settings, keeping the others. */
static int add_backend_flag(guestfs_h *h, const char *flag)
{
	char **old = guestfs_get_backend_settings(h);
	size_t n = 0;
	char **list;
	int r = -1;

	while (old && old[n])
		n++;
	list = calloc(n + 2, sizeof(*list));
	if (list) {
		for (size_t i = 0; i < n; i++)
			list[i] = old[i];
		list[n] = (char *)flag;
		r = guestfs_set_backend_settings(h, list);
	}
	for (size_t i = 0; i < n; i++)
		free(old[i]);
	free(old);
	free(list);
	return r;
}

/* A fresh handle with the same disks, told to use software emulation. */
static int prepare_tcg(struct wr_guest *g, struct wr_error *err)
{
	guestfs_h *h = new_handle(g, err);

	if (!h)
		return -1;
	guestfs_close(guest_handle(g));
	g->h = h;
	/* A bare flag, as LIBGUESTFS_BACKEND_SETTINGS=force_tcg sets it. */
	if (add_backend_flag(h, "force_tcg") < 0) {
		wr__guest_error(g, err, _("cannot select software emulation"));
		return -1;
	}
	for (size_t i = 0; i < g->n_disks; i++)
		if (add_to_handle(h, &g->disks[i], err) < 0)
			return -1;
	return 0;
}

/* Tell the UI the launch runs under TCG, and why. */
static void say_tcg(struct wr_guest *g, const char *why)
{
	pthread_mutex_lock(&g->lock);
	report(g, WR_GUEST_TCG, why);
	pthread_mutex_unlock(&g->lock);
}

/* One launch; `kvm`: watched for a boot that hangs. */
static int launch_once(struct wr_guest *g, bool kvm)
{
	int r;

	pthread_mutex_lock(&g->lock);
	g->kvm_watch = kvm;
	pthread_mutex_unlock(&g->lock);
	g->launches++;
	r = guestfs_launch(guest_handle(g));
	pthread_mutex_lock(&g->lock);
	g->kvm_watch = false;
	pthread_mutex_unlock(&g->lock);
	return r;
}

/* Launch with KVM where it can work; after a failure, or a boot that hangs,
 * once more with TCG. */
static int launch_with_retry(struct wr_guest *g, struct wr_error *err)
{
	enum guest_kvm kvm =
	    tcg_forced(guest_handle(g)) ? GUEST_KVM_ABSENT : wr__guest_kvm_choice(g);
	char why[512];

	if (kvm == GUEST_KVM_NO_CPU) {
		say_tcg(g,
		        _("this CPU offers no hardware virtualisation (vmx or svm), though "
		          "/dev/kvm is there: the appliance runs under software emulation (TCG), "
		          "which is several times slower"));
		if (add_backend_flag(guest_handle(g), "force_tcg") < 0) {
			wr__guest_error(g, err, _("cannot select software emulation"));
			return -1;
		}
	}
	if (launch_once(g, kvm == GUEST_KVM_TRY) == 0)
		return 0;
	if (kvm != GUEST_KVM_TRY) {
		wr__guest_error(g, err, _("the appliance did not start"));
		return -1;
	}
	if (g->kvm_stalled)
		snprintf(
		    why, sizeof(why),
		    _("the appliance did not boot with KVM in %u s (nested virtualisation often "
		      "breaks it); retrying with software emulation (TCG), which is several "
		      "times slower"),
		    g->kvm_boot_seconds);
	else
		snprintf(
		    why, sizeof(why), "%s",
		    _("the appliance did not start with KVM (nested virtualisation often breaks "
		      "it); retrying with software emulation (TCG), which is several times "
		      "slower"));
	say_tcg(g, why);
	if (prepare_tcg(g, err) < 0)
		return -1;
	if (launch_once(g, false) == 0)
		return 0;
	wr__guest_error(g, err, _("the appliance did not start, with KVM nor with TCG"));
	return -1;
}

int wr_guest_launch(struct wr_guest *g, struct wr_error *err)
{
	pthread_t tick;
	bool ticking;
	int r;

	if (g->launched)
		return 0;
	if (g->n_disks == 0) {
		wr_error_set(err, EINVAL, _("no disk to open"));
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &g->start);
	g->launching = true;
	ticking = pthread_create(&tick, NULL, ticker, g) == 0;
	r = launch_with_retry(g, err);
	pthread_mutex_lock(&g->lock);
	g->launching = false;
	pthread_cond_signal(&g->done);
	pthread_mutex_unlock(&g->lock);
	if (ticking)
		pthread_join(tick, NULL);
	if (r < 0) {
		const char *pkg = err ? wr_guest_missing_package(err->msg) : NULL;

		if (pkg)
			wr_error_prefix(err, _("install the Debian package %s"), pkg);
		return -1;
	}
	g->launched = true;
	report(g, WR_GUEST_READY, NULL);
	return 0;
}

int wr_guest_launch_count(const struct wr_guest *g)
{
	return g->launches;
}

size_t wr_guest_disk_count(const struct wr_guest *g)
{
	return g->n_disks;
}

const char *wr_guest_disk_path(const struct wr_guest *g, size_t i)
{
	return i < g->n_disks ? g->disks[i].path : NULL;
}

bool wr_guest_disk_writable(const struct wr_guest *g, size_t i)
{
	return i < g->n_disks && g->disks[i].writable;
}

int wr__guest_device(struct wr_guest *g, size_t disk, unsigned number, char *out, size_t len,
                     struct wr_error *err)
{
	for (size_t i = 0; number && i < g->n_unlocked; i++)
		if (g->unlocked[i].disk == disk && g->unlocked[i].number == number) {
			snprintf(out, len, "/dev/mapper/%s", g->unlocked[i].map);
			return 0;
		}
	return wr__guest_raw_device(g, disk, number, out, len, err);
}

int wr__guest_raw_device(struct wr_guest *g, size_t disk, unsigned number, char *out, size_t len,
                         struct wr_error *err)
{
	size_t n = 0;

	if (!g->devices && !(g->devices = guestfs_list_devices(guest_handle(g)))) {
		wr__guest_error(g, err, _("cannot list the disks"));
		return -1;
	}
	while (g->devices[n])
		n++;
	if (disk >= n) {
		wr_error_set(err, EINVAL, _("the session has no disk %zu"), disk);
		return -1;
	}
	if (number)
		snprintf(out, len, "%s%u", g->devices[disk], number);
	else
		snprintf(out, len, "%s", g->devices[disk]);
	return 0;
}

int wr__guest_check(struct wr_guest *g, const struct wr_part *p, bool write, struct wr_error *err)
{
	if (p->disk >= g->n_disks) {
		wr_error_set(err, EINVAL, _("the session has no disk %zu"), p->disk);
		return -1;
	}
	if (write && !g->disks[p->disk].writable) {
		wr_error_set(err, EROFS, _("%s: the disk was opened read-only"), p->name);
		return -1;
	}
	if (!g->launched) {
		wr_error_set(err, EINVAL, _("%s: the appliance is not running"), p->name);
		return -1;
	}
	return 0;
}

int wr_guest_shutdown(struct wr_guest *g, struct wr_error *err)
{
	int r;

	if (!g->launched)
		return 0;
	/* The shutdown flushes the disks even when an unmount failed. */
	r = wr__guest_unmount_all(g, err);
	if (wr__guest_close_unlocked(g, r == 0 ? err : &(struct wr_error){0}) < 0)
		r = -1;
	if (guestfs_shutdown(guest_handle(g)) < 0) {
		if (r == 0)
			wr__guest_error(g, err, _("the appliance did not shut down cleanly"));
		return -1;
	}
	g->launched = false;
	return r;
}

void wr_guest_close(struct wr_guest *g)
{
	if (!g)
		return;
	if (g->h)
		guestfs_close(guest_handle(g));
	for (size_t i = 0; i < g->n_disks; i++) {
		wr_lock_release(&g->disks[i].lock);
		free(g->disks[i].path);
	}
	free(g->disks);
	wr_guest_forget_keys(g);
	free(g->unlocked);
	for (size_t i = 0; g->devices && g->devices[i]; i++)
		free(g->devices[i]);
	free(g->devices);
	free(g->mounts);
	free(g->probes);
	pthread_cond_destroy(&g->done);
	pthread_mutex_destroy(&g->lock);
	pthread_mutex_destroy(&g->probe_lock);
	free(g);
}

const char *wr_guest_missing_package(const char *error)
{
	/* supermin's words when /boot has no kernel it can boot */
	if (strstr(error, "failed to find a suitable kernel") || strstr(error, "/boot/vmlinuz"))
		return "linux-image-amd64";
	if (strstr(error, "cannot find any suitable libguestfs supermin"))
		return "libguestfs-tools";
	if (strstr(error, "supermin: not found") || strstr(error, "supermin: No such file"))
		return "supermin";
	return NULL;
}
