/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hive.c - registry hive access over libhivex. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <hivex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/le.h"
#include "base/utf16.h"
#include "hive.h"
#include "internal.h"

/* "WHAT: strerror(code)" */
static void set_errno_error(struct wr_error *err, int code, const char *what)
{
	wr_error_set(err, code ? code : EIO, "%s: %s", what, strerror(code ? code : EIO));
}

/* The root key's name, from its cell in the hive bins: 4-byte size, key
 * record, a name of at most 0xffff bytes.  `size`: the file's. */
static int read_root_name(struct wr_hive *hive, int fd, off_t size, struct wr_error *err)
{
	const struct wr_regf_header *h = &hive->hdr;
	size_t len = WR_CELL_HEADER_LEN + WR_NK_NAME + 0xffff, room, got;
	uint8_t *cell;
	int r = -1;

	if (wr_regf_root_room(h, (uint64_t)size, &room, err) < 0)
		return -1;
	if (len > room)
		len = room;
	if (!(cell = malloc(len))) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	if (wr_file_read_at(fd, (off_t)WR_REGF_BASE_SIZE + h->root_offset, cell, len, &got) < 0)
		set_errno_error(err, errno, _("cannot read"));
	else if ((r = wr_regf_key_name(cell, got, &hive->root_name, err)) < 0)
		wr_error_prefix(err, _("root key at 0x%x"), h->root_offset);
	free(cell);
	return r;
}

/* Parse the base block and root key name ourselves, so that every way a file
 * can fail to be a hive gets its own message before hivex sees it. */
static int check_header(struct wr_hive *hive, int fd, off_t size, struct wr_error *err)
{
	uint8_t base[WR_REGF_BASE_SIZE];
	const struct wr_regf_header *h = &hive->hdr;
	size_t got;

	if (size == 0) {
		wr_error_set(err, EINVAL, _("not a registry hive (the file is empty)"));
		return -1;
	}
	if (wr_file_read_at(fd, 0, base, sizeof(base), &got) < 0) {
		set_errno_error(err, errno, _("cannot read"));
		return -1;
	}
	if (got >= 4 && memcmp(base, WR_REGF_SIGNATURE, 4) == 0 && got < sizeof(base)) {
		wr_error_set(err, EINVAL,
		             _("the hive is truncated: the file has %zu bytes, less than the "
		               "%u-byte hive header"),
		             got, WR_REGF_BASE_SIZE);
		return -1;
	}
	if (wr_regf_parse(base, got, &hive->hdr, err) < 0)
		return -1;
	if (h->file_type != WR_REGF_PRIMARY) {
		wr_error_set(err, EINVAL,
		             _("is a transaction log (file type %u), not a hive: open the hive "
		               "file beside it"),
		             h->file_type);
		return -1;
	}
	if (wr_regf_check_hbins_size(h, (uint64_t)size, err) < 0)
		return -1;
	if (!h->checksum_ok) {
		wr_error_set(
		    err, EINVAL,
		    _("the hive header checksum is wrong (stored 0x%08x, expected 0x%08x)"),
		    h->checksum, h->checksum_wanted);
		return -1;
	}
	return read_root_name(hive, fd, size, err);
}

/* Open without blocking (a FIFO would hang a plain open), refuse anything
 * but a regular file.  Returns the descriptor or -1. */
static int open_regular(const char *path, off_t *size, struct wr_error *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd < 0) {
		set_errno_error(err, errno, _("cannot open"));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		set_errno_error(err, errno, _("cannot read"));
	} else if (S_ISDIR(st.st_mode)) {
		wr_error_set(err, EISDIR, _("is a directory, not a hive file"));
	} else if (!S_ISREG(st.st_mode)) {
		wr_error_set(err, EINVAL, _("is not a regular file"));
	} else {
		*size = st.st_size;
		return fd;
	}
	close(fd);
	return -1;
}

struct wr_hive *wr_hive_open(const char *path, int flags, struct wr_error *err)
{
	struct wr_hive *hive = calloc(1, sizeof(*hive));
	char fd_path[64];
	off_t size;
	int fd = -1;

	if (!hive || !(hive->path = strdup(path))) {
		free(hive);
		wr_error_set(err, ENOMEM, _("out of memory"));
		return NULL;
	}
	hive->flags = flags;
	fd = open_regular(path, &size, err);
	if (fd < 0 || check_header(hive, fd, size, err) < 0)
		goto fail;
	/* hivex reads the very file we checked, not whatever the name means now. */
	snprintf(fd_path, sizeof(fd_path), "/proc/self/fd/%d", fd);
	hive->h = hivex_open(access(fd_path, R_OK) == 0 ? fd_path : path,
	                     (flags & WR_HIVE_WRITE) ? HIVEX_OPEN_WRITE : 0);
	if (!hive->h) {
		int e = errno ? errno : EINVAL;

		wr_error_set(err, e, _("hivex cannot read the hive: %s"), strerror(e));
		goto fail;
	}
	close(fd);
	return hive;
fail:
	if (fd >= 0)
		close(fd);
	wr_error_prefix(err, "%s", path);
	wr_hive_close(hive);
	return NULL;
}

void wr_hive_close(struct wr_hive *hive)
{
	if (!hive)
		return;
	if (hive->h)
		hivex_close(hive->h);
	free(hive->root_name);
	free(hive->path);
	free(hive);
}

const char *wr_hive_path(const struct wr_hive *hive)
{
	return hive->path;
}

const struct wr_regf_header *wr_hive_header(const struct wr_hive *hive)
{
	return &hive->hdr;
}

const char *wr_hive_root_name(const struct wr_hive *hive)
{
	return hive->root_name;
}

wr_node wr_hive_root(const struct wr_hive *hive)
{
	return hivex_root(hive->h);
}

void wr__hive_error(struct wr_error *err, const char *what)
{
	set_errno_error(err, errno, what);
}

int wr_hive_lookup(struct wr_hive *hive, wr_node from, const char *path, wr_node *out,
                   struct wr_error *err)
{
	char *copy = strdup(path), *save = NULL;
	wr_node node = from;

	if (!copy) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	for (char *part = strtok_r(copy, "\\/", &save); part; part = strtok_r(NULL, "\\/", &save)) {
		/* hivex returns 0 both for "no such key" and for errors. */
		errno = 0;
		node = hivex_node_get_child(hive->h, node, part);
		if (node == 0) {
			int e = errno;

			free(copy);
			if (e == 0)
				return 1;
			errno = e;
			wr__hive_error(err, _("cannot read key"));
			return -1;
		}
	}
	free(copy);
	*out = node;
	return 0;
}

int wr_hive_children(struct wr_hive *hive, wr_node node, wr_node **out, size_t *n,
                     struct wr_error *err)
{
	hive_node_h *kids = hivex_node_children(hive->h, node);
	size_t count = 0;

	if (!kids) {
		wr__hive_error(err, _("cannot list subkeys"));
		return -1;
	}
	while (kids[count])
		count++;
	*out = kids; /* hive_node_h is size_t, as wr_node is */
	*n = count;
	return 0;
}

char *wr_hive_node_name(struct wr_hive *hive, wr_node node, struct wr_error *err)
{
	char *name = hivex_node_name(hive->h, node);

	if (!name)
		wr__hive_error(err, _("cannot read key name"));
	return name;
}

int wr_hive_node_timestamp(struct wr_hive *hive, wr_node node, uint64_t *out, struct wr_error *err)
{
	int64_t t = hivex_node_timestamp(hive->h, node);

	if (t < 0) {
		wr__hive_error(err, _("cannot read key timestamp"));
		return -1;
	}
	*out = (uint64_t)t;
	return 0;
}

void wr_filetime_text(uint64_t filetime, char out[32])
{
	time_t t = (time_t)(filetime / 10000000u) - (time_t)11644473600; /* 1601 -> 1970 */
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, 32, "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(out, 32, "?");
}

int wr_hive_value_names(struct wr_hive *hive, wr_node node, char ***names, size_t *n,
                        struct wr_error *err)
{
	hive_value_h *vals = hivex_node_values(hive->h, node);
	size_t count = 0;
	char **out;

	if (!vals) {
		wr__hive_error(err, _("cannot list values"));
		return -1;
	}
	while (vals[count])
		count++;
	out = calloc(count + 1, sizeof(*out));
	for (size_t i = 0; out && i < count; i++) {
		out[i] = hivex_value_key(hive->h, vals[i]);
		if (!out[i]) {
			wr__hive_error(err, _("cannot read value name"));
			wr_strv_free(out);
			free(vals);
			return -1;
		}
	}
	free(vals);
	if (!out) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	*names = out;
	*n = count;
	return 0;
}

int wr_hive_get_value(struct wr_hive *hive, wr_node node, const char *name, struct wr_value *out,
                      struct wr_error *err)
{
	hive_value_h val;
	hive_type type;
	size_t len;
	char *data;

	errno = 0;
	val = hivex_node_get_value(hive->h, node, name);
	if (val == 0) {
		if (errno == 0)
			return 1;
		wr__hive_error(err, _("cannot read value"));
		return -1;
	}
	data = hivex_value_value(hive->h, val, &type, &len);
	if (!data) {
		wr__hive_error(err, _("cannot read value data"));
		return -1;
	}
	out->type = (uint32_t)type;
	out->len = len;
	out->data = (uint8_t *)data;
	return 0;
}

void wr_value_clear(struct wr_value *v)
{
	free(v->data);
	v->data = NULL;
	v->len = 0;
}

bool wr_value_equal(const struct wr_value *a, const struct wr_value *b)
{
	return a->type == b->type && a->len == b->len &&
	       (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

int wr_value_copy(struct wr_value *dst, const struct wr_value *src)
{
	uint8_t *data = malloc(src->len ? src->len : 1);

	if (!data)
		return -1;
	if (src->len)
		memcpy(data, src->data, src->len);
	*dst = (struct wr_value){.type = src->type, .len = src->len, .data = data};
	return 0;
}

int wr_value_dword(const struct wr_value *v, uint32_t *out, struct wr_error *err)
{
	if (v->type != WR_REG_DWORD || v->len != 4) {
		wr_error_set(err, EINVAL, _("expected a REG_DWORD, found type %u with %zu bytes"),
		             v->type, v->len);
		return -1;
	}
	*out = wr_le32(v->data);
	return 0;
}

int wr_value_qword(const struct wr_value *v, uint64_t *out, struct wr_error *err)
{
	if (v->type != WR_REG_QWORD || v->len != 8) {
		wr_error_set(err, EINVAL, _("expected a REG_QWORD, found type %u with %zu bytes"),
		             v->type, v->len);
		return -1;
	}
	*out = wr_le64(v->data);
	return 0;
}

char *wr_value_string(const struct wr_value *v, struct wr_error *err)
{
	char *s;

	if (v->type != WR_REG_SZ && v->type != WR_REG_EXPAND_SZ) {
		wr_error_set(err, EINVAL, _("expected a string value, found type %u"), v->type);
		return NULL;
	}
	s = wr_utf16le_decode(v->data, v->len);
	if (!s)
		wr_error_set(err, ENOMEM, _("out of memory"));
	return s;
}

char **wr_value_multi_sz(const struct wr_value *v, size_t *n, struct wr_error *err)
{
	size_t units = v->len / 2, count = 0, start = 0;
	char **out;

	if (v->type != WR_REG_MULTI_SZ) {
		wr_error_set(err, EINVAL, _("expected a REG_MULTI_SZ, found type %u"), v->type);
		return NULL;
	}
	out = calloc(units / 2 + 2, sizeof(*out));
	if (!out)
		goto oom;
	for (size_t i = 0; i <= units; i++) {
		bool end = i == units || (v->data[2 * i] == 0 && v->data[2 * i + 1] == 0);

		if (!end)
			continue;
		if (i == start) /* an empty string ends the list */
			break;
		out[count] = wr_utf16le_decode(v->data + 2 * start, 2 * (i - start));
		if (!out[count++])
			goto oom;
		start = i + 1;
	}
	*n = count;
	return out;
oom:
	wr_strv_free(out);
	wr_error_set(err, ENOMEM, _("out of memory"));
	return NULL;
}

void wr_strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}
