#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Yes/no questions follow the locale: the locale's yes and no (rpmatch), the
# prompt in the messages' language, and the letters it shows.  On the
# command line (a terminal from script(1)).
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
check "C: j is not yes in English: nothing written" kept c-j '^Write these changes? \[y/N\] Nothing was written\.$'
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

done_testing
