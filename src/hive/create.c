/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hive-create.c - writing a new, empty hive; hivex cannot create one. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/file.h"
#include "base/i18n.h"
#include "hive.h"
#include "regf/regf.h"

/*
 * Layout (offsets in the file):
 *
 *   0x0000  base block: "regf", sequence 1/1, version 1.minor, root at 0x20,
 *           4096 bytes of hive bins, checksum at 0x1fc
 *   0x1000  hive bin header: "hbin", offset 0, size 4096, timestamp at +0x14
 *   0x1020  root key cell ("nk"): no subkeys, no values
 *   ....    security cell ("sk"): SYSTEM and Administrators full control,
 *           inherited by subkeys; refers to itself in its list
 *   ....    one free cell to the end of the bin
 *
 * Cell offsets inside records are relative to 0x1000.  Cells are 8-byte
 * aligned and carry their size negated while in use.
 */

#define HBIN_SIZE   4096u
#define HBIN_HEADER 0x20u
#define NK_RECORD   0x4cu /* key record without its name */

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* A self-relative security descriptor: owner Administrators, group SYSTEM,
 * a DACL giving both KEY_ALL_ACCESS, inherited by subkeys. */
static const uint8_t security_descriptor[] = {
    /* revision 1, control SE_SELF_RELATIVE|SE_DACL_PRESENT, owner 0x48,
     * group 0x58, no SACL, DACL at 0x14 */
    0x01,
    0x00,
    0x04,
    0x80,
    0x48,
    0x00,
    0x00,
    0x00,
    0x58,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x14,
    0x00,
    0x00,
    0x00,
    /* ACL revision 2, size 0x34, 2 ACEs */
    0x02,
    0x00,
    0x34,
    0x00,
    0x02,
    0x00,
    0x00,
    0x00,
    /* allow, CONTAINER_INHERIT, KEY_ALL_ACCESS, S-1-5-18 (SYSTEM) */
    0x00,
    0x02,
    0x14,
    0x00,
    0x3f,
    0x00,
    0x0f,
    0x00,
    0x01,
    0x01,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x05,
    0x12,
    0x00,
    0x00,
    0x00,
    /* allow, CONTAINER_INHERIT, KEY_ALL_ACCESS, S-1-5-32-544 (Administrators) */
    0x00,
    0x02,
    0x18,
    0x00,
    0x3f,
    0x00,
    0x0f,
    0x00,
    0x01,
    0x02,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x05,
    0x20,
    0x00,
    0x00,
    0x00,
    0x20,
    0x02,
    0x00,
    0x00,
    /* owner S-1-5-32-544 */
    0x01,
    0x02,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x05,
    0x20,
    0x00,
    0x00,
    0x00,
    0x20,
    0x02,
    0x00,
    0x00,
    /* group S-1-5-18 */
    0x01,
    0x01,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x05,
    0x12,
    0x00,
    0x00,
    0x00,
};

static void write_base_block(uint8_t *img, uint32_t minor, uint64_t filetime)
{
	memcpy(img, "regf", 4);
	put32(img + 0x04, 1); /* sequence numbers equal: clean */
	put32(img + 0x08, 1);
	put64(img + 0x0c, filetime);
	put32(img + 0x14, 1);
	put32(img + 0x18, minor);
	put32(img + 0x1c, 0); /* primary file */
	put32(img + 0x20, 1); /* direct memory load */
	put32(img + 0x24, HBIN_HEADER);
	put32(img + 0x28, HBIN_SIZE);
	put32(img + 0x2c, 1); /* clustering factor */
	put32(img + WR_REGF_CSUM_OFFSET, wr_regf_checksum(img));
}

/* Root key cell at bin offset `at`; returns its size. */
static size_t write_root_key(uint8_t *bin, size_t at, const char *name, uint32_t sk,
                             uint64_t filetime)
{
	size_t name_len = strlen(name), size = align8(4 + NK_RECORD + name_len);
	uint8_t *nk = bin + at + 4;

	put32(bin + at, (uint32_t) - (int32_t)size);
	memcpy(nk, "nk", 2);
	put16(nk + 0x02, 0x2c); /* hive entry, no delete, ASCII name */
	put64(nk + 0x04, filetime);
	put32(nk + 0x10, 0xffffffffu); /* the root has no parent */
	put32(nk + 0x1c, 0xffffffffu); /* no subkey list */
	put32(nk + 0x20, 0xffffffffu); /* no volatile subkey list */
	put32(nk + 0x28, 0xffffffffu); /* no value list */
	put32(nk + 0x2c, sk);
	put32(nk + 0x30, 0xffffffffu); /* no class name */
	put16(nk + 0x48, (uint16_t)name_len);
	memcpy(nk + NK_RECORD, name, name_len);
	return size;
}

/* Security cell at bin offset `at`; returns its size. */
static size_t write_security(uint8_t *bin, size_t at)
{
	size_t size = align8(4 + 0x14 + sizeof(security_descriptor));
	uint8_t *sk = bin + at + 4;

	put32(bin + at, (uint32_t) - (int32_t)size);
	memcpy(sk, "sk", 2);
	put32(sk + 0x04, (uint32_t)at); /* the only sk: its list points at itself */
	put32(sk + 0x08, (uint32_t)at);
	put32(sk + 0x0c, 1); /* one key refers to it */
	put32(sk + 0x10, sizeof(security_descriptor));
	memcpy(sk + 0x14, security_descriptor, sizeof(security_descriptor));
	return size;
}

static int check_root_name(const char *name, struct wr_error *err)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c < 0x20 || c > 0x7e || c == '\\') {
			n = 0;
			break;
		}
	}
	if (n == 0 || n > 255) {
		wr_error_set(err, EINVAL, _("invalid root key name \"%s\""), name);
		return -1;
	}
	return 0;
}

uint8_t *wr_hive_build_empty(const char *root_name, uint32_t minor, uint64_t filetime, size_t *len,
                             struct wr_error *err)
{
	uint8_t *img, *bin;
	size_t root_size, sk_at, end;

	if (check_root_name(root_name, err) < 0)
		return NULL;
	if (minor < 3 || minor > 6) {
		wr_error_set(err, EINVAL, _("unsupported hive minor version %u"), minor);
		return NULL;
	}
	img = calloc(1, WR_REGF_BASE_SIZE + HBIN_SIZE);
	if (!img) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return NULL;
	}
	bin = img + WR_REGF_BASE_SIZE;
	memcpy(bin, "hbin", 4);
	put32(bin + 0x08, HBIN_SIZE);
	put64(bin + 0x14, filetime);

	root_size = align8(4 + NK_RECORD + strlen(root_name));
	sk_at = HBIN_HEADER + root_size;
	write_root_key(bin, HBIN_HEADER, root_name, (uint32_t)sk_at, filetime);
	end = sk_at + write_security(bin, sk_at);
	put32(bin + end, (uint32_t)(HBIN_SIZE - end)); /* free cell: positive size */

	write_base_block(img, minor, filetime);
	*len = WR_REGF_BASE_SIZE + HBIN_SIZE;
	return img;
}

/* Seconds since 1970 to 100 ns ticks since 1601. */
static uint64_t filetime_now(void)
{
	return ((uint64_t)time(NULL) + 11644473600ull) * 10000000ull;
}

int wr_hive_create(const char *path, const char *root_name, uint32_t minor, struct wr_error *err)
{
	size_t len, done = 0;
	uint8_t *img = wr_hive_build_empty(root_name, minor, filetime_now(), &len, err);
	int fd, e;

	if (!img)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		e = errno;
		free(img);
		wr_error_set(err, e, _("%s: cannot create: %s"), path, strerror(e));
		return -1;
	}
	while (done < len) {
		ssize_t w = write(fd, img + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			errno = w == 0 ? EIO : errno;
			break;
		}
		done += (size_t)w;
	}
	e = done < len || fsync(fd) < 0 ? errno : 0;
	if (close(fd) < 0 && !e)
		e = errno;
	free(img);
	if (e) {
		unlink(path); /* never leave half a hive behind */
		wr_error_set(err, e, _("%s: cannot write: %s"), path, strerror(e));
		return -1;
	}
	return 0;
}

/* Where a new hive is built before it gets its name. */
static void temp_name(const char *path, char *out, size_t size)
{
	snprintf(out, size, "%s.winrescue-new", path);
}

struct wr_hive *wr_hive_begin_new(const char *path, const char *root_name, uint32_t minor,
                                  struct wr_error *err)
{
	char tmp[4096];
	struct wr_hive *hive;

	temp_name(path, tmp, sizeof(tmp));
	if (wr_hive_create(tmp, root_name, minor, err) < 0)
		return NULL;
	hive = wr_hive_open(tmp, WR_HIVE_WRITE, err);
	if (!hive)
		unlink(tmp);
	return hive;
}

int wr_hive_end_new(struct wr_hive *hive, const char *path, bool keep, struct wr_error *err)
{
	char tmp[4096];
	int r = keep ? 0 : -1;

	temp_name(path, tmp, sizeof(tmp));
	if (r == 0)
		r = wr_hive_commit(hive, tmp, err);
	wr_hive_close(hive);
	if (r == 0)
		r = wr_file_publish(tmp, path, err);
	if (r < 0)
		unlink(tmp);
	return r;
}
