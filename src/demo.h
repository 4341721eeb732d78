/* SPDX-License-Identifier: GPL-3.0-or-later */
/* demo.h - the built-in demo BCD stores (BIOS/MBR and UEFI/GPT), made by our own code. */
#ifndef WR_DEMO_H
#define WR_DEMO_H

#include "error.h"
#include "hive.h"

enum wr_demo_layout {
	WR_DEMO_BIOS, /* System Reserved + Windows on an MBR disk */
	WR_DEMO_UEFI, /* ESP + MSR + Windows on a GPT disk */
};

/* The demo disk's identity, which the device elements refer to. */
#define WR_DEMO_MBR_SIGNATURE      0x5a1e7b2cu
#define WR_DEMO_MBR_SYSTEM_OFFSET  0x100000ull  /* System Reserved at 1 MiB */
#define WR_DEMO_MBR_WINDOWS_OFFSET 0x2100000ull /* Windows after 32 MiB of System Reserved */
#define WR_DEMO_GPT_DISK           "{6b1f3c2a-9d4e-4c7b-8a51-2e0f5d9c3b71}"
#define WR_DEMO_GPT_ESP            "{0c7e9a41-3f25-4d8b-b6a2-91d4e5f7a803}"
#define WR_DEMO_GPT_WINDOWS        "{a3d58e12-6b0c-4f97-8e24-5c1b7d9f0e46}"

/* The default loader and its resume object. */
#define WR_DEMO_LOADER "{3f0b9a52-7c1d-11ee-b962-0242ac120002}"
#define WR_DEMO_RESUME "{3f0b9a51-7c1d-11ee-b962-0242ac120002}"

/*
 * Write a realistic store to `path` (which must not exist): {bootmgr} (and
 * {fwbootmgr} on UEFI), a "Windows Server 2022" loader whose device and
 * osdevice point at the Windows partition, its resume object, {memdiag},
 * and the standard settings objects with their inherit chains.
 */
int wr_demo_bcd_create(const char *path, enum wr_demo_layout layout, struct wr_error *err);

/* Add the demo objects to a store begun with wr_bcd_store_begin. */
int wr_demo_bcd_fill(struct wr_hive *hive, enum wr_demo_layout layout, struct wr_error *err);

#endif
