/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c - winrescue: locale set-up, global options, dispatch to a command. */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/i18n.h"
#include "base/text.h"
#include "cli/cli.h"
#include "console/console.h"

static struct wr_config config;

const struct wr_config *cli_config(void)
{
	return &config;
}

static void usage(FILE *out)
{
	cli_print(out, _("Usage: %s COMMAND [OPTION...] [ARGUMENT...]\n"), PACKAGE);
	cli_text(out, _("Repair the boot configuration of an offline Windows installation.\n"));
	cli_text(out, "\n");
	cli_text(out, _("Commands:\n"));
	cli_text(out, _("  disks        list the host's disks, or what is on the given disks\n"));
	cli_text(out,
	         _("  diagnose     every check, read-only: findings ranked, with their repairs\n"));
	cli_text(out, _("  bcd enum     list the objects of a BCD store, as bcdedit /enum does\n"));
	cli_text(
	    out,
	    _("  repair       safeboot, serial, crashdump, ...: check, show the diff, commit\n"));
	cli_text(out, _("  undo         list the journal, roll back the last commit\n"));
	cli_text(out, _("  checklist    guided checklists from Microsoft's articles: list, run\n"));
	cli_text(out, _("  hive         a hive's dirty state and logs: check, replay\n"));
	cli_text(out, _("  bcdedit      bcdedit.exe's commands, as the articles write them\n"));
	cli_text(out,
	         _("  reg          reg.exe's commands: load, query, add, delete, export, ...\n"));
	cli_text(out, _("  script       an article's bcdedit and reg lines as one transaction\n"));
	cli_text(out, "\n");
	cli_text(out, _("Options:\n"));
	cli_text(out, _("      --demo     show the built-in demo disk (built on first use)\n"));
	cli_text(out, _("  -h, --help     show this help and exit\n"));
	cli_text(out, _("  -V, --version  show the version and exit\n"));
	cli_text(out, "\n");
	cli_text(out, _("Without a command, the console: DISK..., --demo, or --store FILE,\n"
	                "--system FILE, --software FILE; and --key for BitLocker volumes.\n"));
	cli_text(out, "\n");
	cli_print(out, _("Run \"%s bcd --help\" for the options of a command.\n"), PACKAGE);
	cli_text(out,
	         _("Exit status: 0 success, 1 failure, 2 usage error, 3 the store has defects.\n"));
}

/*
 * glibc ignores LANGUAGE under the plain C locale, which is what a bare
 * rescue VM or a serial console often has.  Someone who sets LANGUAGE wants
 * those messages, so use C.UTF-8 then (we print UTF-8 anyway).
 */
static void setup_locale(void)
{
	const char *language = getenv("LANGUAGE");
	const char *messages;

	setlocale(LC_ALL, "");
	messages = setlocale(LC_MESSAGES, NULL);
	if (language && *language && messages &&
	    (strcmp(messages, "C") == 0 || strcmp(messages, "POSIX") == 0))
		setlocale(LC_ALL, "C.UTF-8");
}

/* The console runs on a terminal, or headless from a test script. */
static bool console_possible(void)
{
	const char *script = getenv("WINRESCUE_SCRIPT");

	return (script && *script) || (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO));
}

int main(int argc, char **argv)
{
	const char *localedir = getenv("WINRESCUE_LOCALEDIR");
	struct wr_error err;

	setup_locale();
	/* Text from disks is made safe for the terminal its locale says. */
	wr_text_ascii_only(strcmp(nl_langinfo(CODESET), "UTF-8") != 0);
	/* WINRESCUE_LOCALEDIR lets the tests use translations from the build tree. */
	bindtextdomain(PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
	textdomain(PACKAGE);
	/* The back end reads no environment variable: it is told. */
	if (wr_config_init(&config, getenv("XDG_STATE_HOME"), getenv("HOME"), getenv("TMPDIR"),
	                   getenv("WINRESCUE_FAIL_AFTER"), &err) < 0 ||
	    wr_config_kvm(&config, getenv("WINRESCUE_KVM_DEVICE"), getenv("WINRESCUE_CPUINFO"),
	                  getenv("WINRESCUE_KVM_SECONDS"), &err) < 0 ||
	    wr_config_lock_wait(&config, getenv("WINRESCUE_LOCK_WAIT_MS"), &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_FAILED;
	}

	if (argc < 2 && !console_possible()) {
		usage(stderr);
		return CLI_USAGE;
	}
	if (argc < 2)
		return console_main(argc, argv);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		cli_out("%s %s\n", PACKAGE, VERSION);
		return CLI_OK;
	}
	if (strcmp(argv[1], "--demo") == 0 && argc == 2 && !console_possible())
		return cli_demo();
	if (strcmp(argv[1], "disks") == 0)
		return cli_disks(argc - 1, argv + 1);
	if (strcmp(argv[1], "bcd") == 0)
		return cli_bcd(argc - 1, argv + 1);
	if (strcmp(argv[1], "repair") == 0)
		return cli_repair(argc - 1, argv + 1);
	if (strcmp(argv[1], "diagnose") == 0)
		return cli_diagnose(argc - 1, argv + 1);
	if (strcmp(argv[1], "undo") == 0)
		return cli_undo(argc - 1, argv + 1);
	if (strcmp(argv[1], "checklist") == 0)
		return cli_checklist(argc - 1, argv + 1);
	if (strcmp(argv[1], "hive") == 0)
		return cli_hive(argc - 1, argv + 1);
	if (strcmp(argv[1], "bcdedit") == 0 || strcmp(argv[1], "reg") == 0 ||
	    strcmp(argv[1], "script") == 0)
		return cli_command(argc - 1, argv + 1);
	/* Anything else opens the console: on disks (a path), a demo or hive files. */
	if (argv[1][0] != '-' && !strchr(argv[1], '/') && access(argv[1], F_OK) != 0) {
		cli_error(_("unknown command \"%s\" (see \"%s --help\")"), argv[1], PACKAGE);
		return CLI_USAGE;
	}
	if (argv[1][0] == '-' && strcmp(argv[1], "--demo") != 0 && strcmp(argv[1], "-s") != 0 &&
	    strcmp(argv[1], "-S") != 0 && strcmp(argv[1], "-W") != 0 &&
	    strncmp(argv[1], "--store", 7) != 0 && strncmp(argv[1], "--system", 8) != 0 &&
	    strncmp(argv[1], "--software", 10) != 0 && strncmp(argv[1], "--key", 5) != 0) {
		cli_error(_("unknown option \"%s\" (see \"%s --help\")"), argv[1], PACKAGE);
		return CLI_USAGE;
	}
	if (!console_possible()) {
		cli_error(_("the console needs a terminal: run it on one, or use the commands "
		            "(see \"%s --help\")"),
		          PACKAGE);
		return CLI_USAGE;
	}
	return console_main(argc, argv);
}
