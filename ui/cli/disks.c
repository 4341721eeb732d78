/* SPDX-License-Identifier: GPL-3.0-or-later */
/* disks.c - "winrescue disks": the host's disks (sysfs), or what is on the given ones. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/json.h"
#include "base/text.h"
#include "cli.h"
#include "disk/disk.h"

static void disks_usage(FILE *out)
{
	fprintf(out, _("Usage: %s disks [--json] [DISK...]\n"), PACKAGE);
	fputs(_("Without DISK, list the host's disks and which are in use; with DISK (block\n"
	        "devices or image files), show their partitions, Windows installations, BCD\n"
	        "stores and registry hives.\n"),
	      out);
	fputs("\n", out);
	fputs(_("  -j, --json   JSON instead of text\n"), out);
	fputs(_("  -h, --help   show this help and exit\n"), out);
}

/* What a disk or partition is used for, for the USE column. */
static void describe_use(struct wr_buf *b, bool system, bool held, bool readonly,
                         const char *mounts)
{
	if (system)
		wr_buf_printf(b, "%s%s", b->len ? "; " : "", _("system disk"));
	if (mounts) {
		wr_buf_printf(b, "%s", b->len ? "; " : "");
		wr_buf_printf(b, _("mounted on %s"), mounts);
	}
	if (held)
		wr_buf_printf(b, "%s%s", b->len ? "; " : "", _("in use by device-mapper or md"));
	if (readonly)
		wr_buf_printf(b, "%s%s", b->len ? "; " : "", _("read-only"));
}

static void print_row(const char *device, uint64_t size, const char *rm, const char *model,
                      const char *use)
{
	char sz[32];
	struct wr_buf safe = WR_BUF_INIT;

	wr_format_size(size, sz, sizeof(sz));
	wr_buf_put_printable(&safe, model);
	printf("%-14s %9s  %-3s %-24.24s %s\n", device, sz, rm, wr_buf_str(&safe), use);
	wr_buf_free(&safe);
}

static void print_host_disks(const struct wr_host_disks *disks)
{
	/* TRANSLATORS: column headings of "winrescue disks"; keep the widths. */
	printf("%-14s %9s  %-3s %-24s %s\n", _("DEVICE"), _("SIZE"), _("RM"), _("MODEL"), _("USE"));
	for (size_t i = 0; i < disks->n; i++) {
		const struct wr_host_disk *d = &disks->disks[i];
		struct wr_buf use = WR_BUF_INIT;

		describe_use(&use, d->system, false, d->readonly, d->mounts);
		print_row(d->path, d->size, d->removable ? _("yes") : _("no"),
		          d->model[0] ? d->model : "-", wr_buf_str(&use));
		wr_buf_free(&use);
		for (size_t j = 0; j < d->n_partitions; j++) {
			const struct wr_host_partition *p = &d->partitions[j];
			char name[300];

			describe_use(&use, false, p->held, false, p->mounts);
			snprintf(name, sizeof(name), "  /dev/%s", p->name);
			print_row(name, p->size, "", "", wr_buf_str(&use));
			wr_buf_free(&use);
		}
	}
}

static void json_mounts(struct wr_json *j, const char *mounts)
{
	char *copy = mounts ? strdup(mounts) : NULL, *save = NULL;

	wr_json_begin_array(j, "mounts");
	for (char *p = copy ? strtok_r(copy, ",", &save) : NULL; p; p = strtok_r(NULL, ",", &save))
		wr_json_string(j, NULL, p + strspn(p, " "));
	wr_json_end_array(j);
	free(copy);
}

static void json_host_disks(const struct wr_host_disks *disks, struct wr_buf *out)
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
		for (size_t k = 0; k < d->n_partitions; k++) {
			const struct wr_host_partition *p = &d->partitions[k];
			char path[300];

			snprintf(path, sizeof(path), "/dev/%s", p->name);
			wr_json_begin_object(&j, NULL);
			wr_json_string(&j, "path", path);
			wr_json_uint(&j, "number", p->number);
			wr_json_uint(&j, "start", p->start);
			wr_json_uint(&j, "size", p->size);
			wr_json_bool(&j, "held", p->held);
			json_mounts(&j, p->mounts);
			wr_json_end_object(&j);
		}
		wr_json_end_array(&j);
		wr_json_end_object(&j);
	}
	wr_json_end_array(&j);
	wr_json_end_object(&j);
}

/* The host's disks, straight from sysfs: no appliance, instant. */
static int host_disks(bool json)
{
	const char *sysfs = getenv("WINRESCUE_SYSFS");
	const char *mountinfo = getenv("WINRESCUE_MOUNTINFO");
	struct wr_host_disks disks;
	struct wr_error err;

	/* The two variables let the tests describe a machine of their own. */
	if (wr_host_disks_scan(sysfs ? sysfs : "/sys",
	                       mountinfo ? mountinfo : "/proc/self/mountinfo", &disks, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_FAILED;
	}
	if (json) {
		struct wr_buf out = WR_BUF_INIT;

		json_host_disks(&disks, &out);
		fputs(wr_buf_str(&out), stdout);
		wr_buf_free(&out);
	} else {
		print_host_disks(&disks);
	}
	wr_host_disks_free(&disks);
	return CLI_OK;
}

static void print_disk_header(const struct wr_disk *d)
{
	char size[32];

	wr_format_size(d->size, size, sizeof(size));
	if (strcmp(d->table, "mbr") == 0)
		printf(_("%s: %s, MBR, disk signature %08x\n"), d->path, size, d->signature);
	else if (strcmp(d->table, "gpt") == 0)
		printf(_("%s: %s, GPT, disk GUID %s\n"), d->path, size, d->disk_guid);
	else
		printf(_("%s: %s, no partition table\n"), d->path, size);
}

static void print_partition(const struct wr_part *p)
{
	char start[32], size[32], fs[160];
	struct wr_buf label = WR_BUF_INIT;

	wr_format_size(p->start, start, sizeof(start));
	wr_format_size(p->size, size, sizeof(size));
	wr_buf_put_printable(&label, p->label);
	if (!p->fs[0])
		snprintf(fs, sizeof(fs), "%s", _("no filesystem"));
	else if (label.len)
		snprintf(fs, sizeof(fs), "%s \"%s\"", p->fs, wr_buf_str(&label));
	else
		snprintf(fs, sizeof(fs), "%s", p->fs);
	wr_buf_free(&label);
	/* TRANSLATORS: partition number, start, size, filesystem, role */
	printf(_("  %2u  at %s, %s, %s: %s\n"), p->number, start, size, fs,
	       _(wr_part_role_name(p->role)));
	if (p->mbr_type >= 0)
		printf(_("      MBR type %02x\n"), (unsigned)p->mbr_type);
	else
		printf(_("      type %s, GUID %s\n"), p->type_guid, p->guid);
}

/* A hive's state, and when it matters (dirty, or logs Windows will
 * ignore) its logs and what loading it does with them. */
static void print_hive_state(const struct wr_found *f)
{
	const struct wr_replay *r = &f->replay;

	if (!f->valid)
		printf("%s\n", _("not a valid hive"));
	else if (!f->dirty)
		printf(_("clean (sequence %u)\n"), r->before.seq1);
	else if (!r->before.checksum_ok)
		printf("%s\n", _("dirty (its base block's checksum is wrong)"));
	else
		printf(_("dirty (sequence numbers %u and %u differ)\n"), r->before.seq1,
		       r->before.seq2);
	if (!f->valid || (!f->dirty && !r->logs_newer))
		return;
	cli_print_logs(r, "           ", NULL);
	if (wr_found_logs_unread(f))
		printf("           %s\n",
		       _("a log was not read here: loading the hive says whether they recover it"));
	else if (r->applied)
		printf(_("           its logs recover it (clean at %u): winrescue replays them "
		         "before a repair\n"),
		       r->seq);
	else if (f->dirty)
		printf("           %s\n", _("no log can recover it: winrescue will not write it"));
}

static void print_found(const struct wr_inventory *inv)
{
	char path[300], size[32];

	if (inv->n_windows)
		printf("%s\n", _("Windows installations:"));
	for (size_t i = 0; i < inv->n_windows; i++) {
		const struct wr_windows *w = &inv->windows[i];

		printf(_("  %s: %s %d.%d, %s, %s\n"), inv->parts[w->part].name, w->product,
		       w->major, w->minor, w->arch, w->systemroot);
	}
	if (inv->n_found)
		printf("%s\n", _("BCD stores and registry hives:"));
	for (size_t i = 0; i < inv->n_found; i++) {
		const struct wr_found *f = &inv->found[i];

		wr_windows_path(f->path, path, sizeof(path));
		wr_format_size(f->size, size, sizeof(size));
		printf("  %-8s %s: %s, %s, ", wr_found_kind_name(f->kind), inv->parts[f->part].name,
		       path, size);
		print_hive_state(f);
	}
}

static void print_inventory(const struct wr_inventory *inv)
{
	for (size_t d = 0; d < inv->n_disks; d++) {
		print_disk_header(&inv->disks[d]);
		for (size_t i = 0; i < inv->n_parts; i++)
			if (inv->parts[i].disk == d)
				print_partition(&inv->parts[i]);
	}
	print_found(inv);
}
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

static void json_logs(struct wr_json *j, const struct wr_replay *r)
{
	wr_json_begin_array(j, "logs");
	for (size_t i = 0; i < r->n_logs; i++) {
		const struct wr_log_report *l = &r->logs[i];

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
	wr_json_end_array(j);
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
	json_logs(j, r);
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

static void json_found(struct wr_json *j, const struct wr_inventory *inv)
{
	char path[300];

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
		wr_json_end_object(j);
	}
	wr_json_end_array(j);
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

/* What stops repairs on these disks, one line each. */
static size_t inventory_problems(const struct wr_inventory *inv, struct wr_buf *out)
{
	size_t n = 0;
	bool bcd = false;

	for (size_t d = 0; d < inv->n_disks; d++) {
		const char *why = !inv->disks[d].table[0] ? _("no partition table")
		                  : !disk_has_windows_or_bcd(inv, d)
		                      ? _("no Windows installation and no BCD store")
		                      : NULL;

		if (why) {
			wr_buf_printf(out, _("%s: %s on this disk\n"), inv->disks[d].path, why);
			n++;
		}
	}
	for (size_t i = 0; i < inv->n_parts; i++) {
		if (inv->parts[i].role == WR_ROLE_BITLOCKER) {
			wr_buf_printf(out,
			              _("%s: BitLocker-encrypted; it cannot be read until it is "
			                "unlocked\n"),
			              inv->parts[i].name);
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

int cli_show_inventory(const struct wr_inventory *inv, bool json)
{
	struct wr_buf problems = WR_BUF_INIT, out = WR_BUF_INIT;
	size_t n = inventory_problems(inv, &problems);

	if (json) {
		struct wr_json j = {.out = &out};

		wr_json_begin_object(&j, NULL);
		wr_json_string(&j, "schema", "winrescue-disks/1");
		json_disks(&j, inv);
		json_found(&j, inv);
		wr_json_begin_array(&j, "problems");
		for (char *c = problems.data, *line; (line = wr_next_line(&c));)
			wr_json_string(&j, NULL, line);
		wr_json_end_array(&j);
		wr_json_end_object(&j);
		fputs(wr_buf_str(&out), stdout);
	} else {
		print_inventory(inv);
		for (char *c = problems.data, *line; (line = wr_next_line(&c));)
			cli_error("%s", line);
	}
	wr_buf_free(&out);
	wr_buf_free(&problems);
	return n ? CLI_FAILED : CLI_OK;
}

/* What is on the given disks: one appliance launch. */
static int guest_disks(char **paths, int n, bool json)
{
	struct wr_inventory inv;
	struct wr_guest *g = cli_scan(cli_open_disks(paths, n, false), &inv);
	int r;

	if (!g)
		return CLI_FAILED;
	r = cli_show_inventory(&inv, json);
	wr_inventory_free(&inv);
	wr_guest_close(g);
	return r;
}

int cli_disks(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	bool json = false;
	int c;

	while ((c = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			disks_usage(stdout);
			return CLI_OK;
		default:
			disks_usage(stderr);
			return CLI_USAGE;
		}
	}
	if (optind < argc)
		return guest_disks(argv + optind, argc - optind, json);
	return host_disks(json);
}
