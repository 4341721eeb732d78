/* SPDX-License-Identifier: GPL-3.0-or-later */
/* listing.c - the disks as people and programs read them: the host's disks, what is on the
 * attached ones (text and JSON), and what stops a repair on them. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/json.h"
#include "base/text.h"
#include "inventory-internal.h"

/*
 * Text that came from a disk (a label, a file name, a product name, a
 * mount point) is shown through wr_buf_put_printable, never as it is: a
 * hostile disk must not drive the terminal or forge a line.  `struct
 * shown` holds the few such strings one line needs (four at most).
 */
struct shown {
	struct wr_buf b[4];
	int n;
};

static const char *show(struct shown *s, const char *text)
{
	struct wr_buf *b = &s->b[s->n++];

	wr_buf_put_printable(b, text);
	return wr_buf_str(b);
}

/* Free them; a failed allocation marks `out` failed too. */
static void shown_free(struct shown *s, struct wr_buf *out)
{
	for (int i = 0; i < s->n; i++) {
		out->oom |= s->b[i].oom;
		wr_buf_free(&s->b[i]);
	}
	s->n = 0;
}

/* ---- the host's disks ---- */

/* What a disk or partition is used for, for the USE column. */
static void describe_use(struct wr_buf *b, bool system, bool held, bool readonly,
                         const char *mounts)
{
	struct shown s = {0};

	if (system)
		wr_buf_printf(b, "%s%s", b->len ? "; " : "", _("system disk"));
	if (mounts) {
		wr_buf_printf(b, "%s", b->len ? "; " : "");
		wr_buf_printf(b, _("mounted on %s"), show(&s, mounts));
	}
	if (held)
		wr_buf_printf(b, "%s%s", b->len ? "; " : "", _("in use by device-mapper or md"));
	if (readonly)
		wr_buf_printf(b, "%s%s", b->len ? "; " : "", _("read-only"));
	shown_free(&s, b);
}

static void host_row(struct wr_buf *out, const char *device, uint64_t size, const char *rm,
                     const char *model, struct wr_buf *use)
{
	struct shown s = {0};
	char sz[32];

	wr_format_size(size, sz, sizeof(sz));
	wr_buf_printf(out, "%-14s %9s  %-3s %-24.24s %s\n", device, sz, rm, show(&s, model),
	              wr_buf_str(use));
	shown_free(&s, out);
	out->oom |= use->oom;
	wr_buf_free(use);
}

void wr_host_disks_text(const struct wr_host_disks *disks, struct wr_buf *out)
{
	/* TRANSLATORS: column headings of "winrescue disks"; keep the widths. */
	wr_buf_printf(out, "%-14s %9s  %-3s %-24s %s\n", _("DEVICE"), _("SIZE"), _("RM"),
	              _("MODEL"), _("USE"));
	for (size_t i = 0; i < disks->n; i++) {
		const struct wr_host_disk *d = &disks->disks[i];
		struct wr_buf use = WR_BUF_INIT;

		describe_use(&use, d->system, false, d->readonly, d->mounts);
		host_row(out, d->path, d->size, d->removable ? _("yes") : _("no"),
		         d->model[0] ? d->model : "-", &use);
		for (size_t j = 0; j < d->n_partitions; j++) {
			const struct wr_host_partition *p = &d->partitions[j];
			char name[300];

			describe_use(&use, false, p->held, false, p->mounts);
			snprintf(name, sizeof(name), "  /dev/%s", p->name);
			host_row(out, name, p->size, "", "", &use);
		}
	}
}

static void json_mounts(struct wr_json *j, const char *mounts)
{
	char *copy = mounts ? strdup(mounts) : NULL, *save = NULL;

	if (mounts && !copy)
		j->out->oom = true;
	wr_json_begin_array(j, "mounts");
	for (char *p = copy ? strtok_r(copy, ",", &save) : NULL; p; p = strtok_r(NULL, ",", &save))
		wr_json_string(j, NULL, p + strspn(p, " "));
	wr_json_end_array(j);
	free(copy);
}

static void json_host_partition(struct wr_json *j, const struct wr_host_partition *p)
{
	char path[300];

	snprintf(path, sizeof(path), "/dev/%s", p->name);
	wr_json_begin_object(j, NULL);
	wr_json_string(j, "path", path);
	wr_json_uint(j, "number", p->number);
	wr_json_uint(j, "start", p->start);
	wr_json_uint(j, "size", p->size);
	wr_json_bool(j, "held", p->held);
	json_mounts(j, p->mounts);
	wr_json_end_object(j);
}

void wr_host_disks_json(const struct wr_host_disks *disks, struct wr_buf *out)
{
	struct wr_json j = {.out = out};

	wr_json_begin_object(&j, NULL);
	wr_json_string(&j, "schema", "winrescue-host-disks/1");
	wr_json_begin_array(&j, "disks");
	for (size_t i = 0; i < disks->n; i++) {
		const struct wr_host_disk *d = &disks->disks[i];

		wr_json_begin_object(&j, NULL);
		wr_json_string(&j, "path", d->path);
		wr_json_uint(&j, "size", d->size);
		wr_json_string(&j, "model", d->model);
		wr_json_bool(&j, "removable", d->removable);
		wr_json_bool(&j, "readonly", d->readonly);
		wr_json_bool(&j, "system", d->system);
		wr_json_bool(&j, "held", d->held);
		json_mounts(&j, d->mounts);
		wr_json_begin_array(&j, "partitions");
		for (size_t k = 0; k < d->n_partitions; k++)
			json_host_partition(&j, &d->partitions[k]);
		wr_json_end_array(&j);
		wr_json_end_object(&j);
	}
	wr_json_end_array(&j);
	wr_json_end_object(&j);
}

/* ---- what is on the attached disks: text ---- */

const char *wr_log_state_name(enum wr_log_state s)
{
	static const char *const names[] = {
	    [WR_LOG_UNUSABLE] = N_("unusable"),
	    [WR_LOG_STALE] = N_("not needed"),
	    [WR_LOG_UNUSED] = N_("not reached"),
	    [WR_LOG_APPLIED] = N_("used"),
	};

	return _(names[s]);
}

void wr_replay_logs_text(const struct wr_replay *rep, const char *indent, struct wr_buf *out)
{
	for (size_t i = 0; i < rep->n_logs; i++) {
		const struct wr_log_report *l = &rep->logs[i];
		struct shown s = {0};

		wr_buf_printf(out, "%s%s: ", indent, show(&s, l->name));
		if (l->format)
			wr_buf_printf(out, _("%s format, sequence %u: "),
			              l->format == WR_REGF_LOG_NEW ? "HvLE" : "DIRT", l->seq);
		wr_buf_puts(out, wr_log_state_name(l->state));
		if (l->state == WR_LOG_APPLIED && l->entries == 1)
			wr_buf_printf(out, _(" (entry %u)"), l->first);
		else if (l->state == WR_LOG_APPLIED && l->entries > 1)
			wr_buf_printf(out, _(" (entries %u-%u)"), l->first, l->last);
		if (l->state == WR_LOG_APPLIED)
			wr_buf_printf(out, P_(", %zu page", ", %zu pages", l->pages), l->pages);
		if (l->why[0])
			wr_buf_printf(out, l->state == WR_LOG_APPLIED ? _("; stopped: %s") : ": %s",
			              show(&s, l->why));
		wr_buf_putc(out, '\n');
		shown_free(&s, out);
	}
}

static void disk_header(const struct wr_disk *d, struct wr_buf *out)
{
	struct shown s = {0};
	const char *path = show(&s, d->path);
	char size[32];

	wr_format_size(d->size, size, sizeof(size));
	if (strcmp(d->table, "mbr") == 0)
		wr_buf_printf(out, _("%s: %s, MBR, disk signature %08x\n"), path, size,
		              d->signature);
	else if (strcmp(d->table, "gpt") == 0)
		wr_buf_printf(out, _("%s: %s, GPT, disk GUID %s\n"), path, size,
		              show(&s, d->disk_guid));
	else
		wr_buf_printf(out, _("%s: %s, no partition table\n"), path, size);
	shown_free(&s, out);
}

static void partition_line(const struct wr_part *p, struct wr_buf *out)
{
	struct shown s = {0};
	struct wr_buf fs = WR_BUF_INIT;
	char start[32], size[32];

	wr_format_size(p->start, start, sizeof(start));
	wr_format_size(p->size, size, sizeof(size));
	if (!p->fs[0])
		wr_buf_puts(&fs, _("no filesystem"));
	else if (p->label[0])
		wr_buf_printf(&fs, "%s \"%s\"", show(&s, p->fs), show(&s, p->label));
	else
		wr_buf_puts(&fs, show(&s, p->fs));
	/* TRANSLATORS: partition number, start, size, filesystem, role */
	wr_buf_printf(out, _("  %2u  at %s, %s, %s: %s\n"), p->number, start, size, wr_buf_str(&fs),
	              _(wr_part_role_name(p->role)));
	if (p->mbr_type >= 0)
		wr_buf_printf(out, _("      MBR type %02x\n"), (unsigned)p->mbr_type);
	else
		wr_buf_printf(out, _("      type %s, GUID %s\n"), show(&s, p->type_guid),
		              show(&s, p->guid));
	wr__bitlocker_lines(p, "      ", out);
	out->oom |= fs.oom;
	wr_buf_free(&fs);
	shown_free(&s, out);
}

/* A hive's state, and when it matters (dirty, or logs Windows will
 * ignore) its logs and what loading it does with them. */
static void hive_state(const struct wr_found *f, struct wr_buf *out)
{
	const struct wr_replay *r = &f->replay;

	if (!f->valid)
		wr_buf_printf(out, "%s\n", _("not a valid hive"));
	else if (!f->dirty)
		wr_buf_printf(out, _("clean (sequence %u)\n"), r->before.seq1);
	else if (!r->before.checksum_ok)
		wr_buf_printf(out, "%s\n", _("dirty (its base block's checksum is wrong)"));
	else
		wr_buf_printf(out, _("dirty (sequence numbers %u and %u differ)\n"), r->before.seq1,
		              r->before.seq2);
	if (!f->valid || (!f->dirty && !r->logs_newer))
		return;
	wr_replay_logs_text(r, "           ", out);
	if (wr_found_logs_unread(f))
		wr_buf_printf(
		    out, "           %s\n",
		    _("a log was not read here: loading the hive says whether they recover it"));
	else if (r->applied)
		wr_buf_printf(
		    out,
		    _("           its logs recover it (clean at %u): winrescue replays them "
		      "before a repair\n"),
		    r->seq);
	else if (f->dirty)
		wr_buf_printf(out, "           %s\n",
		              _("no log can recover it: winrescue will not write it"));
}

static void windows_lines(const struct wr_inventory *inv, struct wr_buf *out)
{
	if (inv->n_windows)
		wr_buf_printf(out, "%s\n", _("Windows installations:"));
	for (size_t i = 0; i < inv->n_windows; i++) {
		const struct wr_windows *w = &inv->windows[i];
		struct shown s = {0};
		const char *part = show(&s, inv->parts[w->part].name);
		const char *product = show(&s, w->product);
		const char *arch = show(&s, w->arch);

		if (w->software == WR_SOFTWARE_READ)
			wr_buf_printf(out, _("  %s: %s %d.%d, %s, %s\n"), part, product, w->major,
			              w->minor, arch, show(&s, w->systemroot));
		else /* the installation is there all the same: say why it is unnamed */
			wr_buf_printf(out, "  %s: %s, %s, %s\n", part,
			              w->software == WR_SOFTWARE_MISSING
			                  ? _("product unknown (no SOFTWARE hive)")
			                  : _("product unknown (its SOFTWARE hive cannot be read)"),
			              arch, show(&s, w->systemroot));
		shown_free(&s, out);
	}
}

static void found_lines(const struct wr_inventory *inv, struct wr_buf *out)
{
	char path[300], size[32];

	if (inv->n_found)
		wr_buf_printf(out, "%s\n", _("BCD stores and registry hives:"));
	for (size_t i = 0; i < inv->n_found; i++) {
		const struct wr_found *f = &inv->found[i];
		struct shown s = {0};
		const char *part = show(&s, inv->parts[f->part].name);

		wr_windows_path(f->path, path, sizeof(path));
		wr_format_size(f->size, size, sizeof(size));
		wr_buf_printf(out, "  %-8s %s: %s, %s, ", wr_found_kind_name(f->kind), part,
		              show(&s, path), size);
		shown_free(&s, out);
		hive_state(f, out);
	}
}

void wr_inventory_text(const struct wr_inventory *inv, struct wr_buf *out)
{
	for (size_t d = 0; d < inv->n_disks; d++) {
		disk_header(&inv->disks[d], out);
		for (size_t i = 0; i < inv->n_parts; i++)
			if (inv->parts[i].disk == d)
				partition_line(&inv->parts[i], out);
	}
	windows_lines(inv, out);
	found_lines(inv, out);
}

/* ---- what stops a repair ---- */

/* Whether disk `d` holds a Windows installation or a BCD store. */
static bool disk_has_windows_or_bcd(const struct wr_inventory *inv, size_t d)
{
	for (size_t i = 0; i < inv->n_windows; i++)
		if (inv->parts[inv->windows[i].part].disk == d)
			return true;
	for (size_t i = 0; i < inv->n_found; i++)
		if (inv->found[i].kind == WR_FOUND_BCD && inv->parts[inv->found[i].part].disk == d)
			return true;
	return false;
}

size_t wr_inventory_problems(const struct wr_inventory *inv, struct wr_buf *out)
{
	struct shown s = {0};
	size_t n = 0;
	bool bcd = false;

	for (size_t d = 0; d < inv->n_disks; d++) {
		const char *why = !inv->disks[d].table[0] ? _("no partition table")
		                  : !disk_has_windows_or_bcd(inv, d)
		                      ? _("no Windows installation and no BCD store")
		                      : NULL;

		if (why) {
			wr_buf_printf(out, _("%s: %s on this disk\n"), show(&s, inv->disks[d].path),
			              why);
			shown_free(&s, out);
			n++;
		}
	}
	for (size_t i = 0; i < inv->n_parts; i++) {
		if (inv->parts[i].role == WR_ROLE_BITLOCKER) {
			wr__bitlocker_problem(&inv->parts[i], show(&s, inv->parts[i].name), out);
			shown_free(&s, out);
			n++;
		}
	}
	for (size_t i = 0; i < inv->n_found; i++)
		bcd |= inv->found[i].kind == WR_FOUND_BCD;
	if (inv->n_windows && !bcd) {
		wr_buf_puts(out,
		            _("no BCD store found on the given disks (attach the disk with the "
		              "System Reserved or EFI partition too)\n"));
		n++;
	}
	return n;
}

/* ---- what is on the attached disks: JSON ---- */

/* Stable names for --json. */
static const char *const role_keys[] = {
    [WR_ROLE_DATA] = "data",
    [WR_ROLE_EFI] = "efi",
    [WR_ROLE_MSR] = "msr",
    [WR_ROLE_SYSTEM_RESERVED] = "system-reserved",
    [WR_ROLE_WINDOWS] = "windows",
    [WR_ROLE_RECOVERY] = "recovery",
    [WR_ROLE_BITLOCKER] = "bitlocker",
};

static void json_partition(struct wr_json *j, const struct wr_part *p)
{
	wr_json_begin_object(j, NULL);
	wr_json_uint(j, "number", p->number);
	wr_json_string(j, "name", p->name);
	wr_json_uint(j, "start", p->start);
	wr_json_uint(j, "size", p->size);
	if (p->mbr_type >= 0)
		wr_json_uint(j, "mbr_type", (uint64_t)p->mbr_type);
	else
		wr_json_null(j, "mbr_type");
	wr_json_string(j, "type_guid", p->type_guid[0] ? p->type_guid : NULL);
	wr_json_string(j, "guid", p->guid[0] ? p->guid : NULL);
	wr_json_string(j, "filesystem", p->fs[0] ? p->fs : NULL);
	wr_json_string(j, "label", p->label);
	wr_json_string(j, "role", role_keys[p->role]);
	wr__bitlocker_json(j, p);
	wr_json_end_object(j);
}

static void json_disks(struct wr_json *j, const struct wr_inventory *inv)
{
	char sig[9];

	wr_json_begin_array(j, "disks");
	for (size_t d = 0; d < inv->n_disks; d++) {
		const struct wr_disk *disk = &inv->disks[d];

		snprintf(sig, sizeof(sig), "%08x", disk->signature);
		wr_json_begin_object(j, NULL);
		wr_json_string(j, "path", disk->path);
		wr_json_uint(j, "size", disk->size);
		wr_json_string(j, "table", disk->table[0] ? disk->table : NULL);
		wr_json_string(j, "disk_signature", strcmp(disk->table, "mbr") == 0 ? sig : NULL);
		wr_json_string(j, "disk_guid", disk->disk_guid[0] ? disk->disk_guid : NULL);
		wr_json_begin_array(j, "partitions");
		for (size_t i = 0; i < inv->n_parts; i++)
			if (inv->parts[i].disk == d)
				json_partition(j, &inv->parts[i]);
		wr_json_end_array(j);
		wr_json_end_object(j);
	}
	wr_json_end_array(j);
}

static const char *const log_state_keys[] = {
    [WR_LOG_UNUSABLE] = "unusable",
    [WR_LOG_STALE] = "not-needed",
    [WR_LOG_UNUSED] = "not-reached",
    [WR_LOG_APPLIED] = "used",
};

static void json_log(struct wr_json *j, const struct wr_log_report *l)
{
	wr_json_begin_object(j, NULL);
	wr_json_string(j, "name", l->name);
	wr_json_string(j, "format",
	               !l->format                     ? NULL
	               : l->format == WR_REGF_LOG_NEW ? "HvLE"
	                                              : "DIRT");
	if (l->format)
		wr_json_uint(j, "sequence", l->seq);
	else
		wr_json_null(j, "sequence");
	wr_json_string(j, "state", log_state_keys[l->state]);
	wr_json_uint(j, "entries", l->entries);
	if (l->entries) {
		wr_json_uint(j, "first", l->first);
		wr_json_uint(j, "last", l->last);
	} else {
		wr_json_null(j, "first");
		wr_json_null(j, "last");
	}
	wr_json_uint(j, "pages", l->pages);
	wr_json_bool(j, "newer", l->newer);
	wr_json_string(j, "why", l->why);
	wr_json_end_object(j);
}

/* Sequence numbers, logs, and what loading the hive replays. */
static void json_hive_state(struct wr_json *j, const struct wr_found *f)
{
	const struct wr_replay *r = &f->replay;

	wr_json_bool(j, "dirty", f->dirty);
	if (!f->valid) {
		wr_json_null(j, "sequence1");
		wr_json_null(j, "sequence2");
		wr_json_null(j, "checksum_ok");
	} else {
		wr_json_uint(j, "sequence1", r->before.seq1);
		wr_json_uint(j, "sequence2", r->before.seq2);
		wr_json_bool(j, "checksum_ok", r->before.checksum_ok);
	}
	wr_json_begin_array(j, "logs");
	for (size_t i = 0; i < r->n_logs; i++)
		json_log(j, &r->logs[i]);
	wr_json_end_array(j);
	wr_json_bool(j, "logs_newer", r->logs_newer);
	if (wr_found_logs_unread(f))
		wr_json_null(j, "replayable"); /* known when the hive is loaded */
	else
		wr_json_bool(j, "replayable", f->dirty && r->applied);
	if (f->dirty && r->applied && !wr_found_logs_unread(f))
		wr_json_uint(j, "sequence_after_replay", r->seq);
	else
		wr_json_null(j, "sequence_after_replay");
}

/* What "software" says in JSON: whether the product came from it. */
static const char *const software_states[] = {
    [WR_SOFTWARE_READ] = "read",
    [WR_SOFTWARE_MISSING] = "missing",
    [WR_SOFTWARE_UNREADABLE] = "unreadable",
};

static void json_windows(struct wr_json *j, const struct wr_inventory *inv)
{
	wr_json_begin_array(j, "windows");
	for (size_t i = 0; i < inv->n_windows; i++) {
		const struct wr_windows *w = &inv->windows[i];

		wr_json_begin_object(j, NULL);
		wr_json_string(j, "partition", inv->parts[w->part].name);
		wr_json_string(j, "product", w->product);
		wr_json_uint(j, "major", (uint64_t)w->major);
		wr_json_uint(j, "minor", (uint64_t)w->minor);
		wr_json_string(j, "arch", w->arch);
		wr_json_string(j, "systemroot", w->systemroot);
		wr_json_string(j, "software", software_states[w->software]);
		wr_json_end_object(j);
	}
	wr_json_end_array(j);
}

static void json_files(struct wr_json *j, const struct wr_inventory *inv)
{
	char path[300];

	wr_json_begin_array(j, "files");
	for (size_t i = 0; i < inv->n_found; i++) {
		const struct wr_found *f = &inv->found[i];

		wr_windows_path(f->path, path, sizeof(path));
		wr_json_begin_object(j, NULL);
		wr_json_string(j, "kind", wr_found_kind_name(f->kind));
		wr_json_string(j, "partition", inv->parts[f->part].name);
		wr_json_string(j, "path", path);
		wr_json_uint(j, "size", f->size);
		wr_json_bool(j, "valid", f->valid);
		json_hive_state(j, f);
		wr_json_end_object(j);
	}
	wr_json_end_array(j);
}

void wr_inventory_json(const struct wr_inventory *inv, struct wr_buf *out)
{
	struct wr_buf problems = WR_BUF_INIT;
	struct wr_json j = {.out = out};

	wr_inventory_problems(inv, &problems);
	wr_json_begin_object(&j, NULL);
	wr_json_string(&j, "schema", "winrescue-disks/1");
	json_disks(&j, inv);
	json_windows(&j, inv);
	json_files(&j, inv);
	wr_json_begin_array(&j, "problems");
	for (char *c = problems.data, *line; (line = wr_next_line(&c));)
		wr_json_string(&j, NULL, line);
	wr_json_end_array(&j);
	wr_json_end_object(&j);
	out->oom |= problems.oom;
	wr_buf_free(&problems);
}
