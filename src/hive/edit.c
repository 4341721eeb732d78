/* SPDX-License-Identifier: GPL-3.0-or-later */
/* edit.c - editing an open hive in memory and committing the image to a file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/le.h"
#include "base/utf16.h"
#include "internal.h"

#define HIVE_MAX ((size_t)2 << 30) /* cell offsets are 32-bit */

static int check_writable(struct wr_hive *hive, struct wr_error *err)
{
	if (hive->flags & WR_HIVE_WRITE)
		return 0;
	wr_error_set(err, EROFS, _("%s: the hive is open read-only"), hive->path);
	return -1;
}

int wr_hive_set_value(struct wr_hive *hive, wr_node node, const char *name, uint32_t type,
                      const void *data, size_t len, struct wr_error *err)
{
	hive_set_value v = {
	    .key = (char *)name,
	    .t = (hive_type)type,
	    .len = len,
	    .value = (char *)data,
	};

	hive_value_h had;
	char *stored = NULL;
	int r = 0;

	if (check_writable(hive, err) < 0 || wr__hive_check_values(hive, node, err) < 0)
		return -1;
	/* Names match without regard to case, as in Windows, and a value set
	 * again keeps the name it has ("Start", not the command's "start"). */
	errno = 0;
	had = hivex_node_get_value(hive->h, node, name);
	if (had && !(stored = hivex_value_key(hive->h, had))) {
		wr__hive_error(err, _("cannot set value"));
		return -1;
	}
	if (stored)
		v.key = stored;
	if (hivex_node_set_value(hive->h, node, &v, 0) < 0) {
		wr__hive_error(err, _("cannot set value"));
		r = -1;
	}
	free(stored);
	return r;
}

/* wr_utf16le_encode failed: bad UTF-8 (EINVAL) or no memory. */
static int encode_error(struct wr_error *err)
{
	if (errno == ENOMEM)
		wr_error_set(err, ENOMEM, _("out of memory"));
	else
		wr_error_set(err, EINVAL, _("the text is not valid UTF-8"));
	return -1;
}

int wr_hive_set_dword(struct wr_hive *hive, wr_node node, const char *name, uint32_t v,
                      struct wr_error *err)
{
	uint8_t b[4];

	wr_put_le(b, v, 4);
	return wr_hive_set_value(hive, node, name, WR_REG_DWORD, b, 4, err);
}

int wr_hive_set_qword(struct wr_hive *hive, wr_node node, const char *name, uint64_t v,
                      struct wr_error *err)
{
	uint8_t b[8];

	wr_put_le(b, v, 8);
	return wr_hive_set_value(hive, node, name, WR_REG_QWORD, b, 8, err);
}

int wr_hive_set_string(struct wr_hive *hive, wr_node node, const char *name, uint32_t type,
                       const char *utf8, struct wr_error *err)
{
	size_t len;
	uint8_t *wide;
	int r;

	if (type != WR_REG_SZ && type != WR_REG_EXPAND_SZ) {
		wr_error_set(err, EINVAL, _("a string value must be REG_SZ or REG_EXPAND_SZ"));
		return -1;
	}
	wide = wr_utf16le_encode(utf8, &len);
	if (!wide)
		return encode_error(err);
	r = wr_hive_set_value(hive, node, name, type, wide, len, err);
	free(wide);
	return r;
}

int wr_hive_set_multi_sz(struct wr_hive *hive, wr_node node, const char *name,
                         const char *const *strings, size_t n, struct wr_error *err)
{
	uint8_t *all = NULL;
	size_t total = 0;
	int r = -1;

	for (size_t i = 0; i < n; i++) {
		size_t len;
		uint8_t *wide = wr_utf16le_encode(strings[i], &len);
		uint8_t *grown;

		if (!wide) {
			encode_error(err);
			goto out;
		}
		grown = realloc(all, total + len + 2);
		if (!grown) {
			free(wide);
			wr_error_set(err, ENOMEM, _("out of memory"));
			goto out;
		}
		all = grown;
		memcpy(all + total, wide, len);
		total += len;
		free(wide);
	}
	/* The list ends with an empty string: one more NUL code unit. */
	uint8_t *grown = realloc(all, total + 2);
	if (!grown) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		goto out;
	}
	all = grown;
	all[total++] = 0;
	all[total++] = 0;
	r = wr_hive_set_value(hive, node, name, WR_REG_MULTI_SZ, all, total, err);
out:
	free(all);
	return r;
}

/* hivex can only replace a key's whole value list: rebuild it without `name`. */
int wr_hive_delete_value(struct wr_hive *hive, wr_node node, const char *name, struct wr_error *err)
{
	hive_value_h *vals;
	hive_set_value *keep;
	size_t n = 0, k = 0;
	int r = -1, found = 0;

	if (check_writable(hive, err) < 0)
		return -1;
	vals = hivex_node_values(hive->h, node);
	if (!vals) {
		wr__hive_error(err, _("cannot list values"));
		return -1;
	}
	while (vals[n])
		n++;
	keep = calloc(n + 1, sizeof(*keep));
	if (!keep) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		hive_set_value *v = &keep[k];

		v->key = hivex_value_key(hive->h, vals[i]);
		v->value = v->key ? hivex_value_value(hive->h, vals[i], &v->t, &v->len) : NULL;
		if (!v->value) {
			wr__hive_error(err, _("cannot read value"));
			free(v->key);
			goto out;
		}
		if (!found && strcasecmp(v->key, name) == 0) {
			found = 1;
			free(v->key);
			free(v->value);
			continue;
		}
		k++;
	}
	r = found ? 0 : 1;
	if (found && wr__hive_check_values(hive, node, err) < 0) {
		r = -1;
	} else if (found && hivex_node_set_values(hive->h, node, k, keep, 0) < 0) {
		wr__hive_error(err, _("cannot delete value"));
		r = -1;
	}
out:
	for (size_t i = 0; keep && i < k; i++) {
		free(keep[i].key);
		free(keep[i].value);
	}
	free(keep);
	free(vals);
	return r;
}

int wr_hive_add_key(struct wr_hive *hive, wr_node parent, const char *name, wr_node *out,
                    struct wr_error *err)
{
	wr_node node;

	if (check_writable(hive, err) < 0)
		return -1;
	errno = 0;
	node = hivex_node_get_child(hive->h, parent, name);
	if (node == 0 && errno == 0)
		node = hivex_node_add_child(hive->h, parent, name);
	if (node == 0) {
		wr__hive_error(err, _("cannot add key"));
		return -1;
	}
	*out = node;
	return 0;
}

int wr_hive_delete_key(struct wr_hive *hive, wr_node node, struct wr_error *err)
{
	if (check_writable(hive, err) < 0 || wr__hive_check_delete(hive, node, err) < 0)
		return -1;
	if (hivex_node_delete_child(hive->h, node) < 0) {
		wr__hive_error(err, _("cannot delete key"));
		return -1;
	}
	return 0;
}

/*
 * Make the file hivex just committed look as Windows would write it: in a
 * version 1.3 hive (every BCD store) the subkey lists hivex adds as "lh"
 * become "lf"; both sequence numbers are `seq` (hivex counts one more for
 * each image the deletion checks took, see cells.c); and the checksum gets
 * Windows' two adjustments, which hivex's plain XOR lacks (0 is stored as 1,
 * all ones as 0xfffffffe).
 */
static int finish_commit(const char *path, uint32_t minor, uint32_t seq, struct wr_error *err)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	uint8_t *img = NULL, base[512];
	size_t len = sizeof(base);
	int r = -1;

	errno = EIO;
	if (fd < 0)
		goto out;
	if (minor <= 4) {
		if (wr_file_read_fd(fd, HIVE_MAX, &img, &len) < 0)
			goto out;
		if (len < WR_REGF_BASE_SIZE) {
			errno = EIO;
			goto out;
		}
		if (wr_regf_lh_to_lf(img, len, err) < 0) {
			wr_error_prefix(err, "%s", path);
			close(fd);
			free(img);
			return -1;
		}
	} else if (pread(fd, base, sizeof(base), 0) != (ssize_t)sizeof(base)) {
		goto out;
	}
	uint8_t *head = img ? img : base;

	wr_put_le(head + WR_REGF_SEQ1, seq, 4);
	wr_put_le(head + WR_REGF_SEQ2, seq, 4);
	wr_put_le(head + WR_REGF_CSUM_OFFSET, wr_regf_checksum(head), 4);
	if (wr_file_write_at(fd, head, img ? len : sizeof(base), 0) < 0 || fsync(fd) < 0)
		goto out;
	r = 0;
out:
	if (r < 0)
		wr_error_set(err, errno, _("%s: cannot finish writing: %s"), path, strerror(errno));
	if (fd >= 0)
		close(fd);
	free(img);
	return r;
}

int wr_hive_commit(struct wr_hive *hive, const char *path, struct wr_error *err)
{
	if (check_writable(hive, err) < 0)
		return -1;
	if (hive->hdr.dirty) {
		wr_error_set(err, EBUSY,
		             _("%s: the hive is dirty (sequence numbers %u and %u differ); "
		               "writing it would discard its transaction logs"),
		             hive->path, hive->hdr.seq1, hive->hdr.seq2);
		return -1;
	}
	if (hivex_commit(hive->h, path, 0) < 0) {
		wr__hive_error(err, path);
		return -1;
	}
	if (finish_commit(path, hive->hdr.minor, hive->hdr.seq1 + 1, err) < 0)
		return -1;
	hive->hdr.seq1++;
	hive->hdr.seq2 = hive->hdr.seq1;
	return 0;
}
