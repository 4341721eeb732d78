/* SPDX-License-Identifier: GPL-3.0-or-later */
/* guid.c - GUIDs as BitLocker tools print them: no braces. */
#include "config.h"

#include <string.h>

#include "base/guid.h"

#include "internal.h"

void wr__bl_guid(const uint8_t bytes[16], char out[WR_BL_GUID_SIZE])
{
	char braced[WR_GUID_STRLEN + 1];

	wr_guid_format(bytes, braced);
	memcpy(out, braced + 1, WR_BL_GUID_SIZE - 1);
	out[WR_BL_GUID_SIZE - 1] = '\0';
}
