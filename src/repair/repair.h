/* SPDX-License-Identifier: GPL-3.0-or-later */
/* repair.h - the article family's repairs, one table: each a check and a transaction. */
#ifndef WR_REPAIR_H
#define WR_REPAIR_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/error.h"
#include "bcd/bcd.h"
#include "disk/disk.h"
#include "txn/txn.h"

enum wr_repair_kind {
	WR_REPAIR_SAFEBOOT,  /* remove safeboot / safebootalternateshell (BCD) */
	WR_REPAIR_SERIAL,    /* serial console and EMS (BCD) */
	WR_REPAIR_CRASHDUMP, /* CrashControl in every control set (SYSTEM) */
	WR_REPAIR_RECOVERY, /* no automatic repair loop: recoveryenabled No, IgnoreAllFailures (BCD)
	                     */
	WR_REPAIR_RDP,      /* Remote Desktop allowed, TermService startable (SYSTEM) */
	WR_REPAIR_DEVICES,  /* device and osdevice on the partitions they boot from (BCD) */
	WR_REPAIR_RDP_POLICY, /* the Remote Desktop policy value no longer denies it (SOFTWARE) */
	WR_REPAIR_BOOTMENU,   /* a boot menu that waits: {bootmgr} timeout 5 (BCD) */
	WR_REPAIR_BADMEMORY,  /* {badmemory} badmemorylist removed (BCD) */
	WR_REPAIR_DEBUGFLAGS, /* the debugging settings of a boot analysis reverted (BCD) */
	WR_REPAIR_IMC,        /* imcdevice / imchivename removed from the loader (BCD) */
	WR_REPAIR_BOOTMGR,    /* a missing {bootmgr} recreated (BCD) */
	WR_REPAIR_DSRM,       /* a domain controller's loader in Directory Services Restore Mode */
	WR_REPAIR_DEFAULT, /* report: {bootmgr} default is a Windows loader that is there (BCD) */
	WR_REPAIR_DISPLAYORDER,   /* report: the boot menu names objects that are there (BCD) */
	WR_REPAIR_DUPLICATE_DISK, /* report: no other disk with the store's disk's identity (BCD) */
	WR_REPAIR_LOADER_FILES,   /* report: each loader's winload and \\Windows are there (BCD) */
	WR_REPAIR_LKG,            /* on request: start the Last Known Good control set (SYSTEM) */
	WR_REPAIR_BOOTDRIVERS,    /* 0x7B: storage drivers start at boot, no dangling filter */
	WR_REPAIR_TERMSERVICE,    /* TermService Start, ObjectName, Type as the article sets them */
	WR_REPAIR_DHCP,           /* the DHCP Client service as the article sets it (SYSTEM) */
	WR_REPAIR_CRITICAL_SERVICE, /* RDAgent, AzureWLBackup*: ErrorControl 2 or 3 -> 1 (SYSTEM) */
	WR_REPAIR_DISABLE_SERVICE, /* on request: Start = 4 for the service --name names (SYSTEM) */
	WR_REPAIR_RDP_PORT,        /* RDP-Tcp PortNumber back to 3389 (SYSTEM) */
	WR_REPAIR_FIREWALL,        /* the RDP firewall rule on, "block all incoming" off (SYSTEM) */
	WR_REPAIR_FIREWALL_OFF,    /* on request: the guest firewall off, temporarily (SYSTEM) */
	WR_REPAIR_LISTENER_RESET,  /* on request: the RDP listener's settings reset (SYSTEM) */
	WR_REPAIR_TLS,             /* the RDP server's TLS 1.2 (1.0, 1.1 on request) on (SYSTEM) */
	WR_REPAIR_CREDSSP,         /* on request: CredSSP accepts unpatched peers (SOFTWARE) */
	WR_REPAIR_CLEANUPPROFILES, /* the CleanupProfiles policy removed (SOFTWARE) */
	WR_REPAIR_NLA,             /* on request: NLA off, the listener's security eased (SYSTEM) */
	WR_REPAIR_RDP_CERT,        /* report: the listener names its own certificate (SYSTEM) */
	WR_REPAIR_PROFILE_BAK,     /* on request: a profile's SID.bak key removed (SOFTWARE) */
	WR_REPAIR_DRIVER_SUSPECTS, /* report: drivers not Windows' own that start at boot (SYSTEM)
	                            */
	WR_REPAIR_REBUILD,         /* on request: bcdboot: loaders, {bootmgr}, settings (BCD) */
	WR_REPAIR_STORE,           /* report: the boot store reads as a hive (BCD) */
	WR_REPAIR_LOADERS,         /* report: each Windows of the store's disk has a loader (BCD) */
	WR_REPAIR_BOOT_FILES,      /* report: bootmgr / bootmgfw.efi beside the store (BCD) */
	WR_REPAIR_ACTIVE,          /* report: MBR and BIOS: the store's partition is active (BCD) */
	WR_REPAIR_COUNT,
};

/* How much what a repair fixes matters, most serious first. */
enum wr_severity {
	WR_SEVERITY_BLOCKS_BOOT, /* Windows does not start */
	WR_SEVERITY_BLOCKS_RDP,  /* it starts, but no one can log on remotely */
	WR_SEVERITY_RISK,        /* it may fail to start, or leaves nothing to diagnose */
	WR_SEVERITY_INFO,        /* worth knowing */
};
const char *wr_severity_name(enum wr_severity sev); /* "blocks-boot" */

/* What the repair table says of a repair, or of a check that only reports. */
struct wr_repair_info {
	const char *name;          /* "safeboot" */
	const char *title;         /* what it fixes, in English (N_): translate with _() */
	const char *catalog;       /* its entry in the repair catalog, "B-3" */
	enum wr_hive_kind hive;    /* the hive it works on */
	enum wr_severity severity; /* of what it fixes, when needed (see wr_repair_severity) */
	bool weakens_security;     /* it opens a way in: say so, and keep it revertible */
	bool needs_disks;          /* its check needs the disks, not a hive file alone */
	bool report_only;          /* a check with no transaction: `advice` is the fix */
	const char *advice;        /* N_(): what only the user can do about it, or NULL */
	bool on_request;           /* an action people ask for, not a fault: diagnose skips it */
	const char *fixed_by;      /* a check only: the repair that fixes what it finds, or NULL */
};
const struct wr_repair_info *wr_repair_info(enum wr_repair_kind kind);
/* The repair that fixes what `kind` finds: itself, or the one a check that
 * only reports names (rebuild for an unreadable store); false when only
 * the user can act (`advice`). */
bool wr_repair_fixer(enum wr_repair_kind kind, enum wr_repair_kind *fixer);

/* CrashDumpEnabled values. */
enum wr_dump_type {
	WR_DUMP_COMPLETE = 1,
	WR_DUMP_KERNEL = 2,
	WR_DUMP_SMALL = 3,
	WR_DUMP_AUTOMATIC = 7,
};

struct wr_repair_opts {
	const char *loader; /* the loader to repair; NULL: {default} */
	bool all_loaders;   /* safeboot: every OS loader in the store */
	unsigned port;      /* serial: COM port number (1) */
	unsigned baud;      /* serial: 115200 */
	enum wr_dump_type dump_type;
	/* devices: the attached disks and the partition the store is on
	 * (wr_session_repair_place); NULL for a store file, which the repair
	 * then cannot check. */
	const struct wr_inventory *inv;
	const struct wr_part *store_part;
	bool store_uefi; /* on a disk: the store is \EFI\Microsoft\Boot\BCD, not \Boot\BCD */
	/* dsrm, safeboot: the stage index of the session's SYSTEM hive, which
	 * says whether Windows is a domain controller; -1 when there is none. */
	int system_hive;
	/* lkg: the stage index of the session's SOFTWARE hive, which says the
	 * Windows version; -1 when there is none. */
	int software_hive;
	/* loader-files: the launched session the inventory was read in, to look
	 * at files on the partitions (read-only); NULL for a store file. */
	struct wr_guest *guest;
	/* disable-service: the service or driver to disable, and whether a
	 * boot-critical one may be. */
	const char *service;
	bool force;
	bool tls_old;            /* tls: TLS 1.0 and 1.1 too (weakens security) */
	const char *profile_sid; /* profile-bak: the SID whose .bak key goes; NULL: list them */
	/* rebuild: the partition of the Windows to boot (its name, as `disks`
	 * lists it; NULL: every one on the store's disk), and the firmware
	 * (enum wr_firmware; -1: from the partition table, GPT is UEFI). */
	const char *windows;
	int firmware;
	/* store: why the boot store this one stands in for cannot be read (the
	 * session loaded a new, empty store in its place), or NULL. */
	const char *store_unreadable;
	/* rebuild: the store is a new one that replaces the file whole. */
	bool store_replaced;
	bool store_created; /* ... where there was no store at all */
};

/* The article's choices: {default}, COM1 at 115200, complete dumps; no
 * disks, no SYSTEM hive. */
void wr_repair_opts_default(struct wr_repair_opts *o);

const char *wr_repair_name(enum wr_repair_kind kind); /* "safeboot" */
int wr_repair_by_name(const char *name, enum wr_repair_kind *out);
/* The hive a repair works on. */
enum wr_hive_kind wr_repair_hive_kind(enum wr_repair_kind kind);
/* Every hive it reads or writes (WR_KIND_BIT): given disks, the ones to
 * load for it. */
unsigned wr_repair_hives_read(enum wr_repair_kind kind);
/* "complete" -> WR_DUMP_COMPLETE; -1 for an unknown name. */
int wr_dump_type_by_name(const char *name);

/*
 * Look at hive `hive` of `s` as it is now (staged edits included): set
 * *needed, and append one line per finding to `report` (what is set, where
 * it comes from, what it should be).  Fails when the hive cannot be read as
 * the repair needs (no default loader, no control set ...), or when memory
 * runs out (ENOMEM), the report included.
 */
int wr_repair_check(enum wr_repair_kind kind, struct wr_stage *s, size_t hive,
                    const struct wr_repair_opts *o, bool *needed, struct wr_buf *report,
                    struct wr_error *err);

/* How serious a needed repair's finding is on hive `hive` as it is now:
 * the table's, or less when what is set may be on purpose. */
enum wr_severity wr_repair_severity(enum wr_repair_kind kind, struct wr_stage *s, size_t hive,
                                    const struct wr_repair_opts *o);

/* Stage the repair as one transaction named after it.  Returns 1 when there
 * was nothing to change (no transaction is kept); fails for a check that
 * only reports, with its advice. */
int wr_repair_stage(enum wr_repair_kind kind, struct wr_stage *s, size_t hive,
                    const struct wr_repair_opts *o, struct wr_error *err);

#endif
