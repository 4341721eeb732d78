/* SPDX-License-Identifier: GPL-3.0-or-later */
/* guid.h - GUIDs as BCD stores them: binary mixed-endian and "{lower-case}" text. */
#ifndef WR_GUID_H
#define WR_GUID_H

#include <stdbool.h>
#include <stdint.h>

#define WR_GUID_STRLEN 38 /* "{8-4-4-4-12}" without the NUL */

/* Format the 16 on-disk bytes (first three fields little-endian) as
 * "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" in lower case. */
void wr_guid_format(const uint8_t bytes[16], char out[WR_GUID_STRLEN + 1]);

/* Parse a GUID with or without braces, any case, into on-disk bytes.
 * Returns 0, or -1 when `s` is not exactly one GUID. */
int wr_guid_parse(const char *s, uint8_t bytes[16]);

/* Canonical "{lower-case}" form of a GUID string; -1 if it is not one. */
int wr_guid_normalize(const char *s, char out[WR_GUID_STRLEN + 1]);

bool wr_guid_is_zero(const uint8_t bytes[16]);

#endif
