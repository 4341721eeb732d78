#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The console in a real terminal (tmux): the Findings view it opens on,
# resizing, colour and monochrome (TERM=vt100, NO_COLOR), keys, and the
# terminal given back on quit and on a signal.
. "${srcdir:-.}/tests/lib.sh"
need tmux
W=$WINRESCUE
"$MKSTORE" safeboot-minimal "$TMP/BCD" || bail "mkstore failed"
"$MKSTORE" system "$TMP/SYSTEM" || bail "mkstore failed"
SOCK=
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'for s in findings colour vt100 nocolor; do tmux -L "wr-test-$$-$s" kill-server 2>/dev/null; done; rm -rf "$TMP"' EXIT

# run NAME WIDTH HEIGHT ENV...: the console on $FILES in a fresh session;
# its pid is written to $TMP/NAME.pid, and when it ends the terminal's
# modes to $TMP/NAME.stty.
FILES="--store '$TMP/BCD'"
run() {
	name=$1 w=$2 h=$3
	shift 3
	[ -n "$SOCK" ] && T kill-server 2>/dev/null
	SOCK=wr-test-$$-$name # a server of its own: no race with the last one ending
	T new-session -d -x "$w" -y "$h" \
		"sh -c 'echo \$\$ > \"\$0\"; exec \"\$@\"' '$TMP/$name.pid' env XDG_STATE_HOME='$TMP/state' $* '$W' $FILES; stty -a > '$TMP/$name.stty'; sleep 60"
	wait_file "$TMP/$name.pid" || bail "the console did not start"
	PID=$(cat "$TMP/$name.pid")
}
screen() { T capture-pane -p -t 0; }
# until_screen TEST...: up to 15 s for the screen, on stdin, to pass TEST.
until_screen() {
	for _ in $(seq 1 150); do
		screen | "$@" && return 0
		sleep 0.1
	done
	return 1
}
# wait_for TEXT: TEXT on the screen; wait_gone TEXT: no longer.
wait_for() { until_screen grep -q -- "$1"; }
wait_gone() { until_screen sh -c "! grep -q -- '$1'"; }
# wait_line N PATTERN: line N of the screen matching PATTERN.
wait_line() { until_screen sh -c "sed -n '$1p' | grep -q -- '$2'"; }
# wait_screen FILE: the whole screen as FILE holds it.
wait_screen() { until_screen cmp -s - "$1"; }
wait_file() {
	for _ in $(seq 1 100); do
		[ -s "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
# idle_ticks N: the console's key loop has gone round N more times with no
# key (each wait for a key, 100 ms at most, is one voluntary context switch).
switches() { sed -n 's/^voluntary_ctxt_switches:[[:space:]]*//p' "/proc/$PID/status"; }
idle_ticks() {
	start=$(switches)
	for _ in $(seq 1 150); do
		[ "$(switches)" -ge $((start + $1)) ] && return 0
		sleep 0.1
	done
	return 1
}
colour_codes() { T capture-pane -p -e -t 0 | grep -c "$(printf '\033')\[[0-9;]*\(3[0-7]\|4[0-7]\)m"; }

# The Findings view: a store in Safe Mode and a SYSTEM hive, on a serial
# console's terminal.
FILES="--store '$TMP/BCD' --system '$TMP/SYSTEM'"
run findings 80 24 TERM=vt100
FINDINGS_BOX='^[+┌l][-─q]Findings[-─q]'
check "Findings: the console opens on them" wait_line 2 "$FINDINGS_BOX"
check "... bcd.safeboot's title first, most serious first" wait_line 3 '^.blocks-rdp  the loader starts Windows in Safe'
check "... with the hive it is about" wait_line 3 '/BCD *.$'
check "... then the SYSTEM hive's rdp" wait_line 4 '^.blocks-rdp  Remote Desktop denied'
check "... then what is only worth knowing" wait_line 5 '^.info        no serial console'
check "... and what was fine" wait_for '^.Checked and fine: *.$'
# The list is longer than the box at 80x24: its end, then back to the top.
T send-keys -t 0 G
check "... and what could not be checked, and why" wait_for '^.  devices: needs the disk, not a store file'
T send-keys -t 0 g
check "the selected finding in full: its fix" wait_for '^.  fix: safeboot (catalog B-3)'
check "... and the evidence" wait_for '^.    safeboot Minimal *.$'
check "the key bar: Enter fixes, F4 shows the panes" wait_line 24 '^F1 Help  Enter Fix  F2 Repair  F3 Guide  F4 Panes'
T resize-window -t 0 -x 100 -y 30
check "resized to 100x30: the key bar on line 30" wait_line 30 '^F1 Help  Enter Fix'
check "... the finding's title line no longer cut" wait_line 3 '^.blocks-rdp  the loader starts Windows in Safe Mode: no network, no RDP '
T resize-window -t 0 -x 80 -y 24
check "... and back at 80x24" wait_line 24 '^F1 Help  Enter Fix'
T send-keys -t 0 Down
check "Down: the rdp finding's details" wait_for '^.  fix: rdp (catalog R-2)'
check "... whose repair weakens security" wait_for '^.  this repair weakens security: it opens a way in'
T send-keys -t 0 Up Enter
check "Enter stages safeboot" wait_for '^safeboot staged: see Pending changes'
check "... and the finding leaves the list" wait_gone 'blocks-rdp  the loader starts'
check "... its check is fine now" wait_for '^.  safeboot, recovery, bootmenu, '
T send-keys -t 0 f
check "f shows the panes" wait_for 'Pending changes'
check "... the repair staged as a bcdedit command" wait_for '/deletevalue'
check "... the key bar says F4 goes back to the Findings" wait_line 24 'F4 Findings'
T send-keys -t 0 f
check "f again: the Findings" wait_gone 'Disks & partitions'
check "... still without the fixed finding" wait_line 3 '^.blocks-rdp  Remote Desktop denied'
T send-keys -t 0 u
check "u undoes: the finding is back" wait_line 3 '^.blocks-rdp  the loader starts Windows in Safe'
T send-keys -t 0 q
check "q quits (nothing pending after the undo)" wait_file "$TMP/findings.stty"
FILES="--store '$TMP/BCD'"

run colour 80 24 TERM=screen
check "80x24: the console comes up on the Findings" wait_line 2 "$FINDINGS_BOX"
T send-keys -t 0 f
check "f: the panes" wait_for 'BCD objects'
check "80x24: key bar on the last line" wait_line 24 '^F1 Help'
check "colour terminal: colours used" test "$(colour_codes)" -gt 0
screen > "$TMP/80x24"
T resize-window -t 0 -x 200 -y 60
# Lines 25-60 are blank until the console draws them.
check "resize to 200x60: key bar on line 60" wait_line 60 '^F1 Help'
check "200x60: the taller Elements pane shows the last elements" wait_for '^│.*││hypervisorbaudrate  *115200'
check "200x60: the boxes 200 columns wide" test "$(screen | sed -n 2p | tr -d '\n' | wc -m)" -eq 200
T resize-window -t 0 -x 80 -y 24
# tmux cuts the 200x60 screen to 80x24; only a redraw gives the old one back.
check "back to 80x24: the screen as it was before the resize" wait_screen "$TMP/80x24"
T send-keys -t 0 F2
check "F2 opens the repairs" wait_for 'safeboot  *needed'
check "... the console goes on waiting for keys" idle_ticks 6
check "... and the menu stays on screen (nothing paints over it)" sh -c "tmux -L '$SOCK' capture-pane -p -t 0 | grep -q 'safeboot  *needed'"
T send-keys -t 0 Escape
check "Esc closes the menu" wait_gone 'safeboot  *needed'
T send-keys -t 0 q
check "q quits when nothing is pending" wait_file "$TMP/colour.stty"
check "the terminal is given back (echo, icanon)" sh -c "grep -q ' icanon' '$TMP/colour.stty' && grep -q ' echo ' '$TMP/colour.stty'"

run vt100 80 24 TERM=vt100
check "TERM=vt100: the console comes up" wait_line 2 "$FINDINGS_BOX"
T send-keys -t 0 f
check "TERM=vt100: f shows the panes" wait_for 'Disks & partitions'
check "TERM=vt100: the key bar fits 80 columns" wait_line 24 'Quit$'
check "TERM=vt100: no colour at all" test "$(colour_codes)" -eq 0
check "TERM=vt100: boxes drawn" sh -c "tmux -L '$SOCK' capture-pane -p -t 0 | sed -n 2p | grep -q '^[+┌l]'"
T send-keys -t 0 q
check "q quits" wait_file "$TMP/vt100.stty"

run nocolor 80 24 TERM=screen NO_COLOR=1
check "NO_COLOR: the console comes up" wait_line 2 "$FINDINGS_BOX"
T send-keys -t 0 f
check "NO_COLOR: f shows the panes" wait_for 'Pending changes'
check "NO_COLOR: key bar on the last line" wait_line 24 '^F1 Help'
check "NO_COLOR: no colour" test "$(colour_codes)" -eq 0
T send-keys -t 0 F1
check "F1 opens the help" wait_for 'show this help'
kill -TERM "$PID"
check "SIGTERM with the help open: the console ends" wait_file "$TMP/nocolor.stty"
check "SIGTERM: the terminal is given back" sh -c "grep -q ' icanon' '$TMP/nocolor.stty' && grep -q ' echo ' '$TMP/nocolor.stty'"
done_testing
