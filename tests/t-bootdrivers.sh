#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# winrescue repair bootdrivers (INACCESSIBLE_BOOT_DEVICE, 0x7B) on the real
# SYSTEM hives: storvsc Start = 3 on a Windows that has run on Hyper-V, a
# StartOverride key on vmbus, a disk class UpperFilters entry naming no
# service; found as blocking the boot, fixed in exactly those bytes, undone.
. "${srcdir:-.}/tests/lib.sh"
need hivexregedit
need jq
need xz
W=$WINRESCUE
export XDG_STATE_HOME=$TMP/state
have_fixtures "the win7 SYSTEM hive" system-win7-2controlsets-regipy.hive.xz || { done_testing; exit 0; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
# merge HIVE KEY [VALUE-LINE]: a key (and a value) set by hivexregedit, under HKLM\SYSTEM.
merge() {
	printf 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\%s]\r\n%s\r\n\r\n' "$2" "${3:-}" > "$TMP/merge.reg"
	hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SYSTEM' "$1" "$TMP/merge.reg" || bail "hivexregedit failed on $1"
}
diagnose() {
	"$W" diagnose --system "$1" --json > "$TMP/json" 2> "$TMP/err"
	rc=$?
}
finding() { jq -c '[.findings[] | select(.id == "system.bootdrivers")][0]' "$TMP/json"; }
# The .reg lines that differ between two exports.
changed() { diff "$1" "$2" | grep '^[<>]' | sort; }
DISK='ControlSet001\Control\Class\{4D36E967-E325-11CE-BFC1-08002BE10318}'

S=$TMP/SYSTEM
xz -dc "$WINRESCUE_FIXTURES/system-win7-2controlsets-regipy.hive.xz" > "$S"

# Healthy: storvsc is Start = 3 there, but this Windows never ran on Hyper-V.
diagnose "$S"
check "win7 healthy: nothing above info, exit 0 (got $rc)" sh -c "test $rc -eq 0 && jq -e '[.findings[] | select(.severity != \"info\")] | length == 0' '$TMP/json' > /dev/null"
check "win7 healthy: bootdrivers as info, saying Hyper-V needs storvsc" jq -e '[.findings[] | select(.id == "system.bootdrivers")][0] | .severity == "info" and (.evidence | index("(this Windows has not run on Hyper-V: it needs storvsc there)") != null)' "$TMP/json"

# The faults: a Windows that has run on Hyper-V (a VMBus device enumerated),
# storvsc Start = 3, a StartOverride on vmbus, a filter naming no service.
merge "$S" 'ControlSet001\Enum\VMBUS'
merge "$S" 'ControlSet001\Enum\VMBUS\{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}' '"Service"="storvsc"'
merge "$S" 'ControlSet001\Services\storvsc' '"Start"=dword:00000003'
merge "$S" 'ControlSet001\Services\vmbus\StartOverride' '"0"=dword:00000003'
merge "$S" "$DISK" '"UpperFilters"=hex(7):50,00,61,00,72,00,74,00,4d,00,67,00,72,00,00,00,67,00,68,00,6f,00,73,00,74,00,66,00,6c,00,74,00,00,00,00,00'
s0=$(sha "$S")
export_hive "$S" > "$TMP/before.reg"
diagnose "$S"
check "faults: system.bootdrivers blocks the boot, exit 3 (got $rc)" sh -c "test $rc -eq 3 && jq -e '.findings[0].id == \"system.bootdrivers\" and .findings[0].severity == \"blocks-boot\"' '$TMP/json' > /dev/null"
check "faults: the evidence names storvsc's Start" jq -e '[.findings[] | select(.id == "system.bootdrivers")][0].evidence | index("ControlSet001\\Services\\storvsc Start: REG_DWORD 0x3 (3) -> REG_DWORD 0x0 (0)") != null' "$TMP/json"
check "faults: ... vmbus's StartOverride" jq -e '[.findings[] | select(.id == "system.bootdrivers")][0].evidence | index("ControlSet001\\Services\\vmbus: a StartOverride key -> removed") != null' "$TMP/json"
check "faults: ... the filter naming no service, the rest kept" jq -e '[.findings[] | select(.id == "system.bootdrivers")][0].evidence | index("ControlSet001\\Control\\Class\\{4d36e967-e325-11ce-bfc1-08002be10318} UpperFilters: PartMgr ghostflt -> PartMgr (no such service: ghostflt)") != null' "$TMP/json"

"$W" repair bootdrivers --system "$S" --yes > "$TMP/out" 2> "$TMP/err"
rc=$?
check "repair: exit 0 (got $rc)" test "$rc" -eq 0
check "repair: REG DELETE of the StartOverride key in the diff" grep -qF 'REG DELETE "HKLM\BROKENSYSTEM\ControlSet001\Services\vmbus\StartOverride" /f' "$TMP/out"
export_hive "$S" > "$TMP/after.reg"
cat > "$TMP/want" <<'W'
< 
< "0"=dword:00000003
< "Start"=dword:00000003
< "UpperFilters"=hex(7):50,00,61,00,72,00,74,00,4d,00,67,00,72,00,00,00,67,00,68,00,6f,00,73,00,74,00,66,00,6c,00,74,00,00,00,00,00
< [HKLM\X\ControlSet001\services\vmbus\StartOverride]
> "Start"=dword:00000000
> "UpperFilters"=hex(7):50,00,61,00,72,00,74,00,4d,00,67,00,72,00,00,00,00,00
W
changed "$TMP/before.reg" "$TMP/after.reg" > "$TMP/got"
same "repair: exactly storvsc's Start, vmbus's StartOverride and the filter list" "$TMP/want" "$TMP/got"
diagnose "$S"
check "repaired: no bootdrivers finding, exit 0 (got $rc)" sh -c "test $rc -eq 0 && test \"\$(jq -c '[.findings[] | select(.id == \"system.bootdrivers\")] | length' '$TMP/json')\" = 0"
"$W" undo --system "$S" --yes > /dev/null 2>&1
check "undo gives back the SHA-256" test "$(sha "$S")" = "$s0"

# A list with only names of no service: the value goes, as an empty list
# is not the same as none.
merge "$S" "$DISK" '"LowerFilters"=hex(7):67,00,68,00,6f,00,73,00,74,00,00,00,00,00'
"$W" repair bootdrivers --system "$S" --yes > "$TMP/out" 2>&1
check "only a dangling name: REG DELETE of the value" grep -qF 'REG DELETE "HKLM\BROKENSYSTEM\ControlSet001\Control\Class\{4d36e967-e325-11ce-bfc1-08002be10318}" /v LowerFilters /f' "$TMP/out"
export_hive "$S" > "$TMP/after.reg"
check "only a dangling name: the value is gone" test "$(value_of "$TMP/after.reg" "$DISK" LowerFilters)" = absent

# The Windows 10 hive (after log replay): StartOverride on vmbus, storvsc and
# stornvme, as Windows leaves them where the hardware is absent: info only.
if have_fixtures "the win10 SYSTEM hive" system-win10-dirty-with-logs-regipy.hive.xz; then
	T=$TMP/win10
	mkdir -p "$T"
	for f in '' .LOG1 .LOG2; do
		xz -dc "$WINRESCUE_FIXTURES/system-win10-dirty-with-logs-regipy.hive$f.xz" > "$T/SYSTEM$f"
	done
	diagnose "$T/SYSTEM"
	check "win10 healthy: bootdrivers as info" test "$(finding | jq -r .severity)" = info
	check "win10 healthy: the three StartOverride keys named" sh -c "test \"\$(jq -r '[.findings[] | select(.id == \"system.bootdrivers\")][0].evidence[]' '$TMP/json' | grep -c 'a StartOverride key -> removed')\" = 3"
fi
done_testing
