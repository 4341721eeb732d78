/* SPDX-License-Identifier: GPL-3.0-or-later */
/* disable-service.c - on request, a service or driver disabled (Start = 4) in every control set.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "internal.h"
#include "repair.h"

/*
 * What Windows cannot start without on Hyper-V and Azure, or anywhere: the
 * bus, storage, file-system and network drivers the boot goes through
 * ("never disable boot-critical Microsoft/Hyper-V storage/network drivers",
 * catalog R-12).  Disabling one gives INACCESSIBLE_BOOT_DEVICE or a VM no
 * one can reach; --force is the user saying they know.
 */
static const struct {
	const char *name, *why;
} boot_critical[] = {
    {"vmbus", N_("the Hyper-V bus every synthetic disk and network adapter is on")},
    {"storvsc", N_("the Hyper-V SCSI disk driver: the OS disk on Azure")},
    {"stornvme", N_("the NVMe disk driver: the OS disk on NVMe VM sizes")},
    {"storport", N_("the storage port driver storvsc and stornvme run on")},
    {"storflt", N_("the Hyper-V storage filter on the OS disk")},
    {"vmstorfl", N_("the Hyper-V storage filter on the OS disk")},
    {"atapi", N_("the IDE disk driver: the OS disk of a generation 1 VM at boot")},
    {"intelide", N_("the IDE disk driver: the OS disk of a generation 1 VM at boot")},
    {"pci", N_("the PCI bus every device is on")},
    {"acpi", N_("the ACPI driver that finds the machine's devices")},
    {"disk", N_("the disk class driver: no disk without it")},
    {"partmgr", N_("the partition manager: no partition without it")},
    {"volmgr", N_("the volume manager: no volume without it")},
    {"volmgrx", N_("the dynamic volume manager")},
    {"volsnap", N_("the shadow copy filter on every volume")},
    {"mountmgr", N_("the mount manager: no drive letters without it")},
    {"fvevol", N_("the BitLocker filter: an encrypted OS disk cannot be read without it")},
    {"Ntfs", N_("the file system Windows is on")},
    {"Wdf01000", N_("the driver framework vmbus and most drivers run on")},
    {"ksecdd", N_("the kernel security driver Windows needs to start")},
    {"CNG", N_("the kernel cryptography driver Windows needs to start")},
    {"netvsc", N_("the Hyper-V network adapter: the VM's only network on Azure")},
    {"NDIS", N_("the network driver interface: no network without it")},
    {"Tcpip", N_("the TCP/IP stack: no network without it")},
};

/* Why Windows needs `name` to start, or NULL when it does not. */
static const char *boot_critical_why(const char *name)
{
	for (size_t i = 0; i < sizeof(boot_critical) / sizeof(boot_critical[0]); i++)
		if (strcasecmp(name, boot_critical[i].name) == 0)
			return _(boot_critical[i].why);
	return NULL;
}

/* Whether `name` is a Services key of the control set Windows starts. */
static int is_service(struct wr_stage *s, size_t hive, const char *name, struct wr_error *err)
{
	struct wr_hive *h = wr_stage_hive(s, hive);
	char set[16], key[320];
	wr_node n;
	int r = wr__repair_current_set(h, set, err);

	if (r == 1)
		wr_error_set(err, ENOENT, "%s",
		             _("the SYSTEM hive has no Select\\Current: which control set Windows "
		               "starts is unknown"));
	if (r != 0)
		return -1;
	snprintf(key, sizeof(key), "%s\\Services\\%s", set, name);
	r = wr_hive_lookup(h, wr_hive_root(h), key, &n, err);
	if (r == 1)
		wr_error_set(err, ENOENT, _("%s has no service or driver named \"%s\""), set, name);
	return r == 0 ? 0 : -1;
}

/*
 * "Boot error 0xc00000ba" (catalog R-12) sets Start = 4 in ControlSet001;
 * here every control set that has the service, so that Last Known Good
 * does not start it again.  The previous Start is in the transaction, and
 * the undo puts it back.
 */
int wr__repair_disable_service(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                               bool *needed, struct wr_buf *report, bool apply,
                               struct wr_error *err)
{
	char key[256];
	const char *why;
	struct wr_reg_want w = {key, "Start", WR_REG_WANT_DWORD(4), WR_WANT_IF_KEY};

	if (!o->service || !*o->service || strchr(o->service, '\\') || strlen(o->service) > 200) {
		wr_error_set(err, EINVAL, "%s",
		             _("name the service or driver to disable: --name NAME, as in "
		               "Services\\NAME"));
		return -1;
	}
	if (!o->force && (why = boot_critical_why(o->service))) {
		wr_error_set(err, EPERM,
		             _("%s is %s: Windows may not start without it (--force disables it "
		               "all the same)"),
		             o->service, why);
		return -1;
	}
	if (is_service(s, hive, o->service, err) < 0)
		return -1;
	snprintf(key, sizeof(key), "Services\\%s", o->service);
	return wr__repair_values(s, hive, &w, 1, WR_VALUES_EVERY_CONTROL_SET, needed, report, apply,
	                         err);
}
