/* SPDX-License-Identifier: GPL-3.0-or-later */
/* internal.h - what the repairs share inside the repair module: each repair's plan and the checks
 * they have in common. */
#ifndef WR_REPAIR_INTERNAL_H
#define WR_REPAIR_INTERNAL_H

#include "repair.h"

/* One repair's plan: the check and the edits, shared by both entry points. */
int wr__repair_safeboot(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                        bool *needed, struct wr_buf *report, bool apply, struct wr_error *err);
int wr__repair_serial(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o, bool *needed,
                      struct wr_buf *report, bool apply, struct wr_error *err);
int wr__repair_crashdump(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                         bool *needed, struct wr_buf *report, bool apply, struct wr_error *err);
int wr__repair_recovery(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                        bool *needed, struct wr_buf *report, bool apply, struct wr_error *err);
int wr__repair_devices(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                       bool *needed, struct wr_buf *report, bool apply, struct wr_error *err);
int wr__repair_bootmenu(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                        bool *needed, struct wr_buf *report, bool apply, struct wr_error *err);
int wr__repair_badmemory(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                         bool *needed, struct wr_buf *report, bool apply, struct wr_error *err);
int wr__repair_debugflags(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                          bool *needed, struct wr_buf *report, bool apply, struct wr_error *err);
/* Risk when debugging was switched on, info for one setting on its own. */
enum wr_severity wr__repair_debugflags_severity(struct wr_stage *s, size_t hive,
                                                const struct wr_repair_opts *o);
int wr__repair_imc(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o, bool *needed,
                   struct wr_buf *report, bool apply, struct wr_error *err);
int wr__repair_bootmgr(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                       bool *needed, struct wr_buf *report, bool apply, struct wr_error *err);
/* bootmgr's finding blocks the boot only where a loader is there to boot. */
enum wr_severity wr__repair_bootmgr_severity(struct wr_stage *s, size_t hive,
                                             const struct wr_repair_opts *o);
/* Whether `loader` starts Windows installation `w` of o->inv (rebuild.c):
 * its osdevice is w's partition (`boot` counts as the store's own), its
 * systemroot w's, in any case.  -1 on ENOMEM. */
int wr__repair_loader_starts(const struct wr_bcd_object *loader, const struct wr_windows *w,
                             const struct wr_repair_opts *o);
/* Every Windows installation of the store's disk has a loader (loaders.c). */
int wr__repair_windows_loaders(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                               bool *needed, struct wr_buf *report, bool apply,
                               struct wr_error *err);
enum wr_severity wr__repair_windows_loaders_severity(struct wr_stage *s, size_t hive,
                                                     const struct wr_repair_opts *o);
/* The boot manager's files beside the store (boot-files.c). */
int wr__repair_boot_files(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                          bool *needed, struct wr_buf *report, bool apply, struct wr_error *err);
enum wr_severity wr__repair_boot_files_severity(struct wr_stage *s, size_t hive,
                                                const struct wr_repair_opts *o);
/* On an MBR disk read as BIOS, the store's partition is the active one
 * (active.c). */
int wr__repair_active(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o, bool *needed,
                      struct wr_buf *report, bool apply, struct wr_error *err);
enum wr_severity wr__repair_active_severity(struct wr_stage *s, size_t hive,
                                            const struct wr_repair_opts *o);
/* A boot store that cannot be read (store.c): rebuild replaces it. */
int wr__repair_store(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o, bool *needed,
                     struct wr_buf *report, bool apply, struct wr_error *err);
/* bcdboot on the store (rebuild.c): needs the disks. */
int wr__repair_rebuild(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                       bool *needed, struct wr_buf *report, bool apply, struct wr_error *err);
/* rebuild's boot files (rebuild-files.c): from Windows installation `w`'s
 * Windows\Boot to the store's partition, as firmware `fw` needs them,
 * each staged as a copy (apply) where it is missing or different; one
 * report line each. */
int wr__rebuild_boot_files(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                           const struct wr_windows *w, enum wr_firmware fw, bool apply,
                           bool *needed, struct wr_buf *report, struct wr_error *err);
/* ... and the store's partition made the active one, on BIOS and an MBR
 * disk where it is not (rebuild-active.c). */
int wr__rebuild_active(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                       enum wr_firmware fw, bool apply, bool *needed, struct wr_buf *report,
                       struct wr_error *err);
int wr__repair_dsrm(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o, bool *needed,
                    struct wr_buf *report, bool apply, struct wr_error *err);

/* The partition device element naming `p`, by its disk's identity
 * (devices.c); fails when the disk has none a device can name. */
int wr__repair_device_for(const struct wr_inventory *inv, const struct wr_part *p,
                          uint8_t out[WR_BCD_DEVICE_SIZE], struct wr_error *err);

/* Whether the SYSTEM hive o->system_hive says Windows is a domain
 * controller (dsrm.c): 1 when its current control set has an NTDS database,
 * 0 when not or when there is no SYSTEM hive, -1 when it cannot be read.
 * With `report`, one line per NTDS path. */
int wr__repair_ntds(struct wr_stage *s, const struct wr_repair_opts *o, struct wr_buf *report,
                    struct wr_error *err);
/* Checks that only report (apply is never true). */
int wr__repair_default(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                       bool *needed, struct wr_buf *report, bool apply, struct wr_error *err);
enum wr_severity wr__repair_default_severity(struct wr_stage *s, size_t hive,
                                             const struct wr_repair_opts *o);
int wr__repair_displayorder(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                            bool *needed, struct wr_buf *report, bool apply, struct wr_error *err);
int wr__repair_duplicate_disk(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                              bool *needed, struct wr_buf *report, bool apply,
                              struct wr_error *err);
int wr__repair_loader_files(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                            bool *needed, struct wr_buf *report, bool apply, struct wr_error *err);
enum wr_severity wr__repair_loader_files_severity(struct wr_stage *s, size_t hive,
                                                  const struct wr_repair_opts *o);
int wr__repair_firewall(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                        bool *needed, struct wr_buf *report, bool apply, struct wr_error *err);

int wr__repair_critical_service(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                                bool *needed, struct wr_buf *report, bool apply,
                                struct wr_error *err);
int wr__repair_disable_service(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                               bool *needed, struct wr_buf *report, bool apply,
                               struct wr_error *err);
/* TLS for the RDP server (tls.c): blocks RDP where TLS 1.2 is switched off. */
int wr__repair_tls(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o, bool *needed,
                   struct wr_buf *report, bool apply, struct wr_error *err);
enum wr_severity wr__repair_tls_severity(struct wr_stage *s, size_t hive,
                                         const struct wr_repair_opts *o);

/* Call `fn` for each ControlSetNNN key of SYSTEM hive `h` (control-sets.c),
 * with its name; stops at the first non-zero return and returns it. */
typedef int (*wr__set_fn)(struct wr_hive *h, const char *set, void *ctx, struct wr_error *err);
int wr__repair_each_set(struct wr_hive *h, wr__set_fn fn, void *ctx, struct wr_error *err);
/* Value `name` of `key` (from the root) as a DWORD: true when it is one;
 * a missing or unreadable value is false. */
bool wr__repair_read_dword(struct wr_hive *h, const char *key, const char *name, uint32_t *out);
/* NLA off and the listener's security eased, on request (nla.c). */
int wr__repair_nla(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o, bool *needed,
                   struct wr_buf *report, bool apply, struct wr_error *err);
/* ProfileList's .bak keys listed, the one o->profile_sid names removed
 * (profile-bak.c). */
int wr__repair_profile_bak(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                           bool *needed, struct wr_buf *report, bool apply, struct wr_error *err);

/* When a wanted value is written, as the article's REG line does it. */
enum wr_want_when {
	WR_WANT_ALWAYS,   /* REG ADD: created, with its key, when missing */
	WR_WANT_IF_KEY,   /* the article edits a key that is there: none, not applicable */
	WR_WANT_IF_VALUE, /* only a value that is there and wrong is corrected */
	WR_WANT_ABSENT,   /* REG DELETE /v: removed when there (`v` unused) */
};

/* A value wanted in `key` (below the control set, or from the root). */
struct wr_reg_want {
	const char *key, *name;
	struct wr_value v;
	enum wr_want_when when;
};
/* A REG_DWORD for a wr_reg_want. */
#define WR_REG_WANT_DWORD(n)                                                                       \
	{                                                                                          \
		WR_REG_DWORD, 4, (uint8_t[4])                                                      \
		{                                                                                  \
			(n) & 0xff, ((n) >> 8) & 0xff, ((n) >> 16) & 0xff, ((n) >> 24) & 0xff      \
		}                                                                                  \
	}

/* A REG_SZ for a wr_reg_want, from its UTF-16LE bytes written out with
 * the first byte of the NUL: "N\0T\0\0" is "NT" (the literal's own NUL
 * ends it). */
#define WR_REG_WANT_SZ(utf16le)                                                                    \
	{                                                                                          \
		WR_REG_SZ, sizeof(utf16le), (uint8_t *)(utf16le)                                   \
	}

/* Where the keys of a value repair are (catalog section 2.5). */
enum wr_values_where {
	WR_VALUES_AT_ROOT,           /* from the hive's root (SOFTWARE) */
	WR_VALUES_EVERY_CONTROL_SET, /* "ControlSet001 and ControlSet002": every ControlSetNNN */
	WR_VALUES_CURRENT_SET,       /* the control set Select\Current names */
};

/* The values `w`, their keys where `where` says; a control set is never
 * created. */
int wr__repair_values(struct wr_stage *s, size_t hive, const struct wr_reg_want *w, size_t n,
                      enum wr_values_where where, bool *needed, struct wr_buf *report, bool apply,
                      struct wr_error *err);

/* "ControlSet001": the sets Windows keeps; CurrentControlSet is a link
 * that only exists on a running system.  Never create one. */
bool wr__repair_is_control_set(const char *name);

/* "ControlSet001": the control set Select\Current of SYSTEM hive `h` names;
 * 1 when the hive has no such value, -1 on failure. */
int wr__repair_current_set(struct wr_hive *h, char out[16], struct wr_error *err);
/* The same, and the hive must have that control set: 0, or -1 with one
 * line saying it has not. */
int wr__repair_current_set_there(struct wr_hive *h, char out[16], struct wr_error *err);

/* Whether `obj` gets `want` for element `id` (its own or inherited): 1 or
 * 0, with one report line either way ("{bootmgr} timeout: 30 -> 5"); -1
 * (ENOMEM) when the store could not be read for it. */
int wr__repair_bcd_has(const struct wr_bcd *bcd, const struct wr_bcd_object *obj, uint32_t id,
                       bool boolean, uint64_t want, struct wr_buf *report, struct wr_error *err);

/* Element `id` of `obj` itself (not inherited), decoded into *v: 1 when
 * it is set (clear `v` after), 0 when not, -1 (ENOMEM) when it could not
 * be decoded. */
int wr__repair_bcd_own(const struct wr_bcd_object *obj, uint32_t id, struct wr_bcd_value *v,
                       struct wr_error *err);
/* Whether element `id` of `obj` itself is a boolean set to yes: 1, 0 or -1. */
int wr__repair_bcd_own_on(const struct wr_bcd_object *obj, uint32_t id, struct wr_error *err);
/* One report line for element `id` of `obj` itself, as read, then `tail`:
 * "  {bootmgr} timeout: 30 -> 5". */
void wr__repair_bcd_show(const struct wr_bcd *bcd, const struct wr_bcd_object *obj, uint32_t id,
                         const char *tail, struct wr_buf *report);

/* What a BCD repair does to one loader: its check, and its edits when
 * `apply`. */
typedef int (*wr__loader_step)(struct wr_stage *s, size_t hive, const struct wr_bcd *bcd,
                               const struct wr_bcd_object *loader, bool *needed,
                               struct wr_buf *report, bool apply, struct wr_error *err);
/* Load the store of hive `hive` and run `step` on each loader the options
 * choose (wr__repair_loaders). */
int wr__repair_each_loader(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                           wr__loader_step step, bool *needed, struct wr_buf *report, bool apply,
                           struct wr_error *err);

/* The loaders a BCD repair works on: --loader, every OS loader, or {default}.
 * *out is malloc'd. */
int wr__repair_loaders(const struct wr_bcd *bcd, const struct wr_repair_opts *o,
                       const struct wr_bcd_object ***out, size_t *n, struct wr_error *err);

/* A check that only reports (driver-suspects.c, catalog R-12): the drivers
 * not Windows' own that start at boot, newest first. */
int wr__repair_driver_suspects(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                               bool *needed, struct wr_buf *report, bool apply,
                               struct wr_error *err);

/* On request: start the Last Known Good control set (lkg.c, catalog H-2). */
int wr__repair_lkg(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o, bool *needed,
                   struct wr_buf *report, bool apply, struct wr_error *err);
/* INACCESSIBLE_BOOT_DEVICE (bootdrivers.c): boot-start storage drivers,
 * no dangling storage class filter. */
int wr__repair_bootdrivers(struct wr_stage *s, size_t hive, const struct wr_repair_opts *o,
                           bool *needed, struct wr_buf *report, bool apply, struct wr_error *err);
enum wr_severity wr__repair_bootdrivers_severity(struct wr_stage *s, size_t hive,
                                                 const struct wr_repair_opts *o);

#endif
