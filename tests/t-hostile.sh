#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Text from a hive, a journal or a file name never reaches the terminal raw.
# A store full of terminal controls (mkstore hostile: a window title, a
# clipboard write, a screen clear, C1 CSI, bidirectional controls, a
# newline) under a file name holding some too, through every output path:
# no control byte in stdout, stderr, the report or the console's screen,
# and the escaped forms (\x1b, \u202e) shown instead.
. "${srcdir:-.}/tests/lib.sh"
need jq
W=$WINRESCUE
XDG_STATE_HOME=$TMP/state
export XDG_STATE_HOME

need_raw_check
# shows DESC FILE TEXT: the escaped form, as a fixed string.
shows() { check "$1" grep -qF -- "$3" "$2"; }

# STORE_HOSTILE (tests/stores.h) as it must be shown.
SHOWN='\x1b]2;x\x07 \x1b]52;c;aG9zdGlsZQ==\x07 \x1b[2J \x7f \u009b31m \u2066\u200f\u061c \u202eexe.txt\x0aforged'
# A file name with ESC, BEL, U+202E, U+009B, a byte that is not UTF-8 and
# a newline; and the same as a JSON string.
BAD=$(printf 'BCD-\033]2;x\007-\342\200\256-\302\233-\377\nforged')
BAD_SHOWN='BCD-\x1b]2;x\x07-\u202e-\u009b-\xff\x0aforged'
BAD_JSON=$(printf 'BCD-\\u001b]2;x\\u0007-\\u202e-\\u009b-\377\\nforged')

"$MKSTORE" hostile "$TMP/$BAD" || bail "mkstore failed"
"$MKSTORE" system "$TMP/SYSTEM" || bail "mkstore failed"
cp "$TMP/$BAD" "$TMP/orig"

# bcd enum: plain, everything, inherited.
"$W" bcd enum --store "$TMP/$BAD" > "$TMP/enum.out" 2> "$TMP/enum.err"
clean "bcd enum" "$TMP/enum.out" "$TMP/enum.err"
shows "bcd enum: the description escaped, on one line" "$TMP/enum.out" "Loader $SHOWN"
shows "bcd enum: an element key's name escaped in the warning" "$TMP/enum.err" "element key \"Element $SHOWN\" is not an element type"
shows "bcd enum: the file name escaped in the warning" "$TMP/enum.err" "winrescue: $TMP/$BAD_SHOWN: warning:"
"$W" bcd enum --all --verbose --store "$TMP/$BAD" > "$TMP/all.out" 2> "$TMP/all.err"
clean "bcd enum --all --verbose" "$TMP/all.out" "$TMP/all.err"
shows "bcd enum --all --verbose: the path escaped" "$TMP/all.out" "\\$SHOWN.efi"
"$W" bcd enum --inherited --store "$TMP/$BAD" > "$TMP/inh.out" 2> "$TMP/inh.err"
clean "bcd enum --inherited" "$TMP/inh.out" "$TMP/inh.err"

# JSON: escaped as \u sequences, the same strings once parsed.
"$W" bcd enum --all --json --store "$TMP/$BAD" > "$TMP/enum.json" 2> "$TMP/json.err"
clean "bcd enum --json" "$TMP/enum.json" "$TMP/json.err"
shows "bcd enum --json: U+009B as \\u009b" "$TMP/enum.json" 'Loader \u001b]2;x\u0007 \u001b]52;c;aG9zdGlsZQ==\u0007 \u001b[2J \u007f \u009b31m \u2066\u200f\u061c \u202eexe.txt\nforged'
printf 'Loader \033]2;x\007 \033]52;c;aG9zdGlsZQ==\007 \033[2J \177 \302\23331m \342\201\246\342\200\217\330\234 \342\200\256exe.txt\nforged' > "$TMP/loader.want"
jq -j '.objects[] | select(.guid == "{3f0b9a52-7c1d-11ee-b962-0242ac120002}") | .elements[] | select(.id == "12000004") | .value' "$TMP/enum.json" > "$TMP/loader.got"
check "bcd enum --json: jq gives the description back byte for byte" cmp "$TMP/loader.want" "$TMP/loader.got"

# A terminal whose locale is not UTF-8 (LC_ALL=C): there UTF-8's own bytes
# can be C1 controls (0x9b is CSI in Latin-1), so nothing above ASCII goes
# out raw, in text or in JSON, and JSON still parses to the same string.
# The file name holds U+011B (C4 9B in UTF-8).
LATIN=$TMP/$(printf 'BCD-\304\233')
cp "$TMP/$BAD" "$LATIN"
LC_ALL=C "$W" bcd enum --store "$LATIN" > "$TMP/c.out" 2> "$TMP/c.err"
check "C locale: not one byte above ASCII in text" sh -c '! LC_ALL=C grep -aqP "[\x80-\xff]" "$0" "$1"' "$TMP/c.out" "$TMP/c.err"
shows "C locale: U+202E shown as \\u202e" "$TMP/c.out" '\u202eexe.txt'
shows "C locale: U+011B in the file name shown as \\u011b" "$TMP/c.err" "$TMP/BCD-\\u011b: warning:"
LC_ALL=C "$W" bcd enum --all --json --store "$LATIN" > "$TMP/c.json" 2> /dev/null
check "C locale: not one byte above ASCII in JSON" sh -c '! LC_ALL=C grep -aqP "[\x80-\xff]" "$0"' "$TMP/c.json"
jq -j '.objects[] | select(.guid == "{3f0b9a52-7c1d-11ee-b962-0242ac120002}") | .elements[] | select(.id == "12000004") | .value' "$TMP/c.json" > "$TMP/c-loader.got"
check "C locale: jq gives the description back byte for byte" cmp "$TMP/loader.want" "$TMP/c-loader.got"

# hive check: the file name, and its log's.
printf 'not a log' > "$TMP/$BAD.LOG1"
"$W" hive check "$TMP/$BAD" > "$TMP/check.out" 2> "$TMP/check.err"
clean "hive check" "$TMP/check.out" "$TMP/check.err"
shows "hive check: the file name escaped" "$TMP/check.out" "$TMP/$BAD_SHOWN: clean"
shows "hive check: the log's name escaped" "$TMP/check.out" "  $BAD_SHOWN.LOG1: "
rm "$TMP/$BAD.LOG1"

# "cannot open": the name given, escaped.
"$W" bcd enum --store "$TMP/missing-$BAD" > "$TMP/open.out" 2> "$TMP/open.err"
clean "cannot open" "$TMP/open.out" "$TMP/open.err"
shows "cannot open: the name escaped" "$TMP/open.err" "$TMP/missing-$BAD_SHOWN"
"$W" hive check "$TMP/missing-$BAD" > "$TMP/open2.out" 2> "$TMP/open2.err"
clean "hive check, cannot open" "$TMP/open2.out" "$TMP/open2.err"

# repair: the dry run, then the commit on a copy.
"$W" repair safeboot --store "$TMP/$BAD" --dry-run > "$TMP/dry.out" 2> "$TMP/dry.err"
clean "repair --dry-run" "$TMP/dry.out" "$TMP/dry.err"
shows "repair --dry-run: the store's name escaped" "$TMP/dry.out" "safeboot: needed ($TMP/$BAD_SHOWN)"
shows "repair --dry-run: the loader's description escaped" "$TMP/dry.out" "Loader $SHOWN"
"$W" repair safeboot --store "$TMP/$BAD" --yes > "$TMP/yes.out" 2> "$TMP/yes.err"
rc=$?
check "repair --yes: done (rc=$rc)" test $rc -eq 0
clean "repair --yes" "$TMP/yes.out" "$TMP/yes.err"
shows "repair --yes: the backup's name escaped" "$TMP/yes.out" "$BAD_SHOWN.winrescue-"

# undo --list: the journal's records, one of them forged.
printf '{"format":"winrescue-journal/1","id":"id\\u001b]2;x\\u0007","time":"t\\u202e","action":"commit","hive":"%s","sha256_before":"a","sha256_after":"b","backup":"c","summary":"s\\u009b\\nforged"}\n' \
	"$TMP/$BAD_JSON" >> "$TMP/winrescue-journal.jsonl"
"$W" undo --list --store "$TMP/$BAD" > "$TMP/list.out" 2> "$TMP/list.err"
clean "undo --list" "$TMP/list.out" "$TMP/list.err"
shows "undo --list: the store's name escaped" "$TMP/list.out" "$TMP/$BAD_SHOWN:"
shows "undo --list: the forged record escaped" "$TMP/list.out" 's\u009b\x0aforged'

# checklist run: the screen and the Markdown report.
cp "$TMP/orig" "$TMP/$BAD"
"$W" checklist run safe-mode --store "$TMP/$BAD" --system "$TMP/SYSTEM" --yes \
	--report "$TMP/report.md" > "$TMP/run.out" 2> "$TMP/run.err"
clean "checklist run" "$TMP/run.out" "$TMP/run.err" "$TMP/report.md"
shows "checklist run: the loader's description escaped" "$TMP/run.out" "Loader $SHOWN"
shows "report: the hive's name escaped" "$TMP/report.md" "- Hive: \`$TMP/$BAD_SHOWN\`"
check "report: no line made by a name's newline" sh -c "! grep -q '^forged' '$TMP/report.md'"

# The console, headless: the title, the panes, a dialog, the registry pane
# and an input line, each screen dumped (:save-display) and checked.
cp "$TMP/orig" "$TMP/$BAD"
cat > "$TMP/console.steps" <<EOF
:save-display $TMP/console-findings.txt
f
:save-display $TMP/console-start.txt
<F2>
<Enter>
:save-display $TMP/console-check.txt
<Esc>
o
/
Objects
<Enter>
<Enter>
/
{3f0b9a52
<Enter>
<Enter>
/
Description
<Enter>
<Enter>
/
Elements
<Enter>
<Enter>
/
Element
<Enter>
:save-display $TMP/console-registry.txt
/
Value
<Enter>
e
:save-display $TMP/console-input.txt
<Esc>
q
EOF
LINES=40 COLUMNS=200 WINRESCUE_SCRIPT="$TMP/console.steps" "$W" --store "$TMP/$BAD" \
	> "$TMP/console.out" 2> "$TMP/console.err"
rc=$?
check "console: exits 0 (rc=$rc)" test $rc -eq 0
clean "console" "$TMP/console.out" "$TMP/console.err" "$TMP"/console-*.txt
shows "console: the title shows the file name escaped" "$TMP/console-start.txt" " winrescue  $TMP/$BAD_SHOWN"
shows "console: the objects pane shows a description escaped" "$TMP/console-start.txt" '|{bootmgr}     Manager \x1b]2;x\x07 \x1b]52;'
shows "console: the elements pane shows the path escaped" "$TMP/console-start.txt" "systemroot              \\$SHOWN"
shows "console: the Findings view shows the evidence escaped" "$TMP/console-findings.txt" "|  {default} (Loader $SHOWN): starts in Safe Mode"
shows "console: a dialog shows the description escaped" "$TMP/console-check.txt" "| {default} (Loader $SHOWN): starts in Safe Mode |"
shows "console: the registry pane shows an object key's name escaped" "$TMP/console-registry.txt" "  + Object $SHOWN  "
shows "console: ... an element key's name" "$TMP/console-registry.txt" "      + Element $SHOWN  "
shows "console: ... a value's name" "$TMP/console-registry.txt" "        Value $SHOWN = REG_SZ"
shows "console: an input line shows the value escaped" "$TMP/console-input.txt" "| Data $SHOWN  "
shows "console: ... its prompt the value's name" "$TMP/console-input.txt" "| Value $SHOWN (type 1;"

done_testing
