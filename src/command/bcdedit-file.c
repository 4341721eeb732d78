/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcdedit-file.c - /export FILE (the store as staged, to a file of this machine) and
 * /import FILE (the file's entries replace the store's, as edits of the transaction). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/le.h"
#include "base/text.h"
#include "bcdedit-internal.h"

/* A file may be replaced; a directory, a link or a device never is. */
static int check_target(struct bcdedit *b, const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		wr_error_set(b->err, errno, _("%s: %s"), path, strerror(errno));
		return -1;
	}
	if (S_ISREG(st.st_mode))
		return 0;
	wr_error_set(b->err, EEXIST, _("%s: not a regular file: bcdedit /export writes a file"),
	             path);
	return -1;
}

static int sync_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), r;

	if (fd < 0)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

/* The hive as staged to a temporary name beside `path`, synced, then
 * renamed over it and the directory synced: `path` is the old file or the
 * whole new one. */
static int write_store(struct bcdedit *b, const char *path)
{
	size_t len = strlen(path) + sizeof(".winrescue-XXXXXX");
	char *tmp = malloc(len);
	int fd, r = -1;

	if (!tmp) {
		wr_error_set(b->err, ENOMEM, _("out of memory"));
		return -1;
	}
	snprintf(tmp, len, "%s.winrescue-XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		wr_error_set(b->err, errno, _("%s: %s"), path, strerror(errno));
		free(tmp);
		return -1;
	}
	close(fd);
	if (wr_hive_commit(wr_stage_hive(b->stage, b->hive), tmp, b->err) == 0) {
		if (sync_file(tmp) < 0 || rename(tmp, path) < 0 || wr_file_sync_dir(path) < 0)
			wr_error_set(b->err, errno, _("%s: %s"), path, strerror(errno));
		else
			r = 0;
	}
	if (r < 0)
		unlink(tmp);
	free(tmp);
	return r;
}

int bcdedit_export(struct bcdedit *b, const struct bcdedit_args *a)
{
	char *path = NULL;
	int r;

	if (wr_cmd_host_path(b->env, a->words[0], &path, b->err) < 0)
		return -1;
	r = check_target(b, path);
	if (r == 0 && wr_cmd_env_dry_run(b->env))
		wr_buf_printf_printable(b->out, _("(dry run) the store would be exported to %s\n"),
		                        path);
	else if (r == 0 && (r = write_store(b, path)) == 0)
		bcdedit_done(b);
	free(path);
	return r;
}

/* The elements of entry `from` of the file, on the store's entry (`now`
 * when it was there): each set as the file has it, the others deleted. */
static int import_elements(struct bcdedit *b, const struct wr_bcd_object *from,
                           const struct wr_bcd_object *now)
{
	int r = 0;

	for (size_t i = 0; r == 0 && i < from->n_elements; i++) {
		const struct wr_bcd_element *el = &from->elements[i];

		r = wr_txn_bcd_set(b->stage, b->hive, from->guid, el->id, el->reg_type, el->data,
		                   el->len, b->err);
	}
	for (size_t i = 0; r == 0 && now && i < now->n_elements; i++)
		if (!wr_bcd_object_element(from, now->elements[i].id))
			r = wr_txn_bcd_delete(b->stage, b->hive, now->guid, now->elements[i].id,
			                      b->err);
	return r;
}

/* The entry as the file has it: created, or its type and elements made
 * the file's. */
static int import_entry(struct bcdedit *b, const struct wr_bcd_object *from)
{
	const struct wr_bcd_object *now = wr_bcd_get(b->bcd, from->guid);
	uint8_t type[4];
	char key[96];

	if (!now && wr_txn_bcd_create(b->stage, b->hive, from->guid, from->type, b->err) < 0)
		return -1;
	if (now && now->type != from->type) {
		wr_put_le32(type, from->type);
		snprintf(key, sizeof(key), "Objects\\%s\\Description", from->guid);
		if (wr_txn_reg_set(b->stage, b->hive, key, "Type", WR_REG_DWORD, type, 4, b->err) <
		    0)
			return -1;
	}
	return import_elements(b, from, now);
}

static int import_store(struct bcdedit *b, const struct wr_bcd *file)
{
	char key[64];
	int r = 0;

	for (size_t i = 0; r == 0 && i < wr_bcd_count(b->bcd); i++) {
		const struct wr_bcd_object *obj = wr_bcd_object(b->bcd, i);

		if (wr_bcd_get(file, obj->guid))
			continue;
		snprintf(key, sizeof(key), "Objects\\%s", obj->guid);
		r = wr_txn_reg_delete_key(b->stage, b->hive, key, b->err);
	}
	for (size_t i = 0; r == 0 && i < wr_bcd_count(file); i++)
		r = import_entry(b, wr_bcd_object(file, i));
	return r;
}

int bcdedit_import(struct bcdedit *b, const struct bcdedit_args *a)
{
	struct wr_bcd *file = NULL;
	char *path = NULL;
	int r = wr_cmd_host_path(b->env, a->words[0], &path, b->err);

	if (r == 0 && !(file = wr_bcd_open(path, b->err)))
		r = -1;
	if (r == 0)
		r = import_store(b, file);
	wr_bcd_free(file);
	free(path);
	return r < 0 ? -1 : bcdedit_done(b);
}
