#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The journals, checklists.jsonl and the backups a record names are data
# from the disk, not trusted input: a symbolic link, a FIFO, a device, a
# file others can write, a huge file or line, terminal controls and a
# record naming someone else's file are refused in one line, fast, with
# nothing written outside the hive's folder and the state directory.
. "${srcdir:-.}/tests/lib.sh"
need jq
need timeout
W=$WINRESCUE
XDG_STATE_HOME=$TMP/state
export XDG_STATE_HOME
STATE=$TMP/state/winrescue

sha() { sha256sum "$1" | cut -c1-64; }
# one_line DESC FILE TEXT: FILE is exactly one line, holding TEXT.
one_line() { check "$1" sh -c '[ "$(wc -l < "$0")" -eq 1 ] && grep -qF -- "$1" "$0"' "$2" "$3"; }
# A folder $1 with a fresh store in it.
store() { mkdir -p "$1" && "$MKSTORE" bios "$1/BCD" || bail "mkstore failed"; }
# forge FILE JQ-FILTER: the last commit of journal FILE changed by the
# filter, appended to it as a newer record.
forge() {
	jq -c "select(.action == \"commit\") | .id = \"forged-1\" | .time = \"2999-01-01T00:00:00Z\" | $2" "$1" |
		tail -n 1 > "$TMP/forged" && cat "$TMP/forged" >> "$1"
}

printf 'canary\n' > "$TMP/canary"
cp "$TMP/canary" "$TMP/canary.orig"

# A symbolic link as the journal beside the hive: nothing appended to its
# target, no dangling target created, the link named.
store "$TMP/ln"
ln -s ../canary "$TMP/ln/winrescue-journal.jsonl"
"$W" repair serial --store "$TMP/ln/BCD" --yes > /dev/null 2> "$TMP/err"
rc=$?
check "journal a symbolic link: repair fails (rc=$rc)" test $rc -ne 0
check "journal a symbolic link: its target unchanged" cmp "$TMP/canary" "$TMP/canary.orig"
one_line "journal a symbolic link: one line naming it" "$TMP/err" "$TMP/ln/winrescue-journal.jsonl: a symbolic link: refusing to follow it"
"$W" undo --list --store "$TMP/ln/BCD" > /dev/null 2> "$TMP/err"
rc=$?
check "journal a symbolic link: undo --list fails (rc=$rc)" test $rc -ne 0
one_line "journal a symbolic link: undo --list says so in one line" "$TMP/err" "winrescue-journal.jsonl: a symbolic link: refusing to follow it"

store "$TMP/dl"
ln -s ../nowhere "$TMP/dl/winrescue-journal.jsonl"
"$W" repair serial --store "$TMP/dl/BCD" --yes > /dev/null 2> "$TMP/err"
check "dangling link: its target not created" test ! -e "$TMP/nowhere" -a ! -L "$TMP/nowhere"
one_line "dangling link: one line naming it" "$TMP/err" "$TMP/dl/winrescue-journal.jsonl: a symbolic link"

# The journal in the state directory, a link too.
store "$TMP/sl"
mkdir -p "$STATE"
mv "$STATE/journal.jsonl" "$TMP/state-journal" 2> /dev/null
ln -s "$TMP/canary" "$STATE/journal.jsonl" || bail "ln failed"
"$W" repair serial --store "$TMP/sl/BCD" --yes > /dev/null 2> "$TMP/err"
check "state journal a symbolic link: its target unchanged" cmp "$TMP/canary" "$TMP/canary.orig"
one_line "state journal a symbolic link: one line naming it" "$TMP/err" "$STATE/journal.jsonl: a symbolic link"
rm "$STATE/journal.jsonl"
mv "$TMP/state-journal" "$STATE/journal.jsonl" 2> /dev/null

# A FIFO: no hang.
store "$TMP/ff"
mkfifo "$TMP/ff/winrescue-journal.jsonl"
timeout 10 "$W" undo --list --store "$TMP/ff/BCD" > /dev/null 2> "$TMP/err"
rc=$?
check "journal a FIFO: undo --list returns, failing (rc=$rc)" test $rc -ne 0 -a $rc -ne 124
one_line "journal a FIFO: one line" "$TMP/err" "$TMP/ff/winrescue-journal.jsonl: not a regular file: refusing to use it"
timeout 10 "$W" undo --dry-run --store "$TMP/ff/BCD" > /dev/null 2> "$TMP/err"
rc=$?
check "journal a FIFO: undo --dry-run returns, failing (rc=$rc)" test $rc -ne 0 -a $rc -ne 124

# A device: through a link, and (as root) the node itself.
store "$TMP/dz"
ln -s /dev/zero "$TMP/dz/winrescue-journal.jsonl"
timeout 10 "$W" undo --list --store "$TMP/dz/BCD" > /dev/null 2> "$TMP/err"
rc=$?
check "journal a link to /dev/zero: refused, not read (rc=$rc)" test $rc -ne 0 -a $rc -ne 124
one_line "journal a link to /dev/zero: one line" "$TMP/err" "winrescue-journal.jsonl: a symbolic link"
store "$TMP/dn"
if mknod "$TMP/dn/winrescue-journal.jsonl" c 1 5 2> /dev/null; then
	timeout 10 "$W" undo --list --store "$TMP/dn/BCD" > /dev/null 2> "$TMP/err"
	rc=$?
	check "journal a device node: refused, not read (rc=$rc)" test $rc -ne 0 -a $rc -ne 124
	one_line "journal a device node: one line" "$TMP/err" "$TMP/dn/winrescue-journal.jsonl: not a regular file"
	timeout 10 "$W" repair serial --store "$TMP/dn/BCD" --yes > /dev/null 2> "$TMP/err"
	rc=$?
	check "journal a device node: repair refuses to append to it (rc=$rc)" test $rc -ne 0 -a $rc -ne 124
else
	skip "journal a device node" "mknod needs root"
fi

# A real journal to forge from: one commit on a store.
store "$TMP/ok"
"$W" repair serial --store "$TMP/ok/BCD" --yes > /dev/null 2>&1 || bail "repair failed"
J=$TMP/ok/winrescue-journal.jsonl
cp "$J" "$TMP/journal.good"

# Writable by others, or owned by someone else: refused.
chmod 666 "$J"
"$W" undo --list --store "$TMP/ok/BCD" > /dev/null 2> "$TMP/err"
rc=$?
check "journal writable by others: undo --list fails (rc=$rc)" test $rc -ne 0
one_line "journal writable by others: one line" "$TMP/err" "$J: other users can write it (mode 0666): refusing to use it"
chmod 600 "$J"
if [ "$(id -u)" -eq 0 ] && chown nobody "$J" 2> /dev/null; then
	"$W" undo --list --store "$TMP/ok/BCD" > /dev/null 2> "$TMP/err"
	rc=$?
	check "journal owned by another user: undo --list fails (rc=$rc)" test $rc -ne 0
	one_line "journal owned by another user: one line" "$TMP/err" "$J: owned by another user (uid $(id -u nobody)): refusing to use it"
	chown 0 "$J"
else
	skip "journal owned by another user" "chown needs root"
fi

# Size: a sparse file larger than any journal is refused at once.
store "$TMP/big"
truncate -s 100M "$TMP/big/winrescue-journal.jsonl"
timeout 10 "$W" undo --list --store "$TMP/big/BCD" > /dev/null 2> "$TMP/err"
rc=$?
check "journal of 100 MiB: refused (rc=$rc)" test $rc -ne 0 -a $rc -ne 124
one_line "journal of 100 MiB: one line with the limit" "$TMP/err" "$TMP/big/winrescue-journal.jsonl: larger than 64 MiB"

# A line longer than 1 MiB is a bad line, the others still read.
head -c 1200000 /dev/zero | tr '\0' A > "$TMP/long"
jq -c --rawfile s "$TMP/long" 'select(.action == "commit") | .id = "long-1" | .summary = $s | del(.transactions)' "$TMP/journal.good" > "$TMP/longline"
cat "$TMP/longline" >> "$J"
"$W" undo --list --store "$TMP/ok/BCD" > "$TMP/out" 2> "$TMP/err"
check "a 1.2 MiB line: not listed" sh -c '! grep -q "long-1" "$0"' "$TMP/out"
check "a 1.2 MiB line: the good record still listed" grep -q "  commit  *serial" "$TMP/out"
one_line "a 1.2 MiB line: counted as a line that could not be read" "$TMP/err" "1 journal lines could not be read"
cp "$TMP/journal.good" "$J"

# checklists.jsonl: a link is not appended to, a huge one not read.
store "$TMP/cl"
"$MKSTORE" system "$TMP/cl/SYSTEM" || bail "mkstore failed"
ln -s "$TMP/canary" "$STATE/checklists.jsonl" || bail "ln failed"
"$W" checklist run safe-mode --store "$TMP/cl/BCD" --system "$TMP/cl/SYSTEM" --yes > /dev/null 2> "$TMP/err"
rc=$?
check "checklists.jsonl a link: the run fails (rc=$rc)" test $rc -ne 0
check "checklists.jsonl a link: its target unchanged" cmp "$TMP/canary" "$TMP/canary.orig"
one_line "checklists.jsonl a link: one line" "$TMP/err" "$STATE/checklists.jsonl: a symbolic link"
rm "$STATE/checklists.jsonl"
truncate -s 100M "$STATE/checklists.jsonl"
timeout 10 "$W" checklist run safe-mode --store "$TMP/cl/BCD" --system "$TMP/cl/SYSTEM" --dry-run > /dev/null 2> "$TMP/err"
rc=$?
check "checklists.jsonl of 100 MiB: refused (rc=$rc)" test $rc -ne 0 -a $rc -ne 124
one_line "checklists.jsonl of 100 MiB: one line" "$TMP/err" "$STATE/checklists.jsonl: larger than 64 MiB"
rm "$STATE/checklists.jsonl"
mkfifo "$STATE/checklists.jsonl"
timeout 10 "$W" checklist run safe-mode --store "$TMP/cl/BCD" --system "$TMP/cl/SYSTEM" --dry-run > /dev/null 2> "$TMP/err"
rc=$?
check "checklists.jsonl a FIFO: refused, no hang (rc=$rc)" test $rc -ne 0 -a $rc -ne 124
rm "$STATE/checklists.jsonl"

# Terminal controls in every text of a record: OSC 52, a screen clear, a
# window title, U+202E and C1 CSI, none of them raw on any output.
need_raw_check
cp "$TMP/ok/BCD" "$TMP/ok.orig"
EVIL='\u001b]52;c;aG9zdGlsZQ==\u0007\u001b[2J\u001b]2;title\u0007\u202e\u009b31m'
forge "$J" ".id = \"id$EVIL\" | .time = \"t$EVIL\" | .summary = \"s$EVIL\" | .transactions = [{\"name\": \"n$EVIL\"}] | .backup = \"$TMP/ok/b$EVIL\" | .host_backup = \"h$EVIL\" | .sha256_after = \"$(sha "$TMP/ok/BCD")\""
"$W" undo --list --store "$TMP/ok/BCD" > "$TMP/out" 2> "$TMP/err"
clean "undo --list of a forged record" "$TMP/out" "$TMP/err"
check "undo --list: the escape shown as text" grep -qF 'id\x1b]52;c;aG9zdGlsZQ==\x07\x1b[2J\x1b]2;title\x07\u202e\u009b31m' "$TMP/out"
"$W" undo --store "$TMP/ok/BCD" --yes > "$TMP/out" 2> "$TMP/err"
rc=$?
check "undo of a forged record with controls: refused (rc=$rc)" test $rc -ne 0
clean "undo of a forged record" "$TMP/out" "$TMP/err"
check "undo of a forged record: the store unchanged" cmp "$TMP/ok/BCD" "$TMP/ok.orig"
cp "$TMP/journal.good" "$J"

# Backups a record names: only one winrescue made of this hive, in its
# folder or the state directory, a regular file.  Each forged record
# names a store that is a valid hive with its SHA-256 as sha256_before.
mkdir -p "$TMP/other"
"$MKSTORE" uefi "$TMP/other/BCD" || bail "mkstore failed"
cp "$TMP/other/BCD" "$TMP/other.orig"
cp /etc/passwd "$TMP/passwd.orig"
OTHER=$(sha "$TMP/other/BCD")
NOW=$(sha "$TMP/ok/BCD")
# foreign DESC BACKUP [SHA [LINE]]: a record naming BACKUP is refused in
# one line (LINE, or that BACKUP is not a backup of the store), the store
# and that file untouched.  Each case starts from the store as committed.
foreign() {
	cp "$TMP/ok.orig" "$TMP/ok/BCD"
	cp "$TMP/journal.good" "$J"
	forge "$J" ".backup = \"$2\" | .host_backup = \"$2\" | .sha256_before = \"${3:-$OTHER}\" | .sha256_after = \"$NOW\""
	cp "$2" "$TMP/target.orig" 2> /dev/null
	"$W" undo --store "$TMP/ok/BCD" --yes > /dev/null 2> "$TMP/err"
	rc=$?
	check "$1: undo refused (rc=$rc)" test $rc -ne 0
	check "$1: the store untouched" cmp "$TMP/ok/BCD" "$TMP/ok.orig"
	check "$1: the file it names untouched" cmp "$2" "$TMP/target.orig"
	one_line "$1: one line saying why" "$TMP/err" "${4:-names $2 as its backup, which is not where or how winrescue keeps a backup of this hive: refusing to restore it}"
}
foreign "another store elsewhere" "$TMP/other/BCD"
foreign "/etc/passwd" /etc/passwd "$(sha /etc/passwd)"
check "/etc/passwd: untouched" cmp /etc/passwd "$TMP/passwd.orig"
cp "$TMP/other/BCD" "$TMP/ok/BCD.old"
foreign "beside the hive, not a backup's name" "$TMP/ok/BCD.old"
cp "$TMP/other/BCD" "$TMP/ok/SYSTEM.winrescue-20260101T000000Z.bak"
foreign "beside the hive, another hive's backup name" "$TMP/ok/SYSTEM.winrescue-20260101T000000Z.bak"
cp "$TMP/other/BCD" "$TMP/ok/BCD.winrescue-2026010T000000Z.bak"
foreign "beside the hive, a stamp one digit short" "$TMP/ok/BCD.winrescue-2026010T000000Z.bak"
ln -s ../other/BCD "$TMP/ok/BCD.winrescue-20260101T000000Z.bak"
foreign "a backup's name, a link to another store" "$TMP/ok/BCD.winrescue-20260101T000000Z.bak" "$OTHER" "BCD.winrescue-20260101T000000Z.bak: a symbolic link: refusing to follow it"
check "another store: untouched" cmp "$TMP/other/BCD" "$TMP/other.orig"

# The genuine record still rolls back.
cp "$TMP/ok.orig" "$TMP/ok/BCD"
cp "$TMP/journal.good" "$J"
"$W" undo --store "$TMP/ok/BCD" --yes > /dev/null 2> "$TMP/err"
rc=$?
check "the real record: undo works (rc=$rc)" test $rc -eq 0
check "the real record: the store as before the commit" test "$(sha "$TMP/ok/BCD")" = "$(jq -r 'select(.action == "commit") | .sha256_before' "$TMP/journal.good")"
# And from the copy kept in the state directory, when the one beside it is gone.
"$W" repair serial --store "$TMP/ok/BCD" --yes > /dev/null 2>&1 || bail "repair failed"
B=$(jq -r 'select(.action == "commit") | .backup' "$J" | tail -n 1)
rm "$B"
"$W" undo --store "$TMP/ok/BCD" --yes > /dev/null 2> "$TMP/err"
rc=$?
check "the copy in the state directory: undo works (rc=$rc)" test $rc -eq 0

# A backup has the hive's permissions: a hive its group can write keeps a
# backup its group can write, and undo takes it; one others can write
# when the hive is not, it refuses.
store "$TMP/gw"
chmod 664 "$TMP/gw/BCD"
"$W" repair serial --store "$TMP/gw/BCD" --yes > /dev/null 2>&1 || bail "repair failed"
cp "$TMP/gw/BCD" "$TMP/gw.orig"
cp "$TMP/gw/winrescue-journal.jsonl" "$TMP/gw.journal"
B=$(jq -r 'select(.action == "commit") | .backup' "$TMP/gw/winrescue-journal.jsonl")
H=$(jq -r 'select(.action == "commit") | .host_backup' "$TMP/gw/winrescue-journal.jsonl")
mv "$H" "$TMP/gw.host"
chmod 660 "$TMP/gw/BCD"
chmod 666 "$B"
"$W" undo --store "$TMP/gw/BCD" --yes > /dev/null 2> "$TMP/err"
rc=$?
check "a backup others can write, the hive not: refused (rc=$rc)" test $rc -ne 0
check "a backup others can write, the hive not: the store untouched" cmp "$TMP/gw/BCD" "$TMP/gw.orig"
one_line "a backup others can write, the hive not: one line" "$TMP/err" "$B: other users can write it (mode 0666): refusing to use it"
chmod 664 "$TMP/gw/BCD" "$B"
"$W" undo --store "$TMP/gw/BCD" --yes > /dev/null 2> "$TMP/err"
rc=$?
check "a hive and its backup the group can write: undo works (rc=$rc)" test $rc -eq 0

echo "1..$n"
[ "$failures" -eq 0 ]
