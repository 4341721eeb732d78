/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-checks.c - libFuzzer target: arbitrary bytes as a BCD, SYSTEM and SOFTWARE hive into every
 * repair's check, its severity and its plan, then the diff of what was staged. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hive/hive.h"
#include "repair/repair.h"
#include "txn/txn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Each repair of `kind` on hive `i`: the check with its report, the
 * severity, and the transaction (which edits the hive in memory, so later
 * checks read what earlier plans wrote; the keys it deletes go through the
 * check of their cells that keeps libhivex's writer from aborting). */
static void every_repair(struct wr_stage *s, size_t i, enum wr_hive_kind kind)
{
	for (int k = 0; k < WR_REPAIR_COUNT; k++) {
		struct wr_repair_opts o;
		struct wr_buf report = WR_BUF_INIT;
		struct wr_error err = {0};
		bool needed;

		if (wr_repair_hive_kind((enum wr_repair_kind)k) != kind)
			continue;
		wr_repair_opts_default(&o);
		o.system_hive = kind == WR_KIND_SYSTEM ? (int)i : -1;
		o.software_hive = kind == WR_KIND_SOFTWARE ? (int)i : -1;
		o.service = "acmeflt";
		o.profile_sid = "S-1-5-21-1-2-3-1001";
		if (wr_repair_check((enum wr_repair_kind)k, s, i, &o, &needed, &report, &err) ==
		        0 &&
		    needed)
			wr_repair_severity((enum wr_repair_kind)k, s, i, &o);
		wr_buf_free(&report);
		if (!wr_repair_info((enum wr_repair_kind)k)->report_only)
			wr_repair_stage((enum wr_repair_kind)k, s, i, &o, &err);
	}
}

static void as_kind(const char *path, enum wr_hive_kind kind)
{
	struct wr_error err = {0};
	struct wr_hive *h = wr_hive_open(path, WR_HIVE_WRITE, &err);
	struct wr_stage *s = h ? wr_stage_new() : NULL;
	struct wr_buf diff = WR_BUF_INIT;
	size_t i;

	if (s &&
	    wr_stage_add_hive(s, h, kind, "STORE", wr_hive_kind_mount(kind), NULL, &i, &err) == 0) {
		every_repair(s, i, kind);
		wr_stage_render(s, WR_DIFF_COMMANDS | WR_DIFF_VALUES, &diff, &err);
		wr_buf_free(&diff);
	}
	wr_stage_free(s);
	wr_hive_close(h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* hivex opens files by name: give it an anonymous one. */
	int fd = memfd_create("hive", MFD_CLOEXEC);
	char path[64];

	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	as_kind(path, WR_KIND_BCD);
	as_kind(path, WR_KIND_SYSTEM);
	as_kind(path, WR_KIND_SOFTWARE);
	close(fd);
	return 0;
}
