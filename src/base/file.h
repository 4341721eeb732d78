/* SPDX-License-Identifier: GPL-3.0-or-later */
/* file.h - files on this machine: bounded reads, whole writes, durable publishing, mkdir -p. */
#ifndef WR_FILE_H
#define WR_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

/*
 * The descriptor-level calls retry when interrupted (EINTR) and return -1
 * with errno set by the call that failed (EIO for a file that ended or a
 * write that wrote nothing); the caller names the file.  The path-level
 * calls set `err`, naming the path.
 */

/* Read up to `n` bytes of `fd` at `off`: fewer only at the end of the file
 * (*got says how many). */
int wr_file_read_at(int fd, off_t off, void *buf, size_t n, size_t *got);

/* Read all of `fd` (from offset 0, at most `max` bytes: EFBIG beyond) into
 * *data (malloc'd, one spare byte) and *len. */
int wr_file_read_fd(int fd, size_t max, uint8_t **data, size_t *len);

/* Write all `len` bytes of `data` to `fd` at `off`. */
int wr_file_write_at(int fd, const void *data, size_t len, off_t off);

/* Copy what is left of `in` to `out` (at their positions, to the end of
 * `in`). */
int wr_file_copy_fd(int in, int out);

/* fsync the directory holding `path`, so a name made in it survives a
 * crash. */
int wr_file_sync_dir(const char *path);

/* Read the regular file `path` (at most `max` bytes) into *data (malloc'd,
 * never NULL on success) and *len. */
int wr_file_read(const char *path, size_t max, uint8_t **data, size_t *len, struct wr_error *err);

/* What wr_file_open_owned returns for a file it will not use. */
#define WR_FILE_REFUSED (-2)

/*
 * Open `path` (open()'s `flags`; O_CREAT makes it 0600 when missing) as
 * state of this user's that winrescue reads back and acts on: never through
 * a symbolic link, never waiting on a FIFO or a device, and only a regular
 * file owned by the user or by root that neither its group nor others can
 * write; when `like` is given, its owner and those who can write it are
 * accepted too (a backup has the permissions of the file it copies).
 * Returns the descriptor (blocking again); -1 when open() fails (errno and
 * `err` say why: ENOENT when it is missing), or WR_FILE_REFUSED with `err`
 * saying what the file is instead.
 */
struct stat;
int wr_file_open_owned(const char *path, int flags, const struct stat *like, struct wr_error *err);

/* Write `len` bytes as the new file `path` (which must not exist) with
 * permissions `mode` (less the umask), fsync'd; on failure nothing is left
 * at `path`. */
int wr_file_write_new(const char *path, const void *data, size_t len, mode_t mode,
                      struct wr_error *err);

/* Give the finished file `tmp` its name `path` in the same directory,
 * never replacing a file that is there (a link where the filesystem cannot
 * rename that way), and make the name durable.  `tmp` is gone afterwards
 * unless this fails. */
int wr_file_publish(const char *tmp, const char *path, struct wr_error *err);

/* Write `len` bytes as the file `path`, whole or not at all: under a name
 * of its own first (PATH.winrescue-new), fsync'd, then given its name,
 * replacing a file there only when `replace` (else it fails with EEXIST).
 * On failure nothing new is left and `err` names `path` with `what`
 * ("cannot write the report"). */
int wr_file_write_whole(const char *path, const void *data, size_t len, bool replace,
                        const char *what, struct wr_error *err);

/* mkdir -p: create `dir` and its missing parents, 0700. */
int wr_file_make_dirs(const char *dir, struct wr_error *err);

#endif
