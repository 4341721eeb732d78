#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The RDP listener's security settings on the real SYSTEM hives, with the
# fault added by hivexregedit: tls (catalog R-4) found and repaired, nla
# (R-5) on request only, rdp-cert (R-16) reported.  Each repair changes
# exactly its bytes, and undo gives the original back.
. "${srcdir:-.}/tests/lib.sh"
need jq
need hivexregedit
need xz
W=$WINRESCUE
export XDG_STATE_HOME=$TMP/state
sha() { sha256sum < "$1" | cut -c1-64; }
# diagnose HIVE-OPTION FILE: its JSON in $TMP/json, the exit status in $rc.
diagnose() {
	"$W" diagnose "$1" "$2" --json > "$TMP/json" 2> "$TMP/err"
	rc=$?
}
# finding ID: the finding's JSON (null when there is none).
finding() { jq -c --arg id "$1" '[.findings[] | select(.id == $id)][0]' "$TMP/json"; }
# merge HIVE ROOT REG-BODY: keys and values set by hivexregedit.
merge() {
	printf 'Windows Registry Editor Version 5.00\r\n\r\n%s' "$3" | sed 's/$/\r/' > "$TMP/merge.reg"
	hivexregedit --merge --prefix "$2" "$1" "$TMP/merge.reg" || bail "hivexregedit failed on $1"
}
# changed BEFORE AFTER: the lines a diff of two exports adds (>) and removes (<).
changed() { diff "$1" "$2" | grep '^[<>]'; }

SCH='Control\SecurityProviders\SCHANNEL\Protocols'
if have_fixtures "tls on the win7 SYSTEM hive" system-win7-2controlsets-regipy.hive.xz; then
	d=$TMP/win7 && mkdir -p "$d"
	xz -dc "$WINRESCUE_FIXTURES/system-win7-2controlsets-regipy.hive.xz" > "$d/SYSTEM"
	diagnose --system "$d/SYSTEM"
	check "win7: healthy, no system.tls finding (exit $rc)" sh -c "test $rc -eq 0 && test '$(finding system.tls)' = null"
	check "win7: healthy, no blocks-* finding at all" jq -e '[.findings[] | select(.severity | startswith("blocks"))] | length == 0' "$TMP/json"

	# TLS 1.2 switched off for the server in ControlSet002 only.
	merge "$d/SYSTEM" 'HKEY_LOCAL_MACHINE\SYSTEM' "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\$SCH\\TLS 1.2]

[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\$SCH\\TLS 1.2\\Server]
\"Enabled\"=dword:00000000

"
	s0=$(sha "$d/SYSTEM")
	cp "$d/SYSTEM" "$d/broken"
	diagnose --system "$d/SYSTEM"
	check "win7 + TLS 1.2 off: system.tls blocks RDP, exit 3 (got $rc)" sh -c "test $rc -eq 3 && jq -e '.findings[0] | .id == \"system.tls\" and .severity == \"blocks-rdp\" and .weakens_security == false and .fix == \"winrescue repair tls --system $d/SYSTEM\"' '$TMP/json'"
	check "... the evidence: the value read in ControlSet002 (ControlSet001 has no key: Windows' default, left alone)" jq -e --arg b "ControlSet002\\$SCH\\TLS 1.2\\Server Enabled: REG_DWORD 0x0 (0) -> REG_DWORD 0x1 (1)" '.findings[0].evidence == [$b]' "$TMP/json"
	check "... the advice names the security trade-off" jq -e '.findings[0].advice | test("--tls-old, which weakens security")' "$TMP/json"

	export_hive "$d/SYSTEM" > "$d/before.reg"
	"$W" repair tls --system "$d/SYSTEM" --yes > "$d/out" 2> "$d/err"
	rc=$?
	check "repair tls: committed and verified (rc=$rc)" sh -c "test $rc -eq 0 && grep -qx 'tls: done' '$d/out'"
	check "repair tls: one REG ADD line, for ControlSet002" test "$(grep -c "^  REG ADD \"HKLM\\\\BROKENSYSTEM\\\\ControlSet002\\\\Control\\\\SecurityProviders\\\\SCHANNEL\\\\Protocols\\\\TLS 1.2\\\\Server\" /v Enabled /t REG_DWORD /d 1 /f\$" "$d/out")" -eq 1
	check "repair tls: not marked as weakening security" sh -c "! grep -q 'weakens security' '$d/out'"
	export_hive "$d/SYSTEM" > "$d/after.reg"
	printf '%s\n' '< "Enabled"=dword:00000000' '> "Enabled"=dword:00000001' > "$d/want"
	changed "$d/before.reg" "$d/after.reg" > "$d/got"
	same "repair tls: the export differs in exactly the value set" "$d/want" "$d/got"
	check "repair tls: ControlSet002's value is the one set" test "$(value_of "$d/after.reg" "ControlSet002\\$SCH\\TLS 1.2\\Server" Enabled)" = dword:00000001
	check "repair tls: TLS 1.0 and 1.1 left alone" sh -c "test '$(value_of "$d/after.reg" "ControlSet001\\$SCH\\TLS 1.0\\Server" Enabled)' = absent && test '$(value_of "$d/after.reg" "ControlSet002\\$SCH\\TLS 1.1\\Server" Enabled)' = absent"
	diagnose --system "$d/SYSTEM"
	check "after the repair: no system.tls finding" test "$(finding system.tls)" = null
	"$W" undo --system "$d/SYSTEM" --yes > /dev/null 2>&1
	check "undo tls gives back the exact SHA-256" test "$(sha "$d/SYSTEM")" = "$s0"

	# --tls-old: 1.0 and 1.1 too, with a warning, marked to revert.
	"$W" repair tls --tls-old --system "$d/broken" --yes > "$d/out" 2> "$d/err"
	rc=$?
	check "repair tls --tls-old: committed (rc=$rc)" test $rc -eq 0
	check "... warns that 1.0 and 1.1 weaken security" grep -qx '  warning: TLS 1.0 and 1.1 are obsolete and weaken security: turn them off again once the clients that need them are updated' "$d/out"
	check "... the diff says it weakens security" grep -q '^  (weakens security: it opens a way in' "$d/out"
	check "... the journal marks it to revert" jq -e 'select(.action == "commit") | .transactions[0] | .name == "tls" and .weakens_security == true' "$d/winrescue-journal.jsonl"
	export_hive "$d/broken" > "$d/old.reg"
	for v in 1.0 1.1 1.2; do
		for set in 001 002; do
			check "... ControlSet$set TLS $v Server Enabled = 1" test "$(value_of "$d/old.reg" "ControlSet$set\\$SCH\\TLS $v\\Server" Enabled)" = dword:00000001
		done
	done
	check "... and nothing else: 6 keys created in ControlSet001, 4 in ControlSet002" test "$(changed "$d/before.reg" "$d/old.reg" | grep -c '^> \[')" -eq 10
	"$W" undo --system "$d/broken" --yes > /dev/null 2>&1
	check "undo tls --tls-old gives back the exact SHA-256" test "$(sha "$d/broken")" = "$s0"
fi

# nla on request: NLA on, domain credentials refused, FIPS on, the
# encryption level FIPS (4) in ControlSet001 and High (3) in ControlSet002.
if have_fixtures "nla on the win7 SYSTEM hive" system-win7-2controlsets-regipy.hive.xz; then
	d=$TMP/nla && mkdir -p "$d"
	xz -dc "$WINRESCUE_FIXTURES/system-win7-2controlsets-regipy.hive.xz" > "$d/SYSTEM"
	body=
	for set in 1 2; do
		body="$body[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet00$set\\Control\\Terminal Server\\WinStations\\RDP-Tcp]
\"UserAuthentication\"=dword:00000001
\"MinEncryptionLevel\"=dword:0000000$((5 - set))

[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet00$set\\Control\\Lsa]
\"disabledomaincreds\"=dword:00000001

[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet00$set\\Control\\Lsa\\FIPSAlgorithmPolicy]
\"Enabled\"=dword:00000001

"
	done
	merge "$d/SYSTEM" 'HKEY_LOCAL_MACHINE\SYSTEM' "$body"
	s0=$(sha "$d/SYSTEM")
	diagnose --system "$d/SYSTEM"
	check "nla: never a diagnose finding, even with NLA on" test "$(finding system.nla)" = null
	export_hive "$d/SYSTEM" > "$d/before.reg"
	"$W" repair nla --system "$d/SYSTEM" --yes > "$d/out" 2> "$d/err"
	rc=$?
	check "repair nla: committed and verified (rc=$rc)" sh -c "test $rc -eq 0 && grep -qx 'nla: done' '$d/out'"
	check "repair nla: the check shows SecurityLayer, kept" grep -qx '  ControlSet001\\Control\\Terminal Server\\WinStations\\RDP-Tcp SecurityLayer: REG_DWORD 0x1 (1) (kept)' "$d/out"
	check "repair nla: the diff says it weakens security" grep -q '^  (weakens security: it opens a way in' "$d/out"
	check "repair nla: the journal marks it to revert" jq -e 'select(.action == "commit") | .transactions[0] | .name == "nla" and .weakens_security == true' "$d/winrescue-journal.jsonl"
	export_hive "$d/SYSTEM" > "$d/after.reg"
	changed "$d/before.reg" "$d/after.reg" | sort | uniq -c | sed 's/^ *//' | LC_ALL=C sort > "$d/got"
	printf '%s\n' '2 < "Enabled"=dword:00000001' '2 < "UserAuthentication"=dword:00000001' '2 < "disabledomaincreds"=dword:00000001' \
		'1 < "MinEncryptionLevel"=dword:00000003' '1 < "MinEncryptionLevel"=dword:00000004' \
		'2 > "Enabled"=dword:00000000' '2 > "MinEncryptionLevel"=dword:00000002' '2 > "UserAuthentication"=dword:00000000' '2 > "disabledomaincreds"=dword:00000000' | LC_ALL=C sort > "$d/want"
	same "repair nla: exactly the eight values in the two control sets changed" "$d/want" "$d/got"
	for set in 001 002; do
		check "repair nla: ControlSet$set NLA off, encryption client compatible" sh -c "test '$(value_of "$d/after.reg" "ControlSet$set\\Control\\Terminal Server\\WinStations\\RDP-Tcp" UserAuthentication)' = dword:00000000 && test '$(value_of "$d/after.reg" "ControlSet$set\\Control\\Terminal Server\\WinStations\\RDP-Tcp" MinEncryptionLevel)' = dword:00000002"
	done
	"$W" undo --system "$d/SYSTEM" --yes > /dev/null 2>&1
	check "undo nla gives back the exact SHA-256" test "$(sha "$d/SYSTEM")" = "$s0"
fi

# rdp-cert: a thumbprint set by hand is reported, never repaired.
if have_fixtures "rdp-cert on the win7 SYSTEM hive" system-win7-2controlsets-regipy.hive.xz; then
	d=$TMP/cert && mkdir -p "$d"
	xz -dc "$WINRESCUE_FIXTURES/system-win7-2controlsets-regipy.hive.xz" > "$d/SYSTEM"
	diagnose --system "$d/SYSTEM"
	check "rdp-cert: no finding without a thumbprint" test "$(finding system.rdp-cert)" = null
	merge "$d/SYSTEM" 'HKEY_LOCAL_MACHINE\SYSTEM' '[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\Terminal Server\WinStations\RDP-Tcp]
"SSLCertificateSHA1Hash"=hex:01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14

'
	s0=$(sha "$d/SYSTEM")
	diagnose --system "$d/SYSTEM"
	check "rdp-cert: the thumbprint reported as info, a check only (exit $rc)" sh -c "test $rc -eq 0 && test '$(finding system.rdp-cert | jq -c '[.severity, .repair, .catalog]')' = '[\"info\",null,\"R-16\"]'"
	check "... the evidence shows the thumbprint's bytes" jq -e '[.findings[] | select(.id == "system.rdp-cert")][0].evidence == ["ControlSet001\\Control\\Terminal Server\\WinStations\\RDP-Tcp SSLCertificateSHA1Hash: REG_BINARY 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 -> (not set)"]' "$TMP/json"
	check "... the advice names the events and the reg delete" jq -e '[.findings[] | select(.id == "system.rdp-cert")][0].advice | test("36870") and test("/v SSLCertificateSHA1Hash /f")' "$TMP/json"
	"$W" repair rdp-cert --system "$d/SYSTEM" --yes > "$d/out" 2> "$d/err"
	rc=$?
	check "repair rdp-cert refuses with one line (rc=$rc), the hive untouched" sh -c "test $rc -eq 1 && test \$(wc -l < '$d/err') -eq 1 && grep -q 'rdp-cert only reports what it finds' '$d/err' && test \$(sha256sum < '$d/SYSTEM' | cut -c1-64) = $s0"
fi

# The Windows 10 hive, dirty: its logs are replayed, then TLS written.
if have_fixtures "tls on the dirty win10 SYSTEM hive" system-win10-dirty-with-logs-regipy.hive.xz; then
	d=$TMP/win10 && mkdir -p "$d"
	for f in '' .LOG1 .LOG2; do
		xz -dc "$WINRESCUE_FIXTURES/system-win10-dirty-with-logs-regipy.hive$f.xz" > "$d/SYSTEM$f"
	done
	s0=$(sha "$d/SYSTEM")
	diagnose --system "$d/SYSTEM"
	# (Remote Desktop is off on that machine: system.rdp, not ours.)
	check "win10 (logs replayed): no system.tls finding (exit $rc)" test "$(finding system.tls)" = null
	"$W" repair tls --tls-old --system "$d/SYSTEM" --yes > "$d/out" 2> "$d/err"
	rc=$?
	check "win10: repair tls --tls-old committed and verified (rc=$rc)" sh -c "test $rc -eq 0 && grep -qx 'tls: done' '$d/out'"
	export_hive "$d/SYSTEM" > "$d/after.reg"
	check "win10: ControlSet001 TLS 1.0 and 1.2 Server Enabled = 1" sh -c "test '$(value_of "$d/after.reg" "ControlSet001\\$SCH\\TLS 1.0\\Server" Enabled)' = dword:00000001 && test '$(value_of "$d/after.reg" "ControlSet001\\$SCH\\TLS 1.2\\Server" Enabled)' = dword:00000001"
	"$W" undo --system "$d/SYSTEM" --yes > /dev/null 2>&1
	check "win10: undo gives back the dirty original's SHA-256" test "$(sha "$d/SYSTEM")" = "$s0"
fi
done_testing
