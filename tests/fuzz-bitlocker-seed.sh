#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# fuzz-bitlocker-seed.sh OUT ARCHIVE: seeds for fuzz-bitlocker from the real
# volumes of bitlk-images.tar.xz, each made small: its first sector, then
# the first 4 KiB of each metadata copy at 4, 8 and 12 KiB, the header's
# offsets rewritten to point there (the copies hold no offset that is read).
# The .BEK file is a seed as it is.
set -eu
. "$(dirname "$0")/le32.sh"
out=$1 archive=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
tar xJf "$archive" -C "$tmp"
cp "$tmp"/bitlk-images/*.BEK "$out/"
for img in "$tmp"/bitlk-images/*.img; do
	seed=$out/$(basename "$img" .img)
	id=160
	[ "$(dd if="$img" bs=1 skip=3 count=8 2> /dev/null)" = MSWIN4.1 ] && id=424
	head -c 512 "$img" > "$seed"
	i=1
	for at in $(od -An -tu8 -j$((id + 16)) -N24 "$img"); do
		dd if="$img" of="$seed" bs=512 skip=$((at / 512)) seek=$((8 * i)) count=8 conv=notrunc \
			2> /dev/null
		{ le32 $((4096 * i)); le32 0; } |
			dd of="$seed" bs=1 seek=$((id + 8 + 8 * i)) conv=notrunc 2> /dev/null
		i=$((i + 1))
	done
done
