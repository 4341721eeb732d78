/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-bcd.c - libFuzzer target: arbitrary bytes as a hive into the BCD decoder and renderers. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bcd/bcd.h"

/* Everything a listing does: select, decode, render, follow inherit lists. */
static void exercise(const struct wr_bcd *bcd)
{
	struct wr_bcd_enum_opts opts = {.all = true, .inherited = true};
	struct wr_buf out = WR_BUF_INIT;
	struct wr_error err;

	wr_bcd_enum_text(bcd, &opts, &out, &err);
	wr_buf_free(&out);
	opts.verbose = true;
	wr_bcd_enum_json(bcd, &opts, &out, &err);
	wr_buf_free(&out);
	wr_bcd_check(bcd, &out);
	wr_buf_free(&out);
}

/* The same bytes as a device element, for the nested-descriptor parser. */
static void exercise_device(const uint8_t *data, size_t size)
{
	struct wr_error err;
	struct wr_bcd_device *dev = wr_bcd_device_parse(data, size, &err);
	struct wr_buf out = WR_BUF_INIT;

	if (!dev)
		return;
	wr_bcd_device_format(dev, "{opts}", NULL, &out);
	wr_buf_free(&out);
	wr_bcd_device_free(dev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* hivex opens files by name: give it an anonymous one. */
	int fd = memfd_create("hive", MFD_CLOEXEC);
	char path[64];
	struct wr_error err;
	struct wr_bcd *bcd;

	exercise_device(data, size);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	bcd = wr_bcd_open(path, &err);
	if (bcd) {
		exercise(bcd);
		wr_bcd_free(bcd);
	}
	close(fd);
	return 0;
}
