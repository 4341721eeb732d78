/* SPDX-License-Identifier: GPL-3.0-or-later */
/* keys.c - --key for BitLocker volumes, and asking for a key on the terminal. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "base/i18n.h"
#include "cli.h"

/* The selectors as given: argv's own strings, wiped once the appliance has
 * them (and so gone from /proc/PID/cmdline too). */
static char **given;
static size_t n_given;
static bool lost; /* one could not be kept */

void cli_key_option(char *arg)
{
	char **more = realloc(given, (n_given + 1) * sizeof(*more));

	if (!more) {
		explicit_bzero(arg, strlen(arg));
		lost = true;
		return;
	}
	given = more;
	given[n_given++] = arg;
}

int cli_keys_give(struct wr_guest *g, struct wr_error *err)
{
	int r = 0;

	if (lost) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		r = -1;
	}
	for (size_t i = 0; i < n_given; i++) {
		if (r == 0 && wr_guest_add_key(g, given[i], err) < 0)
			r = -1;
		explicit_bzero(given[i], strlen(given[i]));
	}
	free(given);
	given = NULL;
	n_given = 0;
	return r;
}

void cli_key_usage(FILE *out)
{
	cli_text(
	    out,
	    _("  --key DEVICE:key:KEY    open a BitLocker volume with its recovery password\n"
	      "                          or password (DEVICE: a partition, its BitLocker\n"
	      "                          GUID, or all); repeat for more volumes\n"
	      "  --key DEVICE:file:FILE  the same with a .BEK startup key or a password file\n"));
}

/* A line from the terminal without echo; NULL at its end or when empty. */
static char *read_hidden(FILE *tty)
{
	struct termios before, quiet;
	bool hidden = tcgetattr(fileno(tty), &before) == 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	quiet = before;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	if (hidden)
		tcsetattr(fileno(tty), TCSANOW, &quiet);
	n = getline(&line, &cap, tty);
	if (hidden)
		tcsetattr(fileno(tty), TCSANOW, &before);
	cli_print(stderr, "\n");
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	if (n <= 0) {
		if (line)
			explicit_bzero(line, cap);
		free(line);
		return NULL;
	}
	return line;
}

int cli_key_typed(struct wr_guest *g, const char *name, const char *typed, struct wr_error *err)
{
	struct stat st;
	size_t len = strlen(name) + strlen(typed) + 8;
	char *selector = malloc(len);
	int r;

	if (!selector) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	snprintf(selector, len, "%s:%s:%s", name,
	         stat(typed, &st) == 0 && S_ISREG(st.st_mode) ? "file" : "key", typed);
	r = wr_guest_add_key(g, selector, err);
	explicit_bzero(selector, len);
	free(selector);
	return r;
}

const struct wr_part *cli_locked_volume(const struct wr_inventory *inv, size_t from, size_t *at)
{
	for (size_t i = from; i < inv->n_parts; i++) {
		const struct wr_part *p = &inv->parts[i];

		if (p->encrypted && !p->unlocked && !wr_bl_refusal(&p->bitlocker) &&
		    wr_bl_openable(&p->bitlocker)) {
			*at = i;
			return p;
		}
	}
	return NULL;
}

struct wr_guest *cli_ask_keys(struct wr_guest *g, struct wr_inventory *inv)
{
	FILE *tty = isatty(STDIN_FILENO) && isatty(STDERR_FILENO) ? stdin : NULL;
	const struct wr_part *p;
	struct wr_error err = {0};
	size_t at = 0;
	char name[4200], needs[WR_BL_NEEDS_MAX];
	int r;

	for (size_t from = 0; g && tty && (p = cli_locked_volume(inv, from, &at)); from = at + 1) {
		char *typed;

		snprintf(name, sizeof(name), "%s", p->name);
		cli_print(stderr, _("%s is a locked BitLocker volume (%s).\n"), name,
		          wr_bl_needs(&p->bitlocker, needs));
		cli_print(stderr, "%s",
		          _("Key, or the path of its .BEK file (empty: leave it locked): "));
		fflush(stderr);
		if (!(typed = read_hidden(tty)))
			continue;
		r = cli_key_typed(g, name, typed, &err);
		explicit_bzero(typed, strlen(typed));
		free(typed);
		if (r == 0) {
			wr_inventory_free(inv);
			r = wr_inventory_scan(g, inv, &err);
		}
		if (r < 0) {
			cli_error("%s", err.msg);
			wr_guest_close(g);
			return NULL;
		}
	}
	return g;
}
