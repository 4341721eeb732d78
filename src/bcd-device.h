/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcd-device.h - BCD device elements: parsing the binary descriptor, showing it. */
#ifndef WR_BCD_DEVICE_H
#define WR_BCD_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"

enum wr_bcd_device_kind {
	WR_BCD_DEVICE_BOOT,      /* the device the boot manager was loaded from */
	WR_BCD_DEVICE_PARTITION, /* a partition by disk identity (GPT or MBR) */
	WR_BCD_DEVICE_RAMDISK,   /* a WIM file loaded into memory */
	WR_BCD_DEVICE_FILE,      /* a file on another device */
	WR_BCD_DEVICE_VHD,       /* a virtual disk file on another device */
	WR_BCD_DEVICE_LOCATE,    /* found at boot by searching for a file */
	WR_BCD_DEVICE_UNKNOWN,   /* a type we do not decode; kept as raw bytes */
};

enum wr_bcd_partition_style {
	WR_BCD_STYLE_GPT = 0,
	WR_BCD_STYLE_MBR = 1,
	WR_BCD_STYLE_RAW = 2,
};

enum wr_bcd_locate_type {
	WR_BCD_LOCATE_ELEMENT = 0, /* the file is named by another element */
	WR_BCD_LOCATE_STRING = 1,  /* the file is named inline */
	WR_BCD_LOCATE_ELEMENT_CHILD = 2,
};

struct wr_bcd_device {
	enum wr_bcd_device_kind kind;
	uint32_t type;    /* binary device type code (§6.2) */
	uint32_t subtype; /* block-I/O sub-type, for type 0 */
	bool has_options;
	uint8_t options[16]; /* the device-options object (ramdisks) */

	/* WR_BCD_DEVICE_PARTITION */
	uint32_t style;             /* enum wr_bcd_partition_style */
	uint8_t partition_guid[16]; /* GPT unique partition GUID */
	uint8_t disk_guid[16];      /* GPT disk GUID */
	uint64_t offset;            /* MBR: partition start in bytes */
	uint32_t signature;         /* MBR disk signature */

	/* RAMDISK, FILE, VHD: the file; LOCATE (string): what to look for */
	char *path;
	/* LOCATE */
	uint32_t locate_type;
	uint32_t locate_element;

	/* The device holding the file (RAMDISK, FILE, VHD), or the device to
	 * search (LOCATE); NULL when there is none. */
	struct wr_bcd_device *parent;
};

/*
 * Parse a device element's bytes.  Fails (EINVAL, message) when a length or
 * offset does not fit; a device type we do not know is not an error (kind
 * UNKNOWN).  Free the result with wr_bcd_device_free.
 */
struct wr_bcd_device *wr_bcd_device_parse(const uint8_t *data, size_t len, struct wr_error *err);
void wr_bcd_device_free(struct wr_bcd_device *dev);

/* How to name what a device refers to; any member may be NULL. */
struct wr_bcd_device_names {
	/* What a locate device looks for: the string value of element `id` of
	 * the same object, or NULL when it has none. */
	const char *(*locate)(uint32_t id, void *opaque);
	void *locate_opaque;
	/* The attached partition a partition device names, appended to `out`
	 * ("/dev/sdc2 (Windows, ntfs, 126 GiB)"); false when no attached disk
	 * has it. */
	bool (*partition)(const struct wr_bcd_device *dev, struct wr_buf *out, void *opaque);
	void *partition_opaque;
};

/*
 * Show the device the way bcdedit does ("boot", "partition=...",
 * "ramdisk=[...]\\path,{options}", "locate=..."), except that a partition is
 * named by the attached partition when `names` can say which, else by its
 * disk identity, since offline there are no drive letters.  `options` is the
 * text for the options object (an alias or a GUID) or NULL.
 */
void wr_bcd_device_format(const struct wr_bcd_device *dev, const char *options,
                          const struct wr_bcd_device_names *names, struct wr_buf *out);

#endif
