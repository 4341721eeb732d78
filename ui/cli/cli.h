/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.h - the command-line front end: commands, exit codes, messages. */
#ifndef WR_CLI_H
#define WR_CLI_H

/* Exit codes, documented in winrescue(1) and README.md. */
enum cli_exit {
	CLI_OK = 0,
	CLI_FAILED = 1,   /* the input could not be read, or the object does not exist */
	CLI_USAGE = 2,    /* wrong options or arguments */
	CLI_PROBLEMS = 3, /* done, but the store has defects (listed on stderr) */
};

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "disk/disk.h"
#include "session/session.h"

struct wr_config;

/* What ui/main.c read from the environment for the back end. */
const struct wr_config *cli_config(void);

/*
 * Everything the commands print goes through these, so that no text from a
 * hive, a disk, a journal or a file name reaches the terminal raw: every
 * argument (%s, %c) has its control characters escaped ("\x1b", "\u202e"),
 * newlines included; the format, the program's own text, is printed as it
 * is (see wr_buf_printf_printable).
 */
void cli_print(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* cli_print to stdout. */
void cli_out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "winrescue: MESSAGE" and a newline on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Text of several lines made elsewhere (a listing, a diff, a help text):
 * control characters escaped, its newlines kept. */
void cli_text(FILE *f, const char *text);

/* Add the disks (read-only unless `writable`) and launch the appliance,
 * showing progress; NULL after printing the error. */
struct wr_guest *cli_open_disks(char **paths, int n, bool writable);

struct wr_inventory;
struct wr_bcd_enum_opts;

/* --key SELECTOR (wr_guest_add_key), kept for cli_open_disks: `arg` is
 * argv's, wiped there. */
void cli_key_option(char *arg);
/* The --key lines of a command's help. */
void cli_key_usage(FILE *out);
/* Give the appliance the --key selectors, then wipe them. */
int cli_keys_give(struct wr_guest *g, struct wr_error *err);
/* The first locked BitLocker volume of `inv` from part `from` on that a
 * key typed here could open (its index in *at), or NULL. */
const struct wr_part *cli_locked_volume(const struct wr_inventory *inv, size_t from, size_t *at);
/* Give the appliance what the user typed for partition `name`: the path
 * of a .BEK or password file when it names a file, else a password or
 * recovery password. */
int cli_key_typed(struct wr_guest *g, const char *name, const char *typed, struct wr_error *err);
/* On a terminal, ask for the key of each locked BitLocker volume a key
 * could open (input not echoed) and scan again with it; NULL after
 * printing an error (`g` closed), as cli_scan. */
struct wr_guest *cli_ask_keys(struct wr_guest *g, struct wr_inventory *inv);

/* Scan what is on the disks of `g` (NULL passes through); on failure print
 * the error, close `g` and return NULL. */
struct wr_guest *cli_scan(struct wr_guest *g, struct wr_inventory *inv);

/* Print what is on the disks (text or JSON) and one error line per problem;
 * returns the exit code. */
int cli_show_inventory(const struct wr_inventory *inv, bool json);

/* List every BCD store of the inventory, devices named by partition;
 * returns the exit code. */
int cli_enum_stores(struct wr_guest *g, struct wr_inventory *inv, struct wr_bcd_enum_opts *opts,
                    bool json);

/* The hives a repair or undo works on: files, or disks. */
struct cli_target {
	const char *store, *system, *software; /* --store, --system, --software */
	char **disks;
	int n_disks;
	unsigned kinds; /* of the disks' hives, WR_KIND_BIT; 0: WR_KINDS_BOOT */
	bool json;      /* the output is JSON: notes go to stderr */
	/* repair rebuild: the boot stores loaded as new ones (session.h), and
	 * --windows, whose BCD-Template they begin from (NULL: the default) */
	enum wr_new_store new_stores;
	const char *windows;
};

/* The options that name hive files, for getopt_long, and their parsing:
 * true when `c` was one of them. */
#define CLI_TARGET_SHORTOPTS "s:S:W:"
#define CLI_KEY_OPTION       'K'
#define CLI_TARGET_LONGOPTS                                                                        \
	{"store", required_argument, NULL, 's'}, {"system", required_argument, NULL, 'S'},         \
	    {"software", required_argument, NULL, 'W'},                                            \
	{                                                                                          \
		"key", required_argument, NULL, CLI_KEY_OPTION                                     \
	}
bool cli_target_option(struct cli_target *t, int c, char *arg);

struct cli_session {
	struct wr_session *session;
	struct wr_guest *g; /* NULL for files */
	struct wr_inventory inv;
};

/* Load what `t` names (disks added writable when `writable`); prints any
 * error and returns the exit code. */
int cli_session_open(struct cli_target *t, bool writable, struct cli_session *cs);
/* Free it all; with `check`, stop the appliance checking for write errors
 * (-1 after printing one). */
int cli_session_close(struct cli_session *cs, bool check);
/* What loading found (logs replayed, no SOFTWARE hive): on stdout, or on
 * stderr when the output is JSON. */
void cli_print_notes(const struct wr_session *s, bool json);
/* Print the diff of everything staged; -1 after printing the error:
 * nothing is committed that was not shown. */
int cli_print_diff(const struct wr_stage *st);
/* Ask (unless `yes`; never without a terminal), then commit what is
 * staged, printing the files written; returns the exit code. */
int cli_commit(struct cli_session *cs, bool yes);
/* ^C, a hangup or a kill wait while a commit or rollback writes: the
 * appliance, in a process group of its own, must not be stopped half-way;
 * a signal that came meanwhile ends the program when released. */
void cli_hold_signals(sigset_t *before);
void cli_release_signals(const sigset_t *before);

/* Ask on the terminal; true for yes (cli_answer), no is the default. */
bool cli_confirm(const char *question);
/* What a reply to a yes/no question says: 1 yes, 0 no, -1 neither.  The
 * locale's yes and no (rpmatch), and the letters the question shows. */
int cli_answer(const char *reply);

/* winrescue repair ... and winrescue undo ...; argv[0] is the command. */
int cli_repair(int argc, char **argv);
int cli_diagnose(int argc, char **argv);
int cli_undo(int argc, char **argv);
/* winrescue hive check|replay ... */
int cli_hive(int argc, char **argv);
/* Print wr_replay_logs_text; *bad_entry (if given) set when a log stopped
 * at a bad entry. */
void cli_print_logs(const struct wr_replay *rep, const char *indent, bool *bad_entry);
/* winrescue checklist list|run ... */
int cli_checklist(int argc, char **argv);

/* The cache directory and the demo image's path in it (printing any error). */
int cli_demo_image(char *dir, size_t dir_len, char *image, size_t image_len);

/* winrescue --demo: the demo disk, built on first use. */
int cli_demo(void);

/* winrescue disks [--json] [DISK...]; argv[0] is "disks". */
int cli_disks(int argc, char **argv);

/* winrescue bcdedit|reg|script ...; argv[0] is the command. */
int cli_command(int argc, char **argv);

/* winrescue bcd SUBCOMMAND ...; argv[0] is "bcd". */
int cli_bcd(int argc, char **argv);

#endif
