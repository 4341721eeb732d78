#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Disks through the libguestfs appliance, on images our own code builds.
# Fourteen appliance launches for everything: build the images, list them (as
# JSON and as text), the BCD repair checklist on a moved disk, list their BCD
# stores, repair and roll back, a repair on a full partition, rebuild an
# unreadable store and a deleted one and undo both, diagnose; and beside
# those, the demo, the console on the demo and the seed article's script on
# a copy of it.  Under KVM or, where KVM
# fails, TCG.  The UEFI disk's SYSTEM hive is dirty: its last write
# (CrashDumpEnabled 0) is only in SYSTEM.LOG1.  Every other fault rebuild
# mends is in t-rebuild.sh, which runs beside this one.
. "${srcdir:-.}/tests/lib.sh"

if [ "${WINRESCUE_SKIP_APPLIANCE:-}" = 1 ]; then
	echo "1..0 # SKIP WINRESCUE_SKIP_APPLIANCE=1"; exit 0
fi
ls /boot/vmlinuz-* > /dev/null 2>&1 || { echo "1..0 # SKIP no kernel for the appliance (install linux-image-amd64)"; exit 0; }
# jq_check DESCRIPTION JQ-ARGUMENT...: a check jq makes, or where jq is
# missing a SKIP result for it (the other checks still run).
jq_check() {
	what=$1
	shift
	have jq "$what" && check "$what" jq "$@"
}
W=$WINRESCUE
B=$TMP/bios.img U=$TMP/uefi.img N=$TMP/nowin.img K=$TMP/bitlocker.img P=$TMP/nopt.img M=$TMP/moved.img
R=$TMP/resigned.img X=$TMP/full.img Y=$TMP/systemonly.img Z=$TMP/badstore.img V=$TMP/nostore.img
# Launch 1: six disks built in one appliance, libguestfs' own inspection of
# them, and the safe write path on the BIOS disk's store, stopped after each
# step in turn as by a crash (WINRESCUE_FAIL_AFTER).
XDG_STATE_HOME=$TMP/state "$MKDISK" --inspect --safe-write-test --safeboot \
	bios "$B" dirtysystem "$U" nowin "$N" bitlocker "$K" full "$X" systemonly "$Y" badstore "$Z" nostore "$V" > "$TMP/inspect" 2> "$TMP/mkdisk.err" ||
	bail "mkdisk failed: $(cat "$TMP/mkdisk.err")"
# Launches 9 and 10, the demo and the console on it, need nothing built
# here: they run beside the others (on another core where there is one),
# and their checks come in their place below.
D=$TMP/cache/winrescue/demo-3/demo-safemode.img
# Launch 14, after them: the seed article's script as it stands on a copy of
# the demo disk.
DS=$TMP/demo-seed.img SEED=${srcdir:-.}/tests/scripts/r1-older-block-rdp-safe-mode.cmd
# An image an older edition cached, without the files the checks now look at.
mkdir -p "$TMP/cache/winrescue/demo-2" && echo 'an older demo disk' > "$TMP/cache/winrescue/demo-safemode.img" &&
	echo 'the second edition' > "$TMP/cache/winrescue/demo-2/demo-safemode.img"
cat > "$TMP/con.steps" <<EOF
:save-display $TMP/con-early.txt
:wait
f
:save-display $TMP/con-loaded.txt
<Tab>
<Tab>
/
safeboot
<Enter>
:save-display $TMP/con-elements.txt
EOF
(
	XDG_CACHE_HOME=$TMP/cache "$W" --demo > "$TMP/demo.out" 2> "$TMP/demo.err"
	echo $? > "$TMP/demo.rc"
	XDG_CACHE_HOME=$TMP/cache LINES=40 COLUMNS=160 WINRESCUE_SCRIPT="$TMP/con.steps" "$W" --demo > "$TMP/con.out" 2> "$TMP/con.err"
	echo $? > "$TMP/con.rc"
	cp --sparse=always "$D" "$DS"
	XDG_STATE_HOME=$TMP/state-seed "$W" script --disk "$DS" --yes "$SEED" > "$TMP/seed.out" 2> "$TMP/seed.err"
	echo $? > "$TMP/seed.rc"
) &
demo_pid=$!
check "images are sparse and 100 MB" sh -c "test \$(stat -c %s '$B') -eq 104857600 && test \$(du -k '$B' | cut -f1) -lt 20000"
check "libguestfs inspection sees Windows on the BIOS disk" grep -q "^/dev/sda2	Windows Server 2022 Datacenter	10.0	x86_64	/Windows$" "$TMP/inspect"
check "libguestfs inspection sees Windows on the UEFI disk" grep -q "^/dev/sdb3	Windows Server 2022 Datacenter	10.0	x86_64	/Windows$" "$TMP/inspect"
while read -r step want; do
	check "safe write stopped after $step: $want (got: $(grep "^safe-write $step:" "$TMP/inspect"))" grep -q "^safe-write $step: $want$" "$TMP/inspect"
done <<'STEPS'
disk-backup rc=-1 in-place=old whole=yes disk-backups=1 host-backups=0
host-backup rc=-1 in-place=old whole=yes disk-backups=2 host-backups=1
upload rc=-1 in-place=old whole=yes disk-backups=3 host-backups=2
verify rc=-1 in-place=old whole=yes disk-backups=4 host-backups=3
rename rc=-1 in-place=new whole=yes disk-backups=5 host-backups=4
sync rc=-1 in-place=new whole=yes disk-backups=6 host-backups=5
complete rc=0 in-place=new whole=yes disk-backups=7 host-backups=6
STEPS
# The same steps for a file that is no hive, as rebuild copies boot files:
# over \bootmgr (the original in place until the rename, a backup each
# time), and as a new file (nothing in place until the rename; what a
# stopped upload leaves is only ever the .winrescue-new beside it).
while read -r what step want; do
	check "$what stopped after $step: $want" grep -q "^$what $step: $want$" "$TMP/inspect"
done <<'STEPS'
file-write disk-backup rc=-1 in-place=old disk-backups=1
file-write host-backup rc=-1 in-place=old disk-backups=2
file-write upload rc=-1 in-place=old disk-backups=3
file-write verify rc=-1 in-place=old disk-backups=4
file-write rename rc=-1 in-place=new disk-backups=5
file-write complete rc=0 in-place=new disk-backups=7
file-create upload rc=-1 in-place=none leftover=1
file-create verify rc=-1 in-place=none leftover=1
file-create rename rc=-1 in-place=new leftover=0
file-create sync rc=-1 in-place=new leftover=0
file-create complete rc=0 in-place=new leftover=0
STEPS
set -- $(sed -n 's/^safe-write hashes: original \([0-9a-f]*\) new \([0-9a-f]*\)$/\1 \2/p' "$TMP/inspect")
check "the first backup on the host is the original store" test "$(sha256sum "$(ls "$TMP"/state/winrescue/*.bak | head -1)" | cut -c1-64)" = "${1:-x}"
check "the last one is the store the rename put in place" test "$(sha256sum "$(ls "$TMP"/state/winrescue/*.bak | tail -1)" | cut -c1-64)" = "${2:-y}"
check "backups are named <name>.winrescue-<UTC time>.bak" grep -q '^safe-write report: disk backup \\Boot\\BCD\.winrescue-[0-9]\{8\}T[0-9]\{6\}Z\.bak, ' "$TMP/inspect"
# No launch needed: a disk without a partition table, and the BIOS disk with
# its MBR signature wiped, so its store's devices point at nothing attached;
# and once more with a new signature, as a disk copied by a migration tool.
truncate -s 10M "$P"
cp --sparse=always "$B" "$M" && printf '\000\000\000\000' | dd of="$M" bs=1 seek=440 conv=notrunc 2>/dev/null
cp --sparse=always "$B" "$R" && printf '\021\356\377\300' | dd of="$R" bs=1 seek=440 conv=notrunc 2>/dev/null
# The disks with the unreadable and the deleted store get signatures of
# their own (ba5e57ba, ba5e57bb):
# the store rebuilt on it names its partitions by it, and the other BIOS
# disks diagnosed with it are not its twins.
printf '\272\127\136\272' | dd of="$Z" bs=1 seek=440 conv=notrunc 2>/dev/null
printf '\273\127\136\272' | dd of="$V" bs=1 seek=440 conv=notrunc 2>/dev/null

# Launch 2: every disk at once.
"$W" disks --json "$B" "$U" "$N" "$K" "$P" "$M" > "$TMP/disks.json" 2> "$TMP/disks.err"
rc=$?
check "disks: exit 1 because three disks cannot be repaired (got $rc)" test "$rc" -eq 1
jq_check "disks: JSON parses" -e '.schema == "winrescue-disks/1"' "$TMP/disks.json"
q() { jq_check "$1" -e "$2" "$TMP/disks.json"; }
q "BIOS disk: MBR with our signature" '.disks[0] | .table == "mbr" and .disk_signature == "5a1e7b2c"'
q "BIOS disk: System Reserved at 1 MiB, NTFS, labelled" '.disks[0].partitions[0] | .start == 1048576 and .size == 33554432 and .mbr_type == 7 and .filesystem == "ntfs" and .label == "System Reserved" and .role == "system-reserved"'
q "BIOS disk: Windows at 33 MiB" '.disks[0].partitions[1] | .start == 34603008 and .role == "windows" and .name == "'"$B"'#2"'
q "UEFI disk: GPT with our disk GUID" '.disks[1] | .table == "gpt" and .disk_guid == "{6b1f3c2a-9d4e-4c7b-8a51-2e0f5d9c3b71}"'
q "UEFI disk: ESP is FAT32 'SYSTEM', MSR has no filesystem" '.disks[1].partitions | (.[0] | .role == "efi" and .filesystem == "vfat" and .label == "SYSTEM" and .type_guid == "{c12a7328-f81f-11d2-ba4b-00a0c93ec93b}") and (.[1] | .role == "msr" and .filesystem == null)'
q "UEFI disk: Windows partition GUID" '.disks[1].partitions[2] | .role == "windows" and .guid == "{a3d58e12-6b0c-4f97-8e24-5c1b7d9f0e46}"'
q "three Windows installations, as libguestfs inspects them" '[.windows[] | select(.product == "Windows Server 2022 Datacenter" and .major == 10 and .minor == 0 and .arch == "x86_64" and .systemroot == "\\Windows")] | length == 3'
q "BCD stores where Windows keeps them" '[.files[] | select(.kind == "BCD") | .partition + " " + .path] == ["'"$B"'#1 \\Boot\\BCD", "'"$U"'#1 \\EFI\\Microsoft\\Boot\\BCD", "'"$K"'#1 \\Boot\\BCD", "'"$M"'#1 \\Boot\\BCD"]'
q "SYSTEM and SOFTWARE hives: clean, with their size" '[.files[] | select(.kind != "BCD" and .valid and (.dirty | not) and .size > 8192)] | length == 5'
q "the UEFI disk's SYSTEM: dirty, sequence numbers s + 1 and s" '[.files[] | select(.kind == "SYSTEM" and .dirty)] | length == 1 and (.[0] | .partition == "'"$U"'#3" and .sequence1 == .sequence2 + 1 and .checksum_ok)'
q "... its LOG1 holds entry s, hashes right, and recovers it at s" '.files[] | select(.kind == "SYSTEM" and .dirty) | .replayable and .sequence_after_replay == .sequence2 and (.logs | length == 1) and (.logs[0] | .name == "SYSTEM.LOG1" and .format == "HvLE" and .state == "used" and .entries == 1 and .first == .sequence and .pages == 2 and .why == "")'
q "the clean hives' logs: none, or none Windows would use" '[.files[] | select(.dirty | not) | select(.logs_newer or .replayable)] | length == 0'
q "BitLocker volume named as such" '.disks[3].partitions[1] | .role == "bitlocker" and .filesystem == "BitLocker"'
q "no partition table reported" '.disks[4] | .table == null and (.partitions | length == 0)'
q "the three problems, one line each" '.problems == ["'"$N"': no Windows installation and no BCD store on this disk", "'"$P"': no partition table on this disk", "'"$K"'#2: BitLocker-encrypted, and its metadata cannot be read"]'

# Launch 3: the same UEFI disk listed as text, beside a copy of the BIOS disk
# whose file name would retitle the terminal (OSC 2) and turn the text
# right to left (U+202E): every place that shows the name escapes it.
H=$TMP/$(printf 'host-\033]2;x\007-\342\200\256.img')
cp --sparse=always "$B" "$H"
# And a Windows with its SYSTEM hive but neither cmd.exe nor SOFTWARE.
"$W" disks "$U" "$H" "$Y" > "$TMP/disks-u.txt" 2>&1
RAW='[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c'
check "disks text: no raw control character from a disk's name" sh -c '! LC_ALL=C grep -aqP "$0" "$1"' "$RAW" "$TMP/disks-u.txt"
check "... the name shown escaped, its partitions too" grep -q 'host-\\x1b\]2;x\\x07-\\u202e\.img#2' "$TMP/disks-u.txt"
check "disks text: the dirty SYSTEM and its sequence numbers" grep -q "^  SYSTEM   $U#3: \\\\Windows\\\\System32\\\\config\\\\SYSTEM, [0-9.]* KiB, dirty (sequence numbers [0-9]* and [0-9]* differ)$" "$TMP/disks-u.txt"
check "disks text: its log, the entry it holds" grep -q '^           SYSTEM.LOG1: HvLE format, sequence [0-9]*: used (entry [0-9]*), 2 pages$' "$TMP/disks-u.txt"
check "disks text: what winrescue does with it" grep -q '^           its logs recover it (clean at [0-9]*): winrescue replays them before a repair$' "$TMP/disks-u.txt"
check "disks text: the clean BCD store says so" grep -q "^  BCD      $U#1: \\\\EFI\\\\Microsoft\\\\Boot\\\\BCD, .*, clean (sequence [0-9]*)$" "$TMP/disks-u.txt"
check "disks text: a Windows without cmd.exe and SOFTWARE, and why it has no name" grep -q "^  $Y#2: product unknown (no SOFTWARE hive), unknown, \\\\Windows$" "$TMP/disks-u.txt"
check "... its SYSTEM hive found" grep -q "^  SYSTEM   $Y#2: \\\\Windows\\\\System32\\\\config\\\\SYSTEM, [0-9.]* KiB, clean (sequence [0-9]*)$" "$TMP/disks-u.txt"

# Launch 4: the BCD repair checklist on the re-signed disk: device and
# osdevice rebuilt for signature c0ffee11, Safe Mode removed, one commit.
XDG_STATE_HOME=$TMP/state-r "$W" checklist run bcd-repair "$R" --yes > "$TMP/br.out" 2> "$TMP/br.err"
rc=$?
check "checklist bcd-repair DISK: exit 0 (got $rc: $(tail -1 "$TMP/br.err"))" test "$rc" -eq 0
check "bcd-repair: devices needed, the old disk named" grep -q "^ *{default} osdevice: partition=offset 34603008 (MBR disk 5a1e7b2c) \[not on the attached disks\] -> partition=$R#2 (Windows, ntfs, 67 MiB)$" "$TMP/br.out"
check "bcd-repair: the boot manager's boot device is right" grep -q '^ *{bootmgr} device: boot (as wanted)$' "$TMP/br.out"
check "bcd-repair: every repair step passed after the commit" sh -c "sed -n '/^After:\$/,\$p' '$TMP/br.out' | grep -A1 -e '^\[3/' -e '^\[4/' -e '^\[5/' | grep -c '^ *passed:' | grep -qx 3"
jq_check "bcd-repair: one commit journalled on the store's partition" -se 'map(select(.action != "intent")) | length == 1 and .[0].where.partition == "'"$R"'#1"' "$TMP/state-r/winrescue/journal.jsonl"

# Launch 5: BCD stores read from disks, devices named by partition.
"$W" bcd enum "$U" "$M" "$R" > "$TMP/bcd.out" 2> "$TMP/bcd.err"
rc=$?
check "bcd enum DISK: exit 3, a store points at a disk not attached (got $rc)" test "$rc" -eq 3
check "the UEFI loader's osdevice is the Windows partition" grep -q "^osdevice                partition=$U#3 (Windows, ntfs, 43 MiB)$" "$TMP/bcd.out"
check "the boot manager's device is the ESP" grep -q "^device                  partition=$U#1 (EFI system, vfat, 40 MiB)$" "$TMP/bcd.out"
check "the demo loader is stuck in Safe Mode" grep -q '^safeboot                Minimal$' "$TMP/bcd.out"
check "a device on a disk not attached is marked" grep -q '^osdevice                partition=offset 34603008 (MBR disk 5a1e7b2c) \[not on the attached disks\]$' "$TMP/bcd.out"
check "... and warned about, naming the store and the element" grep -q "^winrescue: $M#1 \\\\Boot\\\\BCD: warning: {3f0b9a52-7c1d-11ee-b962-0242ac120002} osdevice points at no partition on the attached disks$" "$TMP/bcd.err"
check "the re-signed disk's loader now boots its own Windows partition" sh -c "awk 'index(\$0, \"BCD store $R#1\") == 1 { r = 1 } r' '$TMP/bcd.out' | grep -q '^osdevice                partition=$R#2 (Windows, ntfs, 67 MiB)$'"
check "... and is no longer warned about" sh -c "! grep -q '$R' '$TMP/bcd.err'"
check "appliance progress never reaches stdout" sh -c "! grep -q -e 'appliance' -e 'TCG' '$TMP/bcd.out'"

# Launches 6 and 7: the article's repairs on the UEFI disk, committed through
# the appliance, then rolled back from the journal kept on the disk.  Its
# SYSTEM hive is recovered from its log first: crashdump sees the 0 that only
# the log holds, and the log is backed up with the hive.
J=$TMP/state/winrescue/journal.jsonl
XDG_STATE_HOME=$TMP/state "$W" repair safeboot serial crashdump "$U" --yes > "$TMP/repair.out" 2> "$TMP/repair.err"
rc=$?
check "repair DISK: exit 0 (got $rc: $(tail -1 "$TMP/repair.err"))" test "$rc" -eq 0
check "repair DISK: the loader was in Safe Mode" grep -q '^safeboot: needed ('"$U"'#1 \\EFI\\Microsoft\\Boot\\BCD)$' "$TMP/repair.out"
check "repair DISK: the bcdedit command for the store on the ESP" grep -q '^  bcdedit /store "\\EFI\\Microsoft\\Boot\\BCD" /deletevalue {default} safeboot$' "$TMP/repair.out"
check "repair DISK: REG ADD for the SYSTEM hive" grep -q '^  REG ADD "HKLM\\BROKENSYSTEM\\ControlSet001\\Control\\CrashControl" /v NMICrashDump /t REG_DWORD /d 1 /f$' "$TMP/repair.out"
check "repair DISK: the dirty SYSTEM hive recovered from its log" grep -q "^$U#3 \\\\Windows\\\\System32\\\\config\\\\SYSTEM was dirty (sequence [0-9]* and [0-9]*): its logs were replayed (2 pages, now clean at [0-9]*); a commit writes the recovered hive$" "$TMP/repair.out"
check "repair DISK: crashdump sees the value only the log held" grep -q '^  ControlSet001\\Control\\CrashControl CrashDumpEnabled: REG_DWORD 0x0 (0) -> REG_DWORD 0x1 (1)$' "$TMP/repair.out"
jq_check "repair DISK: SYSTEM.LOG1 backed up beside it, journalled" -se 'map(select(.action != "intent")) | .[1].logs | length == 1 and (.[0] | .name == "SYSTEM.LOG1" and (.sha256 | length == 64) and (.backup | test("^\\\\Windows\\\\System32\\\\config\\\\SYSTEM\\.LOG1\\.winrescue-[0-9T]+Z\\.bak$")))' "$J"
check "repair DISK: all three verified after the commit" sh -c "grep -q '^safeboot: done$' '$TMP/repair.out' && grep -q '^serial: done$' '$TMP/repair.out' && grep -q '^crashdump: done$' '$TMP/repair.out'"
jq_check "repair DISK: two hives journalled on the host, one commit" -se 'map(select(.action != "intent")) | length == 2 and (map(.id) | unique | length == 1) and (map(.where.partition) == ["'"$U"'#1", "'"$U"'#3"])' "$J"
jq_check "repair DISK: each hive's intent journalled before its commit, under its id" -se '[.[] | select(.action == "intent")] as $i | [.[] | select(.action == "commit")] as $c | ($i | length) == 2 and ($i | map(.id)) == ($c | map(.id)) and ($i | map(.sha256_after)) == ($c | map(.sha256_after))' "$J"
jq_check "repair DISK: backups beside the hives" -se 'map(select(.action != "intent")) | .[0].backup | test("^\\\\EFI\\\\Microsoft\\\\Boot\\\\BCD\\.winrescue-[0-9T]+Z\\.bak$")' "$J"
XDG_STATE_HOME=$TMP/state "$W" undo "$U" --yes > "$TMP/undo.out" 2> "$TMP/undo.err"
rc=$?
check "undo DISK: exit 0 (got $rc: $(tail -1 "$TMP/undo.err"))" test "$rc" -eq 0
jq_check "undo DISK: both hives rolled back to their original SHA-256" -se 'map(select(.action != "intent")) | (.[0].sha256_before == .[3].sha256_after or .[0].sha256_before == .[2].sha256_after) and (.[1].sha256_before == .[2].sha256_after or .[1].sha256_before == .[3].sha256_after) and .[2].action == "rollback" and .[3].action == "rollback"' "$J"

# Launch 8: a repair where the partition has no room for the backups and the
# new file is refused before anything is written: the image keeps every byte.
s0=$(sha256sum < "$X")
XDG_STATE_HOME=$TMP/state-x "$W" repair crashdump "$X" --yes > "$TMP/full.out" 2> "$TMP/full.err"
rc=$?
check "full partition: refused (rc=$rc)" test "$rc" -eq 1
check "full partition: one line, the room there is and the room needed" sh -c "test \$(grep -vc 'software emulation (TCG)' '$TMP/full.err') -eq 1 && grep -q '^winrescue: .*full.img#3 .*SYSTEM: [0-9.]* KiB free, and writing needs [0-9.]* [KM]iB (the backups and the new file); nothing was written\$' '$TMP/full.err'"
check "full partition: the image is byte-identical" test "$(sha256sum < "$X")" = "$s0"

# Launch 11: diagnose on disks, everything in one launch: the BIOS disk, a
# copy of it (the same MBR signature: the classic "device unknown" after a
# rescue VM), the Windows that has only its SYSTEM hive, and the disk whose
# store is no hive (launch 12 rebuilds it).
C=$TMP/bios-copy.img
cp --sparse=always "$B" "$C"
s0=$(cat "$B" "$C" "$Y" "$Z" "$V" | sha256sum)
XDG_STATE_HOME=$TMP/state-d "$W" diagnose "$B" "$C" "$Y" "$Z" "$V" --json > "$TMP/diag.json" 2> "$TMP/diag.err"
rc=$?
check "diagnose DISK...: exit 3 (got $rc)" test "$rc" -eq 3
jq_check "diagnose: every store and hive of the five disks read (5 stores, 5 SYSTEM, 4 SOFTWARE)" -e '[.findings[], .fine[], .unchecked[] | .hive] | unique | (map(select(endswith("\\BCD"))) | length == 5) and (map(select(endswith("\\SYSTEM"))) | length == 5) and (map(select(endswith("\\SOFTWARE"))) | length == 4)' "$TMP/diag.json"
jq_check "diagnose: the deleted store, on the active partition, blocks-boot, fixed by rebuild" -e --arg v "$V#1 \\Boot\\BCD" '[.findings[] | select(.hive == $v)] | length == 1 and (.[0] | .id == "bcd.store" and .severity == "blocks-boot" and .evidence == ["the store cannot be read: it is not there"] and .repair == "rebuild")' "$TMP/diag.json"
jq_check "diagnose: the store that is no hive, blocks-boot, what to do: rebuild" -e --arg z "$Z#1 " '[.findings[] | select(.hive | startswith($z))] | length == 1 and (.[0] | .id == "bcd.store" and .severity == "blocks-boot" and (.evidence[0] | startswith("the store cannot be read: it does not start as a registry hive does")) and .repair == "rebuild" and (.fix | startswith("winrescue repair rebuild ")))' "$TMP/diag.json"
jq_check "diagnose: ... its other checks not run, and why" -e --arg z "$Z#1 " '[.unchecked[] | select(.hive | startswith($z)) | .why] | length > 5 and all(. == "the store cannot be read")' "$TMP/diag.json"
check "... and says the SOFTWARE hive it lacks, on stderr (stdout is JSON)" grep -q "^winrescue: $Y#2 .*SYSTEM: no SOFTWARE hive beside it" "$TMP/diag.err"
jq_check "diagnose: the copied disk's signature, blocks-boot, both disks named" -e --arg b "$B" --arg c "$C" '[.findings[] | select(.id == "bcd.duplicate-disk")][0] | .severity == "blocks-boot" and (.evidence | map(select(contains($b) and contains($c))) | length > 0)' "$TMP/diag.json"
jq_check "diagnose: each loader's winload and \\Windows found on the disk" -e --arg b "$B#" --arg c "$C#" --arg y "$Y#" '[.fine[] | select(.id == "bcd.loader-files" and (.hive | startswith($b) or startswith($c) or startswith($y)))] | length == 3' "$TMP/diag.json"
jq_check "diagnose: ... the readable BIOS stores pass the active check (partition 1 active)" -e --arg b "$B#1 " --arg c "$C#1 " --arg y "$Y#1 " '[.fine[] | select(.id == "bcd.active") | .hive] as $p | [$b, $c, $y] | all(. as $d | $p | any(startswith($d)))' "$TMP/diag.json"
jq_check "diagnose: the SYSTEM hive of the Windows without SOFTWARE is checked" -e --arg y "$Y#2 " '[.findings[], .fine[] | select(.id == "system.rdp" and (.hive | startswith($y)))] | length == 1' "$TMP/diag.json"
check "diagnose: read-only, the images byte-identical" test "$(cat "$B" "$C" "$Y" "$Z" "$V" | sha256sum)" = "$s0"

# Launch 12: rebuild on two disks at once, as bcdboot on each: the one whose
# store is 16 KiB of bytes that are no hive (a new store in its place) and
# the one whose store was deleted (a new store made on its active
# partition), each checked after the commit with every check of the store.
# As bcdboot, the first new store begins from its Windows' own
# System32\config\BCD-Template (mkdisk gives it one: {dbgsettings} as
# Windows 7 has it), the second, whose Windows has none, begins empty.
# Launch 13 undoes both.
BADSTORE_SHA256=fca79afabbe1410d0a8db09ce317ecc45a49c9ea12c9151a9cbe3cc4b22b6fde
JR=$TMP/state-z/winrescue/journal.jsonl
XDG_STATE_HOME=$TMP/state-z "$W" repair rebuild "$Z" "$V" --yes > "$TMP/rebuild.out" 2> "$TMP/rebuild.err"
rc=$?
check "rebuild an unreadable and a deleted store: exit 0 (got $rc: $(tail -1 "$TMP/rebuild.err"))" test "$rc" -eq 0
check "... says why the one cannot be read, and that its Windows' BCD-Template stands in for it" grep -q "^$Z#1 \\\\Boot\\\\BCD cannot be read (it does not start as a registry hive does): a new store, from $Z#2 \\\\Windows\\\\System32\\\\config\\\\BCD-Template, stands in for it; only repair rebuild writes one there, keeping the old file as a backup.\$" "$TMP/rebuild.out"
check "... and for the other, with no template, a new, empty store" grep -q "^$V#1 \\\\Boot\\\\BCD is not there: a new, empty store stands in for it; only repair rebuild writes one there.\$" "$TMP/rebuild.out"
# The transaction of DISK's store: the diff lists them in the order the
# checks before it say "rebuild: needed (DISK#...".
txn_of() {
	k=$(grep '^rebuild: needed (' "$TMP/rebuild.out" | grep -n "($1#" | cut -d: -f1)
	awk -v k="${k:-0}" '/^Transaction rebuild:/ { n++ } n == k' "$TMP/rebuild.out"
}
txn_of "$Z" > "$TMP/rebuild-z.txn"
txn_of "$V" > "$TMP/rebuild-v.txn"
check "... the one begun from the template: {bootmgr} made, no settings object made, {dbgsettings} as the template has it" sh -c "grep -qx '  bcdedit /store \"\\\\Boot\\\\BCD\" /create {bootmgr}' '$TMP/rebuild-z.txn' && ! grep -Eq '/create \{[a-z]*settings\}|/set \{dbgsettings\}' '$TMP/rebuild-z.txn'"
check "... the one begun empty: {dbgsettings} made with winrescue's own debugtype local" sh -c "grep -qx '  bcdedit /store \"\\\\Boot\\\\BCD\" /create {dbgsettings}' '$TMP/rebuild-v.txn' && grep -qx '  bcdedit /store \"\\\\Boot\\\\BCD\" /set {dbgsettings} debugtype local' '$TMP/rebuild-v.txn'"
check "... and that a new one replaces it whole, the old kept" grep -qx '  the store cannot be read (it does not start as a registry hive does): a new one replaces the file whole, the old file kept as a backup' "$TMP/rebuild.out"
check "... that there is none on the other, and one is made" sh -c "grep -qx '  there is no store: a new one is made there' '$TMP/rebuild.out' && grep -q '^$V#1 \\\\Boot\\\\BCD: made and checked (sha256 [0-9a-f]*\.\.\.)\$' '$TMP/rebuild.out'"
check "... a new loader for each Windows on partition 2" sh -c "grep -q '^  Windows Server 2022 Datacenter \\\\Windows: $Z#2 (Windows, ntfs, 67 MiB), a new loader\$' '$TMP/rebuild.out' && grep -q '^  Windows Server 2022 Datacenter \\\\Windows: $V#2 (Windows, ntfs, 67 MiB), a new loader\$' '$TMP/rebuild.out'"
check "... {bootmgr} made as on BIOS: device boot, no path" sh -c "grep -qx '  bcdedit /store \"\\\\Boot\\\\BCD\" /create {bootmgr}' '$TMP/rebuild-v.txn' && grep -qx '  bcdedit /store \"\\\\Boot\\\\BCD\" /set {bootmgr} device boot' '$TMP/rebuild-v.txn' && ! grep -q '/set {bootmgr} path' '$TMP/rebuild-v.txn' '$TMP/rebuild-z.txn'"
check "... an object list on one line, as bcdedit takes it" grep -qx '  bcdedit /store "\\Boot\\BCD" /set {globalsettings} inherit {dbgsettings} {emssettings} {badmemory}' "$TMP/rebuild.out"
check "... checked again after the commit" grep -qx 'rebuild: done' "$TMP/rebuild.out"
check "... and both new stores pass every check: devices, loader files, default, menu, boot files" sh -c "grep -qx 'rebuild: $Z#1 .Boot.BCD passes every check: safeboot, devices, bootmenu, badmemory, debugflags, imc, bootmgr, default, displayorder, duplicate-disk, loader-files, store, loaders, boot-files, active' '$TMP/rebuild.out' && grep -qx 'rebuild: $V#1 .Boot.BCD passes every check: safeboot, devices, bootmenu, badmemory, debugflags, imc, bootmgr, default, displayorder, duplicate-disk, loader-files, store, loaders, boot-files, active' '$TMP/rebuild.out'"
jq_check "... journalled: one commit, the junk replaced, the other store made where there was none" -se --arg old "$BADSTORE_SHA256" --arg z "$Z" --arg v "$V" 'map(select(.action == "commit")) | (map(.part_of // .id) | unique | length == 1) and (map(select(.boot_file == null and (.where.disk == $z or .where.disk == $v))) | length == 2 and (.[0] | .replaced == true and .sha256_before == $old) and (.[1] | .created == true and .sha256_before == "" and .backup == ""))' "$JR"
check "... nothing copied where the files are as Windows\\Boot has them" sh -c "! grep -q '^  copy .*\\($Z\\|$V\\)#' '$TMP/rebuild.out'"

# Launch 13: undo puts the bytes that were no hive back as they were, and
# removes the store made where there was none.
XDG_STATE_HOME=$TMP/state-z "$W" undo "$Z" "$V" --yes > "$TMP/unrebuild.out" 2> "$TMP/unrebuild.err"
rc=$?
check "undo the rebuild: exit 0 (got $rc: $(tail -1 "$TMP/unrebuild.err"))" test "$rc" -eq 0
check "... says the made store is removed" grep -q "^$V#1 \\\\Boot\\\\BCD: rolled back commit .* (rebuild); the store it made is removed\$" "$TMP/unrebuild.out"
jq_check "... the junk's SHA-256 back, the made store gone" -se --arg old "$BADSTORE_SHA256" --arg z "$Z" --arg v "$V" 'map(select(.action == "rollback" and .boot_file == null and (.where.disk == $z or .where.disk == $v))) | length == 2 and (map(.sha256_after) | sort) == ["", $old]' "$JR"
jq_check "... both back to their SHA-256 before the rebuild" -se '(map(select(.action == "commit"))) as $c | (map(select(.action == "rollback"))) as $r | ($c | length == 2) and all($c[]; . as $k | any($r[]; .rolls_back == $k.id and .sha256_after == $k.sha256_before))' "$JR"

# Launch 9's checks: the demo, built on first use in the cache and shown at once.
wait "$demo_pid"
rc=$(cat "$TMP/demo.rc")
check "--demo: exit 0 (got $rc)" test "$rc" -eq 0
check "--demo: the image is cached, sparse, 100 MB" sh -c "test \$(stat -c %s '$D') -eq 104857600 && test \$(du -k '$D' | cut -f1) -lt 20000"
check "--demo: says it built it" grep -q "building the demo disk $D" "$TMP/demo.err"
check "--demo: the older editions' images are gone" sh -c "test ! -e '$TMP/cache/winrescue/demo-safemode.img' && test ! -e '$TMP/cache/winrescue/demo-2'"
check "--demo: Windows found" grep -q "^  $D#2: Windows Server 2022 Datacenter 10.0, x86_64, \\\\Windows$" "$TMP/demo.out"
check "--demo: its loader boots into Safe Mode" grep -q '^safeboot                Minimal$' "$TMP/demo.out"
check "--demo: devices named by partition" grep -q "^osdevice                partition=$D#2 (Windows, ntfs, 67 MiB)$" "$TMP/demo.out"
# Launch 10's checks: the console on the demo disk, headless.  The screen is
# up while the appliance starts; the panes fill in when the disk is read.
rc=$(cat "$TMP/con.rc")
check "console --demo: exit 0 (got $rc: $(tail -1 "$TMP/con.err"))" test "$rc" -eq 0
check "console: usable before the appliance is up" grep -q 'Starting the appliance' "$TMP/con-early.txt"
check "console: partitions with their roles" sh -c "grep -q '#1 System Reserved' '$TMP/con-loaded.txt' && grep -q '#2 Windows, ntfs' '$TMP/con-loaded.txt'"
check "console: the store's devices named by partition" grep -q "partition=$D#2" "$TMP/con-loaded.txt"
check "console: the demo loader's safeboot Minimal" grep -q '|safeboot                Minimal' "$TMP/con-elements.txt"
# Launch 14's checks: the script wrote, as one transaction, every byte
# repair serial crashdump writes on the same hives as files (the demo's,
# made by the same code): the journals' edits, before and after, match.
rc=$(cat "$TMP/seed.rc")
check "script --disk DEMO: exit 0 (got $rc: $(tail -1 "$TMP/seed.err"))" test "$rc" -eq 0
check "... the store path is System Reserved's store, the windows path the Windows partition" sh -c "grep -q '^$DS#1 \\\\Boot\\\\BCD: written and checked' '$TMP/seed.out' && grep -q '^$DS#2 \\\\Windows\\\\System32\\\\config\\\\SYSTEM: written and checked' '$TMP/seed.out'"
"$MKSTORE" safeboot-minimal "$TMP/demo-BCD" && "$MKSTORE" system "$TMP/demo-SYSTEM" &&
	XDG_STATE_HOME=$TMP/state-seed-files "$W" repair serial crashdump --store "$TMP/demo-BCD" --system "$TMP/demo-SYSTEM" --yes > "$TMP/seed-repair.out" 2>&1
check "repair serial crashdump on the demo's hives as files" test $? -eq 0
edits='[.[] | select(.action == "commit") | {kind, edits: (.edits | map({op, key, name, before, after}) | sort)}] | sort_by(.kind)'
have jq "the same edits" && jq -S -s "$edits" "$TMP/state-seed/winrescue/journal.jsonl" > "$TMP/seed-edits.json" &&
	jq -S -s "$edits" "$TMP/state-seed-files/winrescue/journal.jsonl" > "$TMP/repair-edits.json" &&
	same "... the script's edits are the repairs' own, byte for byte" "$TMP/repair-edits.json" "$TMP/seed-edits.json"
jq_check "... 15 edits in the store and SYSTEM" -e '(.[0].edits | length) + (.[1].edits | length) == 15' "$TMP/seed-edits.json"
jq_check "... one transaction, named script, marked weakening security (EMS) in both records" -se '[.[] | select(.action == "commit") | .transactions] | length == 2 and all(length == 1 and .[0].name == "script" and .[0].weakens_security)' "$TMP/state-seed/winrescue/journal.jsonl"

done_testing
