/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mkdisk-bitlocker.c - test disks whose Windows partition is a real BitLocker volume. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "base/le.h"
#include "mkdisk-bitlocker.h"

#define SECTOR     512u
#define VOLUME_LBA (WR_DEMO_BIOS_SYSTEM_START + WR_DEMO_BIOS_SYSTEM_SECTORS)
#define BLOCK      65536u

static const char *volume_of(const char *kind)
{
	const char *eq = strchr(kind, '=');

	return eq ? eq + 1 : NULL;
}

bool mkdisk_bitlocker_kind(const char *kind)
{
	return (strncmp(kind, "blbios=", 7) == 0 || strncmp(kind, "blinside=", 9) == 0 ||
	        strncmp(kind, "blraw=", 6) == 0) &&
	       volume_of(kind)[0];
}

/* An MBR partition entry: LBA start and count, CHS left at its maximum. */
static void mbr_entry(uint8_t *e, bool active, uint32_t start, uint32_t count)
{
	e[0] = active ? 0x80 : 0;
	e[1] = 0xfe, e[2] = 0xff, e[3] = 0xff;
	e[4] = 0x07; /* NTFS, as Windows marks a BitLocker volume too */
	e[5] = 0xfe, e[6] = 0xff, e[7] = 0xff;
	wr_put_le(e + 8, start, 4);
	wr_put_le(e + 12, count, 4);
}

/* Copy `in` to `out` at `at`, leaving its blocks of zeros out (a hole). */
static int copy_sparse(int in, int out, off_t at)
{
	static uint8_t block[BLOCK], zero[BLOCK];
	size_t got;

	for (off_t off = 0;; off += (off_t)got) {
		if (wr_file_read_at(in, off, block, sizeof(block), &got) < 0)
			return -1;
		if (got == 0)
			return 0;
		if (memcmp(block, zero, got) != 0 &&
		    wr_file_write_at(out, block, got, at + off) < 0)
			return -1;
	}
}

int mkdisk_bitlocker_create(const char *file, const char *kind, struct wr_error *err)
{
	const char *volume = volume_of(kind);
	int in = open(volume, O_RDONLY | O_CLOEXEC), out = -1;
	uint8_t mbr[SECTOR] = {0};
	struct stat st;
	int r = -1;

	errno = 0;
	if (in >= 0 && fstat(in, &st) == 0 && st.st_size % 4096 == 0)
		out = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out >= 0) {
		wr_put_le(mbr + 440, WR_DEMO_MBR_SIGNATURE, 4);
		mbr_entry(mbr + 446, true, WR_DEMO_BIOS_SYSTEM_START, WR_DEMO_BIOS_SYSTEM_SECTORS);
		mbr_entry(mbr + 462, false, VOLUME_LBA, (uint32_t)(st.st_size / SECTOR));
		mbr[510] = 0x55, mbr[511] = 0xaa;
		r = ftruncate(out, (off_t)VOLUME_LBA * SECTOR + st.st_size + 1024 * 1024) < 0 ||
		            wr_file_write_at(out, mbr, sizeof(mbr), 0) < 0 ||
		            copy_sparse(in, out, (off_t)VOLUME_LBA * SECTOR) < 0 || fsync(out) < 0
		        ? -1
		        : 0;
	}
	if (r < 0)
		wr_error_set(err, errno ? errno : EINVAL, "%s from %s: %s", file, volume,
		             errno ? strerror(errno) : "not a volume image");
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return r;
}

int mkdisk_bitlocker_build(struct wr_guest *g, size_t index, const char *kind, bool safeboot,
                           const char *tmp, struct wr_error *err)
{
	const struct wr_demo_disk spec = {
	    .layout = WR_DEMO_BIOS,
	    .safeboot = safeboot,
	    .partitioned = true,
	    .boot_on_windows = strncmp(kind, "blinside=", 9) == 0,
	};

	if (strncmp(kind, "blraw=", 6) == 0)
		return 0;
	if (!wr_guest_is_unlocked(g, index, 2)) {
		wr_error_set(err, EINVAL, "%s: no --key opened its partition 2", kind);
		return -1;
	}
	return wr_demo_disk_build(g, index, &spec, tmp, err);
}
