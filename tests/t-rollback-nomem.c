/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-rollback-nomem.c - a rollback that runs out of memory anywhere says so: never -1 with an
 * empty message, never a crash. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/conf.h"
#include "base/sha256.h"
#include "nomem.h"
#include "session/session.h"
#include "stores.h"
#include "tap.h"

/* A journal beside the store whose last commit left the store as it is
 * now, naming a backup that is not there: the rollback reads, parses and
 * checks all of it before refusing. */
static int write_journal(const char *store)
{
	char sha[65];
	FILE *f;

	if (wr_sha256_file(store, sha) < 0 ||
	    !(f = fopen(tap_path("winrescue-journal.jsonl"), "w")))
		return -1;
	fprintf(f,
	        "{\"format\":\"%s\",\"id\":\"c-1\",\"time\":\"2026-01-01T00:00:00Z\","
	        "\"action\":\"commit\",\"hive\":\"%s\",\"sha256_before\":\"%064d\","
	        "\"sha256_after\":\"%s\",\"backup\":\"%s.winrescue-20260101T000000Z.bak\","
	        "\"transactions\":[{\"name\":\"serial\"}],\"edits\":[{\"op\":\"set\","
	        "\"key\":\"Objects\",\"name\":\"x\",\"after\":{\"type\":3,\"hex\":\"01\"}}]}\n",
	        WR_JOURNAL_FORMAT, store, 0, sha, store);
	return fclose(f);
}

int main(void)
{
	const char *store = tap_path("BCD");
	struct wr_config cfg = {0};
	struct wr_error err = {0};
	struct wr_session *s;
	long failed = 0, n;

	snprintf(cfg.state_dir, sizeof(cfg.state_dir), "%s", tap_path("state"));
	snprintf(cfg.tmpdir, sizeof(cfg.tmpdir), "%s", tap_tmpdir());
	if (store_create("bios", store, &err) < 0 || write_journal(store) < 0 ||
	    !(s = wr_session_new(&cfg, &err)) ||
	    wr_session_add_file(s, store, WR_KIND_BCD, &err) < 0) {
		printf("Bail out! %s\n", err.msg);
		return 1;
	}
	for (n = 1;; n++) {
		struct wr_buf out = WR_BUF_INIT;
		int r;

		err = (struct wr_error){0};
		nomem_arm(n);
		r = wr_session_rollback(s, true, &out, &err);
		nomem_disarm();
		wr_buf_free(&out);
		if (!nomem_failed()) {
			is_int(r, -1, "with memory enough, the missing backup is refused");
			ok(strstr(err.msg, "is missing or not the file it replaced") != NULL,
			   "and the message says so: %s", err.msg);
			break;
		}
		if (r == -1 && err.msg[0] == '\0')
			failed++;
		if (r == -1 && err.msg[0] == '\0' && failed <= 3)
			diag("allocation %ld failing: -1 with no message", n);
	}
	is_int(failed, 0, "no allocation failing (of %ld) gives -1 with an empty message", n - 1);
	ok(n > 1, "the rollback allocated memory at all");
	wr_session_free(s);
	return tap_done();
}
