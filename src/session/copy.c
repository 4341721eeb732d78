/* SPDX-License-Identifier: GPL-3.0-or-later */
/* copy.c - writing the files a transaction copies beside a store (repair rebuild's boot files),
 * each as safely as a hive, journalled beside the store. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/sha256.h"
#include "base/text.h"
#include "internal.h"

#define ROOM_MARGIN ((uint64_t)1 << 20) /* the journal lines, filesystem metadata */

struct copy_write {
	struct wr_session *s;
	const struct session_hive *sh; /* the store it goes with: its journals */
	const struct wr_txn *t;
	const struct wr_file_copy *c;
	const char *id, *group;
	char shown[300];                   /* c->path, Windows form */
	char mbr_hex[2 * WR_MBR_SIZE + 1]; /* WR_COPY_ACTIVE: the sector before */
};

static void where_of(const struct copy_write *cw, struct wr_journal_where *w)
{
	wr__session_where_of(cw->s, cw->sh, w);
	if (cw->c->kind == WR_COPY_ACTIVE)
		w->mbr_before = cw->mbr_hex;
	else
		w->boot_file = cw->shown;
}

static int record_intent(void *opaque, const struct wr_write_report *rep, const char *new_file,
                         struct wr_error *err)
{
	struct copy_write *cw = opaque;
	struct wr_journal_where w;

	(void)new_file; /* on a disk: covered by the disk's lock */
	where_of(cw, &w);
	return wr__session_record_intent(
	    cw->s, cw->sh, wr_journal_copy_line(cw->id, true, cw->group, cw->t, cw->c, &w, rep),
	    err);
}

/* The source's bytes as they were staged, in the local file `local`. */
static int fetch_source(struct wr_session *s, const struct wr_file_copy *c, char *local, size_t len,
                        struct wr_error *err)
{
	char sha[65];
	int r;

	wr__session_temp_name(s, local, len, "copy");
	r = wr_guest_fetch(s->g, &s->inv->parts[c->from_part], c->from, local, err);
	if (r == 1)
		wr_error_set(err, ENOENT,
		             _("%s is gone since the repair was staged; nothing copied"),
		             c->shown_from);
	if (r != 0)
		return -1;
	if (wr_sha256_file(local, sha) < 0 || strcmp(sha, c->sha256) != 0) {
		wr_error_set(err, EBUSY,
		             _("%s changed since the repair was staged; nothing copied (run the "
		               "repair again)"),
		             c->shown_from);
		return -1;
	}
	return 0;
}

/* 0 when the target is as staged (missing, or the file with c->before), 1
 * when it already holds the new bytes (an earlier commit stopped after it). */
static int target_as_staged(struct wr_session *s, const struct wr_file_copy *c,
                            struct wr_error *err)
{
	const struct wr_part *part = &s->inv->parts[c->part];
	char now[65] = "";
	uint64_t size;
	int r = wr_guest_stat(s->g, part, c->path, &size, err);

	if (r < 0 || (r == 0 && wr_guest_sha256(s->g, part, c->path, now, err) < 0))
		return -1;
	if (strcmp(now, c->sha256) == 0)
		return 1;
	if (strcmp(now, c->before) == 0)
		return 0;
	wr_error_set(err, EBUSY,
	             _("%s changed since the repair was staged; nothing copied (run the repair "
	               "again)"),
	             c->shown_path);
	return -1;
}

static int room_for(struct wr_session *s, const struct wr_file_copy *c, struct wr_error *err)
{
	uint64_t room, need = 2 * c->size + ROOM_MARGIN; /* the backup and the new file */
	char have[32], want[32];
	int r = wr_safe_write_room(s->g, &s->inv->parts[c->part], need, &room, err);

	if (r <= 0)
		return r;
	wr_format_size(room, have, sizeof(have));
	wr_format_size(need, want, sizeof(want));
	wr_error_set(err, ENOSPC,
	             _("%s free, and copying needs %s (the backup and the new file); nothing was "
	               "copied"),
	             have, want);
	return -1;
}

/* The commit record, and what the user is told. */
static int finish(struct copy_write *cw, const struct wr_write_report *rep, struct wr_buf *done,
                  struct wr_error *err)
{
	struct wr_journal_where w;
	char *line;
	int r;

	where_of(cw, &w);
	line = wr_journal_copy_line(cw->id, false, cw->group, cw->t, cw->c, &w, rep);
	if (!line)
		wr_error_set(err, ENOMEM, _("out of memory"));
	r = line ? wr__session_journal(cw->s, cw->sh, WR_JOURNAL_BOTH, line, err) : -1;
	free(line);
	if (r < 0)
		return -1;
	if (cw->c->kind == WR_COPY_ACTIVE)
		wr_buf_printf_printable(done,
		                        _("%s: made the active partition and checked (the first "
		                          "sector: sha256 %.16s... -> %.16s..., the old one in the "
		                          "journal)\n"),
		                        cw->c->shown_path, rep->sha256_before, rep->sha256_after);
	else if (rep->created)
		wr_buf_printf_printable(done,
		                        _("%s: copied from %s and checked (sha256 %.16s...)\n"),
		                        cw->c->shown_path, cw->c->shown_from, rep->sha256_after);
	else
		wr_buf_printf_printable(done,
		                        _("%s: replaced by %s and checked (sha256 %.16s... -> "
		                          "%.16s...); backup %s, and %s\n"),
		                        cw->c->shown_path, cw->c->shown_from, rep->sha256_before,
		                        rep->sha256_after, rep->disk_backup, rep->host_backup);
	return 0;
}

/* Write copy `c`: 0 done (or already there), -1 not (err says why).  A
 * copy that failed after its rename is in place, and is journalled. */
static int write_copy(struct copy_write *cw, struct wr_buf *done, struct wr_error *err)
{
	struct wr_session *s = cw->s;
	const struct wr_file_copy *c = cw->c;
	const struct wr_part *part = &s->inv->parts[c->part];
	struct wr_write_intent intent = {.record = record_intent, .opaque = cw};
	struct wr_write_report rep;
	struct wr_error late = {0};
	char local[PATH_MAX], id[64], now[65];
	int r;

	if (fetch_source(s, c, local, sizeof(local), err) < 0 ||
	    (r = target_as_staged(s, c, err)) < 0)
		return -1;
	if (r == 1)
		return 0;
	if (room_for(s, c, err) < 0)
		return -1;
	wr_journal_new_id(id, sizeof(id));
	cw->id = id;
	r = c->before[0]
	        ? wr_safe_write_at(s->g, part, c->path, local, WR_WRITE_RAW | WR_WRITE_REPLACE,
	                           &intent, &s->cfg, &rep, err)
	        : wr_safe_write_create(s->g, part, c->path, local, WR_WRITE_RAW, &intent, &s->cfg,
	                               &rep, err);
	if (r == 0)
		return finish(cw, &rep, done, err);
	/* After the rename (a sync failed): a commit, journalled. */
	if (wr_guest_sha256(s->g, part, c->path, now, NULL) == 0 &&
	    strcmp(now, rep.sha256_after) == 0)
		finish(cw, &rep, done, &late);
	return -1;
}

/* The store's disk's first sector with c->part active: the sector as
 * staged (c->before), the journal's intent with it, the write, read back;
 * the inventory's flags then say what the disk holds. */
static int write_active(struct copy_write *cw, struct wr_buf *done, struct wr_error *err)
{
	struct wr_session *s = cw->s;
	const struct wr_file_copy *c = cw->c;
	size_t disk = s->inv->parts[c->part].disk;
	struct wr_write_report rep = {0};
	uint8_t mbr[WR_MBR_SIZE], want[WR_MBR_SIZE];
	char sha[65], id[64];

	if (wr_guest_read_mbr(s->g, disk, mbr, err) < 0)
		return -1;
	wr_sha256_of(mbr, sizeof(mbr), sha);
	if (strcmp(sha, c->sha256) == 0)
		return 0;
	if (strcmp(sha, c->before) != 0 || wr_mbr_set_active(mbr, c->number, want) < 0) {
		wr_error_set(err, EBUSY,
		             _("%s: its first sector changed since the repair was staged; nothing "
		               "written (run the repair again)"),
		             c->shown_from);
		return -1;
	}
	for (size_t i = 0; i < WR_MBR_SIZE; i++)
		snprintf(cw->mbr_hex + 2 * i, 3, "%02x", mbr[i]);
	snprintf(rep.sha256_before, sizeof(rep.sha256_before), "%s", sha);
	snprintf(rep.sha256_after, sizeof(rep.sha256_after), "%s", c->sha256);
	wr_journal_new_id(id, sizeof(id));
	cw->id = id;
	if (record_intent(cw, &rep, NULL, err) < 0 || wr_guest_write_mbr(s->g, disk, want, err) < 0)
		return -1;
	wr_inventory_note_mbr(s->inv, disk, want);
	if (finish(cw, &rep, done, err) < 0)
		return -1;
	return 0;
}

int wr__session_write_copies(struct wr_session *s, const struct session_hive *sh, const char *id,
                             struct wr_buf *done, struct wr_error *err)
{
	for (size_t t = 0; t < wr_stage_count(s->stage); t++) {
		const struct wr_txn *txn = wr_stage_txn(s->stage, t);

		for (size_t k = 0; k < txn->n_copies; k++) {
			struct copy_write cw = {
			    .s = s, .sh = sh, .t = txn, .c = &txn->copies[k], .group = id};

			if (txn->copies[k].hive != sh->stage_index)
				continue;
			wr_windows_path(txn->copies[k].path, cw.shown, sizeof(cw.shown));
			if ((txn->copies[k].kind == WR_COPY_ACTIVE
			         ? write_active(&cw, done, err)
			         : write_copy(&cw, done, err)) < 0) {
				wr_error_prefix(err, "%s", txn->copies[k].shown_path);
				return -1;
			}
		}
	}
	return 0;
}
