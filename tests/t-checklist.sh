#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# winrescue checklist: each checklist end to end on hives broken the way it
# targets (every step passes afterwards, bytes checked), on healthy ones
# (nothing written), and the Markdown report.
. "${srcdir:-.}/tests/lib.sh"
need hivexregedit
need jq
W=$WINRESCUE
XDG_STATE_HOME=$TMP/state
export XDG_STATE_HOME
sha() { sha256sum "$1" | cut -c1-64; }
# after NAME STEP: the state line of step STEP after the commit.
after() { sed -n '/^After:$/,$p' "$TMP/$1.out" | grep -A1 "^\[$2/" | sed -n 2p | sed 's/^ *//'; }

"$W" checklist list > "$TMP/list" 2>&1
check "list: six checklists" test "$(grep -c '^[a-z]' "$TMP/list")" -eq 6
check "list: the Safe Mode article first" sh -c "head -1 '$TMP/list' | grep -q '^safe-mode  *Boots into Safe Mode, cannot RDP$'"

# 1. Boots into Safe Mode: safeboot inherited from a settings object, serial
# off, dumps off.  All of it, with a report.
mkdir -p "$TMP/sm"
"$MKSTORE" safeboot-inherited "$TMP/sm/BCD" && "$MKSTORE" system "$TMP/sm/SYSTEM" || bail "mkstore failed"
"$W" checklist run safe-mode --store "$TMP/sm/BCD" --system "$TMP/sm/SYSTEM" --all --yes \
	--report "$TMP/sm/report.md" > "$TMP/sm.out" 2> "$TMP/sm.err"
rc=$?
check "safe-mode: exit 0 (rc=$rc: $(head -1 "$TMP/sm.err"))" test $rc -eq 0
check "safe-mode: safeboot found needing action, with where it comes from" grep -q 'safeboot Minimal, inherited from' "$TMP/sm.out"
for k in 2 3 4 5; do
	check "safe-mode: step $k passed after the commit ($(after sm $k))" sh -c "test \"\$(sed -n '/^After:\$/,\$p' '$TMP/sm.out' | grep -A1 '^\[$k/' | sed -n 2p | sed 's/^ *//' | cut -d: -f1)\" = passed"
done
"$W" bcd enum --store "$TMP/sm/BCD" --inherited '{default}' > "$TMP/sm/default.txt"
check "safe-mode: the loader no longer gets safeboot" sh -c "! grep -q '^safeboot' '$TMP/sm/default.txt' && grep -q '^ems  *Yes' '$TMP/sm/default.txt'"
export_hive "$TMP/sm/SYSTEM" > "$TMP/sm/system.reg"
check "safe-mode: CrashDumpEnabled 1 in ControlSet002" test "$(value_of "$TMP/sm/system.reg" 'ControlSet002\Control\CrashControl' CrashDumpEnabled)" = dword:00000001
check "report: the steps table" grep -q '^| 3 | Take the loader out of Safe Mode | needs action: .* | passed |$' "$TMP/sm/report.md"
check "report: the commands written" grep -q '^  bcdedit /store ".*BCD" /deletevalue {bootloadersettings} safeboot$' "$TMP/sm/report.md"
check "report: before -> after" grep -q '{bootloadersettings} safeboot: Minimal -> (not set)' "$TMP/sm/report.md"
check "report: the backups named" grep -q 'written and checked .*backup .*BCD.winrescue-.*\.bak' "$TMP/sm/report.md"
check "report: the findings" grep -q '^### Optional: enable memory dumps$' "$TMP/sm/report.md"

# The same disk again: healthy now, nothing to do, nothing written.
s1=$(sha "$TMP/sm/BCD") s2=$(sha "$TMP/sm/SYSTEM")
n1=$(wc -l < "$TMP/sm/winrescue-journal.jsonl")
"$W" checklist run safe-mode --store "$TMP/sm/BCD" --system "$TMP/sm/SYSTEM" --all --yes > "$TMP/healthy.out" 2>&1
rc=$?
check "healthy: exit 0 (rc=$rc)" test $rc -eq 0
check "healthy: every repair step passes" test "$(grep -c '      passed: ' "$TMP/healthy.out")" -eq 4
check "healthy: nothing written" test "$(sha "$TMP/sm/BCD")" = "$s1" -a "$(sha "$TMP/sm/SYSTEM")" = "$s2" -a "$(wc -l < "$TMP/sm/winrescue-journal.jsonl")" -eq "$n1"

check "healthy: where the last run left it" grep -q '^Last run on these hives: .*, 4 of 6 steps passed\.$' "$TMP/healthy.out"
have jq "progress: kept per checklist and hives" &&
	check "progress: kept per checklist and hives" test "$(jq -r 'select(.checklist == "safe-mode") | .steps | length' "$XDG_STATE_HOME/winrescue/checklists.jsonl" | sort -u)" = 6

# 2. Serial console and memory dump on a store that has neither.
mkdir -p "$TMP/sd"
"$MKSTORE" bios "$TMP/sd/BCD" && "$MKSTORE" system "$TMP/sd/SYSTEM" || bail "mkstore failed"
"$W" checklist run serial-dump --store "$TMP/sd/BCD" --system "$TMP/sd/SYSTEM" --yes > "$TMP/sd.out" 2>&1
check "serial-dump: exit 0" test $? -eq 0
check "serial-dump: serial passed after" test "$(after sd 3 | cut -d: -f1)" = passed
check "serial-dump: crashdump passed after" test "$(after sd 4 | cut -d: -f1)" = passed
check "serial-dump: the free-space advice is given" grep -q 'at least the size of the VM' "$TMP/sd.out"
export_hive "$TMP/sd/BCD" > "$TMP/sd/bcd.reg"
check "serial-dump: emsbaudrate 115200 as 8 bytes" test "$(value_of "$TMP/sd/bcd.reg" 'Objects\{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}\Elements\15000023' Element)" = 'hex(3):00,c2,01,00,00,00,00,00'

# 3. BCD repair on a real store without the Azure recovery settings.
if have_fixtures "bcd-repair on a real store" bcd-win10-bios-windeploy-linux.hive; then
	mkdir -p "$TMP/br" && cp "$WINRESCUE_FIXTURES/bcd-win10-bios-windeploy-linux.hive" "$TMP/br/BCD" && chmod 644 "$TMP/br/BCD"
	"$W" checklist run bcd-repair --store "$TMP/br/BCD" --yes > "$TMP/br.out" 2>&1
	check "bcd-repair: exit 0" test $? -eq 0
	check "bcd-repair: devices cannot be checked on a file, and says why" test "$(after br 3)" = 'could not check: needs the disk, not a store file'
	check "bcd-repair: recovery passed after" test "$(after br 4 | cut -d: -f1)" = passed
	export_hive "$TMP/br/BCD" > "$TMP/br/bcd.reg"
	check "bcd-repair: recoveryenabled No, one byte" test "$(value_of "$TMP/br/bcd.reg" 'Objects\{1b67bffd-e290-11eb-8ffa-f459a0d9b879}\Elements\16000009' Element)" = 'hex(3):00'
	check "bcd-repair: bootstatuspolicy IgnoreAllFailures, 8 bytes" test "$(value_of "$TMP/br/bcd.reg" 'Objects\{1b67bffd-e290-11eb-8ffa-f459a0d9b879}\Elements\250000e0' Element)" = 'hex(3):01,00,00,00,00,00,00,00'
fi

# 4. No RDP: Remote Desktop switched off in both control sets.
mkdir -p "$TMP/nr" && "$MKSTORE" system "$TMP/nr/SYSTEM" && "$MKSTORE" bios "$TMP/nr/BCD" || bail "mkstore failed"
for set in 001 002; do
	printf 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet%s\\Control\\Terminal Server]\r\n"fDenyTSConnections"=dword:00000001\r\n\r\n' $set
done > "$TMP/nr/off.reg"
hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SYSTEM' "$TMP/nr/SYSTEM" "$TMP/nr/off.reg"
"$W" checklist run no-rdp --store "$TMP/nr/BCD" --system "$TMP/nr/SYSTEM" --yes > "$TMP/nr.out" 2>&1
check "no-rdp: exit 0" test $? -eq 0
check "no-rdp: found RDP off" grep -q 'fDenyTSConnections: REG_DWORD 0x1 (1) -> REG_DWORD 0x0 (0)' "$TMP/nr.out"
check "no-rdp: passed after" test "$(after nr 4 | cut -d: -f1)" = passed
export_hive "$TMP/nr/SYSTEM" > "$TMP/nr/system.reg"
check "no-rdp: fDenyTSConnections 0 in ControlSet002" test "$(value_of "$TMP/nr/system.reg" 'ControlSet002\Control\Terminal Server' fDenyTSConnections)" = dword:00000000

# 5. Boot flags left behind, on a real store (hivexregedit adds them): the
# menu forced on with timeout 0, the boot-analysis flags, an IMC hive, a
# bad-memory list, Safe Mode.  Every step passes after; undo gives the bytes back.
if have_fixtures "boot-flags on a real store" bcd-win10-bios-windeploy-linux.hive; then
	mkdir -p "$TMP/bf"
	cp "$WINRESCUE_FIXTURES/bcd-win10-bios-windeploy-linux.hive" "$TMP/bf/BCD" && chmod 644 "$TMP/bf/BCD"
	def=$("$W" bcd enum --store "$TMP/bf/BCD" --json | jq -r '.store.default')
	bm='Objects\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\Elements'
	ld="Objects\\$def\\Elements"
	bad='Objects\{5189b25c-5558-4bf2-bca4-289b11bd29e2}\Elements'
	{
		printf 'Windows Registry Editor Version 5.00\r\n\r\n'
		printf '[HKEY_LOCAL_MACHINE\\BCD00000000\\%s\\%s]\r\n"Element"=hex:%s\r\n\r\n' \
			"$bm" 26000020 01 "$bm" 25000004 00,00,00,00,00,00,00,00 \
			"$ld" 25000080 00,00,00,00,00,00,00,00 "$ld" 26000090 01 "$ld" 16000048 01 \
			"$ld" 16000049 01 "$bad" 1700000a 10,20,00,00,00,00,00,00
		printf '[HKEY_LOCAL_MACHINE\\BCD00000000\\%s\\22000137]\r\n"Element"="\\\\IMC.hiv"\r\n\r\n' "$ld"
	} > "$TMP/bf/faults.reg"
	hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\BCD00000000' "$TMP/bf/BCD" "$TMP/bf/faults.reg" || bail "hivexregedit failed"
	s0=$(sha "$TMP/bf/BCD")
	"$W" checklist run boot-flags --store "$TMP/bf/BCD" --yes > "$TMP/bf.out" 2> "$TMP/bf.err"
	rc=$?
	check "boot-flags: exit 0 (rc=$rc: $(head -1 "$TMP/bf.err"))" test $rc -eq 0
	for k in 3 4 5 6 7; do
		check "boot-flags: step $k needed action, passed after ($(after bf $k))" sh -c "sed -n '1,/^After:\$/p' '$TMP/bf.out' | grep -A2 '^\[$k/' | sed -n 3p | grep -q 'needs action' && test \"\$(sed -n '/^After:\$/,\$p' '$TMP/bf.out' | grep -A1 '^\[$k/' | sed -n 2p | sed 's/^ *//' | cut -d: -f1)\" = passed"
	done
	"$W" diagnose --store "$TMP/bf/BCD" --json > "$TMP/bf.json" 2> /dev/null
	check "boot-flags: diagnose finds none of them now" jq -e '[.findings[].id] | map(select(. == "bcd.safeboot" or . == "bcd.bootmenu" or . == "bcd.debugflags" or . == "bcd.imc" or . == "bcd.badmemory")) | length == 0' "$TMP/bf.json"
	"$W" undo --store "$TMP/bf/BCD" --yes > /dev/null 2>&1
	check "boot-flags: undo gives back the exact bytes" test "$(sha "$TMP/bf/BCD")" = "$s0"
fi

# A dry run writes nothing; an unknown checklist is named.
mkdir -p "$TMP/dr" && "$MKSTORE" safeboot-minimal "$TMP/dr/BCD" || bail "mkstore failed"
s0=$(sha "$TMP/dr/BCD")
"$W" checklist run safe-mode --store "$TMP/dr/BCD" --dry-run > "$TMP/dr.out" 2>&1
check "dry run: the change shown, nothing written" sh -c "grep -q 'Dry run: nothing was written' '$TMP/dr.out' && test \$(sha256sum '$TMP/dr/BCD' | cut -c1-64) = $s0 && ! test -e '$TMP/dr/winrescue-journal.jsonl'"
"$W" checklist run nope --store "$TMP/dr/BCD" > /dev/null 2> "$TMP/err"
check "unknown checklist: usage error naming it" sh -c "test $? -eq 2 && grep -q 'no checklist \"nope\"' '$TMP/err'"

# The report may replace an earlier report, never a hive (a slip of the hand).
cp "$TMP/dr/BCD" "$TMP/dr/hive-as-report"
"$W" checklist run safe-mode --store "$TMP/dr/BCD" --dry-run --report "$TMP/dr/hive-as-report" > /dev/null 2> "$TMP/err"
check "report over a hive: refused, one line, the hive as it was" sh -c "test $? -eq 1 && test \$(wc -l < '$TMP/err') -eq 1 && grep -qx 'winrescue: $TMP/dr/hive-as-report is a registry hive: not writing the report over it' '$TMP/err' && cmp -s '$TMP/dr/BCD' '$TMP/dr/hive-as-report'"
cp "$TMP/sm/report.md" "$TMP/dr/old.md"
"$W" checklist run safe-mode --store "$TMP/dr/BCD" --dry-run --report "$TMP/dr/old.md" > /dev/null 2>&1
check "report over an earlier report: replaced, nothing left beside it" sh -c "! cmp -s '$TMP/sm/report.md' '$TMP/dr/old.md' && grep -q '^# winrescue: ' '$TMP/dr/old.md' && ! ls '$TMP/dr/' | grep -q winrescue-new"
printf 'QFI\373 a disk image' > "$TMP/dr/disk.qcow2"
"$W" checklist run safe-mode --store "$TMP/dr/BCD" --dry-run --report "$TMP/dr/disk.qcow2" > /dev/null 2> "$TMP/err"
check "report over anything else (a disk image): refused, the file as it was" sh -c "test $? -eq 1 && grep -q 'disk.qcow2 exists; winrescue does not overwrite it' '$TMP/err' && test \"\$(cat '$TMP/dr/disk.qcow2')\" = \"\$(printf 'QFI\\373 a disk image')\""
# 6. and 7. on the real Windows 7 SYSTEM hive: a step shows the state line
# and the evidence lines below it.
# step NAME STEP: the lines of step STEP before the commit.
step() { sed '/^After:$/,$d' "$TMP/$1.out" | sed -n "/^\[$2\//,/^\[/p" > "$TMP/$1.$2"; echo "$TMP/$1.$2"; }
if have_fixtures "no-rdp and boot-loop on a real SYSTEM hive" system-win7-2controlsets-regipy.hive.xz; then
	# 6. No RDP: TermService to run as LocalSystem in ControlSet001.  Its step is done;
	# the DHCP step passes (only the article's Type differs); the
	# temporary workarounds are offered, not done.
	mkdir -p "$TMP/rw"
	xz -dc "$WINRESCUE_FIXTURES/system-win7-2controlsets-regipy.hive.xz" > "$TMP/rw/SYSTEM"
	printf 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\services\\TermService]\r\n"ObjectName"="LocalSystem"\r\n\r\n' > "$TMP/rw/off.reg"
	hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SYSTEM' "$TMP/rw/SYSTEM" "$TMP/rw/off.reg" || bail "hivexregedit failed"
	export_hive "$TMP/rw/SYSTEM" > "$TMP/rw/before.reg"
	"$W" checklist run no-rdp --system "$TMP/rw/SYSTEM" --all --yes > "$TMP/rw.out" 2>&1
	check "no-rdp on win7: exit 0, even with --all ($?)" test $? -eq 0
	check "... TermService: needs action, then passed" sh -c "grep -q '^      needs action: .*termservice is needed' '$(step rw 7)' && test '$(after rw 7 | cut -d: -f1)' = passed"
	check "... DHCP: passed, the article's Type shown" sh -c "grep -qx '      passed: $TMP/rw/SYSTEM: nothing stops it; winrescue repair dhcp would also set what is shown' '$(step rw 8)' && grep -q 'Services.Dhcp Type: REG_DWORD 0x20 (32) -> REG_DWORD 0x10 (16)' '$(step rw 8)'"
	check "... the firewall turned off on request only, with its command" sh -c "grep -qx '      your turn: on request, when the steps above are not enough: winrescue repair firewall-off (temporary: it weakens security)' '$(step rw 10)'"
	export_hive "$TMP/rw/SYSTEM" > "$TMP/rw/after.reg"
	diff "$TMP/rw/before.reg" "$TMP/rw/after.reg" | grep '^[<>]' > "$TMP/rw/got"
	printf '%s\n' '< "ObjectName"=hex(1):4c,00,6f,00,63,00,61,00,6c,00,53,00,79,00,73,00,74,00,65,00,6d,00,00,00' \
		'> "ObjectName"=hex(1):4e,00,54,00,20,00,41,00,75,00,74,00,68,00,6f,00,72,00,69,00,74,00,79,00,5c,00,4e,00,65,00,74,00,77,00,6f,00,72,00,6b,00,53,00,65,00,72,00,76,00,69,00,63,00,65,00,00,00' \
		'< "Type"=dword:00000020' '> "Type"=dword:00000010' '< "Type"=dword:00000020' '> "Type"=dword:00000010' > "$TMP/rw/want"
	same "... written: TermService as Network Service, its Type in both sets, no workaround" "$TMP/rw/want" "$TMP/rw/got"

	# 7. Boot loop: RDAgent critical, a driver from an OEM package.  The
	# driver is listed for the user; ErrorControl is repaired; LKG and
	# disable-service are offered with the control sets' times.
	mkdir -p "$TMP/bl"
	xz -dc "$WINRESCUE_FIXTURES/system-win7-2controlsets-regipy.hive.xz" > "$TMP/bl/SYSTEM"
	printf 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\services\\RDAgent]\r\n"ErrorControl"=dword:00000002\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\services\\acmeflt]\r\n"Start"=dword:00000000\r\n"Type"=dword:00000001\r\n"ImagePath"="\\\\??\\\\C:\\\\Acme\\\\acmeflt.sys"\r\n\r\n' > "$TMP/bl/break.reg"
	hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SYSTEM' "$TMP/bl/SYSTEM" "$TMP/bl/break.reg" || bail "hivexregedit failed"
	export_hive "$TMP/bl/SYSTEM" > "$TMP/bl/before.reg"
	"$W" checklist run boot-loop --system "$TMP/bl/SYSTEM" --yes > "$TMP/bl.out" 2>&1
	check "boot-loop on win7: exit 0 ($?)" test $? -eq 0
	check "... the suspect driver listed for the user" sh -c "grep -q '^      your turn: if Windows stopped starting after one of these' '$(step bl 3)' && grep -q 'ControlSet001.Services.acmeflt: boot start, .??.C:.Acme.acmeflt.sys, last written ' '$(step bl 3)'"
	check "... RDAgent: needs action, then passed" sh -c "grep -q '^      needs action: ' '$(step bl 4)' && test '$(after bl 4 | cut -d: -f1)' = passed"
	check "... Last Known Good offered, with each control set's time" sh -c "grep -qx '      your turn: on request: winrescue repair lkg' '$(step bl 7)' && grep -qx '          ControlSet002: last written 2009-07-14 04:53:14 UTC' '$(step bl 7)'"
	check "... disable-service offered, naming what to give" sh -c "grep -qx '      your turn: on request: winrescue repair disable-service --name NAME' '$(step bl 8)'"
	export_hive "$TMP/bl/SYSTEM" > "$TMP/bl/after.reg"
	diff "$TMP/bl/before.reg" "$TMP/bl/after.reg" | grep '^[<>]' > "$TMP/bl/got"
	printf '%s\n' '< "ErrorControl"=dword:00000002' '> "ErrorControl"=dword:00000001' > "$TMP/bl/want"
	same "... written: RDAgent ErrorControl 1 alone, Select as it was" "$TMP/bl/want" "$TMP/bl/got"
fi
done_testing
