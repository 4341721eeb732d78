/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-txn-nomem.c - staging when memory runs out: every allocation of a repair's staging, and of
 * each edit call, made to fail in turn; each failure is an error with a message, never a crash,
 * and leaves the stage as it was (undo and redo still give back the same bytes). */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/utf16.h"
#include "bcd/bcd.h"
#include "hive-dump.h"
#include "nomem.h"
#include "repair/repair.h"
#include "stores.h"
#include "tap.h"
#include "txn/txn.h"

/* A stage with the demo SYSTEM hive of a domain controller and a BCD store
 * whose loader inherits safeboot, fresh from their files each time. */
struct setup {
	struct wr_hive *bcd_hive, *sys_hive;
	struct wr_stage *stage;
	size_t bcd, sys;
};

static const char *bcd_path, *sys_path;
/* The BCD store of a repair case: the inherited-safeboot one, the one
 * with what the catalog B-4, B-7, B-8 and B-9 repairs fix, or (bootmgr)
 * one without {bootmgr}. */
static const char *plain_bcd_path, *faults_bcd_path, *no_bootmgr_path;

static bool open_hives(struct setup *st)
{
	struct wr_error err = {0};

	memset(st, 0, sizeof(*st));
	st->bcd_hive = wr_hive_open(bcd_path, WR_HIVE_WRITE, &err);
	st->sys_hive = wr_hive_open(sys_path, WR_HIVE_WRITE, &err);
	if (!st->bcd_hive || !st->sys_hive)
		diag("%s", err.msg);
	return st->bcd_hive && st->sys_hive;
}

/* Registering that failed yet registered something. */
static int half_registered;

static bool add_hive(struct setup *st, struct wr_hive *h, enum wr_hive_kind kind, const char *mount,
                     size_t *index, struct wr_error *err)
{
	size_t before = wr_stage_hive_count(st->stage);

	if (wr_stage_add_hive(st->stage, h, kind, "store", mount, NULL, index, err) == 0)
		return true;
	half_registered += wr_stage_hive_count(st->stage) != before;
	return false;
}

/* A stage with both hives; false when it could not be made (the stage is
 * then NULL, or the error says why). */
static bool add_hives(struct setup *st, struct wr_error *err)
{
	st->stage = wr_stage_new();
	return st->stage && add_hive(st, st->bcd_hive, WR_KIND_BCD, "BCD00000000", &st->bcd, err) &&
	       add_hive(st, st->sys_hive, WR_KIND_SYSTEM, "BROKENSYSTEM", &st->sys, err);
}

static void close_setup(struct setup *st)
{
	wr_stage_free(st->stage);
	wr_hive_close(st->bcd_hive);
	wr_hive_close(st->sys_hive);
}

static int cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A dump with the values of each key in name order: undoing the deletion
 * of a value puts it back last in its key's list (hivex appends), which
 * Windows does not mind. */
static void put_sorted(char *dump, struct wr_buf *out)
{
	char *lines[512], *line;
	size_t n = 0;

	for (char *cursor = dump;; n = 0) {
		line = wr_next_line(&cursor);
		if (line)
			wr_buf_printf(out, "%s\n", line); /* the key */
		while (cursor && *cursor && *cursor != '[' && n < 512)
			lines[n++] = wr_next_line(&cursor);
		qsort(lines, n, sizeof(*lines), cmp_lines);
		for (size_t i = 0; i < n; i++)
			wr_buf_printf(out, "%s\n", lines[i]);
		if (!line)
			break;
	}
}

/* Both hives, every key and value. */
static char *dump_both(const struct setup *st)
{
	struct wr_buf b = WR_BUF_INIT;
	char *bcd = dump_hive(st->bcd_hive), *sys = dump_hive(st->sys_hive);

	put_sorted(bcd, &b);
	wr_buf_puts(&b, "--\n");
	put_sorted(sys, &b);
	free(bcd);
	free(sys);
	return wr_buf_steal(&b);
}

/* The applied transactions as both diffs show them. */
static char *render_stage(const struct setup *st)
{
	struct wr_buf b = WR_BUF_INIT;

	for (size_t i = 0; i < wr_stage_count(st->stage); i++)
		wr_txn_render(st->stage, wr_stage_txn(st->stage, i),
		              WR_DIFF_COMMANDS | WR_DIFF_VALUES, &b);
	return wr_buf_steal(&b);
}

/* What the allocations made to fail in one loop came to. */
struct tally {
	const char *what;
	long runs;         /* allocations made to fail */
	long unreported;   /* a call failed without a message */
	long not_enomem;   /* ... with one, but not saying memory ran out */
	long absorbed;     /* the failure was lost: the call succeeded */
	long inconsistent; /* the stage or the hives were left otherwise */
};

static void check_error(struct tally *t, long n, const struct wr_error *err)
{
	if (!err->msg[0])
		nomem_note(t->what, &t->unreported, n, "failed without a message");
	else if (err->code != ENOMEM)
		nomem_note(t->what, &t->not_enomem, n, "error %d \"%s\"", err->code, err->msg);
}

/* After a failure: the stage holds what `want_diff` says and the hives
 * `want_dump`; undo gives back `original`, redo `want_dump` again.  Returns
 * a short reason, or NULL. */
static const char *consistent(struct setup *st, const char *original, const char *want_dump,
                              const char *want_diff)
{
	struct wr_error err = {0};
	char *dump = dump_both(st), *diff = render_stage(st);
	const char *why = NULL;
	size_t n = wr_stage_count(st->stage);

	if (strcmp(diff, want_diff) != 0)
		why = "the staged diff is not the one without the failure";
	else if (strcmp(dump, want_dump) != 0)
		why = "the hives are not as the staged diff says";
	for (size_t i = 0; !why && i < n; i++)
		if (wr_stage_undo(st->stage, &err) != 0)
			why = "undo failed";
	free(dump);
	dump = dump_both(st);
	if (!why && strcmp(dump, original) != 0)
		why = "undo does not give back the hives as they were";
	for (size_t i = 0; !why && i < n; i++)
		if (wr_stage_redo(st->stage, &err) != 0)
			why = "redo failed";
	free(dump);
	dump = dump_both(st);
	if (!why && strcmp(dump, want_dump) != 0)
		why = "redo does not give back the staged hives";
	free(dump);
	free(diff);
	return why;
}

/* What a run without failures gives: the hives and the diff (and, for a
 * repair, what staging it returned). */
struct outcome {
	char *dump, *diff;
	int staged;
};

static void outcome_free(struct outcome *o)
{
	free(o->dump);
	free(o->diff);
}

/* ---- 1. Whole repairs, as the session stages them ---- */

struct repair_case {
	enum wr_repair_kind kind;
	bool on_system;
	bool faults; /* on the store with the faults below */
};

static const struct repair_case repairs[] = {
    {WR_REPAIR_SAFEBOOT, false},         {WR_REPAIR_SERIAL, false},
    {WR_REPAIR_RECOVERY, false},         {WR_REPAIR_DEVICES, false},
    {WR_REPAIR_CRASHDUMP, true},         {WR_REPAIR_RDP, true},
    {WR_REPAIR_BOOTMENU, false, true},   {WR_REPAIR_BADMEMORY, false, true},
    {WR_REPAIR_DEBUGFLAGS, false, true}, {WR_REPAIR_IMC, false, true},
    {WR_REPAIR_BOOTMGR, false},          {WR_REPAIR_DSRM, false},
};

/* A boot menu with timeout 0, bad pages, the dump analysis mode, an IMC
 * hive: each of the four repairs has edits to stage. */
static int put_faults(struct wr_hive *h, struct wr_error *err)
{
	static const uint8_t pages[16] = {0x00, 0x10, 0x02, 0, 0, 0, 0, 0, 0x01, 0x10, 0x02};
	uint8_t boot[WR_BCD_DEVICE_SIZE];

	wr_bcd_device_boot(boot);
	if (wr_bcd_put_boolean(h, WR_BCD_GUID_BOOTMGR, 0x26000020, true, err) < 0 ||
	    wr_bcd_put_integer(h, WR_BCD_GUID_BOOTMGR, 0x25000004, 0, err) < 0 ||
	    wr_bcd_put_element(h, WR_BCD_GUID_BADMEMORY, 0x1700000a, WR_REG_BINARY, pages,
	                       sizeof(pages), err) < 0 ||
	    wr_bcd_put_boolean(h, WR_BCD_GUID_BOOTMGR, 0x16000048, true, err) < 0 ||
	    wr_bcd_put_boolean(h, WR_DEMO_LOADER, 0x26000090, true, err) < 0 ||
	    wr_bcd_put_integer(h, WR_DEMO_LOADER, 0x1500004b, 2, err) < 0 ||
	    wr_bcd_put_element(h, WR_DEMO_LOADER, 0x21000138, WR_REG_BINARY, boot, sizeof(boot),
	                       err) < 0)
		return -1;
	return wr_bcd_put_string(h, WR_DEMO_LOADER, 0x22000137, "\\IMC.hiv", err);
}

static int faults_store_create(const char *path, struct wr_error *err)
{
	struct wr_hive *h = wr_bcd_store_begin(path, err);
	int r = h ? wr_demo_bcd_fill(h, WR_DEMO_BIOS, err) : -1;

	if (!h)
		return -1;
	if (r == 0)
		r = put_faults(h, err);
	return wr_bcd_store_end(h, path, r == 0, err);
}

/* For the devices repair: the store's disk attached with another signature,
 * so that every partition device in the store is stale. */
static struct wr_disk moved_disk = {.table = "mbr", .signature = 0x0badd15c};
static struct wr_part moved_parts[] = {
    {.disk = 0, .number = 1, .name = "disk.img#1", .start = WR_DEMO_MBR_SYSTEM_OFFSET},
    {.disk = 0, .number = 2, .name = "disk.img#2", .start = WR_DEMO_MBR_WINDOWS_OFFSET},
};
static struct wr_windows moved_windows = {.part = 1};
static const struct wr_inventory moved = {.disks = &moved_disk,
                                          .n_disks = 1,
                                          .parts = moved_parts,
                                          .n_parts = 2,
                                          .windows = &moved_windows,
                                          .n_windows = 1};

/* For the bootmgr repair: the UEFI demo disk, its ESP holding the store. */
static struct wr_disk gpt_disk = {.table = "gpt", .disk_guid = WR_DEMO_GPT_DISK};
static struct wr_part esp = {.name = "disk.img#1", .guid = WR_DEMO_GPT_ESP, .start = 1 << 20};
static const struct wr_inventory gpt = {
    .disks = &gpt_disk, .n_disks = 1, .parts = &esp, .n_parts = 1};

/* The options for `rc`; the SYSTEM hive is always the second registered. */
static void repair_opts(const struct repair_case *rc, struct wr_repair_opts *o)
{
	wr_repair_opts_default(o);
	o->system_hive = 1;
	if (rc->kind == WR_REPAIR_DEVICES) {
		o->inv = &moved;
		o->store_part = &moved_parts[0];
	} else if (rc->kind == WR_REPAIR_BOOTMGR) {
		o->inv = &gpt;
		o->store_part = &esp;
		o->store_uefi = true;
	}
}

/* Open the hives, then register them and stage repair `rc` with
 * allocation `n` failing (0: none): what wr_repair_stage returned, or
 * SETUP_FAILED. */
#define SETUP_FAILED (-2)

static int stage_repair(const struct repair_case *rc, long n, struct setup *st,
                        struct wr_error *err)
{
	struct wr_repair_opts o;
	int r = SETUP_FAILED;

	repair_opts(rc, &o);
	if (!open_hives(st))
		return r;
	nomem_arm(n);
	if (add_hives(st, err))
		r = wr_repair_stage(rc->kind, st->stage, rc->on_system ? st->sys : st->bcd, &o,
		                    err);
	nomem_disarm();
	return r;
}

/* After a failed staging: nothing staged, the hives as they were, and the
 * repair stages as it would have. */
static const char *repair_consistent(const struct repair_case *rc, struct setup *st,
                                     const char *original, const struct outcome *want)
{
	const char *why = consistent(st, original, original, "");
	struct wr_repair_opts o;
	struct wr_error err = {0};
	char *dump, *diff;

	if (why)
		return why;
	repair_opts(rc, &o);
	if (wr_repair_stage(rc->kind, st->stage, rc->on_system ? st->sys : st->bcd, &o, &err) !=
	    want->staged)
		return "staging again does not return what the first staging did";
	dump = dump_both(st);
	diff = render_stage(st);
	if (strcmp(dump, want->dump) != 0 || strcmp(diff, want->diff) != 0)
		why = "staging again does not give what the first staging gave";
	free(dump);
	free(diff);
	return why;
}

static void test_repair(const struct repair_case *rc)
{
	struct tally t = {.what = wr_repair_name(rc->kind)};
	struct setup st;
	struct outcome want;
	struct wr_error err = {0};
	char *original;

	bcd_path = rc->kind == WR_REPAIR_BOOTMGR ? no_bootmgr_path
	           : rc->faults                  ? faults_bcd_path
	                                         : plain_bcd_path;
	want.staged = stage_repair(rc, 0, &st, &err);
	if (want.staged < 0) {
		ok(0, "%s: staged without failures: %s", t.what, err.msg);
		close_setup(&st);
		return;
	}
	if (rc->faults) /* else its failures would only be the check's */
		is_int(want.staged, 0, "%s: the store gives it edits to stage", t.what);
	want.dump = dump_both(&st);
	want.diff = render_stage(&st);
	wr_stage_undo(st.stage, &err);
	original = dump_both(&st);
	close_setup(&st);
	for (long n = 1;; n++) {
		const char *why = NULL;
		int r;

		err = (struct wr_error){0};
		r = stage_repair(rc, n, &st, &err);
		if (!nomem_failed()) {
			close_setup(&st);
			break;
		}
		t.runs++;
		if (r >= 0)
			nomem_note(t.what, &t.absorbed, n, "yet the repair was staged");
		else if (st.stage) /* wr_stage_new has no error to give */
			check_error(&t, n, &err);
		if (r < 0 && r != SETUP_FAILED)
			why = repair_consistent(rc, &st, original, &want);
		if (why)
			nomem_note(t.what, &t.inconsistent, n, "%s", why);
		close_setup(&st);
	}
	ok(t.runs > 0 && t.unreported == 0 && t.inconsistent == 0,
	   "%s: each of its %ld allocations failing: no crash, a message, the stage as it was",
	   t.what, t.runs);
	ok(t.absorbed == 0 && t.not_enomem == 0, "%s: each fails the staging as out of memory",
	   t.what);
	outcome_free(&want);
	free(original);
}

/* ---- 2. Edit calls one after another, in one transaction ---- */

#define NEW_OBJECT "{5a1e7b2c-1111-4000-8000-000000000001}"

/* Call `i` of the script; -1 on failure, 1 when there is no call `i`. */
static int edit_call(struct setup *st, int i, struct wr_error *err)
{
	static const uint8_t sz[] = {'x', 0, 0, 0};

	switch (i) {
	case 0:
		return wr_txn_begin(st->stage, "script", err);
	case 1:
		return wr_txn_reg_set(st->stage, st->sys,
		                      "ControlSet001\\Services\\WrTest\\Parameters", "Path",
		                      WR_REG_SZ, sz, sizeof(sz), err);
	case 2:
		return wr_txn_reg_delete_value(st->stage, st->sys,
		                               "ControlSet001\\Control\\CrashControl",
		                               "CrashDumpEnabled", err);
	case 3:
		return wr_txn_reg_delete_key(st->stage, st->sys,
		                             "ControlSet001\\Control\\ComputerName", err);
	case 4:
		return wr_txn_bcd_set_integer(st->stage, st->bcd, WR_BCD_GUID_BOOTMGR, 0x25000004,
		                              5, err);
	case 5:
		return wr_txn_bcd_delete(st->stage, st->bcd, WR_BCD_GUID_BOOTLOADERSETTINGS,
		                         0x25000080, err);
	case 6:
		return wr_txn_bcd_create(st->stage, st->bcd, NEW_OBJECT, 0x20100000, err);
	case 7:
		return wr_txn_bcd_set_boolean(st->stage, st->bcd, NEW_OBJECT, 0x26000020, true,
		                              err);
	}
	return 1;
}

#define N_CALLS 8

/* Run the script's calls [0, stop) with allocation `n` failing (0: none);
 * the index of the call that failed, or `stop`.  The transaction is then
 * filed. */
static int run_script(struct setup *st, int stop, long n, struct wr_error *err)
{
	int i = 0;

	nomem_arm(n);
	while (i < stop && edit_call(st, i, err) == 0)
		i++;
	nomem_disarm();
	wr_txn_end(st->stage);
	return i;
}

static void test_edit_calls(void)
{
	struct tally t = {.what = "edit calls"};
	struct outcome want[N_CALLS + 1];
	struct setup st;
	struct wr_error err = {0};

	/* What the first k calls give, for every k. */
	for (int k = 0; k <= N_CALLS; k++) {
		if (!open_hives(&st) || !add_hives(&st, &err)) {
			ok(0, "hives opened: %s", err.msg);
			return;
		}
		is_int(run_script(&st, k, 0, &err), k, "edit calls: %d without failures (%s)", k,
		       err.msg);
		want[k] = (struct outcome){dump_both(&st), render_stage(&st), 0};
		close_setup(&st);
	}
	for (long n = 1;; n++) {
		const char *why;
		int k;

		if (!open_hives(&st) || !add_hives(&st, &err)) {
			ok(0, "hives opened: %s", err.msg);
			break;
		}
		err = (struct wr_error){0};
		k = run_script(&st, N_CALLS, n, &err);
		if (!nomem_failed()) {
			close_setup(&st);
			break;
		}
		t.runs++;
		if (k == N_CALLS)
			nomem_note(t.what, &t.absorbed, n, "yet every call succeeded");
		else
			check_error(&t, n, &err);
		why =
		    k < N_CALLS ? consistent(&st, want[0].dump, want[k].dump, want[k].diff) : NULL;
		if (why)
			nomem_note(t.what, &t.inconsistent, n, "call %d: %s", k, why);
		close_setup(&st);
	}
	ok(t.runs > 0 && !t.unreported && !t.not_enomem && !t.absorbed && !t.inconsistent,
	   "edit calls: each of their %ld allocations failing fails the call as out of memory and "
	   "leaves the transaction as it was before it",
	   t.runs);
	for (int k = 0; k <= N_CALLS; k++)
		outcome_free(&want[k]);
}

int main(void)
{
	struct wr_error err = {0};

	plain_bcd_path = tap_path("BCD");
	faults_bcd_path = tap_path("BCD-faults");
	no_bootmgr_path = tap_path("BCD-no-bootmgr");
	sys_path = tap_path("SYSTEM");
	if (store_create("safeboot-inherited", plain_bcd_path, &err) < 0 ||
	    faults_store_create(faults_bcd_path, &err) < 0 ||
	    store_create("no-bootmgr", no_bootmgr_path, &err) < 0 ||
	    store_create("system-dc", sys_path, &err) < 0) {
		printf("Bail out! %s\n", err.msg);
		return 1;
	}
	for (size_t i = 0; i < sizeof(repairs) / sizeof(repairs[0]); i++)
		test_repair(&repairs[i]);
	bcd_path = plain_bcd_path;
	test_edit_calls();
	is_int(half_registered, 0, "a hive that failed to register is not registered");
	return tap_done();
}
