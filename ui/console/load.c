/* SPDX-License-Identifier: GPL-3.0-or-later */
/* load.c - work in the background: opening the disks (the appliance boots for a minute or more)
 * and writing the changes; the console stays usable meanwhile. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "cli/cli.h"
#include "console.h"
#include "disk/disk.h"
#include "safe-write/safe-write.h"

/* What the thread makes; handed to the console when it is done.  A
 * locked BitLocker volume stops it half-way: the console asks for its
 * key, then a thread goes on with it (unlock_thread). */
struct loaded {
	struct wr_guest *g;
	struct wr_inventory inv;
	struct wr_session *session;
	bool asking; /* for the key of inv.parts[locked] */
	size_t locked;
	char typed[512]; /* the key typed; wiped once given */
};

static struct loaded result;

/* What the writing thread gives back. */
static struct {
	struct wr_buf done;
	struct wr_error err;
} written;

static void set_message(struct console *c, const char *msg)
{
	pthread_mutex_lock(&c->load.lock);
	snprintf(c->load.message, sizeof(c->load.message), "%s", msg);
	pthread_mutex_unlock(&c->load.lock);
}

/* The thread says it is done (and fails or not). */
static void set_done(struct console *c, bool failed, const char *message)
{
	pthread_mutex_lock(&c->load.lock);
	c->load.failed = failed;
	if (message)
		snprintf(c->load.message, sizeof(c->load.message), "%s", message);
	c->load.done = true;
	pthread_mutex_unlock(&c->load.lock);
}

/* Run `work` on a thread of its own; false when none could start. */
static bool start(struct console *c, void *(*work)(void *))
{
	pthread_mutex_lock(&c->load.lock);
	c->load.done = c->load.failed = false;
	c->load.elapsed = 0;
	clock_gettime(CLOCK_MONOTONIC, &c->load.started);
	pthread_mutex_unlock(&c->load.lock);
	return pthread_create(&c->thread, NULL, work, c) == 0;
}

/* True once the thread has done its work (it is about to end). */
static bool finished(struct console *c)
{
	bool done;

	pthread_mutex_lock(&c->load.lock);
	done = c->load.done;
	pthread_mutex_unlock(&c->load.lock);
	return done;
}

void work_wait(struct console *c)
{
	while ((c->loading || c->writing) && !finished(c)) {
		struct timespec t = {0, 20 * 1000 * 1000};

		nanosleep(&t, NULL);
	}
}

/* The seconds since the work started, for the spinner: it counts through
 * every phase, not only while the appliance reports its progress. */
void load_tick(struct console *c)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&c->load.lock);
	c->load.elapsed = (double)(now.tv_sec - c->load.started.tv_sec) +
	                  (double)(now.tv_nsec - c->load.started.tv_nsec) / 1e9;
	pthread_mutex_unlock(&c->load.lock);
}

static void on_progress(const struct wr_guest_progress *p, void *opaque)
{
	char msg[512], starting[128];

	snprintf(starting, sizeof(starting), _("Starting the appliance (%.0f s)"), p->elapsed);
	/* The TCG notice comes while it is still starting: said with it. */
	if (p->phase == WR_GUEST_TCG)
		snprintf(msg, sizeof(msg), "%s; %s", starting, p->message);
	else if (p->percent >= 0)
		snprintf(msg, sizeof(msg), _("Starting the appliance: %d%% (%.0f s)"), p->percent,
		         p->elapsed);
	else
		snprintf(msg, sizeof(msg), "%s", starting);
	set_message(opaque, msg);
}

static int ask_or_open(size_t from, struct wr_error *err);

/* Launch, build the demo disk if asked and missing, scan, load the hives. */
static int load(struct console *c, struct wr_error *err)
{
	char dir[PATH_MAX];
	bool build = c->demo && access(c->disk_paths[0], F_OK) != 0;
	struct wr_demo_disk spec = {WR_DEMO_BIOS, true};

	if (build && wr_demo_disk_create_file(c->disk_paths[0], err) < 0)
		return -1;
	result.g = wr_guest_new(cli_config(), err);
	for (int i = 0; result.g && i < c->n_disks; i++)
		if (wr_guest_add_disk(result.g, c->disk_paths[i], true, err) < 0)
			return -1;
	if (!result.g || cli_keys_give(result.g, err) < 0)
		return -1;
	wr_guest_on_progress(result.g, on_progress, c);
	if (wr_guest_launch(result.g, err) < 0)
		return -1;
	/* The demo image's directory holds the files the build makes. */
	snprintf(dir, sizeof(dir), "%s", c->disk_paths[0]);
	if (strrchr(dir, '/'))
		*strrchr(dir, '/') = '\0';
	set_message(c, build ? _("Building the demo disk...") : _("Looking at the disks..."));
	if (build && wr_demo_disk_build(result.g, 0, &spec, dir, err) < 0) {
		unlink(c->disk_paths[0]);
		return -1;
	}
	if (wr_inventory_scan(result.g, &result.inv, err) < 0)
		return -1;
	return ask_or_open(0, err);
}

/* Stop to ask for the key of the next locked volume from part `from` on,
 * or load the hives when there is none. */
static int ask_or_open(size_t from, struct wr_error *err)
{
	result.asking = cli_locked_volume(&result.inv, from, &result.locked) != NULL;
	if (result.asking)
		return 0;
	result.session = wr_session_new(cli_config(), err);
	/* A store that cannot be read is a finding; repair rebuild replaces it. */
	if (result.session)
		wr_session_new_stores(result.session, WR_NEW_STORE_UNREADABLE);
	return result.session && wr_session_add_disks(result.session, result.g, &result.inv,
	                                              WR_KINDS_ALL, err) == 0
	           ? 0
	           : -1;
}

static void *load_thread(void *opaque)
{
	struct console *c = opaque;
	struct wr_error err = {0};
	int r = load(c, &err);

	set_done(c, r < 0, r < 0 ? err.msg : NULL);
	return NULL;
}

/* The key typed for the volume asked about (none: it stays locked), then
 * the next volume or the hives. */
static int unlock(struct console *c, struct wr_error *err)
{
	char name[sizeof(result.inv.parts[0].name)];
	int r = 0;

	snprintf(name, sizeof(name), "%s", result.inv.parts[result.locked].name);
	if (result.typed[0]) {
		set_message(c, _("Opening the BitLocker volume..."));
		r = cli_key_typed(result.g, name, result.typed, err);
		explicit_bzero(result.typed, sizeof(result.typed));
		wr_inventory_free(&result.inv);
		if (r == 0)
			r = wr_inventory_scan(result.g, &result.inv, err);
	}
	return r < 0 ? -1 : ask_or_open(result.locked + 1, err);
}

static void *unlock_thread(void *opaque)
{
	struct console *c = opaque;
	struct wr_error err = {0};
	int r = unlock(c, &err);

	set_done(c, r < 0, r < 0 ? err.msg : NULL);
	return NULL;
}

/* Ask for the key of the volume the thread stopped at, and go on with it
 * on another thread. */
static void ask_key(struct console *c)
{
	const struct wr_part *p = &result.inv.parts[result.locked];
	struct wr_buf prompt = WR_BUF_INIT;
	char needs[WR_BL_NEEDS_MAX];

	wr_buf_printf(&prompt,
	              _("%s is a locked BitLocker volume (%s). Its key, or the path of "
	                "its .BEK file (empty: leave it locked):"),
	              p->name, wr_bl_needs(&p->bitlocker, needs));
	result.typed[0] = '\0';
	if (!dialog_secret(c, _("BitLocker"), wr_buf_str(&prompt), result.typed,
	                   sizeof(result.typed)))
		explicit_bzero(result.typed, sizeof(result.typed));
	wr_buf_free(&prompt);
	result.asking = false;
	c->loading = start(c, unlock_thread);
	if (!c->loading)
		display_status(c, true, "%s", _("cannot start the loading thread"));
}

void load_start(struct console *c)
{
	set_message(c, _("Starting the appliance..."));
	c->loading = start(c, load_thread);
	if (!c->loading)
		display_status(c, true, "%s", _("cannot start the loading thread"));
}

/* Take over what the thread made.  Returns true when the loading ended. */
bool load_poll(struct console *c)
{
	if (!c->loading || !finished(c))
		return false;
	pthread_join(c->thread, NULL);
	c->loading = false;
	if (!c->load.failed && result.asking && !c->quit) {
		ask_key(c);
		return false;
	}
	c->g = result.g;
	if (c->load.failed) {
		wr_session_free(result.session);
		if (result.inv.disks || result.inv.parts)
			wr_inventory_free(&result.inv);
		display_status(c, true, "%s", c->load.message);
		return true;
	}
	c->inv = result.inv;
	c->have_inv = true;
	c->session = result.session;
	return true;
}

/* The session is the thread's until it is done: the console only paints
 * rows it made before and reads keys (write_poll). */
static void *write_thread(void *opaque)
{
	struct console *c = opaque;
	int r = wr_session_commit(c->session, &written.done, &written.err);

	set_done(c, r < 0, NULL);
	return NULL;
}

void write_start(struct console *c)
{
	written.done = (struct wr_buf)WR_BUF_INIT;
	written.err = (struct wr_error){0};
	c->writing = start(c, write_thread);
	if (!c->writing)
		display_status(c, true, "%s",
		               _("cannot start the writing thread; nothing was written"));
}

bool write_poll(struct console *c, struct wr_buf *done, struct wr_error *err)
{
	if (!c->writing || !finished(c))
		return false;
	pthread_join(c->thread, NULL);
	c->writing = false;
	*done = written.done;
	*err = written.err;
	written.done = (struct wr_buf)WR_BUF_INIT;
	return true;
}
