/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rdp.c - Remote Desktop allowed again: Terminal Server values and the TermService start
 * type. */
#include "config.h"

#include "internal.h"
#include "repair.h"

#define TS     "Control\\Terminal Server"
#define RDPTCP "Control\\Terminal Server\\WinStations\\RDP-Tcp"

/*
 * The values of "Troubleshoot an RDP general error" (catalog R-2) and the
 * TermService start type of R-6, in every control set.  fDenyTSConnections
 * is what blocks RDP and is always written; the others only when a value
 * is there and wrong, as the article checks each before setting it.
 */
int wr__repair_rdp(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o, bool *needed,
                   struct wr_buf *report, bool apply, struct wr_error *err)
{
	static uint8_t zero[4] = {0}, one[4] = {1}, manual[4] = {3};
	const struct wr_reg_want w[] = {
	    {TS, "fDenyTSConnections", {WR_REG_DWORD, 4, zero}, false},
	    {TS, "TSEnabled", {WR_REG_DWORD, 4, one}, true},
	    {TS, "TSUserEnabled", {WR_REG_DWORD, 4, zero}, true},
	    {TS, "TSServerDrainMode", {WR_REG_DWORD, 4, zero}, true},
	    {RDPTCP, "fEnableWinStation", {WR_REG_DWORD, 4, one}, true},
	    {RDPTCP, "fLogonDisabled", {WR_REG_DWORD, 4, zero}, true},
	    {"Services\\TermService", "Start", {WR_REG_DWORD, 4, manual}, true},
	};

	(void)o;
	return wr__repair_control_sets(s, hive, w, sizeof(w) / sizeof(w[0]), needed, report, apply,
	                               err);
}
