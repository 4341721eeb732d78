/* SPDX-License-Identifier: GPL-3.0-or-later */
/* guest-internal.h - the libguestfs handle, for the back-end modules that use the appliance. */
#ifndef WR_GUEST_INTERNAL_H
#define WR_GUEST_INTERNAL_H

#include <guestfs.h>

#include "disk.h"

/* The launched handle (the UI never sees it). */
guestfs_h *wr__guest_handle(struct wr_guest *g);

/* Set `err` to "WHAT: <libguestfs's last error>". */
void wr__guest_error(struct wr_guest *g, struct wr_error *err, const char *what);

#endif
