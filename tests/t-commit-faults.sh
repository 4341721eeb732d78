#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A commit failing or killed at each of its system calls (strace fault
# injection): the store is the old one or the new one, byte for byte; a
# commit that says it is done is journalled in both journals; a failure
# says what failed; and the next start (undo --list) leaves the journals
# telling the truth about the store, and no temporary or empty backup file.
. "${srcdir:-.}/tests/lib.sh"
need jq
need strace
strace -f -qq -o /dev/null true 2>/dev/null || { echo "1..0 # SKIP strace cannot trace here"; exit 0; }
W=$WINRESCUE
# The calls a commit can fail at, and the ones that change files; "?": not
# every architecture has them all.
SYSCALLS="openat close read pread64 write pwrite64 fsync fdatasync ftruncate mkdir rmdir rename renameat2 linkat unlink unlinkat fchmod flock"
WRITING='mkdir|rmdir|write|pwrite64|fsync|fdatasync|ftruncate|rename|renameat2|linkat|unlink|unlinkat|fchmod|flock'
# At most about this many points (every call that changes files, the
# others at a stride), so that the whole test stays under a minute and a half.
MAX_POINTS=130

sha() { sha256sum "$1" | cut -c1-64; }
traced=$(for s in $SYSCALLS; do printf '?%s,' "$s"; done)
traced=${traced%,}

# repair DIR [STRACE-OPTION...]: the safeboot repair of DIR/S, under strace
# with those options, DIR's own state directory and temporary directory;
# $rc, DIR/err.  LeakSanitizer cannot work under strace (the other tests
# look for leaks).
repair() {
	d=$1
	shift
	env XDG_STATE_HOME="$d/h" TMPDIR="$d/tmp" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		timeout 60 strace -f -qq "$@" \
		"$W" repair safeboot --store "$d/S" --yes > /dev/null 2> "$d/err"
	rc=$?
}
# fresh DIR: a copy of the store in an empty DIR.
fresh() { rm -rf "$1" && mkdir -p "$1/tmp" && cp "$TMP/store" "$1/S" || bail "cannot copy the store"; }
# commit_of JOURNAL SHA: JOURNAL holds a commit record ending at SHA (as
# the journal writes JSON: one record a line, no blanks).
commit_of() {
	grep -F "\"sha256_after\":\"$2\"" "$1" 2>/dev/null | grep -qF '"action":"commit"'
}
# claims JOURNAL SHA: JOURNAL holds a commit record ending at SHA that no
# later record abandons or rolls back.
claims() {
	commit_of "$1" "$2" && jq -R -s -e --arg s "$2" '[split("\n")[] | fromjson?] as $l
		| [range(0; $l | length) as $i | $l[$i]
		   | select(.action == "commit" and .sha256_after == $s) | .id as $id
		   | select(any($l[$i + 1:][]; .abandons == $id or .rolls_back == $id) | not)]
		| length > 0' "$1" > /dev/null 2>&1
}
# leftovers DIR: what the runs left that they should not have: the new
# file, an empty backup, a working directory, a backup beside the store that
# is not the original.
leftovers() {
	ls -d "$1/S.winrescue-new" "$1/tmp"/winrescue-* 2>/dev/null
	find "$1" "$1/h/winrescue" -maxdepth 1 -name '*.bak' -size 0 2>/dev/null
	for b in "$1"/S.winrescue-*.bak; do
		[ ! -f "$b" ] || [ "$(sha "$b")" = "$original" ] || echo "$b"
	done
}

"$MKSTORE" safeboot-inherited "$TMP/store" || bail "mkstore failed"
original=$(sha "$TMP/store")

# One commit as it should go, every call of interest recorded.
fresh "$TMP/rec"
repair "$TMP/rec" -o "$TMP/trace" -e trace="$traced"
[ "$rc" -eq 0 ] || bail "the repair without faults failed: $(cat "$TMP/rec/err")"
repaired=$(sha "$TMP/rec/S")
[ "$repaired" != "$original" ] || bail "the repair changed nothing"
sed -E 's/^[0-9]+ +//' "$TMP/trace" | grep -E '^[a-z0-9_]+\(' | sed 's/(.*//' > "$TMP/calls"
# The commit starts at the first call that changes something.
start=$(sed -E 's/^[0-9]+ +//' "$TMP/trace" | grep -E '^[a-z0-9_]+\(' |
	grep -n -m1 -E "^($WRITING)\(|^openat\(.*O_(WRONLY|RDWR|CREAT)" | cut -d: -f1)
[ -n "$start" ] || bail "no call of the commit changes anything"

# The fault points "SYSCALL N": the Nth call of SYSCALL, for every call from
# the start of the commit on; the calls that do not change files (opening,
# closing, reading) at a fixed stride when there are too many.
: > "$TMP/points"
changing=0
others=0
for s in $SYSCALLS; do
	before=$(head -n $((start - 1)) "$TMP/calls" | grep -cx "$s")
	all=$(grep -cx "$s" "$TMP/calls")
	if echo "$s" | grep -qxE "$WRITING"; then
		changing=$((changing + all - before))
	else
		others=$((others + all - before))
	fi
	echo "$s $before $all" >> "$TMP/points"
done
room=$((MAX_POINTS - changing))
[ "$room" -ge 1 ] || room=1
stride=$(((others + room - 1) / room))
[ "$stride" -ge 1 ] || stride=1
: > "$TMP/chosen"
while read -r s before all; do
	step=$stride
	echo "$s" | grep -qxE "$WRITING" && step=1
	i=$((before + 1))
	while [ "$i" -le "$all" ]; do
		echo "$s $i" >> "$TMP/chosen"
		[ "$i" -eq "$all" ] && break
		i=$((i + step))
		[ "$i" -le "$all" ] || i=$all
	done
done < "$TMP/points"
tried=$(wc -l < "$TMP/chosen")
echo "# $tried fault points: all $changing calls that change files, $((tried - changing)) of the $others others (a stride of $stride, and the last of each) from the commit's first change on"

runs=0
corrupt=0
unjournalled=0
false_done=0
false_claims=0
empty=0
crashes=0
left=0
# fault SYSCALL N ACTION: the repair with ACTION at the Nth call of SYSCALL,
# then undo --list; every check counted.
fault() {
	runs=$((runs + 1))
	d=$TMP/f
	fresh "$d"
	repair "$d" -o /dev/null -e trace="$1" -e inject="$1:$3:when=$2"
	what="$1 #$2 $3 (exit $rc)"
	now=$(sha "$d/S")
	if [ "$now" != "$original" ] && [ "$now" != "$repaired" ]; then
		corrupt=$((corrupt + 1))
		echo "# $what: the store is neither the old nor the new one"
	fi
	if [ "$rc" -eq 0 ]; then
		if [ "$now" != "$repaired" ]; then
			false_done=$((false_done + 1))
			echo "# $what: done, but the store is not the repaired one"
		elif ! commit_of "$d/winrescue-journal.jsonl" "$now" || ! commit_of "$d/h/winrescue/journal.jsonl" "$now"; then
			unjournalled=$((unjournalled + 1))
			echo "# $what: done, but a journal has no record of the commit"
		fi
	elif [ "$rc" -gt 128 ] && [ "$3" = signal=SIGKILL ]; then
		:
	elif [ "$rc" -ge 124 ]; then
		crashes=$((crashes + 1))
		echo "# $what: crashed or hung"
	elif ! tail -n 1 "$d/err" | grep -q '^winrescue: .*[^: ]$'; then
		empty=$((empty + 1))
		echo "# $what: the message is empty: $(tail -n 1 "$d/err")"
	fi

	env XDG_STATE_HOME="$d/h" TMPDIR="$d/tmp" timeout 60 "$W" undo --list --store "$d/S" > /dev/null 2>&1
	if [ "$?" -ge 124 ]; then
		crashes=$((crashes + 1))
		echo "# $what: undo --list then crashed or hung"
	fi
	after=$(sha "$d/S")
	if [ "$after" = "$repaired" ]; then
		if ! commit_of "$d/winrescue-journal.jsonl" "$after" || ! commit_of "$d/h/winrescue/journal.jsonl" "$after"; then
			unjournalled=$((unjournalled + 1))
			echo "# $what: after undo --list the store is the repaired one, a journal has no record of it"
		fi
	elif [ "$after" = "$original" ]; then
		if claims "$d/winrescue-journal.jsonl" "$repaired" ||
			claims "$d/h/winrescue/journal.jsonl" "$repaired"; then
			false_claims=$((false_claims + 1))
			echo "# $what: after undo --list the store is the old one, a journal says it was committed"
		fi
	elif [ "$now" = "$original" ] || [ "$now" = "$repaired" ]; then
		corrupt=$((corrupt + 1))
		echo "# $what: undo --list left the store neither the old nor the new one"
	fi
	leftovers "$d" > "$TMP/left"
	if [ -s "$TMP/left" ]; then
		left=$((left + 1))
		echo "# $what: left $(sed "s|^$d/||" "$TMP/left" | tr '\n' ' ')"
	fi
}

while read -r s i; do
	fault "$s" "$i" error=EIO
	fault "$s" "$i" signal=SIGKILL
	case $s in write | pwrite64) fault "$s" "$i" error=ENOSPC ;; esac
done < "$TMP/chosen"

echo "# $tried fault points, $runs runs: $corrupt corrupt stores, $unjournalled commits without journal record, $false_done false successes, $false_claims journal records claiming a commit that is not there, $empty empty messages, $crashes crashes or hangs, $left runs with leftovers"
check "every store is the old or the new one, byte for byte ($corrupt not)" test "$corrupt" -eq 0
check "every commit has its record in both journals ($unjournalled not)" test "$unjournalled" -eq 0
check "a run that says done has repaired the store ($false_done not)" test "$false_done" -eq 0
check "no journal claims a commit the store does not have ($false_claims do)" test "$false_claims" -eq 0
check "every failure says what failed ($empty empty messages)" test "$empty" -eq 0
check "no crash or hang ($crashes)" test "$crashes" -eq 0
check "no new file, empty backup or working directory left, every backup the original ($left runs left some)" test "$left" -eq 0
done_testing
