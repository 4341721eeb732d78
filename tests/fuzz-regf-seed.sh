#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# fuzz-regf-seed.sh OUT MAX HIVE...: seeds for fuzz-regf, one per hive
# (.xz ones unpacked).  A hive larger than MAX bytes keeps its first MAX,
# its header's hive bins size cut to fit: the fuzzer then reaches the cells
# of its first bins instead of stopping at "truncated".
set -eu
. "$(dirname "$0")/le32.sh"
out=$1 max=$2
shift 2
mkdir -p "$out"
for f in "$@"; do
	seed=$out/$(basename "$f" .xz)
	case $f in
	*.xz) { xz -dc "$f" 2> /dev/null || true; } | head -c "$max" > "$seed" ;;
	*) head -c "$max" "$f" > "$seed" ;;
	esac
	hbins=$(od -An -tu4 -j40 -N4 "$seed" | tr -d ' ')
	if [ "${hbins:-0}" -gt $((max - 4096)) ]; then
		le32 $((max - 4096)) | dd of="$seed" bs=1 seek=40 conv=notrunc 2> /dev/null
	fi
done
