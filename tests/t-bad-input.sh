#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Bad input to bcd enum: one clear line on stderr naming the file, a non-zero
# exit, nothing on stdout, never a crash.
. "${srcdir:-.}/tests/lib.sh"

W=$WINRESCUE

# refused DESCRIPTION FILE PHRASE
refused() {
	timeout 20 "$W" bcd enum --all --store "$2" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	check "$1: exit 1 (got $rc)" test "$rc" -eq 1
	check "$1: one line on stderr" test "$(wc -l < "$TMP/err")" -eq 1
	check "$1: names the file and says '$3'" grep -q "^winrescue: $2: .*$3" "$TMP/err"
	check "$1: nothing on stdout" test ! -s "$TMP/out"
}

refused "missing file" "$TMP/nope" "No such file"
mkdir "$TMP/dir"
refused "directory" "$TMP/dir" "directory"
: > "$TMP/empty"
refused "empty file" "$TMP/empty" "empty"
# Random input from fixed seeds: every run tests the same bytes.
"$MKSTORE" random 1 65536 "$TMP/random" || bail "mkstore failed"
refused "random bytes (seed 1)" "$TMP/random" "not a registry hive"
"$MKSTORE" bios "$TMP/store" || bail "mkstore failed"
for cut in 300 2000 4096 6000; do
	head -c $cut "$TMP/store" > "$TMP/cut$cut"
	refused "store cut to $cut bytes" "$TMP/cut$cut" "truncated"
done
cp "$TMP/store" "$TMP/badsum"
printf 'X' | dd of="$TMP/badsum" bs=1 seek=64 conv=notrunc 2>/dev/null
mkfifo "$TMP/fifo"
refused "a FIFO (must not hang)" "$TMP/fifo" "is not a regular file"
refused "corrupted header" "$TMP/badsum" "checksum"

# Hive bins overwritten with junk, the root key at 0x20 with them: a corrupt
# hive, refused as such (exit 1; 3 is for a store listed with defects).
for seed in 2 3; do
	cp "$TMP/store" "$TMP/junkbins$seed"
	"$MKSTORE" random $seed 4096 "$TMP/junk" || bail "mkstore failed"
	dd if="$TMP/junk" of="$TMP/junkbins$seed" bs=1 seek=4128 conv=notrunc 2>/dev/null
	refused "junk hive bins (seed $seed)" "$TMP/junkbins$seed" "root key at 0x20: the cell is not a key"
done

as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 &&
	as_nobody "$W" --version > /dev/null 2>&1; then
	cp "$TMP/store" "$TMP/private" && chmod 600 "$TMP/private" && chmod 755 "$TMP"
	as_nobody "$W" bcd enum --store "$TMP/private" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	check "unreadable file: exit 1 (got $rc)" test "$rc" -eq 1
	check "unreadable file: says permission denied" grep -q "^winrescue: $TMP/private: cannot open: Permission denied" "$TMP/err"
elif [ "$(id -u)" -ne 0 ]; then # as a user, chmod is enough
	cp "$TMP/store" "$TMP/private" && chmod 000 "$TMP/private"
	refused "unreadable file" "$TMP/private" "Permission denied"
else
	skip "unreadable file" "root, and user nobody cannot run $W to test permissions"
fi

if have_fixtures "a SYSTEM hive is not a BCD store" system-delta-differencing-v1.6-yarp.hive; then
	refused "a SYSTEM hive is not a BCD store" \
		"$WINRESCUE_FIXTURES/system-delta-differencing-v1.6-yarp.hive" "not a BCD store"
fi
if have_fixtures "a corrupted SYSTEM hive" system-corrupted-regipy.hive.xz &&
	have xz "a corrupted SYSTEM hive"; then
	xz -dc "$WINRESCUE_FIXTURES/system-corrupted-regipy.hive.xz" > "$TMP/corrupt" || bail "xz failed"
	refused "a corrupted SYSTEM hive hivex refuses" "$TMP/corrupt" "hivex cannot read"
fi

"$MKSTORE" bad-elements "$TMP/bad" || bail "mkstore failed"
"$W" bcd enum --all --store "$TMP/bad" > "$TMP/out" 2> "$TMP/err"
rc=$?
check "elements of wrong length: exit 3 (got $rc)" test "$rc" -eq 3
check "... the store is still listed" grep -q 'Windows Boot Loader' "$TMP/out"
check "... each bad element shown raw as invalid" grep -q '^recoveryenabled *invalid (boolean of 2 bytes (must be 1)): 01 00$' "$TMP/out"
check "... five warnings, each naming the file" test "$(grep -c "^winrescue: $TMP/bad: warning: " "$TMP/err")" -eq 5
check "... and the element" grep -q 'element 25000020 (nx): integer of 9 bytes' "$TMP/err"
"$MKSTORE" hostile-text "$TMP/hostile" || bail "mkstore failed"
"$W" bcd enum --all --store "$TMP/hostile" > "$TMP/out" 2> "$TMP/err"
check "hostile text: no escape character reaches the terminal" sh -c "! grep -q \"\$(printf '\\033')\" '$TMP/out' '$TMP/err'"
check "hostile text: warnings cut to length stay valid UTF-8" iconv -f UTF-8 -t UTF-8 "$TMP/err"
check "hostile text: the description stays on one line" grep -q '^description *Evil\\x1b\]2;pwned\\x07\\x1b\[2J\\x0aforged$' "$TMP/out"
if have jq "hostile text: JSON"; then
	"$W" bcd enum --all --json --store "$TMP/hostile" > "$TMP/json" 2>/dev/null
	check "hostile text: JSON still parses (valid UTF-8)" jq -e '.problems | length > 0' "$TMP/json"
	check "hostile text: JSON keeps the real characters" jq -e '.objects[] | .elements[] | select(.id == "12000004" and (.value | startswith("Evil\u001b]2;")))' "$TMP/json"
fi
"$MKSTORE" inherit-cycle "$TMP/cycle" || bail "mkstore failed"
"$W" bcd enum --all --inherited --store "$TMP/cycle" > "$TMP/out" 2> "$TMP/err"
rc=$?
check "inherit cycle: listed, exit 3 (got $rc)" test "$rc" -eq 3
check "... reported once, whichever object the walk started from" test "$(grep -c 'inherit cycle' "$TMP/err")" -eq 1
done_testing
