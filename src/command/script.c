/* SPDX-License-Identifier: GPL-3.0-or-later */
/* script.c - an article's script as it stands (cmd or PowerShell): its bcdedit and reg lines as
 * one transaction. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "internal.h"

/* A script longer than this is no article's. */
#define SCRIPT_MAX_LINES 10000
#define SCRIPT_MAX_VARS  256

struct script_var {
	char *name, *value;
};

struct script {
	struct wr_cmd_env *e;
	struct script_var vars[SCRIPT_MAX_VARS];
	size_t n_vars;
	bool echo;
	struct wr_buf *out;
};

static void vars_free(struct script *sc)
{
	for (size_t i = 0; i < sc->n_vars; i++) {
		free(sc->vars[i].name);
		free(sc->vars[i].value);
	}
	sc->n_vars = 0;
}

static struct script_var *var_named(struct script *sc, const char *name, size_t len)
{
	for (size_t i = 0; i < sc->n_vars; i++)
		if (strlen(sc->vars[i].name) == len &&
		    strncasecmp(sc->vars[i].name, name, len) == 0)
			return &sc->vars[i];
	return NULL;
}

/* %NAME% of a variable the script set, and %% as %: any other %NAME%
 * stays, for the offline Windows to expand (%SystemRoot% in DumpFile). */
static void expand(struct script *sc, const char *line, struct wr_buf *out)
{
	for (const char *p = line; *p; p++) {
		const char *end = *p == '%' ? strchr(p + 1, '%') : NULL;
		struct script_var *v;

		if (*p == '%' && p[1] == '%') {
			wr_buf_putc(out, '%');
			p++;
		} else if (end && end > p + 1 &&
		           (v = var_named(sc, p + 1, (size_t)(end - p - 1)))) {
			wr_buf_puts(out, v->value);
			p = end;
		} else {
			wr_buf_putc(out, *p);
		}
	}
}

/* set NAME=VALUE, or set "NAME=VALUE" (the value as it is, to the end). */
static int set_var(struct script *sc, const char *args, struct wr_error *err)
{
	size_t len = strlen(args);
	bool quoted = len >= 2 && args[0] == '"' && args[len - 1] == '"';
	const char *name = args + quoted, *eq = strchr(name, '=');
	size_t vlen = eq ? len - (size_t)(eq + 1 - args) - quoted : 0;
	struct script_var *v;
	char *value;

	if (!eq || eq == name || memchr(name, '%', (size_t)(eq - name))) {
		wr_error_set(err, EINVAL, _("set: give NAME=VALUE"));
		return -1;
	}
	if (!(v = var_named(sc, name, (size_t)(eq - name)))) {
		if (sc->n_vars == SCRIPT_MAX_VARS) {
			wr_error_set(err, E2BIG, _("set: more than %d variables"), SCRIPT_MAX_VARS);
			return -1;
		}
		v = &sc->vars[sc->n_vars];
		if (!(v->name = strndup(name, (size_t)(eq - name))))
			goto no_memory;
		v->value = NULL;
		sc->n_vars++;
	}
	if (!(value = strndup(eq + 1, vlen)))
		goto no_memory;
	free(v->value);
	v->value = value;
	return 0;
no_memory:
	wr_error_set(err, ENOMEM, _("out of memory"));
	return -1;
}

/* The word `w` at the start of `line`, then a blank or the end. */
static bool starts_with_word(const char *line, const char *w)
{
	size_t n = strlen(w);

	return strncasecmp(line, w, n) == 0 && (!line[n] || isspace((unsigned char)line[n]));
}

/* What a line is that runs no command: a comment, a blank, echo off. */
static bool ignored(const char *line)
{
	return !*line || starts_with_word(line, "rem") || strncmp(line, "::", 2) == 0 ||
	       *line == '#' || starts_with_word(line, "echo off") ||
	       starts_with_word(line, "echo on");
}

/* One line, blanks and @ gone from its start and the end of line from its
 * end. */
static int run_line(struct script *sc, const char *line, struct wr_error *err)
{
	struct wr_buf text = WR_BUF_INIT;
	wr__cmd_fn fn = NULL;
	const char *name;
	const char *t;
	char **argv = NULL;
	int argc = 0, r = -1;

	if (ignored(line))
		return 0;
	expand(sc, line, &text);
	t = wr_buf_str(&text);
	if (text.oom)
		wr_error_set(err, ENOMEM, _("out of memory"));
	else if (starts_with_word(t, "set"))
		r = set_var(sc, t + 3 + strspn(t + 3, " \t"), err);
	else if (wr_cmd_split(t, &argv, &argc, err) == 0 && !(fn = wr__cmd_named(argv[0], &name)))
		wr_error_set(
		    err, EINVAL,
		    _("%s: winrescue runs bcdedit and reg commands, set, REM and echo off"),
		    argv[0]);
	if (fn) {
		if (sc->echo)
			wr_buf_printf(sc->out, "> %s\n", t);
		r = fn(sc->e, argc - 1, argv + 1, sc->out, err);
	}
	wr_cmd_argv_free(argv, argc);
	wr_buf_free(&text);
	return r;
}

/* The next logical line of *cursor (a cmd ^ at its end joins the next;
 * PowerShell's ` too) into `line`; its first physical line's number to
 * *number.  False at the end. */
static bool next_line(char **cursor, size_t *counted, size_t *number, struct wr_buf *line)
{
	char *l;

	line->len = 0;
	if (line->data)
		line->data[0] = '\0';
	*number = *counted + 1;
	while ((l = wr_next_line(cursor))) {
		size_t n = strlen(l);

		++*counted;
		if (n && l[n - 1] == '\r')
			l[--n] = '\0';
		if (n && (l[n - 1] == '^' || l[n - 1] == '`')) {
			wr_buf_add(line, l, n - 1);
			continue;
		}
		wr_buf_add(line, l, n);
		return true;
	}
	return line->len > 0;
}

/* Every line of `text` in order; the first error, named by its line, stops. */
static int run_lines(struct script *sc, const char *text, struct wr_error *err)
{
	struct wr_buf line = WR_BUF_INIT;
	char *copy = strdup(text), *cursor = copy;
	size_t counted = 0, number;
	int r = copy ? 0 : -1;

	if (!copy)
		wr_error_set(err, ENOMEM, _("out of memory"));
	vars_free(sc);
	while (r == 0 && next_line(&cursor, &counted, &number, &line)) {
		const char *l = wr_buf_str(&line) + strspn(wr_buf_str(&line), " \t");

		if (*l == '@')
			l += 1 + strspn(l + 1, " \t");
		if (number > SCRIPT_MAX_LINES) {
			wr_error_set(err, E2BIG, _("more than %d lines"), SCRIPT_MAX_LINES);
			r = -1;
		} else if (line.oom) {
			wr_error_set(err, ENOMEM, _("out of memory"));
			r = -1;
		} else if ((r = run_line(sc, l, err)) < 0) {
			wr_error_prefix(err, _("line %zu"), number);
		}
	}
	vars_free(sc);
	wr_buf_free(&line);
	free(copy);
	return r;
}

int wr_script_run(struct wr_cmd_env *e, const char *name, const char *text, bool echo,
                  struct wr_buf *out, struct wr_error *err)
{
	struct script sc = {.e = e, .out = out, .echo = echo};
	struct wr_buf checked = WR_BUF_INIT;
	struct cmd_mounts saved;
	bool dry_run = wr_cmd_env_dry_run(e);
	int r;

	/* First every line in memory, writing nothing (an /export waits):
	 * only a script that runs whole does anything. */
	if (wr__cmd_mounts_save(e, &saved, err) < 0)
		return -1;
	sc.out = &checked;
	sc.echo = false;
	wr_cmd_env_set_dry_run(e, true);
	if ((r = wr_txn_begin(wr_cmd_stage(e), name, err)) == 0) {
		r = run_lines(&sc, text, err);
		wr_txn_abort(wr_cmd_stage(e));
	}
	wr_buf_free(&checked);
	wr_cmd_env_set_dry_run(e, dry_run);
	wr__cmd_mounts_restore(e, &saved);
	if (r < 0)
		return -1;
	sc.out = out;
	sc.echo = echo;
	if (wr_txn_begin(wr_cmd_stage(e), name, err) < 0)
		return -1;
	wr__cmd_security_before(e);
	if (run_lines(&sc, text, err) < 0) {
		wr_txn_abort(wr_cmd_stage(e));
		wr__cmd_security_forget(e);
		return -1;
	}
	wr__cmd_security_after(e);
	wr_txn_end(wr_cmd_stage(e));
	return 0;
}
