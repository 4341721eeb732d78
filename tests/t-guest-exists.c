/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-guest-exists.c - wr_guest_exists asks the appliance once per path: its wr_guest_find and
 * wr_guest_stat are this test's (by --wrap), on a session never launched. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/conf.h"
#include "disk/disk.h"
#include "tap.h"

static int lookups; /* calls that would reach the appliance */

/* Partition 2 holds /Windows/System32/winload.exe (any case); the others
 * nothing.  0 when the folders on the way are there. */
int __wrap_wr_guest_find(struct wr_guest *g, const struct wr_part *p, const char *path, char *out,
                         size_t len, struct wr_error *err);
int __wrap_wr_guest_find(struct wr_guest *g, const struct wr_part *p, const char *path, char *out,
                         size_t len, struct wr_error *err)
{
	size_t dir = (size_t)(strrchr(path, '/') - path);

	(void)g;
	(void)err;
	lookups++;
	if (p->number != 2 || !(dir == 0 || (dir == 8 && strncasecmp(path, "/Windows", 8) == 0) ||
	                        (dir == 17 && strncasecmp(path, "/Windows/System32", 17) == 0)))
		return 1;
	snprintf(out, len, "%s", path);
	return 0;
}

int __wrap_wr_guest_stat(struct wr_guest *g, const struct wr_part *p, const char *path,
                         uint64_t *size, struct wr_error *err);
int __wrap_wr_guest_stat(struct wr_guest *g, const struct wr_part *p, const char *path,
                         uint64_t *size, struct wr_error *err)
{
	(void)g;
	(void)p;
	(void)err;
	lookups++;
	*size = 4096;
	return strcasecmp(path, "/Windows/System32/winload.exe") == 0 ? 0 : 1;
}

int main(void)
{
	struct wr_config cfg;
	struct wr_error err = {0};
	struct wr_part win = {.disk = 0, .number = 2, .name = "disk.img#2"};
	struct wr_part other = {.disk = 0, .number = 3, .name = "disk.img#3"};
	struct wr_guest *g;

	if (wr_config_init(&cfg, NULL, NULL, NULL, NULL, &err) < 0 ||
	    !(g = wr_guest_new(&cfg, &err))) {
		printf("Bail out! %s\n", err.msg);
		return 1;
	}
	is_int(wr_guest_exists(g, &win, "/WINDOWS/system32/WINLOAD.EXE", false, &err), 1,
	       "a file there, any case");
	is_int(lookups, 2, "... asked of the appliance: the folders, then the file");
	is_int(wr_guest_exists(g, &win, "/WINDOWS/system32/WINLOAD.EXE", false, &err), 1,
	       "asked again: the same answer");
	is_int(lookups, 2, "... not asked of the appliance again");
	is_int(wr_guest_exists(g, &win, "/Windows/System32/winload.efi", false, &err), 0,
	       "a file not there");
	is_int(wr_guest_exists(g, &win, "/Windows/System32/winload.efi", false, &err), 0,
	       "... nor the second time");
	is_int(lookups, 4, "... which was asked once");
	is_int(wr_guest_exists(g, &win, "/Windows", true, &err), 1, "a folder there");
	is_int(wr_guest_exists(g, &win, "/Windows", false, &err), 0,
	       "the same name as a file: asked apart");
	is_int(wr_guest_exists(g, &other, "/Windows", true, &err), 0,
	       "another partition: asked apart");
	is_int(lookups, 8, "... each once");
	wr_guest_close(g);
	return tap_done();
}
