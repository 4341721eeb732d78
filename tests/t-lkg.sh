#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# winrescue repair lkg (catalog H-2) on the real SYSTEM hives: the four
# Select values one more each, the control sets with their timestamps, a
# machine already on Last Known Good, and the refusal when the control set
# to start is not there.
. "${srcdir:-.}/tests/lib.sh"
need hivexregedit
need hivexml
need xz
W=$WINRESCUE
export XDG_STATE_HOME=$TMP/state
have_fixtures "the win7 SYSTEM hive" system-win7-2controlsets-regipy.hive.xz || { done_testing; exit 0; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
# merge HIVE KEY VALUE-LINE: one value set by hivexregedit, under HKLM\SYSTEM.
merge() {
	printf 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\%s]\r\n%s\r\n\r\n' "$2" "$3" > "$TMP/merge.reg"
	hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SYSTEM' "$1" "$TMP/merge.reg" || bail "hivexregedit failed on $1"
}
# The .reg lines that differ between two exports.
changed() { diff "$1" "$2" | grep '^[<>]' | sort; }
# mtime KEY: the key's timestamp as hivexml reads it, as winrescue shows it.
mtime() { hivexml "$S" | grep -o "<node name=\"$1\"><mtime>[^<]*" | sed 's/.*<mtime>//; s/T/ /; s/Z$/ UTC/'; }

S=$TMP/SYSTEM
xz -dc "$WINRESCUE_FIXTURES/system-win7-2controlsets-regipy.hive.xz" > "$S"
s0=$(sha "$S")
export_hive "$S" > "$TMP/before.reg"

# lkg is asked for, never a finding.
"$W" diagnose --system "$S" --json > "$TMP/json" 2>&1
check "diagnose: lkg is no finding (on request)" sh -c "! grep -q system.lkg '$TMP/json'"

"$W" repair lkg --system "$S" --yes > "$TMP/out" 2> "$TMP/err"
rc=$?
check "win7: repair lkg exits 0 (got $rc)" test "$rc" -eq 0
check "win7: the check shows ControlSet001 and its timestamp, as hivexml reads it" grep -qxF "  ControlSet001: last written $(mtime ControlSet001)" "$TMP/out"
check "win7: ... and ControlSet002's" grep -qxF "  ControlSet002: last written $(mtime ControlSet002)" "$TMP/out"
check "win7: the timestamps are the hive's (2012-03-15, 2009-07-14)" sh -c "grep -q 'ControlSet001: last written 2012-03-15 22:33:11 UTC' '$TMP/out' && grep -q 'ControlSet002: last written 2009-07-14 04:53:14 UTC' '$TMP/out'"
check "win7: no SOFTWARE hive: the values say Windows 7's table (LastKnownGood=3)" grep -qF "Windows: (no SOFTWARE hive): Last Known Good is Current=2 Default=2 Failed=1 LastKnownGood=3" "$TMP/out"
check "win7: REG ADD for Current in the diff" grep -qF 'REG ADD "HKLM\BROKENSYSTEM\Select" /v Current /t REG_DWORD /d 2 /f' "$TMP/out"
export_hive "$S" > "$TMP/after.reg"
cat > "$TMP/want" <<'W'
< "Current"=dword:00000001
< "Default"=dword:00000001
< "Failed"=dword:00000000
< "LastKnownGood"=dword:00000002
> "Current"=dword:00000002
> "Default"=dword:00000002
> "Failed"=dword:00000001
> "LastKnownGood"=dword:00000003
W
changed "$TMP/before.reg" "$TMP/after.reg" > "$TMP/got"
same "win7: the article's values (2, 2, 1, 3), and nothing else changed" "$TMP/want" "$TMP/got"
check "win7: they are Select's" test "$(value_of "$TMP/after.reg" Select LastKnownGood)" = dword:00000003
s1=$(sha "$S")
"$W" repair lkg --system "$S" --yes > "$TMP/out2" 2>&1
rc=$?
check "win7: again: already done, exit 0 (got $rc), the hive unchanged" sh -c "test $rc -eq 0 && grep -q 'lkg: already done' '$TMP/out2' && test '$(sha "$S")' = '$s1'"
"$W" undo --system "$S" --yes > /dev/null 2>&1
check "win7: undo gives back the original SHA-256" test "$(sha "$S")" = "$s0"

# A machine already started on Last Known Good (the Select values of one,
# and the control set Windows copied for the next one): one more each.
merge "$S" Select '"Current"=dword:00000002'
merge "$S" Select '"Default"=dword:00000002'
merge "$S" Select '"Failed"=dword:00000001'
merge "$S" Select '"LastKnownGood"=dword:00000003'
merge "$S" ControlSet003 '"x"=dword:00000001'
export_hive "$S" > "$TMP/before.reg"
s2=$(sha "$S")
"$W" repair lkg --system "$S" --yes > "$TMP/out" 2>&1
rc=$?
check "on LKG already: exit 0 (got $rc)" test "$rc" -eq 0
check "on LKG already: ControlSet003 listed" grep -q '^  ControlSet003: last written ' "$TMP/out"
export_hive "$S" > "$TMP/after.reg"
cat > "$TMP/want" <<'W'
< "Current"=dword:00000002
< "Default"=dword:00000002
< "Failed"=dword:00000001
< "LastKnownGood"=dword:00000003
> "Current"=dword:00000003
> "Default"=dword:00000003
> "Failed"=dword:00000002
> "LastKnownGood"=dword:00000004
W
changed "$TMP/before.reg" "$TMP/after.reg" > "$TMP/got"
same "on LKG already: one more each (3, 3, 2, 4), nothing else" "$TMP/want" "$TMP/got"
"$W" undo --system "$S" --yes > /dev/null 2>&1
check "on LKG already: undo gives back its SHA-256" test "$(sha "$S")" = "$s2"

# The Windows version from a SOFTWARE hive (Windows Server 2022, build 20348).
"$MKSTORE" software "$TMP/SOFTWARE" || bail "mkstore software failed"
"$W" repair lkg --system "$S" --software "$TMP/SOFTWARE" > "$TMP/out" 2>&1 < /dev/null
check "SOFTWARE: Server 2022, build 20348: the Windows 10 and newer table" grep -qF "Windows: Windows Server 2022 Datacenter, build 20348: Last Known Good is Current=2 Default=2 Failed=1 LastKnownGood=2" "$TMP/out"

# Only ControlSet001 (the Windows 10 hive, after log replay): refused.
if have_fixtures "the win10 SYSTEM hive" system-win10-dirty-with-logs-regipy.hive.xz; then
	T=$TMP/win10
	mkdir -p "$T"
	for f in '' .LOG1 .LOG2; do
		xz -dc "$WINRESCUE_FIXTURES/system-win10-dirty-with-logs-regipy.hive$f.xz" > "$T/SYSTEM$f"
	done
	t0=$(sha "$T/SYSTEM")
	"$W" repair lkg --system "$T/SYSTEM" --yes > "$T/out" 2> "$T/err"
	rc=$?
	check "win10: refused, exit 1 (got $rc)" test "$rc" -eq 1
	check "win10: one line names the missing control set" sh -c "test \$(wc -l < '$T/err') -eq 1 && grep -q 'Last Known Good would start ControlSet002, which the SYSTEM hive does not have' '$T/err'"
	check "win10: the hive is untouched" test "$(sha "$T/SYSTEM")" = "$t0"
fi
done_testing
