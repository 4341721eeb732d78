/* SPDX-License-Identifier: GPL-3.0-or-later */
/* recover.c - a hive file and the transaction logs beside it, read and replayed. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/sha256.h"
#include "hive.h"

#define HIVE_MAX ((size_t)2 << 30) /* cell offsets are 32-bit */

int wr_hive_log_slot(const char *name, const char *base)
{
	static const char *const suffixes[WR_REPLAY_MAX_LOGS] = {".LOG", ".LOG1", ".LOG2"};
	size_t n = strlen(base);

	if (strncasecmp(name, base, n) != 0)
		return -1;
	for (int k = 0; k < WR_REPLAY_MAX_LOGS; k++)
		if (strcasecmp(name + n, suffixes[k]) == 0)
			return k;
	return -1;
}

/* The log names in directory `dir` for hive file name `base`, one slot per
 * suffix. */
static void find_logs(const char *dir, const char *base, char names[][256])
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		int k = wr_hive_log_slot(e->d_name, base);

		if (k >= 0 && !names[k][0] && strlen(e->d_name) < 256)
			snprintf(names[k], 256, "%s", e->d_name);
	}
	if (d)
		closedir(d);
}

int wr_hive_logs_read(const char *path, struct wr_hive_logs *logs, struct wr_error *err)
{
	const char *slash = strrchr(path, '/');
	char found[WR_REPLAY_MAX_LOGS][256] = {{0}}, dir[4200], file[4500];

	memset(logs, 0, sizeof(*logs));
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	find_logs(dir, slash ? slash + 1 : path, found);
	for (size_t k = 0; k < WR_REPLAY_MAX_LOGS; k++) {
		struct wr_log_in *in = &logs->in[logs->n];
		uint8_t *data;

		if (!found[k][0])
			continue;
		snprintf(file, sizeof(file), "%s/%.255s", dir, found[k]);
		if (wr_file_read(file, HIVE_MAX, &data, &in->len, err) < 0) {
			wr_hive_logs_free(logs);
			return -1;
		}
		memcpy(logs->names[logs->n], found[k], sizeof(found[k]));
		in->name = logs->names[logs->n];
		in->data = data;
		logs->n++;
	}
	return 0;
}

void wr_hive_logs_free(struct wr_hive_logs *logs)
{
	for (size_t i = 0; i < logs->n; i++)
		free((void *)logs->in[i].data);
	memset(logs, 0, sizeof(*logs));
}

static void sum(const uint8_t *data, size_t len, char out[65])
{
	struct wr_sha256 s;

	wr_sha256_init(&s);
	wr_sha256_update(&s, data, len);
	wr_sha256_hex(&s, out);
}

int wr_hive_recover(const char *path, uint8_t **img, size_t *len, struct wr_replay *rep,
                    struct wr_hive_sums *sums, struct wr_error *err)
{
	struct wr_hive_logs logs;
	int r;

	if (wr_file_read(path, HIVE_MAX, img, len, err) < 0)
		return -1;
	if (wr_hive_logs_read(path, &logs, err) < 0) {
		free(*img);
		*img = NULL;
		return -1;
	}
	/* Of these very bytes: a commit checks that the files are still them. */
	for (size_t k = 0; sums && k < logs.n; k++) {
		sum(logs.in[k].data, logs.in[k].len, sums->logs[k]);
		sums->log_len[k] = logs.in[k].len;
	}
	if (sums)
		sum(*img, *len, sums->hive);
	r = wr_hive_replay(img, len, logs.in, logs.n, rep, err);
	if (r < 0) {
		wr_error_prefix(err, "%s", path);
		free(*img);
		*img = NULL;
	}
	wr_hive_logs_free(&logs);
	return r;
}
