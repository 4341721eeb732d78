#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# repair rebuild through the libguestfs appliance, on images our own code
# builds: every fault it mends, on BIOS and UEFI disks, found by diagnose,
# rebuilt and undone byte for byte.  Five launches; it runs beside
# t-appliance.sh (on the other core where there is one).
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
G=$TMP/nobootmgr.img F=$TMP/nobootmgfw.img A=$TMP/noactive.img
# The store faults rebuild mends, on BIOS and UEFI disks (mkdisk-faults.h),
# each with the finding diagnose gives for it (no {bootmgr} is on G and F);
# the emptied store is the real bcdedit /createstore one from the fixtures.
# Made in launch 2, diagnosed in 3, rebuilt in 4 and undone in 5 with G, F
# and A.
MATRIX='bios-truncstore:store uefi-truncstore:store uefi-badstore:store uefi-nostore:store
bios-noloader:loaders uefi-noloader:loaders'
[ -e "${WINRESCUE_FIXTURES:-/nonexistent}/bcd-empty-createstore-go-bcdedit.hive" ] &&
	MATRIX="$MATRIX bios-emptystore:loaders uefi-emptystore:loaders"
MATRIX_KINDS= MATRIX_FILES=
for m in $MATRIX; do
	MATRIX_KINDS="$MATRIX_KINDS ${m%%:*} $TMP/m-${m%%:*}.img"
	MATRIX_FILES="$MATRIX_FILES $TMP/m-${m%%:*}.img"
done


# Launch 1: a clean BIOS and a clean UEFI disk, built once.
"$MKDISK" bios-clean "$TMP/base-bios.img" uefi-clean "$TMP/base-uefi.img" > "$TMP/mkdisk.out" 2> "$TMP/mkdisk.err" ||
	bail "mkdisk failed: $(cat "$TMP/mkdisk.err")"
# Launch 2: the disks a rebuild mends are copies of a clean BIOS and a clean
# UEFI disk, each given its fault (and an identity of its own) in one launch:
# copying costs nothing, building half a minute each under TCG.
for d in "$G" "$A" "$F" $MATRIX_FILES; do
	case $d in "$F" | *uefi-*) base=$TMP/base-uefi.img ;; *) base=$TMP/base-bios.img ;; esac
	cp --sparse=always "$base" "$d"
done
XDG_STATE_HOME=$TMP/state-m "$MKDISK" --spoil-only nobootmgr "$G" noactive "$A" nobootmgfw "$F" $MATRIX_KINDS > "$TMP/spoil.out" 2> "$TMP/spoil.err" ||
	bail "mkdisk --spoil-only failed: $(cat "$TMP/spoil.err")"

# Launch 3: diagnose finds every fault, each disk's alone, and writes nothing.
s0=$(cat "$G" "$F" "$A" $MATRIX_FILES | sha256sum)
XDG_STATE_HOME=$TMP/state-d "$W" diagnose "$G" "$F" "$A" $MATRIX_FILES --json > "$TMP/diag.json" 2> "$TMP/diag.err"
rc=$?
check "diagnose DISK...: exit 3 (got $rc)" test "$rc" -eq 3
jq_check "diagnose: the deleted bootmgr, blocks-boot, fixed by rebuild" -e --arg g "$G#1 \\Boot\\BCD" --arg e "\\bootmgr: missing on $G#1 (System Reserved (boot), ntfs, 32 MiB)" '[.findings[] | select(.hive == $g and .id == "bcd.boot-files")] | length == 1 and (.[0] | .id == "bcd.boot-files" and .severity == "blocks-boot" and .repair == "rebuild" and any(.evidence[]; . == $e))' "$TMP/diag.json"
jq_check "diagnose: the deleted bootmgfw.efi and fallback, blocks-boot, fixed by rebuild" -e --arg f "$F#1 \\EFI\\Microsoft\\Boot\\BCD" --arg m "\\EFI\\Microsoft\\Boot\\bootmgfw.efi: missing on $F#1 (" --arg x "\\EFI\\Boot\\bootx64.efi: missing on $F#1 (" '[.findings[] | select(.hive == $f and .id == "bcd.boot-files")] | length == 1 and (.[0] | .id == "bcd.boot-files" and .severity == "blocks-boot" and .repair == "rebuild" and any(.evidence[]; startswith($m)) and any(.evidence[]; startswith($x)))' "$TMP/diag.json"
jq_check "diagnose: no partition active, blocks-boot, both named, fixed by rebuild" -e --arg a "$A" '[.findings[] | select(.id == "bcd.active")] | length == 1 and (.[0] | .hive == $a + "#1 \\Boot\\BCD" and .severity == "blocks-boot" and .repair == "rebuild" and .evidence == ["the store'"'"'s partition " + $a + "#1 (System Reserved (boot), ntfs, 32 MiB) is not active", "no partition of " + $a + " is active: BIOS finds nothing to start"])' "$TMP/diag.json"
jq_check "diagnose: and their stores without {bootmgr}, blocks-boot" -e --arg g "$G#1 \\Boot\\BCD" --arg f "$F#1 \\EFI\\Microsoft\\Boot\\BCD" '[.findings[] | select((.hive == $g or .hive == $f) and .id == "bcd.bootmgr" and .severity == "blocks-boot")] | length == 2' "$TMP/diag.json"
jq_check "diagnose: ... the other readable stores pass it (BIOS with partition 1 active, and UEFI)" -e --arg g "$G#1 " --arg f "$F#1 " '[.fine[] | select(.id == "bcd.active") | .hive] as $p | [$g, $f] | all(. as $d | $p | any(startswith($d)))' "$TMP/diag.json"
for m in $MATRIX; do
	jq_check "diagnose: ${m%%:*}: bcd.${m#*:}, blocks-boot" -e --arg d "$TMP/m-${m%%:*}.img#" --arg id "bcd.${m#*:}" '[.findings[] | select((.hive | startswith($d)) and .id == $id and .severity == "blocks-boot")] | length == 1' "$TMP/diag.json"
done
check "diagnose: read-only, the images byte-identical" test "$(cat "$G" "$F" "$A" $MATRIX_FILES | sha256sum)" = "$s0"

# Launch 4: one rebuild on them all, as bcdboot on each store: the boot files
# copied where missing or different, the active flag set, every store
# checked after the commit with all its checks.  Launch 5 undoes it all.
JR=$TMP/state-z/winrescue/journal.jsonl
a_mbr=$(head -c 512 "$A" | sha256sum)
XDG_STATE_HOME=$TMP/state-z "$W" repair rebuild "$G" "$F" "$A" $MATRIX_FILES --yes > "$TMP/rebuild.out" 2> "$TMP/rebuild.err"
rc=$?
check "rebuild: exit 0 (got $rc: $(tail -1 "$TMP/rebuild.err"))" test "$rc" -eq 0
check "... checked again after the commit" grep -qx 'rebuild: done' "$TMP/rebuild.out"
check "... the boot files copied where missing: bootmgr on BIOS, bootmgfw.efi and the fallback on UEFI" sh -c "grep -q '^$G#1 \\\\bootmgr: copied from $G#2 \\\\Windows\\\\Boot\\\\PCAT\\\\bootmgr and checked (sha256 [0-9a-f]\{16\}\.\.\.)\$' '$TMP/rebuild.out' && grep -q '^$F#1 \\\\EFI\\\\Microsoft\\\\Boot\\\\bootmgfw.efi: copied from $F#3 \\\\Windows\\\\Boot\\\\EFI\\\\bootmgfw.efi and checked' '$TMP/rebuild.out' && grep -q '^$F#1 \\\\EFI\\\\Boot\\\\bootx64.efi: copied from $F#3 \\\\Windows\\\\Boot\\\\EFI\\\\bootmgfw.efi and checked' '$TMP/rebuild.out'"
check "... and the one that differs replaced, its backup beside it" grep -q "^$G#1 \\\\Boot\\\\Fonts\\\\segmono_boot.ttf: replaced by $G#2 \\\\Windows\\\\Boot\\\\Fonts\\\\segmono_boot.ttf and checked (sha256 [0-9a-f]\{16\}\.\.\. -> [0-9a-f]\{16\}\.\.\.); backup \\\\Boot\\\\Fonts\\\\segmono_boot.ttf.winrescue-[0-9T]*Z.bak, and " "$TMP/rebuild.out"
check "... the diff lists each copy as a command" sh -c "grep -qx '  copy \"$G#2 \\\\Windows\\\\Boot\\\\PCAT\\\\bootmgr\" \"$G#1 \\\\bootmgr\"' '$TMP/rebuild.out' && grep -qx '      $F#1 \\\\EFI\\\\Boot\\\\bootx64.efi: (missing) -> sha256 [0-9a-f]\{16\}\.\.\. (55 B)' '$TMP/rebuild.out'"
check "... and the two stores beside them pass every check after" sh -c "grep -q '^rebuild: $G#1 .Boot.BCD passes every check: .*, boot-files, active\$' '$TMP/rebuild.out' && grep -q '^rebuild: $F#1 .EFI.Microsoft.Boot.BCD passes every check: .*, boot-files, active\$' '$TMP/rebuild.out'"
for m in $MATRIX; do
	check "... ${m%%:*}: its store passes every check after" grep -q "^rebuild: $TMP/m-${m%%:*}.img#1 .* passes every check: " "$TMP/rebuild.out"
done
check "... the disk with no active partition: its store's partition made active, as diskpart's active" sh -c "grep -qx '  diskpart: select disk \"$A\", select partition 1, active' '$TMP/rebuild.out' && grep -q '^$A#1: made the active partition and checked (the first sector: sha256 [0-9a-f]\{16\}\.\.\. -> [0-9a-f]\{16\}\.\.\., the old one in the journal)\$' '$TMP/rebuild.out' && grep -q '^rebuild: $A#1 .Boot.BCD passes every check: .*, active\$' '$TMP/rebuild.out'"
check "... its first partition entry's boot flag now 0x80, the second's 00, on the image" test "$(od -An -tx1 -j446 -N17 "$A" | tr -d ' \n')" = "80$(od -An -tx1 -j447 -N15 "$A" | tr -d ' \n')00"
jq_check "... the first sector as it was kept in the journal" -se --arg a "$A" 'map(select(.action == "commit" and .mbr_before != null)) | length == 1 and (.[0] | .where.disk == $a and (.mbr_before | length == 1024) and (.mbr_before[892:894] == "00") and .part_of != null)' "$JR"
jq_check "... each copy journalled beside its store, part of the one commit, its SHA-256 before and after" -se --arg g "$G" --arg f "$F" 'map(select(.action == "commit" and .boot_file != null)) | length == 4 and (map(.boot_file) | sort) == ["\\Boot\\Fonts\\segmono_boot.ttf", "\\EFI\\Boot\\bootx64.efi", "\\EFI\\Microsoft\\Boot\\bootmgfw.efi", "\\bootmgr"] and all(.[]; (.sha256_after | length == 64) and (.part_of | length > 0)) and (map(select(.created == true)) | length == 3) and (map(select(.boot_file == "\\Boot\\Fonts\\segmono_boot.ttf"))[0] | .sha256_before != .sha256_after and (.backup | startswith("\\Boot\\Fonts\\segmono_boot.ttf.winrescue-")))' "$JR"
jq_check "... journalled: one commit, every record part of it" -se 'map(select(.action == "commit")) | map(.part_of // .id) | unique | length == 1' "$JR"

# Launch 5: undo puts every file, store and sector back.
XDG_STATE_HOME=$TMP/state-z "$W" undo "$G" "$F" "$A" $MATRIX_FILES --yes > "$TMP/unrebuild.out" 2> "$TMP/unrebuild.err"
rc=$?
check "undo the rebuild: exit 0 (got $rc: $(tail -1 "$TMP/unrebuild.err"))" test "$rc" -eq 0
check "... the copied boot files removed, the replaced one put back" sh -c "grep -q '^$G#1 \\\\bootmgr: rolled back commit .* (rebuild); the file it copied is removed\$' '$TMP/unrebuild.out' && grep -q '^$F#1 \\\\EFI\\\\Boot\\\\bootx64.efi: rolled back commit .* (rebuild); the file it copied is removed\$' '$TMP/unrebuild.out' && grep -q '^$G#1 \\\\Boot\\\\Fonts\\\\segmono_boot.ttf: rolled back commit .* (rebuild); the replaced file is kept as ' '$TMP/unrebuild.out'"
check "... the first sector of the disk with no active partition byte for byte as before the rebuild" test "$(head -c 512 "$A" | sha256sum)" = "$a_mbr"
check "... its first sector is as it was, it says" grep -q "^$A: rolled back commit .* (rebuild); its first sector is as it was\$" "$TMP/unrebuild.out"
jq_check "... everything the rebuild wrote ($(( 8 + $(echo $MATRIX | wc -w) )): the stores, 4 boot files, a first sector) back to its SHA-256 before it" -se --argjson n "$(( 8 + $(echo $MATRIX | wc -w) ))" '(map(select(.action == "commit"))) as $c | (map(select(.action == "rollback"))) as $r | ($c | length == $n) and all($c[]; . as $k | any($r[]; .rolls_back == $k.id and .sha256_after == $k.sha256_before and .boot_file == $k.boot_file))' "$JR"
done_testing
