/* SPDX-License-Identifier: GPL-3.0-or-later */
/* console-load.c - opening disks in the background: the console stays usable while the appliance
 * boots. */
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

/* What the thread makes; handed to the console when it is done. */
struct loaded {
	struct wr_guest *g;
	struct wr_inventory inv;
	struct wr_session *session;
};

static struct loaded result;

static void set_message(struct console *c, const char *msg, double elapsed)
{
	pthread_mutex_lock(&c->load.lock);
	snprintf(c->load.message, sizeof(c->load.message), "%s", msg);
	if (elapsed >= 0)
		c->load.elapsed = elapsed;
	pthread_mutex_unlock(&c->load.lock);
}

static void on_progress(const struct wr_guest_progress *p, void *opaque)
{
	char msg[512];

	if (p->phase == WR_GUEST_RETRYING_TCG)
		snprintf(msg, sizeof(msg), "%s", p->message);
	else if (p->percent >= 0)
		snprintf(msg, sizeof(msg), _("Starting the appliance: %d%% (%.0f s)"), p->percent,
		         p->elapsed);
	else
		snprintf(msg, sizeof(msg), _("Starting the appliance (%.0f s)"), p->elapsed);
	set_message(opaque, msg, p->elapsed);
}

/* Launch, build the demo disk if asked and missing, scan, load the hives. */
static int load(struct console *c, struct wr_error *err)
{
	char dir[PATH_MAX];
	bool build = c->demo && access(c->disk_paths[0], F_OK) != 0;
	struct wr_demo_disk spec = {WR_DEMO_BIOS, true};

	if (build && wr_demo_disk_create_file(c->disk_paths[0], err) < 0)
		return -1;
	result.g = wr_guest_new(err);
	for (int i = 0; result.g && i < c->n_disks; i++)
		if (wr_guest_add_disk(result.g, c->disk_paths[i], true, err) < 0)
			return -1;
	if (!result.g)
		return -1;
	wr_guest_on_progress(result.g, on_progress, c);
	if (wr_guest_launch(result.g, err) < 0)
		return -1;
	/* The demo image's directory holds the files the build makes. */
	snprintf(dir, sizeof(dir), "%s", c->disk_paths[0]);
	if (strrchr(dir, '/'))
		*strrchr(dir, '/') = '\0';
	set_message(c, build ? _("Building the demo disk...") : _("Looking at the disks..."), -1);
	if (build && wr_demo_disk_build(result.g, 0, &spec, dir, err) < 0) {
		unlink(c->disk_paths[0]);
		return -1;
	}
	if (wr_inventory_scan(result.g, &result.inv, err) < 0)
		return -1;
	result.session = wr_session_new(cli_config(), err);
	return result.session &&
	               wr_session_add_disks(result.session, result.g, &result.inv, err) == 0
	           ? 0
	           : -1;
}

static void *load_thread(void *opaque)
{
	struct console *c = opaque;
	struct wr_error err = {0};
	int r = load(c, &err);

	pthread_mutex_lock(&c->load.lock);
	c->load.failed = r < 0;
	if (r < 0)
		snprintf(c->load.message, sizeof(c->load.message), "%s", err.msg);
	c->load.done = true;
	pthread_mutex_unlock(&c->load.lock);
	return NULL;
}

void load_start(struct console *c)
{
	pthread_mutex_init(&c->load.lock, NULL);
	snprintf(c->load.message, sizeof(c->load.message), "%s", _("Starting the appliance..."));
	c->loading = true;
	if (pthread_create(&c->thread, NULL, load_thread, c) != 0) {
		c->loading = false;
		display_status(c, true, "%s", _("cannot start the loading thread"));
	}
}

/* Take over what the thread made.  Returns true when the loading ended. */
bool load_poll(struct console *c)
{
	bool done, failed;

	if (!c->loading)
		return false;
	pthread_mutex_lock(&c->load.lock);
	done = c->load.done;
	failed = c->load.failed;
	pthread_mutex_unlock(&c->load.lock);
	if (!done)
		return false;
	pthread_join(c->thread, NULL);
	c->loading = false;
	c->g = result.g;
	if (failed) {
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

/* Block until the thread is done (the tests' ":wait"; quitting while loading). */
void load_wait(struct console *c)
{
	while (c->loading && !load_poll(c)) {
		struct timespec t = {0, 20 * 1000 * 1000};

		nanosleep(&t, NULL);
	}
}
