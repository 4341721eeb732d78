#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Yes/no questions follow the locale: the locale's yes and no (rpmatch), the
# prompt in the messages' language, and the letters it shows.  On the
# command line (a terminal from script(1)) and in the console.
. "${srcdir:-.}/tests/lib.sh"
need script
W=$WINRESCUE
XDG_STATE_HOME=$TMP/state
export XDG_STATE_HOME
"$MKSTORE" safeboot-minimal "$TMP/BCD.orig" || bail "mkstore failed"

# answer NAME REPLY [ENV...]: "repair safeboot" on a fresh store with REPLY
# typed at its question; $TMP/NAME.out holds the terminal, $TMP/NAME.BCD the store.
answer() {
	name=$1 reply=$2
	shift 2
	cp "$TMP/BCD.orig" "$TMP/$name.BCD"
	printf '%s\n' "$reply" | env "$@" script -qec "'$W' repair safeboot --store '$TMP/$name.BCD'" /dev/null |
		tr -d '\r' > "$TMP/$name.out"
}
written() { ! cmp -s "$TMP/BCD.orig" "$TMP/$1.BCD"; }
kept() { cmp -s "$TMP/BCD.orig" "$TMP/$1.BCD" && grep -q "$2" "$TMP/$1.out"; }

answer c-y y
check "C: the question, with its letters" grep -q '^Write these changes? \[y/N\] ' "$TMP/c-y.out"
check "C: y writes" written c-y
answer c-Y YES
check "C: YES writes" written c-Y
answer c-j j
# (The terminal echoes the j before or after the question, as the two
# processes happen to run: only the answer is looked at.)
check "C: j is not yes in English: nothing written" kept c-j 'Nothing was written\.$'
answer c-empty ''
check "C: Enter alone is no" kept c-empty 'Nothing was written'
answer c-n n
check "C: n is no" kept c-n 'Nothing was written'

answer nl-j j LANGUAGE=nl LC_ALL=nl_NL.UTF-8
check "Dutch: the question translated, with its letters" grep -q '^Deze wijzigingen schrijven? \[j/N\] ' "$TMP/nl-j.out"
check "Dutch: j writes" written nl-j
answer nl-ja Ja LANGUAGE=nl LC_ALL=nl_NL.UTF-8
check "Dutch: Ja writes" written nl-ja
answer nl-y y LANGUAGE=nl LC_ALL=nl_NL.UTF-8
check "Dutch: y is yes in the Dutch locale too" written nl-y
answer nl-n nee LANGUAGE=nl LC_ALL=nl_NL.UTF-8
check "Dutch: nee is no" kept nl-n 'Er is niets geschreven'
# Dutch messages in the C locale (a bare rescue system with LANGUAGE=nl):
# the j the question shows still means yes.
answer nlc-j j LANGUAGE=nl LC_ALL=C
check "Dutch messages in the C locale: the question says j" grep -q '\[j/N\] ' "$TMP/nlc-j.out"
check "Dutch messages in the C locale: j writes" written nlc-j


# The console's questions, by the same rule: quitting with a change staged.
# quit NAME KEY [ENV...]: stage safeboot, q, then KEY at the question; the
# screen after it is in $TMP/NAME.txt unless the console has ended.
quit() {
	name=$1 key=$2
	shift 2
	printf '%s\n' '<F2>' '<Enter>' y q "$key" ":save-display $TMP/$name.txt" > "$TMP/$name.steps"
	env LINES=24 COLUMNS=80 WINRESCUE_SCRIPT="$TMP/$name.steps" "$@" "$W" --store "$TMP/BCD.orig" \
		> /dev/null 2>&1
}
ended() { test "$1" -eq 0 && test ! -e "$TMP/$2.txt"; }
quit con-Y Y
check "console, C: Y answers yes: the console has ended" ended $? con-Y
quit con-j j
check "console, C: j answers nothing: the question stays" grep -q 'Quit and discard them?  y: yes  n: no' "$TMP/con-j.txt"
quit con-n n
check "console, C: n is no: back to the panes" sh -c "! grep -q 'Quit and discard' '$TMP/con-n.txt' && grep -q '^F1 Help' '$TMP/con-n.txt'"
quit con-nl-J J LANGUAGE=nl LC_ALL=nl_NL.UTF-8
check "console, Dutch: J answers yes" ended $? con-nl-J
quit con-nl-plus + LANGUAGE=nl LC_ALL=nl_NL.UTF-8
check "console, Dutch: + is the Dutch locale's yes too" ended $? con-nl-plus
quit con-nl-x x LANGUAGE=nl LC_ALL=nl_NL.UTF-8
check "console, Dutch: the question shows j and n" grep -q '  j: ja  n: nee' "$TMP/con-nl-x.txt"
quit con-nlc-j j LANGUAGE=nl LC_ALL=C
check "console, Dutch messages in the C locale: j answers yes" ended $? con-nlc-j
done_testing
