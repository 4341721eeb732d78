/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mount.c - the keys reg load mounts under HKLM, and the registry paths that name them. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/le.h"
#include "internal.h"

/* Longest HKLM\NAME name: reg.exe's own limit on a key name. */
#define MOUNT_NAME_MAX 255

/* "HKLM\NAME\REST": `name` and the rest (after its backslash, or "").
 * Any other root fails: offline there is nothing but what was loaded. */
static int split_key(const char *key, char name[MOUNT_NAME_MAX + 1], const char **rest,
                     struct wr_error *err)
{
	static const char *const roots[] = {"HKLM\\", "HKEY_LOCAL_MACHINE\\"};
	const char *p = NULL, *end;

	for (size_t i = 0; i < 2 && !p; i++)
		if (strncasecmp(key, roots[i], strlen(roots[i])) == 0)
			p = key + strlen(roots[i]);
	if (!p) {
		wr_error_set(err, EINVAL,
		             _("%s: offline only HKLM\\NAME keys exist, NAME a hive reg load "
		               "loaded"),
		             key);
		return -1;
	}
	end = strchr(p, '\\');
	if (!end)
		end = p + strlen(p);
	if (end == p || (size_t)(end - p) > MOUNT_NAME_MAX) {
		wr_error_set(err, EINVAL, _("%s: no hive name after HKLM\\"), key);
		return -1;
	}
	memcpy(name, p, (size_t)(end - p));
	name[end - p] = '\0';
	*rest = *end ? end + 1 : end;
	return 0;
}

int wr__cmd_mount(struct wr_cmd_env *e, const char *name, size_t hive, struct wr_error *err)
{
	struct cmd_mount *m = realloc(e->mounts, (e->n_mounts + 1) * sizeof(*m));

	if (!m || !(m[e->n_mounts].name = strdup(name))) {
		if (m)
			e->mounts = m;
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	e->mounts = m;
	m[e->n_mounts++].hive = hive;
	return 0;
}

static struct cmd_mount *find_mount(const struct wr_cmd_env *e, const char *name)
{
	for (size_t i = 0; i < e->n_mounts; i++)
		if (strcasecmp(e->mounts[i].name, name) == 0)
			return &e->mounts[i];
	return NULL;
}

int wr_cmd_reg_load(struct wr_cmd_env *e, const char *key, const char *file, struct wr_error *err)
{
	char name[MOUNT_NAME_MAX + 1];
	const char *rest;
	struct cmd_mount *m;
	size_t hive;
	int kind = wr__cmd_kind_of_name(file);

	if (split_key(key, name, &rest, err) < 0)
		return -1;
	if (*rest) {
		wr_error_set(err, EINVAL, _("%s: load takes HKLM\\NAME, one key below HKLM"), key);
		return -1;
	}
	if (kind < 0) {
		wr_error_set(err, EINVAL,
		             _("%s: winrescue loads the SYSTEM and SOFTWARE hives and BCD stores"),
		             file);
		return -1;
	}
	if (wr__cmd_hive_at(e, file, (enum wr_hive_kind)kind, &hive, err) < 0)
		return -1;
	if ((m = find_mount(e, name))) {
		if (m->hive == hive)
			return 0;
		wr_error_set(err, EEXIST, _("HKLM\\%s: already loaded from %s"), m->name,
		             wr_session_label(e->s, m->hive));
		return -1;
	}
	return wr__cmd_mount(e, name, hive, err);
}

int wr_cmd_reg_unload(struct wr_cmd_env *e, const char *key, struct wr_error *err)
{
	char name[MOUNT_NAME_MAX + 1];
	const char *rest;
	struct cmd_mount *m;

	if (split_key(key, name, &rest, err) < 0)
		return -1;
	if (*rest || !(m = find_mount(e, name))) {
		wr_error_set(err, ENOENT, _("%s: not a loaded hive"), key);
		return -1;
	}
	/* The hive stays in the session: its edits are committed with the
	 * rest; only the name goes, as reg unload's does. */
	free(m->name);
	*m = e->mounts[--e->n_mounts];
	return 0;
}

/* Select\Current of a SYSTEM hive as "ControlSet00N", as Windows picks
 * the control set it boots. */
static int current_control_set(struct wr_cmd_env *e, size_t hive, char out[16],
                               struct wr_error *err)
{
	struct wr_hive *h = wr_stage_hive(wr_cmd_stage(e), hive);
	struct wr_value v = {0};
	wr_node sel;
	int r = -1;

	if (wr_hive_lookup(h, wr_hive_root(h), "Select", &sel, err) == 0 &&
	    wr_hive_get_value(h, sel, "Current", &v, err) == 0) {
		if (v.type == 4 && v.len == 4 && wr_le32(v.data) >= 1 && wr_le32(v.data) <= 999) {
			snprintf(out, 16, "ControlSet%03u", (unsigned)wr_le32(v.data));
			r = 0;
		}
	}
	wr_value_clear(&v);
	if (r < 0)
		wr_error_set(err, ENOENT,
		             _("%s: no Select\\Current naming a control set: CurrentControlSet "
		               "cannot be resolved"),
		             wr_session_label(e->s, hive));
	return r;
}

/* REST with a leading CurrentControlSet replaced, trailing '\' dropped. */
static int resolve_path(struct wr_cmd_env *e, size_t hive, const char *rest, char **path,
                        struct wr_error *err)
{
	static const char ccs[] = "CurrentControlSet";
	char set[16];
	size_t n = strlen(rest);

	while (n && rest[n - 1] == '\\')
		n--;
	if (strncasecmp(rest, ccs, sizeof(ccs) - 1) == 0 &&
	    (rest[sizeof(ccs) - 1] == '\\' || sizeof(ccs) - 1 == n) &&
	    wr_session_kind(e->s, hive) == WR_KIND_SYSTEM) {
		if (current_control_set(e, hive, set, err) < 0)
			return -1;
		if (asprintf(path, "%s%.*s", set, (int)(n - (sizeof(ccs) - 1)),
		             rest + sizeof(ccs) - 1) < 0)
			*path = NULL;
	} else {
		*path = strndup(rest, n);
	}
	if (!*path) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	return 0;
}

int wr_cmd_reg_key(struct wr_cmd_env *e, const char *key, size_t *hive, char **path,
                   struct wr_error *err)
{
	char name[MOUNT_NAME_MAX + 1];
	const char *rest;
	struct cmd_mount *m;

	if (split_key(key, name, &rest, err) < 0)
		return -1;
	if (!(m = find_mount(e, name))) {
		wr_error_set(err, ENOENT,
		             _("%s: no hive is loaded at HKLM\\%s (reg load it first)"), key, name);
		return -1;
	}
	*hive = m->hive;
	return resolve_path(e, m->hive, rest, path, err);
}

void wr_cmd_reg_name(const struct wr_cmd_env *e, size_t hive, const char *path, struct wr_buf *out)
{
	const char *name = wr_stage_mount_name(wr_cmd_stage(e), hive);

	for (size_t i = 0; i < e->n_mounts; i++)
		if (e->mounts[i].hive == hive) {
			name = e->mounts[i].name;
			break;
		}
	wr_buf_printf(out, "HKEY_LOCAL_MACHINE\\%s%s%s", name, *path ? "\\" : "", path);
}

static void mounts_free(struct cmd_mount *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(m[i].name);
	free(m);
}

int wr__cmd_mounts_save(const struct wr_cmd_env *e, struct cmd_mounts *out, struct wr_error *err)
{
	out->n = 0;
	out->mounts = calloc(e->n_mounts + 1, sizeof(*out->mounts));
	for (; out->mounts && out->n < e->n_mounts; out->n++) {
		out->mounts[out->n].hive = e->mounts[out->n].hive;
		if (!(out->mounts[out->n].name = strdup(e->mounts[out->n].name)))
			break;
	}
	if (!out->mounts || out->n < e->n_mounts) {
		mounts_free(out->mounts, out->n);
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	return 0;
}

void wr__cmd_mounts_restore(struct wr_cmd_env *e, struct cmd_mounts *saved)
{
	mounts_free(e->mounts, e->n_mounts);
	e->mounts = saved->mounts;
	e->n_mounts = saved->n;
}
