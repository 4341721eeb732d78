#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The articles' own commands (issue 18): every script of tests/scripts, the
# bcdedit and reg lines of a catalog entry as its article prints them, run
# by winrescue script on a directory laid out as drive F: (real stores, the
# real Windows 7 SYSTEM hive with the faults the articles repair added by
# hivexregedit, a SOFTWARE hive).  Each element and value is checked byte
# for byte, then that nothing else changed; undo gives back every file.  A
# dry run writes nothing; bad input fails naming its line, writing nothing.
. "${srcdir:-.}/tests/lib.sh"
need hivexregedit
need hivexsh
need xz
need iconv
W=$WINRESCUE
F=${WINRESCUE_FIXTURES:-}
SCRIPTS=${srcdir:-.}/tests/scripts
export XDG_STATE_HOME=$TMP/state
have_fixtures "the win7 SYSTEM hive" system-win7-2controlsets-regipy.hive.xz || { done_testing; exit 0; }

BIOS=$F/bcd-win10-bios-windeploy-linux.hive
UEFI=$F/bcd-win10-uefi-regipy.hive
W7=$F/bcd-win7-bios-garbage-after-nul-trolldbois.hive
# The objects the scripts name: {bootmgr}, {emssettings}, {badmemory},
# {globalsettings}, and the loaders {default} names in each store.
BOOTMGR='{9dea862c-5cdd-4e70-acc1-f32b344d4795}'
EMS='{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}'
BADMEM='{5189b25c-5558-4bf2-bca4-289b11bd29e2}'
GLOBAL='{7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e}'
BIOS_LOADER='{1b67bffd-e290-11eb-8ffa-f459a0d9b879}'
BIOS_RESUME='{1b67bffc-e290-11eb-8ffa-f459a0d9b879}'
UEFI_LOADER='{733b62e5-f608-11eb-825c-c112f60133ab}'
W7_LOADER='{f46bf032-e7ff-11df-bfab-5c260a1a93a2}'

# sha FILE: its SHA-256, kept while the file's inode, size, mtime and
# ctime (to the nanosecond) stay the same: the SYSTEM hive is 12 MB and
# its digest is asked for before and after each script.
sha() {
	id=$(stat -c '%d:%i:%s:%.9Y:%.9Z' "$1" 2> /dev/null) || id=
	if [ -n "$id" ] && digest=$(grep -m 1 "^$id " "$TMP/sha.cache" 2> /dev/null); then
		say "${digest#* }"
		return
	fi
	digest=$(sha256sum "$1" | cut -c1-64)
	[ -z "$id" ] || say "$id $digest" >> "$TMP/sha.cache"
	say "$digest"
}

# The results are printed by printf: dash's echo would take the \n of
# C:\Windows\NTDS\ntds.dit for a new line.
say() { printf '%s\n' "$@"; }
# result OK DESC [DIAGNOSTIC...]: one TAP line.
result() {
	n=$((n + 1))
	if [ "$1" = ok ]; then
		say "ok $n - $2"
		return
	fi
	say "not ok $n - $2"
	shift 2
	for l in "$@"; do say "#   $l"; done
	failures=$((failures + 1))
}
# is DESC GOT WANT: one result; both shown when they differ (and false).
is() {
	if [ "$2" = "$3" ]; then
		result ok "$1"
	else
		result not "$1" "got:  $2" "want: $3"
		return 1
	fi
}
# that DESC COMMAND...: one result from the command's exit status (its own).
that() {
	d=$1
	shift
	if "$@" > /dev/null 2>&1; then
		result ok "$d"
	else
		result not "$d" "command: $*"
		return 1
	fi
}
# same_as DESC WANT-FILE GOT-FILE: one result, the diff shown when they differ.
same_as() {
	if diff -u "$2" "$3" > "$TMP/diff" 2>&1; then
		result ok "$1"
	else
		result not "$1"
		sed 's/^/#   /' "$TMP/diff" | head -40
	fi
}

# Registry data as hivexregedit --export writes it.
# utf16 TEXT: the UTF-16LE bytes of TEXT ("25,00,53,00").
utf16() { printf '%s' "$1" | iconv -t UTF-16LE | od -An -v -tx1 | tr -s ' \n' ',' | sed 's/^,//; s/,$//'; }
sz() { echo "hex(1):$(utf16 "$1"),00,00"; }
expand_sz() { echo "hex(2):$(utf16 "$1"),00,00"; }
# multi_sz STRING...: each with its NUL, then the final NUL.
multi_sz() {
	m=
	for s in "$@"; do m="$m$(utf16 "$s"),00,00,"; done
	say "hex(7):${m}00,00"
}
dword() { printf 'dword:%08x\n' "$1"; }
# int N: a BCD integer element, 8 bytes little-endian in REG_BINARY.
int() { printf '%016x' "$1" | sed 's/../&\n/g' | sed '/^$/d' | tac | paste -sd, | sed 's/^/hex(3):/'; }
# bool 0|1: a BCD boolean element, one byte.
bool() { echo "hex(3):0$1"; }
# The device element of bcdedit's "boot": 16 bytes of no options, type 5,
# flags 0, size 0x48, and a body of zeros (bcd-format.md 6.4).
BOOT_DEVICE="hex(3):$(printf '00,%.0s' $(seq 16))05,00,00,00,00,00,00,00,48,00,00,00$(printf ',00%.0s' $(seq 60))"

# val HIVE KEY NAME: the data of value NAME of KEY ("dword:00000001",
# "hex(3):01"), or "absent" (no such key or value).  A store's or
# SOFTWARE's whole export is kept until a script or undo runs; in the
# SYSTEM hive (12 MB: its export takes seconds) hivexget reads numbers
# and the key's export gives the bytes of strings.
val() {
	if [ "$1" = "$SYS" ]; then
		line=$(hivexget "$1" "\\$2" 2> /dev/null | awk -v v="\"$3\"=" 'index($0, v) == 1')
		case ${line#*=} in
		dword:* | hex\(*)
			say "${line#*=}"
			return
			;;
		'')
			echo absent
			return
			;;
		esac
		hivexregedit --export --prefix 'HKLM\X' "$1" "\\$2" | tr -d '\r' > "$TMP/key.reg"
		value_of "$TMP/key.reg" "$2" "$3"
		return
	fi
	if [ "$(cat "$TMP/cache.id" 2> /dev/null)" != "$1" ]; then
		export_hive "$1" > "$TMP/cache.reg"
		say "$1" > "$TMP/cache.id"
	fi
	value_of "$TMP/cache.reg" "$2" "$3"
}
# names HIVE KEY NAME: the names of KEY's values that are NAME in any
# case, as the hive spells them; named HIVE KEY NAME: the data of the
# first (hivexget's form: dword:..., hex(N):..., "text").
names() {
	hivexget "$1" "\\$2" 2> /dev/null |
		awk -v v="$3" '{ n = $0; sub(/"=.*/, "", n); sub(/^"/, "", n) } tolower(n) == tolower(v) { print n }' |
		paste -sd' '
}
named() {
	hivexget "$1" "\\$2" 2> /dev/null |
		awk -v v="\"$3\"=" 'index(tolower($0), tolower(v)) == 1 { sub(/^"[^"]*"=/, ""); print; exit }'
}
# elem STORE OBJECT ID: the Element value of element ID of OBJECT.
elem() { val "$1" "Objects\\$2\\Elements\\$3" Element; }
# merge HIVE ROOT-NAME REG-BODY: keys and values (the body's \n become
# \r\n) set by hivexregedit under HKEY_LOCAL_MACHINE\ROOT-NAME.
merge() {
	printf 'Windows Registry Editor Version 5.00\n\n%s\n\n' "$3" | sed 's/$/\r/' > "$TMP/merge.reg"
	hivexregedit --merge --prefix "HKEY_LOCAL_MACHINE\\$2" "$1" "$TMP/merge.reg" ||
		bail "hivexregedit cannot merge into $1"
}
# put STORE OBJECT ID HEX [TYPE]: element ID of OBJECT gets bytes HEX
# ("01,00") of registry type TYPE (3, REG_BINARY, unless given), its key
# made if new; drop STORE PATH: delete that key.
put() {
	add=
	printf 'cd Objects\\%s\\Elements\\%s\n' "$2" "$3" | hivexsh "$1" > /dev/null 2>&1 || add="add $3"
	printf 'cd Objects\\%s\\Elements\n%s\ncd %s\nsetval 1\nElement\nhex:%s:%s\ncommit\n' \
		"$2" "$add" "$3" "${5:-3}" "$4" | hivexsh -w "$1" || bail "hivexsh cannot set $2 $3"
	rm -f "$TMP/cache.id"
}
drop() {
	printf 'cd %s\ndel\ncommit\n' "$2" | hivexsh -w "$1" || bail "hivexsh cannot delete $2"
	rm -f "$TMP/cache.id"
}

# The SYSTEM hive every script starts from: Windows 7's, with the faults the
# articles repair (and that winrescue must change) added: the dump file on a
# data disk D:, RDP off at each level, a listener whose time limits and
# instance count are not the article's, TermService and DHCP disabled and
# running as LocalSystem, "Block all incoming connections" in the six
# firewall profiles, and a domain controller's NTDS parameters.
RDP='Control\Terminal Server\WinStations\RDP-Tcp'
FWP='services\SharedAccess\Parameters\FirewallPolicy'
xz -dc "$F/system-win7-2controlsets-regipy.hive.xz" > "$TMP/SYSTEM" || bail "xz failed"
K='[HKEY_LOCAL_MACHINE\SYSTEM'
faults=$(for set in 001 002; do
	printf '%s\\ControlSet%s\\Control\\CrashControl]\n"DumpFile"=%s\n\n' "$K" $set "$(expand_sz 'D:\MEMORY.DMP')"
	printf '%s\\ControlSet%s\\Control\\Terminal Server]\n"TSUserEnabled"=dword:00000001\n"fDenyTSConnections"=dword:00000001\n\n' "$K" $set
	printf '%s\\ControlSet%s\\%s]\n' "$K" $set "$RDP"
	printf '"%s"=dword:%s\n' fEnableWinStation 00000000 fLogonDisabled 00000001 \
		fInheritMaxSessionTime 00000000 fInheritMaxDisconnectionTime 00000000 \
		MaxDisconnectionTime 0000ea60 MaxConnectionTime 0000ea60 fInheritMaxIdleTime 00000000 \
		MaxIdleTime 0000ea60 MaxInstanceCount 00000002
	echo
	for s in TermService Dhcp; do
		printf '%s\\ControlSet%s\\services\\%s]\n"Start"=dword:00000004\n"ObjectName"="LocalSystem"\n\n' "$K" $set $s
	done
	for p in Domain Public Standard; do
		printf '%s\\ControlSet%s\\%s\\%sProfile]\n"DoNotAllowExceptions"=dword:00000001\n\n' "$K" $set "$FWP" $p
	done
done
printf '%s\\ControlSet001\\services\\NTDS\\Parameters]\n' "$K"
printf '"%s"="%s"\n' 'DSA Working Directory' 'C:\\Windows\\NTDS' 'DSA Database file' 'C:\\Windows\\NTDS\\ntds.dit' \
	'Database backup path' 'C:\\Windows\\NTDS\\dsadata.bak' 'Database log files path' 'C:\\Windows\\NTDS')
merge "$TMP/SYSTEM" SYSTEM "$faults"
export_hive "$TMP/SYSTEM" > "$TMP/SYSTEM.reg"
# A SOFTWARE hive (the fixtures have none): the demo's, with a group
# policy's CleanupProfiles and its "deny Remote Desktop".
"$MKSTORE" software "$TMP/SOFTWARE" || bail "mkstore software failed"
K='[HKEY_LOCAL_MACHINE\SOFTWARE\Policies'
merge "$TMP/SOFTWARE" SOFTWARE "$K]

$K\\Microsoft]

$K\\Microsoft\\Windows]

$K\\Microsoft\\Windows\\System]
\"CleanupProfiles\"=dword:0000001e

$K\\Microsoft\\Windows NT]

$K\\Microsoft\\Windows NT\\Terminal Services]
\"fDenyTSConnections\"=dword:00000001"
export_hive "$TMP/SOFTWARE" > "$TMP/SOFTWARE.reg"

# drive NAME STORE [uefi]: $D, a new directory laid out as drive F:, with
# its names in the case Windows gives them: STORE as Boot\BCD (EFI\
# Microsoft\Boot\BCD with uefi), SYSTEM and SOFTWARE in
# Windows\System32\config.  $S, $SYS and $SOFT are their paths.
drive() {
	D=$TMP/$1
	S=$D/Boot/BCD
	[ "${3:-}" = uefi ] && S=$D/EFI/Microsoft/Boot/BCD
	SYS=$D/Windows/System32/config/SYSTEM
	SOFT=$D/Windows/System32/config/SOFTWARE
	mkdir -p "${S%/*}" "${SYS%/*}" || bail "mkdir $D"
	cp "$2" "$S" && cp "$TMP/SYSTEM" "$SYS" && cp "$TMP/SOFTWARE" "$SOFT" &&
		chmod u+w "$S" "$SYS" "$SOFT" || bail "cannot lay out $D"
}
# The three files' SHA-256s, and every file of the drive.
sums() { echo "$(sha "$S") $(sha "$SYS") $(sha "$SOFT")"; }
files() { (cd "$D" && find . -type f | sort); }

# run SCRIPT [OPTION...]: winrescue script on drive F: = $D; its exit
# status in $rc, its output in $TMP/out and $TMP/err.
run() {
	f=$1
	shift
	"$W" script --drive F="$D" "$@" "$f" > "$TMP/out" 2> "$TMP/err"
	rc=$?
}

# apply NAME SCRIPT: run SCRIPT with --yes on drive $D; it must exit 0.
# The state before is kept for unchanged and undone.
apply() {
	name=$1
	before_sums=$(sums)
	export_hive "$S" > "$TMP/bcd.before"
	run "$SCRIPTS/$2" --yes
	rm -f "$TMP/cache.id"
	is "$name: exits 0" "$rc" 0 || sed 's/^/#   /' "$TMP/err"
}
# unchanged NAME FILE...: those of store, system, software the script
# must not have written have their SHA-256 still.
unchanged() {
	name=$1
	shift
	for which in "$@"; do
		case $which in
		store) i=1 f=$S ;;
		system) i=2 f=$SYS ;;
		software) i=3 f=$SOFT ;;
		esac
		is "$name: the $which not written" "$(sha "$f")" "$(echo "$before_sums" | cut -d' ' -f$i)"
	done
}
# changes BEFORE HIVE: the export lines that differ between BEFORE and
# HIVE's export now, sorted; blank lines left out.
changes() {
	if [ "$(cat "$TMP/cache.id" 2> /dev/null)" = "$2" ]; then
		cp "$TMP/cache.reg" "$TMP/after.reg"
	else
		export_hive "$2" > "$TMP/after.reg"
	fi
	diff "$1" "$TMP/after.reg" | grep '^[<>] .' | sort
}
# only NAME BEFORE HIVE: what changed is exactly the lines of
# $TMP/expect.  (Not a pipe: the results must count in this shell.)
only() {
	sort "$TMP/expect" > "$TMP/want"
	changes "$2" "$3" > "$TMP/got"
	same_as "$1" "$TMP/want" "$TMP/got"
}
# snap TAG HIVE KEY: the export of KEY and the keys below it kept as TAG;
# only_below NAME TAG HIVE KEY: what changed there since is exactly the
# lines of $TMP/expect (for the SYSTEM hive, whose export takes seconds).
below() { hivexregedit --export --prefix 'HKLM\X' "$1" "\\$2" | tr -d '\r'; }
snap() { below "$2" "$3" > "$TMP/$1.snap"; }
only_below() {
	sort "$TMP/expect" > "$TMP/want"
	below "$3" "$4" > "$TMP/below.now"
	diff "$TMP/$2.snap" "$TMP/below.now" | grep '^[<>] .' | sort > "$TMP/got"
	same_as "$1" "$TMP/want" "$TMP/got"
}
# one HIVE KEY NAME: how many subkeys of KEY are named NAME in any case.
one() { printf 'cd %s\nls\n' "$2" | hivexsh "$1" | grep -cix "$3"; }
# undone NAME: winrescue undo with the three files gives back every one.
undone() {
	"$W" undo --store "$S" --system "$SYS" --software "$SOFT" --yes > "$TMP/undo.out" 2>&1
	rc=$?
	rm -f "$TMP/cache.id"
	is "$1: undo exits 0" "$rc" 0 || sed 's/^/#   /' "$TMP/undo.out"
	that "$1: undo rolled a commit back" grep -q ': rolled back commit ' "$TMP/undo.out"
	is "$1: undo gives back the SHA-256 of the store, SYSTEM and SOFTWARE" "$(sums)" "$before_sums"
}

# The lines of an element or value made, changed or deleted, as they show
# in a diff of two exports.
key() { say "[HKLM\\X\\$1]"; }
ekey() { key "Objects\\$1\\Elements\\$2"; }
new_elem() {
	say "> $(ekey "$1" "$2")"
	say "> \"Element\"=$3"
}
gone_elem() {
	say "< $(ekey "$1" "$2")"
	say "< \"Element\"=$3"
}
set_elem() {
	say "< \"Element\"=$1"
	say "> \"Element\"=$2"
}

X='ControlSet00'
CC='Control\CrashControl'
TS='Control\Terminal Server'
POL='Policies\Microsoft\Windows NT\Terminal Services'

# ---- R-1: Serial Console and memory dumps (the include, 2024; CRLF) ----
drive r1 "$BIOS"
s_sys=$(sha "$SYS")
apply R-1 r1-serial-console-memory-dump.cmd
is "R-1: ems on {default}: one byte 01" "$(elem "$S" $BIOS_LOADER 260000b0)" "$(bool 1)"
is "R-1: {emssettings} emsport 1, 8 bytes" "$(elem "$S" $EMS 15000022)" "$(int 1)"
is "R-1: {emssettings} emsbaudrate 115200, 8 bytes" "$(elem "$S" $EMS 15000023)" "hex(3):00,c2,01,00,00,00,00,00"
{
	new_elem $BIOS_LOADER 260000b0 "$(bool 1)"
	new_elem $EMS 15000022 "$(int 1)"
	new_elem $EMS 15000023 "$(int 115200)"
} > "$TMP/expect"
only "R-1: the store: those three elements, nothing else" "$TMP/bcd.before" "$S"
for set in 1 2; do
	is "R-1: ControlSet00$set CrashDumpEnabled dword 1" "$(val "$SYS" "$X$set\\$CC" CrashDumpEnabled)" "$(dword 1)"
	is "R-1: ControlSet00$set DumpFile REG_EXPAND_SZ %SystemRoot%\\MEMORY.DMP as written" "$(val "$SYS" "$X$set\\$CC" DumpFile)" "$(expand_sz '%SystemRoot%\MEMORY.DMP')"
	is "R-1: ControlSet00$set NMICrashDump dword 1" "$(val "$SYS" "$X$set\\$CC" NMICrashDump)" "$(dword 1)"
done
for set in 1 2; do
	say "< \"CrashDumpEnabled\"=$(dword 2)"
	say "> \"CrashDumpEnabled\"=$(dword 1)"
	say "< \"DumpFile\"=$(expand_sz 'D:\MEMORY.DMP')"
	say "> \"DumpFile\"=$(expand_sz '%SystemRoot%\MEMORY.DMP')"
	say "> \"NMICrashDump\"=$(dword 1)"
done > "$TMP/expect"
only "R-1: SYSTEM: those values in both control sets, nothing else" "$TMP/SYSTEM.reg" "$SYS"
unchanged R-1 software
undone R-1
is "R-1: the SYSTEM hive as before (sanity)" "$(sha "$SYS")" "$s_sys"

# A dry run of the same script: it says what it would do, writes nothing.
drive r1-dry "$BIOS"
s0=$(sums) l0=$(files)
run "$SCRIPTS/r1-serial-console-memory-dump.cmd" --dry-run
is "R-1 --dry-run: exits 0" "$rc" 0 || sed 's/^/#   /' "$TMP/err"
is "R-1 --dry-run: the store, SYSTEM and SOFTWARE unchanged" "$(sums)" "$s0"
is "R-1 --dry-run: no file made on the drive (no backup, no journal)" "$(files)" "$l0"
that "R-1 --dry-run: it shows the DumpFile line" grep -qF '%SystemRoot%\MEMORY.DMP' "$TMP/out"

# The same script on the files themselves: --store and --system stand for
# F:\boot\bcd and F:\windows\system32\config\SYSTEM, F: mapped nowhere
# (and the script's reg load of the hive --system mounted is accepted).
drive r1-files "$BIOS"
s0=$(sums)
"$W" script --store "$S" --system "$SYS" --yes "$SCRIPTS/r1-serial-console-memory-dump.cmd" > "$TMP/out" 2> "$TMP/err"
rc=$?
rm -f "$TMP/cache.id"
is "R-1 by --store and --system: exits 0" "$rc" 0 || sed 's/^/#   /' "$TMP/err"
is "R-1 by --store and --system: ems on {default}" "$(elem "$S" $BIOS_LOADER 260000b0)" "$(bool 1)"
is "R-1 by --store and --system: emsbaudrate 115200" "$(elem "$S" $EMS 15000023)" "$(int 115200)"
for set in 1 2; do
	is "R-1 by --store and --system: ControlSet00$set DumpFile" "$(val "$SYS" "$X$set\\$CC" DumpFile)" "$(expand_sz '%SystemRoot%\MEMORY.DMP')"
done
before_sums=$s0
undone "R-1 by --store and --system"

# ---- R-1, the older block (troubleshoot-rdp-safe-mode) ----
drive r1-old "$BIOS"
apply "R-1 older block" r1-older-block-rdp-safe-mode.cmd
is "R-1 older: {bootmgr} displaybootmenu yes: 01" "$(elem "$S" $BOOTMGR 26000020)" "$(bool 1)"
is "R-1 older: {bootmgr} timeout 5, 8 bytes" "$(elem "$S" $BOOTMGR 25000004)" "$(int 5)"
is "R-1 older: {bootmgr} bootems yes: 01" "$(elem "$S" $BOOTMGR 16000020)" "$(bool 1)"
is "R-1 older: ems on {default}: 01" "$(elem "$S" $BIOS_LOADER 260000b0)" "$(bool 1)"
{
	new_elem $BOOTMGR 26000020 "$(bool 1)"
	set_elem "$(int 30)" "$(int 5)"
	new_elem $BOOTMGR 16000020 "$(bool 1)"
	new_elem $BIOS_LOADER 260000b0 "$(bool 1)"
	new_elem $EMS 15000022 "$(int 1)"
	new_elem $EMS 15000023 "$(int 115200)"
} > "$TMP/expect"
only "R-1 older: the store: those six elements, nothing else" "$TMP/bcd.before" "$S"
for set in 1 2; do
	got=
	for v in CrashDumpEnabled DumpFile NMICrashDump; do got="$got $(val "$SYS" "$X$set\\$CC" $v)"; done
	is "R-1 older: ControlSet00$set's three dump values" "$got" " $(dword 1) $(expand_sz '%SystemRoot%\MEMORY.DMP') $(dword 1)"
done
unchanged "R-1 older" software
undone "R-1 older"

# ---- B-1: the BCD repair's lines without partitions ----
drive b1 "$BIOS"
apply B-1 b1-repair-bcd-0xc000000e.cmd
is "B-1: {bootmgr} integrityservices enable: 1, 8 bytes" "$(elem "$S" $BOOTMGR 1500004b)" "$(int 1)"
is "B-1: {default} integrityservices enable: 1" "$(elem "$S" $BIOS_LOADER 1500004b)" "$(int 1)"
is "B-1: {default} recoveryenabled Off: 00" "$(elem "$S" $BIOS_LOADER 16000009)" "$(bool 0)"
is "B-1: {default} bootstatuspolicy IgnoreAllFailures: 1" "$(elem "$S" $BIOS_LOADER 250000e0)" "$(int 1)"
{
	new_elem $BOOTMGR 1500004b "$(int 1)"
	new_elem $BIOS_LOADER 1500004b "$(int 1)"
	new_elem $BIOS_LOADER 16000009 "$(bool 0)"
	new_elem $BIOS_LOADER 250000e0 "$(int 1)"
} > "$TMP/expect"
only "B-1: those four elements, nothing else" "$TMP/bcd.before" "$S"
unchanged B-1 system software
undone B-1

# ---- B-1, single partition: device and osdevice "boot" on a Windows 7
# store whose devices are MBR partitions ----
drive b1-boot "$W7"
w7_part=$(elem "$S" $W7_LOADER 21000001)
is "B-1 boot: the Windows 7 loader's osdevice is an MBR partition (type 6, style 1) before" \
	"$(echo "$w7_part" | cut -d, -f17,53)" "06,01"
apply "B-1 boot" b1-single-partition-boot.cmd
is "B-1 boot: {bootmgr} device boot: the 88-byte boot device" "$(elem "$S" $BOOTMGR 11000001)" "$BOOT_DEVICE"
is "B-1 boot: {default} device boot" "$(elem "$S" $W7_LOADER 11000001)" "$BOOT_DEVICE"
is "B-1 boot: {default} osdevice boot" "$(elem "$S" $W7_LOADER 21000001)" "$BOOT_DEVICE"
is "B-1 boot: {default} recoveryenabled Off: 01 -> 00" "$(elem "$S" $W7_LOADER 16000009)" "$(bool 0)"
is "B-1 boot: {default} bootstatuspolicy IgnoreAllFailures" "$(elem "$S" $W7_LOADER 250000e0)" "$(int 1)"
{
	grep -A1 -F "$(ekey $BOOTMGR 11000001)" "$TMP/bcd.before" | sed -n '2s/^/< /p'
	say "> \"Element\"=$BOOT_DEVICE"
	new_elem $BOOTMGR 1500004b "$(int 1)"
	say "< \"Element\"=$w7_part"
	say "< \"Element\"=$w7_part"
	say "> \"Element\"=$BOOT_DEVICE"
	say "> \"Element\"=$BOOT_DEVICE"
	new_elem $W7_LOADER 1500004b "$(int 1)"
	set_elem "$(bool 1)" "$(bool 0)"
	new_elem $W7_LOADER 250000e0 "$(int 1)"
} > "$TMP/expect"
only "B-1 boot: those seven elements, nothing else" "$TMP/bcd.before" "$S"
unchanged "B-1 boot" system software
undone "B-1 boot"

# ---- B-2 on a UEFI store, by its ESP path as the article prints it ----
drive b2 "$UEFI" uefi
apply B-2 b2-automatic-repair-off-gen2.cmd
is "B-2: {default} recoveryenabled Off: 01 -> 00" "$(elem "$S" $UEFI_LOADER 16000009)" "$(bool 0)"
is "B-2: {default} bootstatuspolicy IgnoreAllFailures" "$(elem "$S" $UEFI_LOADER 250000e0)" "$(int 1)"
{
	set_elem "$(bool 1)" "$(bool 0)"
	new_elem $UEFI_LOADER 250000e0 "$(int 1)"
} > "$TMP/expect"
only "B-2: those two elements, nothing else" "$TMP/bcd.before" "$S"
unchanged B-2 system software
undone B-2

# ---- B-3: safeboot (Network) put on the BIOS store's loader, removed ----
drive b3 "$BIOS"
put "$S" $BIOS_LOADER 25000080 01,00,00,00,00,00,00,00
apply B-3 b3-safe-mode-off.cmd
is "B-3: {Default} safeboot deleted: no element 25000080" "$(elem "$S" $BIOS_LOADER 25000080)" absent
gone_elem $BIOS_LOADER 25000080 "$(int 1)" > "$TMP/expect"
only "B-3: that element gone, nothing else" "$TMP/bcd.before" "$S"
that "B-3: the /enum before the delete shows safeboot Network" grep -q '^safeboot  *Network$' "$TMP/out"
is "B-3: the /enum after it shows no safeboot" "$(grep -c '^safeboot ' "$TMP/out")" 1
unchanged B-3 system software
undone B-3

# ---- B-4 on a UEFI store ----
drive b4 "$UEFI" uefi
apply B-4 b4-boot-manager-menu-gen2.cmd
is "B-4: {bootmgr} displaybootmenu yes: 01" "$(elem "$S" $BOOTMGR 26000020)" "$(bool 1)"
is "B-4: {bootmgr} timeout 5" "$(elem "$S" $BOOTMGR 25000004)" "$(int 5)"
{
	new_elem $BOOTMGR 26000020 "$(bool 1)"
	set_elem "$(int 30)" "$(int 5)"
} > "$TMP/expect"
only "B-4: those two elements, nothing else" "$TMP/bcd.before" "$S"
unchanged B-4 system software
undone B-4

# ---- B-5: a domain controller's NTDS paths read, then DSRM ----
drive b5 "$BIOS"
apply B-5 b5-directory-services-restore-mode.cmd
is "B-5: {default} safeboot dsrepair: 2, 8 bytes" "$(elem "$S" $BIOS_LOADER 25000080)" "$(int 2)"
new_elem $BIOS_LOADER 25000080 "$(int 2)" > "$TMP/expect"
only "B-5: that element, nothing else" "$TMP/bcd.before" "$S"
for v in 'DSA Working Directory:C:\Windows\NTDS' 'DSA Database file:C:\Windows\NTDS\ntds.dit' \
	'Database backup path:C:\Windows\NTDS\dsadata.bak' 'Database log files path:C:\Windows\NTDS'; do
	that "B-5: REG QUERY shows ${v%%:*} as REG_SZ ${v#*:}" \
		grep -qE "^ +${v%%:*} +REG_SZ +$(printf '%s' "${v#*:}" | sed 's/\\/\\\\/g; s/\./\\./g')\$" "$TMP/out"
done
unchanged B-5 system software
undone B-5

# ---- B-6: {bootmgr} deleted from the BIOS store, made again ----
drive b6 "$BIOS"
drop "$S" "Objects\\$BOOTMGR"
apply B-6 b6-recreate-bootmgr.cmd
is "B-6: {bootmgr} is a Windows Boot Manager: Type 0x10100002" "$(val "$S" "Objects\\$BOOTMGR\\Description" Type)" "$(dword 0x10100002)"
is "B-6: description, UTF-16LE" "$(elem "$S" $BOOTMGR 12000004)" "$(sz 'Windows Boot Manager')"
is "B-6: locale en-us" "$(elem "$S" $BOOTMGR 12000005)" "$(sz en-us)"
is "B-6: inherit {globalsettings}" "$(elem "$S" $BOOTMGR 14000006)" "$(multi_sz $GLOBAL)"
is "B-6: displayorder the loader" "$(elem "$S" $BOOTMGR 24000001)" "$(multi_sz $BIOS_LOADER)"
is "B-6: timeout 30" "$(elem "$S" $BOOTMGR 25000004)" "$(int 30)"
{
	say "> $(key "Objects\\$BOOTMGR")"
	say "> $(key "Objects\\$BOOTMGR\\Description")"
	say "> \"Type\"=$(dword 0x10100002)"
	say "> $(key "Objects\\$BOOTMGR\\Elements")"
	new_elem $BOOTMGR 12000004 "$(sz 'Windows Boot Manager')"
	new_elem $BOOTMGR 12000005 "$(sz en-us)"
	new_elem $BOOTMGR 14000006 "$(multi_sz $GLOBAL)"
	new_elem $BOOTMGR 24000001 "$(multi_sz $BIOS_LOADER)"
	new_elem $BOOTMGR 25000004 "$(int 30)"
} > "$TMP/expect"
only "B-6: that object with those five elements, nothing else" "$TMP/bcd.before" "$S"
unchanged B-6 system software
undone B-6

# ---- B-7: two bad pages put in {badmemory}, cleared ----
drive b7 "$BIOS"
put "$S" $BADMEM 1700000a 34,12,00,00,00,00,00,00,78,56,00,00,00,00,00,00
apply B-7 b7-clear-bad-memory.cmd
is "B-7: badmemorylist deleted" "$(elem "$S" $BADMEM 1700000a)" absent
gone_elem $BADMEM 1700000a hex\(3\):34,12,00,00,00,00,00,00,78,56,00,00,00,00,00,00 > "$TMP/expect"
only "B-7: that element gone, nothing else" "$TMP/bcd.before" "$S"
unchanged B-7 system software
undone B-7

# ---- B-8: debug mode, on a store whose {bootmgr} default is the resume
# object: the first line points it at the loader, the {default} lines
# after it then mean the loader ----
drive b8 "$BIOS"
put_default() {
	printf 'cd Objects\\%s\\Elements\\23000003\nsetval 1\nElement\nstring:%s\ncommit\n' "$BOOTMGR" "$2" |
		hivexsh -w "$1" || bail "hivexsh cannot set the default"
}
put_default "$S" $BIOS_RESUME
apply B-8 b8-dump-crash-mode.cmd
is "B-8: {bootmgr} default: the loader" "$(elem "$S" $BOOTMGR 23000003)" "$(sz $BIOS_LOADER)"
is "B-8: {bootmgr} nointegritychecks on" "$(elem "$S" $BOOTMGR 16000048)" "$(bool 1)"
is "B-8: {bootmgr} integrityservices disable: 2" "$(elem "$S" $BOOTMGR 1500004b)" "$(int 2)"
is "B-8: {default} bootlog yes" "$(elem "$S" $BIOS_LOADER 26000090)" "$(bool 1)"
is "B-8: {default} bootstatuspolicy displayallfailures: 0" "$(elem "$S" $BIOS_LOADER 250000e0)" "$(int 0)"
is "B-8: {default} nointegritychecks on" "$(elem "$S" $BIOS_LOADER 16000048)" "$(bool 1)"
is "B-8: {default} testsigning off: 00" "$(elem "$S" $BIOS_LOADER 16000049)" "$(bool 0)"
is "B-8: {default} recoveryenabled no" "$(elem "$S" $BIOS_LOADER 16000009)" "$(bool 0)"
is "B-8: {default} integrityservices disable" "$(elem "$S" $BIOS_LOADER 1500004b)" "$(int 2)"
{
	set_elem "$(sz $BIOS_RESUME)" "$(sz $BIOS_LOADER)"
	new_elem $BOOTMGR 16000048 "$(bool 1)"
	new_elem $BOOTMGR 1500004b "$(int 2)"
	new_elem $BIOS_LOADER 26000090 "$(bool 1)"
	new_elem $BIOS_LOADER 250000e0 "$(int 0)"
	new_elem $BIOS_LOADER 16000048 "$(bool 1)"
	new_elem $BIOS_LOADER 16000049 "$(bool 0)"
	new_elem $BIOS_LOADER 16000009 "$(bool 0)"
	new_elem $BIOS_LOADER 1500004b "$(int 2)"
} > "$TMP/expect"
only "B-8: those nine elements, the resume object untouched" "$TMP/bcd.before" "$S"
unchanged B-8 system software
cp "$S" "$TMP/debug-mode.bcd"
undone B-8

# ---- B-8's revert, on the store debug mode left ----
drive b8-revert "$TMP/debug-mode.bcd"
apply "B-8 revert" b8-dump-crash-mode-revert.cmd
for e in "$BOOTMGR 16000048" "$BIOS_LOADER 26000090" "$BIOS_LOADER 16000048" "$BIOS_LOADER 16000049"; do
	is "B-8 revert: element ${e#* } of ${e%% *} deleted" "$(elem "$S" $e)" absent
done
is "B-8 revert: {bootmgr} integrityservices enable" "$(elem "$S" $BOOTMGR 1500004b)" "$(int 1)"
is "B-8 revert: {default} bootstatuspolicy ignoreallfailures" "$(elem "$S" $BIOS_LOADER 250000e0)" "$(int 1)"
is "B-8 revert: {default} recoveryenabled no, as it was" "$(elem "$S" $BIOS_LOADER 16000009)" "$(bool 0)"
is "B-8 revert: {default} integrityservices enable" "$(elem "$S" $BIOS_LOADER 1500004b)" "$(int 1)"
{
	gone_elem $BOOTMGR 16000048 "$(bool 1)"
	set_elem "$(int 2)" "$(int 1)"
	gone_elem $BIOS_LOADER 26000090 "$(bool 1)"
	set_elem "$(int 0)" "$(int 1)"
	gone_elem $BIOS_LOADER 16000048 "$(bool 1)"
	gone_elem $BIOS_LOADER 16000049 "$(bool 0)"
	set_elem "$(int 2)" "$(int 1)"
} > "$TMP/expect"
only "B-8 revert: those seven elements, nothing else" "$TMP/bcd.before" "$S"
unchanged "B-8 revert" system software
undone "B-8 revert"

# ---- B-9: the IMC references put on the loader (imcdevice a boot
# device, imchivename \IMC.hiv), deleted ----
drive b9 "$BIOS"
put "$S" $BIOS_LOADER 21000138 "${BOOT_DEVICE#hex(3):}"
put "$S" $BIOS_LOADER 22000137 "$(utf16 '\IMC.hiv'),00,00" 1
apply B-9 b9-imc-references.cmd
is "B-9: imcdevice deleted" "$(elem "$S" $BIOS_LOADER 21000138)" absent
is "B-9: imchivename deleted" "$(elem "$S" $BIOS_LOADER 22000137)" absent
{
	gone_elem $BIOS_LOADER 21000138 "$BOOT_DEVICE"
	gone_elem $BIOS_LOADER 22000137 "$(sz '\IMC.hiv')"
} > "$TMP/expect"
only "B-9: those two elements gone, nothing else" "$TMP/bcd.before" "$S"
that "B-9: the /enum before shows imchivename" grep -q '^imchivename  *.IMC.hiv$' "$TMP/out"
unchanged B-9 system software
undone B-9

# ---- R-2: Remote Desktop on (SYSTEM and SOFTWARE; CRLF, blanks at the
# ends of lines, "control" and "Winstations" in lower case) ----
drive r2 "$BIOS"
for set in 1 2; do snap ts$set "$SYS" "$X$set\\$TS"; done
apply R-2 r2-rdp-general-error.cmd
for set in 1 2; do
	got=
	for v in TSEnabled TSServerDrainMode TSUserEnabled fDenyTSConnections; do got="$got $(val "$SYS" "$X$set\\$TS" $v)"; done
	is "R-2: ControlSet00$set Terminal Server: TSEnabled 1, TSServerDrainMode 0, TSUserEnabled 0, fDenyTSConnections 0" \
		"$got" " $(dword 1) $(dword 0) $(dword 0) $(dword 0)"
	is "R-2: ControlSet00$set RDP-Tcp: fEnableWinStation 1, fLogonDisabled 0" \
		"$(val "$SYS" "$X$set\\$RDP" fEnableWinStation) $(val "$SYS" "$X$set\\$RDP" fLogonDisabled)" "$(dword 1) $(dword 0)"
	{
		say "> \"TSEnabled\"=$(dword 1)"
		say "> \"TSServerDrainMode\"=$(dword 0)"
		say "< \"TSUserEnabled\"=$(dword 1)" "> \"TSUserEnabled\"=$(dword 0)"
		say "< \"fDenyTSConnections\"=$(dword 1)" "> \"fDenyTSConnections\"=$(dword 0)"
		say "< \"fEnableWinStation\"=$(dword 0)" "> \"fEnableWinStation\"=$(dword 1)"
		say "< \"fLogonDisabled\"=$(dword 1)" "> \"fLogonDisabled\"=$(dword 0)"
	} > "$TMP/expect"
	only_below "R-2: ControlSet00$set Terminal Server: those values, nothing else below it" ts$set "$SYS" "$X$set\\$TS"
	is "R-2: ControlSet00$set: one key Control in any case (no \"control\" made)" "$(one "$SYS" "$X$set" control)" 1
	is "R-2: ControlSet00$set: one key WinStations in any case" "$(one "$SYS" "$X$set\\$TS" winstations)" 1
done
is "R-2: SOFTWARE policy fDenyTSConnections 0" "$(val "$SOFT" "$POL" fDenyTSConnections)" "$(dword 0)"
say "< \"fDenyTSConnections\"=$(dword 1)" "> \"fDenyTSConnections\"=$(dword 0)" > "$TMP/expect"
only "R-2: SOFTWARE: that value, nothing else" "$TMP/SOFTWARE.reg" "$SOFT"
unchanged R-2 store
undone R-2

# ---- R-3: the listener reset ----
drive r3 "$BIOS"
for set in 1 2; do snap rdp$set "$SYS" "$X$set\\$RDP"; done
apply R-3 r3-reset-rdp-listener.cmd
want=" $(dword 0) $(dword 1) $(dword 1) $(dword 1) $(dword 0) $(dword 1) $(dword 1) $(dword 1) $(dword 0) $(dword 0) $(dword 1) $(dword 0) $(dword 0xffffffff)"
names='SecurityLayer MinEncryptionLevel fQueryUserConfigFromLocalMachine KeepAliveTimeout fInheritReconnectSame fReconnectSame fInheritMaxSessionTime fInheritMaxDisconnectionTime MaxDisconnectionTime MaxConnectionTime fInheritMaxIdleTime MaxIdleTime MaxInstanceCount'
for set in 1 2; do
	got=
	for v in $names; do got="$got $(val "$SYS" "$X$set\\$RDP" $v)"; done
	is "R-3: ControlSet00$set RDP-Tcp: the thirteen values" "$got" "$want"
	{
		say "< \"SecurityLayer\"=$(dword 1)" "> \"SecurityLayer\"=$(dword 0)"
		say "< \"MinEncryptionLevel\"=$(dword 2)" "> \"MinEncryptionLevel\"=$(dword 1)"
		say "> \"fQueryUserConfigFromLocalMachine\"=$(dword 1)"
		say "< \"KeepAliveTimeout\"=$(dword 0)" "> \"KeepAliveTimeout\"=$(dword 1)"
		say "< \"fInheritReconnectSame\"=$(dword 1)" "> \"fInheritReconnectSame\"=$(dword 0)"
		say "< \"fReconnectSame\"=$(dword 0)" "> \"fReconnectSame\"=$(dword 1)"
		for v in fInheritMaxSessionTime fInheritMaxDisconnectionTime fInheritMaxIdleTime; do
			say "< \"$v\"=$(dword 0)" "> \"$v\"=$(dword 1)"
		done
		for v in MaxDisconnectionTime MaxConnectionTime MaxIdleTime; do
			say "< \"$v\"=$(dword 60000)" "> \"$v\"=$(dword 0)"
		done
		say "< \"MaxInstanceCount\"=$(dword 2)" "> \"MaxInstanceCount\"=$(dword 0xffffffff)"
	} > "$TMP/expect"
	only_below "R-3: ControlSet00$set RDP-Tcp: those values, nothing else below it" rdp$set "$SYS" "$X$set\\$RDP"
done
{
	say "> \"KeepAliveEnable\"=$(dword 1)"
	say "> \"KeepAliveInterval\"=$(dword 1)"
	say "> \"fDisableAutoReconnect\"=$(dword 0)"
} > "$TMP/expect"
only "R-3: SOFTWARE: the three policy values, nothing else" "$TMP/SOFTWARE.reg" "$SOFT"
unchanged R-3 store
undone R-3

# ---- R-4 and R-5: TLS keys made, NLA on ----
drive r4 "$BIOS"
SP='Control\SecurityProviders'
for set in 1 2; do snap sp$set "$SYS" "$X$set\\$SP"; done
apply "R-4/R-5" r4-r5-tls-nla.cmd
for set in 1 2; do
	for t in 1.0 1.1 1.2; do
		is "R-4: ControlSet00$set TLS $t\\Server Enabled dword 1" \
			"$(val "$SYS" "$X$set\\$SP\\SCHANNEL\\Protocols\\TLS $t\\Server" Enabled)" "$(dword 1)"
	done
	for t in 1.0 1.1 1.2; do
		say "> $(key "$X$set\\$SP\\SCHANNEL\\Protocols\\TLS $t")"
		say "> $(key "$X$set\\$SP\\SCHANNEL\\Protocols\\TLS $t\\Server")"
		say "> \"Enabled\"=$(dword 1)"
	done > "$TMP/expect"
	only_below "R-4: ControlSet00$set: the six keys made, nothing else under SecurityProviders" sp$set "$SYS" "$X$set\\$SP"
	is "R-5: ControlSet00$set UserAuthentication dword 1 (NLA)" "$(val "$SYS" "$X$set\\$RDP" UserAuthentication)" "$(dword 1)"
done
unchanged "R-4/R-5" store software
undone "R-4/R-5"

# ---- R-6 and R-7: the services' defaults, their value names in the
# hive's case ("Start", "Type"), not the article's ("start", "type") ----
# service NAME SCRIPT KEY START ACCOUNT
service() {
	drive "$1" "$BIOS"
	for set in 1 2; do snap svc$set "$SYS" "$X$set\\services\\$3"; done
	apply "$1" "$2"
	for set in 1 2; do
		K="$X$set\\services\\$3"
		is "$1: ControlSet00$set $3: start $4, ObjectName $5, type 16" \
			"$(named "$SYS" "$K" start) $(val "$SYS" "$K" ObjectName) $(named "$SYS" "$K" type)" \
			"$(dword $4) $(sz "$5") $(dword 16)"
		# reg.exe sets the value that is there, whatever the case of the
		# name it is given, and the name keeps its case.
		is "$1: ControlSet00$set $3: the names as the hive has them, Start and Type" \
			"$(names "$SYS" "$K" start) $(names "$SYS" "$K" type)" "Start Type"
		{
			say "< \"Start\"=$(dword 4)" "> \"Start\"=$(dword $4)"
			say "< \"ObjectName\"=$(sz LocalSystem)" "> \"ObjectName\"=$(sz "$5")"
			say "< \"Type\"=$(dword 0x20)" "> \"Type\"=$(dword 16)"
		} > "$TMP/expect"
		only_below "$1: ControlSet00$set $3: those three values, nothing else below it" svc$set "$SYS" "$K"
		is "$1: ControlSet00$set: one key $3 in any case" "$(one "$SYS" "$X$set\\services" "$3")" 1
	done
	unchanged "$1" store software
	undone "$1"
}
service R-6 r6-remote-desktop-services.cmd TermService 3 'NT Authority\NetworkService'
service R-7 r7-dhcp-client.cmd Dhcp 2 'NT Authority\LocalService'

# ---- R-9: DoNotAllowExceptions deleted in the six profiles ----
drive r9 "$BIOS"
for set in 1 2; do snap fw$set "$SYS" "$X$set\\$FWP"; done
apply R-9 r9-block-all-incoming.cmd
for set in 1 2; do
	for p in Domain Public Standard; do
		is "R-9: ControlSet00$set ${p}Profile: DoNotAllowExceptions deleted" \
			"$(val "$SYS" "$X$set\\$FWP\\${p}Profile" DoNotAllowExceptions)" absent
	done
	say '< "DoNotAllowExceptions"=dword:00000001' '< "DoNotAllowExceptions"=dword:00000001' '< "DoNotAllowExceptions"=dword:00000001' > "$TMP/expect"
	only_below "R-9: ControlSet00$set: those three values gone, nothing else in the firewall policy" fw$set "$SYS" "$X$set\\$FWP"
done
unchanged R-9 store software
undone R-9

# ---- R-13: CleanupProfiles deleted from SOFTWARE ----
drive r13 "$BIOS"
apply R-13 r13-cleanup-profiles.cmd
is "R-13: CleanupProfiles deleted" "$(val "$SOFT" 'Policies\Microsoft\Windows\System' CleanupProfiles)" absent
say "< \"CleanupProfiles\"=$(dword 30)" > "$TMP/expect"
only "R-13: SOFTWARE: that value gone, the key kept, nothing else" "$TMP/SOFTWARE.reg" "$SOFT"
unchanged R-13 store system
undone R-13

# ---- Bad input: each fails, saying one line that names the script's
# line, and writes nothing ----
drive bad "$BIOS"
s0=$(sums) l0=$(files)
# refused NAME LINE TEXT SCRIPT [OPTION...]: SCRIPT fails on line LINE,
# its one line of error naming it and TEXT; nothing on the drive changes.
refused() {
	name=$1 line=$2 text=$3
	shift 3
	run "$@"
	that "$name: exits non-zero (got $rc)" test "$rc" -ne 0
	is "$name: one line on stderr" "$(wc -l < "$TMP/err")" 1
	that "$name: it says line $line" grep -q "^winrescue: line $line: " "$TMP/err" ||
		sed 's/^/#   /' "$TMP/err"
	that "$name: it names $text" grep -qF -- "$text" "$TMP/err"
	is "$name: nothing written" "$(sums)" "$s0"
	is "$name: no file made on the drive" "$(files)" "$l0"
}
# script NAME LINE...: a script of those lines in $TMP/NAME.cmd, CRLF.
script() {
	f=$TMP/$1.cmd
	shift
	printf '%s\r\n' "$@" > "$f"
}
LOAD='reg load HKLM\BROKENSYSTEM F:\windows\system32\config\SYSTEM'
NMI='reg add "HKLM\BROKENSYSTEM\ControlSet001\Control\CrashControl" /v NMICrashDump /t REG_DWORD /d 1 /f'
script copy 'REM a line winrescue cannot run' 'bcdedit /store F:\boot\bcd /set {bootmgr} timeout 7' 'copy x y'
refused "unknown command" 3 copy "$f" --yes
script element "$LOAD" "$NMI" 'bcdedit /store F:\boot\bcd /set {default} nosuchthing 1'
refused "unknown element" 3 nosuchthing "$f" --yes
script type 'bcdedit /store F:\boot\bcd /set {bootmgr} timeout 7' "$LOAD" \
	'reg add "HKLM\BROKENSYSTEM\ControlSet001\Control\CrashControl" /v CrashDumpEnabled /t REG_DWORD /d abc /f'
refused "REG_DWORD abc" 3 abc "$f" --yes
refused "an unclosed quote (R-6 as printed, its typographic quote)" 7 'not closed' "$SCRIPTS/as-printed/r6-remote-desktop-services.cmd" --yes
script letter 'bcdedit /store F:\boot\bcd /set {bootmgr} timeout 7' 'bcdedit /store G:\boot\bcd /set {default} bootlog yes'
refused "drive G: mapped nowhere" 2 'G:' "$f" --yes
script nostore "$LOAD" 'bcdedit /set {bootmgr} timeout 5'
refused "bcdedit /set without a store" 2 store "$f" --yes
script nof "$LOAD" 'REG DELETE "HKLM\BROKENSYSTEM\ControlSet001\services\SharedAccess\Parameters\FirewallPolicy\DomainProfile" /v DoNotAllowExceptions'
refused "REG DELETE without /f" 2 /f "$f" --yes
refused "R-10 as printed: PowerShell's own commands" 8 '$ControlSet' "$SCRIPTS/as-printed/r10-disable-guest-firewall.ps1" --yes
# B-8's revert as printed, on the store debug mode left (on another, its
# first /deletevalue fails: the element is not there to delete).
drive bad-b8 "$TMP/debug-mode.bcd"
s0=$(sums) l0=$(files)
refused "B-8's revert as printed: bcddit" 13 bcddit "$SCRIPTS/as-printed/b8-dump-crash-mode-revert.cmd" --yes
# The dry run fails on the same line.
script copy 'REM a line winrescue cannot run' 'bcdedit /store F:\boot\bcd /set {bootmgr} timeout 7' 'copy x y'
refused "unknown command, dry run" 3 copy "$f" --dry-run
done_testing
