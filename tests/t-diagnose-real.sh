#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# diagnose on real stores and hives with a fault added by another tool
# (hivexregedit): it finds each fault, and only that fault, above what the
# healthy original gives.
. "${srcdir:-.}/tests/lib.sh"
need jq
need hivexregedit
need xz
W=$WINRESCUE
export XDG_STATE_HOME=$TMP/state
have_fixtures "real stores and hives" bcd-win10-bios-windeploy-linux.hive || { done_testing; exit 0; }

# merge HIVE ROOT KEY VALUE-LINE: one value set by hivexregedit.
merge() {
	printf 'Windows Registry Editor Version 5.00\r\n\r\n[%s\\%s]\r\n%s\r\n\r\n' "$2" "$3" "$4" > "$TMP/merge.reg"
	hivexregedit --merge --prefix "$2" "$1" "$TMP/merge.reg" || bail "hivexregedit failed on $1"
}
# bcd_set STORE GUID ELEMENT HEX: a BCD element's bytes.
bcd_set() {
	merge "$1" 'HKEY_LOCAL_MACHINE\BCD00000000' "Objects\\$2\\Elements\\$3" "\"Element\"=hex:$4"
}
# diagnose STORE: its JSON in $TMP/json, the exit status in $rc.
diagnose() {
	"$W" diagnose --store "$1" --json > "$TMP/json" 2> "$TMP/err"
	rc=$?
}
# The finding ids above info, sorted, comma-separated; all of them.
serious() { jq -r '[.findings[] | select(.severity != "info") | .id] | sort | join(",")' "$TMP/json"; }
has() { jq -e --arg id "$1" '[.findings[].id] | index($id) != null' "$TMP/json" > /dev/null; }
lacks() { ! has "$1"; }

for name in bcd-win10-bios-windeploy-linux bcd-win10-uefi-regipy bcd-win11-uefi-nuc8-opencore; do
	d=$TMP/$name
	mkdir -p "$d"
	cp "$WINRESCUE_FIXTURES/$name.hive" "$d/BCD"
	chmod 644 "$d/BCD"
	def=$("$W" bcd enum --store "$d/BCD" --json | jq -r '.store.default')
	[ -n "$def" ] && [ "$def" != null ] || bail "$name: no default loader"

	diagnose "$d/BCD"
	check "$name: healthy, nothing above info, exit 0 (got $rc)" test "$(serious)" = "" -a "$rc" -eq 0

	# Safe Mode on the real loader (catalog B-3).
	cp "$d/BCD" "$d/safeboot"
	bcd_set "$d/safeboot" "$def" 25000080 00,00,00,00,00,00,00,00
	diagnose "$d/safeboot"
	check "$name + safeboot Minimal: bcd.safeboot alone above info, exit 3 (got $rc)" test "$(serious)" = bcd.safeboot -a "$rc" -eq 3
	check "$name + safeboot Minimal: the evidence names the value" jq -e '.findings[0].evidence | index("safeboot Minimal") != null' "$TMP/json"

	# Serial console: set as the article sets it, then bootems turned off.
	cp "$d/BCD" "$d/serial"
	"$W" repair serial --store "$d/serial" --yes > /dev/null 2>&1 || bail "$name: repair serial failed"
	diagnose "$d/serial"
	check "$name: serial console on: no bcd.serial" lacks bcd.serial
	bcd_set "$d/serial" '{9dea862c-5cdd-4e70-acc1-f32b344d4795}' 16000020 00
	diagnose "$d/serial"
	check "$name + bootems off: bcd.serial found again" has bcd.serial
	check "$name + bootems off: as info, the evidence names bootems" jq -e '[.findings[] | select(.id == "bcd.serial")][0] | .severity == "info" and (.evidence | map(select(test("bootems"))) | length > 0)' "$TMP/json"

	# The Automatic Repair policy (catalog B-2): repaired, then recoveryenabled Yes.
	cp "$d/BCD" "$d/recovery"
	"$W" repair recovery --store "$d/recovery" --yes > /dev/null 2>&1 || bail "$name: repair recovery failed"
	diagnose "$d/recovery"
	check "$name: Automatic Repair off: no bcd.recovery" lacks bcd.recovery
	bcd_set "$d/recovery" "$def" 16000009 01
	diagnose "$d/recovery"
	check "$name + recoveryenabled Yes: bcd.recovery found again, the evidence names it" jq -e '[.findings[] | select(.id == "bcd.recovery")][0] | .evidence | map(select(test("recoveryenabled"))) | length > 0' "$TMP/json"
done

# A real SYSTEM hive (Windows 7, two control sets, RDP allowed): TermService
# disabled in one control set is found, with the value read.
if have_fixtures "the win7 SYSTEM hive" system-win7-2controlsets-regipy.hive.xz; then
	xz -dc "$WINRESCUE_FIXTURES/system-win7-2controlsets-regipy.hive.xz" > "$TMP/SYSTEM"
	"$W" diagnose --system "$TMP/SYSTEM" --json > "$TMP/json" 2> "$TMP/err"
	rc=$?
	check "win7 SYSTEM: healthy, nothing above info, exit 0 (got $rc)" sh -c "test $rc -eq 0 && jq -e '[.findings[] | select(.severity != \"info\")] | length == 0' '$TMP/json' > /dev/null"
	merge "$TMP/SYSTEM" 'HKEY_LOCAL_MACHINE\SYSTEM' 'ControlSet002\Services\TermService' '"Start"=dword:00000004'
	"$W" diagnose --system "$TMP/SYSTEM" --json > "$TMP/json" 2> "$TMP/err"
	rc=$?
	check "win7 SYSTEM + TermService disabled: system.rdp, blocks RDP, exit 3 (got $rc)" sh -c "test $rc -eq 3 && jq -e '.findings[0].id == \"system.rdp\" and .findings[0].severity == \"blocks-rdp\"' '$TMP/json' > /dev/null"
	check "... the evidence names the control set and the value" jq -e '.findings[0].evidence | index("ControlSet002\\Services\\TermService Start: REG_DWORD 0x4 (4) -> REG_DWORD 0x3 (3)") != null' "$TMP/json"
fi
done_testing
