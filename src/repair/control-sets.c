/* SPDX-License-Identifier: GPL-3.0-or-later */
/* control-sets.c - each ControlSetNNN of a SYSTEM hive, for the repairs that look at every one of
 * them by hand (tls's severity, nla's encryption level). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "repair.h"

int wr__repair_each_set(struct wr_hive *h, wr__set_fn fn, void *ctx, struct wr_error *err)
{
	wr_node *kids = NULL;
	size_t n = 0;
	int r = wr_hive_children(h, wr_hive_root(h), &kids, &n, err);

	for (size_t i = 0; r == 0 && i < n; i++) {
		char *name = wr_hive_node_name(h, kids[i], err);

		if (!name)
			r = -1;
		else if (wr__repair_is_control_set(name))
			r = fn(h, name, ctx, err);
		free(name);
	}
	free(kids);
	return r;
}

bool wr__repair_read_dword(struct wr_hive *h, const char *key, const char *name, uint32_t *out)
{
	struct wr_error err = {0};
	struct wr_value v = {0};
	wr_node k;
	int r = wr_hive_lookup(h, wr_hive_root(h), key, &k, &err);

	if (r == 0)
		r = wr_hive_get_value(h, k, name, &v, &err);
	if (r == 0 && wr_value_dword(&v, out, &err) < 0)
		r = 1;
	wr_value_clear(&v);
	return r == 0;
}
