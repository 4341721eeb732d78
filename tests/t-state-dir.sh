#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Where a commit keeps its backups and journal: the state directory, made
# private, and refused when there is none or it is not the user's own.
# Each refusal is one line, before anything is written.
. "${srcdir:-.}/tests/lib.sh"
W=$WINRESCUE

sha() { sha256sum "$1" | cut -c1-64; }
# new_store NAME: a store the safeboot repair changes, at $TMP/NAME.
new_store() { "$MKSTORE" safeboot-inherited "$TMP/$1" || bail "mkstore failed"; }
# commit STORE [VAR=VALUE...]: the safeboot repair committed, in that
# environment; $rc, $TMP/out and $TMP/err say how it went.
commit() {
	store=$1
	shift
	env "$@" "$W" repair safeboot --store "$store" --yes > "$TMP/out" 2> "$TMP/err"
	rc=$?
}
# refused STORE SHA: exit 1, one line on stderr, the store as it was.
refused() { [ "$rc" -eq 1 ] && [ "$(wc -l < "$TMP/err")" -eq 1 ] && [ "$(sha "$1")" = "$2" ]; }

new_store s1
commit "$TMP/s1" XDG_STATE_HOME="$TMP/h1"
check "a commit makes the state directory (got $rc: $(cat "$TMP/err"))" test "$rc" -eq 0
check "... private: 0700" test "$(stat -c %a "$TMP/h1/winrescue")" = 700
check "... the backup and the journal in it" sh -c "ls '$TMP/h1/winrescue/'s1.winrescue-*.bak && test -s '$TMP/h1/winrescue/journal.jsonl'"

# Not /tmp/.local/state: anyone could have made that folder first.
new_store s2
before=$(sha "$TMP/s2")
commit "$TMP/s2" -u HOME -u XDG_STATE_HOME
check "no HOME and no XDG_STATE_HOME: refused, one line, nothing written (got $rc)" refused "$TMP/s2" "$before"
check "... saying so" grep -qx "winrescue: $TMP/s2: neither HOME nor XDG_STATE_HOME is set: winrescue has nowhere to keep its backups and journal" "$TMP/err"
check "... no backup beside the store" sh -c "! ls '$TMP'/s2.winrescue-*"

new_store s3
before=$(sha "$TMP/s3")
mkdir -p "$TMP/h3" "$TMP/elsewhere"
ln -s "$TMP/elsewhere" "$TMP/h3/winrescue"
commit "$TMP/s3" XDG_STATE_HOME="$TMP/h3"
check "a state directory that is a symbolic link: refused, one line, nothing written (got $rc)" refused "$TMP/s3" "$before"
check "... saying so" grep -qx "winrescue: $TMP/s3: $TMP/h3/winrescue is a symbolic link; the backups must go into a folder of your own" "$TMP/err"
check "... nothing went where it points" test -z "$(ls -A "$TMP/elsewhere")"

if [ "$(id -u)" -eq 0 ]; then
	new_store s4
	before=$(sha "$TMP/s4")
	mkdir -p "$TMP/h4/winrescue" && chown 65534:65534 "$TMP/h4/winrescue"
	commit "$TMP/s4" XDG_STATE_HOME="$TMP/h4"
	check "a state directory of another user: refused, one line, nothing written (got $rc)" refused "$TMP/s4" "$before"
	check "... saying so" grep -qx "winrescue: $TMP/s4: $TMP/h4/winrescue belongs to user 65534, not to you (0); the backups must go into a folder of your own" "$TMP/err"
	check "... nothing in it" test -z "$(ls -A "$TMP/h4/winrescue")"
else
	n=$((n + 1)); echo "ok $n # SKIP not root: cannot give a folder to another user"
fi

done_testing
