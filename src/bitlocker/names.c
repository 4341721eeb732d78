/* SPDX-License-Identifier: GPL-3.0-or-later */
/* names.c - methods and key protectors by the names manage-bde gives them. */
#include "config.h"

#include "base/i18n.h"

#include "bitlocker.h"

const char *wr_bl_method_name(uint16_t method)
{
	switch (method) {
	case WR_BL_AES_128_DIFFUSER:
		return "AES 128 with Diffuser";
	case WR_BL_AES_256_DIFFUSER:
		return "AES 256 with Diffuser";
	case WR_BL_AES_CBC_128:
		return "AES 128";
	case WR_BL_AES_CBC_256:
		return "AES 256";
	case WR_BL_XTS_AES_128:
		return "XTS-AES 128";
	case WR_BL_XTS_AES_256:
		return "XTS-AES 256";
	default:
		return NULL;
	}
}

const char *wr_bl_protector_key(enum wr_bl_protector_kind kind)
{
	static const char *const keys[] = {
	    [WR_BL_CLEAR_KEY] = "clear-key",
	    [WR_BL_TPM] = "tpm",
	    [WR_BL_STARTUP_KEY] = "startup-key",
	    [WR_BL_TPM_PIN] = "tpm-pin",
	    [WR_BL_TPM_STARTUP_KEY] = "tpm-startup-key",
	    [WR_BL_TPM_PIN_STARTUP_KEY] = "tpm-pin-startup-key",
	    [WR_BL_RECOVERY_PASSWORD] = "recovery-password",
	    [WR_BL_PASSWORD] = "password",
	    [WR_BL_SMART_CARD] = "smart-card",
	    [WR_BL_OTHER] = "other",
	};

	return (unsigned)kind < sizeof(keys) / sizeof(keys[0]) ? keys[kind] : "other";
}

const char *wr_bl_protector_name(enum wr_bl_protector_kind kind)
{
	switch (kind) {
	case WR_BL_CLEAR_KEY:
		/* TRANSLATORS: a key stored unprotected on the volume (BitLocker suspended). */
		return _("Clear Key");
	case WR_BL_TPM:
		return _("TPM");
	case WR_BL_STARTUP_KEY:
		return _("External Key");
	case WR_BL_TPM_PIN:
		return _("TPM And PIN");
	case WR_BL_TPM_STARTUP_KEY:
		return _("TPM And Startup Key");
	case WR_BL_TPM_PIN_STARTUP_KEY:
		return _("TPM And PIN And Startup Key");
	case WR_BL_RECOVERY_PASSWORD:
		/* TRANSLATORS: BitLocker's 48-digit recovery password, as manage-bde names it. */
		return _("Numerical Password");
	case WR_BL_PASSWORD:
		return _("Password");
	case WR_BL_SMART_CARD:
		return _("Smart Card (Certificate Based)");
	default:
		return _("Unknown Protector");
	}
}

bool wr_bl_protector_usable(enum wr_bl_protector_kind kind)
{
	return kind == WR_BL_PASSWORD || kind == WR_BL_RECOVERY_PASSWORD ||
	       kind == WR_BL_STARTUP_KEY;
}
