/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-bcd-nomem.c - reading a BCD store when memory runs out: every allocation of loading a store,
 * listing it (text and JSON), checking it and a repair's check made to fail in turn.  Each call
 * either fails as out of memory or gives exactly what it gives without the failure: never a store
 * without its problems or its {default}, a list with entries left out, a value shown as bad or a
 * report cut short. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "bcd/bcd.h"
#include "nomem.h"
#include "repair/repair.h"
#include "stores.h"
#include "tap.h"
#include "txn/txn.h"

/* What a call made: 0 and its result, -1 and an error, or CUT: it
 * succeeded with the text it wrote cut short (the buffer ran out). */
#define CUT 2

typedef int (*call_fn)(const void *arg, struct wr_buf *out, struct wr_error *err);

/* Where the caller's own writing ran out: that failure is the test's. */
static int finish(struct wr_buf *out, struct wr_error *err)
{
	if (!out->oom)
		return 0;
	wr_error_set(err, ENOMEM, "%s", _("out of memory"));
	return -1;
}

/* ---- The calls ---- */

/* Everything loading gives: {default}, objects, elements, problems. */
static void describe(const struct wr_bcd *bcd, struct wr_buf *out)
{
	const char *def = wr_bcd_default_guid(bcd);

	wr_buf_printf(out, "default %s\n", def ? def : "none");
	for (size_t i = 0; i < wr_bcd_count(bcd); i++) {
		const struct wr_bcd_object *obj = wr_bcd_object(bcd, i);

		wr_buf_printf(out, "%s %08x %d\n", obj->guid, obj->type, obj->has_type);
		for (size_t j = 0; j < obj->n_elements; j++) {
			wr_buf_printf(out, "  %08x %u ", obj->elements[j].id,
			              obj->elements[j].reg_type);
			wr_bcd_format_hex(obj->elements[j].data, obj->elements[j].len, out);
			wr_buf_putc(out, '\n');
		}
	}
	for (size_t i = 0; i < wr_bcd_problem_count(bcd); i++) {
		const struct wr_bcd_problem *p = wr_bcd_problem(bcd, i);

		wr_buf_printf(out, "problem %s %08x %s\n", p->guid, p->element, p->msg);
	}
}

static int call_load(const void *path, struct wr_buf *out, struct wr_error *err)
{
	struct wr_bcd *bcd = wr_bcd_open(path, err);

	if (!bcd)
		return -1;
	describe(bcd, out);
	wr_bcd_free(bcd);
	return finish(out, err);
}

/* A loaded store and how to list it. */
struct listing {
	const struct wr_bcd *bcd;
	struct wr_bcd_enum_opts opts;
};

static int call_text(const void *arg, struct wr_buf *out, struct wr_error *err)
{
	const struct listing *l = arg;

	if (wr_bcd_enum_text(l->bcd, &l->opts, out, err) < 0)
		return -1;
	return out->oom ? CUT : 0;
}

static int call_json(const void *arg, struct wr_buf *out, struct wr_error *err)
{
	const struct listing *l = arg;

	if (wr_bcd_enum_json(l->bcd, &l->opts, out, err) < 0)
		return -1;
	return out->oom ? CUT : 0;
}

/* wr_bcd_check says it ran out through the buffer, as its callers read it. */
static int call_check(const void *bcd, struct wr_buf *out, struct wr_error *err)
{
	size_t n = wr_bcd_check(bcd, out);

	if (finish(out, err) < 0)
		return -1;
	wr_buf_printf(out, "%zu problems\n", n);
	return finish(out, err);
}

/* A repair's check of a store on a stage. */
struct check {
	enum wr_repair_kind kind;
	struct wr_stage *stage;
	size_t hive;
};

static int call_repair_check(const void *arg, struct wr_buf *out, struct wr_error *err)
{
	const struct check *c = arg;
	struct wr_repair_opts o;
	bool needed;

	wr_repair_opts_default(&o);
	if (wr_repair_check(c->kind, c->stage, c->hive, &o, &needed, out, err) < 0)
		return -1;
	if (out->oom)
		return CUT;
	wr_buf_printf(out, "needed %d\n", needed);
	return finish(out, err);
}

/* ---- Failing each allocation in turn ---- */

struct tally {
	const char *what;
	long runs;       /* allocations made to fail */
	long unreported; /* the call failed without a message */
	long not_enomem; /* ... with one, but not saying memory ran out */
	long cut;        /* it succeeded with its text cut short */
	long wrong;      /* it succeeded with another answer */
};

/* The first line where `got` and `want` differ, for the diagnostic. */
static void first_difference(const char *got, const char *want, char *out, size_t len)
{
	size_t same = 0, line = 0;

	while (got[same] && got[same] == want[same])
		if (got[same++] == '\n')
			line = same;
	snprintf(out, len, "got \"%.60s\", want \"%.60s\"", got + line, want + line);
	for (char *p = out; *p; p++)
		if (*p == '\n')
			*p = '|';
}

static void classify(struct tally *t, long n, int r, const struct wr_error *err, const char *got,
                     const char *want)
{
	char diff[200];

	if (r < 0 && !err->msg[0])
		nomem_note(t->what, &t->unreported, n, "failed without a message");
	else if (r < 0 && err->code != ENOMEM)
		nomem_note(t->what, &t->not_enomem, n, "error %d \"%s\"", err->code, err->msg);
	else if (r == CUT)
		nomem_note(t->what, &t->cut, n, "succeeded with its text cut short");
	else if (r == 0 && strcmp(got, want) != 0) {
		first_difference(got, want, diff, sizeof(diff));
		nomem_note(t->what, &t->wrong, n, "another answer: %s", diff);
	}
}

static void each_allocation(const char *what, call_fn call, const void *arg)
{
	struct tally t = {.what = what};
	struct wr_buf want = WR_BUF_INIT;
	struct wr_error err = {0};

	if (call(arg, &want, &err) != 0) {
		ok(0, "%s: without failures: %s", what, err.msg);
		wr_buf_free(&want);
		return;
	}
	for (long n = 1;; n++) {
		struct wr_buf got = WR_BUF_INIT;
		int r;

		err = (struct wr_error){0};
		nomem_arm(n);
		r = call(arg, &got, &err);
		nomem_disarm();
		if (!nomem_failed()) { /* every allocation was made: none is left to fail */
			wr_buf_free(&got);
			break;
		}
		t.runs++;
		classify(&t, n, r, &err, wr_buf_str(&got), wr_buf_str(&want));
		wr_buf_free(&got);
	}
	ok(t.runs > 0 && !t.unreported && !t.not_enomem && !t.cut && !t.wrong,
	   "%s: each of its %ld allocations failing fails it as out of memory, or changes nothing",
	   what, t.runs);
	wr_buf_free(&want);
}

/* ---- The stores ---- */

static void test_listings(const char *name, const char *path)
{
	struct wr_error err = {0};
	struct wr_bcd *bcd = wr_bcd_open(path, &err);
	struct listing shown = {bcd, {0}};
	struct listing all = {bcd, {.all = true, .verbose = true, .inherited = true}};
	char what[128];

	snprintf(what, sizeof(what), "%s: loading", name);
	each_allocation(what, call_load, path);
	if (!bcd) {
		ok(0, "%s: loaded: %s", name, err.msg);
		return;
	}
	snprintf(what, sizeof(what), "%s: bcd enum", name);
	each_allocation(what, call_text, &shown);
	snprintf(what, sizeof(what), "%s: bcd enum all /v, inherited", name);
	each_allocation(what, call_text, &all);
	snprintf(what, sizeof(what), "%s: bcd enum --json", name);
	each_allocation(what, call_json, &shown);
	snprintf(what, sizeof(what), "%s: bcd enum all --json, inherited", name);
	each_allocation(what, call_json, &all);
	snprintf(what, sizeof(what), "%s: the store's check", name);
	each_allocation(what, call_check, bcd);
	wr_bcd_free(bcd);
}

static void test_repair_checks(const char *path)
{
	static const enum wr_repair_kind kinds[] = {WR_REPAIR_SAFEBOOT, WR_REPAIR_SERIAL,
	                                            WR_REPAIR_RECOVERY};
	struct wr_error err = {0};
	struct wr_hive *h = wr_hive_open(path, WR_HIVE_WRITE, &err);
	struct check c = {.stage = wr_stage_new()};
	char what[128];

	if (!h || !c.stage ||
	    wr_stage_add_hive(c.stage, h, WR_KIND_BCD, "store", "BCD00000000", NULL, &c.hive,
	                      &err) < 0) {
		ok(0, "the store is staged: %s", err.msg);
		wr_stage_free(c.stage);
		wr_hive_close(h);
		return;
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		c.kind = kinds[i];
		snprintf(what, sizeof(what), "safeboot-inherited: the %s check and its report",
		         wr_repair_name(kinds[i]));
		each_allocation(what, call_repair_check, &c);
	}
	wr_stage_free(c.stage);
	wr_hive_close(h);
}

int main(void)
{
	/* Inherited settings, bad elements, a cycle, a missing object, GPT devices. */
	static const char *const made[] = {"safeboot-inherited", "bad-elements", "inherit-cycle",
	                                   "inherit-dangling", "uefi"};
	/* Locate and VHD devices; ramdisks and a long displayorder. */
	static const char *const real[] = {"bcd-win10-uefi-template-windeploy-linux.hive",
	                                   "bcd-win8-installmedia-bios-wimboot-install.hive"};
	struct wr_error err = {0};

	for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); i++) {
		const char *path = tap_path(made[i]);

		if (store_create(made[i], path, &err) < 0) {
			printf("Bail out! %s\n", err.msg);
			return 1;
		}
		test_listings(made[i], path);
	}
	test_repair_checks(tap_path("safeboot-inherited"));
	for (size_t i = 0; i < sizeof(real) / sizeof(real[0]); i++) {
		const char *path = tap_fixture(real[i]);

		if (path)
			test_listings(real[i], path);
		else
			ok(1, "# SKIP %s: fixtures not available", real[i]);
	}
	return tap_done();
}
