/* SPDX-License-Identifier: GPL-3.0-or-later */
/* t-txn.c - transactions in memory: undo and redo give back the same bytes; diffs; repairs; logs.
 */
#include "config.h"

#include <fcntl.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/utf16.h"
#include "bcd/bcd.h"
#include "hive/hive.h"
#include "hive-dump.h"
#include "repair/repair.h"
#include "session/session.h"
#include "stores.h"
#include "tap.h"
#include "txn/txn.h"

static void test_undo_redo(void)
{
	struct wr_error err = {0};
	const char *path = tap_path("sb.hive");
	struct wr_hive *h;
	struct wr_stage *s = wr_stage_new();
	char *before, *after, *again;
	struct wr_repair_opts o;
	size_t hv;

	ok(store_create("safeboot-inherited", path, &err) == 0, "store built: %s", err.msg);
	h = wr_hive_open(path, WR_HIVE_WRITE, &err);
	wr_stage_add_hive(s, h, WR_KIND_BCD, "sb.hive", "BCD00000000", NULL, &hv, &err);
	before = dump_hive(h);
	wr_repair_opts_default(&o);
	is_int(wr_repair_stage(WR_REPAIR_SAFEBOOT, s, hv, &o, &err), 0, "safeboot staged");
	is_int(wr_repair_stage(WR_REPAIR_SERIAL, s, hv, &o, &err), 0, "serial staged");
	is_int(wr_stage_count(s), 2, "two transactions");
	after = dump_hive(h);
	ok(strcmp(before, after) != 0, "the hive changed in memory");
	is_int(wr_stage_undo(s, &err), 0, "undo serial");
	is_int(wr_stage_undo(s, &err), 0, "undo safeboot");
	is_int(wr_stage_undo(s, &err), 1, "nothing more to undo");
	again = dump_hive(h);
	is_str(again, before, "after undo every key and value is byte-identical");
	free(again);
	is_int(wr_stage_redo_count(s), 2, "two can be redone");
	is_int(wr_stage_redo(s, &err), 0, "redo safeboot");
	is_int(wr_stage_redo(s, &err), 0, "redo serial");
	again = dump_hive(h);
	is_str(again, after, "redo gives the same bytes as the first time");
	free(again);
	wr_stage_undo(s, &err);
	ok(wr_txn_begin(s, "edit", &err) == 0 &&
	       wr_txn_reg_set(s, hv, "Objects\\New", "V", WR_REG_DWORD, "\1\0\0\0", 4, &err) == 0,
	   "a new edit: %s", err.msg);
	is_int(wr_txn_end(s), 0, "filed");
	is_int(wr_stage_redo_count(s), 0, "a new edit clears what could be redone");
	wr_stage_undo(s, &err);
	wr_stage_undo(s, &err);
	again = dump_hive(h);
	is_str(again, before, "undo of a value in a new key removes the key too");
	free(again);
	free(before);
	free(after);
	wr_stage_free(s);
	wr_hive_close(h);
}

static void test_delete_key(void)
{
	struct wr_error err = {0};
	const char *path = tap_path("bios.hive");
	struct wr_stage *s = wr_stage_new();
	struct wr_hive *h;
	struct wr_buf diff = WR_BUF_INIT;
	char *before, *again;
	size_t hv;

	store_create("bios", path, &err);
	h = wr_hive_open(path, WR_HIVE_WRITE, &err);
	wr_stage_add_hive(s, h, WR_KIND_BCD, "BCD", "BCD00000000", NULL, &hv, &err);
	before = dump_hive(h);
	wr_txn_begin(s, "drop", &err);
	is_int(
	    wr_txn_reg_delete_key(s, hv, "Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}", &err),
	    0, "a whole object deleted");
	is_int(wr_txn_reg_delete_value(s, hv, "Description", "KeyName", &err), 0,
	       "a value deleted");
	wr_txn_end(s);
	wr_txn_render(s, wr_stage_txn(s, 0), WR_DIFF_COMMANDS, &diff);
	is_str(wr_buf_str(&diff),
	       "  REG DELETE "
	       "\"HKLM\\BCD00000000\\Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\" /f\n"
	       "  REG DELETE \"HKLM\\BCD00000000\\Description\" /v KeyName /f\n",
	       "REG commands for the deletes");
	wr_stage_undo(s, &err);
	again = dump_hive(h);
	is_str(again, before, "undo of a key delete brings back every subkey and value");
	free(again);
	free(before);
	wr_buf_free(&diff);
	wr_stage_free(s);
	wr_hive_close(h);
}

/* A key made alone, with its missing parents: shown once, undone whole. */
static void test_add_key(void)
{
	struct wr_error err = {0};
	const char *path = tap_path("addkey.hive");
	struct wr_stage *s = wr_stage_new();
	struct wr_buf diff = WR_BUF_INIT;
	struct wr_hive *h;
	char *before, *again;
	char **names = NULL;
	size_t hv, n_names = 9;
	wr_node n = 0;

	store_create("bios", path, &err);
	h = wr_hive_open(path, WR_HIVE_WRITE, &err);
	wr_stage_add_hive(s, h, WR_KIND_SYSTEM, "SYSTEM", "BROKENSYSTEM", NULL, &hv, &err);
	before = dump_hive(h);
	wr_txn_begin(s, "key", &err);
	is_int(wr_txn_reg_add_key(s, hv, "Objects\\New\\Deep", &err), 0, "a key and its parent");
	is_int(wr_txn_reg_add_key(s, hv, "objects\\new", &err), 0, "one that is there: accepted");
	is_int(wr_txn_end(s), 0, "filed");
	is_int(wr_stage_txn(s, 0)->n_edits, 2, "two raw edits: New, then Deep");
	is_int(wr_stage_txn(s, 0)->n_changes, 1, "one change");
	ok(wr_hive_lookup(h, wr_hive_root(h), "Objects\\New\\Deep", &n, &err) == 0 &&
	       wr_hive_value_names(h, n, &names, &n_names, &err) == 0 && n_names == 0,
	   "the key is there, with no value");
	free(names);
	wr_txn_render(s, wr_stage_txn(s, 0), WR_DIFF_COMMANDS | WR_DIFF_VALUES, &diff);
	is_str(wr_buf_str(&diff),
	       "  REG ADD \"HKLM\\BROKENSYSTEM\\Objects\\New\\Deep\" /f\n"
	       "      Objects\\New\\Deep: a new key\n",
	       "shown as a REG ADD and as a new key");
	wr_txn_begin(s, "again", &err);
	wr_txn_reg_add_key(s, hv, "Objects\\New\\Deep", &err);
	is_int(wr_txn_end(s), 1, "adding it again changes nothing");
	wr_stage_undo(s, &err);
	again = dump_hive(h);
	is_str(again, before, "undo removes both keys");
	free(again);
	free(before);
	wr_buf_free(&diff);
	wr_stage_free(s);
	wr_hive_close(h);
}

static void test_diff(void)
{
	struct wr_error err = {0};
	const char *path = tap_path("min.hive");
	struct wr_stage *s = wr_stage_new();
	struct wr_buf b = WR_BUF_INIT;
	struct wr_hive *h;
	struct wr_repair_opts o;
	size_t hv;

	store_create("safeboot-minimal", path, &err);
	h = wr_hive_open(path, WR_HIVE_WRITE, &err);
	wr_stage_add_hive(s, h, WR_KIND_BCD, "F:\\boot\\bcd", "BCD00000000", NULL, &hv, &err);
	wr_repair_opts_default(&o);
	wr_repair_stage(WR_REPAIR_SAFEBOOT, s, hv, &o, &err);
	wr_txn_render(s, wr_stage_txn(s, 0), WR_DIFF_COMMANDS | WR_DIFF_VALUES, &b);
	is_str(wr_buf_str(&b),
	       "  bcdedit /store \"F:\\boot\\bcd\" /deletevalue {default} safeboot\n"
	       "      {default} safeboot: Minimal -> (not set)\n",
	       "the article's command, and before -> after");
	wr_buf_free(&b);
	wr_stage_free(s);
	wr_hive_close(h);
}

/* REG ADD as cmd.exe takes it: %SystemRoot% must reach the registry as typed. */
static void test_reg_command(void)
{
	struct wr_error err = {0};
	const char *path = tap_path("reg.hive");
	struct wr_stage *s = wr_stage_new();
	struct wr_buf b = WR_BUF_INIT;
	struct wr_hive *h;
	uint8_t *text;
	size_t len, hv;

	store_create("bios", path, &err);
	h = wr_hive_open(path, WR_HIVE_WRITE, &err);
	wr_stage_add_hive(s, h, WR_KIND_SYSTEM, "SYSTEM", "BROKENSYSTEM", NULL, &hv, &err);
	text = wr_utf16le_encode("%SystemRoot%\\MEMORY.DMP", &len);
	wr_txn_begin(s, "dump", &err);
	wr_txn_reg_set(s, hv, "ControlSet001\\Control\\CrashControl", "DumpFile", WR_REG_EXPAND_SZ,
	               text, len, &err);
	wr_txn_end(s);
	wr_txn_render(s, wr_stage_txn(s, 0), WR_DIFF_COMMANDS | WR_DIFF_VALUES, &b);
	is_str(wr_buf_str(&b),
	       "  REG ADD \"HKLM\\BROKENSYSTEM\\ControlSet001\\Control\\CrashControl\" /v DumpFile "
	       "/t REG_EXPAND_SZ /d \"^%SystemRoot^%\\MEMORY.DMP\" /f\n"
	       "      ControlSet001\\Control\\CrashControl DumpFile: (not set) -> REG_EXPAND_SZ "
	       "\"%SystemRoot%\\MEMORY.DMP\"\n",
	       "REG ADD escapes %% for cmd.exe; the value itself is shown as stored");
	free(text);
	wr_buf_free(&b);
	wr_stage_free(s);
	wr_hive_close(h);
}

/* A journal line is one compact JSON object: the layout json-c wrote
 * before, integers as integers, '/' as it is, text that cannot drive a
 * terminal. */
static void test_journal_line(void)
{
	struct wr_error err = {0};
	const char *path = tap_path("journal.hive");
	struct wr_stage *s = wr_stage_new();
	struct wr_journal_where w = {.file = "/x/SYSTEM", .kind = "system"};
	struct wr_write_report rep = {
	    .sha256_before = "b", .sha256_after = "a", .disk_backup = "/x/bak"};
	json_object *o, *v;
	const char *edits;
	struct wr_hive *h;
	char *line;
	size_t hv;

	store_create("system", path, &err);
	h = wr_hive_open(path, WR_HIVE_WRITE, &err);
	wr_stage_add_hive(s, h, WR_KIND_SYSTEM, "SYSTEM", "BROKENSYSTEM", NULL, &hv, &err);
	wr_txn_begin(s, "edit", &err);
	wr_txn_reg_set(s, hv, "New\\Key", "a/b\033", WR_REG_DWORD, "\7\0\0\0", 4, &err);
	wr_txn_end(s);
	line = wr_journal_commit_line("ID", false, s, hv, &w, &rep);
	ok(line && strchr(line, '\n') == line + strlen(line) - 1, "the record is one line");
	edits = line ? strstr(line, "\"edits\":") : NULL;
	is_str(edits,
	       "\"edits\":[{\"op\":\"add-key\",\"key\":\"New\"},{\"op\":\"add-key\",\"key\":"
	       "\"New\\\\Key\"},{\"op\":\"set\",\"key\":\"New\\\\Key\",\"name\":\"a/b\\u001b\","
	       "\"before\":null,\"after\":{\"type\":4,\"hex\":\"07000000\"}}]}\n",
	       "edits in order, no spaces, the escape escaped, '/' as it is");
	o = line ? json_tokener_parse(line) : NULL;
	ok(o && json_object_object_get_ex(o, "format", &v) &&
	       strcmp(json_object_get_string(v), "winrescue-journal/1") == 0,
	   "json-c reads it back");
	v = json_object_array_get_idx(json_object_object_get(o, "edits"), 2);
	v = json_object_object_get(json_object_object_get(v, "after"), "type");
	ok(json_object_is_type(v, json_type_int) && json_object_get_int(v) == 4,
	   "a value's type is an integer");
	json_object_put(o);
	free(line);
	wr_stage_free(s);
	wr_hive_close(h);
}

static void test_read_only(void)
{
	struct wr_error err = {0};
	const char *path = tap_path("ro.hive");
	struct wr_stage *s = wr_stage_new();
	struct wr_hive *h;
	struct wr_repair_opts o;
	size_t hv;

	store_create("safeboot-minimal", path, &err);
	h = wr_hive_open(path, WR_HIVE_WRITE, &err);
	wr_stage_add_hive(s, h, WR_KIND_BCD, "BCD", "BCD00000000", "BCD is dirty", &hv, &err);
	wr_repair_opts_default(&o);
	is_int(wr_repair_stage(WR_REPAIR_SAFEBOOT, s, hv, &o, &err), -1, "a blocked hive: no edit");
	is_str(err.msg, "BCD is dirty", "... with the reason");
	is_int(wr_stage_count(s), 0, "... and no transaction left");
	wr_stage_free(s);
	wr_hive_close(h);
}

/* A file copy rides in a transaction beside its store: shown in the diff,
 * counted as touching the store but not as editing it, journalled as its
 * own record of the commit it is part of, kept over an empty end, and
 * dropped and taken again by undo and redo. */
static void test_copy(void)
{
	struct wr_error err = {0};
	const char *path = tap_path("copy.hive");
	struct wr_stage *s = wr_stage_new();
	struct wr_file_copy c = {.part = 0,
	                         .from_part = 1,
	                         .path = "/EFI/Boot/bootx64.efi",
	                         .from = "/Windows/Boot/EFI/bootmgfw.efi",
	                         .shown_path = "d.img#1 \\EFI\\Boot\\bootx64.efi",
	                         .shown_from = "d.img#3 \\Windows\\Boot\\EFI\\bootmgfw.efi",
	                         .sha256 = "8709c91bcfc6a6e2aa",
	                         .size = 1536};
	struct wr_journal_where w = {.disk = "d.img",
	                             .partition = "d.img#1",
	                             .hive = "\\EFI\\Microsoft\\Boot\\BCD",
	                             .kind = "bcd",
	                             .boot_file = "\\EFI\\Boot\\bootx64.efi"};
	struct wr_write_report rep = {.sha256_after = "8709c91bcfc6a6e2aa", .created = true};
	struct wr_buf diff = WR_BUF_INIT;
	struct wr_hive *h;
	json_object *o, *v;
	char *line;
	size_t hv;

	store_create("safeboot-minimal", path, &err);
	h = wr_hive_open(path, WR_HIVE_WRITE, &err);
	wr_stage_add_hive(s, h, WR_KIND_BCD, "BCD", "BCD00000000", NULL, &hv, &err);
	c.hive = hv;
	wr_txn_begin(s, "rebuild", &err);
	is_int(wr_txn_copy_file(s, &c, &err), 0, "a copy staged");
	is_int(wr_txn_end(s), 0, "a transaction of copies only is kept");
	ok(wr_stage_touches(s, hv) && !wr_stage_edits(s, hv),
	   "it touches the store (the commit writes it there), but edits nothing in it");
	wr_stage_render(s, WR_DIFF_COMMANDS | WR_DIFF_VALUES, &diff, &err);
	is_str(wr_buf_str(&diff),
	       "Transaction rebuild:\n"
	       "  copy \"d.img#3 \\Windows\\Boot\\EFI\\bootmgfw.efi\" \"d.img#1 "
	       "\\EFI\\Boot\\bootx64.efi\"\n"
	       "      d.img#1 \\EFI\\Boot\\bootx64.efi: (missing) -> sha256 8709c91bcfc6a6e2... "
	       "(1.5 KiB)\n",
	       "the diff: the copy as a command, and what is there before and after");
	line = wr_journal_copy_line("ID-2", false, "ID-1", wr_stage_txn(s, 0),
	                            &wr_stage_txn(s, 0)->copies[0], &w, &rep);
	o = line ? json_tokener_parse(line) : NULL;
	ok(o && json_object_object_get_ex(o, "boot_file", &v) &&
	       strcmp(json_object_get_string(v), "\\EFI\\Boot\\bootx64.efi") == 0 &&
	       json_object_object_get_ex(o, "part_of", &v) &&
	       strcmp(json_object_get_string(v), "ID-1") == 0 &&
	       json_object_object_get_ex(o, "hive", &v) &&
	       strcmp(json_object_get_string(v), "\\EFI\\Microsoft\\Boot\\BCD") == 0,
	   "its journal record: the file, the store whose journal holds it, the commit it is part "
	   "of");
	is_int(wr_stage_undo(s, &err), 0, "undo drops it");
	ok(!wr_stage_touches(s, hv), "... nothing touches the store then");
	is_int(wr_stage_redo(s, &err), 0, "redo takes it again");
	ok(wr_stage_touches(s, hv), "... and it touches the store again");
	wr_stage_forget_hive(s, hv);
	is_int(wr_stage_count(s), 0, "forgotten with the store it goes with");
	json_object_put(o);
	free(line);
	wr_buf_free(&diff);
	wr_stage_free(s);
	wr_hive_close(h);
}

int main(void)
{
	test_copy();
	test_undo_redo();
	test_delete_key();
	test_add_key();
	test_diff();
	test_reg_command();
	test_read_only();
	test_journal_line();
	return tap_done();
}
