/* SPDX-License-Identifier: GPL-3.0-or-later */
/* diagnose.h - every check on the loaded hives in one read-only pass, findings ranked. */
#ifndef WR_DIAGNOSE_H
#define WR_DIAGNOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"
#include "repair/repair.h"
#include "session/session.h"

#define WR_DIAGNOSE_FORMAT "winrescue-diagnose/1"

/* One check of one hive: a finding when the repair is needed. */
struct wr_diagnosis_item {
	enum wr_repair_kind repair;
	enum wr_severity severity; /* a finding's: wr_repair_severity */
	size_t hive;               /* the session's hive it is about */
	char *evidence; /* a finding: what the check read, one line each; unchecked: why */
};

struct wr_diagnosis {
	struct wr_diagnosis_item *findings; /* most serious first */
	size_t n_findings;
	struct wr_diagnosis_item *fine; /* checked and nothing to do */
	size_t n_fine;
	struct wr_diagnosis_item *unchecked; /* not checked, and why */
	size_t n_unchecked;
};

/* "bcd.safeboot", "system.rdp", "software.rdp-policy": a finding's stable id. */
void wr_diagnosis_id(enum wr_repair_kind repair, char *out, size_t len);

/* What fixes a finding of `repair`: "winrescue repair NAME TARGET", or,
 * for a check that only reports, its advice (translated). */
void wr_diagnosis_fix(enum wr_repair_kind repair, const char *target, struct wr_buf *out);

/* Where one check's result goes. */
enum wr_diagnosis_list {
	WR_DIAGNOSIS_FINDING,
	WR_DIAGNOSIS_FINE,
	WR_DIAGNOSIS_UNCHECKED,
	WR_DIAGNOSIS_NOMEM, /* memory ran out: nothing to free */
};

/* One check of the diagnosis: repair `k`'s check on hive `i` as it is now
 * (staged edits included); *out's evidence is malloc'd (free it). */
enum wr_diagnosis_list wr_diagnose_check(struct wr_session *s, enum wr_repair_kind k, size_t i,
                                         struct wr_diagnosis_item *out);

/*
 * Run every repair's check on every hive of `s` it applies to, as the
 * hives are now, and stage nothing.  A check that cannot run (a store file
 * for a check that needs the disks, a store with no default loader) is
 * listed as unchecked with the reason.  Fails only when memory runs out.
 */
int wr_diagnose(struct wr_session *s, struct wr_diagnosis *d, struct wr_error *err);
/* The same on the session's hives first .. first + n - 1 only (a store
 * just written, checked again). */
int wr_diagnose_hives(struct wr_session *s, size_t first, size_t n, struct wr_diagnosis *d,
                      struct wr_error *err);
void wr_diagnosis_free(struct wr_diagnosis *d);

/* Whether any finding is more than `info`: Windows may not start, or not
 * answer RDP. */
bool wr_diagnosis_serious(const struct wr_diagnosis *d);

/*
 * The diagnosis for people: findings by severity, each with its evidence
 * and the command that fixes it ("winrescue repair NAME " and `target`,
 * the disks or files as the user gave them), then one line per hive for
 * what was checked and fine, then what was not checked.  Control
 * characters from the hives are escaped.
 */
void wr_diagnosis_text(const struct wr_diagnosis *d, const struct wr_session *s, const char *target,
                       struct wr_buf *out);

/* The same as JSON, schema winrescue-diagnose/1 (README). */
void wr_diagnosis_json(const struct wr_diagnosis *d, const struct wr_session *s, const char *target,
                       struct wr_buf *out);

/* The same as Markdown for a ticket (report/report.h), with the commands
 * that would fix the findings. */
void wr_diagnosis_markdown(const struct wr_diagnosis *d, const struct wr_session *s,
                           const char *target, struct wr_buf *out);

#endif
