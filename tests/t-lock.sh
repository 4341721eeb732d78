#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# One writer at a time: a hive file another process holds is waited for,
# then refused with one line naming the holder; a disk another process holds
# is refused before the appliance starts; a read-only store is not replaced.
. "${srcdir:-.}/tests/lib.sh"
need flock
W=$WINRESCUE
export XDG_STATE_HOME=$TMP/state TMPDIR=$TMP
sha() { sha256sum "$1" | cut -c1-64; }
"$MKSTORE" safeboot-minimal "$TMP/BCD" || bail "mkstore failed"
before=$(sha "$TMP/BCD")

# hold FILE: flock(1) takes FILE's lock and keeps it until `release`; it
# says when it has it (the fifos), so no sleep stands in for that.
mkfifo "$TMP/held" "$TMP/go"
hold() {
	flock -x "$1" sh -c "echo > '$TMP/held'; read -r _ < '$TMP/go'" &
	holder=$!
	read -r _ < "$TMP/held"
}
release() {
	echo > "$TMP/go"
	wait "$holder"
}

hold "$TMP/BCD"
start=$(date +%s%N)
WINRESCUE_LOCK_WAIT_MS=500 "$W" repair safeboot --store "$TMP/BCD" --yes > "$TMP/out" 2> "$TMP/err"
rc=$?
took=$((($(date +%s%N) - start) / 1000000))
release
check "a store held by another process: exit 1 (got $rc)" test "$rc" -eq 1
check "... after waiting for it (took $took ms)" test "$took" -ge 500
check "... one line naming the store and its holder" sh -c "test \$(wc -l < '$TMP/err') -eq 1 && grep -q \"^winrescue: $TMP/BCD is in use (pid [0-9]*: flock -x $TMP/BCD sh -c\" '$TMP/err'"
check "... the store as it was, no backup" sh -c "test '$(sha "$TMP/BCD")' = '$before' && ! ls '$TMP'/BCD.winrescue-* 2> /dev/null"

# Released within the wait: the second writer goes on.
hold "$TMP/BCD"
WINRESCUE_LOCK_WAIT_MS=20000 "$W" repair safeboot --store "$TMP/BCD" --yes > "$TMP/out" 2> "$TMP/err" &
writer=$!
release
wait "$writer"
rc=$?
check "released while waited for: the repair goes on (got $rc: $(cat "$TMP/err"))" test "$rc" -eq 0
check "... and the store is repaired" sh -c "! '$W' bcd enum --store '$TMP/BCD' | grep -q '^safeboot'"

# A disk image in use: refused at once, before any appliance starts.
truncate -s 1M "$TMP/disk.img"
hold "$TMP/disk.img"
start=$(date +%s%N)
"$W" repair safeboot "$TMP/disk.img" --yes > "$TMP/out" 2> "$TMP/err"
rc=$?
took=$((($(date +%s%N) - start) / 1000000))
release
check "a disk image in use: exit 1 (got $rc)" test "$rc" -eq 1
check "... one line: in use, with its holder" sh -c "test \$(wc -l < '$TMP/err') -eq 1 && grep -q \"^winrescue: $TMP/disk.img is in use (pid [0-9]*: flock\" '$TMP/err'"
check "... before any appliance started (took $took ms)" test "$took" -lt 3000

# A store nobody may write: not replaced by a rename behind its owner's back.
"$MKSTORE" safeboot-minimal "$TMP/RO" || bail "mkstore failed"
chmod 0444 "$TMP/RO"
before=$(sha "$TMP/RO")
"$W" repair safeboot --store "$TMP/RO" --yes > "$TMP/out" 2> "$TMP/err"
rc=$?
check "a read-only store (0444): exit 1 (got $rc)" test "$rc" -eq 1
check "... one line saying it is read-only" sh -c "test \$(wc -l < '$TMP/err') -eq 1 && grep -q 'RO is read-only (mode 0444' '$TMP/err'"
check "... the store as it was, mode 0444, no backup" sh -c "test '$(sha "$TMP/RO")' = '$before' && test \$(stat -c %a '$TMP/RO') = 444 && ! ls '$TMP'/RO.winrescue-* 2> /dev/null"
done_testing
