#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# winrescue hive check|replay on the real dirty hives: what each log holds, the
# recovered hive against Windows' own, originals untouched, bad input.
. "${srcdir:-.}/tests/lib.sh"
need_fixtures
need hivexsh
need xz
W=$WINRESCUE
F=$WINRESCUE_FIXTURES
sums() { sha256sum "$@" | cut -c1-64 | tr '\n' ' '; }
new=$F/dirty-newformat-yarp.hive old=$F/dirty-oldformat-yarp.hive
before=$(sums "$new" "$new.LOG1" "$new.LOG2" "$old" "$old.LOG1")

"$W" hive check "$new" "$old" "$F/bcd-win10-uefi-t480s-multiboot.hive" > "$TMP/check" 2> "$TMP/err"
rc=$?
check "check: exit 3, some hive was dirty (got $rc)" test $rc -eq 3
check "check: the new-format hive is dirty, 3 and 2" grep -qx "$new: dirty (sequence numbers 3 and 2 differ)" "$TMP/check"
check "check: LOG1 gives entry 2" grep -qx '  dirty-newformat-yarp.hive.LOG1: HvLE format, sequence 2: used (entry 2), 1 page' "$TMP/check"
check "check: LOG2 gives entries 3-5" grep -qx '  dirty-newformat-yarp.hive.LOG2: HvLE format, sequence 3: used (entries 3-5), 3 pages' "$TMP/check"
check "check: the old-format log's 64 pages" grep -qx '  dirty-oldformat-yarp.hive.LOG1: DIRT format, sequence 5: used, 64 pages' "$TMP/check"
check "check: a clean store's logs are not needed" grep -qx '  bcd-win10-uefi-t480s-multiboot.hive.LOG: HvLE format, sequence 413: not needed: the hive is clean: Windows ignores its logs' "$TMP/check"
check "check: an empty log is named as such" grep -qx '  bcd-win10-uefi-t480s-multiboot.hive.LOG2: unusable: empty' "$TMP/check"
"$W" hive check "$F/bcd-win10-uefi-t480s-multiboot.hive" > /dev/null 2>&1
check "check: exit 0 when every hive is clean" test $? -eq 0

"$W" hive replay "$new" --output "$TMP/new.hive" > "$TMP/replay" 2>&1
check "replay: exit 0" test $? -eq 0
check "replay: says where it ended" grep -qx "$TMP/new.hive: written, clean at sequence 5" "$TMP/replay"
check "replay: hive bins identical to Windows 10's recovery" cmp -s -i 4096 "$TMP/new.hive" "$F/dirty-newformat-yarp.recovered-by-win10.hive"
hivexsh "$TMP/new.hive" <<'HSH' > "$TMP/keys" 2>&1
ls
HSH
check "replay: hivex now sees only Key3, as Windows did" test "$(cat "$TMP/keys")" = Key3
"$W" hive replay "$old" --output "$TMP/old.hive" > /dev/null 2>&1
check "replay: old format, exit 0" test $? -eq 0
check "replay: old format differs from Windows 7's in 6 hive-bin bytes only" test "$(cmp -l -i 4096 "$TMP/old.hive" "$F/dirty-oldformat-yarp.recovered-by-win7.hive" | wc -l)" -eq 6
check "the originals and their logs are untouched" test "$(sums "$new" "$new.LOG1" "$new.LOG2" "$old" "$old.LOG1")" = "$before"

# A log damaged on purpose: replay stops at the bad entry and says so.
cp "$new" "$new.LOG1" "$TMP/" && cp "$new.LOG2" "$TMP/dirty-newformat-yarp.hive.LOG2" && chmod u+w "$TMP"/dirty-*
printf '\377' | dd of="$TMP/dirty-newformat-yarp.hive.LOG2" bs=1 seek=9000 conv=notrunc 2>/dev/null
"$W" hive replay "$TMP/dirty-newformat-yarp.hive" --output "$TMP/cut.hive" > "$TMP/cut" 2>&1
rc=$?
check "damaged LOG2: exit 3, written up to the bad entry (got $rc)" test $rc -eq 3
check "damaged LOG2: the entry named" grep -q 'sequence 3: used (entry 3), 1 page; stopped: entry 4: its hash does not match$' "$TMP/cut"

check "replay: hivexml reads the recovered hive" sh -c "hivexml '$TMP/new.hive' > /dev/null"

# A base block's sequence numbers rewritten, its checksum made right again.
. "${srcdir:-.}/tests/le32.sh"
set_seq() {
	le32 "$2" | dd of="$1" bs=1 seek=4 conv=notrunc 2>/dev/null
	le32 "$3" | dd of="$1" bs=1 seek=8 conv=notrunc 2>/dev/null
	x=0
	for w in $(od -An -tu4 -N508 -v "$1"); do x=$((x ^ w)); done
	[ $x -eq 0 ] && x=1
	[ $x -eq 4294967295 ] && x=4294967294
	le32 $x | dd of="$1" bs=1 seek=508 conv=notrunc 2>/dev/null
}
# refused NAME DIR HIVE LINE: replay exits 1 with LINE on stderr, writes nothing.
refused() {
	"$W" hive replay "$2/$3" --output "$2/out.hive" > "$2/stdout" 2> "$2/err"
	rc=$?
	check "$1: exit 1 (got $rc)" test $rc -eq 1
	check "$1: one line says why" sh -c "test \$(wc -l < '$2/err') -eq 1 && grep -qxF 'winrescue: $2/$3: $4' '$2/err'"
	check "$1: nothing written" sh -c "! test -e '$2/out.hive' && ! test -e '$2/out.hive.winrescue-new'"
}
nuc=bcd-win11-uefi-nuc8-opencore.hive
mkdir "$TMP/stale" "$TMP/gate" "$TMP/oldlog" "$TMP/oldhive"
for d in stale gate; do cp "$F/$nuc" "$F/$nuc.LOG" "$F/$nuc.LOG1" "$TMP/$d/" && chmod u+w "$TMP/$d"/*; done
# Only seq2 changed (189/189 -> 189/5): LOG1's entry 5, written when the
# store was made, must not go over the hive that had reached 189.
set_seq "$TMP/stale/$nuc" 189 5
refused "seq2 alone changed" "$TMP/stale" "$nuc" "no log can be replayed; nothing written"
check "seq2 alone changed: LOG1 is older than the hive" grep -qx "  $nuc.LOG1: HvLE format, sequence 5: not needed: entry 5 ends before the write the hive had started (sequence 189): it is older than the hive" "$TMP/stale/stdout"
# 6/5: entry 5 is where Windows would go on from, yet it leaves a hive
# nothing can read; the entry is named.
set_seq "$TMP/gate/$nuc" 6 5
refused "entry 5 over a newer hive" "$TMP/gate" "$nuc" "its logs replay to a hive that cannot be read: entry 5 of $nuc.LOG1 (at offset 0x200 in the log) makes it unreadable (hivex cannot walk it: Operation not supported); nothing written"
# Old-format logs carry no checksum: a byte changed in a dirty page, or a
# damaged page of the hive that the log does not replace.
cp "$old" "$old.LOG1" "$TMP/oldlog/" && cp "$old" "$old.LOG1" "$TMP/oldhive/" && chmod u+w "$TMP"/old*/*
printf '\055' | dd of="$TMP/oldlog/dirty-oldformat-yarp.hive.LOG1" bs=1 seek=1835 conv=notrunc 2>/dev/null
refused "a changed byte in a DIRT page" "$TMP/oldlog" dirty-oldformat-yarp.hive "its logs replay to a hive that cannot be read: the dirty pages of dirty-oldformat-yarp.hive.LOG1 make it unreadable (hivex cannot walk it: Numerical result out of range); nothing written"
printf '\377\377\377\377' | dd of="$TMP/oldhive/dirty-oldformat-yarp.hive" bs=1 seek=32821 conv=notrunc 2>/dev/null
refused "a damaged hive page" "$TMP/oldhive" dirty-oldformat-yarp.hive "its logs replay to a hive that cannot be read (hivex cannot walk it: Bad address): it was unreadable before replay, and the dirty pages of dirty-oldformat-yarp.hive.LOG1 do not repair it; nothing written"
gate_sum=$(sums "$TMP/gate/$nuc")
"$W" repair serial --store "$TMP/gate/$nuc" --yes > /dev/null 2> "$TMP/err"
rc=$?
check "repair: the unreadable replay is not staged over (got $rc)" sh -c "test $rc -eq 1 && grep -q 'entry 5 of $nuc.LOG1 (at offset 0x200 in the log) makes it unreadable' '$TMP/err'"
check "repair: the store is untouched" test "$(sums "$TMP/gate/$nuc")" = "$gate_sum"
"$W" hive check "$TMP/gate/$nuc" > /dev/null 2> "$TMP/err"
check "check: an unreadable replay fails, naming the entry" sh -c "test $? -eq 1 && grep -q 'entry 5 of $nuc.LOG1' '$TMP/err'"

# Refusals: one line, non-zero, nothing written.
"$W" hive replay "$new" --output "$TMP/new.hive" > /dev/null 2> "$TMP/err"
check "replay: an existing output is not overwritten" sh -c "test $? -eq 1 && grep -qx 'winrescue: $TMP/new.hive exists; winrescue does not overwrite it' '$TMP/err'"
xz -dc "$F/system-win8plus-dirty-nologs-regipy.hive.xz" > "$TMP/SYSTEM"
"$W" hive replay "$TMP/SYSTEM" --output "$TMP/nolog.hive" > /dev/null 2> "$TMP/err"
check "replay: dirty without logs refused, nothing written" sh -c "test $? -eq 1 && grep -qx 'winrescue: $TMP/SYSTEM: no log can be replayed; nothing written' '$TMP/err' && ! test -e '$TMP/nolog.hive'"
"$W" hive check "$TMP/missing" > /dev/null 2> "$TMP/err"
check "check: a missing file, one line" sh -c "test $? -eq 1 && test \$(wc -l < '$TMP/err') -eq 1 && grep -q 'missing: No such file or directory' '$TMP/err'"
printf 'not a hive' > "$TMP/text"
"$W" hive check "$TMP/text" > /dev/null 2> "$TMP/err"
check "check: not a hive, one line" sh -c "test $? -eq 1 && test \$(wc -l < '$TMP/err') -eq 1"
"$W" hive replay "$new" > /dev/null 2>&1
check "replay without --output: usage error" test $? -eq 2
"$W" hive frobnicate > /dev/null 2>&1
check "unknown hive command: usage error" test $? -eq 2
done_testing
