#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A write interrupted between its intent record and its commit record (a
# crash) is settled by the next winrescue that loads the hive: completed when
# the new file is in place, closed as abandoned when the original is, and
# said so by the command line and the console.
. "${srcdir:-.}/tests/lib.sh"
need jq
W=$WINRESCUE
export XDG_STATE_HOME=$TMP/state TMPDIR=$TMP/tmp
mkdir -p "$TMP/tmp"
sha() { sha256sum "$1" | cut -c1-64; }
H=$TMP/state/winrescue/journal.jsonl
# crashed DIR: a safeboot commit of DIR/BCD whose records end at the intent
# in both journals (what a kill right after the rename leaves).
crashed() {
	mkdir -p "$1"
	"$MKSTORE" safeboot-minimal "$1/BCD" || bail "mkstore failed"
	"$W" repair safeboot --store "$1/BCD" --yes > /dev/null 2>&1 || bail "repair failed"
	sed -i '$d' "$1/winrescue-journal.jsonl"
	sed -i '$d' "$H"
}
actions() { jq -r .action "$1" | tr '\n' ' '; }

crashed "$TMP/done"
check "set up: the journal beside the store ends at an intent" test "$(actions "$TMP/done/winrescue-journal.jsonl")" = "intent "
"$W" undo --list --store "$TMP/done/BCD" > "$TMP/out" 2> "$TMP/err"
check "the new file in place: undo --list says the record is now complete" \
	grep -q "BCD: write .* was interrupted after the new file was put in place: its journal record is now complete" "$TMP/out"
check "... both journals end with a recovered commit of it" sh -c \
	"test \"\$(jq -c 'select(.action == \"commit\") | .recovered' '$TMP/done/winrescue-journal.jsonl' '$H' | tail -2 | tr -d '\n')\" = truetrue"
check "... and undo --list shows it as a commit" grep -q "  commit  *safeboot" "$TMP/out"
check "... which undo rolls back" "$W" undo --store "$TMP/done/BCD" --yes

crashed "$TMP/undone"
cp "$TMP/undone/"BCD.winrescue-*.bak "$TMP/undone/BCD" # as if the rename had not happened
before=$(sha "$TMP/undone/BCD")
"$W" undo --list --store "$TMP/undone/BCD" > "$TMP/out" 2> "$TMP/err"
check "the original in place: the record is closed as abandoned, saying so" \
	grep -q "was interrupted before the file was replaced: the file is as it was, and the record is closed as abandoned" "$TMP/out"
check "... both journals end with abandon" sh -c \
	"test \"\$(jq -r .action '$TMP/undone/winrescue-journal.jsonl' | tail -1)\" = abandon && test \"\$(jq -r .action '$H' | tail -1)\" = abandon"
check "... undo has nothing to roll back, and the store is untouched" sh -c \
	"'$W' undo --store '$TMP/undone/BCD' --yes > '$TMP/out2' 2>&1; test '$(sha "$TMP/undone/BCD")' = '$before'"

# Only the host's journal lost its commit record (the crash came between
# the two appends): it is completed from the one beside the hive.
mkdir -p "$TMP/half"
"$MKSTORE" safeboot-minimal "$TMP/half/BCD" || bail "mkstore failed"
"$W" repair safeboot --store "$TMP/half/BCD" --yes > /dev/null 2>&1 || bail "repair failed"
sed -i '$d' "$H"
"$W" undo --list --store "$TMP/half/BCD" > /dev/null 2>&1
check "the host's journal alone left at the intent: completed too" test "$(jq -r .action "$H" | tail -1)" = commit

# The console says it on its status line.
crashed "$TMP/con"
printf ':save-display %s\nq\n' "$TMP/con.txt" > "$TMP/con.steps"
LINES=24 COLUMNS=200 WINRESCUE_SCRIPT="$TMP/con.steps" "$W" --store "$TMP/con/BCD" > /dev/null 2>&1
check "the console: its status line says the record is now complete" grep -q "its journal record is now complete" "$TMP/con.txt"

# A leftover .winrescue-new and a dead process's working directory go at the next start.
echo leftover > "$TMP/done/BCD.winrescue-new"
mkdir "$TMP/tmp/winrescue-999999999-abcdef"
"$W" undo --list --store "$TMP/done/BCD" > /dev/null 2>&1
check "a .winrescue-new left beside the store is removed at the next load" test ! -e "$TMP/done/BCD.winrescue-new"
check "a dead process's working directory is removed at the next start" test ! -e "$TMP/tmp/winrescue-999999999-abcdef"
check "... and this run left none" sh -c "! ls -d '$TMP'/tmp/winrescue-* 2> /dev/null"
done_testing
