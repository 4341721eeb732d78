/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hive-dump.c - every key and value of a hive as text, to compare hives in tests. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/buf.h"
#include "hive-dump.h"

static void dump(struct wr_hive *h, wr_node node, const char *path, struct wr_buf *out)
{
	char **names = NULL;
	wr_node *kids = NULL;
	size_t n_names = 0, n_kids = 0;

	wr_buf_printf(out, "[%s]\n", path);
	wr_hive_value_names(h, node, &names, &n_names, NULL);
	for (size_t i = 0; i < n_names; i++) {
		struct wr_value v = {0};

		wr_hive_get_value(h, node, names[i], &v, NULL);
		wr_buf_printf(out, "%s=%u:", names[i], v.type);
		for (size_t k = 0; k < v.len; k++)
			wr_buf_printf(out, "%02x", v.data[k]);
		wr_buf_putc(out, '\n');
		wr_value_clear(&v);
		free(names[i]);
	}
	free(names);
	wr_hive_children(h, node, &kids, &n_kids, NULL);
	for (size_t i = 0; i < n_kids; i++) {
		char *name = wr_hive_node_name(h, kids[i], NULL), sub[1024];

		snprintf(sub, sizeof(sub), "%s\\%s", path, name);
		dump(h, kids[i], sub, out);
		free(name);
	}
	free(kids);
}

char *dump_hive(struct wr_hive *h)
{
	struct wr_buf b = WR_BUF_INIT;

	dump(h, wr_hive_root(h), "", &b);
	return wr_buf_steal(&b);
}
