/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dirty-log.c - a dirty hive whose last change is only in its new-format log, for tests. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/le.h"
#include "dirty-log.h"
#include "regf/marvin32.h"
#include "regf/regf.h"

#define PAGE 4096u

static int spit(const char *path, const uint8_t *data, size_t len, struct wr_error *err)
{
	FILE *f = fopen(path, "wb");
	bool ok = f && fwrite(data, 1, len, f) == len;

	if (f && fclose(f) != 0)
		ok = false;
	if (!ok)
		wr_error_set(err, errno ? errno : EIO, "%s: cannot write", path);
	return ok ? 0 : -1;
}

/* The base block `img` with both sequence numbers `seq1`/`seq2`, file
 * type `type` and its checksum right. */
static void stamp(uint8_t *img, uint32_t seq1, uint32_t seq2, uint32_t type)
{
	wr_put_le(img + 4, seq1, 4);
	wr_put_le(img + 8, seq2, 4);
	wr_put_le(img + 0x1c, type, 4);
	wr_put_le(img + WR_REGF_CSUM_OFFSET, wr_regf_checksum(img), 4);
}

/* The log: a 512-byte base-block copy, then one HvLE entry carrying the
 * pages of `b` (hive bins `hbins` bytes) that differ from `a`. */
static uint8_t *make_log(const uint8_t *a, size_t alen, const uint8_t *b, uint32_t hbins,
                         uint32_t seq, size_t *len)
{
	size_t n = 0, size, at;
	uint8_t *log, *e;

	for (size_t off = 0; off < hbins; off += PAGE)
		n += PAGE + off > alen - PAGE || memcmp(a + PAGE + off, b + PAGE + off, PAGE) != 0;
	size = (40 + 8 * n + PAGE * n + 511) / 512 * 512;
	*len = 512 + size;
	if (!(log = calloc(1, *len)))
		return NULL;
	memcpy(log, b, 512);
	stamp(log, seq, seq, WR_REGF_LOG_NEW);
	e = log + 512;
	memcpy(e, "HvLE", 4);
	wr_put_le(e + 4, size, 4);
	wr_put_le(e + 8, wr_le32(b + 0x90) & 1, 4);
	wr_put_le(e + 12, seq, 4);
	wr_put_le(e + 16, hbins, 4);
	wr_put_le(e + 20, n, 4);
	at = 40 + 8 * n;
	n = 0;
	for (size_t off = 0; off < hbins; off += PAGE)
		if (PAGE + off > alen - PAGE || memcmp(a + PAGE + off, b + PAGE + off, PAGE) != 0) {
			wr_put_le(e + 40 + 8 * n, off, 4);
			wr_put_le(e + 44 + 8 * n++, PAGE, 4);
			memcpy(e + at, b + PAGE + off, PAGE);
			at += PAGE;
		}
	wr_put_le(e + 24, wr_marvin32(WR_MARVIN32_LOG_SEED, e + 40, size - 40), 8);
	wr_put_le(e + 32, wr_marvin32(WR_MARVIN32_LOG_SEED, e, 32), 8);
	return log;
}

int dirty_log_make(const char *path, int (*edit)(struct wr_hive *, struct wr_error *),
                   struct wr_error *err)
{
	char other[4200];
	struct wr_hive *h =
	    strlen(path) < sizeof(other) - 16 ? wr_hive_open(path, WR_HIVE_WRITE, err) : NULL;
	struct wr_regf_header ha, hb;
	uint8_t *a = NULL, *b = NULL, *log = NULL;
	size_t alen = 0, blen = 0, loglen = 0;
	int r = h ? 0 : -1;

	snprintf(other, sizeof(other), "%s.expected", path);
	if (r == 0)
		r = edit(h, err);
	if (r == 0)
		r = wr_hive_commit(h, other, err);
	wr_hive_close(h);
	if (r == 0 &&
	    (wr_file_read(path, 1u << 30, &a, &alen, err) < 0 ||
	     wr_file_read(other, 1u << 30, &b, &blen, err) < 0 ||
	     wr_regf_parse(a, alen, &ha, err) < 0 || wr_regf_parse(b, blen, &hb, err) < 0))
		r = -1;
	if (r == 0 && (alen < PAGE || blen < PAGE + (size_t)hb.hbins_size)) {
		wr_error_set(err, EINVAL, "%s: shorter than its header says", path);
		r = -1;
	}
	if (r == 0 && !(log = make_log(a, alen, b, hb.hbins_size, ha.seq1, &loglen)))
		r = -1;
	if (r == 0) {
		stamp(b, ha.seq1, ha.seq1, WR_REGF_PRIMARY); /* what replay gives */
		stamp(a, ha.seq1 + 1, ha.seq1, WR_REGF_PRIMARY);
		snprintf(other + strlen(path), sizeof(other) - strlen(path), ".LOG1");
		r = spit(other, log, loglen, err);
	}
	if (r == 0) {
		snprintf(other + strlen(path), sizeof(other) - strlen(path), ".expected");
		r = spit(other, b, blen, err);
	}
	if (r == 0)
		r = spit(path, a, alen, err);
	free(a);
	free(b);
	free(log);
	return r;
}
