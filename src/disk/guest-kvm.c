/* SPDX-License-Identifier: GPL-3.0-or-later */
/* guest-kvm.c - whether the appliance tries KVM, and ending a KVM boot that hangs. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "guest-internal.h"

/* libguestfs reports a launch in twelfths; 9 is "Starting /init script":
 * the appliance's kernel is up. */
#define BOOTED_PERCENT (9 * 100 / 12)

/* Whether `word` stands in `line` between spaces (or at its end). */
static bool has_word(const char *line, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = line; (p = strstr(p, word)); p += n)
		if (p > line && isspace((unsigned char)p[-1]) &&
		    (p[n] == '\0' || isspace((unsigned char)p[n])))
			return true;
	return false;
}

/* Whether a "flags" line of the CPU description offers vmx or svm.  A
 * description that cannot be read gets the benefit of the doubt.  (Files in
 * /proc have no size: read until the end, at most 4 MiB.) */
static bool cpu_virtualises(const char *cpuinfo)
{
	size_t cap = 4u << 20, len = 0;
	char *text = malloc(cap + 1), *line, *cursor;
	int fd = open(cpuinfo, O_RDONLY | O_CLOEXEC);
	bool found = false, flags = false;
	ssize_t n = 0;

	while (text && fd >= 0 && len < cap && (n = read(fd, text + len, cap - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		len += (size_t)n;
	}
	if (fd >= 0)
		close(fd);
	if (!text || fd < 0 || n < 0) {
		free(text);
		return true;
	}
	text[len] = '\0';
	cursor = text;
	while (!found && (line = strsep(&cursor, "\n")))
		if (strncmp(line, "flags", 5) == 0) {
			flags = true;
			found = has_word(line, "vmx") || has_word(line, "svm");
		}
	free(text);
	return found || !flags; /* no flags at all: a sandbox's, nothing to go by */
}

enum guest_kvm wr__guest_kvm_choice(const struct wr_guest *g)
{
	if (access(g->kvm_device, R_OK | W_OK) != 0)
		return GUEST_KVM_ABSENT;
#if defined(__x86_64__) || defined(__i386__)
	/* A /dev/kvm without vmx or svm (a sandbox's, a VM's without nested
	 * virtualisation) lets qemu choose KVM, and the appliance then hangs
	 * after the BIOS instead of failing. */
	if (!cpu_virtualises(g->cpuinfo))
		return GUEST_KVM_NO_CPU;
#endif
	return GUEST_KVM_TRY;
}

/* The parent and command name of process `pid` from /proc; false when it
 * is gone or unreadable. */
static bool process_of(const char *pid, pid_t *ppid, char *comm, size_t len)
{
	char path[300], stat[512], *open_paren, *close_paren;
	size_t got = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (wr_file_read_at(fd, 0, stat, sizeof(stat) - 1, &got) < 0)
		got = 0;
	close(fd);
	stat[got] = '\0';
	/* "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses. */
	open_paren = strchr(stat, '(');
	close_paren = strrchr(stat, ')');
	if (!open_paren || !close_paren || close_paren < open_paren ||
	    sscanf(close_paren + 1, " %*c %d", ppid) != 1)
		return false;
	snprintf(comm, len, "%.*s", (int)(close_paren - open_paren - 1), open_paren + 1);
	return true;
}

/* End the qemu this process started (libguestfs runs it as our child):
 * its launch then fails, and the retry under TCG follows.  False when
 * there was none to end (yet). */
static bool kill_our_qemu(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char comm[64];
	pid_t ppid;
	bool killed = false;

	while (d && (e = readdir(d)))
		if (isdigit((unsigned char)e->d_name[0]) &&
		    process_of(e->d_name, &ppid, comm, sizeof(comm)) && ppid == getpid() &&
		    strncmp(comm, "qemu", 4) == 0)
			killed |= kill((pid_t)atoi(e->d_name), SIGKILL) == 0;
	if (d)
		closedir(d);
	return killed;
}

bool wr__guest_kvm_watch(struct wr_guest *g, double elapsed)
{
	if (!g->kvm_watch || g->kvm_stalled || g->percent >= BOOTED_PERCENT ||
	    elapsed < g->kvm_boot_seconds)
		return false;
	/* Under load libguestfs may still be building the appliance: with no
	 * qemu to end yet, the watch goes on and tries again at the next tick. */
	if (!kill_our_qemu())
		return false;
	g->kvm_stalled = true;
	return true;
}
