/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reg.c - reg.exe's offline subset: its operations, their arguments, and the keys they name. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "reg-internal.h"

#define BIT(sw) (1u << (sw))

static int reg_load(struct wr_cmd_env *e, const struct wr__reg_args *a, struct wr_buf *out,
                    struct wr_error *err)
{
	if (wr_cmd_reg_load(e, a->pos[0], a->pos[1], err) < 0)
		return -1;
	wr__reg_done(out);
	return 0;
}

static int reg_unload(struct wr_cmd_env *e, const struct wr__reg_args *a, struct wr_buf *out,
                      struct wr_error *err)
{
	if (wr_cmd_reg_unload(e, a->pos[0], err) < 0)
		return -1;
	wr__reg_done(out);
	return 0;
}

static const struct reg_op {
	const char *name;
	int n_pos;          /* the words that come first: KEY, FILE, KEY2 */
	unsigned switches;  /* BIT() of each switch it takes */
	unsigned with_word; /* ... of those followed by a word */
	bool reads_only;    /* it edits no hive */
	const char *usage;  /* reg.exe's syntax line, not translated */
	wr__reg_op run;
} ops[] = {
    {"QUERY", 1, BIT(WR_SW_V) | BIT(WR_SW_VE) | BIT(WR_SW_S), BIT(WR_SW_V), true,
     "REG QUERY KEY [/v NAME | /ve] [/s]", wr__reg_query},
    {"ADD", 1,
     BIT(WR_SW_V) | BIT(WR_SW_VE) | BIT(WR_SW_T) | BIT(WR_SW_S) | BIT(WR_SW_D) | BIT(WR_SW_F),
     BIT(WR_SW_V) | BIT(WR_SW_T) | BIT(WR_SW_S) | BIT(WR_SW_D), false,
     "REG ADD KEY [/v NAME | /ve] [/t TYPE] [/s SEPARATOR] [/d DATA] [/f]", wr__reg_add},
    {"DELETE", 1, BIT(WR_SW_V) | BIT(WR_SW_VE) | BIT(WR_SW_VA) | BIT(WR_SW_F), BIT(WR_SW_V), false,
     "REG DELETE KEY [/v NAME | /ve | /va] [/f]", wr__reg_delete},
    {"COPY", 2, BIT(WR_SW_S) | BIT(WR_SW_F), 0, false, "REG COPY KEY1 KEY2 [/s] [/f]",
     wr__reg_copy},
    {"COMPARE", 2,
     BIT(WR_SW_V) | BIT(WR_SW_VE) | BIT(WR_SW_S) | BIT(WR_SW_OA) | BIT(WR_SW_OD) | BIT(WR_SW_OS) |
         BIT(WR_SW_ON),
     BIT(WR_SW_V), true, "REG COMPARE KEY1 KEY2 [/v NAME | /ve] [/oa | /od | /os | /on] [/s]",
     wr__reg_compare},
    {"EXPORT", 2, BIT(WR_SW_Y), 0, true, "REG EXPORT KEY FILE [/y]", wr__reg_export},
    {"IMPORT", 1, 0, 0, false, "REG IMPORT FILE", wr__reg_import},
    {"LOAD", 2, 0, 0, true, "REG LOAD KEY FILE", reg_load},
    {"UNLOAD", 1, 0, 0, true, "REG UNLOAD KEY", reg_unload},
};

static const char *const switch_names[WR_SW_COUNT] = {
    [WR_SW_V] = "v",   [WR_SW_VE] = "ve", [WR_SW_VA] = "va", [WR_SW_T] = "t",
    [WR_SW_S] = "s",   [WR_SW_D] = "d",   [WR_SW_F] = "f",   [WR_SW_Y] = "y",
    [WR_SW_OA] = "oa", [WR_SW_OD] = "od", [WR_SW_OS] = "os", [WR_SW_ON] = "on",
};

static const struct reg_op *op_named(const char *name)
{
	for (size_t i = 0; name && i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcasecmp(ops[i].name, name) == 0)
			return &ops[i];
	return NULL;
}

/* The switch `word` is ("/v", "-VE"), or -1. */
static int switch_named(const char *word)
{
	if (word[0] != '/' && word[0] != '-')
		return -1;
	for (int i = 0; i < WR_SW_COUNT; i++)
		if (strcasecmp(word + 1, switch_names[i]) == 0)
			return i;
	return -1;
}

/* reg.exe's "Invalid syntax", saying what is wrong and how it is written. */
static int syntax(const struct reg_op *op, const char *why, struct wr_error *err)
{
	wr_error_set(err, EINVAL, _("Invalid syntax (%s). Usage: %s"), why, op->usage);
	return -1;
}

static int __attribute__((format(printf, 3, 4)))
bad_word(const struct reg_op *op, struct wr_error *err, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return syntax(op, why, err);
}

/* Switches that exclude each other: /v, /ve, /va; the compare outputs. */
static bool at_most_one(const struct wr__reg_args *a, const enum wr__reg_switch *sw, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		count += a->has[sw[i]];
	return count <= 1;
}

static int parse_switches(const struct reg_op *op, int argc, char *const argv[],
                          struct wr__reg_args *a, struct wr_error *err)
{
	static const enum wr__reg_switch values[] = {WR_SW_V, WR_SW_VE, WR_SW_VA},
	                                 outputs[] = {WR_SW_OA, WR_SW_OD, WR_SW_OS, WR_SW_ON};

	for (int i = op->n_pos; i < argc; i++) {
		int sw = switch_named(argv[i]);

		if (sw < 0 && argv[i][0] != '/' && argv[i][0] != '-')
			return bad_word(op, err, _("%s is one word too many"), argv[i]);
		if (sw < 0 || !(op->switches & BIT(sw)))
			return bad_word(op, err, _("%s is not one of its options"), argv[i]);
		if (a->has[sw])
			return bad_word(op, err, _("%s is given twice"), argv[i]);
		a->has[sw] = true;
		if (!(op->with_word & BIT(sw)))
			continue;
		if (++i == argc)
			return bad_word(op, err, _("%s needs a word after it"), argv[i - 1]);
		a->arg[sw] = argv[i];
	}
	if (!at_most_one(a, values, 3))
		return syntax(op, _("/v, /ve and /va exclude each other"), err);
	if (!at_most_one(a, outputs, 4))
		return syntax(op, _("/oa, /od, /os and /on exclude each other"), err);
	return 0;
}

static int parse_args(const struct reg_op *op, int argc, char *const argv[], struct wr__reg_args *a,
                      struct wr_error *err)
{
	*a = (struct wr__reg_args){0};
	if (argc < op->n_pos)
		return syntax(op, op->n_pos == 1 ? _("a word is missing") : _("words are missing"),
		              err);
	for (int i = 0; i < op->n_pos; i++)
		a->pos[i] = argv[i];
	return parse_switches(op, argc, argv, a, err);
}

int wr_reg_run(struct wr_cmd_env *e, int argc, char *const argv[], struct wr_buf *out,
               struct wr_error *err)
{
	const struct reg_op *op = op_named(argc > 0 ? argv[0] : NULL);
	struct wr__reg_args a;
	int r;

	if (!op && argc > 0) {
		wr_error_set(err, EINVAL,
		             _("Invalid syntax (%s is not an operation of reg: QUERY, ADD, DELETE, "
		               "COPY, COMPARE, EXPORT, IMPORT, LOAD or UNLOAD)."),
		             argv[0]);
		r = -1;
	} else if (!op) {
		wr_error_set(err, EINVAL,
		             _("Invalid syntax (no operation: QUERY, ADD, DELETE, COPY, COMPARE, "
		               "EXPORT, IMPORT, LOAD or UNLOAD)."));
		r = -1;
	} else {
		r = parse_args(op, argc - 1, argv + 1, &a, err);
		if (r == 0)
			r = op->run(e, &a, out, err);
	}
	/* As reg.exe begins each of its errors. */
	if (r < 0)
		wr_error_prefix(err, "%s", _("ERROR"));
	return r;
}

bool wr_reg_reads_only(int argc, char *const argv[])
{
	const struct reg_op *op = op_named(argc > 0 ? argv[0] : NULL);

	return op && op->reads_only;
}

void wr__reg_done(struct wr_buf *out)
{
	/* bcdedit's line too: one translation for both. */
	wr_buf_printf(out, "%s\n", _("The operation completed successfully."));
}

int wr__reg_not_found(const struct wr__reg_key *k, const char *name, struct wr_error *err)
{
	if (!name)
		wr_error_set(err, ENOENT,
		             _("The system was unable to find the specified registry key or value: "
		               "%s"),
		             k->typed);
	else
		wr_error_set(err, ENOENT,
		             _("The system was unable to find the specified registry key or value: "
		               "%s in %s"),
		             *name ? name : _("(Default)"), k->typed);
	return -1;
}

int wr__reg_key_open(struct wr_cmd_env *e, const char *typed, bool must_exist,
                     struct wr__reg_key *k, struct wr_error *err)
{
	int r;

	*k = (struct wr__reg_key){.typed = typed};
	if (wr_cmd_reg_key(e, typed, &k->hive, &k->path, err) < 0)
		return -1;
	k->h = wr_stage_hive(wr_cmd_stage(e), k->hive);
	r = wr_hive_lookup(k->h, wr_hive_root(k->h), k->path, &k->node, err);
	if (r == 1)
		k->node = 0;
	if (r < 0 || (r == 1 && must_exist)) {
		if (r == 1)
			wr__reg_not_found(k, NULL, err);
		wr__reg_key_close(k);
		return -1;
	}
	return 0;
}

void wr__reg_key_close(struct wr__reg_key *k)
{
	free(k->path);
	k->path = NULL;
}
