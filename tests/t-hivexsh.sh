#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# hivexsh (another hivex client) reads and edits the hive our writer makes.
. "${srcdir:-.}/tests/lib.sh"

need hivexsh
"$MKSTORE" bios "$TMP/BCD" || bail "mkstore failed"
printf 'ls\ncd Objects\nls\n' | hivexsh "$TMP/BCD" > "$TMP/ls.out" 2>&1
check "hivexsh lists the demo store's root" grep -qx 'Objects' "$TMP/ls.out"
check "hivexsh lists {bootmgr} under Objects" grep -qx '{9dea862c-5cdd-4e70-acc1-f32b344d4795}' "$TMP/ls.out"
printf 'add Extra\ncommit\n' | hivexsh -w "$TMP/BCD" > "$TMP/add.out" 2>&1
check "hivexsh adds a key and commits" test $? -eq 0
printf 'ls\n' | hivexsh "$TMP/BCD" > "$TMP/ls2.out" 2>&1
check "the key hivexsh added is there" grep -qx 'Extra' "$TMP/ls2.out"
check "our reader still opens the store" "$WINRESCUE" bcd enum --store "$TMP/BCD"
done_testing
