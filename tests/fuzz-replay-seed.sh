#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# fuzz-replay-seed.sh OUT HIVE LOG1 [LOG2]: one input for fuzz-replay.  Only
# the hive's base block is kept: replay grows the image as entries need.
set -eu
le32() {
	v=$1
	for _ in 1 2 3 4; do
		printf "\\$(printf %03o $((v % 256)))"
		v=$((v / 256))
	done
}
out=$1 hive=$2 log1=$3
{
	le32 4096
	head -c 4096 "$hive"
	le32 "$(wc -c < "$log1")"
	cat "$log1"
	if [ $# -ge 4 ]; then cat "$4"; fi
} > "$out"
