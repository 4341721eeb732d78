#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make bench: the console, headless at 80x24, with the 20 MB SYSTEM hive of
# "mkstore big-system" loaded; 1000 keys moving through its registry tree.
# Prints the time from reading each key to the screen being updated.
set -eu
dir=$(mktemp -d /tmp/wr-bench-XXXXXX)
trap 'rm -rf "$dir"' EXIT
tests/mkstore safeboot-minimal "$dir/BCD"
tests/mkstore big-system "$dir/SYSTEM"
echo "SYSTEM hive: $(du -m "$dir/SYSTEM" | cut -f1) MB"
{
	echo f # from the Findings view to the panes
	echo o
	printf '/\nBench\n<Enter>\n<Enter>\n'
	for g in $(seq 1 8); do echo '<Down> <Enter>'; done
	for i in $(seq 1 300); do echo '<Down>'; done
	for i in $(seq 1 300); do echo '<Up>'; done
	for i in $(seq 1 150); do echo '<PgDn>'; done
	for i in $(seq 1 150); do echo '<PgUp>'; done
	for i in $(seq 1 50); do echo '<Tab>'; done
	for i in $(seq 1 42); do echo '<Down>'; done
} > "$dir/steps"
LINES=24 COLUMNS=80 WINRESCUE_BENCH=1 WINRESCUE_SCRIPT="$dir/steps" \
	ui/winrescue --store "$dir/BCD" --system "$dir/SYSTEM"
