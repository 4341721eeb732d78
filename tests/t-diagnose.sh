#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# winrescue diagnose: every check in one read-only pass, findings ranked with
# their evidence and the repair that fixes each; healthy real stores give
# nothing above info.
. "${srcdir:-.}/tests/lib.sh"
need jq
W=$WINRESCUE
export XDG_STATE_HOME=$TMP/state
sha() { sha256sum "$1" | cut -c1-64; }
"$MKSTORE" safeboot-minimal "$TMP/BCD" || bail "mkstore failed"
"$MKSTORE" system "$TMP/SYSTEM" || bail "mkstore failed"
before=$(sha "$TMP/BCD")$(sha "$TMP/SYSTEM")

"$W" diagnose --store "$TMP/BCD" --system "$TMP/SYSTEM" > "$TMP/out" 2> "$TMP/err"
rc=$?
check "Safe Mode and RDP off: exit 3 (got $rc: $(cat "$TMP/err"))" test "$rc" -eq 3
check "... the most serious first: Safe Mode, blocks RDP" sh -c "sed -n 3p '$TMP/out' | grep -qx '\[blocks-rdp\] bcd.safeboot: the loader starts Windows in Safe Mode: no network, no RDP'"
check "... with its evidence" grep -qx '    safeboot Minimal' "$TMP/out"
check "... and the command that fixes it, with the catalog entry" grep -qx "  fix: winrescue repair safeboot --store $TMP/BCD --system $TMP/SYSTEM (catalog B-3)" "$TMP/out"
check "... RDP denied, and its repair marked as weakening security" sh -c "sed -n '/^\[blocks-rdp\] system.rdp/,/^\$/p' '$TMP/out' | grep -q 'this repair weakens security'"
check "... info findings after the serious ones" sh -c "grep -n '^\[' '$TMP/out' | cut -d: -f2 | tr -d '\n' | grep -q '^\[blocks-rdp\] bcd.safeboot\[blocks-rdp\] system.rdp\[info\]'"
check "... what was fine, and what could not be checked and why" sh -c "grep -qx '  $TMP/BCD: recovery, bootmenu, badmemory, debugflags, imc, bootmgr, default, displayorder, store' '$TMP/out' && grep -qx '  $TMP/BCD: devices (needs the disk, not a store file), duplicate-disk (needs the disk, not a store file), loader-files (needs the disk, not a store file), loaders (needs the disk, not a store file), boot-files (needs the disk, not a store file), active (needs the disk, not a store file)' '$TMP/out'"
check "read-only: both hives as they were, no journal, no backup" sh -c "test '$(sha "$TMP/BCD")$(sha "$TMP/SYSTEM")' = '$before' && ! ls '$TMP'/*.bak '$TMP/winrescue-journal.jsonl' '$TMP/state' 2> /dev/null"

"$W" diagnose --store "$TMP/BCD" --system "$TMP/SYSTEM" --json > "$TMP/json" 2> /dev/null
check "--json: the schema" jq -e '.format == "winrescue-diagnose/1"' "$TMP/json"
check "--json: a finding's fields" jq -e '.findings[0] | .id == "bcd.safeboot" and .severity == "blocks-rdp" and .repair == "safeboot" and .catalog == "B-3" and .weakens_security == false and (.evidence | index("safeboot Minimal")) != null and (.fix | startswith("winrescue repair safeboot --store "))' "$TMP/json"
check "--json: rdp weakens security" jq -e '[.findings[] | select(.id == "system.rdp")][0].weakens_security == true' "$TMP/json"
check "--json: fine and unchecked" jq -e '(.fine | map(.id) | index("bcd.recovery")) != null and .unchecked[0].id == "bcd.devices" and (.unchecked[0].why | length > 0)' "$TMP/json"

"$W" repair safeboot rdp --store "$TMP/BCD" --system "$TMP/SYSTEM" --yes > /dev/null 2>&1 || bail "repair failed"
"$W" diagnose --store "$TMP/BCD" --system "$TMP/SYSTEM" --json > "$TMP/json" 2> /dev/null
rc=$?
check "repaired: exit 0 (got $rc)" test "$rc" -eq 0
check "... no finding above info" jq -e '[.findings[] | select(.severity != "info")] | length == 0' "$TMP/json"

# A dirty hive's note (its logs replayed) goes to stderr with --json: stdout
# stays one JSON document.
mkdir -p "$TMP/dirty" && "$MKSTORE" dirty-system "$TMP/dirty/SYSTEM" || bail "mkstore failed"
"$W" diagnose --system "$TMP/dirty/SYSTEM" --json > "$TMP/dirty/json" 2> "$TMP/dirty/err"
check "--json on a dirty hive: stdout is JSON alone" jq -e '.format == "winrescue-diagnose/1"' "$TMP/dirty/json"
check "... the replay note on stderr" grep -q 'was dirty (sequence' "$TMP/dirty/err"

# SOFTWARE: a Remote Desktop policy that denies connections, given as a file.
"$MKSTORE" software "$TMP/SOFTWARE" || bail "mkstore failed"
hivexsh -w "$TMP/SOFTWARE" > "$TMP/hivexsh.out" 2>&1 <<'EOF' || bail "hivexsh failed: $(cat "$TMP/hivexsh.out")"
add Policies
cd Policies
add Microsoft
cd Microsoft
add Windows NT
cd Windows NT
add Terminal Services
cd Terminal Services
setval 1
fDenyTSConnections
dword:1
commit
EOF
"$W" diagnose --software "$TMP/SOFTWARE" --json > "$TMP/json" 2> "$TMP/err"
rc=$?
check "SOFTWARE: the RDP policy denies: exit 3 (got $rc: $(cat "$TMP/err"))" test "$rc" -eq 3
check "... software.rdp-policy, blocks RDP, with the value read and the GPO advice" jq -e --arg fix "winrescue repair rdp-policy --software $TMP/SOFTWARE" '.findings[0] | .id == "software.rdp-policy" and .severity == "blocks-rdp" and (.evidence[0] | test("^Policies.Microsoft.Windows NT.Terminal Services fDenyTSConnections: ")) and (.advice | test("group policy")) and .fix == $fix' "$TMP/json"
"$W" diagnose --store "$TMP/BCD" --software "$TMP/SOFTWARE" --report "$TMP/report.md" > /dev/null 2>&1
check "--report: the heading" sh -c "head -1 '$TMP/report.md' | grep -qx '# winrescue: diagnosis'"
check "--report: the finding, its evidence and the command that fixes it" sh -c "grep -qx '### blocks-rdp: a Remote Desktop policy denies connections' '$TMP/report.md' && grep -q 'fDenyTSConnections: REG_DWORD 0x1 (1)' '$TMP/report.md' && grep -qx 'winrescue repair rdp-policy --store $TMP/BCD --software $TMP/SOFTWARE' '$TMP/report.md'"
cp "$TMP/report.md" "$TMP/report.before"
"$W" diagnose --store "$TMP/BCD" --report "$TMP/report.md" > "$TMP/out" 2> "$TMP/err"
rc=$?
check "--report never overwrites: exit 1 (got $rc)" test "$rc" -eq 1
check "... one line naming the file" test "$(cat "$TMP/err")" = "winrescue: $TMP/report.md exists; winrescue does not overwrite it"
check "... the file as it was, nothing diagnosed" sh -c "cmp -s '$TMP/report.md' '$TMP/report.before' && test ! -s '$TMP/out'"
"$W" repair rdp-policy --software "$TMP/SOFTWARE" --yes > "$TMP/out" 2>&1
printf 'cd Policies\\Microsoft\\Windows NT\\Terminal Services\nlsval fDenyTSConnections\n' | hivexsh "$TMP/SOFTWARE" > "$TMP/val" 2>&1
check "rdp-policy: repaired, the policy value 0 ($(cat "$TMP/val"))" grep -qx '0' "$TMP/val"

# Every real store: a healthy one gives nothing above info; the one made
# with bcdedit /set safeboot gives exactly that.
if have_fixtures "real stores"; then
	above=0 stores=0
	for f in "$WINRESCUE_FIXTURES"/bcd-*.hive; do
		d=$TMP/real/$(basename "$f" .hive)
		mkdir -p "$d"
		cp "$f" "$d/BCD"
		for l in LOG LOG1 LOG2; do [ ! -e "$f.$l" ] || cp "$f.$l" "$d/BCD.$l"; done
		"$W" diagnose --store "$d/BCD" --json > "$d/json" 2> "$d/err"
		rc=$?
		stores=$((stores + 1))
		serious=$(jq -r '[.findings[] | select(.severity != "info") | .id] | join(",")' "$d/json")
		case $f in
		*inherited-safeboot*) want=bcd.safeboot want_rc=3 ;;
		*) want= want_rc=0 ;;
		esac
		if [ "$serious" != "$want" ] || [ "$rc" -ne "$want_rc" ]; then
			above=$((above + 1))
			echo "# $(basename "$f"): rc $rc, findings above info: ${serious:-none}"
		fi
	done
	check "real stores ($stores): findings above info only where the fault is" test "$above" -eq 0
fi

# Names from a hostile store reach the terminal escaped.
"$MKSTORE" hostile-text "$TMP/evil" || bail "mkstore failed"
"$W" diagnose --store "$TMP/evil" > "$TMP/evil.out" 2> "$TMP/evil.err"
need_raw_check
clean "a hostile store's diagnosis" "$TMP/evil.out" "$TMP/evil.err"

"$W" diagnose > /dev/null 2> "$TMP/err"
rc=$?
check "no disk and no file: usage error (got $rc)" test "$rc" -eq 2
done_testing
