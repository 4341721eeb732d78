/* SPDX-License-Identifier: GPL-3.0-or-later */
/* utf16.h - UTF-16LE (registry strings) to and from UTF-8. */
#ifndef WR_UTF16_H
#define WR_UTF16_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode UTF-16LE up to the first NUL code unit or `len` bytes (an odd final
 * byte is ignored).  Unpaired surrogates become U+FFFD.  Text after the NUL
 * is never read: real stores carry junk there.  Returns a malloc'd string,
 * NULL only when out of memory.
 */
char *wr_utf16le_decode(const uint8_t *p, size_t len);

/* Encode UTF-8 as UTF-16LE with one terminating NUL; *len gets the byte
 * count.  Returns NULL (errno EINVAL) for invalid UTF-8, or on ENOMEM. */
uint8_t *wr_utf16le_encode(const char *s, size_t *len);

#endif
