#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# po/POTFILES.in lists exactly the sources with translatable strings, and
# po/nl.po translates every one of them.
. "${srcdir:-.}/tests/lib.sh"

top=${srcdir:-.}
for f in "$top"/src/*/*.c "$top"/ui/*.c "$top"/ui/*/*.c; do
	rel=${f#"$top"/}
	if grep -q -e '_("' -e 'N_("' "$f"; then
		check "$rel is in po/POTFILES.in" grep -qx "$rel" "$top/po/POTFILES.in"
	fi
done
for rel in $(grep -v '^#' "$top/po/POTFILES.in"); do
	check "po/POTFILES.in: $rel exists" test -f "$top/$rel"
done
if have msgfmt "po/nl.po checked by msgfmt"; then
	msgfmt --check --statistics -o /dev/null "$top/po/nl.po" > "$TMP/stats" 2>&1
	check "po/nl.po passes msgfmt --check" test $? -eq 0
	check "po/nl.po is complete: $(cat "$TMP/stats")" sh -c "! grep -q -e untranslated -e fuzzy '$TMP/stats'"
fi
done_testing
