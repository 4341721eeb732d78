#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every real BCD store: enum --all succeeds, shows every object, decodes every
# element (no unknown format, nothing invalid), and each element's registry
# type and bytes are what hivexget (hivexsh's lsval) reads from the same file.
. "${srcdir:-.}/tests/lib.sh"

need_fixtures

# Each element's value as hivexget reads it (hivexsh's lsval), one hivexsh
# run for the whole store: ELEMENTS holds GUID and ID in its first two
# columns, and a line comes out for each, in order, as "TYPE HEX" from
# "Element"=hex(3):1e,00,... or "sz TEXT" from "Element"="text" (REG_SZ).
hivex_elements() {
	awk -F '\t' '{ printf "cd \\Objects\\%s\\Elements\\%s\nlsval\n", $1, $2 }' "$2" |
		hivexsh "$1" | sed -n 's/^"Element"=//p' | sed -e 's/^hex(\([0-9a-f]*\)):\(.*\)$/\1 \2/' \
		-e 's/^"\(.*\)"$/sz \1/' | tr -d ','
}

for store in "$WINRESCUE_FIXTURES"/bcd-*.hive; do
	name=$(basename "$store")
	"$WINRESCUE" bcd enum --all --store "$store" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	check "$name: enum --all exits 0 (got $rc)" test "$rc" -eq 0
	check "$name: nothing on stderr" test ! -s "$TMP/err"
	if have hivexsh "$name: all objects shown"; then
		objects=$(printf 'cd Objects\nls\n' | hivexsh "$store" | grep -c '^{')
		check "$name: all $objects objects shown" test "$(grep -c '^identifier ' "$TMP/out")" -eq "$objects"
	fi
	check "$name: no element of unknown format or invalid" sh -c "! grep -q -e 'unknown element format' -e 'invalid (' '$TMP/out'"

	have jq "$name: all elements match what hivexsh reads" &&
		have hivexsh "$name: all elements match what hivexsh reads" || continue
	"$WINRESCUE" bcd enum --all --json --store "$store" > "$TMP/json"
	jq -r '.objects[] | .guid as $g | .elements[] |
		[$g, .id, .registry_type, .raw, (if .format == "string" or .format == "object" then .value else "" end)] | @tsv' \
		"$TMP/json" > "$TMP/elements"
	hivex_elements "$store" "$TMP/elements" > "$TMP/hivex"
	total=0 bad=0
	while IFS="$(printf '\t')" read -r guid id regtype raw text; do
		total=$((total + 1))
		read -r got <&3 || got="nothing"
		if [ "$regtype" -eq 1 ]; then
			want="sz $text" # hivexsh decodes REG_SZ, cut at the first NUL as we do
		else
			want="$(printf '%x' "$regtype") $raw"
		fi
		if [ "$got" != "$want" ]; then
			bad=$((bad + 1))
			echo "#   $guid $id: hivexsh '$got', we '$want'"
		fi
	done < "$TMP/elements" 3< "$TMP/hivex"
	check "$name: all $total elements match what hivexsh reads" \
		test "$bad" -eq 0 -a "$(wc -l < "$TMP/hivex")" -eq "$total" -a "$total" -gt 0 -o "$objects" -eq 0
done
done_testing
