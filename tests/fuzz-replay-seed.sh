#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# fuzz-replay-seed.sh [--seq2 N] OUT HIVE LOG1 [LOG2]: one input for
# fuzz-replay.  Only the hive's base block is kept: replay grows the image as
# entries need.  --seq2 gives the base block that secondary sequence number
# (its checksum made right again): a hive whose logs are older than it.
set -eu
. "$(dirname "$0")/le32.sh"
seq2=
if [ "$1" = --seq2 ]; then
	seq2=$2
	shift 2
fi
out=$1 hive=$2 log1=$3
{
	le32 4096
	head -c 4096 "$hive"
	le32 "$(wc -c < "$log1")"
	cat "$log1"
	if [ $# -ge 4 ]; then cat "$4"; fi
} > "$out"
if [ -n "$seq2" ]; then
	# The base block starts after the 4-byte length.
	le32 "$seq2" | dd of="$out" bs=1 seek=12 conv=notrunc 2> /dev/null
	x=0
	for w in $(od -An -tu4 -j4 -N508 -v "$out"); do x=$((x ^ w)); done
	[ $x -eq 0 ] && x=1
	[ $x -eq 4294967295 ] && x=4294967294
	le32 $x | dd of="$out" bs=1 seek=512 conv=notrunc 2> /dev/null
fi
