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

/* Append an item to a list (it takes the evidence); false when memory ran out. */
static bool add(struct wr_diagnosis_item **list, size_t *n, struct wr_diagnosis_item *item)
{
	struct wr_diagnosis_item *grown = realloc(*list, (*n + 1) * sizeof(**list));

	if (!grown) {
		free(item->evidence);
		return false;
	}
	*list = grown;
	grown[(*n)++] = *item;
	return true;
}

enum wr_diagnosis_list wr_diagnose_check(struct wr_session *s, enum wr_repair_kind k, size_t i,
                                         struct wr_diagnosis_item *out)
{
	struct wr_repair_opts o;
	struct wr_buf report = WR_BUF_INIT;
	struct wr_error err = {0};
	bool needed = false;

	*out = (struct wr_diagnosis_item){k, WR_SEVERITY_INFO, i, NULL};
	if (wr_repair_info(k)->needs_disks && !wr_session_on_disk(s, i)) {
		out->evidence = strdup(_("needs the disk, not a store file"));
		return out->evidence ? WR_DIAGNOSIS_UNCHECKED : WR_DIAGNOSIS_NOMEM;
	}
	wr_repair_opts_default(&o);
	wr_session_repair_place(s, i, &o);
	if (o.store_unreadable && k != WR_REPAIR_STORE) {
		/* An empty store stands in for it: nothing else to read there. */
		out->evidence = strdup(_("the store cannot be read"));
		return out->evidence ? WR_DIAGNOSIS_UNCHECKED : WR_DIAGNOSIS_NOMEM;
	}
	if (wr_repair_check(k, wr_session_stage(s), i, &o, &needed, &report, &err) < 0) {
		wr_buf_free(&report); /* cut short: not shown as the finding */
		out->evidence = err.code == ENOMEM ? NULL : strdup(err.msg);
		return out->evidence ? WR_DIAGNOSIS_UNCHECKED : WR_DIAGNOSIS_NOMEM;
	}
	if (report.oom) {
		wr_buf_free(&report);
		return WR_DIAGNOSIS_NOMEM;
	}
	if (!needed) {
		wr_buf_free(&report);
		out->evidence = strdup("");
		return out->evidence ? WR_DIAGNOSIS_FINE : WR_DIAGNOSIS_NOMEM;
	}
	out->severity = wr_repair_severity(k, wr_session_stage(s), i, &o);
	out->evidence = wr_buf_steal(&report);
	return out->evidence ? WR_DIAGNOSIS_FINDING : WR_DIAGNOSIS_NOMEM;
}

/* Check repair `k` on hive `i`, and file the result; false when memory ran out. */
static bool check_one(struct wr_session *s, struct wr_diagnosis *d, enum wr_repair_kind k, size_t i)
{
	struct wr_diagnosis_item item;

	switch (wr_diagnose_check(s, k, i, &item)) {
	case WR_DIAGNOSIS_FINDING:
		return add(&d->findings, &d->n_findings, &item);
	case WR_DIAGNOSIS_FINE:
		return add(&d->fine, &d->n_fine, &item);
	case WR_DIAGNOSIS_UNCHECKED:
		return add(&d->unchecked, &d->n_unchecked, &item);
	default:
		return false;
	}
}

static int by_severity(const void *a, const void *b)
{
	const struct wr_diagnosis_item *x = a, *y = b;
	int sx = (int)x->severity, sy = (int)y->severity;

	if (sx != sy)
		return sx - sy;
	return x->hive != y->hive ? (x->hive < y->hive ? -1 : 1) : (int)x->repair - (int)y->repair;
}

/* Every check of hive `i` into `d`; false when memory ran out. */
static bool check_hive(struct wr_session *s, struct wr_diagnosis *d, size_t i)
{
	for (int k = 0; k < WR_REPAIR_COUNT; k++) {
		/* An action on request is no finding, whatever its check says. */
		if (wr_repair_hive_kind((enum wr_repair_kind)k) != wr_session_kind(s, i) ||
		    wr_repair_info((enum wr_repair_kind)k)->on_request)
			continue;
		if (!check_one(s, d, (enum wr_repair_kind)k, i))
			return false;
	}
	return true;
}

int wr_diagnose(struct wr_session *s, struct wr_diagnosis *d, struct wr_error *err)
{
	return wr_diagnose_hives(s, 0, wr_session_count(s), d, err);
}

int wr_diagnose_hives(struct wr_session *s, size_t first, size_t n, struct wr_diagnosis *d,
                      struct wr_error *err)
{
	memset(d, 0, sizeof(*d));
	for (size_t i = first; i < first + n && i < wr_session_count(s); i++)
		if (!check_hive(s, d, i)) {
			wr_diagnosis_free(d);
			wr_error_set(err, ENOMEM, _("out of memory"));
			return -1;
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
