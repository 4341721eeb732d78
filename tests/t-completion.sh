#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The bash completion (ui/bash-completion/winrescue) as bash runs it:
# commands, repairs, checklists and options from the program itself.
. "${srcdir:-.}/tests/lib.sh"

need bash
COMPLETION=$(cd "${srcdir:-.}" && pwd)/ui/bash-completion/winrescue
# completes WORD...: what bash offers for the last word of "winrescue WORD...".
completes() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _winrescue
		[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"' - "$COMPLETION" "$WINRESCUE" "$@" 2> /dev/null
}
# offers DESCRIPTION EXPECTED WORD...: the completions are exactly EXPECTED.
offers() {
	what=$1 want=$2
	shift 2
	got=$(cd "$TMP" && completes "$@" | sort | tr '\n' ' ')
	check "$what (got: $got)" test "$got" = "$want"
}
offers "rep<TAB>: repair" "repair " rep
offers "di<TAB>: diagnose and disks" "diagnose disks " di
offers "repair safe<TAB>: the repair" "safeboot " repair safe
offers "repair fire<TAB>: both firewall repairs" "firewall firewall-off " repair fire
offers "repair --st<TAB>: its option" "--store " repair --st
offers "checklist <TAB>: list, run" "list run " checklist ""
offers "checklist run s<TAB>: the checklists" "safe-mode serial-dump " checklist run s
offers "bcd <TAB>: enum" "enum " bcd ""
offers "disks --k<TAB>: --key" "--key " disks --k
offers "--key <TAB>: nothing (a secret)" "" disks --key ""
offers "--<TAB>: the console's options" "--demo --help --key --software --store --system --version " --
: > "$TMP/disk.img"
offers "repair safeboot di<TAB>: the repairs, and a disk image here" "disable-service disk.img displayorder " repair safeboot di
offers "checklist run <TAB>: every checklist, no file" "bcd-repair boot-flags boot-loop no-rdp safe-mode serial-dump " checklist run ""
# Every repair --list names is offered.
missing=
for r in $("$WINRESCUE" repair --list | awk 'NR > 1 { print $1 }'); do
	completes repair "$r" | grep -qx -- "$r" || missing="$missing $r"
done
check "every repair is offered (not:$missing)" test -z "$missing"
done_testing
