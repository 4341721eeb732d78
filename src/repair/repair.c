/* SPDX-License-Identifier: GPL-3.0-or-later */
/* repair.c - the repair table, and running a repair as a check or a transaction. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "base/i18n.h"
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

/*
 * The RDP port (catalog R-18, "Troubleshoot an RDP internal error"): back
 * to 3389 in every control set, like the other RDP-Tcp values of R-2 and
 * R-3, so that a boot on another set does not listen elsewhere again.
 */
static const struct wr_reg_want rdp_port_values[] = {
    {RDP_TCP, "PortNumber", WR_REG_WANT_DWORD(3389), WR_WANT_IF_VALUE},
};

#define FW_POLICY "Services\\SharedAccess\\Parameters\\FirewallPolicy"

/* "Disable the guest firewall": the three profiles of the control
 * set Select\Current names, as the article's PowerShell does. */
static const struct wr_reg_want firewall_off_values[] = {
    {FW_POLICY "\\DomainProfile", "EnableFirewall", WR_REG_WANT_DWORD(0), WR_WANT_ALWAYS},
    {FW_POLICY "\\PublicProfile", "EnableFirewall", WR_REG_WANT_DWORD(0), WR_WANT_ALWAYS},
    {FW_POLICY "\\StandardProfile", "EnableFirewall", WR_REG_WANT_DWORD(0), WR_WANT_ALWAYS},
};

#define FW_GPO "Policies\\Microsoft\\WindowsFirewall"

/* R-10's SOFTWARE lines: a policy's profile overrides the one above, so
 * where a policy has the profile its EnableFirewall is 0 too. */
static const struct wr_reg_want firewall_off_policy[] = {
    {FW_GPO "\\DomainProfile", "EnableFirewall", WR_REG_WANT_DWORD(0), WR_WANT_IF_KEY},
    {FW_GPO "\\PublicProfile", "EnableFirewall", WR_REG_WANT_DWORD(0), WR_WANT_IF_KEY},
    {FW_GPO "\\StandardProfile", "EnableFirewall", WR_REG_WANT_DWORD(0), WR_WANT_IF_KEY},
};

/* "Reset the RDP listener": the article's thirteen REG ADD lines in
 * every control set, with clean value names (catalog section 2.8). */
static const struct wr_reg_want listener_reset_values[] = {
    {RDP_TCP, "SecurityLayer", WR_REG_WANT_DWORD(0), WR_WANT_ALWAYS},
    {RDP_TCP, "MinEncryptionLevel", WR_REG_WANT_DWORD(1), WR_WANT_ALWAYS},
    {RDP_TCP, "fQueryUserConfigFromLocalMachine", WR_REG_WANT_DWORD(1), WR_WANT_ALWAYS},
    {RDP_TCP, "KeepAliveTimeout", WR_REG_WANT_DWORD(1), WR_WANT_ALWAYS},
    {RDP_TCP, "fInheritReconnectSame", WR_REG_WANT_DWORD(0), WR_WANT_ALWAYS},
    {RDP_TCP, "fReconnectSame", WR_REG_WANT_DWORD(1), WR_WANT_ALWAYS},
    {RDP_TCP, "fInheritMaxSessionTime", WR_REG_WANT_DWORD(1), WR_WANT_ALWAYS},
    {RDP_TCP, "fInheritMaxDisconnectionTime", WR_REG_WANT_DWORD(1), WR_WANT_ALWAYS},
    {RDP_TCP, "MaxDisconnectionTime", WR_REG_WANT_DWORD(0), WR_WANT_ALWAYS},
    {RDP_TCP, "MaxConnectionTime", WR_REG_WANT_DWORD(0), WR_WANT_ALWAYS},
    {RDP_TCP, "fInheritMaxIdleTime", WR_REG_WANT_DWORD(1), WR_WANT_ALWAYS},
    {RDP_TCP, "MaxIdleTime", WR_REG_WANT_DWORD(0), WR_WANT_ALWAYS},
    {RDP_TCP, "MaxInstanceCount", WR_REG_WANT_DWORD(0xffffffffu), WR_WANT_ALWAYS},
};

/* R-3's SOFTWARE lines, REG ADD as the article writes them. */
static const struct wr_reg_want listener_reset_policy[] = {
    {TS_POLICY, "KeepAliveEnable", WR_REG_WANT_DWORD(1), WR_WANT_ALWAYS},
    {TS_POLICY, "KeepAliveInterval", WR_REG_WANT_DWORD(1), WR_WANT_ALWAYS},
    {TS_POLICY, "fDisableAutoReconnect", WR_REG_WANT_DWORD(0), WR_WANT_ALWAYS},
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
/* A SYSTEM repair's values in the SOFTWARE hive too (from its root). */
#define POLICY(list) .policy = list, .n_policy = sizeof(list) / sizeof(list[0])

#define TERMSERVICE "Services\\TermService"
#define DHCP        "Services\\Dhcp"

/*
 * "Remote Desktop Services isn't starting" (catalog R-6), in every control
 * set where the service is.  Its first two values are what the service
 * needs to start; the third, its own process, is the article's choice: a
 * healthy Windows runs TermService in a shared svchost (Type 32).  The key
 * is never created: one with no ImagePath would be no service.
 */
static const struct wr_reg_want termservice_values[] = {
    {TERMSERVICE, "Start", WR_REG_WANT_DWORD(3), WR_WANT_IF_KEY},
    /* NT Authority\NetworkService */
    {TERMSERVICE, "ObjectName",
     WR_REG_WANT_SZ(
         "N\0T\0 \0A\0u\0t\0h\0o\0r\0i\0t\0y\0\\\0N\0e\0t\0w\0o\0r\0k\0S\0e\0r\0v\0i\0c\0e\0\0"),
     WR_WANT_IF_KEY},
    {TERMSERVICE, "Type", WR_REG_WANT_DWORD(16), WR_WANT_IF_KEY},
};

/*
 * "DHCP Client service is disabled" (catalog R-7) as win-dhcp-fix.ps1 sets
 * it, then Netlogon and NSI automatic: inferred from the online articles
 * (sc config ... start= auto), which have no offline recipe.  As for
 * TermService, the first two values are what the service needs to start.
 */
static const struct wr_reg_want dhcp_values[] = {
    {DHCP, "Start", WR_REG_WANT_DWORD(2), WR_WANT_IF_KEY},
    /* NT Authority\LocalService */
    {DHCP, "ObjectName",
     WR_REG_WANT_SZ(
         "N\0T\0 \0A\0u\0t\0h\0o\0r\0i\0t\0y\0\\\0L\0o\0c\0a\0l\0S\0e\0r\0v\0i\0c\0e\0\0"),
     WR_WANT_IF_KEY},
    {DHCP, "Type", WR_REG_WANT_DWORD(16), WR_WANT_IF_KEY},
    {"Services\\Netlogon", "Start", WR_REG_WANT_DWORD(2), WR_WANT_IF_KEY},
    {"Services\\nsi", "Start", WR_REG_WANT_DWORD(2), WR_WANT_IF_KEY},
};

/* Blocks RDP when the first `n` values of `w` (what the service needs to
 * start) are not the article's in some control set; only worth knowing
 * when the rest are not. */
static enum wr_severity service_severity(struct wr_stage *s, size_t hive,
                                         const struct wr_reg_want *w, size_t n)
{
	struct wr_error err = {0};
	bool blocks = false;

	if (wr__repair_values(s, hive, w, n, WR_VALUES_EVERY_CONTROL_SET, &blocks, NULL, false,
	                      &err) < 0)
		return WR_SEVERITY_BLOCKS_RDP; /* the check itself fails on it */
	return blocks ? WR_SEVERITY_BLOCKS_RDP : WR_SEVERITY_INFO;
}

static enum wr_severity termservice_severity(struct wr_stage *s, size_t hive,
                                             const struct wr_repair_opts *o)
{
	return service_severity(s, hive, termservice_values, 2);
}

static enum wr_severity dhcp_severity(struct wr_stage *s, size_t hive,
                                      const struct wr_repair_opts *o)
{
	return service_severity(s, hive, dhcp_values, 2);
}

/*
 * The repairs: what each fixes, from which catalog entry, and how.  A
 * registry-value repair is its values alone (checked and set by
 * wr__repair_values), with `policy` values in the session's SOFTWARE hive
 * when it has one; the others have a plan of their own.  `severity` lowers
 * a finding's when what is set may be on purpose.
 */
static const struct {
	struct wr_repair_info info;
	repair_fn run; /* NULL: the values */
	const struct wr_reg_want *values;
	size_t n_values;
	enum wr_values_where where;
	const struct wr_reg_want *policy;
	size_t n_policy;
	severity_fn severity;
	unsigned also; /* the other hives its plan reads (a DC's SYSTEM, the version in SOFTWARE) */
} repairs[WR_REPAIR_COUNT] = {
    [WR_REPAIR_SAFEBOOT] = {{"safeboot",
                             N_("the loader starts Windows in Safe Mode: no network, no RDP"),
                             "B-3", WR_KIND_BCD, WR_SEVERITY_BLOCKS_RDP, false, false},
                            wr__repair_safeboot,
                            .also = WR_KIND_BIT(WR_KIND_SYSTEM)},
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
                        wr__repair_dsrm,
                        .also = WR_KIND_BIT(WR_KIND_SYSTEM)},
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
    [WR_REPAIR_LKG] = {{"lkg",
                        N_("on request: start the Last Known Good control set (the Select "
                           "values, one more each)"),
                        "H-2", WR_KIND_SYSTEM, WR_SEVERITY_INFO, false, false, false, NULL, true},
                       wr__repair_lkg,
                       .also = WR_KIND_BIT(WR_KIND_SOFTWARE)},
    [WR_REPAIR_BOOTDRIVERS] = {{"bootdrivers",
                                N_("INACCESSIBLE_BOOT_DEVICE (0x7B): a storage driver does not "
                                   "start at boot, or a storage filter names no service"),
                                "0x7B", WR_KIND_SYSTEM, WR_SEVERITY_BLOCKS_BOOT, false, false},
                               wr__repair_bootdrivers,
                               .severity = wr__repair_bootdrivers_severity},
    [WR_REPAIR_TERMSERVICE] =
        {{"termservice",
          N_("Remote Desktop Services (TermService) not as the article sets it: on demand, as "
             "Network Service, in its own process"),
          "R-6", WR_KIND_SYSTEM, WR_SEVERITY_BLOCKS_RDP, false, false},
         NULL,
         VALUES(termservice_values, WR_VALUES_EVERY_CONTROL_SET),
         .severity = termservice_severity},
    [WR_REPAIR_DHCP] =
        {{"dhcp",
          N_("the DHCP Client service not as the article sets it: no address, no network; "
             "Netlogon and NSI automatic (inferred)"),
          "R-7", WR_KIND_SYSTEM, WR_SEVERITY_BLOCKS_RDP, false, false, false,
          N_("Netlogon and NSI Start = 2 (automatic) is inferred from the online articles "
             "(sc config NETLOGON start= auto, sc config NSI start= auto): they give no offline "
             "recipe")},
         NULL,
         VALUES(dhcp_values, WR_VALUES_EVERY_CONTROL_SET),
         .severity = dhcp_severity},
    [WR_REPAIR_CRITICAL_SERVICE] =
        {{"critical-service",
          N_("the Azure VM agent (RDAgent) or an Azure Backup service stops the boot when it "
             "fails to start (ErrorControl 2 or 3): a reboot loop"),
          "R-11", WR_KIND_SYSTEM, WR_SEVERITY_RISK, false, false},
         wr__repair_critical_service},
    [WR_REPAIR_DISABLE_SERVICE] = {{"disable-service",
                                    N_("on request: disable the service or driver --name names "
                                       "(Start = 4) in every control set"),
                                    "R-12", WR_KIND_SYSTEM, WR_SEVERITY_INFO, false, false, false,
                                    NULL, true},
                                   wr__repair_disable_service},
    [WR_REPAIR_RDP_PORT] =
        {{"rdp-port", N_("Remote Desktop listens on a port other than 3389"), "R-18",
          WR_KIND_SYSTEM, WR_SEVERITY_BLOCKS_RDP, false, false, false,
          N_("if the port was changed on purpose, open it instead of repairing: the inbound "
             "rule of the network security group (or cloud firewall) and the guest firewall's "
             "Remote Desktop rule must name that port")},
         NULL,
         VALUES(rdp_port_values, WR_VALUES_EVERY_CONTROL_SET)},
    [WR_REPAIR_FIREWALL] = {{"firewall",
                             N_("the guest firewall blocks Remote Desktop: its rule is off, or "
                                "all incoming connections are blocked"),
                             "R-8", WR_KIND_SYSTEM, WR_SEVERITY_BLOCKS_RDP, true, false},
                            wr__repair_firewall},
    [WR_REPAIR_FIREWALL_OFF] =
        {{"firewall-off",
          N_("on request: turn the guest firewall off in its three profiles, as a temporary "
             "workaround"),
          "R-10", WR_KIND_SYSTEM, WR_SEVERITY_INFO, true, false, false,
          N_("a workaround only: keep the firewall on once the machine is reachable (winrescue "
             "undo); a domain policy turns it on again at its next refresh. The SOFTWARE "
             "policy profiles (Policies\\Microsoft\\WindowsFirewall) are changed only when "
             "the SOFTWARE hive is loaded (a disk, or --software)"),
          true},
         NULL,
         VALUES(firewall_off_values, WR_VALUES_CURRENT_SET),
         POLICY(firewall_off_policy)},
    [WR_REPAIR_LISTENER_RESET] =
        {{"listener-reset",
          N_("on request: reset the RDP listener (RDP-Tcp) to the article's settings, for "
             "frequent disconnects"),
          "R-3", WR_KIND_SYSTEM, WR_SEVERITY_INFO, true, false, false,
          N_("temporary: SecurityLayer 0 drops TLS for RDP's own encryption and "
             "MinEncryptionLevel 1 is the lowest; undo it once the machine is reachable. The "
             "SOFTWARE policy values (KeepAliveEnable, KeepAliveInterval, "
             "fDisableAutoReconnect) are set only when the SOFTWARE hive is loaded (a disk, "
             "or --software)"),
          true},
         NULL,
         VALUES(listener_reset_values, WR_VALUES_EVERY_CONTROL_SET),
         POLICY(listener_reset_policy)},
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
        {
            {"rdp-cert",
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
        {
            {"profile-bak",
             N_("on request: a user's ProfileList\\SID.bak key removed (a temporary profile at "
                "logon, event 1511); without --sid, the .bak keys listed"),
             "R-14", WR_KIND_SOFTWARE, WR_SEVERITY_INFO, false, false, false,
             N_("pick the user by the folder listed; winrescue undo puts the key back"), true},
            wr__repair_profile_bak},
    [WR_REPAIR_DRIVER_SUSPECTS] =
        {
            {"driver-suspects",
             N_("drivers that did not come with Windows start at boot: the usual suspects when "
                "it stopped starting after a change"),
             "R-12", WR_KIND_SYSTEM, WR_SEVERITY_INFO, false, false, true,
             N_("if Windows stopped starting after one of these was installed or updated, disable "
                "it: winrescue repair disable-service --name NAME (winrescue undo starts it "
                "again)")},
            wr__repair_driver_suspects},
    [WR_REPAIR_REBUILD] = {{"rebuild",
                            N_("on request: rebuild the store as bcdboot does: each Windows' "
                               "loader, the boot manager and the settings objects"),
                            "B-1", WR_KIND_BCD, WR_SEVERITY_BLOCKS_BOOT, false, true, false, NULL,
                            true},
                           wr__repair_rebuild},
    [WR_REPAIR_STORE] = {{"store",
                          N_("the boot store cannot be read: Windows stops with 0xc000000f or "
                             "0xc0000034"),
                          "B-1", WR_KIND_BCD, WR_SEVERITY_BLOCKS_BOOT, false, false, true,
                          N_("the rebuild keeps the old file as a backup, and winrescue undo "
                             "puts it back"),
                          .fixed_by = "rebuild"},
                         wr__repair_store},
    [WR_REPAIR_LOADERS] = {{"loaders",
                            N_("a Windows installation on the disk has no loader in the store: "
                               "nothing starts it"),
                            "B-1", WR_KIND_BCD, WR_SEVERITY_BLOCKS_BOOT, false, true, true,
                            N_("with --windows PART the rebuild adds that installation's "
                               "loader alone"),
                            .fixed_by = "rebuild"},
                           wr__repair_windows_loaders,
                           .severity = wr__repair_windows_loaders_severity},
    [WR_REPAIR_BOOT_FILES] =
        {
            {"boot-files",
             N_("the boot manager's file is missing beside the store: \"BOOTMGR is missing\" or "
                "0xc000000f"),
             "B-1", WR_KIND_BCD, WR_SEVERITY_BLOCKS_BOOT, false, true, true,
             N_("the rebuild copies them from the Windows partition as bcdboot does: "
                "Windows\\Boot\\PCAT\\bootmgr to the root of the store's partition (BIOS); "
                "Windows\\Boot\\EFI\\bootmgfw.efi to EFI\\Microsoft\\Boot and, as the "
                "fallback, to EFI\\Boot\\bootx64.efi (UEFI)"),
             .fixed_by = "rebuild"},
            wr__repair_boot_files,
            .severity = wr__repair_boot_files_severity},
    [WR_REPAIR_ACTIVE] =
        {
            {"active",
             N_("the store's partition is not the active one of its MBR disk: BIOS starts "
                "another partition, or nothing (\"An operating system wasn't found\")"),
             "P-1", WR_KIND_BCD, WR_SEVERITY_BLOCKS_BOOT, false, true, true,
             N_("BIOS (a Generation 1 VM) starts the partition marked active; leave another "
                "one active when its boot manager is there on purpose. By hand: diskpart's "
                "select partition N, then active; from Linux: sfdisk --activate DISK N"),
             .fixed_by = "rebuild"},
            wr__repair_active,
            .severity = wr__repair_active_severity},
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
	*o = (struct wr_repair_opts){.port = 1,
	                             .baud = 115200,
	                             .dump_type = WR_DUMP_COMPLETE,
	                             .system_hive = -1,
	                             .software_hive = -1,
	                             .firmware = -1};
}

const char *wr_severity_name(enum wr_severity sev)
{
	return severity_names[sev];
}

const struct wr_repair_info *wr_repair_info(enum wr_repair_kind kind)
{
	return &repairs[kind].info;
}

bool wr_repair_fixer(enum wr_repair_kind kind, enum wr_repair_kind *fixer)
{
	const struct wr_repair_info *info = wr_repair_info(kind);

	*fixer = kind;
	return !info->report_only ||
	       (info->fixed_by && wr_repair_by_name(info->fixed_by, fixer) == 0);
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

unsigned wr_repair_hives_read(enum wr_repair_kind kind)
{
	return WR_KIND_BIT(repairs[kind].info.hive) | repairs[kind].also |
	       (repairs[kind].n_policy ? WR_KIND_BIT(WR_KIND_SOFTWARE) : 0);
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
	if (wr__repair_values(s, hive, repairs[kind].values, repairs[kind].n_values,
	                      repairs[kind].where, needed, report, apply, err) < 0)
		return -1;
	if (!repairs[kind].n_policy || o->software_hive < 0)
		return 0;
	return wr__repair_values(s, (size_t)o->software_hive, repairs[kind].policy,
	                         repairs[kind].n_policy, WR_VALUES_AT_ROOT, needed, report, apply,
	                         err);
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
