/* SPDX-License-Identifier: GPL-3.0-or-later */
/* drive.c - drive letters: what F:\windows\system32\config\SYSTEM names on the attached disks
 * or in a directory here. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/i18n.h"
#include "internal.h"

/* "F:\boot\bcd" (or "F:boot\bcd", as some articles print it): the letter,
 * upper case, and the path with '/' from the root; false for a path here. */
static bool drive_path(const char *path, char *letter, char *rel, size_t len)
{
	size_t n = 0;

	if (!isalpha((unsigned char)path[0]) || path[1] != ':' || len < 2)
		return false;
	*letter = (char)toupper((unsigned char)path[0]);
	rel[n++] = '/';
	for (const char *p = path + 2; *p && n + 1 < len; p++)
		if ((*p != '\\' && *p != '/') || rel[n - 1] != '/')
			rel[n++] = *p == '\\' ? '/' : *p;
	rel[n] = '\0';
	return true;
}

static bool is_store_path(const char *rel)
{
	return strcasecmp(rel, "/boot/bcd") == 0 || strcasecmp(rel, "/efi/microsoft/boot/bcd") == 0;
}

int wr__cmd_kind_of_name(const char *path)
{
	const char *slash = strrchr(path, '\\'), *fwd = strrchr(path, '/');
	const char *base = !slash || (fwd && fwd > slash) ? (fwd ? fwd + 1 : path) : slash + 1;

	if (strcasecmp(base, "SYSTEM") == 0)
		return WR_KIND_SYSTEM;
	if (strcasecmp(base, "SOFTWARE") == 0)
		return WR_KIND_SOFTWARE;
	if (strcasecmp(base, "BCD") == 0)
		return WR_KIND_BCD;
	return -1;
}

/* `rel` under directory `dir`, each name matched without regard to case
 * (NTFS does not care; this machine's file system may): into `out`.  The
 * last name may be missing (a file to write). */
static int in_directory(const char *dir, const char *rel, char *out, size_t len,
                        struct wr_error *err)
{
	char name[NAME_MAX + 1];
	size_t n = (size_t)snprintf(out, len, "%s", dir);

	for (const char *p = rel + 1; *p && n < len;) {
		size_t k = strcspn(p, "/");
		struct dirent *d;
		DIR *dh;

		snprintf(name, sizeof(name), "%.*s", (int)k, p);
		if ((dh = opendir(out)))
			while ((d = readdir(dh)) && strcasecmp(d->d_name, name) != 0)
				;
		n += (size_t)snprintf(out + n, len - n, "/%s", dh && d ? d->d_name : name);
		if (dh)
			closedir(dh);
		p += k + (p[k] == '/');
	}
	if (n >= len) {
		wr_error_set(err, ENAMETOOLONG, _("%s%s: path too long"), dir, rel);
		return -1;
	}
	return 0;
}

/* The hive of `kind` the file `file` here holds, loaded on first use. */
static int hive_of_file(struct wr_cmd_env *e, const char *file, enum wr_hive_kind kind,
                        size_t *hive, struct wr_error *err)
{
	char abs[PATH_MAX];

	if (!realpath(file, abs)) {
		wr_error_set(err, errno, _("%s: %s"), file, strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < wr_session_count(e->s); i++) {
		size_t part;
		const char *path, *loaded = wr_session_file(e->s, i, &part, &path);

		if (loaded && strcmp(loaded, abs) == 0) {
			*hive = i;
			if (wr_session_kind(e->s, i) == kind)
				return 0;
			wr_error_set(err, EINVAL, _("%s: loaded as a %s hive, not a %s one"), file,
			             wr_hive_kind_name(wr_session_kind(e->s, i)),
			             wr_hive_kind_name(kind));
			return -1;
		}
	}
	*hive = wr_session_count(e->s);
	return wr_session_add_file(e->s, file, kind, err);
}

/* The hive at `rel` on the disks, on partition `part` (SIZE_MAX: any):
 * the only one, or an error naming `path`. */
static int hive_on_disks(struct wr_cmd_env *e, const char *path, const char *rel, size_t part,
                         enum wr_hive_kind kind, size_t *hive, struct wr_error *err)
{
	size_t found = 0;

	for (size_t i = 0; i < wr_session_count(e->s); i++) {
		size_t p;
		const char *at;

		if (wr_session_file(e->s, i, &p, &at) || wr_session_kind(e->s, i) != kind ||
		    strcasecmp(at, rel) != 0 || (part != SIZE_MAX && p != part))
			continue;
		*hive = i;
		found++;
	}
	if (found == 1)
		return 0;
	if (found)
		wr_error_set(err, EINVAL,
		             _("%s: there is one on several partitions: say which with --drive "
		               "%c=PARTITION"),
		             path, path[0]);
	else
		wr_error_set(
		    err, ENOENT,
		    _("%s: no %s hive there that winrescue loaded from the disks (it loads "
		      "the boot stores and each Windows' SYSTEM and SOFTWARE)"),
		    path, wr_hive_kind_name(kind));
	return -1;
}

/* No --drive and no disks: the file given for that role (--store ...). */
static int hive_given(struct wr_cmd_env *e, const char *path, const char *rel,
                      enum wr_hive_kind kind, size_t *hive, struct wr_error *err)
{
	if (e->given[kind].set && wr__cmd_kind_of_name(rel) == (int)kind &&
	    (kind != WR_KIND_BCD || is_store_path(rel))) {
		*hive = e->given[kind].hive;
		return 0;
	}
	wr_error_set(err, ENOENT,
	             _("%s: drive %c: is not mapped: give the disks, --drive %c=DIRECTORY, or the "
	               "hive's file"),
	             path, path[0], path[0]);
	return -1;
}

int wr__cmd_hive_at(struct wr_cmd_env *e, const char *path, enum wr_hive_kind kind, size_t *hive,
                    struct wr_error *err)
{
	char rel[PATH_MAX], host[PATH_MAX], letter;
	const struct cmd_drive *d;

	if (!drive_path(path, &letter, rel, sizeof(rel)))
		return hive_of_file(e, path, kind, hive, err);
	d = &e->drives[letter - 'A'];
	switch (d->to) {
	case DRIVE_DIRECTORY:
		if (in_directory(d->dir, rel, host, sizeof(host), err) < 0)
			return -1;
		return hive_of_file(e, host, kind, hive, err);
	case DRIVE_PARTITION:
		return hive_on_disks(e, path, rel, d->part, kind, hive, err);
	default:
		if (wr_session_inventory(e->s))
			return hive_on_disks(e, path, rel, SIZE_MAX, kind, hive, err);
		return hive_given(e, path, rel, kind, hive, err);
	}
}

/* Partition `target` of the disks: its name, or its number on one disk. */
static long partition_named(const struct wr_inventory *inv, const char *target)
{
	char *end;
	unsigned long number = strtoul(target, &end, 10);

	for (size_t i = 0; inv && i < inv->n_parts; i++)
		if (strcmp(inv->parts[i].name, target) == 0 ||
		    (inv->n_disks == 1 && *target && !*end && inv->parts[i].number == number))
			return (long)i;
	return -1;
}

int wr_cmd_env_drive(struct wr_cmd_env *e, char letter, const char *target, struct wr_error *err)
{
	struct cmd_drive *d;
	struct stat st;
	char abs[PATH_MAX];
	long part = partition_named(wr_session_inventory(e->s), target);

	if (!isalpha((unsigned char)letter)) {
		wr_error_set(err, EINVAL, _("--drive %c: not a drive letter"), letter);
		return -1;
	}
	d = &e->drives[toupper((unsigned char)letter) - 'A'];
	if (part >= 0) {
		d->to = DRIVE_PARTITION;
		d->part = (size_t)part;
		return 0;
	}
	if (stat(target, &st) < 0 || !S_ISDIR(st.st_mode) || !realpath(target, abs)) {
		wr_error_set(err, ENOENT,
		             _("--drive %c=%s: neither a partition of the disks nor a directory"),
		             letter, target);
		return -1;
	}
	free(d->dir);
	if (!(d->dir = strdup(abs))) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	d->to = DRIVE_DIRECTORY;
	return 0;
}

/* The partition of the single boot store (`boot`) or Windows, or -1. */
static long default_partition(const struct wr_cmd_env *e, bool boot)
{
	const struct wr_inventory *inv = wr_session_inventory(e->s);
	long found = -1;

	if (!boot)
		return inv->n_windows == 1 ? (long)inv->windows[0].part : -1;
	for (size_t i = 0; i < wr_session_count(e->s); i++) {
		size_t p;
		const char *at;

		if (wr_session_file(e->s, i, &p, &at) || wr_session_kind(e->s, i) != WR_KIND_BCD)
			continue;
		if (found >= 0 && (size_t)found != p)
			return -1;
		found = (long)p;
	}
	return found;
}

int wr_cmd_drive_partition(struct wr_cmd_env *e, char letter, bool boot,
                           const struct wr_part **part, const struct wr_disk **disk,
                           struct wr_error *err)
{
	const struct wr_inventory *inv = wr_session_inventory(e->s);
	const struct cmd_drive *d;
	long p = -1;

	letter = (char)toupper((unsigned char)letter);
	if (!isupper((unsigned char)letter)) {
		wr_error_set(err, EINVAL, _("%c: not a drive letter"), letter);
		return -1;
	}
	d = &e->drives[letter - 'A'];
	if (d->to == DRIVE_PARTITION)
		p = (long)d->part;
	else if (d->to == DRIVE_DEFAULT && inv)
		p = default_partition(e, boot);
	if (p < 0) {
		wr_error_set(
		    err, ENOENT,
		    !inv || d->to == DRIVE_DIRECTORY
		        ? _("%c: is no partition of a disk (give the disks, or --drive "
		            "%c=PARTITION)")
		        : _("%c: which partition is meant? Say it with --drive %c=PARTITION"),
		    letter, letter);
		return -1;
	}
	*part = &inv->parts[p];
	*disk = &inv->disks[inv->parts[p].disk];
	return 0;
}

int wr_cmd_host_path(struct wr_cmd_env *e, const char *path, char **out, struct wr_error *err)
{
	char rel[PATH_MAX], host[PATH_MAX], letter;
	const struct cmd_drive *d;

	if (!drive_path(path, &letter, rel, sizeof(rel))) {
		*out = strdup(path);
	} else {
		d = &e->drives[letter - 'A'];
		if (d->to != DRIVE_DIRECTORY) {
			wr_error_set(
			    err, EINVAL,
			    _("%s: a file on the Windows disk: give a file of this machine, or "
			      "--drive %c=DIRECTORY"),
			    path, letter);
			return -1;
		}
		if (in_directory(d->dir, rel, host, sizeof(host), err) < 0)
			return -1;
		*out = strdup(host);
	}
	if (!*out) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	return 0;
}
