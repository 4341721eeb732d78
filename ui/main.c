/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c - winrescue: locale set-up, global options, dispatch to a command. */
#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", PACKAGE);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void usage(FILE *out)
{
	fprintf(out, _("Usage: %s COMMAND [OPTION...] [ARGUMENT...]\n"), PACKAGE);
	fputs(_("Repair the boot configuration of an offline Windows installation.\n"), out);
	fputs("\n", out);
	fputs(_("Commands:\n"), out);
	fputs(_("  bcd enum     list the objects of a BCD store, as bcdedit /enum does\n"), out);
	fputs("\n", out);
	fputs(_("Options:\n"), out);
	fputs(_("  -h, --help     show this help and exit\n"), out);
	fputs(_("  -V, --version  show the version and exit\n"), out);
	fputs("\n", out);
	fprintf(out, _("Run \"%s bcd --help\" for the options of a command.\n"), PACKAGE);
	fputs(_("Exit status: 0 success, 1 failure, 2 usage error, 3 the store has defects.\n"),
	      out);
}

int main(int argc, char **argv)
{
	const char *localedir = getenv("WINRESCUE_LOCALEDIR");

	setlocale(LC_ALL, "");
	/* WINRESCUE_LOCALEDIR lets the tests use translations from the build tree. */
	bindtextdomain(PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
	textdomain(PACKAGE);

	if (argc < 2) {
		usage(stderr);
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("%s %s\n", PACKAGE, VERSION);
		return CLI_OK;
	}
	if (strcmp(argv[1], "bcd") == 0)
		return cli_bcd(argc - 1, argv + 1);
	cli_error(_("unknown command \"%s\" (see \"%s --help\")"), argv[1], PACKAGE);
	return CLI_USAGE;
}
