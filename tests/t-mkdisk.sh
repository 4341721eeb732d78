#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mkdisk's command line, refused before any file is made or any appliance
# starts: an option is never taken for a FILE (mkdisk bios --safeboot once
# wrote a 100 MB image named --safeboot), an unknown option or KIND and a
# missing operand are one line saying so, the usage line, exit 2.
. "${srcdir:-.}/tests/lib.sh"

usage='usage: mkdisk [--inspect] [--safe-write-test] [--safeboot] [--spoil-only] KIND FILE...'
# refused DESCRIPTION FIRST-LINE ARG...
refused() {
	what=$1
	printf '%s\n%s\n' "$2" "$usage" > "$TMP/want"
	shift 2
	mkdir "$TMP/cwd"
	(cd "$TMP/cwd" && timeout 20 "$MKDISK" "$@") > "$TMP/out" 2> "$TMP/err"
	rc=$?
	check "$what: exit 2 (got $rc)" test "$rc" -eq 2
	same "$what: what is wrong, then the usage line" "$TMP/want" "$TMP/err"
	check "$what: nothing on stdout" test ! -s "$TMP/out"
	check "$what: no file made (got: $(ls -A "$TMP/cwd" | tr '\n' ' '))" test -z "$(ls -A "$TMP/cwd")"
	rm -rf "$TMP/cwd"
}

refused "an option after KIND" "mkdisk: KIND bios has no FILE" bios --safeboot
refused "an option after KIND FILE" "mkdisk: unknown option --bogus" bios a.img --bogus
refused "an unknown option" "mkdisk: unknown option --bogus" --bogus a.img
refused "a short option" "mkdisk: unknown option -s" -s bios a.img
refused "an option given a value" "mkdisk: unknown option --safeboot=yes" --safeboot=yes bios a.img
refused "no operand" "mkdisk: no KIND FILE given" --inspect
refused "an unknown KIND" "mkdisk: unknown KIND a.img (bios, uefi, nowin, bitlocker, dirtysystem, full, systemonly, badstore, nostore, nobootmgr, nobootmgfw, noactive, bios-FAULT, uefi-FAULT (FAULT: clean, nostore, badstore, truncstore, emptystore, nobootmgrobj, noloader), blbios=VOLUME, blinside=VOLUME, blraw=VOLUME)" a.img bios
refused "an unknown fault" "mkdisk: unknown KIND bios-nothing (bios, uefi, nowin, bitlocker, dirtysystem, full, systemonly, badstore, nostore, nobootmgr, nobootmgfw, noactive, bios-FAULT, uefi-FAULT (FAULT: clean, nostore, badstore, truncstore, emptystore, nobootmgrobj, noloader), blbios=VOLUME, blinside=VOLUME, blraw=VOLUME)" bios-nothing a.img
refused "a FILE missing after two disks" "mkdisk: KIND uefi has no FILE" bios a.img uefi
refused "twenty-five disks" "mkdisk: more than 24 disks" $(for i in $(seq 25); do printf "bios %s " $i; done)
done_testing
