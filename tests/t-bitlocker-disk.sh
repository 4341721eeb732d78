#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Disks whose Windows partition is a real BitLocker volume made by Windows
# (the cryptsetup project's test images): opened with a recovery password,
# a password or a .BEK startup key by cryptsetup inside the appliance,
# listed, repaired, read again, undone; and the volumes that cannot be
# opened.  Nine launches: the build, then one for each command.
. "${srcdir:-.}/tests/lib.sh"

if [ "${WINRESCUE_SKIP_APPLIANCE:-}" = 1 ]; then
	echo "1..0 # SKIP WINRESCUE_SKIP_APPLIANCE=1"; exit 0
fi
ls /boot/vmlinuz-* > /dev/null 2>&1 || { echo "1..0 # SKIP no kernel for the appliance (install linux-image-amd64)"; exit 0; }
ARCHIVE=${WINRESCUE_BITLOCKER_FIXTURES:-/nonexistent}/bitlk-images.tar.xz
[ -r "$ARCHIVE" ] || { echo "1..0 # SKIP no BitLocker images ($ARCHIVE)"; exit 0; }
tar xJf "$ARCHIVE" -C "$TMP" || bail "cannot unpack $ARCHIVE"
I=$TMP/bitlk-images
conf() { # conf IMAGE KEY: a value of images.conf
	awk -v s="[$1]" -v k="$2" '$0 == s { f = 1; next } /^\[/ { f = 0 }
		f && index($0, k "=") == 1 { print substr($0, length(k) + 2); exit }' "$I/images.conf"
}
W=$WINRESCUE
BEK=$I/4381F759-C4F8-4DE0-BB61-FC33A831BDA5.BEK
# The disks: M (XTS-AES 128) is repaired and undone, K (the startup key)
# repaired; the others each a method or sector size, opened and read; P
# (partially encrypted) and S (smart card and recovery password) are
# copied in as they are.
M=$TMP/m.img K=$TMP/k.img IN=$TMP/inside.img P=$TMP/partial.img S=$TMP/smartcard.img
OTHERS="aes-cbc-128 aes-cbc-256 aes-cbc-elephant-128 aes-xts-128-4k"
RP_M=$(conf bitlk-aes-xts-128 RP) GUID_M=$(conf bitlk-aes-xts-128 GUID)
# id IMAGE: its volume's GUID as Windows and winrescue's messages show it.
id() { echo "{$(conf "$1" GUID | tr a-f A-F)}"; }
kinds="blbios=$I/bitlk-aes-xts-128.img $M blbios=$I/bitlk-aes-xts-128-startup-key.img $K"
kinds="$kinds blinside=$I/bitlk-aes-xts-256.img $IN"
keys="--key $M#2:key:$RP_M --key $K#2:file:$BEK --key $IN#2:key:anaconda"
others=
for o in $OTHERS; do
	kinds="$kinds blbios=$I/bitlk-$o.img $TMP/$o.img"
	# Some by their recovery password without its dashes, as read aloud.
	case $o in *256*) k=$(conf "bitlk-$o" RP | tr -d -) ;; *) k=anaconda ;; esac
	keys="$keys --key $TMP/$o.img#2:key:$k"
	others="$others $TMP/$o.img"
done
kinds="$kinds blraw=$I/bitlk-partially-encrypted-aes-cbc-128.img $P"
kinds="$kinds blraw=$I/bitlk-aes-xts-128-smart-card.img $S"

# Launch 1: the disks, their NTFS and the demo Windows made inside the
# opened volumes, the Safe Mode store on System Reserved (inside for IN).
# shellcheck disable=SC2086
XDG_STATE_HOME=$TMP/state-b "$MKDISK" --safeboot $keys $kinds > "$TMP/mkdisk.out" 2> "$TMP/mkdisk.err" ||
	bail "mkdisk failed: $(cat "$TMP/mkdisk.err")"
check "the volume's BitLocker header is still there after the build" sh -c "dd if='$M' bs=512 skip=67584 count=1 2> /dev/null | head -c 11 | tail -c 8 | grep -q -- -FVE-FS-"
check "... and the Windows files inside it encrypted: no text of theirs in partition 2" sh -c "! tail -c +\$((67584 * 512 + 1)) '$M' | grep -qa 'winrescue demo stand-in'"

# Launch 2: every disk listed, the openable ones opened by their keys.
s0=$(cat "$M" "$K" | sha256sum)
# shellcheck disable=SC2086
XDG_STATE_HOME=$TMP/state "$W" disks "$M" "$K" "$IN" $others "$P" "$S" \
	--key "$M#2:key:anaconda" --key "$(id bitlk-aes-xts-128):key:anaconda" \
	--key "$K#2:file:$BEK" --key "$IN#2:key:$(conf bitlk-aes-xts-256 RP)" \
	--key all:key:anaconda > "$TMP/disks.out" 2> "$TMP/disks.err"
rc=$?
check "disks: exit 1, the two volumes that stay locked are problems (got $rc)" test "$rc" -eq 1
WS='Windows Server 2022 Datacenter 10.0'
check "... the password opens M: unlocked, Windows inside" sh -c "grep -q '^  $M#2: $WS, x86_64, .Windows\$' '$TMP/disks.out'"
check "... the startup key opens K" sh -c "grep -q '^  $K#2: $WS' '$TMP/disks.out'"
check "... the recovery password opens IN, its store inside the volume" sh -c "grep -q '^  BCD      $IN#2: .Boot.BCD, ' '$TMP/disks.out'"
for o in $OTHERS; do
	check "... $o: opened, Windows and its hives read" sh -c "grep -q '^  $TMP/$o.img#2: $WS' '$TMP/disks.out' && grep -q '^  SYSTEM   $TMP/$o.img#2: .Windows.System32.config.SYSTEM, .*, clean' '$TMP/disks.out'"
done
check "... M's volume: unlocked, its GUID and Windows' description" sh -c "grep -A2 '^   2 .*: Windows\$' '$TMP/disks.out' | grep -q 'BitLocker: unlocked' && grep -q '$(id bitlk-aes-xts-128)' '$TMP/disks.out' && grep -q 'Description: DESKTOP-NPM7RCA H: 7/4/2019' '$TMP/disks.out'"
check "... its recovery password's numerical ID" grep -qi "$(conf bitlk-aes-xts-128 RP_VMK_GUID)" "$TMP/disks.out"
check "... K's startup key and the file that holds it" grep -q '4381F759-C4F8-4DE0-BB61-FC33A831BDA5\.BEK' "$TMP/disks.out"
check "... the partially encrypted volume: refused, with the reason" grep -qF "winrescue: $P#2: BitLocker volume $(id bitlk-partially-encrypted-aes-cbc-128) cannot be opened: " "$TMP/disks.err"
check "... the smart-card volume: locked, opened only by its recovery password here" grep -qF "winrescue: $S#2: BitLocker volume $(id bitlk-aes-xts-128-smart-card) is locked: its recovery password (--key $S#2:key:KEY" "$TMP/disks.err"
check "... nothing written to the disks" test "$(cat "$M" "$K" | sha256sum)" = "$s0"
check "... no key in what was printed" sh -c "! grep -q -e anaconda -e '$RP_M' '$TMP/disks.out' '$TMP/disks.err'"

# Launch 3: the repair on M (recovery password) and K (startup key) at once.
J=$TMP/state/winrescue/journal.jsonl
XDG_STATE_HOME=$TMP/state "$W" repair safeboot serial crashdump "$M" "$K" --yes \
	--key "$M#2:key:$RP_M" --key "$K#2:file:$BEK" > "$TMP/repair.out" 2> "$TMP/repair.err"
rc=$?
check "repair through the opened volumes: exit 0 (got $rc: $(tail -1 "$TMP/repair.err"))" test "$rc" -eq 0
if have jq "the journal names the volume"; then
	check "... the journal names M's SYSTEM by its volume's BitLocker GUID" jq -se --arg g "$GUID_M" --arg p "$M#2" '[.[] | select(.action == "commit" and .where.partition == $p)] | length == 1 and (.[0].where.bitlocker_volume == $g)' "$J"
fi
check "... no key in the journal, the output or the log" sh -c "! grep -rq -e anaconda -e '$RP_M' '$TMP/state' '$TMP/repair.out' '$TMP/repair.err'"

# Launch 4: read again with another of M's keys: the new values are there.
cat > "$TMP/read.cmd" <<'EOF'
bcdedit /store C:\boot\bcd /enum {default}
reg load HKLM\S D:\windows\system32\config\system
reg query HKLM\S\ControlSet001\Control\CrashControl /v NMICrashDump
reg unload HKLM\S
EOF
XDG_STATE_HOME=$TMP/state "$W" script --disk "$M" --drive "C=$M#1" --drive "D=$M#2" \
	--key "$GUID_M:key:anaconda" "$TMP/read.cmd" > "$TMP/read.out" 2> "$TMP/read.err"
rc=$?
check "read again with the password: exit 0 (got $rc: $(tail -1 "$TMP/read.err"))" test "$rc" -eq 0
check "... the loader no longer starts Safe Mode" sh -c "grep -q '^osdevice ' '$TMP/read.out' && ! grep -q '^safeboot ' '$TMP/read.out'"
check "... EMS on" grep -q '^ems  *Yes' "$TMP/read.out"
check "... NMICrashDump as crashdump set it, in the SYSTEM hive inside the volume" grep -q 'NMICrashDump    REG_DWORD    0x1$' "$TMP/read.out"

# Launch 5: undo on M, with the password.
XDG_STATE_HOME=$TMP/state "$W" undo "$M" --yes --key "$M#2:key:anaconda" > "$TMP/undo.out" 2> "$TMP/undo.err"
rc=$?
check "undo through the opened volume: exit 0 (got $rc: $(tail -1 "$TMP/undo.err"))" test "$rc" -eq 0
if have jq "undo restores the SHA-256 of the hive inside the volume"; then
	check "undo: each hive inside M as before the repair (SHA-256 read back from the volume)" jq -se --arg p "$M#2" '
		[.[] | select(.where.partition == $p)] as $r
		| [$r[] | select(.action == "commit")] as $c | [$r[] | select(.action == "rollback")] as $b
		| ($c | length) >= 1 and ($b | length) == ($c | length)
		  and all($c[]; .sha256_before as $s | .hive as $h | any($b[]; .hive == $h and .sha256_after == $s))' "$J"
fi

# Launch 6: a wrong key typed at the prompt, in a real terminal (tmux): one
# line, nothing else.
s1=$(sha256sum < "$M")
if have tmux "the key asked on a terminal"; then
	SOCK=wr-bl-$$
	T() { tmux -L "$SOCK" -f /dev/null "$@"; }
	trap 'T kill-server 2> /dev/null; rm -rf "$TMP"' EXIT
	T new-session -d -x 200 -y 50 "env XDG_STATE_HOME='$TMP/state' '$W' disks '$M'; echo \$? > '$TMP/wrong.rc'; sleep 3600"
	# until_true SECONDS COMMAND...: polls COMMAND until it succeeds.
	until_true() {
		end=$(($(date +%s) + $1))
		shift
		until "$@"; do
			[ "$(date +%s)" -lt "$end" ] || return 1
			sleep 0.2
		done
	}
	asked() { T capture-pane -p -t 0 | grep -q 'is a locked BitLocker volume'; }
	check "a terminal: it asks for the key" until_true "${WINRESCUE_LIVE_LIMIT:-1200}" asked
	T send-keys -t 0 not-the-password Enter
	until_true "${WINRESCUE_LIVE_LIMIT:-1200}" test -s "$TMP/wrong.rc"
	T capture-pane -p -t 0 > "$TMP/wrong.out"
	T kill-server
	check "a wrong key typed at the prompt: exit 1 (got $(cat "$TMP/wrong.rc"))" test "$(cat "$TMP/wrong.rc")" = 1
	check "... it asked, naming the volume and what opens it" grep -q "$M#2 is a locked BitLocker volume (its recovery password or its password)" "$TMP/wrong.out"
	check "... one line: the key does not open it" grep -qF "winrescue: $M#2: the key does not open BitLocker volume $(id bitlk-aes-xts-128) (" "$TMP/wrong.out"
	check "... the key was not echoed" sh -c "! grep -q not-the-password '$TMP/wrong.out'"
fi
check "... the disk unchanged" test "$(sha256sum < "$M")" = "$s1"

# Launches 7 and 8: a key for the partial volume, and the password for the
# smart-card one (which has none).
XDG_STATE_HOME=$TMP/state "$W" repair safeboot "$P" --yes --key "$P#2:key:anaconda" > "$TMP/partial.out" 2> "$TMP/partial.err"
rc=$?
check "a partially encrypted volume: exit 1 (got $rc)" test "$rc" -eq 1
# lines FILE: its lines but the notice that the appliance runs under TCG.
lines() { grep -vc 'software emulation (TCG)' "$1"; }
check "... one line, saying why" sh -c "test $(lines "$TMP/partial.err") -eq 1 && grep -q '^winrescue: $P#2: BitLocker volume .* cannot be opened: it was encrypted \"used space only\"' '$TMP/partial.err'"
XDG_STATE_HOME=$TMP/state "$W" disks "$S" --key "$S#2:key:anaconda" > "$TMP/sc.out" 2> "$TMP/sc.err"
rc=$?
check "the smart-card volume with a password: exit 1 (got $rc)" test "$rc" -eq 1
check "... one line: the key does not open it, its recovery password would" sh -c "test $(lines "$TMP/sc.err") -eq 1 && grep -q '^winrescue: $S#2: the key does not open BitLocker volume .*recovery password' '$TMP/sc.err'"

# Launch 9: the console asks for K's key and shows the disk after it.
console con "$K" <<EOF
:wait
:save-display ask
$BEK
:save-display typed
<Enter>
:wait
:save-display loaded
EOF
shows "the console asks for the key, naming the volume" con-ask "$K#2 is a locked"
shows "... what is typed shows as stars" con-typed '\*\*\*\*\*\*\*\*'
check "... not as the path typed" sh -c "! grep -q bitlk-images '$TMP/con-typed.txt'"
shows "... then the disk's Safe Mode finding" con-loaded 'Safe Mode'
done_testing
