/* SPDX-License-Identifier: GPL-3.0-or-later */
/* script.c - keys from a file instead of the terminal, and screen dumps (the console
 * tests). */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"

/*
 * WINRESCUE_SCRIPT=FILE: one step per line.  Key names (<Down>, <Enter>,
 * <Tab>, <F2>, <C-r>, <Esc>, ...) and plain text (each character a key),
 * separated by blanks; ":wait" waits until the disks are loaded or the
 * write has ended;
 * ":save-display FILE" writes the screen as text; '#' starts a comment.
 * The console ends when the script does.
 */
static FILE *script;
static int queue[512];
static size_t head, len;

static const struct {
	const char *name;
	int key;
} names[] = {
    {"Up", KEY_UP},      {"Down", KEY_DOWN},    {"Left", KEY_LEFT}, {"Right", KEY_RIGHT},
    {"Enter", '\n'},     {"Tab", '\t'},         {"BTab", KEY_BTAB}, {"Esc", 27},
    {"PgUp", KEY_PPAGE}, {"PgDn", KEY_NPAGE},   {"Home", KEY_HOME}, {"End", KEY_END},
    {"Del", KEY_DC},     {"BS", KEY_BACKSPACE}, {"Space", ' '},     {"Resize", KEY_RESIZE},
};

int script_open(const char *path)
{
	script = fopen(path, "re");
	return script ? 0 : -1;
}

bool script_active(void)
{
	return script != NULL || head < len;
}

static void push(int key)
{
	if (len < sizeof(queue) / sizeof(queue[0]))
		queue[len++] = key;
}

static int named_key(const char *name)
{
	if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9')
		return KEY_F(atoi(name + 1));
	if (name[0] == 'C' && name[1] == '-' && name[2] && !name[3])
		return name[2] & 0x1f;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].name, name) == 0)
			return names[i].key;
	return -1;
}

static void parse_keys(char *line)
{
	for (char *tok = strtok(line, " \t"); tok; tok = strtok(NULL, " \t")) {
		size_t n = strlen(tok);

		if (tok[0] == '<' && n > 2 && tok[n - 1] == '>') {
			tok[n - 1] = '\0';
			if (named_key(tok + 1) >= 0)
				push(named_key(tok + 1));
			continue;
		}
		for (size_t i = 0; i < n; i++)
			push((unsigned char)tok[i]);
	}
}

static void command(struct console *c, const char *line)
{
	if (strcmp(line, ":wait") == 0) {
		/* Until the disks are loaded, or the write has ended; under a
		 * dialog that is taken over when it closes (console_take_over). */
		work_wait(c);
		console_take_over(c);
		if (!c->in_dialog)
			display_draw(c);
	} else if (strncmp(line, ":save-display ", 14) == 0) {
		/* The screen as it is now: a dialog may be open over the panes. */
		refresh();
		display_save(line + 14);
	}
}

/* The next scripted key; ERR when the script is over. */
int script_next_key(struct console *c)
{
	char line[1024];

	while (head == len) {
		head = len = 0;
		if (!script || !fgets(line, sizeof(line), script)) {
			if (script)
				fclose(script);
			script = NULL;
			return ERR;
		}
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == ':')
			command(c, line);
		else if (line[0] != '#')
			parse_keys(line);
	}
	return queue[head++];
}
