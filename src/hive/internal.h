/* SPDX-License-Identifier: GPL-3.0-or-later */
/* internal.h - the hive handle, shared by hive.c (reading) and edit.c. */
#ifndef WR_HIVE_INTERNAL_H
#define WR_HIVE_INTERNAL_H

#include <hivex.h>

#include "hive.h"

struct wr_hive {
	hive_h *h;
	char *path;
	char *root_name;
	int flags;
	struct wr_regf_header hdr; /* as opened; commit updates the sequence numbers */
};

/* Set `err` to "hivex: <what>: <strerror(errno)>" from the errno hivex left. */
void wr__hive_error(struct wr_error *err, const char *what);

#endif
