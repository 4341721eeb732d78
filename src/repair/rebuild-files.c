/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rebuild-files.c - bcdboot's boot files: from the Windows partition's Windows\Boot to the
 * system partition, each copied where it is missing or different. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/text.h"
#include "internal.h"
#include "repair.h"

/* A folder of Windows\Boot and where bcdboot puts what it holds. */
struct boot_tree {
	const char *from; /* below \Windows\Boot */
	const char *to;   /* on the system partition */
};

static const struct boot_tree bios_trees[] = {{"/PCAT", "/Boot"}, {"/Fonts", "/Boot/Fonts"}};
static const struct boot_tree uefi_trees[] = {{"/EFI", "/EFI/Microsoft/Boot"},
                                              {"/Fonts", "/EFI/Microsoft/Boot/Fonts"}};

struct plan {
	struct wr_stage *s;
	size_t hive;
	const struct wr_repair_opts *o;
	const struct wr_part *from_part;
	bool apply, *needed;
	struct wr_buf *report;
};

/* Where file `rel` of tree `t` goes: PCAT's bootmgr to the root, where
 * BIOS boot code looks for it; every other one into the tree's folder. */
static void target_of(const struct boot_tree *t, const char *rel, char *out, size_t len)
{
	if (strcmp(t->from, "/PCAT") == 0 && strcasecmp(rel, "bootmgr") == 0)
		snprintf(out, len, "/bootmgr");
	else
		snprintf(out, len, "%s/%s", t->to, rel);
}

/* A store and its logs are never a boot file to copy over. */
static bool is_store(const char *rel)
{
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;

	return strcasecmp(base, "BCD") == 0 || strncasecmp(base, "BCD.", 4) == 0;
}

/* Whether an applied transaction already copies to `path` on `part`. */
static bool staged(const struct plan *p, size_t part, const char *path)
{
	for (size_t t = 0; t < wr_stage_count(p->s); t++) {
		const struct wr_txn *txn = wr_stage_txn(p->s, t);

		for (size_t k = 0; k < txn->n_copies; k++)
			if (txn->copies[k].part == part &&
			    strcasecmp(txn->copies[k].path, path) == 0)
				return true;
	}
	return false;
}

static void shown(const struct wr_part *part, const char *path, char *out, size_t len)
{
	char win[600];

	wr_windows_path(path, win, sizeof(win));
	snprintf(out, len, "%.300s %s", part->name, win);
}

/* Copy `from` (on the Windows partition) to `to` (on the store's), when
 * `to` is missing or holds other bytes. */
static int plan_one(struct plan *p, const char *from, const char *want, struct wr_error *err)
{
	const struct wr_part *to_part = p->o->store_part;
	struct wr_file_copy c = {.hive = p->hive,
	                         .part = (size_t)(to_part - p->o->inv->parts),
	                         .from_part = (size_t)(p->from_part - p->o->inv->parts)};
	char to[600], label_to[1200], label_from[1200];
	uint64_t size;
	int r;

	/* The folders on the way as they are spelled there (Windows names
	 * ignore case; the NTFS driver does not). */
	if ((r = wr_guest_find(p->o->guest, to_part, want, to, sizeof(to), err)) < 0)
		return -1;
	if (r == 1)
		snprintf(to, sizeof(to), "%s", want);
	if (staged(p, c.part, to))
		return 0;
	if (wr_guest_sha256(p->o->guest, p->from_part, from, c.sha256, err) < 0 ||
	    wr_guest_stat(p->o->guest, p->from_part, from, &c.size, err) < 0 ||
	    (r = wr_guest_stat(p->o->guest, to_part, to, &size, err)) < 0)
		return -1;
	if (r == 0 && wr_guest_sha256(p->o->guest, to_part, to, c.before, err) < 0)
		return -1;
	if (strcmp(c.before, c.sha256) == 0)
		return 0;
	*p->needed = true;
	shown(to_part, to, label_to, sizeof(label_to));
	shown(p->from_part, from, label_from, sizeof(label_from));
	if (p->report)
		wr_buf_printf_printable(p->report,
		                        c.before[0] ? _("  %s: differs from %s, replaced\n")
		                                    : _("  %s: missing, copied from %s\n"),
		                        label_to, label_from);
	c.path = to;
	c.from = (char *)from;
	c.shown_path = label_to;
	c.shown_from = label_from;
	return p->apply ? wr_txn_copy_file(p->s, &c, err) : 0;
}

/* Every file of tree `t` below `boot` (the installation's Windows\Boot). */
static int plan_tree(struct plan *p, const char *boot, const struct boot_tree *t,
                     struct wr_error *err)
{
	char want[600], dir[600], from[1200], to[1200], **files;
	int r;

	snprintf(want, sizeof(want), "%s%s", boot, t->from);
	if ((r = wr_guest_find(p->o->guest, p->from_part, want, dir, sizeof(dir), err)) != 0)
		return r < 0 ? -1 : 0;
	if ((r = wr_guest_list_files(p->o->guest, p->from_part, dir, &files, err)) != 0)
		return r < 0 ? -1 : 0;
	for (size_t i = 0; r == 0 && files[i]; i++) {
		if (is_store(files[i]))
			continue;
		snprintf(from, sizeof(from), "%s/%s", dir, files[i]);
		target_of(t, files[i], to, sizeof(to));
		r = plan_one(p, from, to, err);
		/* The UEFI fallback the firmware starts with no entry of its own. */
		if (r == 0 && strcmp(t->from, "/EFI") == 0 &&
		    strcasecmp(files[i], "bootmgfw.efi") == 0)
			r = plan_one(p, from, "/EFI/Boot/bootx64.efi", err);
	}
	wr_guest_names_free(files);
	return r;
}

int wr__rebuild_boot_files(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                           const struct wr_windows *w, enum wr_firmware fw, bool apply,
                           bool *needed, struct wr_buf *report, struct wr_error *err)
{
	struct plan p = {s, hive, o, &o->inv->parts[w->part], apply, needed, report};
	const struct boot_tree *trees = fw == WR_FIRMWARE_UEFI ? uefi_trees : bios_trees;
	char boot[600];

	if (!o->guest)
		return 0;
	snprintf(boot, sizeof(boot), "%s/Boot", w->systemroot);
	for (char *c = boot; *c; c++)
		*c = *c == '\\' ? '/' : *c;
	for (size_t i = 0; i < 2; i++)
		if (plan_tree(&p, boot, &trees[i], err) < 0)
			return -1;
	return 0;
}
