/* SPDX-License-Identifier: GPL-3.0-or-later */
/* guest-exists.c - whether a file or folder is on a partition, asked of the appliance once. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest-internal.h"

/* What was found for `path` on `p`: its entry, or NULL.  Under probe_lock. */
static const struct guest_probe *known(const struct wr_guest *g, const struct wr_part *p,
                                       const char *path, bool folder)
{
	for (size_t i = 0; i < g->n_probes; i++)
		if (g->probes[i].disk == p->disk && g->probes[i].number == p->number &&
		    g->probes[i].folder == folder && strcmp(g->probes[i].path, path) == 0)
			return &g->probes[i];
	return NULL;
}

/* Keep it; a path too long to keep, or no memory, is asked again next time. */
static void remember(struct wr_guest *g, const struct wr_part *p, const char *path, bool folder,
                     bool there)
{
	struct guest_probe *grown;

	if (strlen(path) >= sizeof(g->probes->path))
		return;
	grown = realloc(g->probes, (g->n_probes + 1) * sizeof(*grown));
	if (!grown)
		return;
	g->probes = grown;
	grown[g->n_probes] = (struct guest_probe){p->disk, p->number, folder, there, ""};
	snprintf(grown[g->n_probes++].path, sizeof(grown->path), "%s", path);
}

/* The appliance's answer.  A folder is found by asking for a name inside
 * it, as wr_guest_find says only whether the folders on the way are there. */
static int ask(struct wr_guest *g, const struct wr_part *p, const char *path, bool folder,
               struct wr_error *err)
{
	char probe[4100], real[4100];
	uint64_t size;
	int r;

	if (snprintf(probe, sizeof(probe), "%s%s", path, folder ? "/x" : "") >= (int)sizeof(probe))
		return 0; /* longer than Windows allows: no such file */
	r = wr_guest_find(g, p, probe, real, sizeof(real), err);
	if (r == 0 && !folder)
		r = wr_guest_stat(g, p, real, &size, err);
	return r < 0 ? -1 : r == 0;
}

int wr_guest_exists(struct wr_guest *g, const struct wr_part *p, const char *path, bool folder,
                    struct wr_error *err)
{
	const struct guest_probe *k;
	int r;

	pthread_mutex_lock(&g->probe_lock);
	k = known(g, p, path, folder);
	r = k ? k->there : -2;
	pthread_mutex_unlock(&g->probe_lock);
	if (r != -2)
		return r;
	r = ask(g, p, path, folder, err);
	if (r >= 0) {
		pthread_mutex_lock(&g->probe_lock);
		remember(g, p, path, folder, r == 1);
		pthread_mutex_unlock(&g->probe_lock);
	}
	return r;
}

void wr__guest_forget_probes(struct wr_guest *g)
{
	pthread_mutex_lock(&g->probe_lock);
	free(g->probes);
	g->probes = NULL;
	g->n_probes = 0;
	pthread_mutex_unlock(&g->probe_lock);
}
