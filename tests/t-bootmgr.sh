#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# repair bootmgr on real stores whose {bootmgr} hivexsh deleted: found by
# diagnose, recreated with the bytes Windows had written, undone to the
# byte.  repair dsrm on a domain controller's SYSTEM hive, refused without
# NTDS, never a finding; safeboot says what DsRepair is.
. "${srcdir:-.}/tests/lib.sh"
need hivexsh
need hivexregedit
need jq
W=$WINRESCUE
F=${WINRESCUE_FIXTURES:-}
export XDG_STATE_HOME=$TMP/state
BM='{9dea862c-5cdd-4e70-acc1-f32b344d4795}'

sha() { sha256sum "$1" | cut -c1-64; }
# The raw Element value of {bootmgr} element $2 in store $1, as hivex
# exports it ("hex(1):57,00,...", strings included), or nothing.
element() {
	hivexregedit --export "$1" "Objects\\$BM\\Elements\\$2" 2> /dev/null |
		sed -n 's/^"Element"=//p'
}
# Every element the store's {bootmgr} has, one id a line.
elements() { printf 'cd Objects\\%s\\Elements\nls\n' "$BM" | hivexsh "$1" 2> /dev/null; }

# description, locale, inherit, default, resumeobject, displayorder,
# toolsdisplayorder, timeout: what the store itself says.
DERIVED='12000004 12000005 14000006 23000003 23000006 24000001 24000010 25000004'

bootmgr_case() { # NAME FIXTURE
	name=$1
	d=$TMP/$name && mkdir -p "$d" && cp "$F/$2" "$d/BCD" && chmod 644 "$d/BCD"
	for e in $DERIVED; do element "$d/BCD" "$e" > "$d/want.$e"; done
	printf 'cd Objects\\%s\ndel\ncommit\n' "$BM" | hivexsh -w "$d/BCD" > /dev/null 2>&1
	printf 'cd Objects\nls\n' | hivexsh "$d/BCD" > "$d/objects" 2>&1
	check "$name: hivexsh deleted {bootmgr}" sh -c "! grep -qx '$BM' '$d/objects'"
	s0=$(sha "$d/BCD")

	"$W" diagnose --store "$d/BCD" --json > "$d/diag.json" 2> "$d/diag.err"
	rc=$?
	check "$name: diagnose exits 3 (got $rc)" test "$rc" -eq 3
	check "$name: ... finding bcd.bootmgr, blocks-boot, catalog B-6" jq -e '[.findings[] | select(.id == "bcd.bootmgr")][0] | .severity == "blocks-boot" and .catalog == "B-6" and .repair == "bootmgr"' "$d/diag.json"

	"$W" repair bootmgr --store "$d/BCD" --yes > "$d/repair.out" 2> "$d/repair.err"
	rc=$?
	check "$name: repair bootmgr exits 0 (got $rc: $(cat "$d/repair.err"))" test "$rc" -eq 0
	check "$name: ... says repair devices sets the device" grep -q 'winrescue repair devices. on the disk sets it' "$d/repair.out"
	bad=
	for e in $DERIVED; do
		element "$d/BCD" "$e" > "$d/got.$e"
		cmp -s "$d/got.$e" "$d/want.$e" || bad="$bad $e"
	done
	check "$name: the recreated elements are the bytes Windows wrote (differ:${bad:- none})" test -z "$bad"
	elements "$d/BCD" > "$d/elements"
	check "$name: ... no device or path from a store file" sh -c "! grep -qx '11000001\|12000002' '$d/elements'"
	check "$name: ... description stored as Windows does (one NUL)" test "$(element "$d/BCD" 12000004)" = 'hex(1):57,00,69,00,6e,00,64,00,6f,00,77,00,73,00,20,00,42,00,6f,00,6f,00,74,00,20,00,4d,00,61,00,6e,00,61,00,67,00,65,00,72,00,00,00'
	check "$name: ... timeout 30 as 8 bytes" test "$(element "$d/BCD" 25000004)" = 'hex(3):1e,00,00,00,00,00,00,00'
	printf 'cd Objects\\%s\\Description\nlsval\n' "$BM" | hivexsh "$d/BCD" > "$d/type" 2>&1
	check "$name: ... Description\\Type 0x10100002" grep -qx '"Type"=dword:10100002' "$d/type"

	"$W" bcd enum --store "$d/BCD" > "$d/enum" 2>&1
	check "$name: bcd enum shows the Windows Boot Manager" sh -c "grep -qx 'Windows Boot Manager' '$d/enum' && grep -qx 'identifier              {bootmgr}' '$d/enum' && grep -qx 'default                 {default}' '$d/enum'"
	"$W" diagnose --store "$d/BCD" --json > "$d/diag2.json" 2> /dev/null
	check "$name: diagnose no longer finds it" jq -e '([.findings[] | select(.id == "bcd.bootmgr")] | length == 0) and (.fine | map(.id) | index("bcd.bootmgr")) != null' "$d/diag2.json"

	"$W" undo --store "$d/BCD" --yes > /dev/null 2>&1
	check "$name: undo restores the faulted store's SHA-256" test "$(sha "$d/BCD")" = "$s0"
}

if have_fixtures "bootmgr on a UEFI store" bcd-win10-uefi-regipy.hive; then
	bootmgr_case uefi bcd-win10-uefi-regipy.hive
	# The Windows Recovery Environment loader is no menu entry.
	check "uefi: the WinRE loader is left out of displayorder" test "$(tr -cd , < "$TMP/uefi/got.24000001" | wc -c)" -eq 79
fi
# Its WinRE loader sorts before the Windows one: left out, not stopped at.
if have_fixtures "bootmgr on a multiboot UEFI store" bcd-win10-uefi-t480s-multiboot.hive; then
	bootmgr_case multiboot bcd-win10-uefi-t480s-multiboot.hive
fi
if have_fixtures "bootmgr on a BIOS store" bcd-win10-bios-windeploy-linux.hive; then
	bootmgr_case bios bcd-win10-bios-windeploy-linux.hive
	check "bios: the locale is the loader's (cs-cz), not en-US" test "$(cat "$TMP/bios/got.12000005")" = 'hex(1):63,00,73,00,2d,00,63,00,7a,00,00,00'
fi

# Every real store with its {bootmgr}: nothing to do.
if have_fixtures "real stores with their {bootmgr}"; then
	bad=0
	for f in "$F"/bcd-*.hive; do
		case $f in *empty-createstore*) continue ;; esac
		cp "$f" "$TMP/real" && chmod 644 "$TMP/real"
		"$W" diagnose --store "$TMP/real" --json 2> /dev/null |
			jq -e '(.fine | map(.id) | index("bcd.bootmgr")) != null' > /dev/null ||
			{ bad=$((bad + 1)); echo "# $(basename "$f"): bootmgr not fine"; }
	done
	check "real stores with {bootmgr}: not needed" test "$bad" -eq 0
fi

# An empty store (bcdedit /createstore) has nothing to boot: the finding is
# only info, and the store gets a {bootmgr} with no default.
if have_fixtures "an empty store" bcd-empty-createstore-bcd-sys.hive; then
	cp "$F/bcd-empty-createstore-bcd-sys.hive" "$TMP/empty" && chmod 644 "$TMP/empty"
	"$W" diagnose --store "$TMP/empty" --json > "$TMP/empty.json" 2> /dev/null
	rc=$?
	check "empty store: bcd.bootmgr is info, exit 0 (got $rc)" sh -c "test $rc -eq 0 && jq -e '[.findings[] | select(.id == \"bcd.bootmgr\")][0].severity == \"info\"' '$TMP/empty.json'"
fi

# dsrm: a SYSTEM hive made a domain controller's by hivexsh.
"$MKSTORE" bios "$TMP/dsrm.bcd" || bail "mkstore failed"
"$MKSTORE" system "$TMP/member" || bail "mkstore failed"
cp "$TMP/member" "$TMP/dc"
printf '%s\n' 'cd ControlSet001\Services' 'add NTDS' 'cd NTDS' 'add Parameters' 'cd Parameters' \
	'setval 2' 'DSA Database file' 'string:C:\Windows\NTDS\ntds.dit' \
	'Database log files path' 'string:D:\NTDS\logs' 'commit' | hivexsh -w "$TMP/dc" || bail "hivexsh failed"
s0=$(sha "$TMP/dsrm.bcd") dc0=$(sha "$TMP/dc")
LOADER='{3f0b9a52-7c1d-11ee-b962-0242ac120002}'
safeboot() { hivexregedit --export "$1" "Objects\\$LOADER\\Elements\\25000080" 2> /dev/null | sed -n 's/^"Element"=//p'; }

"$W" repair dsrm --store "$TMP/dsrm.bcd" --system "$TMP/member" --yes > "$TMP/dsrm.out" 2> "$TMP/dsrm.err"
rc=$?
check "dsrm without NTDS: refused (got $rc)" test "$rc" -eq 1
check "... in one line: not a domain controller" sh -c "test \$(wc -l < '$TMP/dsrm.err') -eq 1 && grep -q 'dsrm: not a domain controller' '$TMP/dsrm.err'"
check "... the store untouched" test "$(sha "$TMP/dsrm.bcd")" = "$s0"
"$W" repair dsrm --store "$TMP/dsrm.bcd" --yes > /dev/null 2> "$TMP/dsrm.err"
check "dsrm without a SYSTEM hive: one line asking for it" sh -c "test \$(wc -l < '$TMP/dsrm.err') -eq 1 && grep -q 'give --system FILE' '$TMP/dsrm.err'"

"$W" diagnose --store "$TMP/dsrm.bcd" --system "$TMP/dc" --json > "$TMP/dsrm.json" 2> /dev/null
check "diagnose on a DC: dsrm is no finding, nor fine, nor unchecked" jq -e '[.findings[], .fine[], .unchecked[] | select(.id == "bcd.dsrm")] | length == 0' "$TMP/dsrm.json"

"$W" repair dsrm --store "$TMP/dsrm.bcd" --system "$TMP/dc" --yes > "$TMP/dsrm.out" 2> "$TMP/dsrm.err"
rc=$?
check "dsrm on a DC: exit 0 (got $rc: $(cat "$TMP/dsrm.err"))" test "$rc" -eq 0
check "... the NTDS paths, read from SYSTEM" sh -c "grep -qx '  ControlSet001.Services.NTDS.Parameters DSA Database file: C:.Windows.NTDS.ntds.dit' '$TMP/dsrm.out' && grep -qx '  ControlSet001.Services.NTDS.Parameters Database log files path: D:.NTDS.logs' '$TMP/dsrm.out'"
check "... safeboot DsRepair: 2 as 8 bytes" test "$(safeboot "$TMP/dsrm.bcd")" = 'hex(3):02,00,00,00,00,00,00,00'
check "... SYSTEM untouched" test "$(sha "$TMP/dc")" = "$dc0"

"$W" repair safeboot --store "$TMP/dsrm.bcd" --system "$TMP/dc" --dry-run > "$TMP/sb.out" 2>&1
check "safeboot on a DC names DsRepair" grep -qx '  safeboot DsRepair: Directory Services Restore Mode of a domain controller (NTDS present)' "$TMP/sb.out"
"$W" repair safeboot --store "$TMP/dsrm.bcd" --system "$TMP/member" --dry-run > "$TMP/sb2.out" 2>&1
check "... not on a member server" sh -c "grep -qx '  safeboot DsRepair' '$TMP/sb2.out'"

"$W" undo --store "$TMP/dsrm.bcd" --yes > /dev/null 2>&1
check "undo restores the store's SHA-256" test "$(sha "$TMP/dsrm.bcd")" = "$s0"
done_testing
