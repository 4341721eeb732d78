/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nomem.c - the allocation wrappers behind nomem.h. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nomem.h"

/*
 * The program is linked with -Wl,--wrap= for these five, so every call the
 * library makes comes here: while `armed`, allocation number `fail_at`
 * fails as it would when memory runs out.
 */
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static bool armed, failed;
static long allocations, fail_at;

static bool fail_now(void)
{
	if (!armed || ++allocations != fail_at)
		return false;
	failed = true;
	errno = ENOMEM;
	return true;
}

void *__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return fail_now() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return fail_now() ? NULL : __real_strndup(s, n);
}

void nomem_arm(long n)
{
	armed = true;
	failed = false;
	allocations = 0;
	fail_at = n;
}

void nomem_disarm(void)
{
	armed = false;
}

bool nomem_failed(void)
{
	return failed;
}

void nomem_note(const char *what, long *count, long n, const char *fmt, ...)
{
	va_list ap;

	if ((*count)++ >= 3)
		return;
	printf("# %s, allocation %ld failing: ", what, n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}
