/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hostdisks.c - the host's own disks, from sysfs and mountinfo (no appliance). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "disk.h"

/* What mountinfo says: which device number is mounted where. */
struct mount {
	char dev[24]; /* "8:33" */
	char *point;
};

struct scan {
	const char *sysfs;
	struct mount *mounts;
	size_t n_mounts;
};

/* Read a small sysfs file into `out`, trailing whitespace removed; "" when
 * it cannot be read. */
static void read_attr(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "re");
	size_t n = f ? fread(out, 1, len - 1, f) : 0;

	out[n] = '\0';
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' '))
		out[--n] = '\0';
	if (f)
		fclose(f);
}

/* Undo mountinfo's octal escapes (\040 for a space). */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] && s[3]) {
			*o++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

static int read_mounts(struct scan *sc, const char *mountinfo, struct wr_error *err)
{
	FILE *f = fopen(mountinfo, "re");
	char line[4096], dev[24], point[4096];

	if (!f) {
		wr_error_set(err, errno, _("%s: cannot open: %s"), mountinfo, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct mount *m;

		/* ID PARENT MAJOR:MINOR ROOT MOUNTPOINT ... */
		if (sscanf(line, "%*s %*s %23s %*s %4095s", dev, point) != 2)
			continue;
		m = realloc(sc->mounts, (sc->n_mounts + 1) * sizeof(*m));
		if (!m)
			break;
		sc->mounts = m;
		m += sc->n_mounts;
		unescape(point);
		snprintf(m->dev, sizeof(m->dev), "%s", dev);
		m->point = strdup(point);
		if (m->point)
			sc->n_mounts++;
	}
	fclose(f);
	return 0;
}

/* Mount points of device number `dev`, ", "-joined (malloc'd), or NULL. */
static char *mounts_of(const struct scan *sc, const char *dev)
{
	struct wr_buf b = WR_BUF_INIT;

	for (size_t i = 0; i < sc->n_mounts; i++)
		if (strcmp(sc->mounts[i].dev, dev) == 0)
			wr_buf_printf(&b, "%s%s", b.len ? ", " : "", sc->mounts[i].point);
	return b.data;
}

static bool system_mount(const char *mounts)
{
	static const char *const system[] = {"/", "/boot", "/boot/efi", "/usr", "/var"};
	char copy[4096], *save = NULL;

	if (!mounts)
		return false;
	snprintf(copy, sizeof(copy), "%s", mounts);
	for (char *p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		p += strspn(p, " ");
		for (size_t i = 0; i < sizeof(system) / sizeof(*system); i++)
			if (strcmp(p, system[i]) == 0)
				return true;
	}
	return false;
}

/* read_attr on a path built from a format. */
static void read_attrf(char *out, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void read_attrf(char *out, size_t len, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	read_attr(path, out, len);
}

/*
 * Whether the device whose sysfs directory is `dir` is held by another
 * block device (dm, md); *system becomes true when a holder, at any depth
 * (LVM on LUKS, say), is mounted on a system path.
 */
static bool check_holders(const struct scan *sc, const char *dir, int depth, bool *system)
{
	char path[PATH_MAX], dev[24];
	struct dirent *e;
	bool held = false;
	DIR *d;

	snprintf(path, sizeof(path), "%s/holders", dir);
	d = depth < 4 ? opendir(path) : NULL;
	while (d && (e = readdir(d))) {
		char *mounts;

		if (e->d_name[0] == '.')
			continue;
		held = true;
		snprintf(path, sizeof(path), "%s/block/%s", sc->sysfs, e->d_name);
		read_attrf(dev, sizeof(dev), "%s/dev", path);
		mounts = dev[0] ? mounts_of(sc, dev) : NULL;
		*system |= system_mount(mounts);
		free(mounts);
		check_holders(sc, path, depth + 1, system);
	}
	if (d)
		closedir(d);
	return held;
}

static int cmp_partition(const void *a, const void *b)
{
	const struct wr_host_partition *x = a, *y = b;

	return x->number < y->number ? -1 : x->number > y->number;
}

/* A partition of `disk` is a subdirectory with a "partition" attribute. */
static void scan_partitions(const struct scan *sc, const char *dir, struct wr_host_disk *disk)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char attr[32], sub[2 * PATH_MAX];

	while (d && (e = readdir(d))) {
		struct wr_host_partition *p;

		snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name);
		read_attrf(attr, sizeof(attr), "%s/partition", sub);
		if (e->d_name[0] == '.' || !attr[0])
			continue;
		p = realloc(disk->partitions, (disk->n_partitions + 1) * sizeof(*p));
		if (!p)
			break;
		disk->partitions = p;
		p += disk->n_partitions++;
		memset(p, 0, sizeof(*p));
		snprintf(p->name, sizeof(p->name), "%s", e->d_name);
		p->number = (unsigned)strtoul(attr, NULL, 10);
		read_attrf(attr, sizeof(attr), "%s/size", sub);
		p->size = strtoull(attr, NULL, 10) * 512; /* sysfs counts 512-byte units */
		read_attrf(attr, sizeof(attr), "%s/start", sub);
		p->start = strtoull(attr, NULL, 10) * 512;
		read_attrf(attr, sizeof(attr), "%s/dev", sub);
		p->mounts = mounts_of(sc, attr);
		disk->system |= system_mount(p->mounts);
		p->held = check_holders(sc, sub, 0, &disk->system);
		disk->held |= p->held;
	}
	if (d)
		closedir(d);
	if (disk->n_partitions)
		qsort(disk->partitions, disk->n_partitions, sizeof(*disk->partitions),
		      cmp_partition);
}

/* Devices under /sys/devices/virtual (loop, ram, zram, dm, md) are not disks
 * someone attached. */
static bool is_virtual(const char *sysfs, const char *name)
{
	char link[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "%s/block/%s", sysfs, name);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	return strstr(target, "/virtual/") != NULL;
}

static void scan_disk(const struct scan *sc, const char *name, struct wr_host_disk *disk)
{
	char dir[PATH_MAX], attr[160];

	memset(disk, 0, sizeof(*disk));
	snprintf(dir, sizeof(dir), "%s/block/%s", sc->sysfs, name);
	snprintf(disk->name, sizeof(disk->name), "%s", name);
	snprintf(disk->path, sizeof(disk->path), "/dev/%s", name);
	read_attrf(attr, sizeof(attr), "%s/size", dir);
	disk->size = strtoull(attr, NULL, 10) * 512;
	read_attrf(disk->model, sizeof(disk->model), "%s/device/model", dir);
	read_attrf(attr, sizeof(attr), "%s/removable", dir);
	disk->removable = strcmp(attr, "1") == 0;
	read_attrf(attr, sizeof(attr), "%s/ro", dir);
	disk->readonly = strcmp(attr, "1") == 0;
	read_attrf(attr, sizeof(attr), "%s/dev", dir);
	disk->mounts = mounts_of(sc, attr);
	disk->system = system_mount(disk->mounts);
	disk->held = check_holders(sc, dir, 0, &disk->system);
	scan_partitions(sc, dir, disk);
}

static int cmp_disk(const void *a, const void *b)
{
	return strcmp(((const struct wr_host_disk *)a)->name,
	              ((const struct wr_host_disk *)b)->name);
}

int wr_host_disks_scan(const char *sysfs, const char *mountinfo, struct wr_host_disks *out,
                       struct wr_error *err)
{
	struct scan sc = {.sysfs = sysfs};
	char dir[PATH_MAX];
	struct dirent *e;
	DIR *d;

	memset(out, 0, sizeof(*out));
	if (read_mounts(&sc, mountinfo, err) < 0)
		return -1;
	snprintf(dir, sizeof(dir), "%s/block", sysfs);
	d = opendir(dir);
	if (!d) {
		wr_error_set(err, errno, _("%s: cannot list the disks: %s"), dir, strerror(errno));
	}
	while (d && (e = readdir(d))) {
		struct wr_host_disk *grown;

		if (e->d_name[0] == '.' || is_virtual(sysfs, e->d_name))
			continue;
		grown = realloc(out->disks, (out->n + 1) * sizeof(*grown));
		if (!grown)
			break;
		out->disks = grown;
		scan_disk(&sc, e->d_name, &out->disks[out->n++]);
	}
	for (size_t i = 0; i < sc.n_mounts; i++)
		free(sc.mounts[i].point);
	free(sc.mounts);
	if (!d)
		return -1;
	closedir(d);
	if (out->n)
		qsort(out->disks, out->n, sizeof(*out->disks), cmp_disk);
	return 0;
}

void wr_host_disks_free(struct wr_host_disks *disks)
{
	for (size_t i = 0; i < disks->n; i++) {
		struct wr_host_disk *d = &disks->disks[i];

		for (size_t j = 0; j < d->n_partitions; j++)
			free(d->partitions[j].mounts);
		free(d->partitions);
		free(d->mounts);
	}
	free(disks->disks);
	memset(disks, 0, sizeof(*disks));
}
