/* SPDX-License-Identifier: GPL-3.0-or-later */
/* driver-suspects.c - a check that only reports: the drivers not Windows' own that start at boot,
 * newest first, the usual suspects when a machine stopped starting after a change. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "internal.h"
#include "repair.h"

#define SHOWN 5 /* the newest; the count of the rest is said */

enum { START_BOOT = 0, START_SYSTEM = 1 };

struct suspect {
	char *name, *image, *group, *inf; /* inf: the OEM package, or NULL */
	uint64_t written;
	uint32_t start;
};

/* The path below the Windows folder, however ImagePath spells it:
 * "\SystemRoot\", "%SystemRoot%\", "\??\C:\Windows\" or none. */
static const char *below_windows(const char *p)
{
	static const char *const roots[] = {"\\SystemRoot\\", "%SystemRoot%\\", "%windir%\\"};

	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
		if (strncasecmp(p, roots[i], strlen(roots[i])) == 0)
			return p + strlen(roots[i]);
	if (strncmp(p, "\\??\\", 4) == 0 && isalpha((unsigned char)p[4]) && p[5] == ':' &&
	    strncasecmp(p + 6, "\\Windows\\", 9) == 0)
		return p + 15;
	return p;
}

/* Whether a driver's file is where Windows keeps its own: System32\drivers
 * (also where an ImagePath that is not set points), the driver store, or
 * System32 itself (CLFS.sys).  Defender's definition updates bring a
 * driver of their own, in its folder. */
static bool inbox_path(const char *image)
{
	const char *p = image ? below_windows(image) : "";

	if (!*p || strcasestr(p, "\\ProgramData\\Microsoft\\Windows Defender\\"))
		return true;
	if (strncasecmp(p, "System32\\", 9) != 0)
		return false;
	p += 9;
	return !strchr(p, '\\') || strncasecmp(p, "drivers\\", 8) == 0 ||
	       strncasecmp(p, "DriverStore\\", 12) == 0;
}

/* Value `name` of `n`: true when it is there.  Only running out of memory
 * matters (*oom): a value that cannot be read is as if missing, so that a
 * hostile hive makes no suspect up, nor fails the check. */
static bool get_value(struct wr_hive *h, wr_node n, const char *name, struct wr_value *v, bool *oom)
{
	struct wr_error err = {0};
	int r = wr_hive_get_value(h, n, name, v, &err);

	*oom |= r < 0 && err.code == ENOMEM;
	return r == 0;
}

/* Value `name` of `n` as a DWORD: false when it is none. */
static bool dword_value(struct wr_hive *h, wr_node n, const char *name, uint32_t *out, bool *oom)
{
	struct wr_value v = {0};
	bool ok = get_value(h, n, name, &v, oom) && wr_value_dword(&v, out, NULL) == 0;

	wr_value_clear(&v);
	return ok;
}

/* Value `name` of `n` as text (REG_SZ or REG_EXPAND_SZ), or NULL. */
static char *string_value(struct wr_hive *h, wr_node n, const char *name, bool *oom)
{
	struct wr_value v = {0};
	struct wr_error err = {0};
	char *s = NULL;

	if (get_value(h, n, name, &v, oom) && (v.type == WR_REG_SZ || v.type == WR_REG_EXPAND_SZ)) {
		s = wr_value_string(&v, &err);
		*oom |= !s && err.code == ENOMEM;
	}
	wr_value_clear(&v);
	return s;
}

/* The "oemNN.inf" among the service's Owners, or NULL: the driver package
 * Windows gave a number because it did not come with Windows. */
static char *oem_inf(struct wr_hive *h, wr_node n, bool *oom)
{
	struct wr_value v = {0};
	struct wr_error err = {0};
	char **owners = NULL, *inf = NULL;

	if (get_value(h, n, "Owners", &v, oom) && v.type == WR_REG_MULTI_SZ) {
		owners = wr_value_multi_sz(&v, &(size_t){0}, &err);
		*oom |= !owners && err.code == ENOMEM;
	}
	for (size_t i = 0; owners && owners[i] && !inf; i++) {
		const char *o = owners[i];
		size_t digits = 0;

		if (strncasecmp(o, "oem", 3) != 0)
			continue;
		while (isdigit((unsigned char)o[3 + digits]))
			digits++;
		if (digits && strcasecmp(o + 3 + digits, ".inf") == 0)
			*oom |= !(inf = strdup(o));
	}
	wr_strv_free(owners);
	wr_value_clear(&v);
	return inf;
}

static void suspect_clear(struct suspect *x)
{
	free(x->name);
	free(x->image);
	free(x->group);
	free(x->inf);
}

/* Read service `n` into *x: 1 when it is a suspect, 0 when not, -1 when
 * memory ran out or its key cannot be read. */
static int read_suspect(struct wr_hive *h, wr_node n, struct suspect *x, struct wr_error *err)
{
	uint32_t type = 0;
	bool oom = false;

	memset(x, 0, sizeof(*x));
	/* A kernel or file-system driver, or a recognizer, Windows starts at boot. */
	if (dword_value(h, n, "Start", &x->start, &oom) && x->start <= START_SYSTEM &&
	    dword_value(h, n, "Type", &type, &oom) && (type & 0x0b)) {
		x->inf = oem_inf(h, n, &oom);
		x->image = string_value(h, n, "ImagePath", &oom);
		if (x->inf || !inbox_path(x->image))
			x->group = string_value(h, n, "Group", &oom);
		else if (!oom) {
			suspect_clear(x);
			return 0;
		}
	} else if (!oom) {
		return 0;
	}
	if (oom)
		wr_error_set(err, ENOMEM, _("out of memory"));
	else if ((x->name = wr_hive_node_name(h, n, err)) &&
	         wr_hive_node_timestamp(h, n, &x->written, err) == 0)
		return 1;
	suspect_clear(x);
	return -1;
}

static int newest_first(const void *a, const void *b)
{
	const struct suspect *x = a, *y = b;

	if (x->written != y->written)
		return x->written < y->written ? 1 : -1;
	return strcasecmp(x->name, y->name);
}

/* The suspects among the services of control set `set`, malloc'd. */
static int collect(struct wr_hive *h, const char *set, struct suspect **out, size_t *n,
                   struct wr_error *err)
{
	char key[32];
	wr_node services, *kids = NULL;
	size_t n_kids = 0;
	int r;

	*out = NULL;
	*n = 0;
	snprintf(key, sizeof(key), "%s\\Services", set);
	r = wr_hive_lookup(h, wr_hive_root(h), key, &services, err);
	if (r == 1)
		return 0;
	if (r == 0)
		r = wr_hive_children(h, services, &kids, &n_kids, err);
	if (r == 0 && n_kids && !(*out = calloc(n_kids, sizeof(**out)))) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		r = -1;
	}
	for (size_t i = 0; r == 0 && i < n_kids; i++) {
		int s = read_suspect(h, kids[i], &(*out)[*n], err);

		if (s < 0)
			r = -1;
		*n += s == 1;
	}
	free(kids);
	if (r == 0 && *n)
		qsort(*out, *n, sizeof(**out), newest_first);
	return r;
}

/* "  ControlSet001\Services\nvpciflt: boot start, system32\DRIVERS\nvpciflt.sys, from
 * oem4.inf, last written 2018-03-27 21:45:39 UTC" */
static void report_suspect(const char *set, const struct suspect *x, struct wr_buf *report)
{
	char when[32];

	wr_filetime_text(x->written, when);
	wr_buf_printf(report, "  %s\\Services\\%s: %s, %s", set, x->name,
	              x->start == START_BOOT ? _("boot start") : _("system start"),
	              x->image ? x->image : _("(no ImagePath)"));
	if (x->group)
		wr_buf_printf(report, _(", group %s"), x->group);
	if (x->inf)
		wr_buf_printf(report, _(", from %s"), x->inf);
	wr_buf_printf(report, _(", last written %s\n"), when);
}

/*
 * "Boot error 0xc00000ba" and the reboot-loop articles (catalog R-12):
 * when Windows stopped starting after a driver was installed, that driver
 * is the one to disable.  Windows' own drivers are in System32\drivers or
 * the driver store and come from its own INF files; a driver elsewhere, or
 * from an INF Windows numbered (oemNN.inf), did not come with Windows.
 * Listed newest key first, in the control set Windows starts.
 */
int wr__repair_driver_suspects(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                               bool *needed, struct wr_buf *report, bool apply,
                               struct wr_error *err)
{
	struct wr_hive *h = wr_stage_hive(s, hive);
	struct suspect *list = NULL;
	size_t n = 0;
	char set[16];
	int r = wr__repair_current_set_there(h, set, err);

	if (r == 0)
		r = collect(h, set, &list, &n, err);
	*needed = r == 0 && n > 0;
	for (size_t i = 0; report && r == 0 && i < n && i < SHOWN; i++)
		report_suspect(set, &list[i], report);
	if (report && r == 0 && n > SHOWN)
		wr_buf_printf(report, _("  and %zu more, older\n"), n - SHOWN);
	for (size_t i = 0; i < n; i++)
		suspect_clear(&list[i]);
	free(list);
	return r;
}
