/* SPDX-License-Identifier: GPL-3.0-or-later */
/* diagnose.c - every repair's check on every hive it applies to, nothing staged. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "diagnose.h"

void wr_diagnosis_id(enum wr_repair_kind repair, char *out, size_t len)
{
	const struct wr_repair_info *i = wr_repair_info(repair);

	snprintf(out, len, "%s.%s", wr_hive_kind_name(i->hive), i->name);
}

/* Append an item to a list; false when memory ran out. */
static bool add(struct wr_diagnosis_item **list, size_t *n, enum wr_repair_kind repair, size_t hive,
                char *evidence, enum wr_severity severity)
{
	struct wr_diagnosis_item *grown = realloc(*list, (*n + 1) * sizeof(**list));

	if (!grown || !evidence) {
		free(evidence);
		return false;
	}
	*list = grown;
	grown[(*n)++] = (struct wr_diagnosis_item){repair, severity, hive, evidence};
	return true;
}

/* Check repair `k` on hive `i`, and file the result. */
static bool check_one(struct wr_session *s, struct wr_diagnosis *d, enum wr_repair_kind k, size_t i)
{
	struct wr_repair_opts o;
	struct wr_buf report = WR_BUF_INIT;
	struct wr_error err = {0};
	bool needed = false;

	if (wr_repair_info(k)->needs_disks && !wr_session_on_disk(s, i))
		return add(&d->unchecked, &d->n_unchecked, k, i,
		           strdup(_("needs the disk, not a store file")), WR_SEVERITY_INFO);
	wr_repair_opts_default(&o);
	wr_session_repair_place(s, i, &o);
	if (wr_repair_check(k, wr_session_stage(s), i, &o, &needed, &report, &err) < 0) {
		wr_buf_free(&report);
		return err.code != ENOMEM &&
		       add(&d->unchecked, &d->n_unchecked, k, i, strdup(err.msg), WR_SEVERITY_INFO);
	}
	if (report.oom) {
		wr_buf_free(&report);
		return false;
	}
	if (needed)
		return add(&d->findings, &d->n_findings, k, i, wr_buf_steal(&report),
		           wr_repair_severity(k, wr_session_stage(s), i, &o));
	wr_buf_free(&report);
	return add(&d->fine, &d->n_fine, k, i, strdup(""), WR_SEVERITY_INFO);
}

static int by_severity(const void *a, const void *b)
{
	const struct wr_diagnosis_item *x = a, *y = b;
	int sx = (int)x->severity, sy = (int)y->severity;

	if (sx != sy)
		return sx - sy;
	return x->hive != y->hive ? (x->hive < y->hive ? -1 : 1) : (int)x->repair - (int)y->repair;
}

int wr_diagnose(struct wr_session *s, struct wr_diagnosis *d, struct wr_error *err)
{
	memset(d, 0, sizeof(*d));
	for (size_t i = 0; i < wr_session_count(s); i++)
		for (int k = 0; k < WR_REPAIR_COUNT; k++) {
			if (wr_repair_hive_kind((enum wr_repair_kind)k) != wr_session_kind(s, i))
				continue;
			if (!check_one(s, d, (enum wr_repair_kind)k, i)) {
				wr_diagnosis_free(d);
				wr_error_set(err, ENOMEM, _("out of memory"));
				return -1;
			}
		}
	if (d->n_findings)
		qsort(d->findings, d->n_findings, sizeof(*d->findings), by_severity);
	return 0;
}

static void free_items(struct wr_diagnosis_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i].evidence);
	free(items);
}

void wr_diagnosis_free(struct wr_diagnosis *d)
{
	free_items(d->findings, d->n_findings);
	free_items(d->fine, d->n_fine);
	free_items(d->unchecked, d->n_unchecked);
	memset(d, 0, sizeof(*d));
}

bool wr_diagnosis_serious(const struct wr_diagnosis *d)
{
	for (size_t i = 0; i < d->n_findings; i++)
		if (d->findings[i].severity != WR_SEVERITY_INFO)
			return true;
	return false;
}
