/* SPDX-License-Identifier: GPL-3.0-or-later */
/* regf.h - the registry hive format, and our own reading of it: base block, root key name, subkey
 * lists, log replay, a new empty hive. */
#ifndef WR_REGF_H
#define WR_REGF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

/*
 * The format's offsets and sizes, in bytes (bcd-format.md §7).  Every piece
 * of the project that reads or writes hive bytes itself uses these.
 */

/* Base block: the first 4096 bytes of a primary file.  Logs start with a
 * copy of its first 512, the part the checksum covers. */
#define WR_REGF_SIGNATURE   "regf"
#define WR_REGF_SEQ1        0x04u /* primary sequence number: a write started */
#define WR_REGF_SEQ2        0x08u /* secondary: that write finished */
#define WR_REGF_TIMESTAMP   0x0cu /* FILETIME, 8 bytes */
#define WR_REGF_MAJOR       0x14u
#define WR_REGF_MINOR       0x18u
#define WR_REGF_FILE_TYPE   0x1cu  /* enum wr_regf_file_type */
#define WR_REGF_FILE_FORMAT 0x20u  /* 1: direct memory load */
#define WR_REGF_ROOT        0x24u  /* root key cell offset */
#define WR_REGF_HBINS_SIZE  0x28u  /* bytes of hive bins after the base block */
#define WR_REGF_CLUSTERING  0x2cu  /* 1 */
#define WR_REGF_FLAGS       0x90u  /* bit 0: pending transactions */
#define WR_REGF_CSUM_OFFSET 0x1fcu /* checksum of bytes 0..0x1fb */
#define WR_REGF_HEAD_SIZE   512u   /* the checksummed part; what a log copies */
#define WR_REGF_BASE_SIZE   4096u  /* base block; hive bins start here */

/* Hive bin header.  Bins follow each other from 0x1000, each a multiple of
 * 4096 bytes; their cells fill them to the end. */
#define WR_HBIN_SIGNATURE  "hbin"
#define WR_HBIN_OFFSET     0x04u /* this bin's offset, relative to 0x1000 */
#define WR_HBIN_SIZE       0x08u /* this bin's size */
#define WR_HBIN_TIMESTAMP  0x14u /* first bin: a copy of the base block's */
#define WR_HBIN_HEADER_LEN 0x20u /* the first cell follows */
#define WR_HBIN_ALIGN      4096u /* bin sizes are multiples of this */

/* Cell: a signed 32-bit size, negative while the cell is in use, then its
 * record.  Cell offsets in records count from 0x1000 (the first bin). */
#define WR_CELL_HEADER_LEN 4u
#define WR_CELL_ALIGN      8u          /* cell sizes are multiples of this */
#define WR_CELL_NONE       0xffffffffu /* "no cell" in an offset field */

/* Key record ("nk"); offsets from the record, after the cell's size. */
#define WR_NK_SIGNATURE       "nk"
#define WR_NK_FLAGS           0x02u /* 2 bytes */
#define WR_NK_TIMESTAMP       0x04u
#define WR_NK_PARENT          0x10u
#define WR_NK_SUBKEY_COUNT    0x14u
#define WR_NK_VOLATILE_COUNT  0x18u
#define WR_NK_SUBKEY_LIST     0x1cu
#define WR_NK_VOLATILE_LIST   0x20u
#define WR_NK_VALUE_COUNT     0x24u
#define WR_NK_VALUE_LIST      0x28u
#define WR_NK_SECURITY        0x2cu
#define WR_NK_CLASS           0x30u
#define WR_NK_MAX_SUBKEY_NAME 0x34u
#define WR_NK_MAX_CLASS       0x38u
#define WR_NK_MAX_VALUE_NAME  0x3cu
#define WR_NK_MAX_VALUE_DATA  0x40u
#define WR_NK_NAME_LEN        0x48u   /* 2 bytes */
#define WR_NK_CLASS_LEN       0x4au   /* 2 bytes */
#define WR_NK_NAME            0x4cu   /* the name; the record without it is this long */
#define WR_NK_FLAG_HIVE_ENTRY 0x0004u /* the root key */
#define WR_NK_FLAG_NO_DELETE  0x0008u
#define WR_NK_FLAG_ASCII_NAME 0x0020u /* the name is Latin-1, not UTF-16LE */

/* Subkey lists: "lf" (fast leaf) and "lh" (hash leaf) entries are { key
 * offset, hint }, the hint the name's first four characters ("lf") or its
 * hash ("lh"); "li" (index leaf) entries are a key offset, "ri" (root
 * index) entries the offset of a leaf list. */
#define WR_LIST_LF          "lf"
#define WR_LIST_LH          "lh"
#define WR_LIST_LI          "li"
#define WR_LIST_RI          "ri"
#define WR_LIST_COUNT       0x02u /* 2 bytes */
#define WR_LIST_ENTRIES     0x04u
#define WR_LIST_LEAF_ENTRY  8u    /* "lf", "lh" */
#define WR_LIST_INDEX_ENTRY 4u    /* "li", "ri" */
#define WR_LIST_HINT        0x04u /* in a leaf entry, after the key offset */

/* Value record ("vk"). */
#define WR_VK_SIGNATURE       "vk"
#define WR_VK_NAME_LEN        0x02u /* 2 bytes */
#define WR_VK_DATA_LEN        0x04u
#define WR_VK_DATA            0x08u /* data cell offset, or the data itself */
#define WR_VK_TYPE            0x0cu
#define WR_VK_FLAGS           0x10u /* 2 bytes */
#define WR_VK_NAME            0x14u
#define WR_VK_DATA_INLINE     0x80000000u /* in the length: data <= 4 bytes in WR_VK_DATA */
#define WR_VK_FLAG_ASCII_NAME 0x0001u

/* Big data record ("db"): a value's data in segments, for data longer
 * than a cell holds; its list of segment cells is a plain offset array. */
#define WR_DB_SIGNATURE "db"
#define WR_DB_COUNT     0x02u /* 2 bytes: segments */
#define WR_DB_LIST      0x04u /* the segment list cell */

/* Security record ("sk"): a ring of them, each with its reference count
 * and a self-relative security descriptor. */
#define WR_SK_SIGNATURE "sk"
#define WR_SK_NEXT      0x04u
#define WR_SK_PREV      0x08u
#define WR_SK_REFS      0x0cu
#define WR_SK_DESC_LEN  0x10u
#define WR_SK_DESC      0x14u

enum wr_regf_file_type {
	WR_REGF_PRIMARY = 0,
	WR_REGF_LOG_OLD = 1,
	WR_REGF_LOG_NEW = 6,
};

/* What the base block says (bcd-format.md §7.1). */
struct wr_regf_header {
	uint32_t seq1;            /* primary sequence number */
	uint32_t seq2;            /* secondary sequence number */
	uint64_t timestamp;       /* FILETIME of the last write */
	uint32_t major;           /* always 1 */
	uint32_t minor;           /* 3 (BCD) .. 6 */
	uint32_t file_type;       /* enum wr_regf_file_type */
	uint32_t file_format;     /* 1 */
	uint32_t root_offset;     /* root key cell, relative to 0x1000 */
	uint32_t hbins_size;      /* bytes of hive bins data */
	uint32_t checksum;        /* as stored at 0x1fc */
	uint32_t checksum_wanted; /* as computed from the block */
	bool checksum_ok;
	bool dirty; /* seq1 != seq2: the last write did not finish */
};

/* The checksum Windows expects at 0x1fc for the 512 bytes at `base`: XOR of
 * 127 LE words, with 0 stored as 1 and 0xffffffff as 0xfffffffe. */
uint32_t wr_regf_checksum(const uint8_t *base);

/*
 * Parse the base block of `len` bytes at `data`.  Fails (EINVAL, message)
 * when the data lacks the "regf" signature, is shorter than the 512 bytes
 * the checksum covers, or has a major version other than 1.  A wrong checksum or differing sequence
 * numbers are reported in the header, not as errors.
 */
int wr_regf_parse(const uint8_t *data, size_t len, struct wr_regf_header *hdr,
                  struct wr_error *err);

/*
 * Check the hive bins size `hdr` gives against an image (or file) of `len`
 * bytes: a positive multiple of 4096 that fits after the base block.
 * Fails (EINVAL, a message giving both sizes) otherwise.
 */
int wr_regf_check_hbins_size(const struct wr_regf_header *hdr, uint64_t len, struct wr_error *err);

/*
 * The name of the key whose cell (starting with its 4-byte size) is at
 * `cell`, `len` bytes before the end of the hive bins, as malloc'd UTF-8.
 * EINVAL when the cell is not a key in use ("the cell is not a key"), or
 * when its cell size or name length lies: runs past `len`, or past the
 * cell.  Nothing is read before it is checked.
 */
int wr_regf_key_name(const uint8_t *cell, size_t len, char **name, struct wr_error *err);

/*
 * Where the root key cell is: check the root offset in `hdr` against a file
 * (or image) of `len` bytes and its hive bins, and give the bytes from the
 * cell to the end of the hive bins (or of the file, when shorter) in *room.
 * EINVAL, the message giving the offset, when the cell starts outside either.
 */
int wr_regf_root_room(const struct wr_regf_header *hdr, uint64_t len, size_t *room,
                      struct wr_error *err);

/*
 * Read the root key's name from the root cell of the `len`-byte image at
 * `data`, checking every offset and size first.  Stores a malloc'd UTF-8
 * string in *name.  Fails with EINVAL, the message giving the root offset,
 * when the root cell is outside the file or the hive bins, or is not a key
 * ("nk") cell that fits in them.
 */
int wr_regf_root_name(const uint8_t *data, size_t len, const struct wr_regf_header *hdr,
                      char **name, struct wr_error *err);

/*
 * In a hive image of `len` bytes, turn every hash-leaf ("lh") subkey list
 * into the fast-leaf ("lf") form Windows uses in version 1.3 hives (see
 * lists.c).  Lists naming a cell that is no key, or a key whose name does
 * not start in ASCII, are left alone.  Returns how many lists changed, or
 * -1 (EINVAL, a message naming the offset) when the image is not a hive or
 * a size in it lies: the hive bins size, a bin's, a cell's, a list's count,
 * a listed key's cell or name.  Nothing is read before it is checked; the
 * checksum is the caller's to update.
 */
int wr_regf_lh_to_lf(uint8_t *img, size_t len, struct wr_error *err);

/* ---- cells.c: the cells of the hive bins ---- */

/* Called for each cell: its offset in the image (its size field), its size
 * in bytes and whether it is in use.  Non-zero stops the walk. */
typedef int wr_regf_cell_fn(size_t cell, size_t size, bool used, void *opaque);

/*
 * Walk the cells of the hive bins of the `len`-byte image at `img`, bin by
 * bin from 0x1000, calling `each` for every cell.  Returns 0, or what
 * `each` returned to stop, or -1 (EINVAL, a message naming the offset)
 * when the image is not a hive or a size in it lies: the hive bins size, a
 * bin's (no "hbin", not a multiple of 4096, past the end), a cell's (not a
 * positive multiple of 8, past the end of its bin).  Every size is checked
 * before the bytes it covers are read.
 */
int wr_regf_walk_cells(const uint8_t *img, size_t len, wr_regf_cell_fn *each, void *opaque,
                       struct wr_error *err);

/* ---- create.c: a new hive ---- */

/*
 * Build an empty hive image: a base block (sequence 1/1, version 1.`minor`,
 * correct checksum), one 4 KiB hive bin holding the root key `root_name`
 * (ASCII, 1..255 chars) with a security descriptor, and free space.
 * `filetime` stamps the base block and the key.  Returns a malloc'd buffer
 * and its length in *len, or NULL with `err` set.
 */
uint8_t *wr_regf_build_empty(const char *root_name, uint32_t minor, uint64_t filetime, size_t *len,
                             struct wr_error *err);

/* ---- replay.c: recovering a dirty hive image from its transaction logs, as Windows does ---- */

#define WR_REPLAY_MAX_LOGS 3 /* BASE.LOG, .LOG1, .LOG2 */

/* One log file, read whole. */
struct wr_log_in {
	const char *name; /* for people: "SYSTEM.LOG1" */
	const uint8_t *data;
	size_t len;
};

enum wr_log_state {
	WR_LOG_UNUSABLE, /* no valid base-block copy: empty, bad checksum, not a log */
	WR_LOG_STALE,    /* valid, but holds nothing the primary lacks */
	WR_LOG_UNUSED,   /* valid, but the chain of entries did not reach it */
	WR_LOG_APPLIED,  /* entries (or dirty pages) applied */
};

struct wr_log_report {
	char name[256];
	uint32_t format; /* WR_REGF_LOG_NEW or WR_REGF_LOG_OLD; 0 when unusable */
	uint32_t seq;    /* its base-block sequence number */
	enum wr_log_state state;
	size_t entries;       /* new format: entries applied (a clean hive's: valid ones) */
	uint32_t first, last; /* their sequence numbers */
	size_t last_at;       /* where the last one applied starts in the log */
	size_t pages;         /* pages written into the hive */
	bool newer;           /* the hive is clean, yet this log holds later writes */
	bool unread;          /* a listing did not read it (too large, unreadable) */
	char why[200]; /* unusable or stale: why; applied: the bad entry that ended it, or "" */
};

struct wr_replay {
	struct wr_regf_header before; /* the primary's, as it was */
	bool dirty;                   /* the primary needed recovery */
	bool applied;                 /* something was applied: the image changed */
	uint32_t seq;                 /* both sequence numbers afterwards */
	bool logs_newer;              /* clean, yet a log holds later writes (ignored) */
	size_t n_logs;
	struct wr_log_report logs[WR_REPLAY_MAX_LOGS];
};

/*
 * Recover the primary image *img (*len bytes, malloc'd; realloc'd when an
 * entry grows the hive) from `logs` following bcd-format.md §7.5: nothing
 * when the primary is clean; new-format entries in sequence order with
 * both hashes checked, from one log to the next only when the sequence
 * continues; or the dirty pages of the newest matching old-format log.
 * Replay stops at the first bad entry, as Windows does, and keeps what came
 * before.  Entries that end before the write the primary had started (its
 * seq1 - 1) are older than pages already in it: none is applied, and the
 * logs are reported stale.  When something was applied the image is clean:
 * both sequence numbers equal, file type primary, checksum right.  Fails
 * (EINVAL) only when the primary is not a hive or cannot grow (ENOMEM).
 * The result is not checked beyond that: see wr_hive_recover.
 */
int wr_hive_replay(uint8_t **img, size_t *len, const struct wr_log_in *logs, size_t n,
                   struct wr_replay *out, struct wr_error *err);

/* The same, applying no more than the first `limit` entries (an old-format
 * log's pages count as one), without the check on where the chain ends:
 * to find the entry from which a replayed hive is unreadable. */
int wr_hive_replay_upto(uint8_t **img, size_t *len, const struct wr_log_in *logs, size_t n,
                        size_t limit, struct wr_replay *out, struct wr_error *err);

/* The same report without replaying: only the primary's base block (the
 * first `len` >= 4096 bytes, at `head`) is needed.  For listings. */
int wr_hive_logs_examine(const uint8_t *head, size_t len, const struct wr_log_in *logs, size_t n,
                         struct wr_replay *out, struct wr_error *err);

#endif
