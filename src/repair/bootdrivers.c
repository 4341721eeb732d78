/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bootdrivers.c - INACCESSIBLE_BOOT_DEVICE (0x7B): the storage path to the OS disk starts at boot,
 * and no storage class filter names a service that is not there. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/text.h"
#include "base/utf16.h"
#include "internal.h"
#include "repair.h"

/*
 * The boot-start drivers, with where each comes from: acpi, disk, partmgr,
 * volmgr, volsnap "Start set to 0" (Advanced troubleshooting for Stop
 * error 7B, learn.microsoft.com/troubleshoot/windows-client/performance/
 * stop-error-7b-or-inaccessible-boot-device-troubleshooting); pci and
 * stornvme boot-start with no StartOverride (Automate SCSI-to-NVMe
 * conversion, learn.microsoft.com/azure/virtual-machines/
 * converting-scsi-to-nvme-storage, and its windows-manual-nvme-prepare.ps1
 * in Azure/SAP-on-Azure-Scripts-and-Utilities); vmbus and storvsc "set to
 * load at boot start" (Azure Site Recovery hydration process,
 * learn.microsoft.com/azure/site-recovery/hydration-process).  `hardware`:
 * only needed on that hardware (else the finding is info).
 */
enum hardware { ANY, HYPER_V, NVME };
static const struct {
	const char *name;
	enum hardware hardware;
} drivers[] = {
    {"vmbus", HYPER_V}, {"storvsc", HYPER_V}, {"stornvme", NVME}, {"pci", ANY},     {"acpi", ANY},
    {"disk", ANY},      {"partmgr", ANY},     {"volmgr", ANY},    {"volsnap", ANY},
};

/* The disk, volume and SCSI adapter classes, whose filters the 7B article
 * checks. */
static const char *const classes[] = {
    "{4d36e967-e325-11ce-bfc1-08002be10318}",
    "{71a27cdd-812a-11d0-bec7-08002be2092f}",
    "{4d36e97b-e325-11ce-bfc1-08002be10318}",
};
static const char *const filter_values[] = {"UpperFilters", "LowerFilters"};

/* What one pass found, and where it goes. */
struct scan {
	struct wr_stage *s;
	size_t hive;
	const char *set; /* "ControlSet001" */
	bool *needed;
	struct wr_buf *report;
	bool apply;
	enum wr_severity worst;
};

static void found(struct scan *sc, enum wr_severity sev)
{
	*sc->needed = true;
	if (sev < sc->worst)
		sc->worst = sev;
}

/* Whether key `path` below the control set is there: 0, 1 when not, -1. */
static int in_set(struct scan *sc, const char *path, wr_node *node, struct wr_error *err)
{
	struct wr_hive *h = wr_stage_hive(sc->s, sc->hive);
	char key[512];
	wr_node n;

	snprintf(key, sizeof(key), "%s\\%s", sc->set, path);
	return wr_hive_lookup(h, wr_hive_root(h), key, node ? node : &n, err);
}

/* Whether this Windows has run on the hardware: a VMBus device enumerated
 * (Hyper-V, Azure), or a PCI device whose driver is stornvme. */
static int has_run_on(struct scan *sc, enum hardware hw, struct wr_error *err)
{
	struct wr_hive *h = wr_stage_hive(sc->s, sc->hive);
	wr_node pci, *devs = NULL;
	size_t n = 0;
	int r, seen = 0;

	if (hw == ANY)
		return 1;
	if (hw == HYPER_V)
		return (r = in_set(sc, "Enum\\VMBUS", NULL, err)) < 0 ? -1 : r == 0;
	if ((r = in_set(sc, "Enum\\PCI", &pci, err)) != 0)
		return r < 0 ? -1 : 0;
	r = wr_hive_children(h, pci, &devs, &n, err);
	for (size_t i = 0; r == 0 && !seen && i < n; i++) {
		wr_node *inst = NULL;
		size_t m = 0;

		r = wr_hive_children(h, devs[i], &inst, &m, err);
		for (size_t j = 0; r == 0 && !seen && j < m; j++) {
			struct wr_value v = {0};
			char *service = NULL;

			if ((r = wr_hive_get_value(h, inst[j], "Service", &v, err)) == 1)
				r = 0;
			else if (r == 0 && (service = wr_value_string(&v, NULL)))
				seen = strcasecmp(service, "stornvme") == 0;
			free(service);
			wr_value_clear(&v);
		}
		free(inst);
	}
	free(devs);
	return r < 0 ? -1 : seen;
}

/* Start = 0 and no StartOverride for one driver, when it is there. */
static int check_driver(struct scan *sc, size_t i, struct wr_error *err)
{
	char key[128], start_key[160];
	uint8_t boot[4] = {0};
	struct wr_reg_want w = {key, "Start", {WR_REG_DWORD, 4, boot}, WR_WANT_IF_KEY};
	bool off = false;
	int r, seen;

	snprintf(key, sizeof(key), "Services\\%s", drivers[i].name);
	if ((r = in_set(sc, key, NULL, err)) != 0)
		return r < 0 ? -1 : 0;
	if (wr__repair_values(sc->s, sc->hive, &w, 1, WR_VALUES_CURRENT_SET, &off, sc->report,
	                      sc->apply, err) < 0)
		return -1;
	snprintf(start_key, sizeof(start_key), "%s\\StartOverride", key);
	if ((r = in_set(sc, start_key, NULL, err)) < 0)
		return -1;
	if (r == 0) {
		off = true;
		if (sc->report)
			wr_buf_printf(sc->report, _("  %s\\%s: a StartOverride key -> removed\n"),
			              sc->set, key);
		snprintf(start_key, sizeof(start_key), "%s\\%s\\StartOverride", sc->set, key);
		if (sc->apply && wr_txn_reg_delete_key(sc->s, sc->hive, start_key, err) < 0)
			return -1;
	}
	if (!off)
		return 0;
	if ((seen = has_run_on(sc, drivers[i].hardware, err)) < 0)
		return -1;
	if (!seen && sc->report)
		wr_buf_printf(sc->report,
		              _("  (this Windows has not run on %s: it needs %s there)\n"),
		              drivers[i].hardware == HYPER_V ? "Hyper-V" : "NVMe", drivers[i].name);
	found(sc, seen ? WR_SEVERITY_BLOCKS_BOOT : WR_SEVERITY_INFO);
	return 0;
}

/* Whether filter `name` names a service of the control set: 1 when not. */
static int dangling(struct scan *sc, const char *name, struct wr_error *err)
{
	char key[300];

	if (!*name || strpbrk(name, "\\/") || strlen(name) > 256)
		return 1; /* no service has such a name */
	snprintf(key, sizeof(key), "Services\\%s", name);
	return in_set(sc, key, NULL, err);
}

/* One report line: the list as it is, and what it becomes. */
static void show_filters(struct scan *sc, const char *key, const char *value, char **names,
                         const bool *drop, size_t n)
{
	bool first = true;

	wr_buf_printf(sc->report, "  %s\\%s %s:", sc->set, key, value);
	for (size_t i = 0; i < n; i++) {
		wr_buf_putc(sc->report, ' ');
		wr_buf_put_printable(sc->report, names[i]);
	}
	wr_buf_puts(sc->report, " ->");
	for (size_t i = 0; i < n; i++)
		if (!drop[i]) {
			wr_buf_putc(sc->report, ' ');
			wr_buf_put_printable(sc->report, names[i]);
			first = false;
		}
	wr_buf_puts(sc->report, first ? _(" (removed)") : "");
	wr_buf_puts(sc->report, _(" (no such service:"));
	for (size_t i = 0; i < n; i++)
		if (drop[i]) {
			wr_buf_putc(sc->report, ' ');
			wr_buf_put_printable(sc->report, names[i]);
		}
	wr_buf_puts(sc->report, ")\n");
}

/* The list without the dropped names, as REG_MULTI_SZ bytes (malloc'd). */
static uint8_t *kept_list(char **names, const bool *drop, size_t n, size_t *len)
{
	struct wr_buf b = WR_BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		size_t l = 0;
		uint8_t *u = drop[i] ? NULL : wr_utf16le_encode(names[i], &l);

		if (u)
			wr_buf_add(&b, (const char *)u, l);
		else if (!drop[i])
			b.oom = true;
		free(u);
	}
	wr_buf_add(&b, "\0", 2);
	*len = b.len;
	return b.oom ? (wr_buf_free(&b), NULL) : (uint8_t *)wr_buf_steal(&b);
}

/* Write the kept list, or remove the value when nothing is kept. */
static int apply_filter(struct scan *sc, const char *key, const char *value, char **names,
                        const bool *drop, size_t n, struct wr_error *err)
{
	char full[256];
	size_t len = 0, kept = 0;
	uint8_t *list;
	int r;

	snprintf(full, sizeof(full), "%s\\%s", sc->set, key);
	for (size_t i = 0; i < n; i++)
		kept += !drop[i];
	if (kept == 0)
		return wr_txn_reg_delete_value(sc->s, sc->hive, full, value, err);
	if (!(list = kept_list(names, drop, n, &len))) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	r = wr_txn_reg_set(sc->s, sc->hive, full, value, WR_REG_MULTI_SZ, list, len, err);
	free(list);
	return r;
}

/* One filter list of one class: the names that are no service removed,
 * the rest kept in order; the value removed when none is left. */
static int check_filter(struct scan *sc, const char *key, const char *value, struct wr_error *err)
{
	struct wr_hive *h = wr_stage_hive(sc->s, sc->hive);
	struct wr_value v = {0};
	char **names = NULL;
	bool *drop = NULL, any = false;
	size_t n = 0;
	wr_node node;
	int r = in_set(sc, key, &node, err);

	if (r == 0)
		r = wr_hive_get_value(h, node, value, &v, err);
	if (r != 0 || v.type != WR_REG_MULTI_SZ) { /* none, or no list Windows reads */
		wr_value_clear(&v);
		return r < 0 ? -1 : 0;
	}
	names = wr_value_multi_sz(&v, &n, err);
	drop = names ? calloc(n + 1, sizeof(*drop)) : NULL;
	r = drop ? 0 : -1;
	if (names && !drop)
		wr_error_set(err, ENOMEM, _("out of memory"));
	for (size_t i = 0; r == 0 && i < n; i++) {
		int d = dangling(sc, names[i], err);

		r = d < 0 ? -1 : 0;
		drop[i] = d == 1;
		any = any || drop[i];
	}
	if (r == 0 && any) {
		found(sc, WR_SEVERITY_BLOCKS_BOOT);
		if (sc->report)
			show_filters(sc, key, value, names, drop, n);
		r = sc->apply ? apply_filter(sc, key, value, names, drop, n, err) : 0;
	}
	wr_strv_free(names);
	free(drop);
	wr_value_clear(&v);
	return r;
}

/* Every driver and filter list of the current control set. */
static int scan_all(struct scan *sc, struct wr_error *err)
{
	struct wr_hive *h = wr_stage_hive(sc->s, sc->hive);
	char set[16], key[128];
	wr_node node;
	int r = wr__repair_current_set(h, set, err);

	if (r == 0)
		r = wr_hive_lookup(h, wr_hive_root(h), set, &node, err);
	if (r == 1)
		wr_error_set(
		    err, ENOENT, "%s",
		    _("the SYSTEM hive has no Select\\Current naming a control set it has"));
	sc->set = set;
	for (size_t i = 0; r == 0 && i < sizeof(drivers) / sizeof(drivers[0]); i++)
		r = check_driver(sc, i, err);
	for (size_t c = 0; r == 0 && c < sizeof(classes) / sizeof(classes[0]); c++)
		for (size_t f = 0; r == 0 && f < 2; f++) {
			snprintf(key, sizeof(key), "Control\\Class\\%s", classes[c]);
			r = check_filter(sc, key, filter_values[f], err);
		}
	sc->set = NULL;
	return r == 0 ? 0 : -1;
}

/*
 * INACCESSIBLE_BOOT_DEVICE (0x7B), in the control set Select\Current names:
 * the one Windows starts (the 7B article reads Select\Default, which names
 * the same set unless a Last Known Good switch is pending), and as
 * win-fix-inaccessible-boot-device.ps1 (Azure/repair-script-library) works;
 * the other sets are the Last Known Good copies, left as they are.
 */
int wr__repair_bootdrivers(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                           bool *needed, struct wr_buf *report, bool apply, struct wr_error *err)
{
	struct scan sc = {s, hive, NULL, needed, report, apply, WR_SEVERITY_INFO};

	(void)o;
	return scan_all(&sc, err);
}

/* Blocks the boot for a dangling filter, a driver every Windows needs, or
 * one for the hardware it has run on; info for the others (needed only
 * when the disk moves to Azure, Hyper-V or an NVMe size). */
enum wr_severity wr__repair_bootdrivers_severity(struct wr_stage *s, size_t hive,
                                                 const struct wr_repair_opts *o)
{
	struct wr_error err = {0};
	bool needed = false;
	struct scan sc = {s, hive, NULL, &needed, NULL, false, WR_SEVERITY_INFO};

	(void)o;
	return scan_all(&sc, &err) < 0 ? WR_SEVERITY_BLOCKS_BOOT : sc.worst;
}
