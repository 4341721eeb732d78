/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-replay.c - libFuzzer target: a primary and two transaction logs, replayed. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/le.h"
#include "hive/hive.h"

/* The input: LE32 n, n bytes of primary, LE32 m, m bytes of LOG1, the rest
 * LOG2 (tests/fuzz-replay-seed.sh packs real sets this way). */
static size_t take(const uint8_t *data, size_t size, size_t *at)
{
	size_t n;

	if (size - *at < 4) {
		*at = size;
		return 0;
	}
	n = wr_le32(data + *at);
	*at += 4;
	if (n > size - *at)
		n = size - *at;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Examining from the base block alone must say what replaying did. */
static bool same_report(const struct wr_replay *a, const struct wr_replay *b)
{
	if (a->dirty != b->dirty || a->applied != b->applied || a->seq != b->seq ||
	    a->logs_newer != b->logs_newer)
		return false;
	for (size_t i = 0; i < a->n_logs; i++)
		if (a->logs[i].state != b->logs[i].state || a->logs[i].pages != b->logs[i].pages ||
		    a->logs[i].entries != b->logs[i].entries ||
		    strcmp(a->logs[i].why, b->logs[i].why))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wr_log_in logs[2] = {{.name = "LOG1"}, {.name = "LOG2"}};
	struct wr_regf_header h;
	struct wr_replay r, seen;
	struct wr_error err;
	size_t at = 0, len = take(data, size, &at);
	uint8_t *img = malloc(len ? len : 1), head[4096];
	int examined;

	if (!img)
		return 0;
	memcpy(img, data + at, len);
	at += len;
	logs[0].len = take(data, size, &at);
	logs[0].data = data + at;
	at += logs[0].len;
	logs[1].data = data + at;
	logs[1].len = size - at;
	memcpy(head, img, len < sizeof(head) ? len : sizeof(head));
	examined = wr_hive_logs_examine(head, len < sizeof(head) ? len : sizeof(head), logs, 2,
	                                &seen, &err);
	/* Whatever the logs say, a replayed image is a clean primary. */
	if (wr_hive_replay(&img, &len, logs, 2, &r, &err) == 0) {
		if (r.applied &&
		    (wr_regf_parse(img, len, &h, &err) < 0 || h.dirty || !h.checksum_ok))
			abort();
		if (examined != 0 || !same_report(&seen, &r))
			abort();
	}
	free(img);
	return 0;
}
