/* SPDX-License-Identifier: GPL-3.0-or-later */
/* guest-files.c - files on the partitions of the session: each mounted once, at its own place. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/sha256.h"
#include "guest-internal.h"

#define CHUNK (1u << 20) /* a read, well under libguestfs' message limit */
/*
 * Files up to this size (every BCD store, most logs and journals) travel as
 * messages (pread, write) and are hashed here: libguestfs' download, upload
 * and checksum each start programs in the appliance (udevadm settle twice,
 * sha256sum), a second or more apiece under software emulation.
 */
#define SMALL_FILE (2u << 20)

static void mount_dir(const struct guest_mount *m, char *out, size_t len)
{
	snprintf(out, len, "/wr-%zu-%u", m->disk, m->number);
}

static struct guest_mount *mount_of(struct wr_guest *g, size_t disk, unsigned number)
{
	struct guest_mount *grown;

	for (size_t i = 0; i < g->n_mounts; i++)
		if (g->mounts[i].disk == disk && g->mounts[i].number == number)
			return &g->mounts[i];
	grown = realloc(g->mounts, (g->n_mounts + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	g->mounts = grown;
	g->mounts[g->n_mounts] = (struct guest_mount){.disk = disk, .number = number};
	return &g->mounts[g->n_mounts++];
}

/*
 * Unmount every partition: libguestfs unmounts all of them with the system
 * call, where unmounting one runs umount(8), several times slower under
 * software emulation.  Partitions still needed are mounted again when they
 * are.
 */
int wr__guest_unmount_all(struct wr_guest *g, struct wr_error *err)
{
	bool any = false;

	for (size_t i = 0; i < g->n_mounts; i++)
		any = any || g->mounts[i].mounted;
	if (!any)
		return 0;
	if (guestfs_umount_all(guest_handle(g)) < 0) {
		/* Some may still be mounted, others not: nothing more is read
		 * or written through mount points in an unknown state. */
		g->mounts_unknown = true;
		wr__guest_error(g, err, _("cannot unmount the partitions"));
		return -1;
	}
	for (size_t i = 0; i < g->n_mounts; i++)
		g->mounts[i].mounted = false;
	return 0;
}

/* The modules an ESP's mount needs, loaded once a session before the first
 * mount and waited for: left to the kernel's on-demand loading, a FAT mount
 * under software emulation and load has failed ("wrong fs type ... missing
 * codepage") for seconds on end.  A module that is not there is no error:
 * the mount says what is wrong. */
static void load_fat(struct wr_guest *g)
{
	char modprobe[] = "modprobe -a fat vfat nls_cp437 nls_ascii nls_utf8 nls_iso8859_1 "
	                  "2>/dev/null; true";
	char *sh[] = {modprobe, NULL};

	if (!g->fat_loaded)
		free(guestfs_debug(guest_handle(g), "sh", sh));
	g->fat_loaded = true;
}

/* Mount `device` on `dir`, once more after udev has settled when the
 * first try fails: right after a partition table or a filesystem was
 * written the kernel may still be re-reading the disk. */
static int mount_settled(struct wr_guest *g, const char *device, const char *dir, bool rw)
{
	char settle[] = "udevadm settle";
	char *sh[] = {settle, NULL};

	load_fat(g);
	for (int attempt = 0;; attempt++) {
		int r = rw ? guestfs_mount(guest_handle(g), device, dir)
		           : guestfs_mount_ro(guest_handle(g), device, dir);

		if (r == 0 || attempt == 1)
			return r;
		free(guestfs_debug(guest_handle(g), "sh", sh));
	}
}

/*
 * Partition `p` mounted, read-write when `rw`: once per session, not once a
 * call (under software emulation a mount costs half a second).  A
 * partition written once is mounted read-write from then on.
 */
static int mounted(struct wr_guest *g, const struct wr_part *p, bool rw, char *dir, size_t len,
                   struct wr_error *err)
{
	struct guest_mount *m = mount_of(g, p->disk, p->number);
	char device[64];
	int r;

	if (!m) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	if (g->mounts_unknown) {
		wr_error_set(err, EIO,
		             _("%s: the partitions could not be unmounted earlier; nothing more "
		               "is read or written"),
		             p->name);
		return -1;
	}
	mount_dir(m, dir, len);
	if (m->mounted && (m->rw || !rw))
		return 0;
	if ((m->mounted && wr__guest_unmount_all(g, err) < 0) ||
	    wr__guest_device(g, p->disk, p->number, device, sizeof(device), err) < 0)
		return -1;
	if (!m->made && guestfs_mkmountpoint(guest_handle(g), dir) < 0) {
		wr__guest_error(g, err, p->name);
		return -1;
	}
	m->made = true;
	rw = m->rw || rw;
	r = mount_settled(g, device, dir, rw);
	if (r < 0) { /* read-only, as before, when the read-write mount failed */
		wr__guest_error(g, err, p->name);
		return -1;
	}
	m->rw = rw;
	m->mounted = true;
	return 0;
}

/* Absolute, '/'-separated, and no "." or ".." that could leave the
 * partition. */
static bool valid_path(const char *path)
{
	const char *c = path;

	if (*c != '/')
		return false;
	while (*c) {
		size_t n;

		c += strspn(c, "/");
		n = strcspn(c, "/");
		if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += n;
	}
	return true;
}

/*
 * The checks, then `path` as the appliance sees it: below the partition's
 * mount point (mounted as needed) in `out`.
 */
static int where(struct wr_guest *g, const struct wr_part *p, bool write, const char *path,
                 char *out, size_t len, struct wr_error *err)
{
	char dir[64];
	int n;

	if (!valid_path(path)) {
		wr_error_set(err, EINVAL, _("%s: \"%s\" is not an absolute path on the partition"),
		             p->name, path);
		return -1;
	}
	if (wr__guest_check(g, p, write, err) < 0 ||
	    mounted(g, p, write, dir, sizeof(dir), err) < 0)
		return -1;
	if (write)
		wr__guest_forget_probes(g);
	n = snprintf(out, len, "%s%s", dir, strcmp(path, "/") ? path : "");
	if (n < 0 || (size_t)n >= len) {
		wr_error_set(err, ENAMETOOLONG, _("%s: the path is too long: %s"), p->name, path);
		return -1;
	}
	return 0;
}

/* "P PATH: <libguestfs's error>", -1. */
static int failed(struct wr_guest *g, const struct wr_part *p, const char *path,
                  struct wr_error *err)
{
	char what[4400];

	snprintf(what, sizeof(what), "%s %s", p->name, path);
	wr__guest_error(g, err, what);
	return -1;
}

/* Whether the last call failed because something on the way is missing. */
static bool missing(struct wr_guest *g)
{
	int e = guestfs_last_errno(guest_handle(g));

	return e == ENOENT || e == ENOTDIR;
}

int wr_guest_find(struct wr_guest *g, const struct wr_part *p, const char *path, char *out,
                  size_t len, struct wr_error *err)
{
	char full[4200], *real;
	size_t skip;

	if (where(g, p, false, path, full, sizeof(full), err) < 0)
		return -1;
	skip = strlen(full) - (strcmp(path, "/") ? strlen(path) : 0);
	real = guestfs_case_sensitive_path(guest_handle(g), full);
	if (!real) /* it gives no errno to tell a missing folder from a failure */
		return 1;
	if (snprintf(out, len, "%s", real[skip] ? real + skip : "/") >= (int)len) {
		wr_error_set(err, ENAMETOOLONG, _("%s: the path is too long: %s"), p->name, real);
		free(real);
		return -1;
	}
	free(real);
	return 0;
}

int wr_guest_stat(struct wr_guest *g, const struct wr_part *p, const char *path, uint64_t *size,
                  struct wr_error *err)
{
	char full[4200];
	struct guestfs_statns *st;
	bool file;

	if (where(g, p, false, path, full, sizeof(full), err) < 0)
		return -1;
	st = guestfs_lstatns(guest_handle(g), full);
	if (!st)
		return missing(g) ? 1 : failed(g, p, path, err);
	file = (st->st_mode & 0170000) == 0100000; /* S_IFREG, as the appliance's kernel has it */
	*size = file ? (uint64_t)st->st_size : 0;
	guestfs_free_statns(st);
	return file ? 0 : 1;
}

/* Up to `want` bytes from the start of `full`, in chunks; fewer at its end. */
static int read_upto(struct wr_guest *g, const struct wr_part *p, const char *path,
                     const char *full, size_t want, uint8_t **data, size_t *len,
                     struct wr_error *err)
{
	*len = 0;
	*data = malloc(want + 1);
	if (!*data) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	while (*len < want) {
		size_t got = 0, ask = want - *len < CHUNK ? want - *len : CHUNK;
		char *part = guestfs_pread(guest_handle(g), full, (int)ask, (int64_t)*len, &got);

		if (!part) {
			free(*data);
			*data = NULL;
			return failed(g, p, path, err);
		}
		memcpy(*data + *len, part, got < ask ? got : ask);
		*len += got < ask ? got : ask;
		free(part);
		if (got == 0)
			break;
	}
	return 0;
}

int wr_guest_read(struct wr_guest *g, const struct wr_part *p, const char *path, size_t max,
                  uint8_t **data, size_t *len, struct wr_error *err)
{
	char full[4200];
	uint64_t size;
	int r;

	*data = NULL;
	r = wr_guest_stat(g, p, path, &size, err);
	if (r == 1)
		wr_error_set(err, ENOENT, _("%s %s: no such file"), p->name, path);
	if (r == 0 && size > max)
		wr_error_set(err, EFBIG, _("%s %s: %llu bytes, more than %zu"), p->name, path,
		             (unsigned long long)size, max);
	if (r != 0 || size > max || where(g, p, false, path, full, sizeof(full), err) < 0 ||
	    read_upto(g, p, path, full, (size_t)size, data, len, err) < 0)
		return -1;
	if (*len == size)
		return 0;
	free(*data);
	*data = NULL;
	wr_error_set(err, EIO, _("%s %s: the file changed while it was read"), p->name, path);
	return -1;
}

int wr_guest_read_head(struct wr_guest *g, const struct wr_part *p, const char *path, size_t max,
                       uint8_t **data, size_t *len, struct wr_error *err)
{
	char full[4200];

	*data = NULL;
	if (where(g, p, false, path, full, sizeof(full), err) < 0)
		return -1;
	return read_upto(g, p, path, full, max, data, len, err);
}

void wr_guest_names_free(char **names)
{
	for (size_t i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
}

int wr_guest_list_dir(struct wr_guest *g, const struct wr_part *p, const char *dir, char ***names,
                      struct wr_error *err)
{
	char full[4200];

	*names = NULL;
	if (where(g, p, false, dir, full, sizeof(full), err) < 0)
		return -1;
	*names = guestfs_ls(guest_handle(g), full);
	return *names ? 0 : failed(g, p, dir, err);
}

/* The names of `names` (relative to `full`) that are regular files; NULL
 * when one cannot be looked at.  One call each: lstatnslist takes names
 * without a folder only. */
static char **regular_files(struct wr_guest *g, const char *full, char **names)
{
	char path[8400];
	size_t kept = 0;
	int file = 0;

	for (size_t i = 0; names[i]; i++) {
		char *rel = names[i] + strspn(names[i], "/"); /* find names them "/a/b" */

		memmove(names[i], rel, strlen(rel) + 1);
		snprintf(path, sizeof(path), "%s/%s", full, names[i]);
		if (file >= 0)
			file = guestfs_is_file_opts(guest_handle(g), path,
			                            GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS, 0, -1);
		if (file > 0)
			names[kept++] = names[i];
		else
			free(names[i]);
	}
	names[kept] = NULL;
	return file < 0 ? NULL : names;
}

int wr_guest_list_files(struct wr_guest *g, const struct wr_part *p, const char *dir, char ***files,
                        struct wr_error *err)
{
	char full[4200], **names;
	int is_dir;

	*files = NULL;
	if (where(g, p, false, dir, full, sizeof(full), err) < 0)
		return -1;
	if ((is_dir = guestfs_is_dir(guest_handle(g), full)) <= 0)
		return is_dir < 0 ? failed(g, p, dir, err) : 1;
	if (!(names = guestfs_find(guest_handle(g), full)))
		return failed(g, p, dir, err);
	if (!(*files = regular_files(g, full, names))) {
		wr_guest_names_free(names);
		return failed(g, p, dir, err);
	}
	return 0;
}

/* The local file `local` and its name on the disk here (a host backup
 * must outlive a crash of this machine). */
static int sync_local(const char *local, struct wr_error *err)
{
	int fd = open(local, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	/* Private, as a small file is made: libguestfs creates it 0666 less
	 * the umask, and backups and journals are read only when no one else
	 * can write them. */
	if (fd < 0 || fchmod(fd, 0600) < 0 || fsync(fd) < 0 || wr_file_sync_dir(local) < 0) {
		wr_error_set(err, errno, "%s: %s", local, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* Write `len` bytes as the new local file `local`, durably. */
static int write_local(const char *local, const uint8_t *data, size_t len, struct wr_error *err)
{
	int fd = open(local, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0 || wr_file_write_at(fd, data, len, 0) < 0 || fsync(fd) < 0) {
		wr_error_set(err, errno, "%s: %s", local, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(local);
		}
		return -1;
	}
	if (close(fd) < 0 || wr_file_sync_dir(local) < 0) {
		wr_error_set(err, errno, "%s: %s", local, strerror(errno));
		return -1;
	}
	return 0;
}

int wr_guest_fetch(struct wr_guest *g, const struct wr_part *p, const char *path, const char *local,
                   struct wr_error *err)
{
	char full[4200];
	uint64_t size;
	uint8_t *data;
	size_t len;
	int r = wr_guest_stat(g, p, path, &size, err);

	if (r != 0)
		return r;
	if (where(g, p, false, path, full, sizeof(full), err) < 0)
		return -1;
	if (size > SMALL_FILE)
		return guestfs_download(guest_handle(g), full, local) < 0 ? failed(g, p, path, err)
		                                                          : sync_local(local, err);
	if (wr_guest_read(g, p, path, SMALL_FILE, &data, &len, err) < 0)
		return -1;
	r = write_local(local, data, len, err);
	free(data);
	return r;
}

int wr_guest_sha256(struct wr_guest *g, const struct wr_part *p, const char *path, char out[65],
                    struct wr_error *err)
{
	char full[4200], *sum;
	uint64_t size;
	uint8_t *data;
	size_t len;
	int r = wr_guest_stat(g, p, path, &size, err);

	out[0] = '\0';
	if (r == 1)
		wr_error_set(err, ENOENT, _("%s %s: no such file"), p->name, path);
	if (r != 0 || where(g, p, false, path, full, sizeof(full), err) < 0)
		return -1;
	if (size > SMALL_FILE) {
		sum = guestfs_checksum(guest_handle(g), "sha256", full);
		if (!sum)
			return failed(g, p, path, err);
		snprintf(out, 65, "%s", sum);
		free(sum);
		return 0;
	}
	if (wr_guest_read(g, p, path, SMALL_FILE, &data, &len, err) < 0)
		return -1;
	wr_sha256_of(data, len, out);
	free(data);
	return 0;
}

int wr_guest_free_space(struct wr_guest *g, const struct wr_part *p, uint64_t *room,
                        struct wr_error *err)
{
	char full[4200];
	struct guestfs_statvfs *st;

	if (where(g, p, false, "/", full, sizeof(full), err) < 0)
		return -1;
	st = guestfs_statvfs(guest_handle(g), full);
	if (!st)
		return failed(g, p, "/", err);
	*room = (uint64_t)st->bavail * (uint64_t)st->frsize;
	guestfs_free_statvfs(st);
	return 0;
}

/* Value `v` of the open hive's `node`: its type and bytes. */
static void hive_value(struct wr_guest *g, int64_t node, struct wr_guest_value *v)
{
	int64_t value = guestfs_hivex_node_get_value(guest_handle(g), node, v->name);
	size_t len = 0;
	char *data = value > 0 ? guestfs_hivex_value_value(guest_handle(g), value, &len) : NULL;

	v->data = (uint8_t *)data;
	v->len = data ? len : 0;
	v->type = data ? (uint32_t)guestfs_hivex_value_type(guest_handle(g), value) : 0;
}

int wr_guest_hive_values(struct wr_guest *g, const struct wr_part *p, const char *hive,
                         const char *key, struct wr_guest_value *values, size_t n,
                         struct wr_error *err)
{
	char full[4200], *names = strdup(key), *save = NULL;
	int64_t node;

	for (size_t i = 0; i < n; i++)
		values[i].data = NULL;
	if (!names) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	if (where(g, p, false, hive, full, sizeof(full), err) < 0) {
		free(names);
		return -1;
	}
	if (guestfs_hivex_open(guest_handle(g), full, -1) < 0) {
		free(names);
		return failed(g, p, hive, err);
	}
	node = guestfs_hivex_root(guest_handle(g));
	for (char *k = strtok_r(names, "\\", &save); node > 0 && k; k = strtok_r(NULL, "\\", &save))
		node = guestfs_hivex_node_get_child(guest_handle(g), node, k);
	for (size_t i = 0; node > 0 && i < n; i++)
		hive_value(g, node, &values[i]);
	guestfs_hivex_close(guest_handle(g));
	free(names);
	return 0;
}

int wr_guest_upload(struct wr_guest *g, const struct wr_part *p, const char *local,
                    const char *path, struct wr_error *err)
{
	char full[4200];
	uint8_t *data;
	size_t len;
	int r;

	if (where(g, p, true, path, full, sizeof(full), err) < 0)
		return -1;
	/* Large, or unreadable here (then upload says why): the slow way. */
	if (wr_file_read(local, SMALL_FILE, &data, &len, NULL) < 0)
		return guestfs_upload(guest_handle(g), local, full) < 0 ? failed(g, p, path, err)
		                                                        : 0;
	r = guestfs_write(guest_handle(g), full, (const char *)data, len) < 0
	        ? failed(g, p, path, err)
	        : 0;
	free(data);
	return r;
}

int wr_guest_copy(struct wr_guest *g, const struct wr_part *p, const char *from, const char *to,
                  struct wr_error *err)
{
	char src[4200], dst[4200];
	int there;

	if (where(g, p, true, from, src, sizeof(src), err) < 0 ||
	    where(g, p, true, to, dst, sizeof(dst), err) < 0)
		return -1;
	there = guestfs_exists(guest_handle(g), dst);
	if (there < 0)
		return failed(g, p, to, err);
	if (there) {
		wr_error_set(err, EEXIST, _("%s %s: already exists"), p->name, to);
		return -1;
	}
	/* In the daemon: cp(1) would be one more program started. */
	return guestfs_copy_file_to_file(guest_handle(g), src, dst, -1) < 0 ? failed(g, p, to, err)
	                                                                    : 0;
}

int wr_guest_rename(struct wr_guest *g, const struct wr_part *p, const char *from, const char *to,
                    struct wr_error *err)
{
	char src[4200], dst[4200];

	if (where(g, p, true, from, src, sizeof(src), err) < 0 ||
	    where(g, p, true, to, dst, sizeof(dst), err) < 0)
		return -1;
	/* rename(2) in the daemon, as mv(1) does, without starting it. */
	return guestfs_rename(guest_handle(g), src, dst) < 0 ? failed(g, p, to, err) : 0;
}

int wr_guest_remove(struct wr_guest *g, const struct wr_part *p, const char *path,
                    struct wr_error *err)
{
	char full[4200];

	if (where(g, p, true, path, full, sizeof(full), err) < 0)
		return -1;
	return guestfs_rm_f(guest_handle(g), full) < 0 ? failed(g, p, path, err) : 0;
}

/* A line cut short by a crash must not swallow the next one. */
static int end_last_line(struct wr_guest *g, const char *full)
{
	struct guestfs_statns *st = guestfs_lstatns(guest_handle(g), full);
	int64_t size = st ? st->st_size : 0;
	size_t got = 0;
	char *last;
	int r = 0;

	guestfs_free_statns(st);
	if (!st)
		return missing(g) ? 0 : -1; /* a new file */
	if (size == 0)
		return 0;
	last = guestfs_pread(guest_handle(g), full, 1, size - 1, &got);
	if (!last || got != 1)
		r = -1;
	else if (*last != '\n')
		r = guestfs_write_append(guest_handle(g), full, "\n", 1);
	free(last);
	return r < 0 ? -1 : 0;
}

int wr_guest_append(struct wr_guest *g, const struct wr_part *p, const char *path, const char *text,
                    struct wr_error *err)
{
	char full[4200];

	if (where(g, p, true, path, full, sizeof(full), err) < 0)
		return -1;
	if (end_last_line(g, full) < 0 ||
	    guestfs_write_append(guest_handle(g), full, text, strlen(text)) < 0)
		return failed(g, p, path, err);
	return wr_guest_sync(g, p, err);
}

int wr_guest_sync(struct wr_guest *g, const struct wr_part *p, struct wr_error *err)
{
	if (wr__guest_check(g, p, false, err) < 0 || wr__guest_unmount_all(g, err) < 0)
		return -1;
	if (guestfs_sync(guest_handle(g)) < 0) {
		wr__guest_error(g, err, p->name);
		return -1;
	}
	return 0;
}

int wr_guest_mkdir(struct wr_guest *g, const struct wr_part *p, const char *dir,
                   struct wr_error *err)
{
	char full[4200];

	if (where(g, p, true, dir, full, sizeof(full), err) < 0)
		return -1;
	return guestfs_mkdir_p(guest_handle(g), full) < 0 ? failed(g, p, dir, err) : 0;
}

int wr_guest_write(struct wr_guest *g, const struct wr_part *p, const char *path, const void *data,
                   size_t len, struct wr_error *err)
{
	char full[4200];

	if (where(g, p, true, path, full, sizeof(full), err) < 0)
		return -1;
	return guestfs_write(guest_handle(g), full, data, len) < 0 ? failed(g, p, path, err) : 0;
}
