/* SPDX-License-Identifier: GPL-3.0-or-later */
/* checklist.c - the checklists (data) and what a step's detection finds. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/text.h"
#include "bcd/bcd.h"
#include "checklist.h"
#include "diagnose/diagnose.h"
#include "repair/repair.h"

#define BACKUP                                                                                     \
	{                                                                                          \
		"backup", N_("Back up first"),                                                     \
		    N_("Take a snapshot of the OS disk before changing anything: it is the only "  \
		       "copy. "                                                                    \
		       "winrescue also keeps every file it changes, beside the file and in its "   \
		       "state directory ($XDG_STATE_HOME/winrescue, normally "                     \
		       "~/.local/state/winrescue), and journals each change so that "              \
		       "\"winrescue undo\" can roll it back."),                                    \
		    WR_STEP_ADVICE, 0, false                                                       \
	}
#define FIND                                                                                       \
	{                                                                                          \
		"find", N_("Find the BCD store and the loader that boots Windows"),                \
		    N_("The boot manager starts the loader its \"default\" names; that loader's "  \
		       "settings "                                                                 \
		       "decide how Windows starts."),                                              \
		    WR_STEP_FIND, 0, false                                                         \
	}

static const struct wr_step safe_mode[] = {
    BACKUP,
    FIND,
    {"safeboot", N_("Take the loader out of Safe Mode"),
     N_("In Safe Mode Windows starts without networking services, so RDP never answers. "
        "safeboot may be set on the loader or on a settings object it inherits; it is removed "
        "where it comes from."),
     WR_STEP_REPAIR, WR_REPAIR_SAFEBOOT, false},
    {"serial", N_("Optional: enable the serial console"),
     N_("With EMS on, the Azure Serial Console reaches the SAC prompt and the boot menu when "
        "RDP does not."),
     WR_STEP_REPAIR, WR_REPAIR_SERIAL, true},
    {"crashdump", N_("Optional: enable memory dumps"),
     N_("A complete dump and NMI dumps let the next failure be analysed."), WR_STEP_REPAIR,
     WR_REPAIR_CRASHDUMP, true},
    {"next", N_("Then: swap the disk back and start the VM"),
     N_("Detach the disk from the rescue VM, attach it back as the OS disk (or swap the OS "
        "disk) and start the VM. Windows should start normally and answer RDP after a few "
        "minutes; if not, look at the boot diagnostics screenshot and the Serial Console."),
     WR_STEP_ADVICE, 0, false},
};

static const struct wr_step serial_dump[] = {
    BACKUP,
    FIND,
    {"serial", N_("Enable the serial console (EMS)"),
     N_("EMS on the loader and the boot manager, on COM1 at 115200 baud, with the boot menu "
        "shown for 5 seconds."),
     WR_STEP_REPAIR, WR_REPAIR_SERIAL, false},
    {"crashdump", N_("Enable memory dump collection"),
     N_("CrashDumpEnabled, DumpFile and NMICrashDump in every control set."), WR_STEP_REPAIR,
     WR_REPAIR_CRASHDUMP, false},
    {"space", N_("Check the free space for the dump"),
     N_("A complete dump needs free space at least the size of the VM's memory on the Windows "
        "partition. If there is less, point DumpFile at a data disk (for example "
        "F:\\MEMORY.DMP) in every control set."),
     WR_STEP_ADVICE, 0, false},
    {"next", N_("Then: start the VM and use the Serial Console"),
     N_("Swap the disk back and start the VM. The Serial Console shows SAC>; \"Send "
        "Non-Maskable Interrupt\" writes a dump to %SystemRoot%\\MEMORY.DMP."),
     WR_STEP_ADVICE, 0, false},
};

static const struct wr_step bcd_repair[] = {
    BACKUP,
    FIND,
    {"devices", N_("Point the boot manager and the loader at their partitions"),
     N_("{bootmgr} device must name the partition that holds the store, and the loader's "
        "device and osdevice the Windows partition. A disk copied or migrated gets new "
        "identities, and a store naming the old ones fails with 0xc000000e or "
        "INACCESSIBLE_BOOT_DEVICE. The new values are built from the disk as it is."),
     WR_STEP_REPAIR, WR_REPAIR_DEVICES, false},
    {"recovery", N_("Stop the Automatic Repair loop"),
     N_("recoveryenabled No and bootstatuspolicy IgnoreAllFailures: a failed boot does not "
        "start Windows Recovery, which cannot run in a VM without a console."),
     WR_STEP_REPAIR, WR_REPAIR_RECOVERY, false},
    {"safeboot", N_("Make sure the loader is not in Safe Mode"),
     N_("A loader left in Safe Mode also stops a normal boot."), WR_STEP_REPAIR, WR_REPAIR_SAFEBOOT,
     false},
    {"bootmgr", N_("Recreate the boot manager if it is gone"),
     N_("A store with no {bootmgr} stops with 0xc0000034; it is made again from the store's "
        "loaders."),
     WR_STEP_REPAIR, WR_REPAIR_BOOTMGR, false},
    {"boot-files", N_("Look for the boot manager's files"),
     N_("bootmgr (BIOS) or bootmgfw.efi and the fallback bootx64.efi (UEFI) beside the "
        "store."),
     WR_STEP_REPAIR, WR_REPAIR_BOOT_FILES, false},
    {"active", N_("Look at the active partition (BIOS)"),
     N_("On an MBR disk that BIOS starts (a Generation 1 VM), the partition holding "
        "\\Boot\\BCD must be the one marked active; with none active nothing starts (\"An "
        "operating system wasn't found\")."),
     WR_STEP_REPAIR, WR_REPAIR_ACTIVE, false},
    {"rebuild-store", N_("Last: rebuild a store that cannot be read"),
     N_("When the targeted fixes above cannot work because the store is not a hive at all, "
        "repair rebuild writes a new one as bcdboot does, the old file kept as a backup."),
     WR_STEP_REPAIR, WR_REPAIR_STORE, false},
    {"rebuild-loaders", N_("Last: add the loader of a Windows nothing starts"),
     N_("When no loader in the store starts a Windows installation of the disk, repair "
        "rebuild adds one as bcdboot does, keeping the store's other entries."),
     WR_STEP_REPAIR, WR_REPAIR_LOADERS, false},
    {"next", N_("Then: swap the disk back and start the VM"),
     N_("Detach the disk, attach it back as the OS disk and start the VM. If it still does "
        "not start, look at the boot diagnostics screenshot: on a Generation 1 VM the "
        "partition holding \\Boot\\BCD must be the active one."),
     WR_STEP_ADVICE, 0, false},
};

/* Catalog section 5.3 item 3, in the articles' order: what stops RDP
 * first, the temporary and weaker workarounds last and only on request. */
static const struct wr_step no_rdp[] = {
    BACKUP,
    FIND,
    {"safeboot", N_("Make sure Windows does not start in Safe Mode"),
     N_("Safe Mode starts without Remote Desktop Services."), WR_STEP_REPAIR, WR_REPAIR_SAFEBOOT,
     false},
    {"rdp", N_("Allow Remote Desktop connections"),
     N_("fDenyTSConnections 0 and the listener enabled in every control set, and the "
        "TermService service not disabled."),
     WR_STEP_REPAIR, WR_REPAIR_RDP, false},
    {"rdp-policy", N_("Make sure no policy denies Remote Desktop"),
     N_("A policy value in the SOFTWARE hive (fDenyTSConnections) overrides the setting "
        "above; where a policy set it to 1 it is put to 0."),
     WR_STEP_REPAIR, WR_REPAIR_RDP_POLICY, false},
    {"rdp-port", N_("Listen on port 3389"),
     N_("A listener moved to another port is reached only where the network security group "
        "and the guest firewall name that port; if it was moved on purpose, open the port "
        "instead."),
     WR_STEP_REPAIR, WR_REPAIR_RDP_PORT, true},
    {"termservice", N_("Let Remote Desktop Services start"),
     N_("TermService on demand, as Network Service, in every control set."), WR_STEP_REPAIR,
     WR_REPAIR_TERMSERVICE, false, true},
    {"dhcp", N_("Let the DHCP Client start"),
     N_("Without the DHCP Client the VM gets no address: Dhcp automatic, as Local Service; "
        "Netlogon and NSI automatic."),
     WR_STEP_REPAIR, WR_REPAIR_DHCP, false, true},
    {"firewall", N_("Open the guest firewall for Remote Desktop"),
     N_("The Remote Desktop rule on, and \"block all incoming connections\" "
        "(DoNotAllowExceptions) off in the three profiles."),
     WR_STEP_REPAIR, WR_REPAIR_FIREWALL, false},
    {"firewall-off", N_("Temporary: turn the guest firewall off"),
     N_("Only when the rule above is not enough; turn it on again (winrescue undo) once the "
        "machine is reachable."),
     WR_STEP_REPAIR, WR_REPAIR_FIREWALL_OFF, true},
    {"tls", N_("Let the RDP server use TLS 1.2"),
     N_("Schannel's TLS 1.2 server side on; a client that only speaks TLS 1.2 cannot connect "
        "otherwise."),
     WR_STEP_REPAIR, WR_REPAIR_TLS, false},
    {"nla", N_("Temporary: turn Network Level Authentication off"),
     N_("When the machine cannot reach a domain controller to check the user, NLA refuses "
        "every logon; turn it on again once logged on."),
     WR_STEP_REPAIR, WR_REPAIR_NLA, true},
    {"listener-reset", N_("Temporary: reset the RDP listener"),
     N_("The article's listener settings, for frequent disconnects; they are weaker, undo "
        "them once the machine is reachable."),
     WR_STEP_REPAIR, WR_REPAIR_LISTENER_RESET, true},
    {"credssp", N_("Temporary: let CredSSP talk to unpatched machines"),
     N_("For \"An authentication error has occurred ... CredSSP encryption oracle\": "
        "insecure until both sides have the May 2018 updates."),
     WR_STEP_REPAIR, WR_REPAIR_CREDSSP, true},
    {"rdp-cert", N_("Look at the listener's certificate"),
     N_("A certificate set by thumbprint that is no longer there stops RDP with Schannel "
        "errors."),
     WR_STEP_REPAIR, WR_REPAIR_RDP_CERT, true},
    {"next", N_("Then: swap the disk back and connect"),
     N_("Start the VM and connect with RDP. A domain policy may switch RDP off again: if it "
        "does, fix the policy on the domain controller; offline, the Group Policy Client "
        "service (gpsvc) Start = 4 keeps every policy from applying until it is set back."),
     WR_STEP_ADVICE, 0, false},
};

/* Catalog §5.3 item 6: every non-default flag the articles leave behind. */
static const struct wr_step boot_flags[] = {
    BACKUP,
    FIND,
    {"safeboot", N_("Take the loader out of Safe Mode"),
     N_("safeboot (Minimal, Network or DsRepair) and safebootalternateshell, on the loader or "
        "a settings object it inherits."),
     WR_STEP_REPAIR, WR_REPAIR_SAFEBOOT, false},
    {"bootmenu", N_("Do not wait at the boot menu"),
     N_("displaybootmenu yes with no or a zero timeout keeps a VM at \"Choose an operating "
        "system\" forever: the timeout is set to 5 seconds."),
     WR_STEP_REPAIR, WR_REPAIR_BOOTMENU, false},
    {"debugflags", N_("Revert the debugging settings"),
     N_("nointegritychecks, testsigning and bootlog removed and integrityservices enabled, as "
        "the revert list of the boot-analysis article says."),
     WR_STEP_REPAIR, WR_REPAIR_DEBUGFLAGS, false},
    {"imc", N_("Remove the Initial Machine Configuration references"),
     N_("imcdevice and imchivename on the loader make Windows stop with 0x67 "
        "(CONFIG_INITIALIZATION_FAILED) when the hive they name is gone."),
     WR_STEP_REPAIR, WR_REPAIR_IMC, false},
    {"badmemory", N_("Clear the bad-memory list"),
     N_("Pages listed in {badmemory} are kept from Windows; on a VM they can make it stop "
        "with 0xC0000017. The list is machine-made and is rebuilt if the memory is really "
        "bad."),
     WR_STEP_REPAIR, WR_REPAIR_BADMEMORY, false},
    {"next", N_("Then: swap the disk back and start the VM"),
     N_("Detach the disk, attach it back as the OS disk and start the VM; it should start "
        "without stopping at a menu or in Safe Mode."),
     WR_STEP_ADVICE, 0, false},
};

/* Catalog section 5.3 item 4: what changed last, then the way back. */
static const struct wr_step boot_loop[] = {
    BACKUP,
    FIND,
    {"driver-suspects", N_("Look for a driver installed just before"),
     N_("Drivers that did not come with Windows and start at boot, newest first: a driver "
        "installed or updated just before the loop is the usual cause."),
     WR_STEP_REPAIR, WR_REPAIR_DRIVER_SUSPECTS, true},
    {"critical-service", N_("Stop a failing Azure service from restarting Windows"),
     N_("RDAgent and the Azure Backup services with ErrorControl 2 or 3 restart Windows when "
        "they fail to start: 1 logs it and goes on."),
     WR_STEP_REPAIR, WR_REPAIR_CRITICAL_SERVICE, false},
    {"bootdrivers", N_("Let the storage drivers start at boot"),
     N_("INACCESSIBLE_BOOT_DEVICE (0x7B): vmbus, storvsc, stornvme and the disk stack must "
        "start at boot, with no storage filter naming a missing service."),
     WR_STEP_REPAIR, WR_REPAIR_BOOTDRIVERS, false, true},
    {"recovery", N_("Stop the Automatic Repair loop"),
     N_("recoveryenabled No and bootstatuspolicy IgnoreAllFailures: a failed boot does not "
        "start Windows Recovery, which cannot run in a VM without a console."),
     WR_STEP_REPAIR, WR_REPAIR_RECOVERY, false},
    {"lkg", N_("Start the last configuration that worked"),
     N_("Last Known Good starts the control set of the last boot that succeeded: the control "
        "sets are listed with when each was last written."),
     WR_STEP_REPAIR, WR_REPAIR_LKG, true},
    {"disable-service", N_("Disable the driver or service that broke it"),
     N_("Start = 4 for the one named, in every control set, the previous value kept for "
        "undo."),
     WR_STEP_REPAIR, WR_REPAIR_DISABLE_SERVICE, true},
    {"dsrm", N_("A domain controller: start in Directory Services Restore Mode"),
     N_("When the Active Directory database is what fails, DSRM starts the machine without "
        "it."),
     WR_STEP_REPAIR, WR_REPAIR_DSRM, true},
    {"next", N_("Then: swap the disk back and start the VM"),
     N_("Detach the disk, attach it back as the OS disk and start the VM; if it still "
        "restarts, collect a memory dump (checklist serial-dump) for support."),
     WR_STEP_ADVICE, 0, false},
};

#define LIST(a) a, sizeof(a) / sizeof(a[0])

static const struct wr_checklist checklists[] = {
    {"safe-mode", N_("Boots into Safe Mode, cannot RDP"), "troubleshoot-rdp-safe-mode",
     LIST(safe_mode)},
    {"serial-dump", N_("Enable the serial console and memory dump collection"),
     "enable-serial-console-memory-dump-collection", LIST(serial_dump)},
    {"bcd-repair", N_("Repair the boot configuration data"),
     "virtual-machines-windows-repair-boot-configuration-data", LIST(bcd_repair)},
    {"no-rdp", N_("Boots, but Remote Desktop does not connect"), "troubleshoot-rdp-general-error",
     LIST(no_rdp)},
    {"boot-flags", N_("Safe Mode and boot-flag cleanup"),
     "troubleshoot-guide-windows-boot-manager-menu", LIST(boot_flags)},
    {"boot-loop", N_("Boot loop or crash after a change"), "troubleshoot-reboot-loop",
     LIST(boot_loop)},
};

size_t wr_checklist_count(void)
{
	return sizeof(checklists) / sizeof(checklists[0]);
}

const struct wr_checklist *wr_checklist_at(size_t i)
{
	return i < wr_checklist_count() ? &checklists[i] : NULL;
}

const struct wr_checklist *wr_checklist_by_name(const char *name)
{
	for (size_t i = 0; i < wr_checklist_count(); i++)
		if (strcmp(checklists[i].name, name) == 0)
			return &checklists[i];
	return NULL;
}

const char *wr_step_state_name(enum wr_step_state state)
{
	static const char *const names[] = {
	    [WR_STEP_PASSED] = N_("passed"),
	    [WR_STEP_NEEDS_ACTION] = N_("needs action"),
	    [WR_STEP_NOT_APPLICABLE] = N_("not applicable"),
	    [WR_STEP_COULD_NOT_CHECK] = N_("could not check"),
	    [WR_STEP_MANUAL] = N_("your turn"),
	};

	return names[state];
}

void wr_step_result_clear(struct wr_step_result *r)
{
	wr_buf_free(&r->detail);
	memset(r, 0, sizeof(*r));
}

static void set(struct wr_step_result *r, enum wr_step_state state, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set(struct wr_step_result *r, enum wr_step_state state, const char *fmt, ...)
{
	va_list ap;

	r->state = state;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
	wr_utf8_trim(r->reason);
}

/* The store and its default loader, named. */
static void detect_find(struct wr_session *s, struct wr_step_result *r)
{
	int hive = wr_session_hive_of(s, WR_KIND_BCD);
	struct wr_error err = {0};
	struct wr_bcd *bcd =
	    hive < 0 ? NULL : wr_bcd_load(wr_stage_hive(wr_session_stage(s), (size_t)hive), &err);
	const struct wr_bcd_object *def = bcd ? wr_bcd_find(bcd, "{default}", &err) : NULL;

	if (hive < 0)
		set(r, WR_STEP_COULD_NOT_CHECK, "%s", _("no BCD store is loaded"));
	else if (!def && err.code == ENOMEM) /* says nothing about the store */
		set(r, WR_STEP_COULD_NOT_CHECK, "%s", err.msg);
	else if (!def)
		set(r, WR_STEP_NEEDS_ACTION, "%s: %s", wr_session_label(s, (size_t)hive), err.msg);
	else {
		struct wr_buf label = WR_BUF_INIT;

		wr_bcd_object_label(bcd, def, &label);
		if (label.oom)
			set(r, WR_STEP_COULD_NOT_CHECK, "%s", _("out of memory"));
		else
			set(r, WR_STEP_PASSED, _("%s: the loader %s"),
			    wr_session_label(s, (size_t)hive), wr_buf_str(&label));
		wr_buf_free(&label);
	}
	wr_bcd_free(bcd);
}

/* disable-service checks nothing until the user names what to disable. */
static bool needs_name(const struct wr_step *st)
{
	return st->repair == WR_REPAIR_DISABLE_SERVICE;
}

/* A repair people ask for is never staged by a checklist: the step says
 * the command, and what its check read. */
static void on_request(const struct wr_step *st, struct wr_step_result *r)
{
	const struct wr_repair_info *info = wr_repair_info(st->repair);
	const char *args = needs_name(st) ? " --name NAME" : "";

	if (info->weakens_security)
		set(r, WR_STEP_MANUAL,
		    _("on request, when the steps above are not enough: winrescue repair %s%s "
		      "(temporary: it weakens security)"),
		    info->name, args);
	else
		set(r, WR_STEP_MANUAL, _("on request: winrescue repair %s%s"), info->name, args);
}

/* What diagnose says of the step's repair on the first hive of its kind. */
static void detect_repair(const struct wr_step *st, struct wr_session *s, struct wr_step_result *r)
{
	int hive = wr_session_hive_of(s, wr_repair_hive_kind(st->repair));
	const struct wr_repair_info *info = wr_repair_info(st->repair);
	enum wr_repair_kind fixer = st->repair;
	struct wr_diagnosis_item item;
	const char *ro;

	if (hive < 0) {
		enum wr_hive_kind kind = wr_repair_hive_kind(st->repair);

		if (kind == WR_KIND_BCD)
			set(r, WR_STEP_COULD_NOT_CHECK, "%s", _("no BCD store is loaded"));
		else
			set(r, WR_STEP_COULD_NOT_CHECK, _("no %s hive is loaded"),
			    kind == WR_KIND_SYSTEM ? "SYSTEM" : "SOFTWARE");
		return;
	}
	switch (wr_diagnose_check(s, st->repair, (size_t)hive, &item)) {
	case WR_DIAGNOSIS_NOMEM:
		set(r, WR_STEP_COULD_NOT_CHECK, "%s", _("out of memory"));
		return;
	case WR_DIAGNOSIS_UNCHECKED:
		if (needs_name(st))
			on_request(st, r);
		else /* an action on request that cannot be taken here is no fault */
			set(r, info->on_request ? WR_STEP_NOT_APPLICABLE : WR_STEP_COULD_NOT_CHECK,
			    "%s", item.evidence);
		break;
	case WR_DIAGNOSIS_FINE:
		if (info->on_request)
			on_request(st, r);
		else
			set(r, WR_STEP_PASSED, _("%s: nothing to change"),
			    wr_session_label(s, (size_t)hive));
		break;
	case WR_DIAGNOSIS_FINDING:
		wr_buf_puts(&r->detail, item.evidence);
		ro = wr_stage_read_only(wr_session_stage(s), (size_t)hive);
		if (info->on_request)
			on_request(st, r);
		else if (st->info_passes && item.severity == WR_SEVERITY_INFO)
			set(r, WR_STEP_PASSED,
			    _("%s: nothing stops it; winrescue repair %s would also set what is "
			      "shown"),
			    wr_session_label(s, (size_t)hive), info->name);
		else if (info->report_only && !wr_repair_fixer(st->repair, &fixer))
			set(r, WR_STEP_MANUAL, "%s", _(info->advice)); /* only the user can act */
		else if (ro)
			set(r, WR_STEP_NEEDS_ACTION, "%s", ro);
		else
			set(r, WR_STEP_NEEDS_ACTION, _("%s: %s is needed"),
			    wr_session_label(s, (size_t)hive), wr_repair_name(fixer));
		break;
	}
	free(item.evidence);
}

void wr_step_detect(const struct wr_step *st, struct wr_session *s, struct wr_step_result *r)
{
	wr_step_result_clear(r);
	switch (st->kind) {
	case WR_STEP_ADVICE:
		set(r, WR_STEP_MANUAL, "%s", _("winrescue cannot do this offline"));
		break;
	case WR_STEP_FIND:
		detect_find(s, r);
		break;
	case WR_STEP_REPAIR:
		detect_repair(st, s, r);
		break;
	}
}

int wr_step_stage(const struct wr_step *st, struct wr_session *s, struct wr_error *err)
{
	struct wr_repair_opts o;
	enum wr_repair_kind k;
	int hive;

	if (st->kind != WR_STEP_REPAIR)
		return 1;
	hive = wr_session_hive_of(s, wr_repair_hive_kind(st->repair));
	if (hive < 0) {
		wr_error_set(err, ENOENT, "%s", _("the hive this step needs is not loaded"));
		return -1;
	}
	wr_repair_opts_default(&o);
	wr_session_repair_place(s, (size_t)hive, &o);
	/* A check that only reports is staged as the repair that fixes it. */
	return wr_repair_stage(wr_repair_fixer(st->repair, &k) ? k : st->repair,
	                       wr_session_stage(s), (size_t)hive, &o, err);
}
