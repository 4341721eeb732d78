/* SPDX-License-Identifier: GPL-3.0-or-later */
/* command.c - winrescue bcdedit, reg and script: the articles' commands as written, as one
 * transaction with a diff, a commit and undo. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "cli.h"
#include "command/command.h"

#define MAX_DISKS  16
#define MAX_HIVES  16
#define MAX_DRIVES 26

enum command_kind { COMMAND_BCDEDIT, COMMAND_REG, COMMAND_SCRIPT };

struct command_args {
	enum command_kind kind;
	char *disks[MAX_DISKS];
	int n_disks;
	const char *store, *system, *software;
	const char *hives[MAX_HIVES]; /* NAME=FILE */
	int n_hives;
	const char *drives[MAX_DRIVES]; /* L=TARGET */
	int n_drives;
	bool yes, dry_run;
	int argc; /* the command's own words */
	char **argv;
};

static void command_usage(FILE *out, enum command_kind kind)
{
	static const char *const words[] = {"bcdedit", "reg", "script"};

	if (kind == COMMAND_SCRIPT)
		cli_print(out, _("Usage: %s script [OPTION...] FILE|-\n"), PACKAGE);
	else
		/* TRANSLATORS: the second %s is bcdedit or reg. */
		cli_print(out, _("Usage: %s %s [OPTION...] [--] ARGUMENT...\n"), PACKAGE,
		          words[kind]);
	cli_text(out, kind == COMMAND_SCRIPT
	                  ? _("Run an article's bcdedit and reg commands as they stand, as one "
	                      "transaction.\n")
	                  : _("The command as on Windows, on the attached disk or hive files.\n"));
	cli_text(out, _("Options:\n"
	                "  --disk DISK          a disk (image or device); repeat for more\n"
	                "  --store FILE         a BCD store file (bcdedit without /store)\n"
	                "  --system FILE        a SYSTEM hive file, loaded as HKLM\\BROKENSYSTEM\n"
	                "  --software FILE      a SOFTWARE hive file, as HKLM\\BROKENSOFTWARE\n"
	                "  --hive NAME=FILE     a hive file loaded as HKLM\\NAME\n"
	                "  --drive L=TARGET     drive L: is partition TARGET or a directory here\n"
	                "  -n, --dry-run        show what each line does, write nothing\n"
	                "  -y, --yes            commit without asking\n"
	                "  -h, --help           show this help and exit\n"));
	cli_key_usage(out);
	cli_text(out, _("Without --drive, a \\boot\\bcd path's letter is the boot store's "
	                "partition\nand any other letter the Windows partition.\n"));
}

/* --name VALUE or --name=VALUE at argv[*i]: its value, *i moved past it. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] || *i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

/* One of our options at argv[*i]: 1, 0 when it is none (the command's
 * words begin), -1 after a usage error. */
static int parse_option(struct command_args *a, int argc, char **argv, int *i)
{
	const char *v;

	if (strcmp(argv[*i], "-y") == 0 || strcmp(argv[*i], "--yes") == 0)
		a->yes = true;
	else if (strcmp(argv[*i], "-n") == 0 || strcmp(argv[*i], "--dry-run") == 0)
		a->dry_run = true;
	else if ((v = option_value(argc, argv, i, "--disk")) && a->n_disks < MAX_DISKS)
		a->disks[a->n_disks++] = (char *)v;
	else if ((v = option_value(argc, argv, i, "--key")))
		cli_key_option((char *)v);
	else if ((v = option_value(argc, argv, i, "--store")))
		a->store = v;
	else if ((v = option_value(argc, argv, i, "--system")))
		a->system = v;
	else if ((v = option_value(argc, argv, i, "--software")))
		a->software = v;
	else if ((v = option_value(argc, argv, i, "--hive")) && a->n_hives < MAX_HIVES &&
	         strchr(v, '='))
		a->hives[a->n_hives++] = v;
	else if ((v = option_value(argc, argv, i, "--drive")) && a->n_drives < MAX_DRIVES && v[0] &&
	         v[1] == '=')
		a->drives[a->n_drives++] = v;
	else if (strncmp(argv[*i], "--", 2) == 0 && argv[*i][2]) {
		cli_error(_("%s: unknown option or missing value (see \"%s %s --help\")"), argv[*i],
		          PACKAGE, argv[0]);
		return -1;
	} else
		return 0;
	return 1;
}

/* Returns -1 to go on, or the exit code. */
static int parse_args(int argc, char **argv, struct command_args *a)
{
	int i = 1, r;

	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		command_usage(stdout, a->kind);
		return CLI_OK;
	}
	for (; i < argc && strcmp(argv[i], "--") != 0; i++)
		if ((r = parse_option(a, argc, argv, &i)) < 0)
			return CLI_USAGE;
		else if (r == 0)
			break;
	i += i < argc && strcmp(argv[i], "--") == 0;
	a->argc = argc - i;
	a->argv = argv + i;
	if (a->argc == 0 || (a->kind == COMMAND_SCRIPT && a->argc != 1)) {
		command_usage(stderr, a->kind);
		return CLI_USAGE;
	}
	return -1;
}

static bool reads_only(const struct command_args *a)
{
	if (a->kind == COMMAND_BCDEDIT)
		return wr_bcdedit_reads_only(a->argc, a->argv);
	return a->kind == COMMAND_REG && wr_reg_reads_only(a->argc, a->argv);
}

/* The hive files and drive letters the options name. */
static int add_files(const struct command_args *a, struct wr_cmd_env *e, struct wr_error *err)
{
	char key[300];

	if ((a->store && wr_cmd_env_add_file(e, a->store, WR_KIND_BCD, NULL, err) < 0) ||
	    (a->system &&
	     wr_cmd_env_add_file(e, a->system, WR_KIND_SYSTEM, "BROKENSYSTEM", err) < 0) ||
	    (a->software &&
	     wr_cmd_env_add_file(e, a->software, WR_KIND_SOFTWARE, "BROKENSOFTWARE", err) < 0))
		return -1;
	for (int i = 0; i < a->n_hives; i++) {
		const char *eq = strchr(a->hives[i], '=');

		snprintf(key, sizeof(key), "HKLM\\%.*s", (int)(eq - a->hives[i]), a->hives[i]);
		if (wr_cmd_reg_load(e, key, eq + 1, err) < 0)
			return -1;
	}
	for (int i = 0; i < a->n_drives; i++)
		if (wr_cmd_env_drive(e, a->drives[i][0], a->drives[i] + 2, err) < 0)
			return -1;
	return 0;
}

static int open_env(const struct command_args *a, bool writable, struct cli_session *cs,
                    struct wr_cmd_env **e)
{
	struct wr_error err = {0};

	memset(cs, 0, sizeof(*cs));
	*e = NULL;
	if (!(cs->session = wr_session_new(cli_config(), &err)))
		goto failed;
	if (writable)
		wr_session_lock_at_load(cs->session);
	if (a->n_disks) {
		cs->g = cli_scan(cli_open_disks((char **)a->disks, a->n_disks, writable), &cs->inv);
		if (!cs->g) {
			cli_session_close(cs, false);
			return CLI_FAILED;
		}
		if (wr_session_add_disks(cs->session, cs->g, &cs->inv, WR_KINDS_ALL, &err) < 0)
			goto failed;
	}
	if (!(*e = wr_cmd_env_new(cs->session, &err)) || add_files(a, *e, &err) < 0)
		goto failed;
	wr_cmd_env_set_dry_run(*e, a->dry_run);
	cli_print_notes(cs->session, false);
	return CLI_OK;
failed:
	cli_error("%s", err.msg);
	wr_cmd_env_free(*e);
	*e = NULL;
	cli_session_close(cs, false);
	return CLI_FAILED;
}

/* The command (or the script, its text in `script`) as one transaction. */
static int run(const struct command_args *a, struct wr_cmd_env *e, const char *script,
               struct wr_buf *out, struct wr_error *err)
{
	static const char *const words[] = {"bcdedit", "reg"};
	char **argv;
	int r;

	if (a->kind == COMMAND_SCRIPT)
		return wr_script_run(e, "script", script, a->dry_run, out, err);
	/* Its name first, as on a command line. */
	if (!(argv = calloc((size_t)a->argc + 2, sizeof(*argv)))) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	argv[0] = (char *)words[a->kind];
	memcpy(argv + 1, a->argv, (size_t)a->argc * sizeof(*argv));
	r = wr_cmd_run(e, a->argc + 1, argv, out, err);
	free(argv);
	return r;
}

/* What was staged: shown, then written unless a dry run; the commands'
 * own output ("The operation completed successfully.") once it is true. */
static int finish(const struct command_args *a, struct cli_session *cs, const struct wr_buf *out)
{
	const struct wr_stage *st = wr_session_stage(cs->session);
	int r;

	if (wr_stage_count(st) == 0) {
		cli_text(stdout, wr_buf_str(out));
		return CLI_OK;
	}
	if (a->dry_run) {
		cli_text(stdout, wr_buf_str(out));
		if (cli_print_diff(st) < 0)
			return CLI_FAILED;
		cli_out(_("\nDry run: nothing was written.\n"));
		return CLI_OK;
	}
	if (cli_print_diff(st) < 0 || (r = cli_commit(cs, a->yes)) != CLI_OK)
		return CLI_FAILED;
	cli_text(stdout, wr_buf_str(out));
	return CLI_OK;
}

static enum command_kind kind_of(const char *name)
{
	if (strcmp(name, "bcdedit") == 0)
		return COMMAND_BCDEDIT;
	return strcmp(name, "reg") == 0 ? COMMAND_REG : COMMAND_SCRIPT;
}

int cli_command(int argc, char **argv)
{
	struct command_args a = {.kind = kind_of(argv[0])};
	struct wr_error err = {0};
	struct wr_buf out = WR_BUF_INIT;
	struct cli_session cs;
	struct wr_cmd_env *e;
	char *script = NULL;
	int r = parse_args(argc, argv, &a);

	if (r >= 0)
		return r;
	if (a.kind == COMMAND_SCRIPT && strcmp(a.argv[0], "-") == 0 && !a.yes && !a.dry_run) {
		cli_error(_("the script comes on standard input, so it cannot be asked: add --yes "
		            "or --dry-run"));
		return CLI_USAGE;
	}
	if (a.kind == COMMAND_SCRIPT && wr_script_read(a.argv[0], &script, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_FAILED;
	}
	if ((r = open_env(&a, !a.dry_run && !reads_only(&a), &cs, &e)) == CLI_OK) {
		if (run(&a, e, script, &out, &err) < 0) {
			cli_error("%s", err.msg);
			r = CLI_FAILED;
		} else {
			r = finish(&a, &cs, &out);
		}
		wr_cmd_env_free(e);
		if (cli_session_close(&cs, !a.dry_run) < 0)
			r = CLI_FAILED;
	}
	wr_buf_free(&out);
	free(script);
	return r;
}
