/* SPDX-License-Identifier: GPL-3.0-or-later */
/* env.c - what the articles' commands run on: the session's hives, the stores bcdedit names
 * and the keys reg load mounts. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/le.h"
#include "internal.h"

static int no_memory(struct wr_error *err)
{
	wr_error_set(err, ENOMEM, _("out of memory"));
	return -1;
}

/* The single hive of `kind` on the disks, or -1 (none, or several). */
static long single_of(const struct wr_session *s, enum wr_hive_kind kind)
{
	long found = -1;

	for (size_t i = 0; i < wr_session_count(s); i++) {
		if (wr_session_kind(s, i) != kind)
			continue;
		if (found >= 0)
			return -1;
		found = (long)i;
	}
	return found;
}

struct wr_cmd_env *wr_cmd_env_new(struct wr_session *s, struct wr_error *err)
{
	struct wr_cmd_env *e = calloc(1, sizeof(*e));

	if (!e) {
		no_memory(err);
		return NULL;
	}
	e->s = s;
	/* As the articles' reg load would mount them; hive files loaded
	 * already (the console's) stand for their role's paths too. */
	for (enum wr_hive_kind k = WR_KIND_BCD; k <= WR_KIND_SOFTWARE; k++) {
		long i = single_of(s, k);
		size_t part;
		const char *path;

		if (i < 0)
			continue;
		if (wr_session_file(s, (size_t)i, &part, &path)) {
			e->given[k].hive = (size_t)i;
			e->given[k].set = true;
		}
		if (k != WR_KIND_BCD &&
		    wr__cmd_mount(e, wr_hive_kind_mount(k), (size_t)i, err) < 0) {
			wr_cmd_env_free(e);
			return NULL;
		}
	}
	return e;
}

void wr_cmd_env_free(struct wr_cmd_env *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n_mounts; i++)
		free(e->mounts[i].name);
	free(e->mounts);
	for (size_t i = 0; i < 26; i++)
		free(e->drives[i].dir);
	wr__cmd_security_forget(e);
	free(e);
}

struct wr_stage *wr_cmd_stage(const struct wr_cmd_env *e)
{
	return wr_session_stage(e->s);
}

struct wr_session *wr_cmd_session(const struct wr_cmd_env *e)
{
	return e->s;
}

void wr_cmd_env_set_dry_run(struct wr_cmd_env *e, bool dry_run)
{
	e->dry_run = dry_run;
}

bool wr_cmd_env_dry_run(const struct wr_cmd_env *e)
{
	return e->dry_run;
}

int wr_cmd_env_add_file(struct wr_cmd_env *e, const char *file, enum wr_hive_kind kind,
                        const char *mount, struct wr_error *err)
{
	size_t hive = wr_session_count(e->s);

	if (wr_session_add_file(e->s, file, kind, err) < 0)
		return -1;
	e->given[kind].hive = hive;
	e->given[kind].set = true;
	return mount ? wr__cmd_mount(e, mount, hive, err) : 0;
}

int wr_cmd_store(struct wr_cmd_env *e, const char *path, size_t *hive, struct wr_error *err)
{
	long only;

	if (path)
		return wr__cmd_hive_at(e, path, WR_KIND_BCD, hive, err);
	if (e->given[WR_KIND_BCD].set) {
		*hive = e->given[WR_KIND_BCD].hive;
		return 0;
	}
	if ((only = single_of(e->s, WR_KIND_BCD)) < 0) {
		wr_error_set(err, EINVAL,
		             wr_session_count(e->s) && single_of(e->s, WR_KIND_BCD) < 0 &&
		                     wr_session_hive_of(e->s, WR_KIND_BCD) >= 0
		                 ? _("several BCD stores are loaded: give /store PATH")
		                 : _("no BCD store: give /store PATH, the store or the disks"));
		return -1;
	}
	*hive = (size_t)only;
	return 0;
}
