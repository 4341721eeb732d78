#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The console in a real terminal (tmux): resizing, colour and monochrome
# (TERM=vt100, NO_COLOR), keys, and the terminal given back on quit and on
# a signal.
. "${srcdir:-.}/tests/lib.sh"
need tmux
W=$WINRESCUE
"$MKSTORE" safeboot-minimal "$TMP/BCD" || bail "mkstore failed"
SOCK=
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'for s in colour vt100 nocolor; do tmux -L "wr-test-$$-$s" kill-server 2>/dev/null; done; rm -rf "$TMP"' EXIT

# run NAME WIDTH HEIGHT ENV...: the console in a fresh session; when it
# ends, the terminal's modes are written to $TMP/NAME.stty.
run() {
	name=$1 w=$2 h=$3
	shift 3
	[ -n "$SOCK" ] && T kill-server 2>/dev/null
	SOCK=wr-test-$$-$name # a server of its own: no race with the last one ending
	T new-session -d -x "$w" -y "$h" \
		"env XDG_STATE_HOME='$TMP/state' $* '$W' --store '$TMP/BCD'; stty -a > '$TMP/$name.stty'; sleep 60"
}
screen() { T capture-pane -p -t 0; }
# wait_for TEXT: up to 15 s for TEXT on the screen.
wait_for() {
	for _ in $(seq 1 150); do
		screen | grep -q -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
wait_file() {
	for _ in $(seq 1 100); do
		[ -s "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
colour_codes() { T capture-pane -p -e -t 0 | grep -c "$(printf '\033')\[[0-9;]*\(3[0-7]\|4[0-7]\)m"; }

run colour 80 24 TERM=screen
check "80x24: the console comes up" wait_for 'BCD objects'
check "80x24: key bar on the last line" sh -c "tmux -L '$SOCK' capture-pane -p -t 0 | sed -n 24p | grep -q '^F1 Help'"
check "colour terminal: colours used" test "$(colour_codes)" -gt 0
T resize-window -t 0 -x 200 -y 60
check "resize to 200x60: key bar on line 60" wait_for '^F1 Help' && sleep 0.5
check "200x60: redrawn at the new size" sh -c "tmux -L '$SOCK' capture-pane -p -t 0 | sed -n 60p | grep -q '^F1 Help'"
T resize-window -t 0 -x 80 -y 24
sleep 0.5
check "back to 80x24: key bar on line 24" sh -c "tmux -L '$SOCK' capture-pane -p -t 0 | sed -n 24p | grep -q '^F1 Help'"
T send-keys -t 0 F2
check "F2 opens the repairs" wait_for 'safeboot   needed'
sleep 0.6
check "... and the menu stays on screen (nothing paints over it)" sh -c "tmux -L '$SOCK' capture-pane -p -t 0 | grep -q 'safeboot   needed'"
T send-keys -t 0 Escape
T send-keys -t 0 q
check "q quits when nothing is pending" wait_file "$TMP/colour.stty"
check "the terminal is given back (echo, icanon)" sh -c "grep -q ' icanon' '$TMP/colour.stty' && grep -q ' echo ' '$TMP/colour.stty'"

run vt100 80 24 TERM=vt100
check "TERM=vt100: the console comes up" wait_for 'Disks & partitions'
check "TERM=vt100: no colour at all" test "$(colour_codes)" -eq 0
check "TERM=vt100: boxes drawn" sh -c "tmux -L '$SOCK' capture-pane -p -t 0 | sed -n 2p | grep -q '^[+┌l]'"
check "TERM=vt100: the key bar fits 80 columns" sh -c "tmux -L '$SOCK' capture-pane -p -t 0 | sed -n 24p | grep -q 'Quit\$'"
T send-keys -t 0 q
check "q quits" wait_file "$TMP/vt100.stty"

run nocolor 80 24 TERM=screen NO_COLOR=1
check "NO_COLOR: the console comes up" wait_for 'Pending changes'
check "NO_COLOR: no colour" test "$(colour_codes)" -eq 0
T send-keys -t 0 F1
wait_for 'show this help' > /dev/null
pkill -TERM -f "winrescue --store $TMP/BCD"
check "SIGTERM with the help open: the console ends" wait_file "$TMP/nocolor.stty"
check "SIGTERM: the terminal is given back" sh -c "grep -q ' icanon' '$TMP/nocolor.stty' && grep -q ' echo ' '$TMP/nocolor.stty'"
done_testing
