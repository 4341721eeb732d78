/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mkdisk-bitlocker.h - test disks whose Windows partition is a real BitLocker volume. */
#ifndef MKDISK_BITLOCKER_H
#define MKDISK_BITLOCKER_H

#include <stdbool.h>

#include "base/error.h"
#include "disk/disk.h"

/*
 * KIND blbios=VOLUME, blinside=VOLUME or blraw=VOLUME: a BIOS disk (the
 * demo's MBR signature and partition places) whose partition 2 is a copy of
 * the BitLocker volume image VOLUME.  blbios: opened with a --key, its
 * NTFS and the demo Windows made inside it, the Safe Mode store on System
 * Reserved; blinside: the same with \Boot\BCD inside the volume; blraw:
 * the volume as it is, System Reserved empty.
 */
bool mkdisk_bitlocker_kind(const char *kind);

/* Create the image file `file` for such a KIND: the partition table and
 * the volume copied in (holes kept). */
int mkdisk_bitlocker_create(const char *file, const char *kind, struct wr_error *err);

/* Build disk `index` of `g` (launched, its volumes opened by a scan). */
int mkdisk_bitlocker_build(struct wr_guest *g, size_t index, const char *kind, bool safeboot,
                           const char *tmp, struct wr_error *err);

#endif
