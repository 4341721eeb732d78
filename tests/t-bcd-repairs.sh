#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The BCD repairs of catalog B-4 (bootmenu), B-7 (badmemory), B-8
# (debugflags) and B-9 (imc) on real stores: the fault is put in with
# hivexsh (not our writer), diagnose finds it with its severity, the repair
# leaves the wanted bytes, diagnose no longer lists it, and undo gives back
# the faulted store byte for byte.  On the healthy real stores none of them
# finds anything that is not there.
. "${srcdir:-.}/tests/lib.sh"
need jq
need hivexsh
W=$WINRESCUE
export XDG_STATE_HOME=$TMP/state
BOOTMGR='{9dea862c-5cdd-4e70-acc1-f32b344d4795}'
BADMEMORY='{5189b25c-5558-4bf2-bca4-289b11bd29e2}'
UEFI=bcd-win10-uefi-regipy.hive
BIOS=bcd-win10-bios-windeploy-linux.hive
sha() { sha256sum "$1" | cut -c1-64; }

# fresh NAME FIXTURE: a writable copy of a real store, in $S.
fresh() {
	mkdir -p "$TMP/$1"
	S=$TMP/$1/BCD
	cp "$WINRESCUE_FIXTURES/$2" "$S" && chmod u+w "$S" || bail "cannot copy $2"
}

# put GUID ID TYPE HEX: element ID of object GUID in $S gets the Element
# value of registry type TYPE and bytes HEX ("01,00"), its key made if new.
put() {
	add=
	printf 'cd Objects\\%s\\Elements\\%s\n' "$1" "$2" | hivexsh "$S" > /dev/null 2>&1 ||
		add="add $2"
	printf 'cd Objects\\%s\\Elements\n%s\ncd %s\nsetval 1\nElement\nhex:%s:%s\ncommit\n' \
		"$1" "$add" "$2" "$3" "$4" | hivexsh -w "$S" || bail "hivexsh cannot set $1 $2"
}

# drop PATH: delete key PATH (below the root) of $S.
drop() {
	printf 'cd %s\ndel\ncommit\n' "$1" | hivexsh -w "$S" || bail "hivexsh cannot delete $1"
}

# get GUID ID: the Element value as hivexsh lists it ("hex(3):01"), or absent.
get() {
	printf 'cd Objects\\%s\\Elements\\%s\nlsval\n' "$1" "$2" | hivexsh "$S" 2> /dev/null |
		sed -n 's/^"Element"=//p' | grep . || echo absent
}

default_of() { "$W" bcd enum --store "$S" --json | jq -r .store.default; }

# found NAME SEVERITY RC: diagnose lists bcd.NAME with SEVERITY and exits RC.
found() {
	"$W" diagnose --store "$S" --json > "$TMP/diag.json" 2> "$TMP/diag.err"
	rc=$?
	check "$1: diagnose exits $3 (got $rc: $(cat "$TMP/diag.err"))" test "$rc" -eq "$3"
	check "$1: finding bcd.$1, $2" jq -e --arg id "bcd.$1" --arg sev "$2" \
		'[.findings[] | select(.id == $id)] | length == 1 and .[0].severity == $sev' \
		"$TMP/diag.json"
}

# repaired NAME COMMAND: the repair exits 0 and its diff shows COMMAND;
# afterwards diagnose no longer lists it.
repaired() {
	faulted=$(sha "$S")
	"$W" repair "$1" --store "$S" --yes > "$TMP/repair.out" 2>&1
	rc=$?
	check "$1: repair exits 0 (got $rc)" test "$rc" -eq 0
	check "$1: the diff shows: $2" grep -qF "bcdedit /store \"$S\" $2" "$TMP/repair.out"
	"$W" diagnose --store "$S" --json > "$TMP/diag.json" 2> /dev/null
	check "$1: diagnose no longer lists it" jq -e --arg id "bcd.$1" \
		'[.findings[] | select(.id == $id)] | length == 0' "$TMP/diag.json"
}

# undone NAME: undo gives back the faulted store's exact bytes.
undone() {
	"$W" undo --store "$S" --yes > /dev/null 2>&1
	rc=$?
	check "$1: undo exits 0 (got $rc)" test "$rc" -eq 0
	check "$1: undo gives back the faulted store's bytes" test "$(sha "$S")" = "$faulted"
}

have_fixtures "BCD repairs on real stores" "$UEFI" || { done_testing; exit; }
have_fixtures "BCD repairs on real stores" "$BIOS" || { done_testing; exit; }

# --- bootmenu (B-4) ---
fresh bootmenu-zero "$UEFI"
put "$BOOTMGR" 26000020 3 01
put "$BOOTMGR" 25000004 3 00,00,00,00,00,00,00,00
found bootmenu blocks-boot 3
check "bootmenu: the evidence reads the values" jq -e '[.findings[] | select(.id == "bcd.bootmenu")][0].evidence == ["{bootmgr} displaybootmenu: Yes", "{bootmgr} timeout: 0 -> 5"]' "$TMP/diag.json"
repaired bootmenu "/set {bootmgr} timeout 5"
check "bootmenu: timeout 5" test "$(get "$BOOTMGR" 25000004)" = "hex(3):05,00,00,00,00,00,00,00"
check "bootmenu: displaybootmenu kept" test "$(get "$BOOTMGR" 26000020)" = "hex(3):01"
undone bootmenu

fresh bootmenu-none "$BIOS"
put "$BOOTMGR" 26000020 3 01
drop "Objects\\$BOOTMGR\\Elements\\25000004"
found bootmenu blocks-boot 3
repaired bootmenu "/set {bootmgr} timeout 5"
check "bootmenu, no timeout: one of 5 added" test "$(get "$BOOTMGR" 25000004)" = "hex(3):05,00,00,00,00,00,00,00"
undone bootmenu

fresh bootmenu-five "$UEFI"
put "$BOOTMGR" 26000020 3 01
put "$BOOTMGR" 25000004 3 05,00,00,00,00,00,00,00
before=$(sha "$S")
"$W" diagnose --store "$S" --json > "$TMP/diag.json" 2> /dev/null
check "bootmenu: with timeout 5, fine" jq -e '(.fine | map(.id) | index("bcd.bootmenu")) != null' "$TMP/diag.json"
"$W" repair bootmenu --store "$S" --yes > "$TMP/repair.out" 2>&1
rc=$?
check "bootmenu: with timeout 5, already done (rc $rc)" sh -c "test $rc -eq 0 && grep -qx 'bootmenu: already done ($S)' '$TMP/repair.out' && grep -qx '  {bootmgr} timeout: 5 (the menu closes by itself)' '$TMP/repair.out'"
check "bootmenu: with timeout 5, the store untouched" test "$(sha "$S")" = "$before"

# --- badmemory (B-7) ---
fresh badmemory "$UEFI"
put "$BADMEMORY" 1700000a 3 00,10,02,00,00,00,00,00,01,10,02,00,00,00,00,00
found badmemory risk 3
check "badmemory: the evidence counts the pages" jq -e '[.findings[] | select(.id == "bcd.badmemory")][0].evidence == ["{badmemory} badmemorylist: 2 pages -> removed"]' "$TMP/diag.json"
repaired badmemory "/deletevalue {badmemory} badmemorylist"
check "badmemory: the list is gone" test "$(get "$BADMEMORY" 1700000a)" = absent
undone badmemory

fresh badmemory-empty "$UEFI"
put "$BADMEMORY" 1700000a 3 ""
"$W" repair badmemory --store "$S" > "$TMP/repair.out" 2>&1
check "badmemory: an empty list is left alone" sh -c "grep -qx 'badmemory: already done ($S)' '$TMP/repair.out' && grep -qF '(no page marked bad)' '$TMP/repair.out'"

fresh badmemory-none "$UEFI"
drop "Objects\\$BADMEMORY"
"$W" repair badmemory --store "$S" > "$TMP/repair.out" 2>&1
check "badmemory: not applicable without {badmemory}" grep -qx '  no {badmemory} object: nothing marks memory bad' "$TMP/repair.out"

# --- debugflags (B-8) ---
fresh debugflags-one "$UEFI"
L=$(default_of)
put "$L" 16000049 3 01
found debugflags info 0
repaired debugflags "/deletevalue {default} testsigning"
check "debugflags, one: testsigning gone" test "$(get "$L" 16000049)" = absent
check "debugflags, one: the recovery policy left as it was" sh -c "test '$(get "$L" 16000009)' = 'hex(3):01' && test '$(get "$L" 250000e0)' = absent"
undone debugflags

# The article's analysis mode, as its commands set it.
fresh debugflags-all "$BIOS"
L=$(default_of)
put "$BOOTMGR" 16000048 3 01
put "$BOOTMGR" 1500004b 3 02,00,00,00,00,00,00,00
put "$L" 26000090 3 01
put "$L" 250000e0 3 00,00,00,00,00,00,00,00
put "$L" 16000048 3 01
put "$L" 16000049 3 00
put "$L" 16000009 3 00
put "$L" 1500004b 3 02,00,00,00,00,00,00,00
found debugflags risk 3
repaired debugflags "/set {default} integrityservices enable"
check "debugflags: the diff has the revert's commands" sh -c "grep -qF '/deletevalue {bootmgr} nointegritychecks' '$TMP/repair.out' && grep -qF '/set {bootmgr} integrityservices enable' '$TMP/repair.out' && grep -qF '/deletevalue {default} bootlog' '$TMP/repair.out' && grep -qF '/deletevalue {default} nointegritychecks' '$TMP/repair.out' && grep -qF '/set {default} bootstatuspolicy ignoreallfailures' '$TMP/repair.out'"
check "debugflags: {bootmgr} nointegritychecks gone" test "$(get "$BOOTMGR" 16000048)" = absent
check "debugflags: {bootmgr} integrityservices Enable" test "$(get "$BOOTMGR" 1500004b)" = "hex(3):01,00,00,00,00,00,00,00"
check "debugflags: bootlog gone" test "$(get "$L" 26000090)" = absent
check "debugflags: nointegritychecks gone" test "$(get "$L" 16000048)" = absent
check "debugflags: testsigning No left (it is off)" test "$(get "$L" 16000049)" = "hex(3):00"
check "debugflags: integrityservices Enable" test "$(get "$L" 1500004b)" = "hex(3):01,00,00,00,00,00,00,00"
check "debugflags: bootstatuspolicy IgnoreAllFailures" test "$(get "$L" 250000e0)" = "hex(3):01,00,00,00,00,00,00,00"
check "debugflags: recoveryenabled No" test "$(get "$L" 16000009)" = "hex(3):00"
undone debugflags

fresh debugflags-two "$UEFI"
L=$(default_of)
put "$L" 16000049 3 01
put "$L" 1500004b 3 02,00,00,00,00,00,00,00
found debugflags risk 3
repaired debugflags "/deletevalue {default} testsigning"
check "debugflags, no analysis mode: no bootstatuspolicy added" test "$(get "$L" 250000e0)" = absent
undone debugflags

# --- imc (B-9) ---
fresh imc "$BIOS"
L=$(default_of)
boot=$("$W" bcd enum --store "$S" --json | jq -r --arg l "$L" '.objects[] | select(.guid == $l) | .elements[] | select(.id == "11000001") | .raw' | sed 's/../&,/g; s/,$//')
put "$L" 21000138 3 "$boot"
put "$L" 22000137 1 5c,00,49,00,4d,00,43,00,2e,00,68,00,69,00,76,00,00,00
found imc blocks-boot 3
check "imc: the evidence names both" jq -e '[.findings[] | select(.id == "bcd.imc")][0].evidence == ["{default} imcdevice: boot -> removed", "{default} imchivename: \\IMC.hiv -> removed"]' "$TMP/diag.json"
"$W" bcd enum --store "$S" > "$TMP/enum.out"
check "imc: bcd enum names them" sh -c "grep -q '^imcdevice  *boot\$' '$TMP/enum.out' && grep -q '^imchivename  *.IMC.hiv\$' '$TMP/enum.out'"
repaired imc "/deletevalue {default} imchivename"
check "imc: the diff deletes imcdevice too" grep -qF '/deletevalue {default} imcdevice' "$TMP/repair.out"
check "imc: both gone" sh -c "test '$(get "$L" 21000138)' = absent && test '$(get "$L" 22000137)' = absent"
undone imc

fresh imc-name "$UEFI"
L=$(default_of)
put "$L" 22000137 1 5c,00,49,00,4d,00,43,00,2e,00,68,00,69,00,76,00,00,00
found imc blocks-boot 3
repaired imc "/deletevalue {default} imchivename"
undone imc

# --- every real store: nothing that is not there ---
# The slim Windows 7 store has {bootmgr} nointegritychecks Yes: a setting on
# its own, so info.
false_findings=0 stores=0
for f in "$WINRESCUE_FIXTURES"/bcd-*.hive; do
	d=$TMP/real/$(basename "$f" .hive)
	mkdir -p "$d"
	cp "$f" "$d/BCD"
	for l in LOG LOG1 LOG2; do [ ! -e "$f.$l" ] || cp "$f.$l" "$d/BCD.$l"; done
	"$W" diagnose --store "$d/BCD" --json > "$d/json" 2> /dev/null
	stores=$((stores + 1))
	got=$(jq -c '[.findings[] | select(.id | test("^bcd[.](bootmenu|badmemory|debugflags|imc)$")) | [.id, .severity, .evidence]]' "$d/json")
	case $f in
	*slimwin7*) want='[["bcd.debugflags","info",["{bootmgr} nointegritychecks: Yes -> removed"]]]' ;;
	*) want='[]' ;;
	esac
	if [ "$got" != "$want" ]; then
		false_findings=$((false_findings + 1))
		echo "# $(basename "$f"): $got"
	fi
done
check "real stores ($stores): no bootmenu, badmemory, debugflags or imc finding but the real one" test "$false_findings" -eq 0
done_testing
