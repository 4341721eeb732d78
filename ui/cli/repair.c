/* SPDX-License-Identifier: GPL-3.0-or-later */
/* repair.c - winrescue repair: check, show the diff, ask, commit, verify. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "cli.h"
#include "diagnose/diagnose.h"
#include "repair/repair.h"

struct repair_args {
	struct cli_target target;
	struct wr_repair_opts opts;
	enum wr_repair_kind kinds[WR_REPAIR_COUNT];
	int n_kinds;
	bool dry_run, yes, list, recreate;
};

static void repair_usage(FILE *out)
{
	cli_print(
	    out,
	    _("Usage: %s repair REPAIR... (DISK...|--store FILE|--system FILE|--software FILE)\n"
	      "       [OPTION...]\n"),
	    PACKAGE);
	cli_text(out, _("Repairs, each one transaction (repair --list says more):\n"));
	for (int k = 0; k < WR_REPAIR_COUNT; k++) {
		const struct wr_repair_info *i = wr_repair_info((enum wr_repair_kind)k);

		if (!i->report_only)
			cli_print(out, "  %-16s %s\n", i->name, _(i->title));
	}
	cli_text(out, _("Options:\n"
	                "  -s, --store FILE    the BCD store to repair\n"
	                "  -S, --system FILE   the SYSTEM hive to repair\n"
	                "  -W, --software FILE the SOFTWARE hive to repair\n"
	                "  -l, --loader ID     the loader to repair (default: {default})\n"
	                "  -A, --all-loaders   every Windows loader in the store\n"
	                "  --port N            serial: COM port number (default 1)\n"
	                "  --baud N            serial: speed (default 115200)\n"
	                "  --type TYPE         crashdump: complete, kernel, small or automatic\n"
	                "  -n, --dry-run       show what would change, write nothing\n"
	                "  -y, --yes           commit without asking\n"
	                "  -L, --list          list the repairs: hive, severity, catalog entry\n"
	                "  -h, --help          show this help and exit\n"));
	cli_key_usage(out);
	cli_text(out, _("  --name NAME         disable-service: the service or driver to disable\n"
	                "  --force             disable-service: even one Windows needs to boot\n"));
	cli_text(out, _("  --tls-old           tls: TLS 1.0 and 1.1 too (weakens security)\n"
	                "  --sid SID           profile-bak: the profile whose .bak key goes\n"));
	cli_text(out,
	         _("  --windows PART      rebuild: the partition of the Windows to boot\n"
	           "  --firmware FW       rebuild: bios or uefi (default: GPT is uefi)\n"
	           "  --recreate          rebuild: a new store, even where one can be read\n"));
}

static const char *const hive_names[] = {"BCD", "SYSTEM", "SOFTWARE"};

/* The repair table: one line a repair. */
static int list_repairs(void)
{
	cli_out("%-16s %-8s %-12s %-7s %s\n", _("REPAIR"), _("HIVE"), _("SEVERITY"), _("CATALOG"),
	        _("WHAT IT FIXES"));
	for (int k = 0; k < WR_REPAIR_COUNT; k++) {
		const struct wr_repair_info *i = wr_repair_info((enum wr_repair_kind)k);

		cli_out("%-16s %-8s %-12s %-7s %s%s%s\n", i->name, hive_names[i->hive],
		        wr_severity_name(i->severity), i->catalog, _(i->title),
		        i->weakens_security ? _(" (weakens security: it opens a way in)") : "",
		        i->report_only ? _(" (a check only: it reports)") : "");
	}
	return CLI_OK;
}

static int parse_number(const char *s, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v == 0 || v > max) {
		cli_error(_("\"%s\" is not a number from 1 to %u"), s, max);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

/* The speeds EMS accepts (bcdedit /emssettings). */
static int parse_baud(const char *s, unsigned *out)
{
	static const unsigned speeds[] = {9600, 19200, 38400, 57600, 115200};
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	for (size_t i = 0; *s && !*end && i < sizeof(speeds) / sizeof(speeds[0]); i++)
		if (v == speeds[i]) {
			*out = speeds[i];
			return 0;
		}
	cli_error(
	    _("\"%s\" is not a serial speed EMS supports (9600, 19200, 38400, 57600, 115200)"), s);
	return -1;
}

/* Long options with no short form. */
enum { OPT_TLS_OLD = 0x100 + 't', OPT_SID, OPT_WINDOWS, OPT_FIRMWARE, OPT_RECREATE };

static int parse_option(int c, struct repair_args *a)
{
	int type;

	if (cli_target_option(&a->target, c, optarg))
		return -1;
	switch (c) {
	case 'l':
		a->opts.loader = optarg;
		return -1;
	case 'A':
		a->opts.all_loaders = true;
		return -1;
	case 'P':
		return parse_number(optarg, 255, &a->opts.port) < 0 ? CLI_USAGE : -1;
	case 'B':
		return parse_baud(optarg, &a->opts.baud) < 0 ? CLI_USAGE : -1;
	case 'T':
		if ((type = wr_dump_type_by_name(optarg)) < 0) {
			cli_error(
			    _("unknown dump type \"%s\" (complete, kernel, small, automatic)"),
			    optarg);
			return CLI_USAGE;
		}
		a->opts.dump_type = (enum wr_dump_type)type;
		return -1;
	case 'N':
		a->opts.service = optarg;
		return -1;
	case 'F':
		a->opts.force = true;
		return -1;
	case OPT_TLS_OLD:
		a->opts.tls_old = true;
		return -1;
	case OPT_SID:
		a->opts.profile_sid = optarg;
		return -1;
	case OPT_WINDOWS:
		a->opts.windows = optarg;
		return -1;
	case OPT_RECREATE:
		a->recreate = true;
		return -1;
	case OPT_FIRMWARE:
		if (strcmp(optarg, "bios") != 0 && strcmp(optarg, "uefi") != 0) {
			cli_error(_("unknown firmware \"%s\" (bios, uefi)"), optarg);
			return CLI_USAGE;
		}
		a->opts.firmware =
		    strcmp(optarg, "uefi") == 0 ? WR_FIRMWARE_UEFI : WR_FIRMWARE_BIOS;
		return -1;
	case 'n':
		a->dry_run = true;
		return -1;
	case 'y':
		a->yes = true;
		return -1;
	case 'L':
		a->list = true;
		return -1;
	case 'h':
		repair_usage(stdout);
		return CLI_OK;
	default:
		repair_usage(stderr);
		return CLI_USAGE;
	}
}

#define REPAIR_NAMES_SIZE (WR_REPAIR_COUNT * 18)

/* "safeboot, serial, ...", from the table. */
static const char *repair_names(char out[REPAIR_NAMES_SIZE])
{
	size_t used = 0;

	out[0] = '\0';
	for (int k = 0; k < WR_REPAIR_COUNT && used < REPAIR_NAMES_SIZE; k++)
		used += (size_t)snprintf(out + used, REPAIR_NAMES_SIZE - used, "%s%s",
		                         k ? ", " : "", wr_repair_name((enum wr_repair_kind)k));
	return out;
}

/* rebuild puts a new store where the old one cannot be read, or with
 * --recreate where it can; alone, so that no other repair reads a store
 * that is about to be replaced.  Returns -1 to go on, else the exit code. */
static int rebuild_stores(struct repair_args *a)
{
	bool rebuild = false;

	for (int i = 0; i < a->n_kinds; i++)
		rebuild |= a->kinds[i] == WR_REPAIR_REBUILD;
	if (a->recreate && !rebuild) {
		cli_error(_("--recreate goes with repair rebuild"));
		return CLI_USAGE;
	}
	if (rebuild && a->n_kinds > 1) {
		cli_error(_("repair rebuild goes alone: run the other repairs after it"));
		return CLI_USAGE;
	}
	if (rebuild) {
		a->target.new_stores = a->recreate ? WR_NEW_STORE_ALWAYS : WR_NEW_STORE_UNREADABLE;
		a->target.windows = a->opts.windows;
	}
	return -1;
}

/* Returns -1 to go on, else the exit code. */
static int parse_repair_args(int argc, char **argv, struct repair_args *a)
{
	static const struct option longopts[] = {
	    CLI_TARGET_LONGOPTS,
	    {"loader", required_argument, NULL, 'l'},
	    {"all-loaders", no_argument, NULL, 'A'},
	    {"port", required_argument, NULL, 'P'},
	    {"baud", required_argument, NULL, 'B'},
	    {"type", required_argument, NULL, 'T'},
	    {"name", required_argument, NULL, 'N'},
	    {"force", no_argument, NULL, 'F'},
	    {"tls-old", no_argument, NULL, OPT_TLS_OLD},
	    {"sid", required_argument, NULL, OPT_SID},
	    {"windows", required_argument, NULL, OPT_WINDOWS},
	    {"firmware", required_argument, NULL, OPT_FIRMWARE},
	    {"recreate", no_argument, NULL, OPT_RECREATE},
	    {"dry-run", no_argument, NULL, 'n'},
	    {"yes", no_argument, NULL, 'y'},
	    {"list", no_argument, NULL, 'L'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	char names[REPAIR_NAMES_SIZE];
	int c, r;

	wr_repair_opts_default(&a->opts);
	while ((c = getopt_long(argc, argv, CLI_TARGET_SHORTOPTS "l:AnyLh", longopts, NULL)) != -1)
		if ((r = parse_option(c, a)) >= 0)
			return r;
	if (a->list && optind == argc && !a->target.store && !a->target.system &&
	    !a->target.software)
		return list_repairs();
	if (a->list) {
		cli_error(_("--list takes no repair, disk or file"));
		return CLI_USAGE;
	}
	for (; optind < argc; optind++) {
		enum wr_repair_kind k;
		bool dup = false;

		if (wr_repair_by_name(argv[optind], &k) < 0)
			break;
		for (int i = 0; i < a->n_kinds; i++)
			dup |= a->kinds[i] == k;
		if (!dup)
			a->kinds[a->n_kinds++] = k;
		a->target.kinds |= wr_repair_hives_read(k);
	}
	a->target.disks = argv + optind;
	a->target.n_disks = argc - optind;
	if (a->n_kinds == 0 && optind < argc) {
		cli_error(_("unknown repair \"%s\" (%s)"), argv[optind], repair_names(names));
		return CLI_USAGE;
	}
	if (a->n_kinds == 0) {
		cli_error(_("name a repair: %s (repair --list says what each fixes)"),
		          repair_names(names));
		return CLI_USAGE;
	}
	return rebuild_stores(a);
}

/* Check and stage repair `k`; print the check.  Returns the exit code or -1. */
/* The hive after `after` (-1: the first) that repair `k` works on: the
 * first of its kind; for rebuild, as bcdboot for each disk, every store.
 * -1 when there is none (more). */
static int next_hive(const struct wr_session *s, enum wr_repair_kind k, int after)
{
	if (k != WR_REPAIR_REBUILD)
		return after < 0 ? wr_session_hive_of(s, wr_repair_hive_kind(k)) : -1;
	for (size_t i = (size_t)(after + 1); i < wr_session_count(s); i++)
		if (wr_session_kind(s, i) == WR_KIND_BCD)
			return (int)i;
	return -1;
}

/* Repair `k` needs a hive the session has none of: say which. */
static int no_hive(enum wr_repair_kind k)
{
	if (wr_repair_hive_kind(k) == WR_KIND_BCD)
		cli_error(_("%s needs a BCD store: give --store FILE or a disk with Windows"),
		          wr_repair_name(k));
	else
		cli_error(_("%s needs the %s hive: give --%s FILE or a disk with Windows"),
		          wr_repair_name(k), hive_names[wr_repair_hive_kind(k)],
		          wr_hive_kind_name(wr_repair_hive_kind(k)));
	return CLI_USAGE;
}

static int stage_one(struct wr_session *s, enum wr_repair_kind k, int hive,
                     const struct repair_args *a)
{
	struct wr_error err = {0};
	struct wr_buf report = WR_BUF_INIT;
	struct wr_repair_opts o = a->opts;
	bool needed;
	int r;

	wr_session_repair_place(s, (size_t)hive, &o);
	r = wr_repair_check(k, wr_session_stage(s), (size_t)hive, &o, &needed, &report, &err);
	if (r == 0 && needed)
		cli_out(_("%s: needed (%s)\n"), wr_repair_name(k),
		        wr_session_label(s, (size_t)hive));
	else if (r == 0)
		cli_out(_("%s: already done (%s)\n"), wr_repair_name(k),
		        wr_session_label(s, (size_t)hive));
	if (r == 0) /* a failed check's findings may be cut short */
		cli_text(stdout, wr_buf_str(&report));
	wr_buf_free(&report);
	if (r == 0 && needed)
		r = wr_repair_stage(k, wr_session_stage(s), (size_t)hive, &o, &err);
	if (r < 0) {
		/* A dirty-hive refusal names the hive itself. */
		if (err.code == EROFS)
			cli_error("%s: %s", wr_repair_name(k), err.msg);
		else
			cli_error("%s: %s: %s", wr_session_label(s, (size_t)hive),
			          wr_repair_name(k), err.msg);
		return CLI_FAILED;
	}
	return -1;
}

/* After the commit: every repair's check must now say "not needed". */
static int verify_all(struct wr_session *s, const struct repair_args *a)
{
	int bad = 0;

	for (int i = 0; i < a->n_kinds; i++) {
		int was = bad;

		for (int hive = next_hive(s, a->kinds[i], -1); hive >= 0;
		     hive = next_hive(s, a->kinds[i], hive)) {
			struct wr_error err = {0};
			struct wr_repair_opts o = a->opts;
			bool needed = true;

			wr_session_repair_place(s, (size_t)hive, &o);
			if (wr_repair_check(a->kinds[i], wr_session_stage(s), (size_t)hive, &o,
			                    &needed, NULL, &err) < 0 ||
			    needed) {
				cli_error(_("%s: still needed after the commit"),
				          wr_repair_name(a->kinds[i]));
				bad++;
			}
		}
		if (bad == was)
			cli_out(_("%s: done\n"), wr_repair_name(a->kinds[i]));
	}
	return bad ? CLI_FAILED : CLI_OK;
}

/* After a rebuild, as bcdboot's users check by hand: every check of the
 * store it wrote (devices on the attached disks, loader files, default,
 * menu ...) passes; a finding above info fails the command. */
static int verify_rebuilt(struct wr_session *s, int hive)
{
	struct wr_buf fine = WR_BUF_INIT;
	struct wr_diagnosis d;
	struct wr_error err = {0};
	char id[64];
	int r;

	if (wr_diagnose_hives(s, (size_t)hive, 1, &d, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_FAILED;
	}
	for (size_t i = 0; i < d.n_findings; i++) {
		if (d.findings[i].severity == WR_SEVERITY_INFO)
			continue;
		wr_diagnosis_id(d.findings[i].repair, id, sizeof(id));
		cli_error(_("rebuild: %s fails %s: %s"), wr_session_label(s, (size_t)hive), id,
		          _(wr_repair_info(d.findings[i].repair)->title));
	}
	for (size_t i = 0; i < d.n_fine; i++)
		wr_buf_printf(&fine, "%s%s", i ? ", " : "", wr_repair_name(d.fine[i].repair));
	r = wr_diagnosis_serious(&d) ? CLI_FAILED : CLI_OK;
	if (r == CLI_OK)
		cli_out(_("rebuild: %s passes every check: %s\n"),
		        wr_session_label(s, (size_t)hive), wr_buf_str(&fine));
	wr_buf_free(&fine);
	wr_diagnosis_free(&d);
	return r;
}

static int commit(struct cli_session *cs, const struct repair_args *a)
{
	int r = cli_commit(cs, a->yes);

	if (r != CLI_OK)
		return r;
	r = verify_all(cs->session, a);
	for (int i = 0; i < a->n_kinds; i++)
		for (int hive = next_hive(cs->session, a->kinds[i], -1);
		     a->kinds[i] == WR_REPAIR_REBUILD && hive >= 0;
		     hive = next_hive(cs->session, a->kinds[i], hive))
			if (verify_rebuilt(cs->session, hive) != CLI_OK)
				r = CLI_FAILED;
	return r;
}

int cli_repair(int argc, char **argv)
{
	struct repair_args a = {0};
	struct cli_session cs;
	int r = parse_repair_args(argc, argv, &a);

	if (r >= 0)
		return r;
	if ((r = cli_session_open(&a.target, !a.dry_run, &cs)) != CLI_OK)
		return r;
	for (int i = 0; r == CLI_OK && i < a.n_kinds; i++) {
		int hive = next_hive(cs.session, a.kinds[i], -1);

		if (hive < 0)
			r = no_hive(a.kinds[i]);
		for (; r == CLI_OK && hive >= 0; hive = next_hive(cs.session, a.kinds[i], hive))
			if ((r = stage_one(cs.session, a.kinds[i], hive, &a)) < 0)
				r = CLI_OK;
	}
	if (r == CLI_OK && wr_stage_count(wr_session_stage(cs.session)) == 0)
		cli_out(_("Nothing to change.\n"));
	else if (r == CLI_OK && cli_print_diff(wr_session_stage(cs.session)) < 0)
		r = CLI_FAILED;
	if (r == CLI_OK && a.dry_run && wr_stage_count(wr_session_stage(cs.session)))
		cli_out(_("\nDry run: nothing was written.\n"));
	else if (r == CLI_OK && wr_stage_count(wr_session_stage(cs.session)))
		r = commit(&cs, &a);
	if (cli_session_close(&cs, !a.dry_run) < 0)
		r = CLI_FAILED;
	return r;
}
