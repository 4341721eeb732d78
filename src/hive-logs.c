/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hive-logs.c - whether a hive may be written: dirty base block, or logs newer than the file. */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "hive-logs.h"
#include "i18n.h"
#include "le.h"

#define LOG_HEAD 512u /* a log starts with a copy of the first 512 bytes of the base block */
#define LOG_READ (1u << 20)

/* Highest sequence number among the HvLE entries that follow each other
 * from offset 512 (headers only: hashes are checked by replay). */
static bool newest_entry(const uint8_t *log, size_t len, uint32_t *seq)
{
	bool any = false;

	for (size_t off = LOG_HEAD; off + 40 <= len && memcmp(log + off, "HvLE", 4) == 0;) {
		uint32_t size = wr_le32(log + off + 4), s = wr_le32(log + off + 12);

		if (any && s != *seq + 1)
			break; /* entries count up by one; anything else is stale */
		*seq = s;
		any = true;
		if (size < LOG_HEAD || size % LOG_HEAD || size > len - off)
			break;
		off += size;
	}
	return any;
}

/* a >= b in sequence-number arithmetic (32-bit wrap-around). */
static bool seq_not_older(uint32_t a, uint32_t b)
{
	return a - b < 0x80000000u;
}

bool wr_log_is_newer(const uint8_t *log, size_t len, const struct wr_regf_header *primary)
{
	struct wr_regf_header hdr;
	uint32_t seq;

	if (len < LOG_HEAD || wr_regf_parse(log, len, &hdr, NULL) < 0 || !hdr.checksum_ok)
		return false; /* no usable log: Windows would not use it either */
	if (hdr.file_type == WR_REGF_LOG_NEW)
		return newest_entry(log, len, &seq) && seq_not_older(seq, primary->seq1);
	if (hdr.file_type == WR_REGF_LOG_OLD)
		return hdr.seq1 != primary->seq1 && seq_not_older(hdr.seq1, primary->seq1);
	return false;
}

static bool log_file_newer(const char *path, const struct wr_regf_header *primary)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	uint8_t *buf = fd >= 0 ? malloc(LOG_READ) : NULL;
	ssize_t got = 0, n;
	bool newer = false;

	while (buf && (size_t)got < LOG_READ && (n = read(fd, buf + got, LOG_READ - got)) > 0)
		got += n;
	if (buf)
		newer = wr_log_is_newer(buf, (size_t)got, primary);
	free(buf);
	if (fd >= 0)
		close(fd);
	return newer;
}

/* The first log of `base` in `dir` that is newer, named in `found`. */
static bool newer_log(const char *dir, const char *base, const struct wr_regf_header *hdr,
                      char *found, size_t len)
{
	DIR *d = opendir(dir);
	size_t blen = strlen(base);
	struct dirent *e;
	bool newer = false;

	while (d && !newer && (e = readdir(d))) {
		const char *ext = e->d_name + blen;

		if (strncasecmp(e->d_name, base, blen) != 0 ||
		    (strcasecmp(ext, ".LOG") && strcasecmp(ext, ".LOG1") &&
		     strcasecmp(ext, ".LOG2")))
			continue;
		snprintf(found, len, "%s/%s", dir, e->d_name);
		newer = log_file_newer(found, hdr);
	}
	if (d)
		closedir(d);
	return newer;
}

bool wr_hive_write_blocked(const char *path, const char *label, const struct wr_regf_header *hdr,
                           char *why, size_t len)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
	char log[4200];
	bool newer;

	*why = '\0';
	if (hdr->minor > 5) {
		snprintf(why, len,
		         _("%s is a differencing (layered) hive, format 1.%u: it only makes sense "
		           "on top of its base hive, and winrescue does not write such hives"),
		         label, hdr->minor);
		free(dir);
		return true;
	}
	if (hdr->dirty) {
		snprintf(
		    why, len,
		    _("%s is dirty (sequence numbers %u and %u differ): its newest changes are "
		      "only in its transaction logs, and writing it now would lose them; it can "
		      "be read, not repaired, until log replay exists"),
		    label, hdr->seq1, hdr->seq2);
		free(dir);
		return true;
	}
	newer = dir && newer_log(*dir ? dir : "/", slash ? slash + 1 : path, hdr, log, sizeof(log));
	if (newer)
		snprintf(
		    why, len,
		    _("%s has a transaction log newer than the file (%s): writing the file now "
		      "would make Windows drop that log; it can be read, not repaired, until log "
		      "replay exists"),
		    label, strrchr(log, '/') + 1);
	free(dir);
	return newer;
}
