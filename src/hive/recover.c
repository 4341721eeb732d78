/* SPDX-License-Identifier: GPL-3.0-or-later */
/* recover.c - a hive file and the transaction logs beside it, read and replayed. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/sha256.h"
#include "internal.h"

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

/* ---- Whether a replayed image can be read as hivexml and a commit read it ---- */

static int visit_node(hive_h *h, void *opaque, hive_node_h node, const char *name)
{
	(void)h, (void)opaque, (void)node, (void)name;
	return 0;
}

static int visit_text(hive_h *h, void *opaque, hive_node_h node, hive_value_h value, hive_type t,
                      size_t len, const char *key, const char *str)
{
	(void)h, (void)opaque, (void)node, (void)value, (void)t, (void)len, (void)key, (void)str;
	return 0;
}

static int visit_strings(hive_h *h, void *opaque, hive_node_h node, hive_value_h value, hive_type t,
                         size_t len, const char *key, char **argv)
{
	(void)h, (void)opaque, (void)node, (void)value, (void)t, (void)len, (void)key, (void)argv;
	return 0;
}

static int visit_dword(hive_h *h, void *opaque, hive_node_h node, hive_value_h value, hive_type t,
                       size_t len, const char *key, int32_t v)
{
	(void)h, (void)opaque, (void)node, (void)value, (void)t, (void)len, (void)key, (void)v;
	return 0;
}

static int visit_qword(hive_h *h, void *opaque, hive_node_h node, hive_value_h value, hive_type t,
                       size_t len, const char *key, int64_t v)
{
	(void)h, (void)opaque, (void)node, (void)value, (void)t, (void)len, (void)key, (void)v;
	return 0;
}

/* Every key and value, their data read and decoded, as hivexml does
 * (strings that are not UTF-16 included): what a commit's check and
 * `bcd enum` need to read. */
static const struct hivex_visitor read_all = {
    .node_start = visit_node,
    .node_end = visit_node,
    .value_string = visit_text,
    .value_multiple_strings = visit_strings,
    .value_string_invalid_utf16 = visit_text,
    .value_dword = visit_dword,
    .value_qword = visit_qword,
    .value_binary = visit_text,
    .value_none = visit_text,
    .value_other = visit_text,
};

/* Whether the `len`-byte image opens (our base-block and root checks, then
 * hivex) and walks whole; when not, why in `why`.  -1 only when it cannot
 * be tried (ENOMEM, no memory file). */
static int readable(const uint8_t *img, size_t len, char *why, size_t why_len, struct wr_error *err)
{
	struct wr_error e = {0};
	struct wr_hive *hive;
	char fd_path[64];
	size_t n;
	int fd = memfd_create("winrescue-replayed", MFD_CLOEXEC), ok;

	if (fd < 0 || wr_file_write_at(fd, img, len, 0) < 0) {
		wr_error_set(err, errno, _("cannot check the replayed hive: %s"), strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	n = (size_t)snprintf(fd_path, sizeof(fd_path), "/proc/self/fd/%d", fd);
	hive = wr_hive_open(fd_path, 0, &e);
	errno = 0;
	ok = hive && hivex_visit(hive->h, &read_all, sizeof(read_all), NULL, 0) == 0;
	if (hive && !ok)
		snprintf(e.msg, sizeof(e.msg), _("hivex cannot walk it: %s"),
		         strerror(errno ? errno : EINVAL));
	/* wr_hive_open names the file: ours is no name for people. */
	snprintf(why, why_len, "%s",
	         strncmp(e.msg, fd_path, n) == 0 && e.msg[n] == ':' ? e.msg + n + 2 : e.msg);
	wr_hive_close(hive);
	close(fd);
	return ok;
}

/* The primary `orig` with the first `limit` entries of `logs` replayed:
 * 1 readable, 0 not (why in `why`, the report in `rep`), -1 error. */
static int prefix_readable(const uint8_t *orig, size_t len, const struct wr_hive_logs *logs,
                           size_t limit, struct wr_replay *rep, char *why, size_t why_len,
                           struct wr_error *err)
{
	uint8_t *img = malloc(len);
	int r;

	if (!img) {
		wr_error_set(err, ENOMEM, "%s", _("out of memory"));
		return -1;
	}
	memcpy(img, orig, len);
	r = wr_hive_replay_upto(&img, &len, logs->in, logs->n, limit, rep, err);
	if (r == 0)
		r = readable(img, len, why, why_len, err);
	free(img);
	return r;
}

/* The log whose entry (or, old format, dirty pages) `rep` applied last. */
static const struct wr_log_report *last_applied(const struct wr_replay *rep)
{
	for (size_t i = 0; i < rep->n_logs; i++)
		if (rep->logs[i].state == WR_LOG_APPLIED &&
		    (rep->logs[i].format == WR_REGF_LOG_OLD || rep->logs[i].last == rep->seq))
			return &rep->logs[i];
	return &rep->logs[0];
}

static size_t entries_applied(const struct wr_replay *rep)
{
	size_t n = 0;

	for (size_t i = 0; i < rep->n_logs; i++)
		if (rep->logs[i].state == WR_LOG_APPLIED)
			n += rep->logs[i].format == WR_REGF_LOG_NEW ? rep->logs[i].entries : 1;
	return n;
}

/* The error for a replay that does not read (`why`): `found` when `rep`
 * applied exactly up to the entry from which it does not, else `rep` is
 * the whole replay of a primary that did not read before it either. */
static void say_culprit(const struct wr_replay *rep, bool found, const char *why,
                        struct wr_error *err)
{
	const struct wr_log_report *l = last_applied(rep);

	if (found && l->format == WR_REGF_LOG_NEW)
		wr_error_set(err, EINVAL,
		             _("its logs replay to a hive that cannot be read: entry %u of %s (at "
		               "offset %#zx in the log) makes it unreadable (%s)"),
		             l->last, l->name, l->last_at, why);
	else if (found)
		wr_error_set(
		    err, EINVAL,
		    _("its logs replay to a hive that cannot be read: the dirty pages of %s "
		      "make it unreadable (%s)"),
		    l->name, why);
	else if (l->format == WR_REGF_LOG_NEW)
		wr_error_set(
		    err, EINVAL,
		    _("its logs replay to a hive that cannot be read (%s): it was unreadable "
		      "before replay, and the last entry applied, %u of %s, does not "
		      "repair it"),
		    why, l->last, l->name);
	else
		wr_error_set(
		    err, EINVAL,
		    _("its logs replay to a hive that cannot be read (%s): it was unreadable "
		      "before replay, and the dirty pages of %s do not repair it"),
		    why, l->name);
}

/* Say which entry made `whole`, the replay of `orig`, unreadable (`why`):
 * the first from which it is, found by halving.  A primary that did not
 * read before replay either (a torn write the logs do not repair) has no
 * such entry: then the last one applied is named. */
static void name_culprit(const uint8_t *orig, size_t len, const struct wr_hive_logs *logs,
                         const struct wr_replay *whole, const char *why, struct wr_error *err)
{
	struct wr_replay rep;
	size_t lo = 0, hi = entries_applied(whole), mid;
	char scratch[512];
	int r = prefix_readable(orig, len, logs, 0, &rep, scratch, sizeof(scratch), err);

	if (r < 0)
		return;
	if (r == 0) {
		say_culprit(whole, false, why, err);
		return;
	}
	/* lo entries give a hive that reads, hi one that does not. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		r = prefix_readable(orig, len, logs, mid, &rep, scratch, sizeof(scratch), err);
		if (r < 0)
			return;
		if (r > 0)
			lo = mid;
		else
			hi = mid;
	}
	/* Once more up to hi, for the report that names that entry. */
	if (prefix_readable(orig, len, logs, hi, &rep, scratch, sizeof(scratch), err) >= 0)
		say_culprit(&rep, true, why, err);
}

/* A replayed image is only a result when it reads whole: else -1 with
 * the entry or page that made it unreadable. */
static int check_replayed(const uint8_t *orig, size_t orig_len, const uint8_t *img, size_t len,
                          const struct wr_hive_logs *logs, const struct wr_replay *rep,
                          struct wr_error *err)
{
	char why[512];
	int r = readable(img, len, why, sizeof(why), err);

	if (r == 0)
		name_culprit(orig, orig_len, logs, rep, why, err);
	return r > 0 ? 0 : -1;
}

int wr_hive_recover(const char *path, uint8_t **img, size_t *len, struct wr_replay *rep,
                    struct wr_hive_sums *sums, struct wr_error *err)
{
	struct wr_hive_logs logs;
	struct wr_regf_header head;
	uint8_t *orig = NULL;
	size_t orig_len = 0;
	int r;

	memset(rep, 0, sizeof(*rep));
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
	/* A dirty primary as it was: to find the entry a replay goes wrong at. */
	if (wr_regf_parse(*img, *len, &head, NULL) == 0 && (head.dirty || !head.checksum_ok) &&
	    (orig = malloc(*len)))
		memcpy(orig, *img, orig_len = *len);
	r = wr_hive_replay(img, len, logs.in, logs.n, rep, err);
	if (r == 0 && rep->applied && !orig) {
		wr_error_set(err, ENOMEM, "%s", _("out of memory"));
		r = -1;
	} else if (r == 0 && rep->applied) {
		r = check_replayed(orig, orig_len, *img, *len, &logs, rep, err);
	}
	free(orig);
	if (r < 0) {
		wr_error_prefix(err, "%s", path);
		free(*img);
		*img = NULL;
	}
	wr_hive_logs_free(&logs);
	return r;
}
