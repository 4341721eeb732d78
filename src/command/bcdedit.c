/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcdedit.c - bcdedit.exe's offline subset: its command line (switches with / or -, in any
 * case, /store and /v anywhere), the table of its commands, and one command run on the store as
 * staged. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "bcdedit-internal.h"

#define MANY SIZE_MAX

struct command {
	const char *name; /* the switch without its / */
	const char *form; /* how it is written, for messages about its words */
	bcdedit_fn run;
	size_t min_words, max_words;
	/* Its options: "d=" takes a value, "inherit?" may take one, the
	 * others are switches alone. */
	const char *options[BCDEDIT_MAX_OPTIONS];
	bool edits;    /* false: it reads, or writes a file here (no transaction) */
	bool no_store; /* /? alone needs none */
};

static int help(struct bcdedit *b, const struct bcdedit_args *a);

#define OPTIONS(...) .options = {__VA_ARGS__}
/* List edits keep /addfirst, /addlast and /remove first: bcdedit_list_mode
 * reads options 0-2. */
#define LIST_EDITS OPTIONS("addfirst", "addlast", "remove")

static const struct command commands[] = {
    {"enum", "/enum [TYPE | ID] [/v]", bcdedit_enum, 0, 1},
    {"set", "/set ID NAME VALUE", bcdedit_set, 3, MANY, LIST_EDITS, .edits = true},
    {"deletevalue", "/deletevalue ID NAME", bcdedit_deletevalue, 2, 2, .edits = true},
    {"create", "/create [ID] /d DESCRIPTION [/application TYPE | /inherit [TYPE] | /device]",
     bcdedit_create, 0, 1, OPTIONS("d=", "application=", "inherit?", "device"), .edits = true},
    {"copy", "/copy ID /d DESCRIPTION", bcdedit_copy, 1, 1, OPTIONS("d="), .edits = true},
    {"delete", "/delete ID [/f] [/cleanup | /nocleanup]", bcdedit_delete, 1, 1,
     OPTIONS("f", "cleanup", "nocleanup"), .edits = true},
    {"default", "/default ID", bcdedit_default, 1, 1, .edits = true},
    {"displayorder", "/displayorder ID... [/addfirst | /addlast | /remove]", bcdedit_displayorder,
     1, MANY, LIST_EDITS, .edits = true},
    {"toolsdisplayorder", "/toolsdisplayorder ID... [/addfirst | /addlast | /remove]",
     bcdedit_toolsdisplayorder, 1, MANY, LIST_EDITS, .edits = true},
    {"bootsequence", "/bootsequence ID... [/addfirst | /addlast | /remove]", bcdedit_bootsequence,
     1, MANY, LIST_EDITS, .edits = true},
    {"timeout", "/timeout SECONDS", bcdedit_timeout, 1, 1, .edits = true},
    {"ems", "/ems [ID] ON | OFF", bcdedit_ems, 1, 2, .edits = true},
    {"bootems", "/bootems [ID] ON | OFF", bcdedit_bootems, 1, 2, .edits = true},
    {"debug", "/debug [ID] ON | OFF", bcdedit_debug, 1, 2, .edits = true},
    {"bootdebug", "/bootdebug [ID] ON | OFF", bcdedit_bootdebug, 1, 2, .edits = true},
    {"emssettings", "/emssettings BIOS | EMSPORT:PORT [EMSBAUDRATE:BAUDRATE]", bcdedit_emssettings,
     1, 2, .edits = true},
    {"dbgsettings",
     "/dbgsettings SERIAL [DEBUGPORT:PORT] [BAUDRATE:BAUD] | 1394 [CHANNEL:N] | "
     "USB [TARGETNAME:NAME] | LOCAL [/start POLICY] [/noumex]",
     bcdedit_dbgsettings, 1, 3, OPTIONS("start=", "noumex"), .edits = true},
    {"export", "/export FILE", bcdedit_export, 1, 1},
    {"import", "/import FILE", bcdedit_import, 1, 1, .edits = true},
    {"?", "/? [COMMAND]", help, 0, MANY, .no_store = true},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

/* A word that can only be a switch: / or -, then a letter (or ?) and
 * letters or digits.  A path here (/tmp/x), a number (-1) or an
 * identifier is none. */
static bool looks_like_switch(const char *word)
{
	if ((word[0] != '/' && word[0] != '-') || !word[1])
		return false;
	if (strcmp(word + 1, "?") == 0)
		return true;
	if (!isalpha((unsigned char)word[1]))
		return false;
	for (const char *p = word + 2; *p; p++)
		if (!isalnum((unsigned char)*p))
			return false;
	return true;
}

bool bcdedit_is_switch(const char *word, const char *name)
{
	return looks_like_switch(word) && strcasecmp(word + 1, name) == 0;
}

static const struct command *command_named(const char *word)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (bcdedit_is_switch(word, commands[i].name))
			return &commands[i];
	return NULL;
}

/* A command line split: the store and /v taken out wherever they are. */
struct command_line {
	const char *store;
	bool verbose;
	const struct command *cmd;
	const char **rest; /* the words after the command's switch (malloc'd) */
	size_t n_rest;
};

static int split_line(int argc, char *const argv[], struct command_line *cl, struct wr_error *err)
{
	*cl = (struct command_line){0};
	if (!(cl->rest = calloc((size_t)argc + 1, sizeof(*cl->rest)))) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];

		if (bcdedit_is_switch(w, "store")) {
			if (i + 1 == argc) {
				wr_error_set(err, EINVAL, _("%s needs the path of a store"), w);
				return -1;
			}
			cl->store = argv[++i];
		} else if (bcdedit_is_switch(w, "v")) {
			cl->verbose = true;
		} else if (cl->cmd) {
			cl->rest[cl->n_rest++] = w;
		} else if (!(cl->cmd = command_named(w))) {
			wr_error_set(
			    err, EINVAL,
			    looks_like_switch(w)
			        ? _("%s is not a bcdedit command winrescue runs (bcdedit /? "
			            "lists them)")
			        : _("%s: bcdedit wants a command first (/set, /enum, ...)"),
			    w);
			return -1;
		}
	}
	/* "bcdedit" alone, or with /v alone, lists the active entries. */
	if (!cl->cmd)
		cl->cmd = &commands[0];
	return 0;
}

/* Option `word` of `cmd`: its index, and whether it takes a value ('=')
 * or may ('?'); -1 when it has none of that name. */
static int option_index(const struct command *cmd, const char *word, char *takes)
{
	for (int k = 0; k < BCDEDIT_MAX_OPTIONS && cmd->options[k]; k++) {
		const char *o = cmd->options[k];
		size_t n = strcspn(o, "=?");

		if (strlen(word + 1) == n && strncasecmp(word + 1, o, n) == 0) {
			*takes = o[n];
			return k;
		}
	}
	return -1;
}

static int count_words(const struct command *cmd, const struct bcdedit_args *a,
                       struct wr_error *err)
{
	if (a->n < cmd->min_words) {
		wr_error_set(err, EINVAL, _("missing arguments: the form is bcdedit %s"),
		             cmd->form);
		return -1;
	}
	if (a->n > cmd->max_words) {
		wr_error_set(err, EINVAL, _("%s: one argument too many: the form is bcdedit %s"),
		             a->words[cmd->max_words], cmd->form);
		return -1;
	}
	return 0;
}

/* The command's own words: options (with their values) and plain words. */
static int parse_args(struct command_line *cl, struct bcdedit_args *a, struct wr_error *err)
{
	const struct command *cmd = cl->cmd;
	size_t n = 0;

	*a = (struct bcdedit_args){.words = cl->rest};
	for (size_t i = 0; i < cl->n_rest; i++) {
		const char *w = cl->rest[i];
		char takes = 0;
		int k = looks_like_switch(w) ? option_index(cmd, w, &takes) : -1;

		if (k < 0 && looks_like_switch(w)) {
			wr_error_set(err, EINVAL, _("%s is not an option of bcdedit /%s"), w,
			             cmd->name);
			return -1;
		}
		if (k < 0) {
			cl->rest[n++] = w; /* words move down over the options taken out */
			continue;
		}
		a->option[k] = "";
		if (takes == '=' && i + 1 == cl->n_rest) {
			wr_error_set(err, EINVAL, _("%s needs a value: the form is bcdedit %s"), w,
			             cmd->form);
			return -1;
		}
		/* An optional value is a word, not a switch or an {identifier}:
		 * /create /inherit {guid} /d ... names the entry. */
		if (takes == '=' ||
		    (takes == '?' && i + 1 < cl->n_rest && !looks_like_switch(cl->rest[i + 1]) &&
		     cl->rest[i + 1][0] != '{'))
			a->option[k] = cl->rest[++i];
	}
	a->n = n;
	return count_words(cmd, a, err);
}

static int help(struct bcdedit *b, const struct bcdedit_args *a)
{
	(void)a;
	wr_buf_printf(b->out, "%s\n\n",
	              _("winrescue runs these bcdedit commands on an offline store; switches "
	                "begin with / or -, in any case, and /store PATH may come anywhere:"));
	for (size_t i = 0; i < N_COMMANDS; i++)
		wr_buf_printf(b->out, "  bcdedit %s\n", commands[i].form);
	return 0;
}

int bcdedit_done(struct bcdedit *b)
{
	wr_buf_printf(b->out, "%s\n", _("The operation completed successfully."));
	return 0;
}

const struct wr_bcd_object *bcdedit_object(struct bcdedit *b, const char *id)
{
	return wr_bcd_find(b->bcd, id, b->err);
}

int bcdedit_guid(struct bcdedit *b, const char *id, bool dangling, char out[WR_GUID_STRLEN + 1])
{
	const struct wr_bcd_object *obj = wr_bcd_find(b->bcd, id, b->err);
	const char *alias = wr_bcd_guid_for_alias(id);

	if (obj) {
		memcpy(out, obj->guid, WR_GUID_STRLEN + 1);
		return 0;
	}
	/* Only an identifier that names one object may name none in the
	 * store; {default} and {current} name none then. */
	if (!dangling || b->err->code != ENOENT ||
	    (alias &&
	     (strcmp(alias, WR_BCD_GUID_DEFAULT) == 0 || strcmp(alias, WR_BCD_GUID_CURRENT) == 0)))
		return -1;
	if (alias) {
		memcpy(out, alias, WR_GUID_STRLEN + 1);
		return 0;
	}
	return wr_guid_normalize(id, out);
}

/* Run `cmd` on the store the command line names. */
static int run_on_store(struct wr_cmd_env *e, const struct command_line *cl,
                        const struct bcdedit_args *a, struct wr_buf *out, struct wr_error *err)
{
	struct bcdedit b = {
	    .env = e, .stage = wr_cmd_stage(e), .verbose = cl->verbose, .out = out, .err = err};
	int r;

	if (cl->cmd->no_store)
		return cl->cmd->run(&b, a);
	if (wr_cmd_store(e, cl->store, &b.hive, err) < 0)
		return -1;
	if (!(b.bcd = wr_bcd_load(wr_stage_hive(b.stage, b.hive), err)))
		return -1;
	r = cl->cmd->run(&b, a);
	wr_bcd_free(b.bcd);
	return r;
}

int wr_bcdedit_run(struct wr_cmd_env *e, int argc, char *const argv[], struct wr_buf *out,
                   struct wr_error *err)
{
	struct wr_error mine = {0};
	struct command_line cl;
	struct bcdedit_args a;
	int r;

	/* The commands read err->code: give them one even when the caller
	 * does not care. */
	err = err ? err : &mine;
	r = split_line(argc, argv, &cl, err);
	if (r == 0)
		r = parse_args(&cl, &a, err);
	if (r == 0)
		r = run_on_store(e, &cl, &a, out, err);
	free(cl.rest);
	if (r == 0 && out->oom) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		r = -1;
	}
	return r < 0 ? -1 : 0;
}

bool wr_bcdedit_reads_only(int argc, char *const argv[])
{
	struct command_line cl;
	bool reads = split_line(argc, argv, &cl, NULL) == 0 && !cl.cmd->edits;

	free(cl.rest);
	return reads;
}
