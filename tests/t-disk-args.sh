#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Disks that are refused before any appliance starts: one clear line naming
# the disk, a non-zero exit, nothing written.
. "${srcdir:-.}/tests/lib.sh"

W=$WINRESCUE
# refused DESCRIPTION PATH TEXT [COMMAND...]
refused() {
	desc=$1 path=$2 text=$3
	shift 3
	timeout 20 "${@:-$W}" disks "$path" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	check "$desc: exit 1 (got $rc)" test "$rc" -eq 1
	check "$desc: one line: '$text'" sh -c "test \$(wc -l < '$TMP/err') -eq 1 && grep -q \"^winrescue: $path: $text\" '$TMP/err'"
	check "$desc: nothing on stdout" test ! -s "$TMP/out"
}

refused "missing" "$TMP/none.img" "cannot open: No such file or directory"
mkdir "$TMP/dir"
refused "a directory" "$TMP/dir" "is a directory, not a disk"
printf 'C:\\> bcdedit /enum\nWindows Boot Manager\n' > "$TMP/notes.txt"
refused "a text file" "$TMP/notes.txt" "is a text file, not a disk image"
: > "$TMP/empty.img"
refused "an empty image" "$TMP/empty.img" "the image is empty"
head -c 300 /dev/zero > "$TMP/tiny.img"
refused "too small" "$TMP/tiny.img" "is 300 bytes, too small to be a disk"
mkfifo "$TMP/fifo"
refused "a FIFO" "$TMP/fifo" "is neither a disk image nor a block device"

# A disk image this user may not read (as nobody, when we are root).
head -c 1048576 /dev/zero > "$TMP/private.img" && chmod 600 "$TMP/private.img" && chmod 755 "$TMP"
if [ "$(id -u)" -eq 0 ] && command -v setpriv > /dev/null &&
	setpriv --reuid=65534 --regid=65534 --clear-groups "$W" --version > /dev/null 2>&1; then
	refused "an unreadable image" "$TMP/private.img" "cannot open: Permission denied" \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$W"
elif [ "$(id -u)" -ne 0 ]; then
	chmod 000 "$TMP/private.img"
	refused "an unreadable image" "$TMP/private.img" "cannot open: Permission denied"
else
	n=$((n + 1)); echo "ok $n # SKIP root, and user nobody cannot run $W"
fi

# A block device the host has mounted: the exclusive open fails.
if [ "$(id -u)" -eq 0 ] && command -v losetup > /dev/null && command -v mkfs.ext2 > /dev/null &&
	truncate -s 8M "$TMP/host.img" && mkfs.ext2 -q "$TMP/host.img" 2>/dev/null &&
	LOOP=$(losetup -f --show "$TMP/host.img" 2>/dev/null); then
	mkdir "$TMP/mnt"
	if mount "$LOOP" "$TMP/mnt" 2>/dev/null; then
		refused "a disk the host has mounted" "$LOOP" "is in use by the host"
		umount "$TMP/mnt"
	else
		n=$((n + 1)); echo "ok $n # SKIP cannot mount a loop device here"
	fi
	losetup -d "$LOOP"
else
	n=$((n + 1)); echo "ok $n # SKIP needs root, losetup and mkfs.ext2"
fi
# A --key that cannot be a key: refused before any launch, the key never
# repeated.
head -c 1048576 /dev/zero > "$TMP/disk.img"
# key_refused DESCRIPTION TEXT KEY-ARGUMENT
key_refused() {
	timeout 20 "$W" disks "$TMP/disk.img" --key "$3" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	check "--key $1: exit 1 (got $rc)" test "$rc" -eq 1
	check "--key $1: one line: '$2'" sh -c "test \$(wc -l < '$TMP/err') -eq 1 && grep -qF \"winrescue: $2\" '$TMP/err'"
	check "--key $1: the key not repeated" sh -c "! grep -q s3cret-Pa55 '$TMP/err' '$TMP/out'"
}
key_refused "without DEVICE:" "--key: give DEVICE:key:KEY or DEVICE:file:FILE" "s3cret-Pa55"
key_refused "with an empty key" "--key: give DEVICE:key:KEY or DEVICE:file:FILE" "all:key:"
key_refused "with no DEVICE" "--key: give DEVICE:key:KEY or DEVICE:file:FILE" ":key:s3cret-Pa55"
key_refused "a missing key file" "$TMP/none.bek: No such file or directory" "all:file:$TMP/none.bek"
printf 's3cret-Pa55\nsecond line\n' > "$TMP/two.txt"
key_refused "a file of two lines" "$TMP/two.txt: neither a BitLocker startup key (.BEK) nor a password on one line" "all:file:$TMP/two.txt"
head -c 70000 /dev/zero > "$TMP/big.bek"
key_refused "a file too large to be a key" "$TMP/big.bek: more than 64 KiB, too large for a key file" "all:file:$TMP/big.bek"
done_testing
