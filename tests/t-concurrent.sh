#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Two repairs of one store at the same instant (safeboot and serial), 20
# rounds: a run that says it is done has its change in the store, a run that
# refuses says why in one line and leaves no half change, and the journal
# beside the store is one unbroken chain of commits ending at the store, each
# with a backup holding what its commit replaced.
. "${srcdir:-.}/tests/lib.sh"
need jq
W=$WINRESCUE
ROUNDS=20

sha() { sha256sum "$1" | cut -c1-64; }
# changes STORE: "SAFEBOOT SERIAL", how many of the safeboot repair's two
# values are gone from {default} and how many of the six values the serial
# repair sets are in STORE ("2 6": both changes; "x" when it cannot be read).
changes() {
	"$W" bcd enum --store "$1" --all -i --json 2>/dev/null | jq -r '
		def el($o; $n): [.objects[] | select(.identifier == $o)
			| ((.elements // []) + (.inherited // []))[] | select(.name == $n) | .display][0];
		[el("{default}"; "safeboot"), el("{default}"; "safebootalternateshell")] as $sb
		| [el("{bootmgr}"; "displaybootmenu") == "Yes", el("{bootmgr}"; "timeout") == "5",
		   el("{bootmgr}"; "bootems") == "Yes", el("{default}"; "ems") == "Yes",
		   el("{emssettings}"; "emsport") == "1", el("{emssettings}"; "emsbaudrate") == "115200"] as $se
		| "\($sb | map(select(. == null)) | length) \($se | map(select(.)) | length)"' ||
		echo x
}
# partial COUNT ALL: some of a change's values in the store, not none, not all.
partial() { [ "$1" != 0 ] && [ "$1" != "$2" ]; }
# one_line ERRFILE: exactly one line, with a message after "winrescue: "
# and after the file it names.
one_line() { [ "$(wc -l < "$1")" -eq 1 ] && grep -q '^winrescue: .*[^: ]$' "$1"; }
# chain_breaks DIR ORIGINAL: how many links of the commit chain in DIR's journal
# are broken (an unreadable line, a commit that does not start where the one
# before ended, a backup missing or not holding what its commit replaced, a
# last commit that is not the store; no journal is a chain of none that
# must end at ORIGINAL); the chain is in $TMP/chain.
chain_breaks() {
	: > "$TMP/chain"
	[ ! -e "$1/winrescue-journal.jsonl" ] ||
		jq -R -r '(fromjson? // {"action": "unreadable"})
			| select(.action == "commit" or .action == "unreadable")
			| "\(.action) \(.sha256_before) \(.sha256_after) \(.backup)"' \
			"$1/winrescue-journal.jsonl" > "$TMP/chain" 2>/dev/null || echo unreadable > "$TMP/chain"
	breaks=0
	prev=$2
	while read -r action before after backup; do
		if [ "$action" != commit ] || [ "$before" != "$prev" ] ||
			[ ! -f "$backup" ] || [ "$(sha "$backup")" != "$before" ]; then
			breaks=$((breaks + 1))
		fi
		prev=$after
	done < "$TMP/chain"
	[ "$prev" = "$(sha "$1/S")" ] || breaks=$((breaks + 1))
	echo "$breaks"
}

"$MKSTORE" safeboot-inherited "$TMP/store" || bail "mkstore failed"
original=$(sha "$TMP/store")
[ "$(changes "$TMP/store")" = "0 0" ] || bail "the store does not need both repairs"

lost=0
broken=0
half=0
bad_messages=0
both_done=0
refused=0
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	r=$((r + 1))
	d=$TMP/r$r
	mkdir -p "$d/tmp" && cp "$TMP/store" "$d/S" && mkfifo "$d/gate" || bail "cannot set up round $r"
	# Both wait on the gate, then start at once.
	exec 3<> "$d/gate"
	(read -r _ <&3 && exec env XDG_STATE_HOME="$d/h1" TMPDIR="$d/tmp" \
		"$W" repair safeboot --store "$d/S" --yes > "$d/out1" 2> "$d/err1" 3<&-) &
	p1=$!
	(read -r _ <&3 && exec env XDG_STATE_HOME="$d/h2" TMPDIR="$d/tmp" \
		"$W" repair serial --store "$d/S" --yes > "$d/out2" 2> "$d/err2" 3<&-) &
	p2=$!
	printf '\n\n' >&3
	wait "$p1"
	rc1=$?
	wait "$p2"
	rc2=$?
	exec 3<&-

	changes "$d/S" > "$d/changes"
	read -r sb se < "$d/changes"
	se=${se:-x}
	round_lost=0
	# safeboot: 2 of 2 gone when done, 0 when not; serial: 6 of 6 or 0.
	if [ "$rc1" -eq 0 ] && [ "$sb" != 2 ]; then round_lost=$((round_lost + 1)); fi
	if [ "$rc2" -eq 0 ] && [ "$se" != 6 ]; then round_lost=$((round_lost + 1)); fi
	if partial "$sb" 2 || partial "$se" 6; then half=$((half + 1)); fi
	if [ "$rc1" -ne 0 ]; then
		refused=$((refused + 1))
		one_line "$d/err1" || bad_messages=$((bad_messages + 1))
	fi
	if [ "$rc2" -ne 0 ]; then
		refused=$((refused + 1))
		one_line "$d/err2" || bad_messages=$((bad_messages + 1))
	fi
	[ "$rc1" -eq 0 ] && [ "$rc2" -eq 0 ] && both_done=$((both_done + 1))
	round_broken=$(chain_breaks "$d" "$original")
	lost=$((lost + round_lost))
	[ "$round_broken" -eq 0 ] || broken=$((broken + 1))
	if [ "$round_lost" -ne 0 ] || [ "$round_broken" -ne 0 ]; then
		echo "# round $r: safeboot exit $rc1, serial exit $rc2, store has $sb/2 safeboot and $se/6 serial values, $round_broken broken links"
	fi
done

echo "# $ROUNDS rounds: both done in $both_done, $refused refusals, $lost lost updates, $broken broken journal chains"
check "no run said done while its change is missing from the store ($lost lost updates)" test "$lost" -eq 0
check "the journal beside the store is one chain of commits ending at the store ($broken rounds broken)" test "$broken" -eq 0
check "no store is left with half a change ($half)" test "$half" -eq 0
check "a refusal is one line saying why ($bad_messages not)" test "$bad_messages" -eq 0
done_testing
