#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Deleting a key (or rewriting its values) of a hostile hive: libhivex frees
# every cell below the key trusting their offsets, and aborts (an assertion
# in its mark_block_unused)
# or writes outside the hive when one is not a cell, or is freed twice.
# winrescue checks them first: "repair safeboot" on a real bcdedit-made
# store whose safeboot element key was corrupted exits 1 with one line
# naming the key and the damage, and the store keeps every byte.
. "${srcdir:-.}/tests/lib.sh"
need_fixtures
need sha256sum
need hivexregedit
W=$WINRESCUE
export XDG_STATE_HOME=$TMP/state
. "${srcdir:-.}/tests/le32.sh"

STORE=$WINRESCUE_FIXTURES/bcd-bcdedit-generated-inherited-safeboot-ntloader.hive
[ -f "$STORE" ] || bail "no $STORE"
KEY='Objects\{19260817-6666-8888-abcd-100000000000}\Elements\25000080'
# Where the cells are in that fixture (file offsets): the safeboot element
# key, its value, and the security descriptor every key of the store uses.
NK=$((0x22d0 + 4))
VK=$((0x2020 + 4))
SK=$((0x1348 + 4))
# field FILE OFFSET LENGTH: the bytes there, as text.
field() { dd if="$1" bs=1 skip="$2" count="$3" status=none; }
[ "$(field "$STORE" "$NK" 2)" = nk ] && [ "$(field "$STORE" $((NK + 0x4c)) 8)" = 25000080 ] &&
	[ "$(field "$STORE" "$VK" 2)" = vk ] && [ "$(field "$STORE" "$SK" 2)" = sk ] ||
	bail "the fixture's cells are not where this test expects them"

# copy FILE: the fixture, made writable: a read-only store would fail at the
# write whatever the check says.
copy() { cp "$STORE" "$1" && chmod u+w "$1" || bail "cannot copy $STORE"; }
# poke FILE OFFSET VALUE: write VALUE there as 4 bytes, little-endian.
poke() { le32 "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }

# refused DESCRIPTION FILE DAMAGE: the repair exits 1, says so in one line,
# leaves the store as it was.
refused() {
	before=$(sha256sum < "$2")
	"$W" repair safeboot --store "$2" --yes > "$TMP/out" 2> "$TMP/err"
	rc=$?
	check "$1: exit 1, no crash (got $rc)" test "$rc" -eq 1
	check "$1: one line on stderr" test "$(wc -l < "$TMP/err")" -eq 1
	check "$1: it names the key and the damage" grep -qxF \
		"winrescue: $2: safeboot: the hive is damaged below $KEY: $3; winrescue does not delete it" \
		"$TMP/err"
	check "$1: the store is untouched" test "$(sha256sum < "$2")" = "$before"
	check "$1: no backup was made" sh -c "! ls '$2'.winrescue-* '$TMP/state/winrescue/'*.bak"
}

# The key's class name offset (there is none) into the middle of its
# value's cell: hivex would free a cell that is not one.
copy "$TMP/class-inside"
poke "$TMP/class-inside" $((NK + 0x30)) $((0x1028))
refused "class name inside a cell" "$TMP/class-inside" \
	"a class name at offset 0x2028 is not the start of a cell in use"

# The class name at the key's own value cell: a real cell, freed twice.
copy "$TMP/class-shared"
poke "$TMP/class-shared" $((NK + 0x30)) $((0x1020))
refused "class name sharing the value's cell" "$TMP/class-shared" \
	"a class name at offset 0x2020 would be freed twice"

# The value's data offset at the value's own cell.
copy "$TMP/data-shared"
poke "$TMP/data-shared" $((VK + 8)) $((0x1020))
refused "value data sharing the value's cell" "$TMP/data-shared" \
	"a value's data at offset 0x2020 would be freed twice"

# The security descriptor's count says one key uses it, so it is freed
# and unlinked from its ring: its previous neighbour lies far outside the
# store, where hivex would write.
copy "$TMP/sk-ring"
poke "$TMP/sk-ring" $((SK + 0x0c)) 1
poke "$TMP/sk-ring" $((SK + 0x08)) $((0x70000000))
refused "security ring neighbour outside the store" "$TMP/sk-ring" \
	"a neighbour of a freed security descriptor at offset 0x70001000 is not the start of a cell in use"

# The key's security offset at its value: hivex would fail half-way.
copy "$TMP/sk-not-sk"
poke "$TMP/sk-not-sk" $((NK + 0x2c)) $((0x1020))
refused "security offset at a value" "$TMP/sk-not-sk" \
	'a security descriptor at offset 0x2020 has no "sk" signature'

# In Dutch too.
copy "$TMP/nl"
poke "$TMP/nl" $((NK + 0x30)) $((0x1028))
LANGUAGE=nl LC_ALL=nl_NL.UTF-8 "$W" repair safeboot --store "$TMP/nl" --yes > /dev/null 2> "$TMP/nl.err"
check "Dutch: one line naming the key and the damage" grep -qxF \
	"winrescue: $TMP/nl: safeboot: de hive is beschadigd onder $KEY: een klassenaam op offset 0x2028 is niet het begin van een cel in gebruik; winrescue verwijdert die sleutel niet" \
	"$TMP/nl.err"

# The same store undamaged: the check lets the repair through.
copy "$TMP/good"
"$W" repair safeboot --store "$TMP/good" --yes > "$TMP/good.out" 2> "$TMP/good.err"
check "undamaged: the repair succeeds" test $? -eq 0
"$W" bcd enum --store "$TMP/good" > "$TMP/good.enum" 2>&1
check "undamaged: no safeboot left" sh -c "! grep -q '^safeboot' '$TMP/good.enum'"
check "undamaged: hivex reads every key of the result" sh -c \
	"hivexregedit --export '$TMP/good' '\\' > /dev/null"
# The check takes hivex's image by committing it to a scratch file, which
# bumps hivex's copy of the sequence numbers each time: the store still
# gets the fixture's plus one, as before.
seqs() { od -An -tu4 -j4 -N8 "$1" | awk '{ print $1, $2 }'; }
seq=$(seqs "$STORE" | awk '{ print $1 + 1, $1 + 1 }')
check "undamaged: both sequence numbers one more than the fixture's ($seq, got $(seqs "$TMP/good"))" \
	test "$(seqs "$TMP/good")" = "$seq"

# Setting a value rewrites the key's whole value list: hivex frees the list,
# every value and every value's data, with the same asserting code.  On the
# real Windows 7 SYSTEM hive, TermService's ObjectName made to share
# DisplayName's data cell: "repair termservice" (which sets Type there)
# aborted; now one line naming the key and the damage, the hive untouched.
SYSTEM_XZ=$WINRESCUE_FIXTURES/system-win7-2controlsets-regipy.hive.xz
if have xz "a value's data shared with another value"; then
	xz -dc "$SYSTEM_XZ" > "$TMP/system" || bail "cannot decompress $SYSTEM_XZ"
	# ControlSet001\services\TermService: ObjectName's value cell, and
	# DisplayName's data cell (file offsets, as in the fixture).
	OBJECTNAME=$((0x80f60 + 4))
	[ "$(field "$TMP/system" "$OBJECTNAME" 2)" = vk ] &&
		[ "$(field "$TMP/system" $((OBJECTNAME + 0x14)) 10)" = ObjectName ] ||
		bail "the SYSTEM fixture's cells are not where this test expects them"
	poke "$TMP/system" $((OBJECTNAME + 8)) $((0x7fe48))
	before=$(sha256sum < "$TMP/system")
	"$W" repair termservice --system "$TMP/system" --yes > "$TMP/out" 2> "$TMP/err"
	rc=$?
	check "shared value data: exit 1, no crash (got $rc)" test "$rc" -eq 1
	check "shared value data: one line naming the key and the damage" grep -qxF \
		"winrescue: $TMP/system: termservice: the hive is damaged at ControlSet001\\services\\TermService: a value's data at offset 0x80e48 would be freed twice; winrescue does not change its values" \
		"$TMP/err"
	check "shared value data: the hive is untouched" test "$(sha256sum < "$TMP/system")" = "$before"
fi

done_testing
