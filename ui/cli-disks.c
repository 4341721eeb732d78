/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-disks.c - "winrescue disks": the host's disks (sysfs), or what is on the given ones. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "hostdisks.h"
#include "i18n.h"
#include "json.h"
#include "utf16.h"

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
	if (optind < argc) {
		cli_error(_("unexpected argument \"%s\""), argv[optind]);
		return CLI_USAGE;
	}
	return host_disks(json);
}
