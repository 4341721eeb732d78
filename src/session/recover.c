/* SPDX-License-Identifier: GPL-3.0-or-later */
/* recover.c - settling writes that were interrupted: an intent record without its commit. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/sha256.h"
#include "base/text.h"
#include "internal.h"

/* Append one sentence to the hive's note, which both front ends show. */
static void add_note(struct session_hive *sh, const char *fmt, ...)
{
	size_t used = strlen(sh->note);
	va_list ap;

	if (used && used + 1 < sizeof(sh->note))
		sh->note[used++] = ' ';
	va_start(ap, fmt);
	wr_vsnprintf_printable(sh->note + used, sizeof(sh->note) - used, fmt, ap);
	va_end(ap);
}

/* An MBR write's: 1 the disk's first sector is the one it wrote, 0 the
 * one it replaced, -1 neither. */
static int which_mbr(struct wr_session *s, const struct session_hive *sh,
                     const struct wr_journal_record *r)
{
	uint8_t mbr[WR_MBR_SIZE];
	char now[65];

	if (wr_guest_read_mbr(s->g, wr__session_part_of(s, sh)->disk, mbr, NULL) < 0)
		return -1;
	wr_sha256_of(mbr, sizeof(mbr), now);
	return strcmp(now, r->sha256_after) == 0 ? 1 : strcmp(now, r->sha256_before) == 0 ? 0 : -1;
}

/* Which file is there now: 1 the new one, 0 the one it replaces, -1
 * neither (or unreadable).  No file at all is the "before" of a store a
 * rebuild made, or the "after" of the undo that removed it (SHA-256 ""). */
static int which_file(struct wr_session *s, const struct session_hive *sh,
                      const struct wr_journal_record *r)
{
	char now[65] = "", path[300];
	uint64_t size;
	int there;

	if (!sh->disk && (r->boot_file || r->mbr_before))
		return -1;
	if (r->mbr_before)
		return which_mbr(s, sh, r);
	snprintf(path, sizeof(path), "%s", r->boot_file ? r->boot_file : sh->path);
	for (char *c = path; *c; c++)
		*c = *c == '\\' ? '/' : *c;
	there = sh->disk ? wr_guest_stat(s->g, wr__session_part_of(s, sh), path, &size, NULL) : 0;
	if (there < 0 ||
	    (there == 0 &&
	     (sh->disk ? wr_guest_sha256(s->g, wr__session_part_of(s, sh), path, now, NULL)
	               : wr__session_sha(s, sh, now, NULL)) < 0))
		return -1;
	return strcmp(now, r->sha256_after) == 0 ? 1 : strcmp(now, r->sha256_before) == 0 ? 0 : -1;
}

static bool writable(const struct wr_session *s, const struct session_hive *sh)
{
	return !sh->disk || wr_guest_disk_writable(s->g, wr__session_part_of(s, sh)->disk);
}

/* How the record of `id` in `j` settled it: 1 the write happened, 0 it was
 * abandoned, -1 no record settles it there. */
static int outcome_in(const struct wr_journal *j, const char *id)
{
	for (size_t k = 0; k < j->n; k++)
		if (strcmp(j->records[k].id, id) == 0 &&
		    strcmp(j->records[k].action, "intent") != 0)
			return strcmp(j->records[k].action, "abandon") != 0;
	return -1;
}

static bool open_in(const struct wr_journal *j, const char *id)
{
	for (size_t k = 0; k < j->n; k++)
		if (wr_journal_open_intent(j, k) && strcmp(j->records[k].id, id) == 0)
			return true;
	return false;
}

static void say_settled(struct session_hive *sh, const struct wr_journal_record *r, int state)
{
	add_note(sh,
	         state ? _("%s: write %s of %s was interrupted after the new file was put in "
	                   "place: its journal record is now complete")
	               : _("%s: write %s of %s was interrupted before the file was replaced: "
	                   "the file is as it was, and the record is closed as abandoned"),
	         sh->label, r->id, r->time);
}

/* Settle intent `r` in the journal(s) `which`, as `state` says (-1: as the
 * file says); `say` it in the hive's note. */
static void settle(struct wr_session *s, struct session_hive *sh, const struct wr_journal_record *r,
                   unsigned which, int state, bool say)
{
	struct wr_journal_where w;
	struct wr_error err = {0};
	char *line;
	bool done;

	if (state < 0 && (state = which_file(s, sh, r)) < 0) {
		add_note(sh,
		         _("%s: write %s of %s was interrupted, and the file is neither the one it "
		           "replaced nor the new one: its journal record stays open"),
		         sh->label, r->id, r->time);
		return;
	}
	if (!writable(s, sh)) {
		add_note(sh,
		         state
		             ? _("%s: write %s of %s was interrupted after the new file was put "
		                 "in place; open the disk writable to complete its journal record")
		             : _("%s: write %s of %s was interrupted before the file was "
		                 "replaced; open the disk writable to close its journal record"),
		         sh->label, r->id, r->time);
		return;
	}
	wr__session_where_of(s, sh, &w);
	w.boot_file = r->boot_file;
	w.mbr_before = r->mbr_before;
	line = wr_journal_settle_line(r, state == 1, &w);
	if (!line)
		wr_error_set(&err, ENOMEM, _("out of memory"));
	done = line && wr__session_journal(s, sh, which, line, &err) == 0;
	if (!done)
		add_note(
		    sh,
		    _("%s: write %s of %s was interrupted, and its journal record could not be "
		      "completed: %s"),
		    sh->label, r->id, r->time, err.msg);
	else if (say)
		say_settled(sh, r, state);
	free(line);
}

/* Both journals hold every intent and its record; a crash between the two
 * appends leaves one of them open.  The one beside the hive is settled
 * from the file; the host's (which names many disks' \Boot\BCD alike) from
 * what the one beside the hive says, or, for a file here, from the file. */
static void settle_journals(struct wr_session *s, size_t i, const struct wr_journal *beside,
                            const struct wr_journal *host)
{
	struct session_hive *sh = &s->hives[i];

	for (size_t k = 0; k < beside->n; k++)
		if (wr_journal_open_intent(beside, k))
			settle(s, sh, &beside->records[k], WR_JOURNAL_BESIDE, -1, true);
	for (size_t k = 0; k < host->n; k++) {
		const struct wr_journal_record *r = &host->records[k];
		int known = outcome_in(beside, r->id);

		if (!wr_journal_open_intent(host, k) || (known < 0 && sh->disk))
			continue;
		/* When the one beside the hive knows, it said so already. */
		settle(s, sh, r, WR_JOURNAL_HOST, known, known < 0 && !open_in(beside, r->id));
	}
}

/* The new file a crash left beside the hive: ours (only winrescue makes
 * that name, under the lock held now), never the only copy. */
static void remove_leftover(struct wr_session *s, const struct session_hive *sh)
{
	char tmp[PATH_MAX + 32];
	uint64_t size;

	if (snprintf(tmp, sizeof(tmp), "%s.winrescue-new", wr__session_path(s, sh)) >=
	        (int)sizeof(tmp) ||
	    !writable(s, sh))
		return;
	if (!sh->disk)
		unlink(tmp);
	else if (wr_guest_stat(s->g, wr__session_part_of(s, sh), tmp, &size, NULL) == 0)
		wr_guest_remove(s->g, wr__session_part_of(s, sh), tmp, NULL);
}

void wr__session_recover(struct wr_session *s, size_t i)
{
	struct session_hive *sh = &s->hives[i];
	struct wr_error err = {0};
	struct wr_journal beside, host = {0};
	char path[PATH_MAX + 32];

	if (wr__session_lock(s, sh, &err) < 0) {
		add_note(sh, "%s", err.msg);
		return;
	}
	remove_leftover(s, sh);
	wr__session_host_journal(s, path, sizeof(path));
	if (wr_session_journal(s, i, &beside, &err) == 0) {
		if (wr_journal_read(path, sh->disk ? sh->store : sh->file, &host, &err) == 0)
			settle_journals(s, i, &beside, &host);
		wr_journal_free(&host);
		wr_journal_free(&beside);
	}
	wr__session_unlock(s, sh);
}

/* Interrupted writes to found file `i`: one line each to `out`. */
static size_t interrupted_on(struct wr_session *s, struct wr_guest *g,
                             const struct wr_inventory *inv, size_t i, struct wr_buf *out)
{
	const struct wr_found *f = &inv->found[i];
	const struct wr_part *p = &inv->parts[f->part];
	const char *slash = strrchr(f->path, '/');
	char beside[PATH_MAX], local[PATH_MAX], store[300], now[65];
	struct wr_journal j;
	size_t n = 0;

	snprintf(beside, sizeof(beside), "%.*s/%s", slash ? (int)(slash - f->path) : 0, f->path,
	         WR_JOURNAL_NAME);
	wr__session_temp_name(s, local, sizeof(local), "journal");
	wr_windows_path(f->path, store, sizeof(store));
	if (wr_guest_fetch(g, p, beside, local, NULL) != 0 ||
	    wr_journal_read(local, store, &j, NULL) < 0)
		return 0;
	for (size_t k = 0; k < j.n; k++) {
		const struct wr_journal_record *r = &j.records[k];
		bool in_place;

		if (!wr_journal_open_intent(&j, k))
			continue;
		/* A boot file's or the first sector's: the store says nothing. */
		in_place = !r->boot_file && !r->mbr_before &&
		           wr_guest_sha256(g, p, f->path, now, NULL) == 0 &&
		           strcmp(now, r->sha256_after) == 0;
		wr_buf_printf_printable(
		    out,
		    in_place ? _("%s %s: write %s of %s was interrupted after the new "
		                 "file was put in place; a writable session (repair, "
		                 "undo) completes its journal record\n")
		             : _("%s %s: write %s of %s was interrupted; a writable "
		                 "session (repair, undo) settles its journal record\n"),
		    p->name, store, r->id, r->time);
		n++;
	}
	wr_journal_free(&j);
	return n;
}

size_t wr_session_interrupted_writes(struct wr_session *s, struct wr_guest *g,
                                     const struct wr_inventory *inv, struct wr_buf *out)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->n_found; i++)
		if ((inv->found[i].kind == WR_FOUND_BCD || inv->found[i].kind == WR_FOUND_SYSTEM) &&
		    inv->found[i].valid)
			n += interrupted_on(s, g, inv, i, out);
	return n;
}
