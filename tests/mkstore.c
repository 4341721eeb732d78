/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mkstore.c - write a test BCD store: mkstore KIND FILE (see stores.h). */
#include "config.h"

#include <stdio.h>

#include "stores.h"

int main(int argc, char **argv)
{
	struct wr_error err;

	if (argc != 3) {
		fprintf(stderr, "usage: mkstore KIND FILE\n");
		return 2;
	}
	if (store_create(argv[1], argv[2], &err) < 0) {
		fprintf(stderr, "mkstore: %s\n", err.msg);
		return 1;
	}
	return 0;
}
