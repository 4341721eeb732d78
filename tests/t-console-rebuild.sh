#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The console's Findings on a disk whose boot store is junk: Enter on the
# finding asks before the rebuild, with its report (what it replaces), at
# 80x24 on a vt100; no (or Esc) stages nothing, and the repairs menu, scrolled
# to rebuild, asks with the same report; yes stages the rebuild, and quitting
# discards it, the image untouched.  Two appliance launches: the disk is
# built, then opened in the console.
. "${srcdir:-.}/tests/lib.sh"

if [ "${WINRESCUE_SKIP_APPLIANCE:-}" = 1 ]; then
	echo "1..0 # SKIP WINRESCUE_SKIP_APPLIANCE=1"; exit 0
fi
ls /boot/vmlinuz-* > /dev/null 2>&1 || { echo "1..0 # SKIP no kernel for the appliance (install linux-image-amd64)"; exit 0; }
W=$WINRESCUE
Z=$TMP/badstore.img
"$MKDISK" badstore "$Z" > "$TMP/mkdisk.out" 2> "$TMP/mkdisk.err" ||
	bail "mkdisk failed: $(cat "$TMP/mkdisk.err")"
before=$(sha256sum < "$Z")

cat > "$TMP/steps" <<EOF
:wait
:save-display $TMP/findings.txt
<Enter>
:save-display $TMP/ask.txt
n
:save-display $TMP/no.txt
<Enter>
:save-display $TMP/ask-again.txt
<Esc>
:save-display $TMP/esc.txt
<F2>
<End>
:save-display $TMP/menu.txt
<Enter>
:save-display $TMP/menu-ask.txt
n
f
:save-display $TMP/panes-no.txt
f
<Enter>
y
:save-display $TMP/yes.txt
f
:save-display $TMP/panes-yes.txt
q
:save-display $TMP/quit.txt
y
EOF
XDG_STATE_HOME=$TMP/state TERM=vt100 LINES=24 COLUMNS=80 WINRESCUE_SCRIPT=$TMP/steps \
	"$W" "$Z" > "$TMP/con.out" 2> "$TMP/con.err"
rc=$?
check "the console ends: exit 0 (got $rc: $(tail -1 "$TMP/con.err"))" test "$rc" -eq 0

# has FILE TEXT: a line of the saved screen holds TEXT.
has() { grep -qF -- "$2" "$1"; }
# says FILE TEXT: the box across the screen (its text in columns 4-77 at 80
# columns), its wrapped lines joined, holds TEXT.
says() { cut -c4-77 "$1" | sed 's/^ *//; s/ *$//' | tr '\n' ' ' | grep -qF -- "$2"; }
check "the Findings open on the store that cannot be read" sh -c "sed -n 3p '$TMP/findings.txt' | grep -qF 'blocks-boot the boot store cannot be read'"
check "Enter asks, titled with the rebuild and the store" has "$TMP/ask.txt" "+- rebuild on $Z#1 \\Boot\\BCD -"
check "... the report's first line: the store it replaces" sh -c "grep -A1 -F '+- rebuild on ' '$TMP/ask.txt' | sed -n 2p | grep -qF '|   the store cannot be read (it does not start'"
check "... the old file kept" says "$TMP/ask.txt" "the store cannot be read (it does not start as a registry hive does): a new one replaces the file whole, the old file kept as a backup"
check "... each Windows' new loader" says "$TMP/ask.txt" "Windows Server 2022 Datacenter \\Windows: $Z#2 (Windows, ntfs, 67 MiB), a new loader"
check "... the objects it makes" says "$TMP/ask.txt" "new object {bootmgr} (Windows Boot Manager)"
check "... and the question with its keys" has "$TMP/ask.txt" "| Stage this repair?  y: yes  n: no"
check "... in a box that fits 80 columns" sh -c "awk 'length > 80 { exit 1 }' '$TMP/ask.txt'"
check "no: the status line says nothing was staged" sh -c "sed -n 23p '$TMP/no.txt' | grep -qx 'rebuild not staged: nothing changed *'"
check "... and the finding is still there" sh -c "sed -n 3p '$TMP/no.txt' | grep -qF 'the boot store cannot be read'"
check "Enter again asks again" has "$TMP/ask-again.txt" "| Stage this repair?  y: yes  n: no"
check "... Esc: nothing staged either" sh -c "sed -n 23p '$TMP/esc.txt' | grep -qx 'rebuild not staged: nothing changed *'"
check "the repairs menu scrolls to rebuild, the last, at 24 lines" sh -c "grep -q '^.| rebuild  *needed  *|.\$' '$TMP/menu.txt'"
check "... and asks with the same report" says "$TMP/menu-ask.txt" "the store cannot be read (it does not start as a registry hive does): a new one replaces the file whole, the old file kept as a backup"
check "... no, from the menu too: the Pending changes pane says nothing is staged" has "$TMP/panes-no.txt" "|nothing staged: F2 for repairs"
check "yes: the rebuild is staged" sh -c "sed -n 23p '$TMP/yes.txt' | grep -qx 'rebuild staged: see Pending changes; w writes, u undoes *'"
check "... the Pending changes pane shows its transaction" sh -c "grep -A1 -F 'Pending changes' '$TMP/panes-yes.txt' | grep -q '|rebuild  *|\$' && grep -qF 'bcdedit /store \"\\Boot\\BCD\" /create {' '$TMP/panes-yes.txt'"
check "quit asks to discard the staged change" has "$TMP/quit.txt" "1 staged change is not written."
check "nothing written: the image is as it was" test "$(sha256sum < "$Z")" = "$before"
check "... and no backup made" sh -c "! ls '$TMP'/state/winrescue/*.bak"
done_testing
