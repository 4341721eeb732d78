/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c - starting the console: what to open, the key loop, the benchmark, the end. */
#include "config.h"

#include <curses.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/text.h"
#include "cli/cli.h"
#include "console.h"
#include "disk/disk.h"

struct console_args {
	const char *store, *system, *software;
	bool demo;
	char **disks;
	int n_disks;
	char demo_image[PATH_MAX + 48];
};

static int parse(int argc, char **argv, struct console_args *a)
{
	static const struct option longopts[] = {
	    {"store", required_argument, NULL, 's'},
	    {"system", required_argument, NULL, 'S'},
	    {"software", required_argument, NULL, 'W'},
	    {"demo", no_argument, NULL, 'D'},
	    {"key", required_argument, NULL, CLI_KEY_OPTION},
	    {NULL, 0, NULL, 0},
	};
	char dir[PATH_MAX + 16];
	int ch;

	while ((ch = getopt_long(argc, argv, "s:S:W:", longopts, NULL)) != -1) {
		if (ch == 's')
			a->store = optarg;
		else if (ch == 'S')
			a->system = optarg;
		else if (ch == 'W')
			a->software = optarg;
		else if (ch == 'D')
			a->demo = true;
		else if (ch == CLI_KEY_OPTION)
			cli_key_option(optarg);
		else
			return CLI_USAGE;
	}
	a->disks = argv + optind;
	a->n_disks = argc - optind;
	if ((a->store || a->system || a->software) + a->demo + (a->n_disks > 0) > 1) {
		cli_error(_("give DISK..., --demo, or hive files (--store, --system, --software)"));
		return CLI_USAGE;
	}
	if (a->demo && cli_demo_image(dir, sizeof(dir), a->demo_image, sizeof(a->demo_image)) < 0)
		return CLI_FAILED;
	return -1;
}

/* --store/--system/--software: loaded at once, before the screen starts. */
static int open_files(struct console *c, const struct console_args *a)
{
	const struct {
		const char *path;
		enum wr_hive_kind kind;
	} files[] = {
	    {a->store, WR_KIND_BCD}, {a->system, WR_KIND_SYSTEM}, {a->software, WR_KIND_SOFTWARE}};
	struct wr_error err = {0};
	size_t used = (size_t)snprintf(c->source, sizeof(c->source), "winrescue");

	c->session = wr_session_new(cli_config(), &err);
	for (size_t i = 0; c->session && i < sizeof(files) / sizeof(files[0]); i++) {
		if (!files[i].path)
			continue;
		if (wr_session_add_file(c->session, files[i].path, files[i].kind, &err) < 0)
			break;
		if (used < sizeof(c->source))
			used += (size_t)snprintf(c->source + used, sizeof(c->source) - used, "  %s",
			                         files[i].path);
	}
	if (!c->session || err.code) {
		cli_error("%s", err.msg);
		return CLI_FAILED;
	}
	return -1;
}

/* No argument: choose one of the host's disks. */
static bool pick_disk(struct console *c, char *path, size_t len)
{
	struct wr_host_disks disks = {0};
	struct wr_error err = {0};
	char(*items)[512] = NULL;
	const char **list = NULL;
	int k = -1;

	if (wr_host_disks_scan("/sys", "/proc/self/mountinfo", &disks, &err) < 0 || disks.n == 0) {
		dialog_message(c, _("No disk"),
		               err.code ? err.msg : _("this machine has no disks"));
		return false;
	}
	items = calloc(disks.n, sizeof(*items));
	list = calloc(disks.n, sizeof(*list));
	for (size_t i = 0; items && list && i < disks.n; i++) {
		char size[32];

		wr_format_size(disks.disks[i].size, size, sizeof(size));
		snprintf(items[i], sizeof(items[i]), "%-12s %9s  %s%s", disks.disks[i].path, size,
		         disks.disks[i].model, disks.disks[i].system ? _("  (this system)") : "");
		list[i] = items[i];
	}
	if (items && list)
		k = dialog_menu(c, _("Open which disk?"), list, disks.n);
	if (k >= 0)
		snprintf(path, len, "%s", disks.disks[k].path);
	free(items);
	free(list);
	wr_host_disks_free(&disks);
	return k >= 0;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* WINRESCUE_BENCH: how long each key took, from reading it to the screen
 * being updated, reported when the console ends. */
static void bench_report(double *ms, size_t n)
{
	if (n == 0)
		return;
	qsort(ms, n, sizeof(*ms), compare_double);
	fprintf(stderr, "bench: %zu keys, median %.3f ms, p90 %.3f ms, max %.3f ms\n", n, ms[n / 2],
	        ms[n * 9 / 10], ms[n - 1]);
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void run(struct console *c)
{
	bool bench = getenv("WINRESCUE_BENCH") != NULL;
	static double ms[100000];
	size_t n_ms = 0;

	display_draw(c);
	while (!c->quit) {
		int key = console_getkey(c);
		double start = now_ms();

		if (key == ERR && c->headless && !script_active())
			break;
		if (key == KEY_SIGNAL)
			break;
		console_key(c, key);
		display_draw(c);
		if (bench && n_ms < sizeof(ms) / sizeof(ms[0]))
			ms[n_ms++] = now_ms() - start;
	}
	if (c->loading || c->writing) {
		display_status(c, false, "%s",
		               c->writing ? _("waiting for the write to end...")
		                          : _("waiting for the appliance to finish starting..."));
		display_draw(c);
	}
	if (bench)
		bench_report(ms, n_ms);
}

/* A write the console did not see end (a signal came first) is reported
 * here, once the terminal is given back. */
/* Free everything; false when a write did not reach the disk as it should
 * (said on stderr: the screen is gone by now). */
static bool finish(struct console *c)
{
	struct wr_buf done = WR_BUF_INIT;
	struct wr_error err = {0};
	bool ok = true;

	work_wait(c);
	load_poll(c);
	if (write_poll(c, &done, &err) && err.code) {
		cli_error("%s", err.msg);
		ok = false;
	}
	wr_buf_free(&done);
	panes_free(c);
	findings_free(c);
	tree_free(c);
	wr_bcd_free(c->bcd);
	wr_cmd_env_free(c->cmd_env);
	wr_cmd_history_free(&c->history);
	wr_session_free(c->session);
	if (c->have_inv)
		wr_inventory_free(&c->inv);
	/* Delayed write errors only show when the appliance stops. */
	if (c->g && wr_guest_shutdown(c->g, &err) < 0) {
		cli_error("%s", err.msg);
		ok = false;
	}
	if (c->g)
		wr_guest_close(c->g);
	return ok;
}

int console_main(int argc, char **argv)
{
	static struct console c;
	struct console_args a = {0};
	const char *script = getenv("WINRESCUE_SCRIPT");
	char picked[300], *one[1] = {picked};
	int r = parse(argc, argv, &a);

	if (r >= 0)
		return r;
	c.headless = script && *script;
	if (c.headless && script_open(script) < 0) {
		cli_error(_("%s: cannot read the script"), script);
		return CLI_FAILED;
	}
	c.bcd_hive = c.system_hive = -1;
	snprintf(c.source, sizeof(c.source), "winrescue");
	if ((a.store || a.system || a.software) && (r = open_files(&c, &a)) >= 0) {
		finish(&c);
		return r;
	}
	if (display_init(&c) < 0) {
		cli_error("%s", _("cannot start the terminal (is TERM set?)"));
		finish(&c);
		return CLI_FAILED;
	}
	console_signals_init();
	pthread_mutex_init(&c.load.lock, NULL);
	panes_init(&c);
	findings_init(&c);
	c.disk_paths = a.demo ? (char *[]){a.demo_image} : a.disks;
	c.n_disks = a.demo ? 1 : a.n_disks;
	c.demo = a.demo;
	if (!a.store && !a.system && !a.software && c.n_disks == 0 &&
	    pick_disk(&c, picked, sizeof(picked))) {
		c.disk_paths = one;
		c.n_disks = 1;
	}
	if (c.n_disks > 0) {
		snprintf(c.source, sizeof(c.source), "winrescue  %s%s", c.disk_paths[0],
		         c.n_disks > 1 ? " ..." : "");
		load_start(&c);
	}
	console_after_load(&c);
	if (c.session || c.loading)
		run(&c);
	work_wait(&c); /* with its message on the screen (run) */
	display_end();
	r = c.session ? CLI_OK : CLI_FAILED;
	return finish(&c) ? r : CLI_FAILED;
}
