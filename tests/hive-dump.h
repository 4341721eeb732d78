/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hive-dump.h - every key and value of a hive as text, to compare hives in tests. */
#ifndef WR_TEST_HIVE_DUMP_H
#define WR_TEST_HIVE_DUMP_H

#include "hive/hive.h"

/* Every key path and every value (type and bytes), in hive order: two
 * hives with the same dump hold the same keys and values.  Malloc'd. */
char *dump_hive(struct wr_hive *h);

#endif
