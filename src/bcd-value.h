/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bcd-value.h - decoding an element's bytes by its format, and showing it as bcdedit does. */
#ifndef WR_BCD_VALUE_H
#define WR_BCD_VALUE_H

#include <stdbool.h>

#include "bcd-device.h"
#include "bcd-names.h"
#include "bcd.h"
#include "buf.h"

struct wr_bcd_value {
	uint32_t format; /* enum wr_bcd_format, from the element id */
	bool valid;      /* false: `problem` says why; show the raw bytes */
	char problem[160];

	uint64_t integer; /* INTEGER */
	bool boolean;     /* BOOLEAN */
	char *string;     /* STRING; OBJECT (canonical GUID) */
	char **list;      /* OBJECT_LIST (canonical GUIDs), NULL-terminated */
	size_t n_list;
	uint64_t *integers; /* INTEGER_LIST */
	size_t n_integers;
	struct wr_bcd_device *device; /* DEVICE */
	size_t int_width;             /* INTEGER: bytes stored (1..8) */
};

/*
 * Decode `el` following Windows' own rules (registry type per format, device
 * length = descriptor size + 16, integers of 1..8 bytes, booleans of one
 * byte, integer lists of 8-byte multiples) with a reader's tolerance (all
 * trailing NULs stripped, text after the first NUL ignored).  Never fails:
 * bad data gives valid = false and a problem; only a failed allocation does
 * too ("out of memory").
 */
void wr_bcd_value_decode(const struct wr_bcd_element *el, struct wr_bcd_value *v);
void wr_bcd_value_clear(struct wr_bcd_value *v);

struct wr_bcd_display {
	const struct wr_bcd *bcd;
	bool verbose; /* GUIDs instead of aliases, as bcdedit /v */
	/* Names partitions on attached disks (see struct wr_bcd_device_names);
	 * NULL for a store on its own. */
	bool (*partition)(const struct wr_bcd_device *dev, struct wr_buf *out, void *opaque);
	void *partition_opaque;
};

/* The bcdedit name of element `el` in `obj`, or "custom:xxxxxxxx". */
void wr_bcd_element_name(const struct wr_bcd_object *obj, uint32_t id, struct wr_buf *out);

/* A reference to an object as bcdedit shows it: an alias ({bootmgr},
 * {default} for the default loader) unless verbose, else the GUID. */
const char *wr_bcd_object_ref(const struct wr_bcd_display *d, const char *guid);

/*
 * The value of element `el` of `obj` as bcdedit shows it: "Yes", "Minimal",
 * "\Windows", "partition=..."; lists one entry per line ('\n' between).
 * An element we have no name for also shows its raw bytes; data that does
 * not decode shows as "invalid (problem): xx xx ...".
 */
void wr_bcd_value_format(const struct wr_bcd_display *d, const struct wr_bcd_object *obj,
                         const struct wr_bcd_element *el, const struct wr_bcd_value *v,
                         struct wr_buf *out);

/* Bytes as "xx xx xx". */
void wr_bcd_format_hex(const uint8_t *data, size_t len, struct wr_buf *out);

#endif
