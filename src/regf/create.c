/* SPDX-License-Identifier: GPL-3.0-or-later */
/* create.c - the bytes of a new, empty hive; hivex cannot create one. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/le.h"
#include "regf.h"

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

#define BIN_SIZE WR_HBIN_ALIGN /* the one bin */

static size_t align8(size_t n)
{
	return (n + WR_CELL_ALIGN - 1) & ~(size_t)(WR_CELL_ALIGN - 1);
}

/* A self-relative security descriptor: owner Administrators, group SYSTEM,
 * a DACL giving both KEY_ALL_ACCESS, inherited by subkeys. */
static const uint8_t security_descriptor[] = {
    /* revision 1, control SE_SELF_RELATIVE|SE_DACL_PRESENT, owner 0x48, group 0x58, no SACL,
     * DACL at 0x14 */
    0x01, 0x00, 0x04, 0x80, 0x48, 0x00, 0x00, 0x00, 0x58, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x14, 0x00, 0x00, 0x00,
    /* ACL revision 2, size 0x34, 2 ACEs */
    0x02, 0x00, 0x34, 0x00, 0x02, 0x00, 0x00, 0x00,
    /* allow, CONTAINER_INHERIT, KEY_ALL_ACCESS, S-1-5-18 (SYSTEM) */
    0x00, 0x02, 0x14, 0x00, 0x3f, 0x00, 0x0f, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
    0x12, 0x00, 0x00, 0x00,
    /* allow, CONTAINER_INHERIT, KEY_ALL_ACCESS, S-1-5-32-544 (Administrators) */
    0x00, 0x02, 0x18, 0x00, 0x3f, 0x00, 0x0f, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
    0x20, 0x00, 0x00, 0x00, 0x20, 0x02, 0x00, 0x00,
    /* owner S-1-5-32-544 */
    0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x20, 0x00, 0x00, 0x00, 0x20, 0x02, 0x00, 0x00,
    /* group S-1-5-18 */
    0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x12, 0x00, 0x00, 0x00};

static void write_base_block(uint8_t *img, uint32_t minor, uint64_t filetime)
{
	memcpy(img, WR_REGF_SIGNATURE, 4);
	wr_put_le32(img + WR_REGF_SEQ1, 1); /* sequence numbers equal: clean */
	wr_put_le32(img + WR_REGF_SEQ2, 1);
	wr_put_le64(img + WR_REGF_TIMESTAMP, filetime);
	wr_put_le32(img + WR_REGF_MAJOR, 1);
	wr_put_le32(img + WR_REGF_MINOR, minor);
	wr_put_le32(img + WR_REGF_FILE_TYPE, WR_REGF_PRIMARY);
	wr_put_le32(img + WR_REGF_FILE_FORMAT, 1); /* direct memory load */
	wr_put_le32(img + WR_REGF_ROOT, WR_HBIN_HEADER_LEN);
	wr_put_le32(img + WR_REGF_HBINS_SIZE, BIN_SIZE);
	wr_put_le32(img + WR_REGF_CLUSTERING, 1);
	wr_put_le32(img + WR_REGF_CSUM_OFFSET, wr_regf_checksum(img));
}

/* Root key cell at bin offset `at`; returns its size. */
static size_t write_root_key(uint8_t *bin, size_t at, const char *name, uint32_t sk,
                             uint64_t filetime)
{
	size_t name_len = strlen(name), size = align8(WR_CELL_HEADER_LEN + WR_NK_NAME + name_len);
	uint8_t *nk = bin + at + WR_CELL_HEADER_LEN;

	wr_put_le32(bin + at, (uint32_t) - (int32_t)size);
	memcpy(nk, WR_NK_SIGNATURE, 2);
	wr_put_le16(nk + WR_NK_FLAGS,
	            WR_NK_FLAG_HIVE_ENTRY | WR_NK_FLAG_NO_DELETE | WR_NK_FLAG_ASCII_NAME);
	wr_put_le64(nk + WR_NK_TIMESTAMP, filetime);
	wr_put_le32(nk + WR_NK_PARENT, WR_CELL_NONE); /* the root has no parent */
	wr_put_le32(nk + WR_NK_SUBKEY_LIST, WR_CELL_NONE);
	wr_put_le32(nk + WR_NK_VOLATILE_LIST, WR_CELL_NONE);
	wr_put_le32(nk + WR_NK_VALUE_LIST, WR_CELL_NONE);
	wr_put_le32(nk + WR_NK_SECURITY, sk);
	wr_put_le32(nk + WR_NK_CLASS, WR_CELL_NONE);
	wr_put_le16(nk + WR_NK_NAME_LEN, (uint16_t)name_len);
	memcpy(nk + WR_NK_NAME, name, name_len);
	return size;
}

/* Security cell at bin offset `at`; returns its size. */
static size_t write_security(uint8_t *bin, size_t at)
{
	size_t size = align8(WR_CELL_HEADER_LEN + WR_SK_DESC + sizeof(security_descriptor));
	uint8_t *sk = bin + at + WR_CELL_HEADER_LEN;

	wr_put_le32(bin + at, (uint32_t) - (int32_t)size);
	memcpy(sk, WR_SK_SIGNATURE, 2);
	wr_put_le32(sk + WR_SK_NEXT, (uint32_t)at); /* the only sk: its ring is itself */
	wr_put_le32(sk + WR_SK_PREV, (uint32_t)at);
	wr_put_le32(sk + WR_SK_REFS, 1); /* one key refers to it */
	wr_put_le32(sk + WR_SK_DESC_LEN, sizeof(security_descriptor));
	memcpy(sk + WR_SK_DESC, security_descriptor, sizeof(security_descriptor));
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

uint8_t *wr_regf_build_empty(const char *root_name, uint32_t minor, uint64_t filetime, size_t *len,
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
	img = calloc(1, WR_REGF_BASE_SIZE + BIN_SIZE);
	if (!img) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return NULL;
	}
	bin = img + WR_REGF_BASE_SIZE;
	memcpy(bin, WR_HBIN_SIGNATURE, 4);
	wr_put_le32(bin + WR_HBIN_SIZE, BIN_SIZE);
	wr_put_le64(bin + WR_HBIN_TIMESTAMP, filetime);

	root_size = align8(WR_CELL_HEADER_LEN + WR_NK_NAME + strlen(root_name));
	sk_at = WR_HBIN_HEADER_LEN + root_size;
	write_root_key(bin, WR_HBIN_HEADER_LEN, root_name, (uint32_t)sk_at, filetime);
	end = sk_at + write_security(bin, sk_at);
	wr_put_le32(bin + end, (uint32_t)(BIN_SIZE - end)); /* free cell: positive size */

	write_base_block(img, minor, filetime);
	*len = WR_REGF_BASE_SIZE + BIN_SIZE;
	return img;
}
