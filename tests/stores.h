/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stores.h - test BCD stores, built at test time by our own code (demo.c + bcd-build.c). */
#ifndef WR_TEST_STORES_H
#define WR_TEST_STORES_H

#include "base/error.h"

/* {dbgsettings}' elements the BCD-Template sets. */
#define STORE_EL_DEBUGTYPE 0x15000011u
#define STORE_EL_DEBUGPORT 0x15000013u
#define STORE_EL_BAUDRATE  0x15000014u

/* An object the inherit-dangling store refers to but does not have. */
#define STORE_MISSING "{5a1e7b2c-0000-4000-8000-0000000dead0}"

/*
 * What a hostile hive puts in its text: a window title (OSC 2), a clipboard
 * write (OSC 52), a screen clear (CSI), DEL, the one-character C1 CSI
 * (U+009B), bidirectional controls (U+2066, U+200F, U+061C, U+202E) and a
 * newline that would forge a line.
 */
#define STORE_HOSTILE                                                                              \
	"\x1b]2;x\x07 \x1b]52;c;aG9zdGlsZQ==\x07 \x1b[2J \x7f \xc2\x9b"                            \
	"31m \xe2\x81\xa6\xe2\x80\x8f\xd8\x9c \xe2\x80\xae"                                        \
	"exe.txt\nforged"

/*
 * Kinds (as `mkstore KIND FILE` takes them):
 *   bios, uefi                 the demo stores
 *   safeboot-minimal           bios, default loader safeboot Minimal
 *   safeboot-network           uefi, default loader safeboot Network
 *   safeboot-inherited         bios, safeboot Minimal + safebootalternateshell on
 *                              {bootloadersettings}, which the loader inherits
 *   inherit-cycle              bios, {globalsettings} inherits {bootloadersettings}
 *   inherit-dangling           bios, the loader also inherits an object not in the store
 *   bad-elements               bios, elements of wrong length or registry type
 *   unknown-element            bios, an element id no table has
 *   hostile-text               bios, a description with terminal escapes and a
 *                              newline, a 300-byte non-GUID object reference
 *   hostile                    safeboot-minimal with STORE_HOSTILE in the
 *                              descriptions of {bootmgr} and the loader, its
 *                              path, an element key's name, an object key's
 *                              name, and a value's name and data
 *   no-bootmgr                 uefi without its {bootmgr} object
 *   system                     the demo SYSTEM hive (not a BCD store)
 *   dirty-system               the same, dirty: CrashDumpEnabled 0 is only in
 *                              FILE.LOG1 (see dirty-log.h; FILE.expected too)
 *   big-system                 the same grown past 20 MB (the console benchmark)
 *   system-dc                  system of a domain controller: ControlSet001 has
 *                              Services\NTDS\Parameters "DSA Database file"
 *   software                   the demo SOFTWARE hive
 *   bcd-template               a Windows' System32\config\BCD-Template: the
 *                              settings objects only, {dbgsettings} as
 *                              Windows 7 has it (STORE_EL_*: Serial, 1, 115200)
 * Returns 0, or -1 with `err` set (an unknown kind is EINVAL).
 */
int store_create(const char *kind, const char *path, struct wr_error *err);

/* Make the SYSTEM hive file `path` dirty as "dirty-system" is. */
int store_make_dirty(const char *path, struct wr_error *err);

#endif
