#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The console in a real terminal (tmux) on a disk through the appliance, as
# a new user meets it with .ci/demo: no key is pressed while it loads, yet the
# Findings view shows what the checks found when the load ends (the panes
# one key away) and the spinner counts through every phase; a write runs in the background (spinner and seconds on the status
# line, keys read, q waits for the write).  One appliance launch: --demo
# builds its disk in the cache and loads it.
. "${srcdir:-.}/tests/lib.sh"

if [ "${WINRESCUE_SKIP_APPLIANCE:-}" = 1 ]; then
	echo "1..0 # SKIP WINRESCUE_SKIP_APPLIANCE=1"; exit 0
fi
ls /boot/vmlinuz-* > /dev/null 2>&1 || { echo "1..0 # SKIP no kernel for the appliance (install linux-image-amd64)"; exit 0; }
need tmux
W=$WINRESCUE
# Seconds the appliance may take for one step: 15-30 s with KVM or an idle
# machine under TCG, many minutes on a busy one.
LIMIT=${WINRESCUE_LIVE_LIMIT:-1200}
SOCK=wr-live-$$
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
# The console's own process, ended if the test is: it would otherwise wait
# for the appliance it started.
stop() {
	[ -s "$TMP/rc" ] || { [ -s "$TMP/pid" ] && kill -KILL "$(cat "$TMP/pid")" 2> /dev/null; }
	T kill-server 2> /dev/null
	rm -rf "$TMP"
}
trap stop EXIT

screen() { T capture-pane -p -t 0; }
row() { screen | sed -n "$1p"; }
ms() { echo $(($(date +%s%N) / 1000000)); }
# wait_for SECONDS PATTERN: until PATTERN (grep) is on the screen.
wait_for() {
	end=$(($(ms) + $1 * 1000))
	while [ "$(ms)" -lt "$end" ]; do
		screen | grep -q -- "$2" && return 0
		sleep 0.2
	done
	return 1
}
# changes ROW SECONDS: ROW shows something else within SECONDS (a spinner).
changes() {
	first=$(row "$1") end=$(($(ms) + $2 * 1000))
	while [ "$(ms)" -lt "$end" ]; do
		[ "$(row "$1")" != "$first" ] && return 0
		sleep 0.1
	done
	return 1
}
# The seconds the title counts while loading.
loading_seconds() { row 1 | sed -n 's/.* loading \([0-9]*\) s *$/\1/p'; }
counts_while() {
	first=$(loading_seconds) end=$(($(ms) + 5000))
	while [ "$(ms)" -lt "$end" ]; do
		s=$(loading_seconds)
		screen | grep -q -- "$1" && [ -n "$s" ] && [ "$s" != "$first" ] && return 0
		sleep 0.2
	done
	return 1
}
keys() { T send-keys -t 0 "$@"; }

T new-session -d -x 100 -y 30 "sh -c 'echo \$\$ > $TMP/pid; exec env XDG_CACHE_HOME=$TMP/cache \
	XDG_STATE_HOME=$TMP/state $W --demo 2> $TMP/err'; echo \$? > $TMP/rc; sleep 3600"
check "the console is up at once, loading" wait_for 30 ' loading [0-9]* s'
check "... while the appliance starts" wait_for "$LIMIT" 'Starting the appliance'
# Past the appliance's own progress reports, the console's clock goes on.
wait_for "$LIMIT" 'Building the demo disk' > /dev/null
check "the seconds count while the demo disk is built" counts_while 'Building the demo disk'

# No key from here until the disk shows: the console opens on the Findings.
SAFEBOOT='blocks-rdp  the loader starts Windows in Safe Mode'
check "with no key pressed, the Findings show when the disk is loaded" wait_for "$LIMIT" "$SAFEBOOT"
if ! screen | grep -q "$SAFEBOOT"; then
	keys C-l # a key: a disk already loaded shows now
	wait_for 5 "$SAFEBOOT" || bail "the appliance did not start in $LIMIT s (WINRESCUE_LIVE_LIMIT)"
fi
check "... and the title no longer says loading" sh -c "! tmux -L '$SOCK' capture-pane -p -t 0 | sed -n 1p | grep -q loading"
# row N PATTERN: row N of the screen matches PATTERN.
row_is() { row "$1" | grep -q -- "$2"; }
check "... the Findings box under the title" row_is 2 '^┌─Findings─'
check "... safeboot first, about the store on the disk" row_is 3 "^│$SAFEBOOT"'.*  demo-safemode\.img#1 \\Boot\\BCD *│$'
check "... then rdp, about the SYSTEM hive, its label cut where a part starts" row_is 4 '^│blocks-rdp  Remote Desktop denied.*  \\Windows\\System32\\config\\SYSTEM│$'
check "... the devices check ran on the disk, and is fine" wait_for 2 '^│  recovery, devices, bootmenu, '
check "... the SOFTWARE hive checked too" wait_for 2 '^│  rdp-policy[ ,].*  \\System32\\config\\SOFTWARE *│$'
check "... the selected finding's fix in the details" wait_for 2 '^│  fix: safeboot (catalog B-3) *│$'
check "... and its evidence" wait_for 2 '^│    safeboot Minimal *│$'
check "... the key bar: Enter fixes, F4 shows the panes" wait_for 2 '^F1 Help  Enter Fix  F2 Repair  F3 Guide  F4 Panes'
keys f
check "f: the panes show the disk" wait_for 5 '#2 Windows'
check "... the store it edits named by the disk's file name, so that it fits" \
	wait_for 2 'demo-safemode\.img#1 \\Boot\\BCD  *│'
check "... the status line says what to do" wait_for 2 'read-only until you write (w)'

# A write in the background, timed from its confirmation to its result.
keys F2
check "F2: the repairs" wait_for 60 'safeboot  *needed'
keys Enter
wait_for 60 'Stage this repair?' > /dev/null
keys y
check "safeboot staged" wait_for 60 'safeboot staged'
keys w
check "w asks" wait_for 60 'Write them now?'
keys y
start=$(ms)
check "writing: the status line says so, with the seconds" wait_for 10 '^[|/\\-] writing\.\.\. [0-9]* s$'
check "writing: the spinner turns (the console is not frozen)" changes 29 2
wait_for "$LIMIT" ' Written \| Write failed ' > /dev/null
took=$(($(ms) - start))
secs=$((took / 1000)).$((took % 1000 / 100))
check "the write ends in a box: written" wait_for 1 ' Written '
# 3 to 6 s under TCG on a busy machine when this was written.
check "... at most 10 s after the y (took $secs s)" test "$took" -le 10000
check "... the status line behind it says written, not writing" sh -c "tmux -L '$SOCK' capture-pane -p -t 0 | sed -n 29p | grep -q '^written and checked'"
keys Enter
check "the pending changes are empty again" wait_for 10 'nothing staged: F2 for repairs'
keys f
check "f: the Findings, safeboot no longer among them" wait_for 5 '^│blocks-rdp  Remote Desktop denied'
check "... its check fine on the disk as written" wait_for 2 '^│  safeboot, recovery, devices, '
keys f
wait_for 5 '#2 Windows' > /dev/null

# q during a write: read at once, and the console ends once the write has.
keys F2
wait_for 60 'serial  *needed' > /dev/null
keys Down Enter
wait_for 60 'Stage this repair?' > /dev/null
keys y
check "serial staged" wait_for 60 'serial staged'
keys w
wait_for 60 'Write them now?' > /dev/null
keys y
wait_for 10 'writing\.\.\.' > /dev/null
keys q
check "q while writing: read at once, the console says it waits" wait_for 5 'quitting when the write has ended'
end=$(($(ms) + LIMIT * 1000))
while [ ! -s "$TMP/rc" ] && [ "$(ms)" -lt "$end" ]; do sleep 0.2; done
check "... then ends by itself, exit 0 (got $(cat "$TMP/rc" 2> /dev/null))" test "$(cat "$TMP/rc" 2> /dev/null)" = 0
# curses owns the terminal: anything on stderr would be drawn over the panes.
check "nothing was written to stderr behind the screen" test ! -s "$TMP/err"
sed 's/^/#   stderr: /' "$TMP/err" | head -5
check "both writes journalled" test "$(grep -c '"action":"commit"' "$TMP/state/winrescue/journal.jsonl" 2> /dev/null)" -eq 2
done_testing
