/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nomem.h - making one allocation fail, as when memory runs out: for test programs linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup. */
#ifndef WR_TEST_NOMEM_H
#define WR_TEST_NOMEM_H

#include <stdbool.h>

/* From now on, count allocations: number `n` (from 1) fails with ENOMEM. */
void nomem_arm(long n);

/* Stop counting; every allocation succeeds again. */
void nomem_disarm(void);

/* Whether the allocation armed for was reached (and failed) since nomem_arm:
 * when not, every allocation of the run succeeded and there is no further
 * one to fail. */
bool nomem_failed(void);

/* A TAP note on what allocation `n` failing did in run `what`, counted in
 * *count; only the first three of a kind are shown. */
void nomem_note(const char *what, long *count, long n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
