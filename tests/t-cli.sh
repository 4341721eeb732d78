#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line: help, version, usage errors, bcdedit-layout output, JSON, Dutch.
. "${srcdir:-.}/tests/lib.sh"

W=$WINRESCUE
exp="${srcdir:-.}/tests/expected"

# status DESCRIPTION WANT COMMAND...: exit status of COMMAND (output to $TMP/out, $TMP/err).
status() {
	desc=$1 want=$2
	shift 2
	"$@" > "$TMP/out" 2> "$TMP/err"
	got=$?
	check "$desc (exit $got, want $want)" test "$got" -eq "$want"
}

status "--version" 0 "$W" --version
check "--version prints name and version" grep -qx 'winrescue [0-9.]*' "$TMP/out"
status "--help" 0 "$W" --help
check "--help lists bcd enum" grep -q 'bcd enum' "$TMP/out"
status "no command is a usage error" 2 "$W"
check "... explained on stderr" grep -q 'Usage:' "$TMP/err"
status "unknown command" 2 "$W" frobnicate
check "... one line naming it" sh -c "test \$(wc -l < '$TMP/err') -eq 1 && grep -q frobnicate '$TMP/err'"
status "bcd enum needs a store" 2 "$W" bcd enum
status "--store and --demo together" 2 "$W" bcd enum --demo --store x
status "an extra argument" 2 "$W" bcd enum --demo '{bootmgr}' extra
status "an unknown option" 2 "$W" bcd enum --demo --frob
status "bcd enum --help" 0 "$W" bcd enum --help
check "... documents --json" grep -q -- '--json' "$TMP/out"

"$W" bcd enum --demo > "$TMP/bios.txt"
same "default listing: boot manager and its entries, bcdedit layout" "$exp/demo-bios.txt" "$TMP/bios.txt"
"$W" bcd enum --demo=uefi --all > "$TMP/uefi.txt"
same "--all on the UEFI store: every object in bcdedit's order" "$exp/demo-uefi-all.txt" "$TMP/uefi.txt"
"$W" bcd enum --demo --verbose '{default}' > "$TMP/verbose.txt"
same "--verbose ID: one object, GUIDs instead of aliases" "$exp/demo-bios-verbose-default.txt" "$TMP/verbose.txt"
"$MKSTORE" safeboot-inherited "$TMP/sbi" || bail "mkstore failed"
"$W" bcd enum --store "$TMP/sbi" --inherited '{default}' > "$TMP/sbi.txt"
same "--inherited shows where safeboot comes from" "$exp/safeboot-inherited.txt" "$TMP/sbi.txt"

status "{current} offline" 1 "$W" bcd enum --store "$TMP/sbi" '{current}'
check "... says why" grep -q 'running Windows' "$TMP/err"
status "an object the store lacks" 1 "$W" bcd enum --store "$TMP/sbi" '{fwbootmgr}'
check "... one line naming the store" sh -c "test \$(wc -l < '$TMP/err') -eq 1 && grep -q '$TMP/sbi' '$TMP/err'"

if have jq "JSON output"; then
	"$W" bcd enum --demo --all --json > "$TMP/j"
	check "JSON parses" jq -e . "$TMP/j"
	check "JSON schema id" jq -e '.schema == "winrescue-bcd-enum/1"' "$TMP/j"
	check "JSON lists all 11 objects" jq -e '.objects | length == 11' "$TMP/j"
	check "JSON: timeout raw bytes and value" jq -e '.objects[] | select(.alias == "{bootmgr}") | .elements[] | select(.id == "25000004") | .raw == "1e00000000000000" and .value == 30 and .name == "timeout"' "$TMP/j"
	check "JSON: decoded MBR device" jq -e '.objects[] | select(.identifier == "{default}") | .elements[] | select(.name == "osdevice") | .value.style == "mbr" and .value.offset == 34603008 and .value.disk_signature == "5a1e7b2c"' "$TMP/j"
	check "JSON: store header" jq -e '.store.root_key == "NewStoreRoot" and .store.hive_version == "1.3" and .store.dirty == false' "$TMP/j"
	"$W" bcd enum --store "$TMP/sbi" --json --inherited '{default}' > "$TMP/ji"
	check "JSON --inherited: safeboot with its source" jq -e '.objects[0].inherited[] | select(.name == "safeboot") | .value == 0 and .display == "Minimal" and .inherited_from == "{6efb52bf-1766-41db-a6b3-0ee5eff72bd7}"' "$TMP/ji"
fi

# LANGUAGE alone, as the issue puts it, even under the plain C locale.
if [ -d "${WINRESCUE_LOCALEDIR:-}" ]; then
	env -u LC_ALL -u LANG LANGUAGE=nl "$W" --help > "$TMP/nl" 2>&1
	check "LANGUAGE=nl --help is Dutch under the C locale" grep -q '^Gebruik:' "$TMP/nl"
else
	skip "LANGUAGE=nl under the C locale" "no built translations"
fi
# And in a Dutch or English locale.
loc=$(locale -a 2>/dev/null | grep -i -m1 -E '^(nl_NL|en_US)\.utf-?8$')
if [ -n "$loc" ] && [ -d "${WINRESCUE_LOCALEDIR:-}" ]; then
	LC_ALL= LANG=$loc LANGUAGE=nl "$W" --help > "$TMP/nl" 2>&1
	check "LANGUAGE=nl --help is Dutch" grep -q 'Gebruik:' "$TMP/nl"
	LC_ALL= LANG=$loc LANGUAGE=nl "$W" bcd enum --store "$TMP/missing" > /dev/null 2> "$TMP/nl"
	check "LANGUAGE=nl errors are Dutch" grep -q 'kan niet openen' "$TMP/nl"
else
	skip "LANGUAGE=nl in a UTF-8 locale" "no UTF-8 locale or no built translations"
fi
# The repair table, as --list prints it: one line a repair.
"$W" repair --list > "$TMP/list" 2> "$TMP/list.err"
rc=$?
check "repair --list: exit 0 (got $rc)" test "$rc" -eq 0
check "repair --list: a header, then one line a repair" test "$(wc -l < "$TMP/list")" -eq 40
check "repair --list: safeboot blocks RDP, catalog B-3" grep -q '^safeboot         BCD      blocks-rdp   B-3     the loader starts Windows in Safe Mode' "$TMP/list"
check "repair --list: devices blocks the boot, catalog B-1" grep -q '^devices          BCD      blocks-boot  B-1 ' "$TMP/list"
check "repair --list: rdp works on SYSTEM and says it weakens security" grep -q '^rdp              SYSTEM   blocks-rdp   R-2 .*(weakens security: it opens a way in)$' "$TMP/list"
check "repair --list: safeboot does not weaken security" sh -c "! grep '^safeboot' '$TMP/list' | grep -q weakens"
"$W" repair --list safeboot > /dev/null 2> "$TMP/list.err"
rc=$?
check "repair --list with a repair named: usage error (got $rc)" test "$rc" -eq 2
check "... one line saying so" grep -qx 'winrescue: --list takes no repair, disk or file' "$TMP/list.err"
# rebuild reads the partitions a store boots from: a store file alone is
# refused in one line, before anything is staged; a firmware it does not
# know is a usage error.
"$MKSTORE" safeboot-minimal "$TMP/rebuild.bcd" || bail "mkstore failed"
sum=$(sha256sum < "$TMP/rebuild.bcd")
"$W" repair rebuild --store "$TMP/rebuild.bcd" --yes > /dev/null 2> "$TMP/rebuild.err"
rc=$?
check "repair rebuild --store: refused (got $rc)" test "$rc" -eq 1
check "... in one line: it needs the disk" sh -c "test \$(wc -l < '$TMP/rebuild.err') -eq 1 && grep -q 'rebuild: rebuild needs the disk, not a store file' '$TMP/rebuild.err'"
check "... the store untouched" test "$(sha256sum < "$TMP/rebuild.bcd")" = "$sum"
"$W" repair rebuild --firmware efi --store "$TMP/rebuild.bcd" > /dev/null 2> "$TMP/rebuild.err"
rc=$?
check "repair rebuild --firmware efi: usage error (got $rc)" test "$rc" -eq 2
check "... naming the firmware" grep -qx 'winrescue: unknown firmware "efi" (bios, uefi)' "$TMP/rebuild.err"
status "repair rebuild with another repair: usage error" 2 "$W" repair rebuild safeboot --store "$TMP/rebuild.bcd"
status "--recreate without rebuild: usage error" 2 "$W" repair safeboot --recreate --store "$TMP/rebuild.bcd"
check "... the store untouched by all of it" test "$(sha256sum < "$TMP/rebuild.bcd")" = "$sum"
done_testing
