/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-command.c - what the articles' commands run on: words as cmd.exe splits them, drive
 * letters mapped to a directory, reg load mounts and CurrentControlSet, script files. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/conf.h"
#include "command/command.h"
#include "session/session.h"
#include "tap.h"

/* `line` split: its words joined by '|'. */
static const char *split(const char *line)
{
	static char joined[600];
	struct wr_error err = {0};
	char **argv;
	int argc;

	if (wr_cmd_split(line, &argv, &argc, &err) < 0) {
		snprintf(joined, sizeof(joined), "error: %s", err.msg);
		return joined;
	}
	joined[0] = '\0';
	for (int i = 0; i < argc; i++)
		snprintf(joined + strlen(joined), sizeof(joined) - strlen(joined), "%s%s",
		         i ? "|" : "", argv[i]);
	wr_cmd_argv_free(argv, argc);
	return joined;
}

static void test_split(void)
{
	is_str(split("reg add \"HKLM\\BROKENSYSTEM\\ControlSet001\\Control\\CrashControl\" /v "
	             "DumpFile /t REG_EXPAND_SZ /d \"%SystemRoot%\\MEMORY.DMP\" /f"),
	       "reg|add|HKLM\\BROKENSYSTEM\\ControlSet001\\Control\\CrashControl|/v|DumpFile|/t|"
	       "REG_EXPAND_SZ|/d|%SystemRoot%\\MEMORY.DMP|/f",
	       "the article's REG ADD: quotes go, backslashes stay");
	is_str(split("bcdedit /set {default} description \"Windows 10\""),
	       "bcdedit|/set|{default}|description|Windows 10", "a quoted blank stays in its word");
	is_str(split("  a\t\tb  "), "a|b", "tabs and runs of blanks separate");
	is_str(split("a\\\\\"b c\" d"), "a\\b c|d",
	       "2n backslashes before a quote: n, quote counts");
	is_str(split("a\\\"b c"), "a\"b|c", "2n+1 backslashes: n and a literal quote");
	is_str(split("x=a\"\"b"), "x=ab", "an empty pair of quotes joins");
	is_str(split("\"\""), "", "an empty quoted word is a word");
	is_str(split("echo a^&b \"c^d\""), "echo|a&b|c^d", "a caret escapes outside quotes only");
	is_str(split("reg add \"HKLM\\X"), "error: a quote (\") is not closed", "unclosed quote");
	is_str(split(""), "", "nothing: no words");
}

static struct wr_config cfg;

/* A directory as the F: drive: boot\bcd and Windows\System32\config\SYSTEM
 * spelt in another case than the scripts use. */
static const char *make_drive(void)
{
	const char *sys = tap_fixture("system-win7-2controlsets-regipy.hive.xz");
	const char *bcd = tap_fixture("bcd-win10-bios-windeploy-linux.hive");
	char cmd[2048];

	if (!sys || !bcd)
		return NULL;
	snprintf(
	    cmd, sizeof(cmd),
	    "set -e; d='%s'; mkdir -p \"$d/F/Boot\" \"$d/F/WINDOWS/system32/Config\"; "
	    "cp '%s' \"$d/F/Boot/BCD\"; xz -dc '%s' > \"$d/F/WINDOWS/system32/Config/SYSTEM\"; "
	    "chmod u+w \"$d/F/Boot/BCD\"",
	    tap_tmpdir(), bcd, sys);
	return system(cmd) == 0 ? tap_path("F") : NULL;
}

static void test_drive_directory(const char *drive)
{
	struct wr_error err = {0};
	struct wr_session *s = wr_session_new(&cfg, &err);
	struct wr_cmd_env *e = s ? wr_cmd_env_new(s, &err) : NULL;
	size_t store = 99, again = 98, sys = 97;
	char *path = NULL;
	bool found;

	ok(e, "an environment on no hives: %s", err.msg);
	ok(wr_cmd_store(e, NULL, &store, &err) < 0 && strstr(err.msg, "give /store PATH"),
	   "bcdedit without /store and no store: %s", err.msg);
	ok(wr_cmd_store(e, "F:\\boot\\bcd", &store, &err) < 0 &&
	       strstr(err.msg, "F:\\boot\\bcd: drive F: is not mapped"),
	   "F: not mapped: %s", err.msg);
	is_int(wr_cmd_env_drive(e, 'f', drive, &err), 0, "F: is a directory here");
	is_int(wr_cmd_store(e, "F:\\boot\\bcd", &store, &err), 0, "F:\\boot\\bcd loads: %s",
	       err.msg);
	is_int(wr_session_count(s), 1, "one hive loaded");
	is_int(wr_cmd_store(e, "f:boot\\BCD", &again, &err), 0, "f:boot\\BCD, as some articles");
	is_int(again, store, "... is the same store, not loaded twice");
	is_int(wr_cmd_store(e, NULL, &again, &err), 0, "then bcdedit without /store has one");
	ok(wr_cmd_reg_key(e, "HKLM\\BROKENSYSTEM\\Select", &sys, &path, &err) < 0 &&
	       strstr(err.msg, "no hive is loaded at HKLM\\BROKENSYSTEM"),
	   "a key before reg load: %s", err.msg);
	is_int(
	    wr_cmd_reg_load(e, "HKLM\\BROKENSYSTEM", "F:\\windows\\system32\\config\\SYSTEM", &err),
	    0, "reg load HKLM\\BROKENSYSTEM F:\\windows\\system32\\config\\SYSTEM: %s", err.msg);
	is_int(wr_session_kind(s, 1), WR_KIND_SYSTEM, "loaded as a SYSTEM hive");
	is_int(wr_cmd_reg_load(e, "hkey_local_machine\\brokensystem",
	                       "F:\\Windows\\System32\\config\\SYSTEM", &err),
	       0, "the same hive at the same name again: accepted");
	ok(wr_cmd_reg_load(e, "HKLM\\BROKENSYSTEM", "F:\\boot\\BCD", &err) < 0 &&
	       strstr(err.msg, "already loaded"),
	   "another hive at that name: %s", err.msg);
	is_int(wr_cmd_reg_key(e, "HKLM\\BrokenSystem\\CurrentControlSet\\Control\\", &sys, &path,
	                      &err),
	       0, "CurrentControlSet resolves");
	is_str(path, "ControlSet001\\Control", "... through Select\\Current = 1");
	is_int(sys, 1, "... in the SYSTEM hive");
	free(path);
	is_int(wr_cmd_reg_key(e, "HKLM\\BROKENSYSTEM", &sys, &path, &err), 0, "the hive's root");
	is_str(path, "", "... is the empty path");
	free(path);
	ok(wr_cmd_reg_key(e, "HKCU\\Software", &sys, &path, &err) < 0 &&
	       strstr(err.msg, "only HKLM\\NAME keys exist"),
	   "another root: %s", err.msg);
	ok(wr_cmd_reg_load(e, "HKLM\\X", "F:\\Windows\\System32\\config\\SAM", &err) < 0 &&
	       strstr(err.msg, "loads the SYSTEM and SOFTWARE hives and BCD stores"),
	   "a SAM hive: %s", err.msg);
	is_int(wr_cmd_reg_unload(e, "HKLM\\BROKENSYSTEM", &err), 0, "reg unload");
	ok(wr_cmd_reg_unload(e, "HKLM\\BROKENSYSTEM", &err) < 0 &&
	       strstr(err.msg, "not a loaded hive"),
	   "unloaded twice: %s", err.msg);
	/* Called before ok(): its arguments have no order. */
	path = NULL;
	found = wr_cmd_host_path(e, "F:\\backup.reg", &path, &err) == 0;
	ok(found && strcmp(path, tap_path("F/backup.reg")) == 0,
	   "F:\\backup.reg is a file in the directory: %s", found ? path : err.msg);
	free(path);
	ok(wr_cmd_host_path(e, "G:\\x.reg", &path, &err) < 0 &&
	       strstr(err.msg, "a file on the Windows disk"),
	   "G: not mapped to a directory: %s", err.msg);
	wr_cmd_env_free(e);
	wr_session_free(s);
}

static void test_given_files(const char *drive)
{
	struct wr_error err = {0};
	struct wr_session *s = wr_session_new(&cfg, &err);
	struct wr_cmd_env *e = s ? wr_cmd_env_new(s, &err) : NULL;
	size_t hive = 99;
	char *path = NULL, file[512];

	snprintf(file, sizeof(file), "%s/WINDOWS/system32/Config/SYSTEM", drive);
	is_int(wr_cmd_env_add_file(e, file, WR_KIND_SYSTEM, "BROKENSYSTEM", &err), 0,
	       "--system FILE: %s", err.msg);
	is_int(wr_cmd_reg_key(e, "HKLM\\BROKENSYSTEM\\Select", &hive, &path, &err), 0,
	       "mounted as HKLM\\BROKENSYSTEM");
	free(path);
	is_int(
	    wr_cmd_reg_load(e, "HKLM\\BROKENSYSTEM", "C:\\Windows\\System32\\config\\SYSTEM", &err),
	    0, "an unmapped letter's config\\SYSTEM is the --system file: %s", err.msg);
	is_int(wr_session_count(s), 1, "... not loaded again");
	ok(wr_cmd_store(e, "F:\\boot\\bcd", &hive, &err) < 0 && strstr(err.msg, "not mapped"),
	   "no --store: F:\\boot\\bcd is nothing: %s", err.msg);
	wr_cmd_env_free(e);
	wr_session_free(s);
}

static void test_script_file(void)
{
	struct wr_error err = {0};
	char *text = NULL;
	FILE *f = fopen(tap_path("utf16.cmd"), "wb");

	/* "REM é\r\n" in UTF-16LE with its BOM, as Notepad saves it. */
	fwrite("\xff\xfeR\0E\0M\0 \0\xe9\0\r\0\n\0", 1, 16, f);
	fclose(f);
	is_int(wr_script_read(tap_path("utf16.cmd"), &text, &err), 0, "UTF-16LE with a BOM reads");
	is_str(text, "REM \xc3\xa9\r\n", "... as UTF-8");
	free(text);
	f = fopen(tap_path("bin.cmd"), "wb");
	fwrite("bcdedit\0/enum", 1, 13, f);
	fclose(f);
	ok(wr_script_read(tap_path("bin.cmd"), &text, &err) < 0 &&
	       strstr(err.msg, "not a text file"),
	   "a NUL in it: %s", err.msg);
	ok(wr_script_read(tap_path("none.cmd"), &text, &err) < 0 && strstr(err.msg, "none.cmd"),
	   "a missing file is named: %s", err.msg);
}

static void test_history(void)
{
	struct wr_cmd_history h = {0}, again = {0};
	struct wr_error err = {0};
	const char *dir = tap_path("history-state");
	char line[64], path[300];
	FILE *f;

	is_int(wr_cmd_history_load(dir, &h, &err), 0, "no history yet: empty");
	is_int(h.n, 0, "... nothing in it");
	for (int i = 0; i < 120; i++) {
		snprintf(line, sizeof(line), "bcdedit /set {bootmgr} timeout %d", i);
		wr_cmd_history_add(dir, &h, line, &err);
	}
	is_int(wr_cmd_history_add(dir, &h, "bcdedit /set {bootmgr} timeout 119", &err), 0,
	       "the newest again");
	wr_cmd_history_add(dir, &h, "reg query\x1b[2J", &err);
	is_int(h.n, WR_CMD_HISTORY_MAX, "kept: the newest %d", WR_CMD_HISTORY_MAX);
	snprintf(path, sizeof(path), "%s/command-history", dir);
	f = fopen(path, "a");
	fputs("reg query \x1b]0;evil\x07 HKLM\\X\nreg query HKLM\\BROKENSYSTEM\\Select\n", f);
	fclose(f);
	is_int(wr_cmd_history_load(dir, &again, &err), 0, "read back: %s", err.msg);
	is_int(again.n, WR_CMD_HISTORY_MAX, "... the newest %d, one per line", WR_CMD_HISTORY_MAX);
	is_str(again.lines[again.n - 1], "reg query HKLM\\BROKENSYSTEM\\Select", "the newest last");
	is_str(again.lines[again.n - 2], "bcdedit /set {bootmgr} timeout 119",
	       "a line with control characters is dropped, a repeat was never written");
	is_str(again.lines[0], "bcdedit /set {bootmgr} timeout 21", "the oldest kept");
	wr_cmd_history_free(&again);
	wr_cmd_history_free(&h);
	unlink(path);
	ok(symlink("/etc/passwd", path) == 0, "the history made a symbolic link");
	ok(wr_cmd_history_load(dir, &again, &err) < 0 && strstr(err.msg, "symbolic link"),
	   "... refused: %s", err.msg);
}

int main(void)
{
	struct wr_error err = {0};
	const char *drive;

	test_split();
	if (wr_config_init(&cfg, tap_path("state"), NULL, tap_tmpdir(), NULL, &err) < 0) {
		ok(0, "config: %s", err.msg);
		return tap_done();
	}
	test_script_file();
	test_history();
	if (!(drive = make_drive())) {
		ok(1, "# SKIP the real BCD and SYSTEM fixtures are not here");
		return tap_done();
	}
	test_drive_directory(drive);
	test_given_files(drive);
	return tap_done();
}
