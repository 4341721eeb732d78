/* SPDX-License-Identifier: GPL-3.0-or-later */
/* demo-hives.c - the demo Windows installation's SYSTEM and SOFTWARE hives. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/guid.h"
#include "base/le.h"
#include "disk.h"
#include "hive/hive.h"

/* A new hive at `path` built by `fill`, never half-written. */
static int build_hive(const char *path, const char *root,
                      int (*fill)(struct wr_hive *, enum wr_demo_layout, struct wr_error *),
                      enum wr_demo_layout layout, struct wr_error *err)
{
	struct wr_hive *h = wr_hive_begin_new(path, root, 5, err);

	return h ? wr_hive_end_new(h, path, fill(h, layout, err) == 0, err) : -1;
}

/* Open (creating) the key at `path` below the root. */
static int key(struct wr_hive *h, const char *path, wr_node *out, struct wr_error *err)
{
	char copy[512], *save = NULL;
	wr_node node = wr_hive_root(h);

	snprintf(copy, sizeof(copy), "%s", path);
	for (char *p = strtok_r(copy, "\\", &save); p; p = strtok_r(NULL, "\\", &save))
		if (wr_hive_add_key(h, node, p, &node, err) < 0)
			return -1;
	*out = node;
	return 0;
}

/* CrashControl as a fresh Windows Server install has it (kernel dumps). */
static int crash_control(struct wr_hive *h, const char *set, struct wr_error *err)
{
	char path[128];
	wr_node k;

	snprintf(path, sizeof(path), "%s\\Control\\CrashControl", set);
	return key(h, path, &k, err) || wr_hive_set_dword(h, k, "CrashDumpEnabled", 2, err) ||
	               wr_hive_set_dword(h, k, "AutoReboot", 1, err) ||
	               wr_hive_set_string(h, k, "DumpFile", WR_REG_EXPAND_SZ,
	                                  "%SystemRoot%\\MEMORY.DMP", err) ||
	               wr_hive_set_dword(h, k, "Overwrite", 1, err)
	           ? -1
	           : 0;
}

/* \DosDevices\C: as Windows records it: MBR signature and byte offset, or
 * "DMIO:ID:" and the GPT partition GUID. */
static int mounted_devices(struct wr_hive *h, enum wr_demo_layout layout, struct wr_error *err)
{
	uint8_t blob[24];
	size_t len;
	wr_node k;

	if (layout == WR_DEMO_BIOS) {
		wr_put_le(blob, WR_DEMO_MBR_SIGNATURE, 4);
		wr_put_le(blob + 4, WR_DEMO_MBR_WINDOWS_OFFSET, 8);
		len = 12;
	} else {
		memcpy(blob, "DMIO:ID:", 8);
		wr_guid_parse(WR_DEMO_GPT_WINDOWS, blob + 8);
		len = 24;
	}
	if (key(h, "MountedDevices", &k, err) < 0)
		return -1;
	return wr_hive_set_value(h, k, "\\DosDevices\\C:", WR_REG_BINARY, blob, len, err);
}

static int fill_system(struct wr_hive *h, enum wr_demo_layout layout, struct wr_error *err)
{
	wr_node k;

	if (key(h, "Select", &k, err) || wr_hive_set_dword(h, k, "Current", 1, err) ||
	    wr_hive_set_dword(h, k, "Default", 1, err) ||
	    wr_hive_set_dword(h, k, "Failed", 0, err) ||
	    wr_hive_set_dword(h, k, "LastKnownGood", 2, err))
		return -1;
	if (key(h, "ControlSet001\\Control\\ComputerName\\ComputerName", &k, err) ||
	    wr_hive_set_string(h, k, "ComputerName", WR_REG_SZ, "WINRESCUE-DEMO", err))
		return -1;
	if (key(h, "ControlSet001\\Services\\Tcpip\\Parameters", &k, err) ||
	    wr_hive_set_string(h, k, "Hostname", WR_REG_SZ, "winrescue-demo", err))
		return -1;
	if (crash_control(h, "ControlSet001", err) || crash_control(h, "ControlSet002", err))
		return -1;
	return mounted_devices(h, layout, err);
}

static int fill_software(struct wr_hive *h, enum wr_demo_layout layout, struct wr_error *err)
{
	wr_node k;

	return key(h, "Microsoft\\Windows NT\\CurrentVersion", &k, err) ||
	               wr_hive_set_string(h, k, "ProductName", WR_REG_SZ,
	                                  "Windows Server 2022 Datacenter", err) ||
	               wr_hive_set_dword(h, k, "CurrentMajorVersionNumber", 10, err) ||
	               wr_hive_set_dword(h, k, "CurrentMinorVersionNumber", 0, err) ||
	               wr_hive_set_string(h, k, "CurrentBuildNumber", WR_REG_SZ, "20348", err) ||
	               wr_hive_set_string(h, k, "InstallationType", WR_REG_SZ, "Server", err) ||
	               wr_hive_set_string(h, k, "EditionID", WR_REG_SZ, "ServerDatacenter", err)
	           ? -1
	           : 0;
}

int wr_demo_system_hive_create(const char *path, enum wr_demo_layout layout, struct wr_error *err)
{
	return build_hive(path, "SYSTEM", fill_system, layout, err);
}

int wr_demo_software_hive_create(const char *path, struct wr_error *err)
{
	return build_hive(path, "SOFTWARE", fill_software, WR_DEMO_BIOS, err);
}
