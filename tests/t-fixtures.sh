#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every real BCD store: enum --all succeeds, shows every object, decodes every
# element (no unknown format, nothing invalid), and each element's registry
# type and bytes are what hivexget reads from the same file.
. "${srcdir:-.}/tests/lib.sh"

need_fixtures
need hivexget
need hivexsh
need jq

# hivexget prints a key's values in .reg syntax: "Element"=hex(3):1e,00,...
# or "Element"="text" for REG_SZ.  Turn that into "TYPE HEX" or "sz TEXT".
hivex_element() {
	hivexget "$1" "$2" | sed -n 's/^"Element"=//p' | sed -e 's/^hex(\([0-9a-f]*\)):\(.*\)$/\1 \2/' \
		-e 's/^"\(.*\)"$/sz \1/' | tr -d ','
}

for store in "$WINRESCUE_FIXTURES"/bcd-*.hive; do
	name=$(basename "$store")
	"$WINRESCUE" bcd enum --all --store "$store" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	check "$name: enum --all exits 0 (got $rc)" test "$rc" -eq 0
	check "$name: nothing on stderr" test ! -s "$TMP/err"
	objects=$(printf 'cd Objects\nls\n' | hivexsh "$store" | grep -c '^{')
	check "$name: all $objects objects shown" test "$(grep -c '^identifier ' "$TMP/out")" -eq "$objects"
	check "$name: no element of unknown format or invalid" sh -c "! grep -q -e 'unknown element format' -e 'invalid (' '$TMP/out'"

	"$WINRESCUE" bcd enum --all --json --store "$store" > "$TMP/json"
	jq -r '.objects[] | .guid as $g | .elements[] |
		[$g, .id, .registry_type, .raw, (if .format == "string" or .format == "object" then .value else "" end)] | @tsv' \
		"$TMP/json" > "$TMP/elements"
	total=0 bad=0
	while IFS="$(printf '\t')" read -r guid id regtype raw text; do
		total=$((total + 1))
		got=$(hivex_element "$store" "\\Objects\\$guid\\Elements\\$id")
		if [ "$regtype" -eq 1 ]; then
			want="sz $text" # hivexget decodes REG_SZ, cut at the first NUL as we do
		else
			want="$(printf '%x' "$regtype") $raw"
		fi
		if [ "$got" != "$want" ]; then
			bad=$((bad + 1))
			echo "#   $guid $id: hivexget '$got', we '$want'"
		fi
	done < "$TMP/elements"
	check "$name: all $total elements match what hivexget reads" test "$bad" -eq 0 -a "$total" -gt 0 -o "$objects" -eq 0
done
done_testing
