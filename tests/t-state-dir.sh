#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Where a commit keeps its backups and journal: the state directory, made
# private, and refused when there is none or it is not the user's own; and
# long paths there, never cut short.  Each refusal is one line, before
# anything is written.
. "${srcdir:-.}/tests/lib.sh"
need jq
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

# deep LENGTH: a folder in $TMP whose path is LENGTH bytes long.
deep() {
	d=$TMP/deep
	while [ $((${#d} + 201)) -le "$1" ]; do d=$d/$(printf '%0200d' 0); done
	d=$d/$(printf '%0*d' $(($1 - ${#d} - 1)) 0)
	echo "$d"
}
# A state directory of 3,850 bytes: the backup's name still fits in
# PATH_MAX, and goes there, not to a folder its cut-short name would give.
home=$(deep 3840)
new_store s5
commit "$TMP/s5" XDG_STATE_HOME="$home"
check "a state directory of 3850 bytes: the commit works (got $rc: $(cut -c1-200 "$TMP/err"))" test "$rc" -eq 0
check "... its backup is in it" sh -c "ls '$home/winrescue/'s5.winrescue-*.bak"
# One of 4,070 bytes: the backup's name would not fit.
home=$(deep 4060)
new_store s6
before=$(sha "$TMP/s6")
commit "$TMP/s6" XDG_STATE_HOME="$home"
check "a state directory of 4070 bytes: refused, one line, nothing written (got $rc)" refused "$TMP/s6" "$before"
check "... the name is too long, and it says so" grep -q "^winrescue: $TMP/s6: the path is too long: $TMP/deep/0000" "$TMP/err"
check "... no backup beside the store either" sh -c "! ls '$TMP'/s6.winrescue-*"

# Checklist progress (kept after a run, committed or not) in a state
# directory of 4,010 bytes: in it.
home=$(deep 4000)
new_store s7
XDG_STATE_HOME=$home "$W" checklist run safe-mode --store "$TMP/s7" < /dev/null > "$TMP/out" 2> "$TMP/err"
check "checklist progress in a state directory of 4010 bytes is kept there" jq -e '.checklist == "safe-mode"' "$home/winrescue/checklists.jsonl"

done_testing
