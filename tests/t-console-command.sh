#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The console's command line (:), headless at 80x24: a bcdedit command
# staged and written, a reg query's output in a box, an error on the status
# line, and the history brought back with Up from the state directory.
. "${srcdir:-.}/tests/lib.sh"
need hivexregedit
XDG_STATE_HOME=$TMP/state
export XDG_STATE_HOME
"$MKSTORE" safeboot-minimal "$TMP/BCD" || bail "mkstore failed"
"$MKSTORE" system "$TMP/SYSTEM" || bail "mkstore failed"

TERM=vt100
export TERM

# A line beginning with ':' is the script's own; " :" types the key.
console cmd --store "$TMP/BCD" --system "$TMP/SYSTEM" <<'EOF'
f :
:save-display prompt
bcdedit <Space> /set <Space> {bootmgr} <Space> timeout <Space> 8
<Enter>
:save-display staged
 :
reg <Space> query <Space> HKLM\BROKENSYSTEM\Select
<Enter>
:save-display query
<Enter>
 :
<Up>
<Up>
:save-display recalled
<Esc>
 :
nosuch <Space> thing
<Enter>
:save-display error
w
y
:wait
<Enter>
q
EOF
rc=$?
check "console exits 0 (rc=$rc: $(head -1 "$TMP/cmd.err"))" test $rc -eq 0
shows ": opens the command line" cmd-prompt 'bcdedit or reg, as on Windows (Up: earlier ones):'
shows "a bcdedit command is staged, bcdedit's words on the status line" cmd-staged '^staged, w writes it: The operation completed successfully\.'
shows "... in the pending pane as a command" cmd-staged 'timeout 8'
shows "reg query's output in a box titled with the command" cmd-query 'reg query HKLM\\BROKENSYSTEM\\Select'
shows "... reg.exe's layout" cmd-query '| *Current    REG_DWORD    0x1 *|'
shows "Up twice: the command before the last" cmd-recalled 'bcdedit /set {bootmgr} timeout 8'
shows "an unknown command: one line on the status line" cmd-error '^nosuch: winrescue runs bcdedit and reg commands'
check "written: timeout 8 in the store" sh -c "hivexregedit --export '$TMP/BCD' '\\Objects' | grep -A1 -i '25000004\\]' | grep -qi '\"Element\"=hex(3):08,00,00,00,00,00,00,00'"
H=$XDG_STATE_HOME/winrescue/command-history
check "the history is kept in the state directory, one line each" \
	test "$(cat "$H")" = "$(printf '%s\n' 'bcdedit /set {bootmgr} timeout 8' 'reg query HKLM\BROKENSYSTEM\Select' 'nosuch thing')"
check "... readable by its owner only" test "$(stat -c %a "$H")" = 600

# The next session brings it back.
console again --store "$TMP/BCD" <<'EOF'
f :
<Up>
:save-display recalled
<Esc>
q
EOF
shows "a new console: Up brings back the last command" again-recalled 'nosuch thing'

done_testing
