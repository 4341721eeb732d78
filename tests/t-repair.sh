#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# winrescue repair and undo on copies of every real fixture: the exact bytes
# each repair writes, everything else byte-identical (full exports compared),
# dry runs, rollback to the original SHA-256, refusals.
. "${srcdir:-.}/tests/lib.sh"
need_fixtures
need hivexregedit
need jq
need xz
W=$WINRESCUE
F=$WINRESCUE_FIXTURES
XDG_STATE_HOME=$TMP/state
export XDG_STATE_HOME

sha() { sha256sum "$1" | cut -c1-64; }
# The export without the keys journal $2 says the last commit edited.
strip_edited() {
	K=$(jq -r 'select(.action == "commit") | .edits[].key' "$2" | tr 'A-Z' 'a-z' | sort -u | tr '\n' '|') \
		awk 'BEGIN { n = split(ENVIRON["K"], k, "|"); for (i = 1; i <= n; i++) if (k[i] != "") skip["[hklm\\x\\" k[i] "]"] = 1 }
		/^\[/ { drop = (tolower($0) in skip) } !drop' "$1"
}
key_exists() { K="[HKLM\\X\\$2]" awk 'tolower($0) == tolower(ENVIRON["K"]) { f = 1 } END { exit !f }' "$1"; }

# What each serial/safeboot edit must leave, by element id (bcd-format §1.3:
# integers 8 bytes little-endian, booleans one byte, both REG_BINARY).
want_element() {
	case $1 in
	26000020 | 16000020 | 260000b0) echo 'hex(3):01' ;;
	25000004) echo 'hex(3):05,00,00,00,00,00,00,00' ;;
	15000022) echo 'hex(3):01,00,00,00,00,00,00,00' ;;
	15000023) echo 'hex(3):00,c2,01,00,00,00,00,00' ;;
	16000009) echo 'hex(3):00' ;;
	250000e0) echo 'hex(3):01,00,00,00,00,00,00,00' ;;
	*) echo "unexpected element $1" ;;
	esac
}

# Every edit the journal records for the last commit of $1 landed as wanted.
check_bcd_edits() {
	bad=0
	for e in $(jq -r 'select(.action == "commit") | .edits[] | .op + "=" + .key' "$2" | tr '\\' '/'); do
		op=${e%%=*} key=$(echo "${e#*=}" | tr '/' '\\') id=${e##*/}
		case $op in
		set) if [ "$id" = Description ]; then # a new {emssettings}
			[ "$(value_of "$1" "$key" Type)" = 'dword:20100000' ] || { echo "# $key: $(value_of "$1" "$key" Type)"; bad=1; }
		elif [ "$(value_of "$1" "$key" Element)" != "$(want_element "$id")" ]; then
			echo "# $key: $(value_of "$1" "$key" Element)"; bad=1
		fi ;;
		delete-key) ! key_exists "$1" "$key" || { echo "# $key still there"; bad=1; } ;;
		add-key) key_exists "$1" "$key" || { echo "# $key missing"; bad=1; } ;;
		esac
	done
	[ $bad -eq 0 ]
}

# BCD stores: safeboot and serial on a copy of each.
for src in "$F"/bcd-*.hive; do
	name=$(basename "$src" .hive)
	d=$TMP/$name && mkdir -p "$d" && cp "$src" "$d/BCD" && chmod 644 "$d/BCD"
	s0=$(sha "$d/BCD")
	"$W" repair safeboot serial recovery --store "$d/BCD" --dry-run > "$d/dry.out" 2> "$d/dry.err"
	rc=$?
	check "$name: --dry-run writes nothing" test "$(sha "$d/BCD")" = "$s0" -a ! -e "$d/winrescue-journal.jsonl"
	if [ $rc -ne 0 ]; then
		# The empty stores have no loader to repair: one line naming why.
		check "$name: no loader: one error line (rc=$rc)" sh -c "test $rc -eq 1 && test \$(wc -l < '$d/dry.err') -eq 1 && grep -q 'no object\|no default\|no Windows loader\|has no' '$d/dry.err'"
		continue
	fi
	export_hive "$d/BCD" > "$d/before.reg"
	"$W" repair safeboot serial recovery --store "$d/BCD" --yes > "$d/out" 2> "$d/err"
	rc=$?
	check "$name: repair exits 0 (rc=$rc: $(head -1 "$d/err"))" test $rc -eq 0
	check "$name: the three repairs verified after the commit" sh -c "grep -q '^safeboot: done$' '$d/out' && grep -q '^serial: done$' '$d/out' && grep -q '^recovery: done$' '$d/out'"
	export_hive "$d/BCD" > "$d/after.reg"
	check "$name: every edit set exactly the bytes Windows writes" check_bcd_edits "$d/after.reg" "$d/winrescue-journal.jsonl"
	strip_edited "$d/before.reg" "$d/winrescue-journal.jsonl" > "$d/before.rest"
	strip_edited "$d/after.reg" "$d/winrescue-journal.jsonl" > "$d/after.rest"
	same "$name: every other key and value is byte-identical" "$d/before.rest" "$d/after.rest"
	"$W" bcd enum --store "$d/BCD" --inherited '{default}' > "$d/default.txt" 2>&1
	check "$name: the default loader is out of Safe Mode, EMS on" sh -c "! grep -q '^safeboot' '$d/default.txt' && grep -q '^ems  *Yes$' '$d/default.txt'"
	check "$name: no Automatic Repair loop" sh -c "grep -q '^recoveryenabled  *No' '$d/default.txt' && grep -q '^bootstatuspolicy  *IgnoreAllFailures' '$d/default.txt'"
	"$W" bcd enum --store "$d/BCD" --inherited '{bootmgr}' > "$d/bootmgr.txt" 2>&1
	check "$name: {bootmgr}: menu, timeout 5, bootems" sh -c "grep -q '^displaybootmenu  *Yes$' '$d/bootmgr.txt' && grep -q '^timeout  *5$' '$d/bootmgr.txt' && grep -q '^bootems  *Yes' '$d/bootmgr.txt'"
	"$W" repair safeboot serial recovery --store "$d/BCD" --yes > "$d/again.out" 2>&1
	check "$name: a second run has nothing to change" grep -q '^Nothing to change\.$' "$d/again.out"
	"$W" undo --store "$d/BCD" --yes > "$d/undo.out" 2> "$d/undo.err"
	check "$name: undo restores the original SHA-256" test "$(sha "$d/BCD")" = "$s0"
done

# The inherited-safeboot store (bcdedit-made): the settings object shared
# by three loaders is where safeboot must go, and the check says so.
d=$TMP/bcd-bcdedit-generated-inherited-safeboot-ntloader
check "inherited: the check names the settings object and the loaders sharing it" \
	grep -q 'is also inherited by: {19260817-6666-8888-abcd-000000000001} (NT6+ VHD), {19260817-6666-8888-abcd-000000000002} (NT6+ OS)$' "$d/out"
check "inherited: reported Minimal before" grep -q '^  safeboot Minimal, inherited from {19260817-6666-8888-abcd-100000000000}$' "$d/out"
check "inherited: bcdedit command names the object it comes from" grep -q '^  bcdedit /store ".*" /deletevalue {19260817-6666-8888-abcd-100000000000} safeboot$' "$d/out"
"$W" bcd enum --store "$d/BCD.winrescue-"*-2.bak --inherited '{19260817-6666-8888-abcd-000000000002}' > "$d/other.txt" 2>&1
check "inherited: after the commit no loader inherits safeboot" sh -c "! grep -q '^safeboot' '$d/other.txt'"

# The journal, across processes: a commit and its rollback.
"$W" undo --list --store "$d/BCD" > "$d/list.out" 2>&1
check "undo --list: the commit and the rollback, in order" sh -c "sed -n 2p '$d/list.out' | grep -q '  commit .*safeboot, serial, recovery' && sed -n 3p '$d/list.out' | grep -q '  rollback .*safeboot, serial, recovery'"
check "journal: the host copy has the same records" test "$(jq -r .id "$XDG_STATE_HOME/winrescue/journal.jsonl" | grep -c .)" -ge 2
"$W" undo --store "$d/BCD" --yes > "$d/undo2.out" 2>&1
check "undo with nothing left to roll back says so" grep -q '^Nothing to roll back\.$' "$d/undo2.out"

# A commit that folded a dirty hive's log in is undone only next to that
# very log: the dirty original needs it (Windows replays it at boot).
d=$TMP/dirtylog && mkdir -p "$d" && "$MKSTORE" dirty-system "$d/SYSTEM" || bail "mkstore failed"
s0=$(sha "$d/SYSTEM")
"$W" repair crashdump --system "$d/SYSTEM" --yes > /dev/null 2>&1
s1=$(sha "$d/SYSTEM")
printf 'x' >> "$d/SYSTEM.LOG1"
"$W" undo --system "$d/SYSTEM" --yes > /dev/null 2> "$d/err"
rc=$?
check "log changed since the commit: rollback refused (rc=$rc), one line naming the log and its backup" sh -c "test $rc -eq 1 && test \$(wc -l < '$d/err') -eq 1 && grep -q \"^winrescue: $d/SYSTEM: its log SYSTEM.LOG1 is not the one commit .* left beside it, and the original needs that one (kept as $d/SYSTEM.LOG1.winrescue-.*\\.bak): refusing to roll back\\$\" '$d/err'"
check "... the hive left as the commit wrote it" test "$(sha "$d/SYSTEM")" = "$s1"
cp "$d"/SYSTEM.LOG1.winrescue-*.bak "$d/SYSTEM.LOG1"
"$W" undo --system "$d/SYSTEM" --yes > /dev/null 2>&1
check "with the log put back from its backup: rolled back to the dirty original" test "$(sha "$d/SYSTEM")" = "$s0"
# A journal line that points a rollback at something that is no hive (its
# SHA-256 written to match) puts nothing back.
d=$TMP/forged && mkdir -p "$d" && cp "$F/bcd-win10-bios-windeploy-linux.hive" "$d/BCD" && chmod 644 "$d/BCD"
echo 'not a hive' > "$d/text"
s0=$(sha "$d/BCD")
printf '{"format":"winrescue-journal/1","id":"9999","time":"2999-01-01T00:00:00Z","action":"commit","hive":"%s","sha256_before":"%s","sha256_after":"%s","backup":"%s"}\n' \
	"$d/BCD" "$(sha "$d/text")" "$s0" "$d/text" > "$d/winrescue-journal.jsonl"
"$W" undo --store "$d/BCD" --yes > /dev/null 2> "$d/err"
rc=$?
check "forged journal line: rollback refused (rc=$rc)" test $rc -eq 1
check "... the store untouched" test "$(sha "$d/BCD")" = "$s0"

# Rollback refused once the hive changed after the commit.
d=$TMP/changed && mkdir -p "$d" && cp "$F/bcd-win10-bios-windeploy-linux.hive" "$d/BCD" && chmod 644 "$d/BCD"
"$W" repair serial --store "$d/BCD" --yes > /dev/null 2>&1
printf 'cd \\Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\\Elements\\25000004\nsetval 1\nElement\nhex:3:1e,00,00,00,00,00,00,00\ncommit\n' | hivexsh -w "$d/BCD"
s1=$(sha "$d/BCD")
"$W" undo --store "$d/BCD" --yes > "$d/out" 2> "$d/err"
rc=$?
check "changed since: rollback refused (rc=$rc)" test $rc -eq 1
check "changed since: says which value changed" grep -q 'Elements\\25000004 Element: after the commit REG_BINARY 05 00 00 00 00 00 00 00, now REG_BINARY 1e 00 00 00 00 00 00 00$' "$d/out"
check "changed since: one error line naming the store" grep -q "^winrescue: $d/BCD changed after commit .*refusing to roll back over those changes$" "$d/err"
check "changed since: the file is left as it was" test "$(sha "$d/BCD")" = "$s1"

# A journal whose last line a crash cut short still takes the next record.
d=$TMP/cut && mkdir -p "$d" && cp "$F/bcd-win10-bios-windeploy-linux.hive" "$d/BCD" && chmod 644 "$d/BCD"
s0=$(sha "$d/BCD")
printf '{"format":"winrescue-journal/1","id":"cut' > "$d/winrescue-journal.jsonl"
(umask 077 && "$W" repair serial --store "$d/BCD" --yes > /dev/null 2>&1)
check "umask 077: the new store keeps mode 644" test "$(stat -c %a "$d/BCD")" = 644
"$W" undo --list --store "$d/BCD" > "$d/list" 2> "$d/list.err"
check "cut journal line: the next commit is listed" grep -q '  commit .*serial' "$d/list"
check "cut journal line: reported as unreadable" grep -q '1 journal lines could not be read' "$d/list.err"
printf '{"format":"winrescue-journal/1","id":"x","transactions":[{"name":null}],"edits":[{"op":7}]}\n' >> "$d/winrescue-journal.jsonl"
"$W" undo --list --store "$d/BCD" > /dev/null 2>&1
check "hostile journal line: no crash (rc=$?)" test $? -lt 128
# A log holding later writes than the clean committed file (a real BCD.LOG,
# entry 413, the store at 23): Windows ignores it, and so does the rollback.
cp "$F/bcd-win10-uefi-t480s-multiboot.hive.LOG" "$d/BCD.LOG1"
ls1=$(sha "$d/BCD.LOG1")
"$W" undo --store "$d/BCD" --yes > "$d/out" 2> "$d/err"
check "newer log beside a clean store: said so" grep -q "^$d/BCD is clean, but a log holds later writes that Windows ignores\$" "$d/out"
check "... rolled back to the original all the same" test "$(sha "$d/BCD")" = "$s0"
check "... the log left as it was" test "$(sha "$d/BCD.LOG1")" = "$ls1"
"$W" hive check "$d/BCD" > "$d/check" 2>&1
check "hive check: the log's entry 413 is newer, and ignored" grep -q '^  BCD.LOG1: HvLE format, sequence 413: not needed: entries 413-413 are newer than the hive, but the hive is clean: Windows ignores them$' "$d/check"
rm "$d/BCD.LOG1"
"$W" repair serial --baud 1 --store "$d/BCD" --yes > /dev/null 2> "$d/err"
check "--baud 1 refused" grep -q 'not a serial speed EMS supports' "$d/err"

# check_replayed_commit NAME DIR SHA0 RC: crashdump on a dirty SYSTEM with
# its logs (regipy: 1622/1621, entries 2107-2130 in LOG1 and LOG2).  The
# commit must hold everything the logs held, as "hive replay" recovers it
# (proven against Windows' own recoveries in t-replay), plus the edits.
check_replayed_commit() {
	d=$2
	check "$1: committed (rc=$4: $(head -1 "$d/err"))" test "$4" -eq 0
	check "$1: says the logs were replayed" grep -q "^$d/SYSTEM was dirty (sequence 1622 and 1621): its logs were replayed (315 pages, now clean at 2130); a commit writes the recovered hive\$" "$d/out"
	export_hive "$d/SYSTEM" > "$d/after.reg"
	export_hive "$d/replayed" > "$d/replayed.reg"
	check "$1: CrashDumpEnabled = 1 in the recovered hive" test "$(value_of "$d/after.reg" 'ControlSet001\Control\CrashControl' CrashDumpEnabled)" = 'dword:00000001'
	strip_edited "$d/replayed.reg" "$d/winrescue-journal.jsonl" > "$d/replayed.rest"
	strip_edited "$d/after.reg" "$d/winrescue-journal.jsonl" > "$d/after.rest"
	same "$1: every other key and value is what replay recovered" "$d/replayed.rest" "$d/after.rest"
	export_hive "$d"/SYSTEM.winrescue-*.bak > "$d/primary.reg"
	check "$1: keys only the logs had are there ($(grep -c '^\[' "$d/after.reg") keys, the primary alone $(grep -c '^\[' "$d/primary.reg"))" test "$(grep -c '^\[' "$d/after.reg")" -eq 35595 -a "$(grep -c '^\[' "$d/primary.reg")" -eq 33123
	"$W" hive check "$d/SYSTEM" > "$d/check" 2>&1
	rc=$?
	check "$1: hive check: clean at 2131, after the last entry (rc=$rc)" sh -c "test $rc -eq 0 && grep -q '^$d/SYSTEM: clean (sequence 2131)\$' '$d/check'"
	check "$1: hive check: both logs not needed" test "$(grep -c '^  SYSTEM.LOG[12]: HvLE format, sequence 21[01][17]: not needed: the hive is clean: Windows ignores its logs$' "$d/check")" -eq 2
	for l in 1 2; do
		check "$1: LOG$l left as it was, and backed up beside it" sh -c "test \$(sha256sum < '$d/SYSTEM.LOG$l' | cut -c1-64) = \$(xz -dc '$F/system-win10-dirty-with-logs-regipy.hive.LOG$l.xz' | sha256sum | cut -c1-64) && cmp -s '$d/SYSTEM.LOG$l' '$d'/SYSTEM.LOG$l.winrescue-*.bak"
	done
	check "$1: the journal names both logs, their SHA-256 and backups" test "$(jq -r 'select(.action == "commit") | .logs[] | .name + " " + .sha256 + " " + .backup' "$d/winrescue-journal.jsonl" | grep -c "^SYSTEM.LOG\([12]\) [0-9a-f]\{64\} $d/SYSTEM.LOG\1.winrescue-.*\.bak\$")" -eq 2
	"$W" undo --system "$d/SYSTEM" --yes > /dev/null 2>&1
	check "$1: undo gives back the dirty original (SHA-256)" test "$(sha "$d/SYSTEM")" = "$3"
	"$W" hive check "$d/SYSTEM" > /dev/null 2>&1
	rc=$?
	check "$1: ... which hive check calls dirty again (rc=$rc)" test $rc -eq 3
}

# SYSTEM hives: crashdump on each.
for src in "$F"/system-*.hive "$F"/system-*.hive.xz; do
	name=$(basename "$src" .xz)
	name=${name%.hive}
	d=$TMP/$name && mkdir -p "$d"
	case $src in *.xz) xz -dc "$src" > "$d/SYSTEM" ;; *) cp "$src" "$d/SYSTEM" ;; esac
	[ -e "$src.LOG1.xz" ] || [ -e "${src%.xz}.LOG1.xz" ] && for l in 1 2; do xz -dc "${src%.xz}.LOG$l.xz" > "$d/SYSTEM.LOG$l"; done
	s0=$(sha "$d/SYSTEM")
	case $name in *with-logs*) "$W" hive replay "$d/SYSTEM" --output "$d/replayed" > /dev/null ;; esac
	"$W" repair crashdump --system "$d/SYSTEM" --yes > "$d/out" 2> "$d/err"
	rc=$?
	case $name in
	*with-logs*)
		check_replayed_commit "$name" "$d" "$s0" $rc
		;;
	*dirty*)
		check "$name: dirty hive refused (rc=$rc), one line" sh -c "test $rc -eq 1 && grep -q 'is dirty (sequence numbers [0-9]* and [0-9]* differ) and no transaction log can recover it' '$d/err' && test \$(wc -l < '$d/err') -eq 1"
		check "$name: left unchanged, no backup" sh -c "test \$(sha256sum '$d/SYSTEM' | cut -c1-64) = $s0 && ! ls '$d'/*.bak"
		check "$name: reading still works (the check ran)" grep -q '^crashdump: needed' "$d/out"
		;;
	*corrupted*)
		check "$name: unreadable hive: one error line (rc=$rc)" sh -c "test $rc -eq 1 && test \$(wc -l < '$d/err') -eq 1 && grep -q 'SYSTEM' '$d/err'"
		check "$name: left unchanged" test "$(sha "$d/SYSTEM")" = "$s0"
		;;
	*delta*)
		check "$name: differencing hive refused (rc=$rc)" sh -c "test $rc -eq 1 && grep -q 'differencing (layered) hive' '$d/err'"
		check "$name: left unchanged" test "$(sha "$d/SYSTEM")" = "$s0"
		;;
	*)
		check "$name: repair exits 0 (rc=$rc: $(head -1 "$d/err"))" test $rc -eq 0
		export_hive "$d/SYSTEM" > "$d/after.reg"
		for set in ControlSet001 ControlSet002; do
			key="$set\\Control\\CrashControl"
			check "$name: $set CrashDumpEnabled = 1 (REG_DWORD)" test "$(value_of "$d/after.reg" "$key" CrashDumpEnabled)" = 'dword:00000001'
			check "$name: $set DumpFile as REG ADD writes it" test "$(value_of "$d/after.reg" "$key" DumpFile)" = 'hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,25,00,5c,00,4d,00,45,00,4d,00,4f,00,52,00,59,00,2e,00,44,00,4d,00,50,00,00,00'
			check "$name: $set NMICrashDump = 1" test "$(value_of "$d/after.reg" "$key" NMICrashDump)" = 'dword:00000001'
		done
		check "$name: no control set created" sh -c "! grep -qi '^\[HKLM.X.ControlSet00[3-9]' '$d/after.reg'"
		cp "$d"/SYSTEM.winrescue-*.bak "$d/orig" && export_hive "$d/orig" > "$d/before.reg"
		strip_edited "$d/before.reg" "$d/winrescue-journal.jsonl" > "$d/before.rest"
		strip_edited "$d/after.reg" "$d/winrescue-journal.jsonl" > "$d/after.rest"
		same "$name: every other key and value is byte-identical" "$d/before.rest" "$d/after.rest"
		check "$name: AutoReboot untouched" test "$(value_of "$d/after.reg" 'ControlSet001\Control\CrashControl' AutoReboot)" = "$(value_of "$d/before.reg" 'ControlSet001\Control\CrashControl' AutoReboot)"
		"$W" repair crashdump --type kernel --system "$d/SYSTEM" --yes > /dev/null 2>&1
		export_hive "$d/SYSTEM" > "$d/kernel.reg"
		check "$name: --type kernel gives 2" test "$(value_of "$d/kernel.reg" 'ControlSet002\Control\CrashControl' CrashDumpEnabled)" = 'dword:00000002'
		"$W" undo --system "$d/SYSTEM" --yes > /dev/null 2>&1 && "$W" undo --system "$d/SYSTEM" --yes > /dev/null 2>&1
		check "$name: two undos give back the original SHA-256" test "$(sha "$d/SYSTEM")" = "$s0"
		;;
	esac
done

# rdp on a SYSTEM hive where Remote Desktop was switched off and its
# service disabled (win7 fixture, edited with hivexregedit).
if have_fixtures "rdp on the win7 SYSTEM hive" system-win7-2controlsets-regipy.hive.xz; then
	d=$TMP/rdp && mkdir -p "$d"
	check "rdp: the original hive, as the crashdump repair above backed it up" \
		cp "$TMP/system-win7-2controlsets-regipy/orig" "$d/SYSTEM"
	for set in 001 002; do
		printf 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet%s\\Control\\Terminal Server]\r\n"fDenyTSConnections"=dword:00000001\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet%s\\Services\\TermService]\r\n"Start"=dword:00000004\r\n\r\n' $set $set
	done > "$d/break.reg"
	hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SYSTEM' "$d/SYSTEM" "$d/break.reg"
	export_hive "$d/SYSTEM" > "$d/before.reg"
	"$W" repair rdp --system "$d/SYSTEM" --yes > "$d/out" 2> "$d/err"
	check "rdp: needed on the broken hive, then done" sh -c "grep -q '^rdp: needed' '$d/out' && grep -q '^rdp: done$' '$d/out'"
	export_hive "$d/SYSTEM" > "$d/after.reg"
	for set in ControlSet001 ControlSet002; do
		check "rdp: $set fDenyTSConnections = 0" test "$(value_of "$d/after.reg" "$set\Control\Terminal Server" fDenyTSConnections)" = 'dword:00000000'
		check "rdp: $set TermService Start = 3" test "$(value_of "$d/after.reg" "$set\Services\TermService" Start)" = 'dword:00000003'
	done
	strip_edited "$d/before.reg" "$d/winrescue-journal.jsonl" > "$d/before.rest"
	strip_edited "$d/after.reg" "$d/winrescue-journal.jsonl" > "$d/after.rest"
	same "rdp: every other key and value is byte-identical" "$d/before.rest" "$d/after.rest"
	check "rdp: the diff says it weakens security" grep -q '^  (weakens security: it opens a way in' "$d/out"
	check "rdp: the journal marks it to revert" jq -e 'select(.action == "commit") | .transactions[0] | .name == "rdp" and .weakens_security == true' "$d/winrescue-journal.jsonl"
	"$W" undo --list --system "$d/SYSTEM" > "$d/list" 2>&1
	check "rdp: undo --list shows it to revert" grep -q ' rdp .*(weakens security: revert when done)$' "$d/list"
	check "rdp: four values changed, nothing created" test "$(jq -r 'select(.action == "commit") | .edits[].op' "$d/winrescue-journal.jsonl" | sort | uniq -c | tr -s ' ')" = " 4 set"
	"$W" repair rdp --system "$d/SYSTEM" --dry-run > "$d/again" 2>&1
	check "rdp: healthy now, nothing to change" grep -q '^Nothing to change\.$' "$d/again"
fi

# Usage errors.
"$W" repair --store "$TMP/changed/BCD" > /dev/null 2> "$TMP/err"
check "repair without a repair name: usage error" sh -c "test $? -eq 2 && grep -q 'name a repair' '$TMP/err'"
"$W" repair crashdump --store "$TMP/changed/BCD" > /dev/null 2> "$TMP/err"
check "crashdump without a SYSTEM hive: says what to give" grep -q 'crashdump needs the SYSTEM hive: give --system FILE' "$TMP/err"
"$W" repair serial --store "$TMP/changed/BCD" < /dev/null > /dev/null 2> "$TMP/err"
check "no terminal and no --yes: nothing written" grep -q 'stdin is not a terminal (add --yes)' "$TMP/err"
"$W" repair bogus --store "$TMP/changed/BCD" > /dev/null 2> "$TMP/err"
check "unknown repair named" grep -q 'unknown repair "bogus"' "$TMP/err"
s0=$(sha256sum < "$TMP/changed/BCD")
"$W" repair devices --store "$TMP/changed/BCD" --yes > /dev/null 2> "$TMP/err"
check "devices on a store file: exit 1, one line saying it needs the disk" sh -c "test $? -eq 1 && test \$(wc -l < '$TMP/err') -eq 1 && grep -q 'devices: a store file does not say which partitions it boots: open the disk\$' '$TMP/err'"
check "... and nothing written" test "$(sha256sum < "$TMP/changed/BCD")" = "$s0"
done_testing
