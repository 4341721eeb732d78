/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-regfile.c - libFuzzer target: arbitrary bytes as a .reg file, read, written, read again. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "command/reg-internal.h"

/* The keys and values to set (not the deletions) as a version 5 file. */
static int write_back(const struct wr_regfile *f, uint8_t **data, size_t *len)
{
	struct wr_buf text = WR_BUF_INIT;
	struct wr_error err;
	int r = 0;

	wr__regfile_begin(&text);
	for (size_t i = 0; r == 0 && i < f->n_keys; i++) {
		const struct wr_regfile_key *k = &f->keys[i];

		if (k->remove)
			continue;
		r = wr__regfile_key(k->path, &text, &err);
		for (size_t j = 0; r == 0 && j < k->n_values; j++)
			if (!k->values[j].remove)
				r = wr__regfile_value(k->values[j].name, &k->values[j].v, &text,
				                      &err);
	}
	wr__regfile_end(&text);
	if (r == 0)
		r = wr__regfile_encode(&text, data, len, &err);
	wr_buf_free(&text);
	return r;
}

/* What was written reads back as the same keys, names, types and bytes. */
static void check_same(const struct wr_regfile *a, const struct wr_regfile *b)
{
	size_t n = 0;

	for (size_t i = 0; i < a->n_keys; i++) {
		const struct wr_regfile_key *ka = &a->keys[i], *kb;
		size_t m = 0;

		if (ka->remove)
			continue;
		if (n >= b->n_keys || strcmp(ka->path, (kb = &b->keys[n++])->path) != 0)
			abort();
		for (size_t j = 0; j < ka->n_values; j++) {
			const struct wr_regfile_value *va = &ka->values[j], *vb;

			if (va->remove)
				continue;
			if (m >= kb->n_values)
				abort();
			vb = &kb->values[m++];
			if (strcmp(va->name, vb->name) != 0 || !wr_value_equal(&va->v, &vb->v))
				abort();
		}
		if (m != kb->n_values)
			abort();
	}
	if (n != b->n_keys)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wr_regfile f, again;
	struct wr_error err;
	uint8_t *written = NULL;
	size_t len = 0;

	if (wr__regfile_parse(data, size, "fuzz.reg", &f, &err) < 0)
		return 0;
	/* A name with a line break cannot be written: refused, as it should be. */
	if (write_back(&f, &written, &len) == 0) {
		if (wr__regfile_parse(written, len, "again.reg", &again, &err) < 0)
			abort();
		check_same(&f, &again);
		wr__regfile_free(&again);
	}
	free(written);
	wr__regfile_free(&f);
	return 0;
}
