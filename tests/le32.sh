# SPDX-License-Identifier: GPL-3.0-or-later
# le32.sh - sourced: le32 N writes N as 4 bytes, little-endian (a hive's
# header fields, rewritten by the tests and the fuzz seed scripts).
le32() {
	v=$1
	for _ in 1 2 3 4; do
		printf "\\$(printf %03o $((v % 256)))"
		v=$((v / 256))
	done
}
