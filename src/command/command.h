/* SPDX-License-Identifier: GPL-3.0-or-later */
/* command.h - the articles' own commands as written (bcdedit, reg, and scripts of them), staged
 * on a session's hives. */
#ifndef WR_COMMAND_H
#define WR_COMMAND_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"
#include "session/session.h"
#include "txn/txn.h"

/*
 * The commands run on an environment: the session whose hives they edit
 * (in the stage's open transaction: nothing is written until the session
 * commits), the drive letters their paths use, and the registry keys
 * `reg load` mounted.  A command that fails leaves the open transaction
 * for its caller to abort: a script is one transaction, all or nothing.
 */
struct wr_cmd_env;

/* An environment for the hives of `s` (kept by the caller).  A single
 * SYSTEM and SOFTWARE hive is mounted as the articles mount them
 * (HKLM\BROKENSYSTEM, HKLM\BROKENSOFTWARE), a single store is the one
 * bcdedit uses without /store, and hive files loaded already stand for
 * their role's paths as wr_cmd_env_add_file's do. */
struct wr_cmd_env *wr_cmd_env_new(struct wr_session *s, struct wr_error *err);
void wr_cmd_env_free(struct wr_cmd_env *e);

struct wr_stage *wr_cmd_stage(const struct wr_cmd_env *e);
struct wr_session *wr_cmd_session(const struct wr_cmd_env *e);

/*
 * Drive letters.  By default a path's letter means, whatever the letter:
 * for \boot\bcd or \EFI\Microsoft\Boot\BCD, the partition that holds the
 * (single) boot store; for anything else, the (single) Windows partition.
 * wr_cmd_env_drive maps a letter to a partition of the disks (as
 * wr_part.name names it, or its number on a single disk: "2") or to a
 * directory of this machine (files: F:\Windows\... is DIR/Windows/...,
 * each name matched without regard to case).
 */
int wr_cmd_env_drive(struct wr_cmd_env *e, char letter, const char *target, struct wr_error *err);

/* A drive letter used as a device (bcdedit's partition=F:): the partition
 * of the disks it maps to, and its disk.  By default the letter means the
 * boot store's partition for `boot` (the boot manager's device), else the
 * Windows partition.  Fails naming the letter when it maps to none (files
 * have no partitions: give the disks). */
int wr_cmd_drive_partition(struct wr_cmd_env *e, char letter, bool boot,
                           const struct wr_part **part, const struct wr_disk **disk,
                           struct wr_error *err);

/* A dry run: commands that write a file of this machine (/export) say
 * what they would write and write nothing. */
void wr_cmd_env_set_dry_run(struct wr_cmd_env *e, bool dry_run);
bool wr_cmd_env_dry_run(const struct wr_cmd_env *e);

/* A hive file given by the user (--store, --system, --software, --hive
 * NAME=FILE): loaded into the session; `mount` ("BROKENSYSTEM", NULL for
 * none) names it under HKLM.  A Windows path that names a file of the same
 * role (\boot\bcd, \config\SYSTEM, \config\SOFTWARE) with no drive mapped
 * resolves to it. */
int wr_cmd_env_add_file(struct wr_cmd_env *e, const char *file, enum wr_hive_kind kind,
                        const char *mount, struct wr_error *err);

/* bcdedit's /store PATH (NULL without /store): the stage index of that
 * store.  PATH is a Windows path (F:\boot\bcd) or a file of this machine.
 * Fails naming PATH when it maps to no BCD store, and without PATH unless
 * exactly one store is loaded. */
int wr_cmd_store(struct wr_cmd_env *e, const char *path, size_t *hive, struct wr_error *err);

/* reg load KEY FILE and reg unload KEY (KEY: "HKLM\NAME", any case,
 * HKEY_LOCAL_MACHINE spelled out or not).  Loading the hive already
 * mounted there again is accepted; another name for a loaded hive too. */
int wr_cmd_reg_load(struct wr_cmd_env *e, const char *key, const char *file, struct wr_error *err);
int wr_cmd_reg_unload(struct wr_cmd_env *e, const char *key, struct wr_error *err);

/* A key as reg.exe takes it ("HKLM\BROKENSYSTEM\ControlSet001\Control",
 * quotes already removed): the stage index of the hive mounted there and
 * the key's path from that hive's root ('\' separated, "" for its root;
 * malloc'd).  HKLM\NAME\CurrentControlSet resolves to the control set the
 * hive's Select\Current names, as Windows does at boot.  Fails naming the
 * key when nothing is mounted there. */
int wr_cmd_reg_key(struct wr_cmd_env *e, const char *key, size_t *hive, char **path,
                   struct wr_error *err);
/* The reg.exe form of a key of hive `hive` ("HKLM\BROKENSYSTEM\..."), for
 * output: the name it is mounted under (the first), else its mount name. */
void wr_cmd_reg_name(const struct wr_cmd_env *e, size_t hive, const char *path, struct wr_buf *out);

/* A file of this machine a command reads or writes (reg export/import,
 * bcdedit /export, /import): a path here as it is; a Windows path through
 * a letter mapped to a directory.  Malloc'd into *out. */
int wr_cmd_host_path(struct wr_cmd_env *e, const char *path, char **out, struct wr_error *err);

/* ---- split.c: command lines ---- */

/* Split one command line into words as the Windows C runtime does for
 * bcdedit.exe and reg.exe: blanks separate, "..." groups (the quotes go),
 * 2n backslashes before a quote are n and the quote is one, 2n+1 are n
 * and a literal quote, other backslashes stay.  Outside quotes a cmd.exe
 * caret escapes the next character.  An unclosed quote fails. */
int wr_cmd_split(const char *line, char ***argv, int *argc, struct wr_error *err);
void wr_cmd_argv_free(char **argv, int argc);

/* ---- run.c: one command ---- */

/* Run one command line's words (argv[0]: bcdedit, reg, or their .exe) as
 * its own transaction, named after the command; its output to `out`.
 * When it does part of what a repair that weakens security does (RDP on,
 * the firewall off, EMS), the transaction is marked so, as that repair's
 * would be.  Returns 1 when it changed nothing (no transaction kept), -1
 * with nothing staged on an error. */
int wr_cmd_run(struct wr_cmd_env *e, int argc, char *const argv[], struct wr_buf *out,
               struct wr_error *err);

/* ---- bcdedit.c: bcdedit.exe's offline subset ---- */

/* Run one bcdedit command (argv without "bcdedit"): edits go to the open
 * transaction, bcdedit's output (an /enum listing, "The operation
 * completed successfully.") to `out`.  Fails with one line naming the
 * option, identifier, element or value that is wrong. */
int wr_bcdedit_run(struct wr_cmd_env *e, int argc, char *const argv[], struct wr_buf *out,
                   struct wr_error *err);
/* Whether the command only reads (/enum, /v, /export: no transaction). */
bool wr_bcdedit_reads_only(int argc, char *const argv[]);

/* ---- reg.c: reg.exe's offline subset ---- */

/* Run one reg command (argv without "reg"), as above. */
int wr_reg_run(struct wr_cmd_env *e, int argc, char *const argv[], struct wr_buf *out,
               struct wr_error *err);
bool wr_reg_reads_only(int argc, char *const argv[]);

/* ---- history.c: the console's command line history ---- */

/* The newest commands typed, oldest first; each one line, shorter than
 * WR_CMD_LINE_MAX, no control character. */
#define WR_CMD_HISTORY_MAX 100
#define WR_CMD_LINE_MAX    1024
struct wr_cmd_history {
	char *lines[WR_CMD_HISTORY_MAX];
	size_t n;
};
/* Read it from the state directory (bounded: its end only; the file is
 * state, opened as wr_file_open_owned does).  A missing file is empty. */
int wr_cmd_history_load(const char *state_dir, struct wr_cmd_history *h, struct wr_error *err);
/* Add `line` (not when it repeats the newest) and append it to the file. */
int wr_cmd_history_add(const char *state_dir, struct wr_cmd_history *h, const char *line,
                       struct wr_error *err);
void wr_cmd_history_free(struct wr_cmd_history *h);

/* ---- script-text.c, script.c: scripts of them ---- */

/* A script file as text (path "-": standard input): UTF-8, or UTF-16LE
 * with its BOM as Notepad and PowerShell save it; a UTF-8 BOM dropped.
 * At most WR_SCRIPT_MAX_BYTES; a NUL in it fails (not a text file). */
#define WR_SCRIPT_MAX_BYTES (1u << 20)
int wr_script_read(const char *path, char **text, struct wr_error *err);

/*
 * Run a script's text (a .cmd, or an article's PowerShell block) in one
 * transaction named `name`: bcdedit and reg lines (reg.exe/bcdedit.exe
 * too), comments (REM, ::, #), @echo off, blank lines, `set NAME=VALUE`
 * and %NAME% of a variable set before (any other %NAME% stays as it is:
 * it is for the offline Windows; %% is one %).  Each line's output goes to
 * `out` after "> LINE" when `echo` (a dry run shows what each line did).
 * Any error stops it, the transaction aborted, nothing staged; the error
 * names the line ("line 7: ...").
 */
int wr_script_run(struct wr_cmd_env *e, const char *name, const char *text, bool echo,
                  struct wr_buf *out, struct wr_error *err);

#endif
