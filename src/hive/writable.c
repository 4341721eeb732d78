/* SPDX-License-Identifier: GPL-3.0-or-later */
/* writable.c - whether a hive may be written, given what its transaction logs can recover. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "hive.h"

bool wr_hive_write_blocked(const struct wr_replay *rep, const char *label, char *why, size_t len)
{
	const struct wr_regf_header *h = &rep->before;

	*why = '\0';
	if (h->minor > 5)
		snprintf(why, len,
		         _("%s is a differencing (layered) hive, format 1.%u: it only makes sense "
		           "on top of its base hive, and winrescue does not write such hives"),
		         label, h->minor);
	else if (rep->dirty && !rep->applied && !h->checksum_ok)
		snprintf(
		    why, len,
		    _("%s is dirty (its base block's checksum is wrong) and no transaction log "
		      "can recover it: it can be read, not repaired"),
		    label);
	else if (rep->dirty && !rep->applied)
		snprintf(why, len,
		         _("%s is dirty (sequence numbers %u and %u differ) and no transaction log "
		           "can recover it: writing it would lose its newest changes; it can be "
		           "read, not repaired"),
		         label, h->seq1, h->seq2);
	return *why != '\0';
}

void wr_hive_replay_summary(const struct wr_replay *rep, const char *label, char *out, size_t len)
{
	const char *stopped = NULL;
	size_t pages = 0, used;

	*out = '\0';
	for (size_t i = 0; i < rep->n_logs; i++)
		if (rep->logs[i].state == WR_LOG_APPLIED) {
			pages += rep->logs[i].pages;
			stopped = rep->logs[i].why[0] ? rep->logs[i].why : stopped;
		}
	if (rep->applied && rep->before.checksum_ok)
		snprintf(
		    out, len,
		    _("%s was dirty (sequence %u and %u): its logs were replayed (%zu pages, now "
		      "clean at %u); a commit writes the recovered hive"),
		    label, rep->before.seq1, rep->before.seq2, pages, rep->seq);
	else if (rep->applied)
		snprintf(
		    out, len,
		    _("%s was dirty (damaged base block): its logs were replayed (%zu pages, now "
		      "clean at %u); a commit writes the recovered hive"),
		    label, pages, rep->seq);
	else if (rep->logs_newer)
		snprintf(out, len,
		         _("%s is clean, but a log holds later writes that Windows ignores"),
		         label);
	used = strlen(out);
	if (rep->applied && stopped && used < len)
		snprintf(out + used, len - used,
		         _("; replay stopped at a bad entry, as Windows does (%s)"), stopped);
}
