#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The service repairs (catalog R-6, R-7, R-11) on real SYSTEM hives with a
# fault added by hivexregedit: diagnose finds it, the repair changes those
# values and nothing else, diagnose no longer finds it, undo gives back the
# exact file.
. "${srcdir:-.}/tests/lib.sh"
need jq
need hivexregedit
need xz
W=$WINRESCUE
F=${WINRESCUE_FIXTURES:-}
export XDG_STATE_HOME=$TMP/state
sha() { sha256sum < "$1" | cut -c1-64; }

# break HIVE LINES: the .reg lines (keys and values, \n-separated) merged in.
break_hive() {
	printf 'Windows Registry Editor Version 5.00\n\n%s\n\n' "$2" | sed 's/$/\r/' > "$TMP/break.reg"
	hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SYSTEM' "$1" "$TMP/break.reg" || bail "hivexregedit failed on $1"
}
# utf16 TEXT: a REG_SZ as an export writes it.
utf16() { printf '%s' "$1" | od -An -tx1 -v | tr -s ' \n' '  ' | sed 's/^ //; s/ $//; s/ /,00,/g; s/^/hex(1):/; s/$/,00,00,00/'; }
# setv EXPORT KEY NAME DATA: the export with that value's data replaced.
setv() {
	K="[HKLM\\X\\$2]" V="\"$3\"=" D=$4 awk 'tolower($0) == tolower(ENVIRON["K"]) { f = 1; print; next } /^\[/ { f = 0 }
		f && index($0, ENVIRON["V"]) == 1 { $0 = ENVIRON["V"] ENVIRON["D"]; done = 1 } { print }
		END { if (!done) exit 1 }' "$1" > "$1.tmp" && mv "$1.tmp" "$1"
}
# diagnose HIVE: its JSON in $TMP/json.
diagnose() { "$W" diagnose --system "$1" --json > "$TMP/json" 2> "$TMP/err"; }
finding() { jq -c --arg id "system.$1" '[.findings[] | select(.id == $id)][0]' "$TMP/json"; }

# run_case LABEL HIVE REPAIR SEVERITY EVIDENCE EDIT...: HIVE holds the
# fault; each EDIT is KEY|NAME|DATA, what the repair must write.
run_case() {
	label=$1 hive=$2 repair=$3 sev=$4 evidence=$5
	shift 5
	diagnose "$hive"
	check "$label: diagnose finds system.$repair, $sev" jq -e --arg s "$sev" '.severity == $s' <<-JSON
	$(finding "$repair")
	JSON
	check "$label: the evidence names the value" jq -e --arg e "$evidence" '.evidence | index($e) != null' <<-JSON
	$(finding "$repair")
	JSON
	export_hive "$hive" > "$TMP/before.reg"
	cp "$TMP/before.reg" "$TMP/want.reg"
	for e in "$@"; do
		setv "$TMP/want.reg" "${e%%|*}" "$(printf '%s\n' "$e" | cut -d'|' -f2)" "${e##*|}" || bail "$label: no value $e"
	done
	s0=$(sha "$hive")
	"$W" repair "$repair" --system "$hive" --yes > "$TMP/out" 2> "$TMP/err"
	check "$label: repair $repair commits and verifies (rc=$?)" grep -q "^$repair: done\$" "$TMP/out"
	export_hive "$hive" > "$TMP/after.reg"
	same "$label: exactly those values changed" "$TMP/want.reg" "$TMP/after.reg"
	diagnose "$hive"
	check "$label: diagnose no longer finds it" test "$(finding "$repair")" = null
	"$W" undo --system "$hive" --yes > /dev/null 2>&1
	check "$label: undo gives back the SHA-256" test "$(sha "$hive")" = "$s0"
}

have_fixtures "the win7 SYSTEM hive" system-win7-2controlsets-regipy.hive.xz || { done_testing; exit 0; }
xz -dc "$F/system-win7-2controlsets-regipy.hive.xz" > "$TMP/w7"
xz -dc "$F/system-win10-dirty-with-logs-regipy.hive.xz" > "$TMP/w10dirty"
for l in 1 2; do xz -dc "$F/system-win10-dirty-with-logs-regipy.hive.LOG$l.xz" > "$TMP/w10dirty.LOG$l"; done
"$W" hive replay "$TMP/w10dirty" --output "$TMP/w10" > /dev/null 2>&1 || bail "hive replay failed"
CS1='ControlSet001\Services' CS2='ControlSet002\Services'

# Healthy: nothing above info from these checks; TermService and DHCP in a
# shared svchost (Type 32) is only worth knowing.
for h in w7 w10; do
	diagnose "$TMP/$h"
	check "$h healthy: no service finding above info" jq -e '[.findings[] | select((.id | test("^system\\.(termservice|dhcp|critical-service)$")) and .severity != "info")] | length == 0' "$TMP/json"
	check "$h healthy: termservice info, for its Type alone" jq -e '[.findings[] | select(.id == "system.termservice")][0] | .severity == "info" and (.evidence | map(select(test("Type: REG_DWORD 0x20 \\(32\\) -> REG_DWORD 0x10 \\(16\\)"))) | length > 0)' "$TMP/json"
	check "$h healthy: no critical-service (no RDAgent)" jq -e '[.findings[] | select(.id == "system.critical-service")] | length == 0' "$TMP/json"
done

# termservice (R-6): disabled in one control set, the wrong account in the other.
cp "$TMP/w7" "$TMP/ts"
break_hive "$TMP/ts" "[HKEY_LOCAL_MACHINE\\SYSTEM\\$CS1\\TermService]
\"Start\"=dword:00000004

[HKEY_LOCAL_MACHINE\\SYSTEM\\$CS2\\TermService]
\"ObjectName\"=\"LocalSystem\""
NS=$(utf16 'NT Authority\NetworkService')
run_case "win7 termservice" "$TMP/ts" termservice blocks-rdp \
	"$CS1\\TermService Start: REG_DWORD 0x4 (4) -> REG_DWORD 0x3 (3)" \
	"$CS1\\TermService|Start|dword:00000003" "$CS1\\TermService|Type|dword:00000010" \
	"$CS2\\TermService|ObjectName|$NS" "$CS2\\TermService|Type|dword:00000010"
check "win7 termservice: the diff shows the REG ADD" grep -qF 'REG ADD "HKLM\BROKENSYSTEM\ControlSet002\Services\TermService" /v ObjectName /t REG_SZ /d "NT Authority\NetworkService" /f' "$TMP/out"

# dhcp (R-7) on the Windows 10 hive after its logs' replay: DHCP and NSI
# disabled; Netlogon on demand (as it is) becomes automatic, the inferred part.
cp "$TMP/w10" "$TMP/dhcp"
break_hive "$TMP/dhcp" "[HKEY_LOCAL_MACHINE\\SYSTEM\\$CS1\\Dhcp]
\"Start\"=dword:00000004

[HKEY_LOCAL_MACHINE\\SYSTEM\\$CS1\\nsi]
\"Start\"=dword:00000004"
run_case "win10 dhcp" "$TMP/dhcp" dhcp blocks-rdp \
	"$CS1\\Dhcp Start: REG_DWORD 0x4 (4) -> REG_DWORD 0x2 (2)" \
	"$CS1\\Dhcp|Start|dword:00000002" "$CS1\\Dhcp|Type|dword:00000010" \
	"$CS1\\Netlogon|Start|dword:00000002" "$CS1\\nsi|Start|dword:00000002"
check "win10 dhcp: the advice says what is inferred" jq -e '.advice | test("inferred")' <<-JSON
$("$W" diagnose --system "$TMP/w10" --json | jq -c '[.findings[] | select(.id == "system.dhcp")][0]')
JSON

# critical-service (R-11): in the current set (Select\Current = 1) RDAgent
# severe and a backup service critical become normal; 0 is left; the other
# control set is not the article's.
cp "$TMP/w7" "$TMP/crit"
break_hive "$TMP/crit" "[HKEY_LOCAL_MACHINE\\SYSTEM\\$CS1\\RDAgent]
\"ErrorControl\"=dword:00000002
\"Start\"=dword:00000002

[HKEY_LOCAL_MACHINE\\SYSTEM\\$CS1\\AzureWLBackupPluginSvc]
\"ErrorControl\"=dword:00000003

[HKEY_LOCAL_MACHINE\\SYSTEM\\$CS1\\AzureWLBackupInquirySvc]
\"ErrorControl\"=dword:00000000

[HKEY_LOCAL_MACHINE\\SYSTEM\\$CS2\\RDAgent]
\"ErrorControl\"=dword:00000002"
run_case "win7 critical-service" "$TMP/crit" critical-service risk \
	"$CS1\\RDAgent ErrorControl: REG_DWORD 0x2 (2) -> REG_DWORD 0x1 (1)" \
	"$CS1\\RDAgent|ErrorControl|dword:00000001" "$CS1\\AzureWLBackupPluginSvc|ErrorControl|dword:00000001"
check "win7 critical-service: ErrorControl 0 shown as it is" grep -qF "$CS1\\AzureWLBackupInquirySvc ErrorControl: REG_DWORD 0x0 (0) (as wanted)" "$TMP/out"

# disable-service (R-12), on request: a third-party boot driver, boot-start
# in one control set and system-start in the other, disabled in both; the
# previous values in the diff and the journal, under the name as given.
cp "$TMP/w7" "$TMP/dis"
break_hive "$TMP/dis" "[HKEY_LOCAL_MACHINE\\SYSTEM\\$CS1\\badflt]
\"Start\"=dword:00000000
\"Type\"=dword:00000001

[HKEY_LOCAL_MACHINE\\SYSTEM\\$CS2\\badflt]
\"Start\"=dword:00000001
\"Type\"=dword:00000001"
diagnose "$TMP/dis"
check "disable-service: never a diagnose finding" test "$(finding disable-service)" = null
export_hive "$TMP/dis" > "$TMP/want.reg"
setv "$TMP/want.reg" "$CS1\\badflt" Start dword:00000004 && setv "$TMP/want.reg" "$CS2\\badflt" Start dword:00000004 || bail "no badflt"
s0=$(sha "$TMP/dis")
"$W" repair disable-service --name BADFLT --system "$TMP/dis" --yes > "$TMP/out" 2> "$TMP/err"
check "disable-service --name BADFLT: done (rc=$?)" grep -q '^disable-service: done$' "$TMP/out"
check "... the diff shows the previous Start of each set" sh -c "grep -qF '$CS1\\BADFLT Start: REG_DWORD 0x0 (0) -> REG_DWORD 0x4 (4)' '$TMP/out' && grep -qF '$CS2\\BADFLT Start: REG_DWORD 0x1 (1) -> REG_DWORD 0x4 (4)' '$TMP/out'"
check "... the journal records them" test "$(jq -r 'select(.action == "commit") | .edits[] | .key + " " + .before.hex + " " + .after.hex' "$TMP/winrescue-journal.jsonl" | tail -2 | tr '\n' ';')" = "$CS1\\BADFLT 00000000 04000000;$CS2\\BADFLT 01000000 04000000;"
export_hive "$TMP/dis" > "$TMP/after.reg"
same "disable-service: exactly Start changed" "$TMP/want.reg" "$TMP/after.reg"
"$W" undo --system "$TMP/dis" --yes > /dev/null 2>&1
check "disable-service: undo gives back the SHA-256" test "$(sha "$TMP/dis")" = "$s0"

# driver-suspects (R-12), a check that only reports: the boot- and
# system-start drivers that did not come with Windows.  Windows 7's own,
# CLFS.sys in System32 among them, are none; badflt above, with no
# ImagePath, is in System32\drivers.  Six drivers from OEM packages added
# now and Beep's file moved out of Windows (its key keeps its 2009 time):
# the five newest listed, Beep among the older ones left out.
diagnose "$TMP/w7"
check "win7: no driver suspect, the check fine" jq -e '(.findings | map(.id) | index("system.driver-suspects")) == null and (.fine | map(.id) | index("system.driver-suspects")) != null' "$TMP/json"
# Windows 10 after its logs: one driver from an OEM package (NVIDIA's PCI
# filter); Defender's definition-update driver outside System32 is not one.
diagnose "$TMP/w10"
check "win10: the one suspect, as its key says" jq -e '[.findings[] | select(.id == "system.driver-suspects")][0].evidence == ["ControlSet001\\Services\\nvpciflt: boot start, system32\\DRIVERS\\nvpciflt.sys, from oem4.inf, last written 2018-03-27 21:45:39 UTC"]' "$TMP/json"
cp "$TMP/w7" "$TMP/sus"
oem=
for i in 1 2 3 4 5 6; do
	oem="$oem[HKEY_LOCAL_MACHINE\\SYSTEM\\$CS1\\acme$i]
\"Start\"=dword:00000000
\"Type\"=dword:00000001
\"ImagePath\"=\"System32\\\\drivers\\\\acme$i.sys\"
\"Owners\"=hex(7):$(printf 'oem%s.inf' $((i + 10)) | od -An -tx1 -v | tr -s ' \n' '  ' | sed 's/^ //; s/ $//; s/ /,00,/g'),00,00,00,00,00

"
done
break_hive "$TMP/sus" "$oem[HKEY_LOCAL_MACHINE\\SYSTEM\\$CS1\\Beep]
\"ImagePath\"=\"\\\\??\\\\C:\\\\Acme\\\\beep.sys\""
diagnose "$TMP/sus"
check "six OEM drivers and one outside Windows: system.driver-suspects, info, a check that only reports" jq -e '[.findings[] | select(.id == "system.driver-suspects")][0] | .severity == "info" and .catalog == "R-12" and .repair == null and (.advice | test("disable-service --name NAME"))' "$TMP/json"
jq -r '[.findings[] | select(.id == "system.driver-suspects")][0].evidence[]' "$TMP/json" > "$TMP/sus.ev"
check "... five listed, then how many more" test "$(sed -n '6p' "$TMP/sus.ev")" = "and 2 more, older"
# "TIME NAME" of the five, in the order listed.
sed -n '1,5s/^ControlSet001\\Services\\\([a-z0-9]*\): .*last written \(.*\) UTC$/\2 \1/p' "$TMP/sus.ev" | tr ' ' '_' | sed 's/_\([^_]*\)$/ \1/' > "$TMP/sus.order"
check "... five of the acme drivers, newest key first (by name within a second)" sh -c "test \$(grep -c ' acme[1-6]\$' '$TMP/sus.order') -eq 5 && sort -k1,1r -k2,2 '$TMP/sus.order' | cmp -s - '$TMP/sus.order'"
check "... each line: start, file, package, when" grep -qx 'ControlSet001\\Services\\acme1: boot start, System32\\drivers\\acme1.sys, from oem11.inf, last written 20[0-9][0-9]-[0-1][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9] UTC' "$TMP/sus.ev"
check "... Beep, written in 2009, not among the five" sh -c "! grep -q Beep '$TMP/sus.ev'"
s1=$(sha "$TMP/sus")
"$W" repair driver-suspects --system "$TMP/sus" --yes > /dev/null 2> "$TMP/err"
check "repair driver-suspects: refused as a check that only reports (rc=$?), nothing written" sh -c "grep -q 'only reports what it finds' '$TMP/err' && test '$(sha "$TMP/sus")' = '$s1'"

# refuse ARGS... EXPECTED-LINE: exit 1, that one line, nothing written.
refuse() {
	line=$1
	shift
	"$W" repair disable-service "$@" --system "$TMP/dis" --yes > /dev/null 2> "$TMP/err"
	rc=$?
	check "disable-service $*: refused, exit 1 (got $rc)" test "$rc" -eq 1
	check "... one line: $line" test "$(cat "$TMP/err")" = "winrescue: $TMP/dis: disable-service: $line"
	check "... nothing written" test "$(sha "$TMP/dis")" = "$s0"
}
refuse 'storvsc is the Hyper-V SCSI disk driver: the OS disk on Azure: Windows may not start without it (--force disables it all the same)' --name storvsc
refuse 'VMBus is the Hyper-V bus every synthetic disk and network adapter is on: Windows may not start without it (--force disables it all the same)' --name VMBus
refuse 'ControlSet001 has no service or driver named "nosuch"' --name nosuch
refuse 'name the service or driver to disable: --name NAME, as in Services\NAME'
refuse 'name the service or driver to disable: --name NAME, as in Services\NAME' --name 'a\b'
"$W" repair disable-service --name storvsc --force --system "$TMP/dis" --yes > /dev/null 2>&1
export_hive "$TMP/dis" > "$TMP/after.reg"
check "disable-service --name storvsc --force: Start = 4" test "$(value_of "$TMP/after.reg" "$CS2\\storvsc" Start)" = dword:00000004
done_testing
