#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The SOFTWARE-side repairs of the RDP and logon articles on a demo SOFTWARE
# hive with the fault added by hivexregedit: cleanupprofiles (catalog R-13)
# found and removed; credssp (R-15) only on request, marked insecure;
# profile-bak (R-14) lists the ProfileList .bak keys and removes the one
# asked for, never a service account's.
# Each changes exactly its bytes, and undo gives the original back.
. "${srcdir:-.}/tests/lib.sh"
need jq
need hivexregedit
W=$WINRESCUE
export XDG_STATE_HOME=$TMP/state
sha() { sha256sum < "$1" | cut -c1-64; }
diagnose() {
	"$W" diagnose --software "$1" --json > "$TMP/json" 2> "$TMP/err"
	rc=$?
}
finding() { jq -c --arg id "$1" '[.findings[] | select(.id == $id)][0]' "$TMP/json"; }
changed() { diff "$1" "$2" | grep '^[<>]'; }
d=$TMP
"$MKSTORE" software "$d/SOFTWARE" || bail "mkstore failed"
diagnose "$d/SOFTWARE"
check "demo SOFTWARE: no cleanupprofiles or credssp finding (exit $rc)" sh -c "test $rc -eq 0 && test '$(finding software.cleanupprofiles)' = null && test '$(finding software.credssp)' = null"

# The retention policy a domain GPO leaves (Windows Server 2012 R2).
K='HKEY_LOCAL_MACHINE\SOFTWARE\Policies'
printf 'Windows Registry Editor Version 5.00\r\n\r\n[%s]\r\n\r\n[%s\\Microsoft]\r\n\r\n[%s\\Microsoft\\Windows]\r\n\r\n[%s\\Microsoft\\Windows\\System]\r\n"CleanupProfiles"=dword:0000003c\r\n"EnableSmartScreen"=dword:00000001\r\n\r\n' "$K" "$K" "$K" "$K" > "$d/break.reg"
hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SOFTWARE' "$d/SOFTWARE" "$d/break.reg" || bail "hivexregedit failed"
s0=$(sha "$d/SOFTWARE")
cp "$d/SOFTWARE" "$d/orig"
diagnose "$d/SOFTWARE"
check "CleanupProfiles set: software.cleanupprofiles, a risk, exit 3 (got $rc)" sh -c "test $rc -eq 3 && jq -e '.findings[0] | .id == \"software.cleanupprofiles\" and .severity == \"risk\" and .catalog == \"R-13\" and .fix == \"winrescue repair cleanupprofiles --software $d/SOFTWARE\"' '$TMP/json'"
check "... the evidence is the value read, to be deleted" jq -e '.findings[0].evidence == ["Policies\\Microsoft\\Windows\\System CleanupProfiles: REG_DWORD 0x3c (60) -> (not set)"]' "$TMP/json"
check "... the advice names the group policy" jq -e '.findings[0].advice | test("group policy")' "$TMP/json"
export_hive "$d/SOFTWARE" > "$d/before.reg"
"$W" repair cleanupprofiles --software "$d/SOFTWARE" --yes > "$d/out" 2> "$d/err"
rc=$?
check "repair cleanupprofiles: committed and verified (rc=$rc)" sh -c "test $rc -eq 0 && grep -qx 'cleanupprofiles: done' '$d/out'"
check "... its REG DELETE line" grep -qx '  REG DELETE "HKLM\\BROKENSOFTWARE\\Policies\\Microsoft\\Windows\\System" /v CleanupProfiles /f' "$d/out"
export_hive "$d/SOFTWARE" > "$d/after.reg"
printf '%s\n' '< "CleanupProfiles"=dword:0000003c' > "$d/want"
changed "$d/before.reg" "$d/after.reg" > "$d/got"
same "... the export differs in that one value, the key and its other value kept" "$d/want" "$d/got"
diagnose "$d/SOFTWARE"
check "after the repair: no software.cleanupprofiles finding" test "$(finding software.cleanupprofiles)" = null
"$W" undo --software "$d/SOFTWARE" --yes > /dev/null 2>&1
check "undo cleanupprofiles gives back the exact SHA-256" test "$(sha "$d/SOFTWARE")" = "$s0"

# credssp: never a finding, the workaround written on request.
diagnose "$d/orig"
check "credssp: no finding, even with the value missing" test "$(finding software.credssp)" = null
"$W" repair credssp --software "$d/orig" --yes > "$d/out" 2> "$d/err"
rc=$?
check "repair credssp: committed and verified (rc=$rc)" sh -c "test $rc -eq 0 && grep -qx 'credssp: done' '$d/out'"
check "... its REG ADD line" grep -qx '  REG ADD "HKLM\\BROKENSOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\CredSSP\\Parameters" /v AllowEncryptionOracle /t REG_DWORD /d 2 /f' "$d/out"
check "... the diff says it weakens security" grep -q '^  (weakens security: it opens a way in' "$d/out"
check "... the journal marks it to revert" jq -e 'select(.action == "commit") | .transactions[0] | .name == "credssp" and .weakens_security == true' "$d/winrescue-journal.jsonl"
export_hive "$d/orig" > "$d/after.reg"
check "... AllowEncryptionOracle = 2" test "$(value_of "$d/after.reg" 'Microsoft\Windows\CurrentVersion\Policies\System\CredSSP\Parameters' AllowEncryptionOracle)" = dword:00000002
check "... and nothing else: the 6 keys of its path created, one value" test "$(changed "$d/before.reg" "$d/after.reg" | grep -c '^> \[')-$(changed "$d/before.reg" "$d/after.reg" | grep -c '^> "')" = 6-1
"$W" undo --software "$d/orig" --yes > /dev/null 2>&1
check "undo credssp gives back the exact SHA-256" test "$(sha "$d/orig")" = "$s0"

# profile-bak: a user's profile and its .bak twin, and SYSTEM's (S-1-5-18).
K='HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList'
ALICE='hex(2):43,00,3a,00,5c,00,55,00,73,00,65,00,72,00,73,00,5c,00,61,00,6c,00,69,00,63,00,65,00,00,00'
U=S-1-5-21-11-22-33-1001
printf 'Windows Registry Editor Version 5.00\r\n\r\n[%s]\r\n\r\n[%s\\S-1-5-18]\r\n"Flags"=dword:0000000c\r\n\r\n[%s\\S-1-5-18.bak]\r\n"Flags"=dword:0000000c\r\n\r\n[%s\\%s]\r\n"ProfileImagePath"=%s\r\n"State"=dword:00000000\r\n\r\n[%s\\%s.bak]\r\n"ProfileImagePath"=%s\r\n"State"=dword:00008000\r\n\r\n' \
	"$K" "$K" "$K" "$K" $U "$ALICE" "$K" $U "$ALICE" > "$d/profiles.reg"
"$MKSTORE" software "$d/P" || bail "mkstore failed"
hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SOFTWARE' "$d/P" "$d/profiles.reg" || bail "hivexregedit failed"
s0=$(sha "$d/P")
diagnose "$d/P"
check "profile-bak: never a diagnose finding" test "$(finding software.profile-bak)" = null
"$W" repair profile-bak --software "$d/P" > "$d/out" 2>&1
rc=$?
check "profile-bak without --sid: lists both .bak keys, with the folder, changes nothing (rc=$rc)" sh -c "test $rc -eq 0 && grep -qx '  Microsoft\\\\Windows NT\\\\CurrentVersion\\\\ProfileList\\\\$U.bak: C:\\\\Users\\\\alice (beside the profile without .bak)' '$d/out' && grep -qx '  Microsoft\\\\Windows NT\\\\CurrentVersion\\\\ProfileList\\\\S-1-5-18.bak: (no ProfileImagePath) (beside the profile without .bak)' '$d/out' && grep -qx 'Nothing to change.' '$d/out' && test \$(sha256sum < '$d/P' | cut -c1-64) = $s0"
for sid in S-1-5-18 S-1-5-19 S-1-5-20; do
	"$W" repair profile-bak --sid $sid --software "$d/P" --yes > /dev/null 2> "$d/err"
	rc=$?
	check "profile-bak --sid $sid: refused in one line (rc=$rc), nothing written" sh -c "test $rc -ne 0 && test \$(wc -l < '$d/err') -eq 1 && grep -q '$sid is a service account.s profile: never removed' '$d/err' && test \$(sha256sum < '$d/P' | cut -c1-64) = $s0"
done
"$W" repair profile-bak --sid 'S-1-5-21-1;x' --software "$d/P" --yes > /dev/null 2> "$d/err"
rc=$?
check "profile-bak --sid not a SID: refused in one line (rc=$rc)" sh -c "test $rc -ne 0 && test \$(wc -l < '$d/err') -eq 1 && grep -q 'is not a SID' '$d/err'"
export_hive "$d/P" > "$d/before.reg"
"$W" repair profile-bak --sid $U --software "$d/P" --yes > "$d/out" 2> "$d/err"
rc=$?
check "profile-bak --sid $U: committed and verified (rc=$rc)" sh -c "test $rc -eq 0 && grep -qx 'profile-bak: done' '$d/out'"
check "... its REG DELETE line" grep -qx "  REG DELETE \"HKLM\\\\BROKENSOFTWARE\\\\Microsoft\\\\Windows NT\\\\CurrentVersion\\\\ProfileList\\\\$U.bak\" /f" "$d/out"
export_hive "$d/P" > "$d/after.reg"
printf '%s\n' "< [HKLM\\X\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList\\$U.bak]" "< \"ProfileImagePath\"=$ALICE" '< "State"=dword:00008000' '< ' > "$d/want"
changed "$d/before.reg" "$d/after.reg" > "$d/got"
same "... the export lacks exactly that key; the profile and S-1-5-18.bak kept" "$d/want" "$d/got"
"$W" undo --software "$d/P" --yes > /dev/null 2>&1
check "undo profile-bak gives back the exact SHA-256" test "$(sha "$d/P")" = "$s0"
done_testing
