/* SPDX-License-Identifier: GPL-3.0-or-later */
/* replay.c - applying HvLE entries or DIRT pages from transaction logs to a dirty hive. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/le.h"
#include "marvin32.h"
#include "regf.h"

/* A log starts with a copy of the base block's first 512 bytes (bcd-format.md §7.5). */
#define LOG_HEAD  WR_REGF_HEAD_SIZE
#define OLD_PAGE  512u        /* DIRT logs track 512-byte pages */
#define HBINS_MAX 0x7fffe000u /* cell offsets are 32-bit: no hive is larger */

/* A new-format log entry: "HvLE", then these fields; page references
 * { offset, size } follow its header, then the pages. */
#define ENTRY_SIZE  4u
#define ENTRY_FLAGS 8u /* the base block's flag bit 0 */
#define ENTRY_SEQ   12u
#define ENTRY_HBINS 16u /* the hive bins size after this entry */
#define ENTRY_PAGES 20u /* how many pages */
#define ENTRY_HASH1 24u /* Marvin32 of the bytes after the header */
#define ENTRY_HASH2 32u /* Marvin32 of the 32 bytes before it */
#define ENTRY_HEAD  40u
#define PAGE_REF    8u /* { offset relative to 0x1000, size } */

/* a comes before b in sequence-number arithmetic (32-bit wrap-around). */
static bool seq_before(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

static void why(struct wr_log_report *rep, enum wr_log_state state, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void why(struct wr_log_report *rep, enum wr_log_state state, const char *fmt, ...)
{
	va_list ap;

	rep->state = state;
	va_start(ap, fmt);
	vsnprintf(rep->why, sizeof(rep->why), fmt, ap);
	va_end(ap);
}

/* Whether `in` starts with a valid base-block copy of a log. */
static bool log_usable(const struct wr_log_in *in, struct wr_regf_header *hdr,
                       struct wr_log_report *rep)
{
	struct wr_error err = {0};

	if (in->len < LOG_HEAD) {
		why(rep, WR_LOG_UNUSABLE, "%s",
		    in->len ? _("shorter than a base block") : _("empty"));
		return false;
	}
	if (wr_regf_parse(in->data, in->len, hdr, &err) < 0) {
		why(rep, WR_LOG_UNUSABLE, "%s", err.msg);
		return false;
	}
	if (!hdr->checksum_ok)
		why(rep, WR_LOG_UNUSABLE, "%s", _("its base-block copy has a wrong checksum"));
	else if (hdr->file_type != WR_REGF_LOG_NEW && hdr->file_type != WR_REGF_LOG_OLD &&
	         hdr->file_type != 2 /* Windows 2000 */)
		why(rep, WR_LOG_UNUSABLE, _("file type %u is not a log"), hdr->file_type);
	else if (hdr->dirty)
		why(rep, WR_LOG_UNUSABLE, "%s", _("its sequence numbers differ"));
	else {
		rep->format = hdr->file_type == WR_REGF_LOG_NEW ? WR_REGF_LOG_NEW : WR_REGF_LOG_OLD;
		rep->seq = hdr->seq1;
		rep->state = WR_LOG_UNUSED;
		return true;
	}
	return false;
}

/* Make the image at least 0x1000 + hbins bytes, the new bytes zero. */
static int grow(uint8_t **img, size_t *len, uint32_t hbins, struct wr_error *err)
{
	size_t want = (size_t)WR_REGF_BASE_SIZE + hbins;
	uint8_t *p;

	if (!img || want <= *len)
		return 0;
	if (!(p = realloc(*img, want))) {
		wr_error_set(err, ENOMEM, "%s", _("out of memory"));
		return -1;
	}
	memset(p + *len, 0, want - *len);
	*img = p;
	*len = want;
	return 0;
}

/* Both sequence numbers `seq`, a primary again, checksum right. */
static void finish(uint8_t *img, uint32_t seq)
{
	wr_put_le32(img + WR_REGF_SEQ1, seq);
	wr_put_le32(img + WR_REGF_SEQ2, seq);
	wr_put_le32(img + WR_REGF_FILE_TYPE, WR_REGF_PRIMARY);
	wr_put_le32(img + WR_REGF_CSUM_OFFSET, wr_regf_checksum(img));
}

/* ---- New format: HvLE entries ---- */

enum entry_check { ENTRY_OK, ENTRY_END, ENTRY_BAD };

/* Check the entry at `e` (`room` bytes to the end of the log) that should
 * carry sequence number `seq`.  A missing signature or another sequence
 * number is where the log's current entries end (older ones may follow);
 * anything else wrong is a bad entry, described in `rep`. */
static enum entry_check check_entry(const uint8_t *e, size_t room, uint32_t seq,
                                    struct wr_log_report *rep)
{
	uint32_t size, hbins, n;
	uint64_t sum = 0;

	if (room < ENTRY_HEAD || memcmp(e, "HvLE", 4) != 0 || wr_le32(e + ENTRY_SEQ) != seq)
		return ENTRY_END;
	size = wr_le32(e + ENTRY_SIZE);
	hbins = wr_le32(e + ENTRY_HBINS);
	n = wr_le32(e + ENTRY_PAGES);
	if (size < LOG_HEAD || size % LOG_HEAD || size > room)
		snprintf(rep->why, sizeof(rep->why), _("entry %u: size %u is wrong"), seq, size);
	else if (hbins == 0 || hbins % WR_HBIN_ALIGN || hbins > HBINS_MAX)
		snprintf(rep->why, sizeof(rep->why), _("entry %u: hive bins size %u is wrong"), seq,
		         hbins);
	else if (n == 0 || n > (size - ENTRY_HEAD) / PAGE_REF)
		snprintf(rep->why, sizeof(rep->why), _("entry %u: %u dirty pages"), seq, n);
	else if (wr_marvin32(WR_MARVIN32_LOG_SEED, e + ENTRY_HEAD, size - ENTRY_HEAD) !=
	             wr_le64(e + ENTRY_HASH1) ||
	         wr_marvin32(WR_MARVIN32_LOG_SEED, e, ENTRY_HASH2) != wr_le64(e + ENTRY_HASH2))
		snprintf(rep->why, sizeof(rep->why), _("entry %u: its hash does not match"), seq);
	else {
		for (uint32_t i = 0; i < n; i++) {
			const uint8_t *ref = e + ENTRY_HEAD + PAGE_REF * i;
			uint32_t off = wr_le32(ref), len = wr_le32(ref + 4);

			if (off > hbins || len > hbins - off) {
				snprintf(rep->why, sizeof(rep->why),
				         _("entry %u: page %u does not fit the hive"), seq, i);
				return ENTRY_BAD;
			}
			sum += len;
		}
		if (ENTRY_HEAD + (uint64_t)PAGE_REF * n + sum <= size)
			return ENTRY_OK;
		snprintf(rep->why, sizeof(rep->why), _("entry %u: its pages overrun it"), seq);
	}
	return ENTRY_BAD;
}

/* Copy a checked entry's pages into the image (none: count them). */
static int apply_entry(uint8_t **img, size_t *len, const uint8_t *e, struct wr_log_report *rep,
                       struct wr_error *err)
{
	uint32_t hbins = wr_le32(e + ENTRY_HBINS), n = wr_le32(e + ENTRY_PAGES), flags;
	const uint8_t *data = e + ENTRY_HEAD + PAGE_REF * n;

	rep->pages += n;
	if (!img)
		return 0;
	if (grow(img, len, hbins, err) < 0)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *ref = e + ENTRY_HEAD + PAGE_REF * i;
		uint32_t off = wr_le32(ref), size = wr_le32(ref + 4);

		memcpy(*img + WR_REGF_BASE_SIZE + off, data, size);
		data += size;
	}
	wr_put_le32(*img + WR_REGF_HBINS_SIZE, hbins);
	flags = (wr_le32(*img + WR_REGF_FLAGS) & ~1u) | (wr_le32(e + ENTRY_FLAGS) & 1u);
	wr_put_le32(*img + WR_REGF_FLAGS, flags);
	return 0;
}

/* Apply the entries of one log from its base-block sequence number on,
 * no more than `max` of them. */
static int walk_log(uint8_t **img, size_t *len, const struct wr_log_in *in,
                    struct wr_log_report *rep, struct wr_replay *out, size_t max,
                    struct wr_error *err)
{
	uint32_t seq = rep->seq;

	for (size_t off = LOG_HEAD; off < in->len && rep->entries < max;) {
		const uint8_t *e = in->data + off;
		enum entry_check c = check_entry(e, in->len - off, seq, rep);

		if (c == ENTRY_BAD && rep->entries == 0)
			rep->state = WR_LOG_UNUSABLE; /* its first entry is already bad */
		if (c != ENTRY_OK)
			break;
		if (apply_entry(img, len, e, rep, err) < 0)
			return -1;
		if (rep->entries++ == 0)
			rep->first = seq;
		rep->last = seq;
		rep->last_at = off;
		rep->state = WR_LOG_APPLIED;
		out->applied = true;
		out->seq = seq++;
		off += wr_le32(e + ENTRY_SIZE);
	}
	return 0;
}

/* Usable new-format logs in the order Windows reads them: lowest base-block
 * sequence number first.  Returns how many. */
static size_t chain_order(const struct wr_replay *out, size_t order[WR_REPLAY_MAX_LOGS])
{
	size_t k = 0, j;

	for (size_t i = 0; i < out->n_logs; i++) {
		if (out->logs[i].format != WR_REGF_LOG_NEW || out->logs[i].state != WR_LOG_UNUSED)
			continue;
		for (j = k++; j > 0 && seq_before(out->logs[i].seq, out->logs[order[j - 1]].seq);
		     j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	return k;
}

static int replay_new(uint8_t **img, size_t *len, const struct wr_log_in *logs,
                      const struct wr_regf_header *primary, struct wr_replay *out, size_t *budget,
                      struct wr_error *err)
{
	size_t order[WR_REPLAY_MAX_LOGS], k;

	for (size_t i = 0; primary->checksum_ok && i < out->n_logs; i++) {
		struct wr_log_report *rep = &out->logs[i];

		if (rep->state == WR_LOG_UNUSED && seq_before(rep->seq, primary->seq2))
			why(rep, WR_LOG_STALE, _("older than the hive (sequence %u, the hive %u)"),
			    rep->seq, primary->seq2);
	}
	k = chain_order(out, order);
	if (k > 0 && !primary->checksum_ok) {
		/* The base block cannot be trusted: only the newest log, with its own copy. */
		for (size_t i = 0; i + 1 < k; i++)
			why(&out->logs[order[i]], WR_LOG_UNUSED, "%s",
			    _("the hive's base block is damaged: only the newest log is used"));
		order[0] = order[k - 1];
		k = 1;
		if (img)
			memcpy(*img, logs[order[0]].data, LOG_HEAD);
	}
	for (size_t i = 0; i < k; i++) {
		struct wr_log_report *rep = &out->logs[order[i]];

		if (i > 0 && (!out->applied || rep->seq != out->seq + 1)) {
			why(rep, WR_LOG_UNUSED,
			    _("its sequence %u does not continue the last entry"), rep->seq);
			continue;
		}
		if (walk_log(img, len, &logs[order[i]], rep, out, *budget, err) < 0)
			return -1;
		*budget -= rep->entries;
		if (rep->state != WR_LOG_APPLIED && !rep->why[0])
			why(rep, WR_LOG_STALE, _("no entry with sequence %u"), rep->seq);
	}
	return 0;
}

/* A write numbered seq1 had started on the primary: everything logged
 * before seq1 - 1 was in the hive already, and some of its pages may be
 * newer than the entries that led there.  Entries that end short of
 * seq1 - 1 would put older pages over newer ones and leave a mix of both
 * (a hive whose seq2 alone was changed looks like this), so none is
 * applied: the hive stays dirty with nothing to recover it. */
static void refuse_short_chain(struct wr_replay *out, const struct wr_regf_header *primary)
{
	if (!out->applied || !primary->checksum_ok || !seq_before(out->seq + 1, primary->seq1))
		return;
	for (size_t i = 0; i < out->n_logs; i++) {
		struct wr_log_report *rep = &out->logs[i];

		if (rep->state != WR_LOG_APPLIED)
			continue;
		if (rep->first == rep->last)
			why(rep, WR_LOG_STALE,
			    _("entry %u ends before the write the hive had started (sequence %u): "
			      "it is older than the hive"),
			    rep->first, primary->seq1);
		else
			why(rep, WR_LOG_STALE,
			    _("entries %u-%u end before the write the hive had started (sequence "
			      "%u): they are older than the hive"),
			    rep->first, rep->last, primary->seq1);
		rep->entries = rep->pages = 0;
	}
	out->applied = false;
	out->seq = primary->seq1;
}

/* ---- Old format: a DIRT bitmap of 512-byte pages ---- */

/* Where the dirty pages of old-format log `in` (header `h`) start, in *at,
 * and how many there are; -1 with `rep` saying why when the log is not
 * whole: a cut log is not used at all. */
static long old_pages(const struct wr_log_in *in, const struct wr_regf_header *h,
                      struct wr_log_report *rep, size_t *at)
{
	size_t bitmap, count = 0;

	if (in->len < LOG_HEAD + 4 || memcmp(in->data + LOG_HEAD, "DIRT", 4) != 0) {
		why(rep, WR_LOG_UNUSABLE, "%s", _("no DIRT signature after the base block"));
		return -1;
	}
	if (h->hbins_size == 0 || h->hbins_size % WR_HBIN_ALIGN || h->hbins_size > HBINS_MAX) {
		why(rep, WR_LOG_UNUSABLE, _("hive bins size %u is wrong"), h->hbins_size);
		return -1;
	}
	bitmap = h->hbins_size / OLD_PAGE / 8;
	if (LOG_HEAD + 4 + bitmap > in->len) {
		why(rep, WR_LOG_UNUSABLE, "%s", _("cut short in its dirty-page bitmap"));
		return -1;
	}
	for (size_t i = 0; i < bitmap; i++)
		count += (size_t)__builtin_popcount(in->data[LOG_HEAD + 4 + i]);
	*at = (LOG_HEAD + 4 + bitmap + OLD_PAGE - 1) / OLD_PAGE * OLD_PAGE;
	if (*at > in->len || count > (in->len - *at) / OLD_PAGE) {
		why(rep, WR_LOG_UNUSABLE, _("cut short: %zu dirty pages, room for %zu"), count,
		    *at > in->len ? 0 : (in->len - *at) / OLD_PAGE);
		return -1;
	}
	return (long)count;
}

/* The usable old-format log Windows 8 and later pick: written last, and
 * not before the hive (when the hive's base block can say). */
static int newest_old(struct wr_replay *out, const struct wr_regf_header *hdrs,
                      const struct wr_regf_header *primary)
{
	int best = -1;

	for (size_t i = 0; i < out->n_logs; i++) {
		struct wr_log_report *rep = &out->logs[i];

		if (rep->format != WR_REGF_LOG_OLD || rep->state != WR_LOG_UNUSED)
			continue;
		if (primary->checksum_ok && hdrs[i].timestamp < primary->timestamp)
			why(rep, WR_LOG_STALE, "%s", _("written before the hive"));
		else if (best < 0 || hdrs[i].timestamp > hdrs[best].timestamp)
			best = (int)i;
	}
	for (size_t i = 0; best >= 0 && i < out->n_logs; i++)
		if (i != (size_t)best && out->logs[i].format == WR_REGF_LOG_OLD &&
		    out->logs[i].state == WR_LOG_UNUSED)
			why(&out->logs[i], WR_LOG_UNUSED, "%s", _("another log was written later"));
	return best;
}

static int replay_old(uint8_t **img, size_t *len, const struct wr_log_in *logs,
                      const struct wr_regf_header *hdrs, const struct wr_regf_header *primary,
                      struct wr_replay *out, size_t budget, struct wr_error *err)
{
	int best = newest_old(out, hdrs, primary);
	const uint8_t *bitmap, *page;
	struct wr_log_report *rep;
	size_t at;

	if (best < 0 || budget == 0)
		return 0;
	rep = &out->logs[best];
	if (old_pages(&logs[best], &hdrs[best], rep, &at) < 0)
		return 0;
	if (grow(img, len, hdrs[best].hbins_size, err) < 0)
		return -1;
	bitmap = logs[best].data + LOG_HEAD + 4;
	page = logs[best].data + at;
	for (size_t i = 0; i < hdrs[best].hbins_size / OLD_PAGE; i++)
		if (bitmap[i / 8] & (1u << (i % 8))) {
			if (img)
				memcpy(*img + WR_REGF_BASE_SIZE + i * OLD_PAGE, page, OLD_PAGE);
			page += OLD_PAGE;
			rep->pages++;
		}
	/* The log's copy is the base block as the interrupted write left it. */
	if (img)
		memcpy(*img, logs[best].data, LOG_HEAD);
	rep->state = WR_LOG_APPLIED;
	out->applied = true;
	out->seq = hdrs[best].seq1;
	return 0;
}

/* ---- A clean primary ---- */

/* Whether usable log `in` holds what the clean primary `primary` lacks:
 * HvLE entries from its sequence number on that reach the primary's, or
 * DIRT pages written after it.  Windows ignores them all the same. */
static void note_newer(const struct wr_log_in *in, const struct wr_regf_header *primary,
                       struct wr_log_report *rep)
{
	struct wr_log_report scratch = {0};
	uint32_t seq = rep->seq;

	for (size_t off = LOG_HEAD; rep->format == WR_REGF_LOG_NEW && off < in->len;) {
		if (check_entry(in->data + off, in->len - off, seq, &scratch) != ENTRY_OK)
			break;
		if (rep->entries++ == 0)
			rep->first = seq;
		rep->last = seq++;
		off += wr_le32(in->data + off + ENTRY_SIZE);
	}
	if (rep->format == WR_REGF_LOG_NEW)
		rep->newer = rep->entries > 0 && !seq_before(rep->last, primary->seq1);
	else
		rep->newer = seq_before(primary->seq1, rep->seq);
	if (rep->newer && rep->format == WR_REGF_LOG_NEW)
		why(rep, WR_LOG_STALE,
		    _("entries %u-%u are newer than the hive, but the hive is clean: Windows "
		      "ignores them"),
		    rep->first, rep->last);
	else if (rep->newer)
		why(rep, WR_LOG_STALE, "%s",
		    _("written after the hive, but the hive is clean: Windows ignores it"));
	else
		why(rep, WR_LOG_STALE, "%s", _("the hive is clean: Windows ignores its logs"));
}

/* ---- Both ---- */

/* Replay into *img (NULL: only say what replay would do) the primary
 * whose first `head_len` bytes are at `head`, applying no more than
 * `limit` entries (SIZE_MAX: all there are, and only when they reach the
 * primary's own write). */
static int replay(const uint8_t *head, size_t head_len, uint8_t **img, size_t *len,
                  const struct wr_log_in *logs, size_t n, size_t limit, struct wr_replay *out,
                  struct wr_error *err)
{
	struct wr_regf_header primary, hdrs[WR_REPLAY_MAX_LOGS];
	bool any_new = false, any_old = false, whole = limit == SIZE_MAX;
	int r;

	memset(out, 0, sizeof(*out));
	if (head_len < WR_REGF_BASE_SIZE) {
		wr_error_set(err, EINVAL, _("%zu bytes is shorter than a hive's base block"),
		             head_len);
		return -1;
	}
	if (wr_regf_parse(head, head_len, &primary, err) < 0)
		return -1;
	out->before = primary;
	out->dirty = primary.dirty || !primary.checksum_ok;
	out->seq = primary.seq1;
	out->n_logs = n < WR_REPLAY_MAX_LOGS ? n : WR_REPLAY_MAX_LOGS;
	for (size_t i = 0; i < out->n_logs; i++) {
		struct wr_log_report *rep = &out->logs[i];

		snprintf(rep->name, sizeof(rep->name), "%s", logs[i].name);
		if (!log_usable(&logs[i], &hdrs[i], rep))
			continue;
		any_new |= rep->format == WR_REGF_LOG_NEW;
		any_old |= rep->format == WR_REGF_LOG_OLD;
		if (!out->dirty)
			note_newer(&logs[i], &primary, rep);
		out->logs_newer |= rep->newer;
	}
	if (!out->dirty)
		return 0;
	if (any_new)
		r = replay_new(img, len, logs, &primary, out, &limit, err);
	else if (any_old)
		r = replay_old(img, len, logs, hdrs, &primary, out, limit, err);
	else
		r = 0;
	if (r == 0 && any_new && whole)
		refuse_short_chain(out, &primary);
	if (r == 0 && out->applied && img)
		finish(*img, out->seq);
	return r;
}

int wr_hive_replay(uint8_t **img, size_t *len, const struct wr_log_in *logs, size_t n,
                   struct wr_replay *out, struct wr_error *err)
{
	/* What it would do first: a chain found short is not applied at all. */
	int r = replay(*img, *len, NULL, NULL, logs, n, SIZE_MAX, out, err);

	if (r < 0 || !out->applied)
		return r;
	return replay(*img, *len, img, len, logs, n, SIZE_MAX, out, err);
}

int wr_hive_replay_upto(uint8_t **img, size_t *len, const struct wr_log_in *logs, size_t n,
                        size_t limit, struct wr_replay *out, struct wr_error *err)
{
	return replay(*img, *len, img, len, logs, n, limit, out, err);
}

int wr_hive_logs_examine(const uint8_t *head, size_t len, const struct wr_log_in *logs, size_t n,
                         struct wr_replay *out, struct wr_error *err)
{
	return replay(head, len, NULL, NULL, logs, n, SIZE_MAX, out, err);
}
