/* SPDX-License-Identifier: GPL-3.0-or-later */
/* critical-service.c - a reboot loop from a critical third-party service: its ErrorControl back to
 * normal. */
#include "config.h"

#include <stdio.h>

#include "base/le.h"
#include "internal.h"
#include "repair.h"

/* The services "Windows reboot loop on an Azure VM" (catalog R-11) names:
 * the VM agent and the Azure Backup workload services. */
static const char *const critical_services[] = {
    "RDAgent",
    "AzureWLBackupCoordinatorSvc",
    "AzureWLBackupInquirySvc",
    "AzureWLBackupPluginSvc",
};
#define N_CRITICAL (sizeof(critical_services) / sizeof(critical_services[0]))

#define ERROR_CONTROL_NORMAL 1 /* log it and go on */

/* ErrorControl of `svc` in control set `set`: 1 when there is none. */
static int error_control(struct wr_hive *h, const char *set, const char *svc, uint32_t *out,
                         struct wr_error *err)
{
	struct wr_value v = {0};
	char key[96];
	wr_node n;
	int r;

	snprintf(key, sizeof(key), "%s\\Services\\%s", set, svc);
	r = wr_hive_lookup(h, wr_hive_root(h), key, &n, err);
	if (r == 0)
		r = wr_hive_get_value(h, n, "ErrorControl", &v, err);
	if (r == 0 && wr_value_dword(&v, out, NULL) < 0)
		r = 1; /* not a number: not what the article looks at */
	wr_value_clear(&v);
	return r;
}

/*
 * In the control set Select\Current names, as the article reads it: each of
 * the services that is there with ErrorControl 2 (severe) or 3 (critical)
 * gets 1; one that is there with another value is shown as it is.
 */
int wr__repair_critical_service(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                                bool *needed, struct wr_buf *report, bool apply,
                                struct wr_error *err)
{
	struct wr_hive *h = wr_stage_hive(s, hive);
	struct wr_reg_want w[N_CRITICAL];
	uint8_t data[N_CRITICAL][4];
	char keys[N_CRITICAL][64], set[16];
	size_t n = 0;

	if (wr__repair_current_set(h, set, err) < 0)
		return -1;
	for (size_t i = 0; i < N_CRITICAL; i++) {
		uint32_t ec;
		int r = error_control(h, set, critical_services[i], &ec, err);

		if (r < 0)
			return -1;
		if (r == 1)
			continue;
		wr_put_le(data[n], ec == 2 || ec == 3 ? ERROR_CONTROL_NORMAL : ec, 4);
		snprintf(keys[n], sizeof(keys[n]), "Services\\%s", critical_services[i]);
		w[n] = (struct wr_reg_want){
		    keys[n], "ErrorControl", {WR_REG_DWORD, 4, data[n]}, WR_WANT_IF_VALUE};
		n++;
	}
	/* With none there, this still says when there is no current set. */
	return wr__repair_values(s, hive, w, n, WR_VALUES_CURRENT_SET, needed, report, apply, err);
}
