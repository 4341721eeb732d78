# SPDX-License-Identifier: GPL-3.0-or-later
# lib.sh - TAP helpers for the shell tests (sourced).
set -u
n=0
failures=0
TMP=$(mktemp -d /tmp/wr-sh-XXXXXX) || exit 99
trap 'rm -rf "$TMP"' EXIT

# check DESCRIPTION COMMAND...: one TAP result from a command's exit status.
check() {
	desc=$1
	shift
	n=$((n + 1))
	if "$@" >/dev/null 2>&1; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		echo "#   command: $*"
		failures=$((failures + 1))
	fi
}

# same DESCRIPTION EXPECTED-FILE ACTUAL-FILE: compare, show a diff on failure.
same() {
	n=$((n + 1))
	if diff -u "$2" "$3" > "$TMP/diff" 2>&1; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		sed 's/^/#   /' "$TMP/diff" | head -40
		failures=$((failures + 1))
	fi
}

# The bytes a terminal acts on, as a PCRE over bytes: C0 but tab and
# newline, DEL, C1 in UTF-8, the bidirectional controls in UTF-8.
RAW='[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c'
# need_raw_check: grep -P must find such a byte, or `clean` proves nothing.
need_raw_check() {
	printf 'a\033b' | LC_ALL=C grep -aqP "$RAW" || bail "grep -P cannot find an ESC byte here"
}
# clean DESC FILE...: no such byte in any of the files.
clean() {
	desc=$1
	shift
	check "$desc: no raw control character" sh -c '! LC_ALL=C grep -aqP "$0" "$@"' "$RAW" "$@"
}

# need PROGRAM: skip the whole file when a tool is missing.
need() {
	command -v "$1" >/dev/null 2>&1 || { echo "1..0 # SKIP $1 not installed"; exit 0; }
}

need_fixtures() {
	[ -n "${WINRESCUE_FIXTURES:-}" ] && [ -d "$WINRESCUE_FIXTURES" ] ||
		{ echo "1..0 # SKIP fixtures not available"; exit 0; }
}

# skip NAME REASON: one TAP result for checks that cannot run here, so that
# they show up as skipped instead of vanishing.
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

# have PROGRAM NAME: true when PROGRAM is installed; if not, NAME is skipped.
have() {
	command -v "$1" >/dev/null 2>&1 && return 0
	skip "$2" "$1 not installed"
	return 1
}

# have_fixtures NAME [FILE]: true when the real fixtures (and FILE among
# them) are there; if not, NAME is skipped.
have_fixtures() {
	[ -n "${WINRESCUE_FIXTURES:-}" ] && [ -d "$WINRESCUE_FIXTURES" ] &&
		[ -e "$WINRESCUE_FIXTURES/${2:-.}" ] && return 0
	skip "$1" "${2:-fixtures} not available"
	return 1
}

bail() {
	echo "Bail out! $*"
	exit 99
}

# The whole hive as .reg text (every key, every value's type and bytes).
export_hive() { hivexregedit --export --prefix 'HKLM\X' "$1" '\' | tr -d '\r'; }
# value_of EXPORT KEY NAME: the data of value NAME of KEY in an export
# ("dword:00000001", "hex(3):01"), or "absent".
value_of() {
	K="[HKLM\\X\\$2]" V="\"$3\"=" awk 'tolower($0) == tolower(ENVIRON["K"]) { f = 1; next } /^\[/ { f = 0 }
		f && index($0, ENVIRON["V"]) == 1 { print substr($0, length(ENVIRON["V"]) + 1); found = 1; exit }
		END { if (!found) print "absent" }' "$1"
}

done_testing() {
	echo "1..$n"
	[ "$failures" -eq 0 ]
}

# console NAME [ARGS...] < steps: the console headless at $LINES x $COLUMNS
# (default 80x24), keys from the steps; ":save-display X" in them writes
# $TMP/NAME-X.txt, which `shows` greps.
console() {
	name=$1
	shift
	sed "s|^:save-display |:save-display $TMP/$name-|; s|^\(:save-display .*\)\$|\1.txt|" > "$TMP/$name.steps"
	LINES=${LINES:-24} COLUMNS=${COLUMNS:-80} WINRESCUE_SCRIPT="$TMP/$name.steps" \
		"$WINRESCUE" "$@" > "$TMP/$name.out" 2> "$TMP/$name.err"
}
# shows DESCRIPTION NAME-X PATTERN: the screen dump NAME-X shows PATTERN.
shows() { check "$1" grep -q -- "$3" "$TMP/$2.txt"; }
