/* SPDX-License-Identifier: GPL-3.0-or-later */
/* guest-unlock.c - BitLocker volumes opened with cryptsetup inside the appliance. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "bitlocker/bitlocker.h"
#include "guest-internal.h"

/* Where a startup key stays while cryptsetup reads it: the appliance's
 * memory, never a disk. */
#define APPLIANCE_KEY "/tmp/winrescue-startup-key"

/* cryptsetup's words for a key that opens no protector of the volume. */
static bool wrong_key(const char *msg)
{
	return msg && strstr(msg, "No key available");
}

/* libguestfs takes a key as a C string: a password or recovery password. */
static int open_with_text(struct wr_guest *g, const char *dev, const char *map, const char *text,
                          bool readonly)
{
	return guestfs_cryptsetup_open(guest_handle(g), dev, text, map,
	                               GUESTFS_CRYPTSETUP_OPEN_CRYPTTYPE, "bitlk",
	                               GUESTFS_CRYPTSETUP_OPEN_READONLY, readonly, -1);
}

/* A startup key is binary (NUL bytes): it goes in as a file, through the
 * appliance's debug calls, and is removed whatever cryptsetup says. */
static int open_with_file(struct wr_guest *g, const char *dev, const char *map, const char *file,
                          bool readonly)
{
	char cmd[512];
	char *argv[] = {cmd, NULL};
	char *out;

	snprintf(cmd, sizeof(cmd),
	         "cryptsetup open --type bitlk%s --key-file " APPLIANCE_KEY " %s %s; r=$?; "
	         "rm -f " APPLIANCE_KEY "; exit $r",
	         readonly ? " --readonly" : "", dev, map);
	if (guestfs_debug_upload(guest_handle(g), file, APPLIANCE_KEY, 0600) < 0)
		return -1;
	out = guestfs_debug(guest_handle(g), "sh", argv);
	free(out);
	return out ? 0 : -1;
}

/* Whether volume `v` has the startup key protector a .BEK file holds:
 * another volume's file is not tried. */
static bool has_startup_key(const struct wr_bl_volume *v, const char *guid)
{
	for (size_t i = 0; i < v->n_protectors; i++)
		if (v->protectors[i].kind == WR_BL_STARTUP_KEY &&
		    strcasecmp(v->protectors[i].guid, guid) == 0)
			return true;
	return false;
}

/* Try key `k` on volume `v`: 0 opened, 1 it is not a key of this volume,
 * -1 failure. */
static int try_key(struct wr_guest *g, const char *dev, const char *map,
                   const struct wr_bl_volume *v, const struct guest_key *k, bool readonly,
                   struct wr_error *err)
{
	char dashed[56];
	int r;

	if (k->file && !has_startup_key(v, k->bek_guid))
		return 1;
	if (k->file) {
		r = open_with_file(g, dev, map, k->file, readonly);
		/* The volume's own startup key was refused once under load (a
		 * CI run, TCG): it is tried a second time before it counts. */
		if (r < 0 && wrong_key(guestfs_last_error(guest_handle(g))))
			r = open_with_file(g, dev, map, k->file, readonly);
	} else {
		r = open_with_text(g, dev, map, k->text, readonly);
		/* cryptsetup takes a recovery password only with its dashes. */
		if (r < 0 && wrong_key(guestfs_last_error(guest_handle(g))) &&
		    wr__guest_recovery_dashes(k->text, dashed) && strcmp(dashed, k->text) != 0)
			r = open_with_text(g, dev, map, dashed, readonly);
		explicit_bzero(dashed, sizeof(dashed));
	}
	if (r == 0)
		return 0;
	if (wrong_key(guestfs_last_error(guest_handle(g))))
		return 1;
	wr__guest_error(g, err, _("cryptsetup cannot open the BitLocker volume"));
	return -1;
}

static int remember(struct wr_guest *g, struct wr_part *p, const char *map, struct wr_error *err)
{
	struct guest_unlocked *more = realloc(g->unlocked, (g->n_unlocked + 1) * sizeof(*more));
	char dev[64];

	if (!more) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	g->unlocked = more;
	more += g->n_unlocked++;
	more->disk = p->disk;
	more->number = p->number;
	snprintf(more->map, sizeof(more->map), "%s", map);
	snprintf(dev, sizeof(dev), "/dev/mapper/%s", map);
	p->fs[0] = p->label[0] = '\0';
	wr__guest_scan_filesystem(guest_handle(g), dev, p);
	return 0;
}

/* A volume opened before (a scan again): its filesystem as it is now. */
static int rescan(struct wr_guest *g, struct wr_part *p, struct wr_error *err)
{
	char dev[64];

	if (wr__guest_device(g, p->disk, p->number, dev, sizeof(dev), err) < 0)
		return -1;
	p->fs[0] = p->label[0] = '\0';
	wr__guest_scan_filesystem(guest_handle(g), dev, p);
	return 0;
}

int wr_guest_unlock(struct wr_guest *g, struct wr_part *p, const struct wr_bl_volume *v,
                    struct wr_error *err)
{
	const struct guest_key *k;
	char dev[64], map[32], needs[WR_BL_NEEDS_MAX], id[WR_BL_ID_SIZE];
	size_t at = 0;
	/* A key for all may open some volumes and not others; one naming a
	 * volume must open it. */
	bool must = wr_guest_key_names(g, p, v->guid);
	int r = 1;

	if (wr_guest_is_unlocked(g, p->disk, p->number))
		return rescan(g, p, err);
	if (!(k = wr__guest_key_for(g, 0, p, v->guid, &at)) || (wr_bl_refusal(v) && !must))
		return 1;
	wr_bl_id(v->guid, id);
	if (wr_bl_refusal(v)) {
		wr_error_set(err, EINVAL, _("%s: BitLocker volume %s cannot be opened: %s"),
		             p->name, id, wr_bl_refusal(v));
		return -1;
	}
	if (wr__guest_check(g, p, false, err) < 0 ||
	    wr__guest_raw_device(g, p->disk, p->number, dev, sizeof(dev), err) < 0)
		return -1;
	snprintf(map, sizeof(map), "winrescue-%zu-%u", p->disk, p->number);
	for (; k && r == 1; k = wr__guest_key_for(g, at + 1, p, v->guid, &at))
		r = try_key(g, dev, map, v, k, !g->disks[p->disk].writable, err);
	if (r == 0)
		return remember(g, p, map, err);
	if (r == 1 && !must)
		return 1;
	if (r == 1)
		wr_error_set(err, EACCES, _("%s: the key does not open BitLocker volume %s (%s)"),
		             p->name, id, wr_bl_needs(v, needs));
	return -1;
}

bool wr_guest_is_unlocked(const struct wr_guest *g, size_t disk, unsigned number)
{
	for (size_t i = 0; i < g->n_unlocked; i++)
		if (g->unlocked[i].disk == disk && g->unlocked[i].number == number)
			return true;
	return false;
}

int wr__guest_close_unlocked(struct wr_guest *g, struct wr_error *err)
{
	char dev[64];
	int r = 0;

	while (g->n_unlocked) {
		struct guest_unlocked *u = &g->unlocked[--g->n_unlocked];

		snprintf(dev, sizeof(dev), "/dev/mapper/%s", u->map);
		if (guestfs_cryptsetup_close(guest_handle(g), dev) < 0 && r == 0) {
			wr__guest_error(g, err, _("cannot close the BitLocker volume"));
			r = -1;
		}
	}
	return r;
}

int wr_guest_read_partition(struct wr_guest *g, size_t disk, unsigned number, uint64_t offset,
                            size_t len, uint8_t *out, struct wr_error *err)
{
	char dev[64];
	size_t got = 0;
	char *data;

	if (wr__guest_raw_device(g, disk, number, dev, sizeof(dev), err) < 0)
		return -1;
	while (got < len) {
		size_t n;

		data = guestfs_pread_device(guest_handle(g), dev, (int)(len - got),
		                            (int64_t)(offset + got), &n);
		if (!data) {
			wr__guest_error(g, err, dev);
			return -1;
		}
		memcpy(out + got, data, n < len - got ? n : len - got);
		free(data);
		if (n == 0) {
			wr_error_set(err, EIO, _("%s: ends before byte %llu"), dev,
			             (unsigned long long)(offset + len));
			return -1;
		}
		got += n;
	}
	return 0;
}
