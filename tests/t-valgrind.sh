#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# valgrind on the command-line paths: no leaks, no invalid reads or writes.
. "${srcdir:-.}/tests/lib.sh"

need valgrind
if [ "${WINRESCUE_SANITIZERS:-no}" = yes ]; then
	echo "1..0 # SKIP built with sanitizers (valgrind cannot run ASan binaries)"
	exit 0
fi
"$MKSTORE" bad-elements "$TMP/bad" || bail "mkstore failed"
"$MKSTORE" inherit-cycle "$TMP/cycle" || bail "mkstore failed"

# grind DESCRIPTION ARGS...: the CLI under memcheck.  Any exit status the
# program chooses is accepted, but not a signal (128 and up: a crash), and
# not one error in valgrind's summary (leaks count as errors here).
grind() {
	desc=$1
	shift
	valgrind --log-file="$TMP/vg" --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
		"$WINRESCUE" "$@" > /dev/null 2>&1
	rc=$?
	# One summary per process (a child forked without exec writes its own).
	errors=$(awk '$2 " " $3 == "ERROR SUMMARY:" { n++; e += $4 } END { print n ? e : "no" }' "$TMP/vg")
	f=$failures
	check "$desc: valgrind clean (exit $rc, $errors errors)" test "$rc" -lt 128 -a "$rc" -ne 99 -a "$errors" = 0
	[ "$failures" -eq "$f" ] || sed '1,/Command:/d; /^==[0-9]*== *$/d' "$TMP/vg" | head -30 | sed 's/^/# /'
}

grind "--help" --help
grind "usage error" bcd enum
grind "demo store, every object, inherited, verbose" bcd enum --demo --all --inherited --verbose
grind "demo UEFI store as JSON" bcd enum --demo=uefi --all --json --inherited
grind "missing file" bcd enum --store "$TMP/missing"
grind "bad elements" bcd enum --all --store "$TMP/bad"
grind "inherit cycle" bcd enum --all --inherited --store "$TMP/cycle"
grind "{current}" bcd enum --store "$TMP/bad" '{current}'
grind "host disks from sysfs" disks
grind "host disks as JSON" disks --json
printf 'not a disk\n' > "$TMP/notes.txt"
grind "a disk refused before launch" disks "$TMP/notes.txt"
"$MKSTORE" safeboot-inherited "$TMP/sb" || bail "mkstore failed"
XDG_STATE_HOME=$TMP/state
export XDG_STATE_HOME
grind "repair, dry run" repair safeboot serial --store "$TMP/sb" --dry-run
grind "repair, commit" repair safeboot serial --store "$TMP/sb" --yes
grind "undo --list" undo --list --store "$TMP/sb"
grind "undo" undo --store "$TMP/sb" --yes
grind "undo with nothing left" undo --store "$TMP/sb" --yes
grind "repair needing a SYSTEM hive" repair crashdump --store "$TMP/sb"
"$MKSTORE" system "$TMP/system" || bail "mkstore failed"
grind "diagnose, text" diagnose --store "$TMP/sb" --system "$TMP/system"
grind "diagnose, JSON" diagnose --store "$TMP/sb" --system "$TMP/system" --json
grind "repair --list" repair --list
"$MKSTORE" software "$TMP/software" && "$MKSTORE" no-bootmgr "$TMP/nobm" && "$MKSTORE" system-dc "$TMP/dc" ||
	bail "mkstore failed"
grind "diagnose with SOFTWARE, a Markdown report" diagnose --store "$TMP/nobm" --system "$TMP/system" \
	--software "$TMP/software" --report "$TMP/report.md"
grind "a check that only reports, refused" repair default --store "$TMP/sb"
grind "repair bootmgr, commit" repair bootmgr --store "$TMP/nobm" --yes
grind "repair dsrm on a domain controller, dry run" repair dsrm --store "$TMP/sb" --system "$TMP/dc" --dry-run
grind "checklist boot-flags, dry run" checklist run boot-flags --store "$TMP/sb" --dry-run
mkdir -p "$TMP/dirty" && "$MKSTORE" dirty-system "$TMP/dirty/SYSTEM" || bail "mkstore failed"
grind "repair on a dirty hive its log recovers" repair crashdump --system "$TMP/dirty/SYSTEM" --yes
grind "undo back to the dirty hive" undo --system "$TMP/dirty/SYSTEM" --yes
if have_fixtures "real stores and dirty hives"; then
	grind "real store with ramdisk, locate and VHD devices" bcd enum --all --json \
		--store "$WINRESCUE_FIXTURES/bcd-bcdedit-generated-inherited-safeboot-ntloader.hive"
	grind "not a BCD store" bcd enum --store "$WINRESCUE_FIXTURES/system-delta-differencing-v1.6-yarp.hive"
	grind "hive check: dirty sets and a clean store with logs" hive check \
		"$WINRESCUE_FIXTURES/dirty-newformat-yarp.hive" "$WINRESCUE_FIXTURES/dirty-oldformat-yarp.hive" \
		"$WINRESCUE_FIXTURES/bcd-win10-uefi-t480s-multiboot.hive"
	grind "hive replay" hive replay "$WINRESCUE_FIXTURES/dirty-newformat-yarp.hive" --output "$TMP/replayed"
	grind "hive replay refusing an existing output" hive replay "$WINRESCUE_FIXTURES/dirty-newformat-yarp.hive" --output "$TMP/replayed"
fi
done_testing
