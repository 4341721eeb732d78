/* SPDX-License-Identifier: GPL-3.0-or-later */
/* internal.h - the command environment's state, shared by env.c and drive.c. */
#ifndef WR_COMMAND_INTERNAL_H
#define WR_COMMAND_INTERNAL_H

#include "command.h"

/* HKLM\NAME, and the stage index of the hive mounted there. */
struct cmd_mount {
	char *name;
	size_t hive;
};

/* What a drive letter was mapped to (--drive). */
struct cmd_drive {
	enum { DRIVE_DEFAULT, DRIVE_PARTITION, DRIVE_DIRECTORY } to;
	size_t part; /* DRIVE_PARTITION: index into the inventory's parts */
	char *dir;   /* DRIVE_DIRECTORY: its absolute path */
};

/* A hive file the user named for a role (--store, --system, --software). */
struct cmd_given {
	size_t hive;
	bool set;
};

struct wr_cmd_env {
	struct wr_session *s;
	struct cmd_mount *mounts;
	size_t n_mounts;
	struct cmd_drive drives[26];
	struct cmd_given given[3]; /* by wr_hive_kind */
	bool dry_run;
	/* run.c: what each repair that weakens security had left to do on
	 * each of the first `weakening_hives` hives, before the commands. */
	size_t *weakening;
	size_t weakening_hives;
};

/* run.c: the command a script line or a console line names ("bcdedit",
 * "reg.exe" ...), its name for the transaction in *name; NULL if none. */
typedef int (*wr__cmd_fn)(struct wr_cmd_env *, int, char *const[], struct wr_buf *,
                          struct wr_error *);
wr__cmd_fn wr__cmd_named(const char *word, const char **name);
/* Around the commands of an open transaction: mark it as weakening
 * security when they did part of what such a repair does. */
void wr__cmd_security_before(struct wr_cmd_env *e);
void wr__cmd_security_after(struct wr_cmd_env *e);
/* Drop what _before measured (the commands failed). */
void wr__cmd_security_forget(struct wr_cmd_env *e);

/* mount.c: mount hive `hive` at HKLM\NAME. */
int wr__cmd_mount(struct wr_cmd_env *e, const char *name, size_t hive, struct wr_error *err);

/* A copy of the mounts, to put back after a script's first pass. */
struct cmd_mounts {
	struct cmd_mount *mounts;
	size_t n;
};
int wr__cmd_mounts_save(const struct wr_cmd_env *e, struct cmd_mounts *out, struct wr_error *err);
/* Put `saved` back (it is consumed). */
void wr__cmd_mounts_restore(struct wr_cmd_env *e, struct cmd_mounts *saved);

/* drive.c: the hive a Windows path or a file here names, as hive `kind`
 * (loading a file not loaded yet). */
int wr__cmd_hive_at(struct wr_cmd_env *e, const char *path, enum wr_hive_kind kind, size_t *hive,
                    struct wr_error *err);
/* The kind a hive file's name says (SYSTEM, SOFTWARE, BCD), or -1. */
int wr__cmd_kind_of_name(const char *path);

#endif
