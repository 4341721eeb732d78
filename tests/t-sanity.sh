#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The checks that only report, on real stores given a fault by another
# hivex client (hivexsh): {bootmgr} default naming an object that is not
# there or not a Windows loader, a boot menu entry that is not there.
# diagnose says so with the evidence; repair refuses with the advice and
# leaves the store as it was.
. "${srcdir:-.}/tests/lib.sh"
need jq
need hivexsh
need_fixtures
W=$WINRESCUE
export XDG_STATE_HOME=$TMP/state
sha() { sha256sum "$1" | cut -c1-64; }
REAL=$WINRESCUE_FIXTURES/bcd-win10-uefi-regipy.hive
[ -e "$REAL" ] || bail "$REAL missing"
BOOTMGR='{9dea862c-5cdd-4e70-acc1-f32b344d4795}'
MEMDIAG='{b2721d73-1db4-4c62-bf78-c548a880142d}'
GONE='{0badc0de-0000-4000-8000-000000000001}'
LOADER='{733b62e6-f608-11eb-825c-c112f60133ab}' # the store's Windows RE loader

# set_element STORE ID HIVEXSH-VALUE: {bootmgr}'s element ID, set by hivexsh.
set_element() {
	printf 'cd \\Objects\\%s\\Elements\\%s\nsetval 1\nElement\n%s\ncommit\n' \
		"$BOOTMGR" "$2" "$3" | hivexsh -w "$1" > /dev/null 2>&1 || bail "hivexsh failed on $1"
}
# finding JSON ID JQ-FILTER: the finding ID's fields pass the filter.
finding() {
	jq -e --arg id "$2" "[.findings[] | select(.id == \$id)] | length == 1 and (.[0] | $3)" "$1"
}

# {bootmgr} default names an object the store does not have.
cp "$REAL" "$TMP/gone"
set_element "$TMP/gone" 23000003 "string:$GONE"
"$W" diagnose --store "$TMP/gone" --json > "$TMP/gone.json" 2> "$TMP/err"
rc=$?
check "default gone: exit 3 (got $rc: $(cat "$TMP/err"))" test "$rc" -eq 3
check "... bcd.default blocks boot, a check with advice and no repair" finding "$TMP/gone.json" bcd.default '.severity == "blocks-boot" and .repair == null and .catalog == "B-1" and (.advice | startswith("make one of the Windows loaders listed the default"))'
check "... the evidence names the GUID and says it is not there" finding "$TMP/gone.json" bcd.default ".evidence[0] == \"{bootmgr} default: $GONE, which the store does not have\""
check "... and lists the loaders it can be set to" finding "$TMP/gone.json" bcd.default ".evidence[1] | startswith(\"Windows loaders in the store: \") and index(\"$LOADER (Windows Recovery Environment)\") != null"
check "... the boot menu is still fine" jq -e '(.fine | map(.id) | index("bcd.displayorder")) != null' "$TMP/gone.json"

before=$(sha "$TMP/gone")
"$W" repair default --store "$TMP/gone" --yes > "$TMP/out" 2> "$TMP/err"
rc=$?
check "repair default: refused (got $rc)" test "$rc" -ne 0
check "... with the advice" grep -q 'default only reports what it finds: make one of the Windows loaders listed the default' "$TMP/err"
check "... the store unchanged, no backup, no journal" sh -c "test '$(sha "$TMP/gone")' = '$before' && ! ls '$TMP'/*.bak '$TMP/state' 2> /dev/null"

# {bootmgr} default names an object that is there but starts no Windows.
cp "$REAL" "$TMP/memdiag"
set_element "$TMP/memdiag" 23000003 "string:$MEMDIAG"
"$W" diagnose --store "$TMP/memdiag" --json > "$TMP/memdiag.json" 2> /dev/null
rc=$?
check "default the memory tester: exit 3 (got $rc)" test "$rc" -eq 3
check "... bcd.default blocks boot: not a Windows loader" finding "$TMP/memdiag.json" bcd.default ".severity == \"blocks-boot\" and (.evidence[0] | startswith(\"{bootmgr} default: $MEMDIAG \") and endswith(\", not a Windows loader (type 0x10200005)\"))"

# A boot menu entry the store does not have: {default}, then a gone one.
menu=$(printf '%s\0%s\0\0' '{733b62e5-f608-11eb-825c-c112f60133ab}' "$GONE" | iconv -f UTF-8 -t UTF-16LE | od -An -tx1 | tr -d ' \n')
cp "$REAL" "$TMP/menu"
set_element "$TMP/menu" 24000001 "hex:7:$menu"
"$W" diagnose --store "$TMP/menu" --json > "$TMP/menu.json" 2> /dev/null
rc=$?
check "displayorder with a gone entry: exit 3 (got $rc)" test "$rc" -eq 3
check "... bcd.displayorder, a risk, naming only the gone entry" finding "$TMP/menu.json" bcd.displayorder ".severity == \"risk\" and .evidence == [\"{bootmgr} displayorder: $GONE, which the store does not have\"]"
check "... the default is fine" jq -e '(.fine | map(.id) | index("bcd.default")) != null' "$TMP/menu.json"
"$W" repair displayorder --store "$TMP/menu" --yes > /dev/null 2> "$TMP/err"
check "repair displayorder: refused with the advice" grep -q 'displayorder only reports what it finds: take them off the menu' "$TMP/err"

# A multiboot store whose menus name firmware applications and loaders that
# are all there: nothing to say.
MULTI=$WINRESCUE_FIXTURES/bcd-win10-uefi-t480s-multiboot.hive
mkdir "$TMP/multi"
cp "$MULTI" "$TMP/multi/BCD"
for l in LOG LOG1 LOG2; do [ ! -e "$MULTI.$l" ] || cp "$MULTI.$l" "$TMP/multi/BCD.$l"; done
"$W" diagnose --store "$TMP/multi/BCD" --json > "$TMP/multi.json" 2> /dev/null
check "multiboot store: default and displayorder fine" jq -e '(.fine | map(.id)) as $f | ($f | index("bcd.default")) != null and ($f | index("bcd.displayorder")) != null' "$TMP/multi.json"
done_testing
