/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tap.h - a minimal TAP producer for the C tests (run through tap-driver.sh). */
#ifndef WR_TAP_H
#define WR_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int tap_count, tap_failures;
static char tap_dir[64];

static void __attribute__((format(printf, 4, 5)))
tap_result(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", pass ? "ok" : "not ok", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass) {
		printf("#   failed at %s:%d\n", file, line);
		tap_failures++;
	}
	fflush(stdout);
}

#define ok(cond, ...) tap_result(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define is_int(got, want, ...)                                                                     \
	do {                                                                                       \
		long long g_ = (long long)(got), w_ = (long long)(want);                           \
		tap_result(g_ == w_, __FILE__, __LINE__, __VA_ARGS__);                             \
		if (g_ != w_)                                                                      \
			printf("#   got %lld (0x%llx), want %lld (0x%llx)\n", g_, g_, w_, w_);     \
	} while (0)

#define is_str(got, want, ...)                                                                     \
	do {                                                                                       \
		const char *g_ = (got), *w_ = (want);                                              \
		int same_ = g_ && w_ ? strcmp(g_, w_) == 0 : g_ == w_;                             \
		tap_result(same_, __FILE__, __LINE__, __VA_ARGS__);                                \
		if (!same_)                                                                        \
			printf("#   got  \"%s\"\n#   want \"%s\"\n", g_ ? g_ : "(null)",           \
			       w_ ? w_ : "(null)");                                                \
	} while (0)

#define diag(...) (printf("# "), printf(__VA_ARGS__), printf("\n"))

/* A private scratch directory, removed by tap_done(). */
static inline const char *tap_tmpdir(void)
{
	if (!tap_dir[0]) {
		snprintf(tap_dir, sizeof(tap_dir), "/tmp/wr-test-XXXXXX");
		if (!mkdtemp(tap_dir)) {
			printf("Bail out! cannot create a temporary directory\n");
			exit(99);
		}
	}
	return tap_dir;
}

/* "<tmpdir>/name" in one of a few rotating static buffers. */
static inline const char *tap_path(const char *name)
{
	static char bufs[4][256];
	static int next;
	char *b = bufs[next++ % 4];

	snprintf(b, sizeof(bufs[0]), "%s/%s", tap_tmpdir(), name);
	return b;
}

/* A real fixture (shared/fixtures/real) in one of a few rotating buffers,
 * or NULL to skip. */
static inline const char *tap_fixture(const char *name)
{
	static char bufs[4][1024];
	static int next;
	char *path = bufs[next++ % 4];
	const char *dir = getenv("WINRESCUE_FIXTURES");

	if (!dir || !*dir)
		return NULL;
	snprintf(path, sizeof(bufs[0]), "%s/%s", dir, name);
	return access(path, R_OK) == 0 ? path : NULL;
}

static inline int tap_done(void)
{
	char cmd[128];

	if (tap_dir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tap_dir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", tap_dir);
	}
	printf("1..%d\n", tap_count);
	return tap_failures ? 1 : 0;
}

#endif
