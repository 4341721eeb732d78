/* SPDX-License-Identifier: GPL-3.0-or-later */
/* conf.h - what the program tells the back end about its surroundings (the back end reads no
 * environment variable). */
#ifndef WR_CONF_H
#define WR_CONF_H

#include <limits.h>

#include "error.h"

#define WR_LOCK_WAIT_MS 10000

struct wr_config {
	/* Host backups, the journal, checklist progress: $XDG_STATE_HOME/winrescue
	 * or ~/.local/state/winrescue; "" when neither variable is set, and then
	 * whatever needs it fails saying so (see wr_config_state_dir). */
	char state_dir[PATH_MAX];
	/* Where a session makes its working directory: $TMPDIR, else /tmp. */
	char tmpdir[PATH_MAX];
	/* Tests only (WINRESCUE_FAIL_AFTER): a safe write stops right after this
	 * step, as a crash would; "" never. */
	char fail_after[32];
	/* The appliance: KVM's device, the CPU description that says whether
	 * KVM can work (vmx, svm), and how long a KVM boot may take before it
	 * is ended and retried under TCG.  Stand-ins only in tests. */
	char kvm_device[PATH_MAX];
	char cpuinfo[PATH_MAX];
	unsigned kvm_boot_seconds;
	/* How long a writer waits for another winrescue's lock on a hive file
	 * (lock.h) before it gives up naming the holder. */
	unsigned lock_wait_ms;
};

/*
 * Fill `cfg` from the values of XDG_STATE_HOME, HOME, TMPDIR and
 * WINRESCUE_FAIL_AFTER (NULL or "" when unset), as the program read them.
 * Fails (ENAMETOOLONG, naming the variable) when a path does not fit.
 */
int wr_config_init(struct wr_config *cfg, const char *xdg_state_home, const char *home,
                   const char *tmpdir, const char *fail_after, struct wr_error *err);

/*
 * Tests only (WINRESCUE_KVM_DEVICE, WINRESCUE_CPUINFO, WINRESCUE_KVM_SECONDS,
 * NULL or "" when unset): stand-ins for /dev/kvm and /proc/cpuinfo, and a
 * shorter wait for a KVM boot.
 */
int wr_config_kvm(struct wr_config *cfg, const char *device, const char *cpuinfo,
                  const char *seconds, struct wr_error *err);

/* Tests only (WINRESCUE_LOCK_WAIT_MS, NULL or "" when unset: 10 s): how
 * long a writer waits for a busy hive file. */
int wr_config_lock_wait(struct wr_config *cfg, const char *ms, struct wr_error *err);

/*
 * Make the state directory `dir` ready for backups: created 0700 (with its
 * parents) when missing.  Refused when `dir` is "" (no HOME), or is a
 * symbolic link, not a directory, or owned by another user: someone else
 * could then read the backups or swap them.
 */
int wr_config_state_dir(const char *dir, struct wr_error *err);

#endif
