/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcd.c - "winrescue bcd enum": a BCD store listed as bcdedit /enum lists it. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/json.h"
#include "bcd/bcd.h"
#include "cli.h"
#include "disk/disk.h"

struct enum_args {
	struct wr_bcd_enum_opts opts;
	const char *store;
	const char *demo; /* "bios" or "uefi" */
	char **disks;     /* DISK... arguments (point into argv) */
	int n_disks;
	bool json;
};

static void enum_usage(FILE *out)
{
	cli_print(out,
	          _("Usage: %s bcd enum (--store FILE | --demo[=bios|uefi]) [OPTION...] [ID]\n"),
	          PACKAGE);
	cli_text(out,
	         _("List the objects of a BCD store, as \"bcdedit /store FILE /enum\" does.\n"));
	cli_text(out, "\n");
	cli_text(out, _("  -s, --store FILE   the BCD store (a registry hive file)\n"));
	cli_text(out, _("      --demo[=KIND]  the built-in demo store, bios (default) or uefi\n"));
	cli_text(
	    out,
	    _("  -a, --all          every object, not only the boot manager and its entries\n"));
	cli_text(out, _("  -v, --verbose      GUIDs instead of aliases, and hidden elements\n"));
	cli_text(out, _("  -i, --inherited    also show values inherited from settings objects\n"));
	cli_text(out, _("  -j, --json         JSON with raw and decoded values\n"));
	cli_text(out, _("  -h, --help         show this help and exit\n"));
	cli_key_usage(out);
	cli_text(out, "\n");
	cli_text(out,
	         _("ID is a GUID or an alias such as {bootmgr} or {default}.  With DISK (block\n"
	           "devices or image files), every BCD store on them is listed and devices are\n"
	           "named by the attached partitions.\n"));
}

/* Returns -1 to go on, else the exit code. */
static int parse_enum_args(int argc, char **argv, struct enum_args *a)
{
	static const struct option longopts[] = {
	    {"store", required_argument, NULL, 's'},
	    {"demo", optional_argument, NULL, 'D'},
	    {"all", no_argument, NULL, 'a'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"inherited", no_argument, NULL, 'i'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {"key", required_argument, NULL, CLI_KEY_OPTION},
	    {NULL, 0, NULL, 0},
	};
	int c;

	while ((c = getopt_long(argc, argv, "s:avijh", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			a->store = optarg;
			break;
		case 'D':
			a->demo = optarg ? optarg : "bios";
			break;
		case 'a':
			a->opts.all = true;
			break;
		case 'v':
			a->opts.verbose = true;
			break;
		case 'i':
			a->opts.inherited = true;
			break;
		case 'j':
			a->json = true;
			break;
		case CLI_KEY_OPTION:
			cli_key_option(optarg);
			break;
		case 'h':
			enum_usage(stdout);
			return CLI_OK;
		default:
			enum_usage(stderr);
			return CLI_USAGE;
		}
	}
	if (a->store || a->demo) {
		if (optind < argc)
			a->opts.id = argv[optind++];
		if (optind < argc) {
			cli_error(_("unexpected argument \"%s\""), argv[optind]);
			return CLI_USAGE;
		}
	} else {
		/* DISK... [{ID}]: an identifier starts with a brace, a disk never. */
		a->disks = argv + optind;
		for (; optind < argc; optind++) {
			if (argv[optind][0] == '{')
				a->opts.id = argv[optind];
			else
				a->disks[a->n_disks++] = argv[optind];
		}
	}
	if ((a->store != NULL) + (a->demo != NULL) + (a->n_disks > 0) != 1) {
		cli_error(_("give exactly one of --store FILE, --demo and DISK..."));
		return CLI_USAGE;
	}
	if (a->demo && strcmp(a->demo, "bios") != 0 && strcmp(a->demo, "uefi") != 0) {
		cli_error(_("unknown demo store \"%s\" (bios or uefi)"), a->demo);
		return CLI_USAGE;
	}
	return -1;
}

/* Print the listing, then each defect of the store as a warning; nothing
 * when either could not be made whole. */
static int print_store(const struct wr_bcd *bcd, const struct enum_args *a)
{
	struct wr_buf out = WR_BUF_INIT, problems = WR_BUF_INIT;
	struct wr_error err;
	int r = a->json ? wr_bcd_enum_json(bcd, &a->opts, &out, &err)
	                : wr_bcd_enum_text(bcd, &a->opts, &out, &err);
	size_t n = r < 0 ? 0 : wr_bcd_check(bcd, &problems);

	if (r == 0 && problems.oom) { /* a store checked in part is not a sound one */
		wr_error_set(&err, ENOMEM, "%s", _("out of memory"));
		r = -1;
	}
	if (r < 0) {
		cli_error("%s: %s", wr_bcd_path(bcd), err.msg);
		wr_buf_free(&out);
		wr_buf_free(&problems);
		return CLI_FAILED;
	}
	cli_text(stdout, wr_buf_str(&out));
	wr_buf_free(&out);
	for (char *cursor = problems.data, *line; (line = wr_next_line(&cursor));)
		cli_error(_("%s: warning: %s"), wr_bcd_path(bcd), line);
	wr_buf_free(&problems);
	if (fflush(stdout) != 0) {
		cli_error(_("cannot write the output"));
		return CLI_FAILED;
	}
	return n ? CLI_PROBLEMS : CLI_OK;
}

static int enum_file(const char *path, const struct enum_args *a)
{
	struct wr_error err;
	struct wr_bcd *bcd = wr_bcd_open(path, &err);
	int r;

	if (!bcd) {
		cli_error("%s", err.msg);
		return CLI_FAILED;
	}
	r = print_store(bcd, a);
	wr_bcd_free(bcd);
	return r;
}

/* A private directory under $TMPDIR (or /tmp) for files we stage. */
static bool make_private_dir(char *dir, size_t len, const char *name)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, len, "%s/%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
	if (mkdtemp(dir))
		return true;
	cli_error(_("cannot create a temporary directory in %s"), tmp && *tmp ? tmp : "/tmp");
	return false;
}

/* Build the demo store in a private temporary directory, list it, remove it. */
static int enum_demo(const struct enum_args *a)
{
	char dir[PATH_MAX], path[PATH_MAX + 8];
	struct wr_error err;
	int r;

	if (!make_private_dir(dir, sizeof(dir), "winrescue-demo"))
		return CLI_FAILED;
	snprintf(path, sizeof(path), "%s/BCD", dir);
	if (wr_demo_bcd_create(path, strcmp(a->demo, "uefi") == 0 ? WR_DEMO_UEFI : WR_DEMO_BIOS,
	                       &err) < 0) {
		cli_error("%s", err.msg);
		r = CLI_FAILED;
	} else {
		r = enum_file(path, a);
		unlink(path);
	}
	rmdir(dir);
	return r;
}

/* The partition a device lives on, directly or as the container of a file. */
static const struct wr_bcd_device *partition_of(const struct wr_bcd_device *dev)
{
	while (dev && dev->kind != WR_BCD_DEVICE_PARTITION)
		dev = dev->parent;
	return dev;
}

/* Warn about device element `el` of `obj` when it names a partition no
 * attached disk has: 1 when it does, 0 when not, -1 when it could not be
 * read (out of memory: a device we could not check is not a sound one). */
static int check_device(const struct wr_bcd_object *obj, const struct wr_bcd_element *el,
                        const struct wr_inventory *inv, const char *where)
{
	struct wr_buf name = WR_BUF_INIT;
	struct wr_bcd_value v;
	const struct wr_bcd_device *part;
	int r = 0;

	if (wr_bcd_value_decode(el, &v) < 0)
		return -1;
	part = v.valid ? partition_of(v.device) : NULL;
	if (part && !wr_inventory_partition_for(inv, part)) {
		wr_bcd_element_name(obj, el->id, &name);
		r = name.oom ? -1 : 1;
		if (r > 0)
			cli_error(_("%s: warning: %s %s points at no partition on the attached "
			            "disks"),
			          where, obj->guid, wr_buf_str(&name));
	}
	wr_buf_free(&name);
	wr_bcd_value_clear(&v);
	return r;
}

/* Warn about every device element naming a partition no attached disk has:
 * their number, or -1 (said) when memory ran out. */
static long check_devices(const struct wr_bcd *bcd, const struct wr_inventory *inv,
                          const char *where)
{
	long n = 0;

	for (size_t i = 0; i < wr_bcd_count(bcd); i++) {
		const struct wr_bcd_object *obj = wr_bcd_object(bcd, i);

		for (size_t j = 0; j < obj->n_elements; j++) {
			int r = 0;

			if (WR_BCD_ELEMENT_FORMAT(obj->elements[j].id) == WR_BCD_FORMAT_DEVICE)
				r = check_device(obj, &obj->elements[j], inv, where);
			if (r < 0) {
				cli_error("%s: %s", where, _("out of memory"));
				return -1;
			}
			n += r;
		}
	}
	return n;
}

/* Fetch found file `i` into a private directory and load it as a store. */
static struct wr_bcd *fetch_store(struct wr_guest *g, const struct wr_inventory *inv, size_t i)
{
	char dir[PATH_MAX], path[PATH_MAX + 8];
	struct wr_error err;
	struct wr_bcd *bcd = NULL;

	if (!make_private_dir(dir, sizeof(dir), "winrescue-bcd"))
		return NULL;
	snprintf(path, sizeof(path), "%s/BCD", dir);
	if (wr_inventory_fetch(g, inv, i, path, &err) < 0 || !(bcd = wr_bcd_open(path, &err)))
		cli_error("%s", err.msg);
	unlink(path);
	rmdir(dir);
	return bcd;
}

static void store_title(const struct wr_inventory *inv, size_t i, char *out, size_t len)
{
	char path[300];

	wr_windows_path(inv->found[i].path, path, sizeof(path));
	snprintf(out, len, "%s %s", inv->parts[inv->found[i].part].name, path);
}

/* One store of the disks, as text or as a member of the JSON "stores". */
static int show_disk_store(struct wr_bcd *bcd, const struct wr_bcd_enum_opts *opts,
                           const char *title, struct wr_json *j)
{
	struct wr_buf out = WR_BUF_INIT;
	struct wr_error err;
	int r;

	if (j) {
		wr_json_begin_object(j, NULL);
		wr_json_string(j, "store", title);
		r = wr_bcd_enum_json_member(bcd, opts, j, "listing", &err);
		wr_json_end_object(j);
	} else if ((r = wr_bcd_enum_text(bcd, opts, &out, &err)) == 0) {
		cli_out(_("BCD store %s:\n"), title);
		cli_text(stdout, wr_buf_str(&out));
		cli_out("\n");
	}
	wr_buf_free(&out);
	if (r < 0)
		cli_error("%s: %s", title, err.msg);
	return r;
}

int cli_enum_stores(struct wr_guest *g, struct wr_inventory *inv, struct wr_bcd_enum_opts *opts,
                    bool json)
{
	struct wr_buf out = WR_BUF_INIT;
	struct wr_json j = {.out = &out};
	size_t stores = 0;
	long warnings = 0, found;
	int r = CLI_OK;

	opts->partition = wr_inventory_name_partition;
	opts->partition_opaque = inv;
	if (json) {
		wr_json_begin_object(&j, NULL);
		wr_json_string(&j, "schema", "winrescue-bcd-enum-disks/1");
		wr_json_begin_array(&j, "stores");
	}
	for (size_t i = 0; i < inv->n_found && r == CLI_OK; i++) {
		char title[4600];
		struct wr_bcd *bcd;

		if (inv->found[i].kind != WR_FOUND_BCD)
			continue;
		stores++;
		store_title(inv, i, title, sizeof(title));
		bcd = fetch_store(g, inv, i);
		if (!bcd || show_disk_store(bcd, opts, title, json ? &j : NULL) < 0)
			r = CLI_FAILED;
		if (bcd && (found = check_devices(bcd, inv, title)) < 0)
			r = CLI_FAILED;
		else if (bcd)
			warnings += found;
		wr_bcd_free(bcd);
	}
	if (json) {
		wr_json_end_array(&j);
		wr_json_end_object(&j);
	}
	/* JSON cut short: nothing of it.  A listing that ran out said so. */
	if (out.oom && r == CLI_OK)
		cli_error("%s", _("out of memory"));
	if (out.oom)
		r = CLI_FAILED;
	else if (json)
		cli_text(stdout, wr_buf_str(&out));
	wr_buf_free(&out);
	if (r == CLI_OK && stores == 0) {
		cli_error(_("no BCD store found on the given disks"));
		r = CLI_FAILED;
	}
	return r == CLI_OK && warnings ? CLI_PROBLEMS : r;
}

/* Every BCD store on the disks: one appliance launch. */
static int enum_disks(struct enum_args *a)
{
	struct wr_inventory inv;
	struct wr_guest *g = cli_scan(cli_open_disks(a->disks, a->n_disks, false), &inv);
	int r;

	if (!g)
		return CLI_FAILED;
	r = cli_enum_stores(g, &inv, &a->opts, a->json);
	wr_inventory_free(&inv);
	wr_guest_close(g);
	return r;
}

static int cmd_enum(int argc, char **argv)
{
	struct enum_args a = {0};
	int r = parse_enum_args(argc, argv, &a);

	if (r >= 0)
		return r;
	if (a.n_disks)
		return enum_disks(&a);
	return a.demo ? enum_demo(&a) : enum_file(a.store, &a);
}

int cli_bcd(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "enum") == 0)
		return cmd_enum(argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		enum_usage(stdout);
		return CLI_OK;
	}
	cli_error(_("unknown or missing bcd command (try \"%s bcd enum --help\")"), PACKAGE);
	return CLI_USAGE;
}
