/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-replay.c - log replay against Windows' own recovery of the same hives, and damaged logs. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/conf.h"
#include "base/file.h"
#include "base/le.h"
#include "base/sha256.h"
#include "hive/hive.h"
#include "regf/marvin32.h"
#include "repair/repair.h"
#include "safe-write/safe-write.h"
#include "session/session.h"
#include "stores.h"
#include "tap.h"

struct set {
	uint8_t *hive;
	size_t len;
	struct wr_log_in logs[WR_REPLAY_MAX_LOGS];
	size_t n;
};

static uint8_t *load(const char *name, size_t *len)
{
	const char *path = tap_fixture(name);
	struct wr_error err = {0};
	uint8_t *data = NULL;

	if (path && wr_file_read(path, 1u << 30, &data, len, &err) < 0)
		diag("%s", err.msg);
	return data;
}

/* The hive and copies of its logs (tests damage them). */
static bool load_set(struct set *s, const char *hive, const char *log1, const char *log2)
{
	const char *names[] = {log1, log2};

	memset(s, 0, sizeof(*s));
	if (!(s->hive = load(hive, &s->len)))
		return false;
	for (size_t i = 0; i < 2 && names[i]; i++) {
		s->logs[i].name = names[i];
		s->logs[i].data = load(names[i], &s->logs[i].len);
		s->n++;
	}
	return true;
}

static void free_set(struct set *s)
{
	free(s->hive);
	for (size_t i = 0; i < s->n; i++)
		free((void *)s->logs[i].data);
}

static int replay(struct set *s, struct wr_replay *r)
{
	struct wr_error err = {0};
	int rc = wr_hive_replay(&s->hive, &s->len, s->logs, s->n, r, &err);

	if (rc < 0)
		diag("replay: %s", err.msg);
	return rc;
}

/* Offsets where a and b differ within [from, to), as "0x..,0x.." (max 20). */
static void diff_offsets(const uint8_t *a, const uint8_t *b, size_t from, size_t to, char *out,
                         size_t len)
{
	size_t n = 0;

	*out = '\0';
	for (size_t i = from; i < to && n < 20; i++)
		if (a[i] != b[i]) {
			snprintf(out + strlen(out), len - strlen(out), "%s0x%zx", n++ ? "," : "",
			         i);
		}
}

/* The entry at `seq` in a new-format log, or NULL. */
static uint8_t *entry(struct wr_log_in *log, uint32_t seq)
{
	for (size_t off = 512; off + 40 <= log->len && !memcmp(log->data + off, "HvLE", 4);
	     off += wr_le32(log->data + off + 4))
		if (wr_le32(log->data + off + 12) == seq)
			return (uint8_t *)log->data + off;
	return NULL;
}

static void test_new_format(void)
{
	struct set s;
	struct wr_replay r;
	struct wr_regf_header h;
	size_t win_len;
	uint8_t *win = load("dirty-newformat-yarp.recovered-by-win10.hive", &win_len);
	char diffs[512];

	if (!win || !load_set(&s, "dirty-newformat-yarp.hive", "dirty-newformat-yarp.hive.LOG1",
	                      "dirty-newformat-yarp.hive.LOG2")) {
		ok(1, "# SKIP yarp's new-format set is not here");
		free(win);
		return;
	}
	{
		const uint8_t *e = entry(&s.logs[0], 2);

		ok(e &&
		       wr_marvin32(WR_MARVIN32_LOG_SEED, e + 40, wr_le32(e + 4) - 40) ==
		           wr_le64(e + 24) &&
		       wr_marvin32(WR_MARVIN32_LOG_SEED, e, 32) == wr_le64(e + 32),
		   "Marvin32 gives both hashes Windows stored in LOG1's entry 2");
	}
	is_int(replay(&s, &r), 0, "new format: replayed");
	ok(r.dirty && r.applied, "it was dirty and something was applied");
	is_int(r.logs[0].state, WR_LOG_APPLIED, "LOG1 used");
	ok(r.logs[0].first == 2 && r.logs[0].last == 2 && r.logs[0].pages == 1,
	   "LOG1: entry 2, one page");
	ok(r.logs[1].first == 3 && r.logs[1].last == 5 && r.logs[1].entries == 3,
	   "LOG2: entries 3 to 5");
	is_int(r.seq, 5, "sequence 5 afterwards");
	is_int(s.len, win_len, "same length as Windows' result");
	ok(s.len == win_len && memcmp(s.hive + 4096, win + 4096, s.len - 4096) == 0,
	   "every hive bin byte-identical to Windows 10's recovery");
	diff_offsets(s.hive, win, 0, 4096, diffs, sizeof(diffs));
	is_str(diffs, "0x4,0x8",
	       "base block: only the sequence numbers differ (Windows wrote once more: 6)");
	ok(wr_regf_parse(s.hive, s.len, &h, NULL) == 0 && !h.dirty && h.checksum_ok &&
	       h.file_type == 0,
	   "clean primary with a right checksum");
	free_set(&s);
	free(win);
}

static void test_old_format(void)
{
	struct set s;
	struct wr_replay r;
	struct wr_regf_header h, wh;
	size_t win_len;
	uint8_t *win = load("dirty-oldformat-yarp.recovered-by-win7.hive", &win_len);
	char diffs[512];

	if (!win ||
	    !load_set(&s, "dirty-oldformat-yarp.hive", "dirty-oldformat-yarp.hive.LOG1", NULL)) {
		ok(1, "# SKIP yarp's old-format set is not here");
		free(win);
		return;
	}
	is_int(replay(&s, &r), 0, "old format: replayed");
	ok(r.logs[0].state == WR_LOG_APPLIED && r.logs[0].pages == 64, "64 dirty pages applied");
	diff_offsets(s.hive, win, 4096, s.len < win_len ? s.len : win_len, diffs, sizeof(diffs));
	/* SOURCES.md / bcd-format.md 7.6: Windows 7 then wrote the first bin's
	 * timestamp and one more byte itself. */
	is_str(diffs, "0x1014,0x1015,0x1016,0x1017,0x1018,0x6bdc8",
	       "hive bins identical to Windows 7's recovery except its later write");
	ok(wr_regf_parse(s.hive, s.len, &h, NULL) == 0 &&
	       wr_regf_parse(win, win_len, &wh, NULL) == 0 && !h.dirty && h.checksum_ok &&
	       h.seq1 == 5 && h.hbins_size == wh.hbins_size,
	   "clean at sequence 5, hive bins size as Windows has it");
	free_set(&s);
	free(win);
}

/* Recompute both hashes of an entry a test has changed on purpose. */
static void rehash(uint8_t *e)
{
	wr_put_le(e + 24, wr_marvin32(WR_MARVIN32_LOG_SEED, e + 40, wr_le32(e + 4) - 40), 8);
	wr_put_le(e + 32, wr_marvin32(WR_MARVIN32_LOG_SEED, e, 32), 8);
}

/* Damage, replay, and say where it stopped. */
static void damaged(const char *what, void (*harm)(struct set *), uint32_t seq, const char *why,
                    enum wr_log_state log2)
{
	struct set s;
	struct wr_replay r;

	if (!load_set(&s, "dirty-newformat-yarp.hive", "dirty-newformat-yarp.hive.LOG1",
	              "dirty-newformat-yarp.hive.LOG2")) {
		ok(1, "# SKIP %s", what);
		return;
	}
	harm(&s);
	is_int(replay(&s, &r), 0, "%s: replay ends normally", what);
	is_int(r.seq, seq, "%s: stops after sequence %u", what, seq);
	ok(strstr(r.logs[0].why, why) || strstr(r.logs[1].why, why), "%s: says \"%s\" (%s | %s)",
	   what, why, r.logs[0].why, r.logs[1].why);
	is_int(r.logs[1].state, log2, "%s: LOG2 %s", what,
	       log2 == WR_LOG_APPLIED ? "used up to there" : "unusable from its first entry");
	free_set(&s);
}

static void flip_data(struct set *s)
{
	entry(&s->logs[1], 4)[40 + 8 + 100] ^= 0x20;
}
static void flip_hash2(struct set *s)
{
	entry(&s->logs[1], 3)[33] ^= 1;
}
static void cut_entry(struct set *s)
{
	s->logs[1].len = (size_t)(entry(&s->logs[1], 4) - s->logs[1].data) + 1000;
}
static void page_outside(struct set *s)
{
	uint8_t *e = entry(&s->logs[1], 5);

	wr_put_le(e + 40, wr_le32(e + 16), 4); /* first page starts at the end of the bins */
	rehash(e);
}
static void no_pages(struct set *s)
{
	uint8_t *e = entry(&s->logs[1], 4);

	wr_put_le(e + 20, 0, 4);
	rehash(e);
}
static void log1_broken(struct set *s)
{
	((uint8_t *)s->logs[0].data)[0x1fc] ^= 1;
}

static void test_damaged(void)
{
	damaged("a flipped byte in entry 4's pages", flip_data, 3, "entry 4: its hash",
	        WR_LOG_APPLIED);
	damaged("hash-2 of entry 3 wrong", flip_hash2, 2, "entry 3: its hash", WR_LOG_UNUSABLE);
	damaged("LOG2 cut inside entry 4", cut_entry, 3, "entry 4: size", WR_LOG_APPLIED);
	damaged("entry 5 names a page beyond the hive", page_outside, 4, "entry 5: page 0",
	        WR_LOG_APPLIED);
	damaged("entry 4 with no pages", no_pages, 3, "entry 4: 0 dirty pages", WR_LOG_APPLIED);
	/* A log whose base block is broken is not used; the chain starts at LOG2,
	 * which is not older than the hive. */
	damaged("LOG1's base block checksum wrong", log1_broken, 5, "wrong checksum",
	        WR_LOG_APPLIED);
}

static void test_system(void)
{
	char cmd[3000];
	const char *dir = tap_tmpdir();
	struct wr_hive_logs logs;
	struct wr_error err = {0};
	struct wr_replay r;
	struct wr_regf_header h;
	struct wr_hive *hv;
	uint8_t *img;
	size_t len;
	wr_node node;

	const char *xz = tap_fixture("system-win10-dirty-with-logs-regipy.hive.xz");

	if (!xz) {
		ok(1, "# SKIP regipy's SYSTEM with logs is not here");
		return;
	}
	/* HIVE.xz, HIVE.LOG1.xz, HIVE.LOG2.xz */
	snprintf(cmd, sizeof(cmd),
	         "for x in '' .LOG1 .LOG2; do xz -dc '%.*s'$x.xz > '%s/SYSTEM'$x || exit 1; done",
	         (int)strlen(xz) - 3, xz, dir);
	if (system(cmd) != 0) {
		ok(0, "decompressed");
		return;
	}
	ok(wr_hive_logs_read(tap_path("SYSTEM"), &logs, &err) == 0 && logs.n == 2,
	   "two logs found beside it");
	wr_hive_logs_free(&logs);
	is_int(wr_hive_recover(tap_path("SYSTEM"), &img, &len, &r, NULL, &err), 0, "recovered: %s",
	       err.msg);
	ok(r.logs[0].first == 2107 && r.logs[0].last == 2110 && r.logs[1].first == 2111 &&
	       r.logs[1].last == 2130,
	   "LOG1 2107-2110, then LOG2 2111-2130");
	ok(wr_regf_parse(img, len, &h, NULL) == 0 && h.seq1 == 2130 && h.seq2 == 2130 &&
	       h.hbins_size == 0xc02000,
	   "clean at 2130, hive bins grown to 0xc02000");
	is_int(wr_safe_write_new(tap_path("out"), img, len, &err), 0, "written");
	hv = wr_hive_open(tap_path("out"), 0, &err);
	ok(hv && wr_hive_lookup(hv, wr_hive_root(hv), "ControlSet001\\Control\\CrashControl", &node,
	                        &err) == 0,
	   "hivex opens the result and finds CrashControl");
	wr_hive_close(hv);
	free(img);
}

/* Examining with the base block alone says what replaying does. */
static void test_examine(void)
{
	struct set s;
	struct wr_replay full, head;
	struct wr_error err = {0};
	uint8_t base[4096];
	bool same = true;

	if (!load_set(&s, "dirty-newformat-yarp.hive", "dirty-newformat-yarp.hive.LOG1",
	              "dirty-newformat-yarp.hive.LOG2")) {
		ok(1, "# SKIP yarp's new-format set is not here");
		return;
	}
	memcpy(base, s.hive, sizeof(base));
	is_int(wr_hive_logs_examine(base, sizeof(base), s.logs, s.n, &head, &err), 0,
	       "examined from the base block alone");
	replay(&s, &full);
	for (size_t i = 0; i < 2; i++)
		same &= head.logs[i].state == full.logs[i].state &&
		        head.logs[i].first == full.logs[i].first &&
		        head.logs[i].last == full.logs[i].last &&
		        head.logs[i].pages == full.logs[i].pages;
	ok(same && head.applied && head.seq == 5 && head.logs[1].pages == full.logs[1].pages,
	   "same logs, entries, pages and final sequence (5) as the replay");
	is_int(wr_hive_logs_examine(base, 100, s.logs, s.n, &head, &err), -1,
	       "a cut base block is refused");
	free_set(&s);
}

/* A clean hive: its logs are ignored, and said to be newer when they are. */
static void test_clean_newer(void)
{
	struct set s;
	struct wr_replay r;
	char why[512];

	if (!load_set(&s, "bcd-win10-uefi-t480s-multiboot.hive",
	              "bcd-win10-uefi-t480s-multiboot.hive.LOG", NULL)) {
		ok(1, "# SKIP the t480s store is not here");
		return;
	}
	is_int(replay(&s, &r), 0, "clean store at 414, its log's entry at 413");
	ok(!r.dirty && !r.applied && !r.logs_newer && r.logs[0].state == WR_LOG_STALE &&
	       !r.logs[0].newer,
	   "clean, nothing applied, the log is not newer");
	is_str(r.logs[0].why, "the hive is clean: Windows ignores its logs", "why");
	wr_put_le(s.hive + 4, 413, 4);
	wr_put_le(s.hive + 8, 413, 4);
	wr_put_le(s.hive + 0x1fc, wr_regf_checksum(s.hive), 4);
	is_int(replay(&s, &r), 0, "the same store made clean at 413");
	ok(!r.applied && r.logs_newer && r.logs[0].newer && r.logs[0].first == 413 &&
	       r.logs[0].last == 413,
	   "entry 413 is newer, and still nothing is applied");
	is_str(r.logs[0].why,
	       "entries 413-413 are newer than the hive, but the hive is clean: Windows ignores "
	       "them",
	       "why");
	ok(!wr_hive_write_blocked(&r, "BCD", why, sizeof(why)) && !why[0],
	   "a clean hive may be written");
	wr_hive_replay_summary(&r, "BCD", why, sizeof(why));
	is_str(why, "BCD is clean, but a log holds later writes that Windows ignores", "summary");
	((uint8_t *)s.logs[0].data)[512 + 60] ^= 1; /* inside entry 413: its hash breaks */
	is_int(replay(&s, &r), 0, "with entry 413 damaged");
	ok(!r.logs_newer && !r.logs[0].newer, "a bad entry is not a newer one");
	free_set(&s);
}

/* Make the primary of `s` dirty at seq1/seq2, its checksum right. */
static void set_seq(struct set *s, uint32_t seq1, uint32_t seq2)
{
	wr_put_le(s->hive + 4, seq1, 4);
	wr_put_le(s->hive + 8, seq2, 4);
	wr_put_le(s->hive + 0x1fc, wr_regf_checksum(s->hive), 4);
}

/* Entries that end before the write the primary had started are older
 * than pages already in it: none is applied (a hive whose seq2 alone was
 * changed).  Entries that reach seq1 - 1 are the primary's own write. */
static void test_short_chain(void)
{
	struct set s;
	struct wr_replay r, seen;
	struct wr_error err = {0};
	uint8_t *before;

	if (!load_set(&s, "dirty-newformat-yarp.hive", "dirty-newformat-yarp.hive.LOG1",
	              "dirty-newformat-yarp.hive.LOG2")) {
		ok(1, "# SKIP yarp's new-format set is not here");
		return;
	}
	set_seq(&s, 9, 2);
	before = malloc(s.len);
	memcpy(before, s.hive, s.len);
	is_int(wr_hive_logs_examine(s.hive, 4096, s.logs, s.n, &seen, &err), 0, "9/2 examined");
	is_int(replay(&s, &r), 0, "9/2 replayed");
	ok(r.dirty && !r.applied && r.seq == 9 && !seen.applied,
	   "entries 2-5 end before 8: none applied");
	ok(memcmp(before, s.hive, s.len) == 0, "the image is unchanged");
	is_str(r.logs[0].why,
	       "entry 2 ends before the write the hive had started (sequence 9): it is older "
	       "than the hive",
	       "LOG1 says why");
	is_str(r.logs[1].why,
	       "entries 3-5 end before the write the hive had started (sequence 9): they are "
	       "older than the hive",
	       "LOG2 says why");
	ok(r.logs[0].state == WR_LOG_STALE && r.logs[1].state == WR_LOG_STALE &&
	       r.logs[1].pages == 0 && !strcmp(seen.logs[1].why, r.logs[1].why),
	   "both stale, as examining says");
	free(before);
	free_set(&s);
	load_set(&s, "dirty-newformat-yarp.hive", "dirty-newformat-yarp.hive.LOG1",
	         "dirty-newformat-yarp.hive.LOG2");
	set_seq(&s, 6, 2);
	is_int(replay(&s, &r), 0, "6/2 replayed");
	ok(r.applied && r.seq == 5, "entries up to 5 are the write 6 started: applied");
	free_set(&s);
}

/* Replaying the first n entries only: what finding a bad entry needs. */
static void test_upto(void)
{
	struct set s;
	struct wr_replay r;
	struct wr_error err = {0};
	uint8_t *before;

	if (!load_set(&s, "dirty-newformat-yarp.hive", "dirty-newformat-yarp.hive.LOG1",
	              "dirty-newformat-yarp.hive.LOG2")) {
		ok(1, "# SKIP yarp's new-format set is not here");
		return;
	}
	before = malloc(s.len);
	memcpy(before, s.hive, s.len);
	is_int(wr_hive_replay_upto(&s.hive, &s.len, s.logs, s.n, 0, &r, &err), 0, "none");
	ok(!r.applied && memcmp(before, s.hive, s.len) == 0, "no entry: nothing applied");
	is_int(wr_hive_replay_upto(&s.hive, &s.len, s.logs, s.n, 2, &r, &err), 0, "two");
	ok(r.applied && r.seq == 3 && r.logs[0].last == 2 && r.logs[1].first == 3 &&
	       r.logs[1].last == 3 && r.logs[1].last_at == 512,
	   "entry 2 of LOG1, then entry 3 at 0x200 of LOG2");
	free(before);
	free_set(&s);
}

/* The set `s` as files in tap_path(`dir`): the hive as `name`, its logs
 * as `name` + each suffix.  Returns the hive's path. */
static const char *write_set(const struct set *s, const char *dir, const char *name,
                             const char *const suffixes[])
{
	static char path[4200];
	struct wr_error err = {0};
	char file[4300];

	snprintf(path, sizeof(path), "%s/%s", tap_path(dir), name);
	mkdir(tap_path(dir), 0700);
	if (wr_file_write_new(path, s->hive, s->len, 0600, &err) < 0)
		diag("%s", err.msg);
	for (size_t i = 0; i < s->n; i++) {
		snprintf(file, sizeof(file), "%s%s", path, suffixes[i]);
		if (wr_file_write_new(file, s->logs[i].data, s->logs[i].len, 0600, &err) < 0)
			diag("%s", err.msg);
	}
	return path;
}

/* A replay that reads back unreadable is no result: recovering refuses
 * it naming the entry, and a session keeps the hive from being written. */
static void test_unreadable(void)
{
	static const char *const suffixes[] = {".LOG", ".LOG1"};
	struct wr_error err = {0};
	struct wr_replay r;
	struct wr_config cfg;
	struct wr_session *sess;
	const char *path, *why;
	uint8_t *img = NULL;
	size_t len;
	struct set s;

	if (!load_set(&s, "bcd-win11-uefi-nuc8-opencore.hive",
	              "bcd-win11-uefi-nuc8-opencore.hive.LOG",
	              "bcd-win11-uefi-nuc8-opencore.hive.LOG1")) {
		ok(1, "# SKIP the nuc8 store is not here");
		return;
	}
	set_seq(&s, 6, 5); /* entry 5 of LOG1 is due, and breaks the store */
	path = write_set(&s, "unreadable", "BCD", suffixes);
	is_int(wr_hive_recover(path, &img, &len, &r, NULL, &err), -1, "refused");
	ok(!img && r.dirty && r.applied && r.seq == 5, "no image; the report stays");
	ok(strstr(err.msg, "its logs replay to a hive that cannot be read: entry 5 of BCD.LOG1 "
	                   "(at offset 0x200 in the log) makes it unreadable") != NULL,
	   "names the entry: %s", err.msg);
	wr_config_init(&cfg, NULL, NULL, getenv("TMPDIR"), NULL, &err);
	snprintf(cfg.state_dir, sizeof(cfg.state_dir), "%s", tap_path("unreadable-state"));
	sess = wr_session_new(&cfg, &err);
	is_int(sess ? wr_session_add_file(sess, path, WR_KIND_BCD, &err) : -1, 0,
	       "loaded as it is: %s", err.msg);
	why = sess ? wr_stage_read_only(wr_session_stage(sess), 0) : NULL;
	ok(why && strstr(why, "entry 5 of BCD.LOG1"), "read-only, saying why: %s", why ? why : "");
	wr_session_free(sess);
	free_set(&s);
}

/* Five entries, the fourth rewritten (hashes right) to clear a page:
 * halving finds it, in the second log, at its offset there. */
static void test_culprit(void)
{
	static const char *const suffixes[] = {".LOG1", ".LOG2"};
	struct wr_error err = {0};
	struct wr_replay r;
	uint8_t *img = NULL, *e;
	size_t len, size, pages;
	char want[200];
	struct set s;

	if (!load_set(&s, "dirty-newformat-yarp.hive", "dirty-newformat-yarp.hive.LOG1",
	              "dirty-newformat-yarp.hive.LOG2")) {
		ok(1, "# SKIP yarp's new-format set is not here");
		return;
	}
	e = entry(&s.logs[1], 4);
	size = wr_le32(e + 4);
	pages = wr_le32(e + 20);
	memset(e + 40 + 8 * pages, 0, size - 40 - 8 * pages);
	wr_put_le(e + 24, wr_marvin32(WR_MARVIN32_LOG_SEED, e + 40, size - 40), 8);
	wr_put_le(e + 32, wr_marvin32(WR_MARVIN32_LOG_SEED, e, 32), 8);
	is_int(wr_hive_recover(write_set(&s, "culprit", "H", suffixes), &img, &len, &r, NULL, &err),
	       -1, "entry 4 clears its pages: refused");
	snprintf(want, sizeof(want), "entry 4 of H.LOG2 (at offset %#zx in the log)",
	         (size_t)(e - s.logs[1].data));
	ok(strstr(err.msg, want) != NULL, "names %s: %s", want, err.msg);
	free_set(&s);
}

/* What may be written: a recovered hive, not one no log recovers. */
static void test_blocked(void)
{
	struct set s;
	struct wr_replay r;
	char why[512];

	if (!load_set(&s, "dirty-newformat-yarp.hive", "dirty-newformat-yarp.hive.LOG1",
	              "dirty-newformat-yarp.hive.LOG2")) {
		ok(1, "# SKIP yarp's new-format set is not here");
		return;
	}
	replay(&s, &r);
	ok(!wr_hive_write_blocked(&r, "H", why, sizeof(why)), "recovered: may be written");
	wr_hive_replay_summary(&r, "H", why, sizeof(why));
	is_str(why,
	       "H was dirty (sequence 3 and 2): its logs were replayed (4 pages, now clean at "
	       "5); a commit writes the recovered hive",
	       "summary names the sequences and pages");
	free_set(&s);
	load_set(&s, "dirty-newformat-yarp.hive", "dirty-newformat-yarp.hive.LOG1",
	         "dirty-newformat-yarp.hive.LOG2");
	flip_data(&s);
	replay(&s, &r);
	wr_hive_replay_summary(&r, "H", why, sizeof(why));
	is_str(why,
	       "H was dirty (sequence 3 and 2): its logs were replayed (2 pages, now clean at "
	       "3); a commit writes the recovered hive; replay stopped at a bad entry, as "
	       "Windows does (entry 4: its hash does not match)",
	       "a replay cut short says where");
	ok(!wr_hive_write_blocked(&r, "H", why, sizeof(why)),
	   "... and may be written, as Windows would go on from there");
	r.applied = false;
	ok(wr_hive_write_blocked(&r, "H", why, sizeof(why)), "dirty, nothing recovered: blocked");
	is_str(why,
	       "H is dirty (sequence numbers 3 and 2 differ) and no transaction log can recover "
	       "it: writing it would lose its newest changes; it can be read, not repaired",
	       "why");
	r.before.minor = 6;
	ok(wr_hive_write_blocked(&r, "H", why, sizeof(why)) &&
	       strstr(why, "differencing (layered) hive, format 1.6"),
	   "format 1.6: blocked");
	free_set(&s);
}

/* The test helper's dirty hive (dirty-log.c) replays to exactly the hive
 * its log was made from: the helper the appliance tests use is sound. */
static void test_made_log(void)
{
	struct wr_error err = {0};
	struct wr_replay r;
	uint8_t *img = NULL, *want = NULL;
	size_t len = 0, want_len = 0;

	is_int(store_create("dirty-system", tap_path("DSYS"), &err), 0, "dirty-system made: %s",
	       err.msg);
	is_int(wr_hive_recover(tap_path("DSYS"), &img, &len, &r, NULL, &err), 0, "recovered: %s",
	       err.msg);
	ok(r.dirty && r.applied && r.before.seq1 == r.before.seq2 + 1 &&
	       r.logs[0].first == r.before.seq2 && r.logs[0].entries == 1,
	   "dirty at s+1/s, one entry at s");
	ok(wr_file_read(tap_path("DSYS.expected"), 1u << 20, &want, &want_len, &err) == 0 &&
	       want_len == len && memcmp(img, want, len) == 0,
	   "byte-identical to the hive the log was made from (%zu bytes)", len);
	free(img);
	free(want);
}

/* A session on the made dirty hive: recovered, repaired on top of the
 * recovered image; and no commit when its log changed after loading. */
static void test_session(void)
{
	struct wr_error err = {0};
	struct wr_repair_opts o;
	struct wr_buf done = WR_BUF_INIT;
	struct wr_config cfg;
	struct wr_session *s;
	char hive[4200], log[4300], before[65], after[65];
	FILE *f;

	snprintf(hive, sizeof(hive), "%s/SYSTEM", tap_path("sess"));
	snprintf(log, sizeof(log), "%s.LOG1", hive);
	if ((mkdir(tap_path("sess"), 0700) < 0 && errno != EEXIST) ||
	    store_create("dirty-system", hive, &err) < 0) {
		ok(0, "made: %s", err.msg);
		return;
	}
	wr_config_init(&cfg, NULL, NULL, getenv("TMPDIR"), NULL, &err);
	snprintf(cfg.state_dir, sizeof(cfg.state_dir), "%s", tap_path("sess-state"));
	s = wr_session_new(&cfg, &err);
	is_int(s ? wr_session_add_file(s, hive, WR_KIND_SYSTEM, &err) : -1, 0, "loaded: %s",
	       err.msg);
	ok(wr_session_replayed(s, 0) && strstr(wr_session_note(s, 0), "its logs were replayed"),
	   "replayed when loaded");
	ok(!wr_stage_read_only(wr_session_stage(s), 0), "and writable");
	wr_repair_opts_default(&o);
	is_int(wr_repair_stage(WR_REPAIR_CRASHDUMP, wr_session_stage(s), 0, &o, &err), 0,
	       "crashdump staged: %s", err.msg);
	wr_sha256_file(hive, before);
	f = fopen(log, "ab");
	ok(f && fputc(0, f) == 0 && fclose(f) == 0, "LOG1 changed behind the session's back");
	is_int(wr_session_commit(s, &done, &err), -1, "commit refused");
	ok(err.code == EBUSY && strstr(err.msg, "SYSTEM.LOG1 changed after winrescue loaded it"),
	   "names the log: %s", err.msg);
	wr_sha256_file(hive, after);
	is_str(after, before, "the hive is untouched");
	wr_buf_free(&done);
	wr_session_free(s);
}

int main(void)
{
	test_new_format();
	test_old_format();
	test_damaged();
	test_system();
	test_examine();
	test_clean_newer();
	test_short_chain();
	test_upto();
	test_unreadable();
	test_culprit();
	test_blocked();
	test_made_log();
	test_session();
	return tap_done();
}
