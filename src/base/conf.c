/* SPDX-License-Identifier: GPL-3.0-or-later */
/* conf.c - what the program tells the back end about its surroundings. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "file.h"
#include "i18n.h"

/* `value` and `suffix` into `out`; ENAMETOOLONG naming `variable` when cut
 * short. */
static int fill(char *out, size_t len, const char *variable, const char *value, const char *suffix,
                struct wr_error *err)
{
	int n = snprintf(out, len, "%s%s", value, suffix);

	if (n >= 0 && (size_t)n < len)
		return 0;
	out[0] = '\0';
	wr_error_set(err, ENAMETOOLONG, _("%s is too long (%zu bytes)"), variable, strlen(value));
	return -1;
}

int wr_config_init(struct wr_config *cfg, const char *xdg_state_home, const char *home,
                   const char *tmpdir, const char *fail_after, struct wr_error *err)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->lock_wait_ms = WR_LOCK_WAIT_MS;
	if (xdg_state_home && *xdg_state_home) {
		if (fill(cfg->state_dir, sizeof(cfg->state_dir), "XDG_STATE_HOME", xdg_state_home,
		         "/winrescue", err) < 0)
			return -1;
	} else if (home && *home) {
		if (fill(cfg->state_dir, sizeof(cfg->state_dir), "HOME", home,
		         "/.local/state/winrescue", err) < 0)
			return -1;
	}
	if (fill(cfg->tmpdir, sizeof(cfg->tmpdir), "TMPDIR", tmpdir && *tmpdir ? tmpdir : "/tmp",
	         "", err) < 0)
		return -1;
	if (wr_config_kvm(cfg, NULL, NULL, NULL, err) < 0)
		return -1;
	return fill(cfg->fail_after, sizeof(cfg->fail_after), "WINRESCUE_FAIL_AFTER",
	            fail_after ? fail_after : "", "", err);
}

int wr_config_lock_wait(struct wr_config *cfg, const char *ms, struct wr_error *err)
{
	char *end;
	unsigned long n = ms && *ms ? strtoul(ms, &end, 10) : WR_LOCK_WAIT_MS;

	if (ms && *ms && (*end || n > 600000)) {
		wr_error_set(err, EINVAL,
		             _("WINRESCUE_LOCK_WAIT_MS: not a number of milliseconds: %s"), ms);
		return -1;
	}
	cfg->lock_wait_ms = (unsigned)n;
	return 0;
}

int wr_config_kvm(struct wr_config *cfg, const char *device, const char *cpuinfo,
                  const char *seconds, struct wr_error *err)
{
	char *end;
	unsigned long n = seconds && *seconds ? strtoul(seconds, &end, 10) : 60;

	/* Under load a KVM appliance reaches its /init in seconds; a minute
	 * means it hangs. */
	if (seconds && *seconds && (*end || n == 0 || n > 3600)) {
		wr_error_set(err, EINVAL, _("WINRESCUE_KVM_SECONDS: not a number of seconds: %s"),
		             seconds);
		return -1;
	}
	cfg->kvm_boot_seconds = (unsigned)n;
	if (fill(cfg->kvm_device, sizeof(cfg->kvm_device), "WINRESCUE_KVM_DEVICE",
	         device && *device ? device : "/dev/kvm", "", err) < 0)
		return -1;
	return fill(cfg->cpuinfo, sizeof(cfg->cpuinfo), "WINRESCUE_CPUINFO",
	            cpuinfo && *cpuinfo ? cpuinfo : "/proc/cpuinfo", "", err);
}

int wr_config_state_dir(const char *dir, struct wr_error *err)
{
	struct stat st;

	/* Not /tmp as a fallback: anyone can make that folder first, and a
	 * cleaner may delete the backups before they are needed. */
	if (!*dir) {
		wr_error_set(err, ENOENT,
		             _("neither HOME nor XDG_STATE_HOME is set: winrescue has nowhere to "
		               "keep its backups and journal"));
		return -1;
	}
	if (wr_file_make_dirs(dir, err) < 0)
		return -1;
	if (lstat(dir, &st) < 0) {
		wr_error_set(err, errno, _("%s: %s"), dir, strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		wr_error_set(err, ELOOP,
		             _("%s is a symbolic link; the backups must go into a folder of "
		               "your own"),
		             dir);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		wr_error_set(err, ENOTDIR, _("%s: not a directory"), dir);
		return -1;
	}
	if (st.st_uid != geteuid()) {
		wr_error_set(err, EPERM,
		             _("%s belongs to user %u, not to you (%u); the backups must go into "
		               "a folder of your own"),
		             dir, (unsigned)st.st_uid, (unsigned)geteuid());
		return -1;
	}
	return 0;
}
