/* SPDX-License-Identifier: GPL-3.0-or-later */
/* repair.c - the repair table, choosing loaders, and running a repair as a check or a transaction.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "bcd/bcd.h"
#include "internal.h"
#include "repair.h"

typedef int (*repair_fn)(struct wr_stage *, size_t, const struct wr_repair_opts *, bool *,
                         struct wr_buf *, bool, struct wr_error *);
typedef enum wr_severity (*severity_fn)(struct wr_stage *, size_t, const struct wr_repair_opts *);

#define TS        "Control\\Terminal Server"
#define RDP_TCP   "Control\\Terminal Server\\WinStations\\RDP-Tcp"
#define TS_POLICY "Policies\\Microsoft\\Windows NT\\Terminal Services"

/*
 * "Troubleshoot an RDP general error" (catalog R-2) and the TermService
 * start type of R-6, in every control set.  fDenyTSConnections is what
 * blocks RDP and is always written; the others only when a value is there
 * and wrong, as the article checks each before setting it.
 */
static const struct wr_reg_want rdp_values[] = {
    {TS, "fDenyTSConnections", WR_REG_WANT_DWORD(0), WR_WANT_ALWAYS},
    {TS, "TSEnabled", WR_REG_WANT_DWORD(1), WR_WANT_IF_VALUE},
    {TS, "TSUserEnabled", WR_REG_WANT_DWORD(0), WR_WANT_IF_VALUE},
    {TS, "TSServerDrainMode", WR_REG_WANT_DWORD(0), WR_WANT_IF_VALUE},
    {RDP_TCP, "fEnableWinStation", WR_REG_WANT_DWORD(1), WR_WANT_IF_VALUE},
    {RDP_TCP, "fLogonDisabled", WR_REG_WANT_DWORD(0), WR_WANT_IF_VALUE},
    {"Services\\TermService", "Start", WR_REG_WANT_DWORD(3), WR_WANT_IF_VALUE},
};

/* R-2's SOFTWARE line: the policy value, only where a policy set it. */
static const struct wr_reg_want rdp_policy_values[] = {
    {TS_POLICY, "fDenyTSConnections", WR_REG_WANT_DWORD(0), WR_WANT_IF_VALUE},
};

/* "CredSSP encryption oracle remediation" (catalog R-15): the workaround
 * that lets an updated machine talk to an unpatched one, insecure. */
static const struct wr_reg_want credssp_values[] = {
    {"Microsoft\\Windows\\CurrentVersion\\Policies\\System\\CredSSP\\Parameters",
     "AllowEncryptionOracle", WR_REG_WANT_DWORD(2), WR_WANT_ALWAYS},
};

/* "Applying Group Policy" hangs (catalog R-13): the retention policy deleted. */
static const struct wr_reg_want cleanupprofiles_values[] = {
    {"Policies\\Microsoft\\Windows\\System", "CleanupProfiles", {0}, WR_WANT_ABSENT},
};

/* "RDP certificate / Schannel events" (catalog R-16): a thumbprint of a
 * certificate set by hand, which only the user can tell is still there. */
static const struct wr_reg_want rdp_cert_values[] = {
    {RDP_TCP, "SSLCertificateSHA1Hash", {0}, WR_WANT_ABSENT},
};

#define VALUES(list, where) list, sizeof(list) / sizeof(list[0]), where

/*
 * The repairs: what each fixes, from which catalog entry, and how.  A
 * registry-value repair is its values alone (checked and set by
 * wr__repair_values); the others have a plan of their own.  `severity`
 * lowers a finding's when what is set may be on purpose.
 */
static const struct {
	struct wr_repair_info info;
	repair_fn run; /* NULL: the values */
	const struct wr_reg_want *values;
	size_t n_values;
	enum wr_values_where where;
	severity_fn severity;
} repairs[WR_REPAIR_COUNT] = {
    [WR_REPAIR_SAFEBOOT] = {{"safeboot",
                             N_("the loader starts Windows in Safe Mode: no network, no RDP"),
                             "B-3", WR_KIND_BCD, WR_SEVERITY_BLOCKS_RDP, false, false},
                            wr__repair_safeboot},
    [WR_REPAIR_SERIAL] = {{"serial",
                           N_("no serial console (EMS/SAC) on the boot manager and the loader"),
                           "R-1", WR_KIND_BCD, WR_SEVERITY_INFO, true, false},
                          wr__repair_serial},
    [WR_REPAIR_CRASHDUMP] =
        {{"crashdump",
          N_("memory dumps not set as the article sets them: a complete dump, and one on an "
             "NMI from the serial console"),
          "R-1", WR_KIND_SYSTEM, WR_SEVERITY_INFO, false, false},
         wr__repair_crashdump},
    [WR_REPAIR_RECOVERY] = {{"recovery", N_("a failed boot can end in an Automatic Repair loop"),
                             "B-2", WR_KIND_BCD, WR_SEVERITY_INFO, false, false},
                            wr__repair_recovery},
    [WR_REPAIR_RDP] = {{"rdp", N_("Remote Desktop denied, or its service (TermService) disabled"),
                        "R-2", WR_KIND_SYSTEM, WR_SEVERITY_BLOCKS_RDP, true, false},
                       NULL,
                       VALUES(rdp_values, WR_VALUES_EVERY_CONTROL_SET)},
    [WR_REPAIR_DEVICES] = {{"devices",
                            N_("the boot manager or the loader names a partition that is not "
                               "there"),
                            "B-1", WR_KIND_BCD, WR_SEVERITY_BLOCKS_BOOT, false, true},
                           wr__repair_devices},
    [WR_REPAIR_RDP_POLICY] =
        {{"rdp-policy", N_("a Remote Desktop policy denies connections"), "R-2", WR_KIND_SOFTWARE,
          WR_SEVERITY_BLOCKS_RDP, true, false, false,
          N_("on a domain member, a group policy (Allow users to connect remotely by using "
             "Remote Desktop Services) sets it again at the next refresh: fix it on the "
             "domain controller too")},
         NULL,
         VALUES(rdp_policy_values, WR_VALUES_AT_ROOT)},
    [WR_REPAIR_BOOTMENU] = {{"bootmenu",
                             N_("the boot manager shows its menu with no timeout: the VM waits "
                                "there for a key"),
                             "B-4", WR_KIND_BCD, WR_SEVERITY_BLOCKS_BOOT, false, false},
                            wr__repair_bootmenu},
    [WR_REPAIR_BADMEMORY] = {{"badmemory",
                              N_("memory pages marked bad: Windows may fail to start with "
                                 "0xC0000017 (no memory)"),
                              "B-7", WR_KIND_BCD, WR_SEVERITY_RISK, false, false},
                             wr__repair_badmemory},
    [WR_REPAIR_DEBUGFLAGS] = {{"debugflags",
                               N_("debugging settings left on: no integrity checks, test "
                                  "signing, a boot log"),
                               "B-8", WR_KIND_BCD, WR_SEVERITY_RISK, false, false},
                              wr__repair_debugflags,
                              .severity = wr__repair_debugflags_severity},
    [WR_REPAIR_IMC] = {{"imc",
                        N_("the loader names an Initial Machine Configuration hive: stop 0x67 "
                           "(CONFIG_INITIALIZATION_FAILED)"),
                        "B-9", WR_KIND_BCD, WR_SEVERITY_BLOCKS_BOOT, false, false},
                       wr__repair_imc},
    [WR_REPAIR_BOOTMGR] = {{"bootmgr",
                            N_("the store has no boot manager ({bootmgr}): Windows stops with "
                               "0xc0000034"),
                            "B-6", WR_KIND_BCD, WR_SEVERITY_BLOCKS_BOOT, false, false},
                           wr__repair_bootmgr,
                           .severity = wr__repair_bootmgr_severity},
    [WR_REPAIR_DSRM] = {{"dsrm",
                         N_("on request: start a domain controller in Directory Services "
                            "Restore Mode (safeboot DsRepair; repair safeboot turns it off)"),
                         "B-5", WR_KIND_BCD, WR_SEVERITY_INFO, false, false, false, NULL, true},
                        wr__repair_dsrm},
    [WR_REPAIR_DEFAULT] =
        {{"default", N_("the boot manager's default entry is not a Windows loader the store has"),
          "B-1", WR_KIND_BCD, WR_SEVERITY_BLOCKS_BOOT, false, false, true,
          N_("make one of the Windows loaders listed the default, from Windows RE or a Windows "
             "with the disk attached: bcdedit /store STORE /default {GUID}")},
         wr__repair_default,
         .severity = wr__repair_default_severity},
    [WR_REPAIR_DISPLAYORDER] =
        {{"displayorder", N_("the boot menu lists entries the store does not have"), "B-1",
          WR_KIND_BCD, WR_SEVERITY_RISK, false, false, true,
          N_("take them off the menu, from Windows RE or a Windows with the disk attached: "
             "bcdedit /store STORE /displayorder {GUID} /remove")},
         wr__repair_displayorder},
    [WR_REPAIR_DUPLICATE_DISK] =
        {{"duplicate-disk",
          N_("another attached disk has the same identity (signature or GUID) as the store's "
             "disk"),
          "B-1", WR_KIND_BCD, WR_SEVERITY_BLOCKS_BOOT, false, true, true,
          N_("detach the other disk before booting, or give it a new identity: sfdisk "
             "--disk-id DISK 0xNEW (MBR) or sgdisk --randomize-guids DISK (GPT)")},
         wr__repair_duplicate_disk},
    [WR_REPAIR_LOADER_FILES] =
        {{"loader-files",
          N_("a Windows loader's winload or \\Windows is missing on the partition it names"), "B-1",
          WR_KIND_BCD, WR_SEVERITY_BLOCKS_BOOT, false, true, true,
          N_("when the loader names the wrong partition, winrescue repair devices points it at "
             "Windows; when the file is gone, restore it from Windows RE: sfc /scannow "
             "/offbootdir=C:\\ /offwindir=C:\\Windows")},
         wr__repair_loader_files,
         .severity = wr__repair_loader_files_severity},
    [WR_REPAIR_TLS] = {{"tls",
                        N_("security setting: the RDP server's TLS 1.2 (Schannel) is switched "
                           "off"),
                        "R-4", WR_KIND_SYSTEM, WR_SEVERITY_BLOCKS_RDP, false, false, false,
                        N_("a domain group policy may switch it off again; TLS 1.0 and 1.1 only "
                           "with --tls-old, which weakens security")},
                       wr__repair_tls,
                       .severity = wr__repair_tls_severity},
    [WR_REPAIR_CREDSSP] =
        {{"credssp",
          N_("on request: CredSSP talks to unpatched machines (AllowEncryptionOracle 2), a "
             "temporary and insecure workaround"),
          "R-15", WR_KIND_SOFTWARE, WR_SEVERITY_INFO, true, false, false,
          N_("install the May 2018 CredSSP updates on the client and the server, then remove "
             "the value again"),
          true},
         NULL,
         VALUES(credssp_values, WR_VALUES_AT_ROOT)},
    [WR_REPAIR_CLEANUPPROFILES] =
        {{"cleanupprofiles",
          N_("the CleanupProfiles policy is set: Windows Server 2012 (R2) can hang at "
             "\"Applying Group Policy\""),
          "R-13", WR_KIND_SOFTWARE, WR_SEVERITY_RISK, false, false, false,
          N_("on a domain member, a group policy sets it again: remove it from the GPO on the "
             "domain controller too")},
         NULL,
         VALUES(cleanupprofiles_values, WR_VALUES_AT_ROOT)},
    [WR_REPAIR_NLA] = {{"nla",
                        N_("on request: security setting: Network Level Authentication off, "
                           "domain credentials allowed, FIPS off, encryption no higher than "
                           "client compatible"),
                        "R-5", WR_KIND_SYSTEM, WR_SEVERITY_INFO, true, false, false,
                        N_("a temporary workaround: turn NLA on again once you can log on "
                           "(winrescue undo); a domain group policy may set these again"),
                        true},
                       wr__repair_nla},
    [WR_REPAIR_RDP_CERT] =
        {{"rdp-cert",
          N_("security setting: the RDP listener uses a certificate set by thumbprint "
             "(SSLCertificateSHA1Hash)"),
          "R-16", WR_KIND_SYSTEM, WR_SEVERITY_INFO, false, false, true,
          N_("if RDP fails with Schannel events 36870 or 36872, or events 1057 or 1058, the "
             "certificate may be gone or its key unreadable: delete the value (reg delete "
             "\"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal "
             "Server\\WinStations\\RDP-Tcp\" /v SSLCertificateSHA1Hash /f) and RDP falls back "
             "to its self-signed certificate")},
         NULL,
         VALUES(rdp_cert_values, WR_VALUES_EVERY_CONTROL_SET)},
    [WR_REPAIR_PROFILE_BAK] =
        {{"profile-bak",
          N_("on request: a user's ProfileList\\SID.bak key removed (a temporary profile at "
             "logon, event 1511); without --sid, the .bak keys listed"),
          "R-14", WR_KIND_SOFTWARE, WR_SEVERITY_INFO, false, false, false,
          N_("pick the user by the folder listed; winrescue undo puts the key back"), true},
         wr__repair_profile_bak},
};

static const char *const severity_names[] = {
    [WR_SEVERITY_BLOCKS_BOOT] = "blocks-boot",
    [WR_SEVERITY_BLOCKS_RDP] = "blocks-rdp",
    [WR_SEVERITY_RISK] = "risk",
    [WR_SEVERITY_INFO] = "info",
};

static const struct {
	const char *name;
	enum wr_dump_type type;
} dump_types[] = {
    {"complete", WR_DUMP_COMPLETE},
    {"kernel", WR_DUMP_KERNEL},
    {"small", WR_DUMP_SMALL},
    {"automatic", WR_DUMP_AUTOMATIC},
};

void wr_repair_opts_default(struct wr_repair_opts *o)
{
	*o = (struct wr_repair_opts){
	    .port = 1, .baud = 115200, .dump_type = WR_DUMP_COMPLETE, .system_hive = -1};
}

const char *wr_severity_name(enum wr_severity sev)
{
	return severity_names[sev];
}

const struct wr_repair_info *wr_repair_info(enum wr_repair_kind kind)
{
	return &repairs[kind].info;
}

const char *wr_repair_name(enum wr_repair_kind kind)
{
	return repairs[kind].info.name;
}

int wr_repair_by_name(const char *name, enum wr_repair_kind *out)
{
	for (int i = 0; i < WR_REPAIR_COUNT; i++)
		if (strcmp(name, repairs[i].info.name) == 0) {
			*out = (enum wr_repair_kind)i;
			return 0;
		}
	return -1;
}

enum wr_hive_kind wr_repair_hive_kind(enum wr_repair_kind kind)
{
	return repairs[kind].info.hive;
}

int wr_dump_type_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(dump_types) / sizeof(dump_types[0]); i++)
		if (strcmp(name, dump_types[i].name) == 0)
			return (int)dump_types[i].type;
	return -1;
}

/* A repair's plan, or its declared values. */
static int run(enum wr_repair_kind kind, struct wr_stage *s, size_t hive,
               const struct wr_repair_opts *o, bool *needed, struct wr_buf *report, bool apply,
               struct wr_error *err)
{
	if (repairs[kind].run)
		return repairs[kind].run(s, hive, o, needed, report, apply, err);
	return wr__repair_values(s, hive, repairs[kind].values, repairs[kind].n_values,
	                         repairs[kind].where, needed, report, apply, err);
}

enum wr_severity wr_repair_severity(enum wr_repair_kind kind, struct wr_stage *s, size_t hive,
                                    const struct wr_repair_opts *o)
{
	if (repairs[kind].severity)
		return repairs[kind].severity(s, hive, o);
	return repairs[kind].info.severity;
}

int wr_repair_check(enum wr_repair_kind kind, struct wr_stage *s, size_t hive,
                    const struct wr_repair_opts *o, bool *needed, struct wr_buf *report,
                    struct wr_error *err)
{
	*needed = false;
	if (run(kind, s, hive, o, needed, report, false, err) < 0)
		return -1;
	if (report && report->oom) { /* a report cut short must not pass for the finding */
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	return 0;
}

int wr_repair_stage(enum wr_repair_kind kind, struct wr_stage *s, size_t hive,
                    const struct wr_repair_opts *o, struct wr_error *err)
{
	bool needed = false;

	if (repairs[kind].info.report_only) {
		wr_error_set(err, EINVAL, _("%s only reports what it finds: %s"),
		             repairs[kind].info.name, _(repairs[kind].info.advice));
		return -1;
	}
	if (wr_txn_begin(s, repairs[kind].info.name, err) < 0)
		return -1;
	if (repairs[kind].info.weakens_security)
		wr_txn_mark_weakens_security(s);
	if (run(kind, s, hive, o, &needed, NULL, true, err) < 0) {
		wr_txn_abort(s);
		return -1;
	}
	return wr_txn_end(s); /* 1 when nothing changed */
}

int wr__repair_loaders(const struct wr_bcd *bcd, const struct wr_repair_opts *o,
                       const struct wr_bcd_object ***out, size_t *n, struct wr_error *err)
{
	size_t count = wr_bcd_count(bcd);
	const struct wr_bcd_object **list = calloc(count + 1, sizeof(*list));

	*n = 0;
	if (!list) {
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	if (o->all_loaders) {
		for (size_t i = 0; i < count; i++)
			if (wr_bcd_object(bcd, i)->type == WR_BCD_TYPE_OSLOADER)
				list[(*n)++] = wr_bcd_object(bcd, i);
		if (*n == 0)
			wr_error_set(err, ENOENT, _("the store has no Windows loader"));
	} else {
		const char *id = o->loader ? o->loader : "{default}";

		list[0] = wr_bcd_find(bcd, id, err);
		*n = list[0] ? 1 : 0;
		if (list[0] && list[0]->type != WR_BCD_TYPE_OSLOADER) {
			wr_error_set(err, EINVAL, _("%s is not a Windows loader (type 0x%08x)"), id,
			             list[0]->type);
			*n = 0;
		}
	}
	if (*n == 0) {
		free(list);
		return -1;
	}
	*out = list;
	return 0;
}

int wr__repair_bcd_has(const struct wr_bcd *bcd, const struct wr_bcd_object *obj, uint32_t id,
                       bool boolean, uint64_t want, struct wr_buf *report, struct wr_error *err)
{
	struct wr_bcd_display d = {.bcd = bcd};
	struct wr_bcd_inherited in;
	struct wr_bcd_value v = {0};
	bool same = false;
	int set = wr_bcd_effective(bcd, obj, id, &in, NULL);

	if (set == 0 && wr_bcd_value_decode(in.element, &v) < 0)
		set = -1;
	if (set < 0) { /* not "(not set)": whether it is set is unknown */
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	same = set == 0 && v.valid &&
	       (boolean ? v.format == WR_BCD_FORMAT_BOOLEAN && v.boolean == (want != 0)
	                : v.format == WR_BCD_FORMAT_INTEGER && v.integer == want);
	if (report) {
		const struct wr_bcd_element_info *info = wr_bcd_element_info(obj->type, id);
		const char *name = info && !boolean ? wr_bcd_enum_value_name(info, want) : NULL;

		wr_buf_printf(report, "  %s ", wr_bcd_object_ref(&d, obj->guid));
		wr_bcd_element_name(obj, id, report);
		wr_buf_puts(report, ": ");
		if (v.format)
			wr_bcd_value_format(&d, in.source, in.element, &v, report);
		else
			wr_buf_puts(report, _("(not set)"));
		if (same)
			wr_buf_puts(report, _(" (as wanted)"));
		else if (boolean)
			wr_buf_printf(report, " -> %s", want ? "Yes" : "No");
		else if (name)
			wr_buf_printf(report, " -> %s", name);
		else
			wr_buf_printf(report, " -> %" PRIu64, want);
		wr_buf_putc(report, '\n');
	}
	wr_bcd_value_clear(&v);
	return same;
}

int wr__repair_bcd_own(const struct wr_bcd_object *obj, uint32_t id, struct wr_bcd_value *v,
                       struct wr_error *err)
{
	const struct wr_bcd_element *el = wr_bcd_object_element(obj, id);

	memset(v, 0, sizeof(*v));
	if (!el)
		return 0;
	if (wr_bcd_value_decode(el, v) < 0) { /* not "not set": that is unknown */
		wr_error_set(err, ENOMEM, _("out of memory"));
		return -1;
	}
	return 1;
}

int wr__repair_bcd_own_on(const struct wr_bcd_object *obj, uint32_t id, struct wr_error *err)
{
	struct wr_bcd_value v;
	int set = wr__repair_bcd_own(obj, id, &v, err);
	bool on = set == 1 && v.valid && v.format == WR_BCD_FORMAT_BOOLEAN && v.boolean;

	wr_bcd_value_clear(&v);
	return set < 0 ? -1 : on;
}

void wr__repair_bcd_show(const struct wr_bcd *bcd, const struct wr_bcd_object *obj, uint32_t id,
                         const char *tail, struct wr_buf *report)
{
	struct wr_bcd_display d = {.bcd = bcd};
	const struct wr_bcd_element *el = wr_bcd_object_element(obj, id);
	struct wr_bcd_value v = {0};

	wr_buf_printf(report, "  %s ", wr_bcd_object_ref(&d, obj->guid));
	wr_bcd_element_name(obj, id, report);
	wr_buf_puts(report, ": ");
	if (!el)
		wr_buf_puts(report, _("(not set)"));
	else if (wr_bcd_value_decode(el, &v) < 0)
		report->oom = true; /* wr_repair_check fails on it */
	else
		wr_bcd_value_format(&d, obj, el, &v, report);
	wr_bcd_value_clear(&v);
	wr_buf_printf(report, "%s\n", tail);
}

int wr__repair_each_loader(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                           wr__loader_step step, bool *needed, struct wr_buf *report, bool apply,
                           struct wr_error *err)
{
	struct wr_bcd *bcd = wr_bcd_load(wr_stage_hive(s, hive), err);
	const struct wr_bcd_object **loaders = NULL;
	size_t n = 0;
	int r = bcd ? wr__repair_loaders(bcd, o, &loaders, &n, err) : -1;

	for (size_t i = 0; r == 0 && i < n; i++)
		r = step(s, hive, bcd, loaders[i], needed, report, apply, err);
	free(loaders);
	wr_bcd_free(bcd);
	return r;
}
