/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mkdisk-faults.h - the boot store faults repair rebuild mends, on a built demo disk. */
#ifndef MKDISK_FAULTS_H
#define MKDISK_FAULTS_H

#include <stdbool.h>

#include "base/error.h"
#include "disk/disk.h"

/* Whether `fault` is one of them: nostore, badstore, truncstore,
 * emptystore, nobootmgrobj, noloader; or clean (none). */
bool mkdisk_store_fault_known(const char *fault);

/* Give the store on `p` (\Boot\BCD on BIOS, \EFI\Microsoft\Boot\BCD on
 * UEFI) that fault; `tmp` is a folder for working copies. */
int mkdisk_store_fault(struct wr_guest *g, const struct wr_part *p, bool bios, const char *fault,
                       const char *tmp, struct wr_error *err);

#endif
