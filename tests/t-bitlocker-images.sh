#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The BitLocker volumes Windows made (cryptsetup's test images, unpacked from
# shared/fixtures/bitlocker): what bl-dump reads in each, against images.conf
# and against what cryptsetup 2.6.1 says of them (tests/expected/
# bitlocker-images.txt, itself checked against cryptsetup when 2.6.1 is
# installed); the .BEK file; the listing; volumes cut short.
. "${srcdir:-.}/tests/lib.sh"

archive=${WINRESCUE_BITLOCKER_FIXTURES:-}/bitlk-images.tar.xz
[ -f "$archive" ] || { echo "1..0 # SKIP $archive not available"; exit 0; }
need tar
need xz
tar xJf "$archive" -C "$TMP" || bail "cannot unpack $archive"
D=$TMP/bitlk-images
grep -v '^#' "${srcdir:-.}/tests/expected/bitlocker-images.txt" > "$TMP/expected"

# is_eq DESCRIPTION GOT WANT
is_eq() {
	n=$((n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		printf '#   got  "%s"\n#   want "%s"\n' "$2" "$3"
		failures=$((failures + 1))
	fi
}
# conf IMAGE KEY: KEY's value in IMAGE's section of images.conf.
conf() {
	awk -v s="[$1]" -v k="$2=" '$0 == s { f = 1; next } /^\[/ { f = 0 }
		f && index($0, k) == 1 { print substr($0, length(k) + 1) }' "$D/images.conf"
}
# fact IMAGE KEY: what bl-dump said of KEY.
fact() { sed -n "s/^$2=//p" "$TMP/$1.out"; }
upper() { printf '%s' "$1" | tr a-f A-F; }
# The method of a cipher mode and key size as cryptsetup names them.
method_of() {
	case $1/$2 in
	cbc-elephant/256) echo 0x8000 ;;
	cbc-elephant/512) echo 0x8001 ;;
	cbc-eboiv/128) echo 0x8002 ;;
	cbc-eboiv/256) echo 0x8003 ;;
	xts-plain64/256) echo 0x8004 ;;
	xts-plain64/512) echo 0x8005 ;;
	esac
}

ls "$D" | sed -n 's/\.img$//p' | sort > "$TMP/images"
cut -f1 "$TMP/expected" | sort > "$TMP/listed"
same "every image in the archive is in bitlocker-images.txt" "$TMP/images" "$TMP/listed"

while IFS='	' read -r img mode bits sector size togo created refused label; do
	check "$img: read" sh -c '"$BL_DUMP" "$1" > "$2"' sh "$D/$img.img" "$TMP/$img.out"
	is_eq "$img: the volume GUID of images.conf" "$(fact "$img" guid)" "$(conf "$img" GUID)"
	for p in PW_VMK_GUID=password RP_VMK_GUID=recovery-password SK_VMK_GUID=startup-key \
		SC_VMK_GUID=smart-card CLEARKEY_VMK_GUID=clear-key; do
		guid=$(conf "$img" "${p%%=*}")
		[ -n "$guid" ] || continue
		check "$img: ${p#*=} protector $guid" \
			grep -q "^protector=${p#*=} 0x[0-9a-f]* $guid " "$TMP/$img.out"
	done
	is_eq "$img: images.conf's cipher is cryptsetup's" "$(conf "$img" CIPHER)" "aes-$mode"
	is_eq "$img: method of $mode, $bits-bit key" "$(fact "$img" method)" \
		"$(method_of "$mode" "$bits")"
	case $img in *-4k) want=4096 ;; *) want=512 ;; esac
	is_eq "$img: sector size" "$(fact "$img" sector_size)" "$sector"
	is_eq "$img: ... $want bytes, as its name says" "$sector" "$want"
	case $img in *togo*) want=1 ;; *) want=0 ;; esac
	is_eq "$img: To Go" "$(fact "$img" to_go)" "$togo"
	is_eq "$img: ... as its name says" "$togo" "$want"
	is_eq "$img: volume size" "$(fact "$img" volume_size)" "$size"
	is_eq "$img: created" "$(date -u -d "@$(fact "$img" created)" '+%a %b %e %H:%M:%S %Y')" \
		"$created"
	is_eq "$img: description" "$(fact "$img" description)" "$label"
	if [ "$refused" = 1 ]; then
		check "$img: cryptsetup 2.6.1 refuses it, and so do we: $(fact "$img" refusal)" \
			test "$(fact "$img" refusal)" != "(none)"
	else
		is_eq "$img: cryptsetup 2.6.1 opens it: no refusal" "$(fact "$img" refusal)" "(none)"
	fi
	check "$img: its listing names its recovery password" sh -c '"$BL_DUMP" --text "$1" > "$2" &&
		{ [ -z "$3" ] || grep -q "^        ID: {$3}\$" "$2"; }' \
		sh "$D/$img.img" "$TMP/$img.txt" "$(upper "$(conf "$img" RP_VMK_GUID)")"
	clean "$img: listing" "$TMP/$img.txt"
done < "$TMP/expected"

# The damaged first copy is passed over; cryptsetup 2.6.1 reads it all the same.
is_eq "-crc: its third copy is read, the first two being damaged" \
	"$(fact bitlk-aes-xts-128-crc copy)" 2
is_eq "-crc: ... and cryptsetup's reading of the first still opens" \
	"$(fact bitlk-aes-xts-128-crc first)" "1 1 4 4 0"
is_eq "-partially-encrypted: its first copy holds a clear key too (cryptsetup's next reason)" \
	"$(fact bitlk-partially-encrypted-aes-cbc-128 first)" "1 1 4 4 1"

# The startup key and its file.
img=bitlk-aes-xts-128-startup-key
sk=$(conf $img SK_VMK_GUID)
check "the .BEK file reads" \
	sh -c '"$BL_DUMP" --bek "$1" > "$2"' sh "$D/$(upper "$sk").BEK" "$TMP/bek.out"
is_eq "... its key is the startup key protector's" "$(sed -n 's/^guid=//p' "$TMP/bek.out")" "$sk"
check "... whose listing names that file" grep -qx "          $(upper "$sk").BEK" "$TMP/$img.txt"

# refused DESCRIPTION PATTERN BL-DUMP-ARGS...: bl-dump fails, its error matching PATTERN.
refused() {
	d=$1 pattern=$2
	shift 2
	check "$d" sh -c 'p=$1; shift; ! "$BL_DUMP" "$@" 2> "$0" && grep -q "^error: .*$p" "$0"' \
		"$TMP/err" "$pattern" "$@"
}
head -c 156 "$D/images.conf" > "$TMP/not.BEK"
refused "156 bytes of images.conf are no .BEK file" "not a startup key" --bek "$TMP/not.BEK"
head -c 8192 "$D/$img.img" > "$TMP/not.BEK"
refused "... nor is a volume's start (too large)" "not the size" --bek "$TMP/not.BEK"
refused "... and no BitLocker volume" "not a BitLocker volume" "$D/images.conf"

# Volumes cut short: in the first copy's header, in the rest of it, in the first sector.
cp --sparse=always "$D/$img.img" "$TMP/cut.img"
truncate -s 34603100 "$TMP/cut.img" # the first copy is at 34603008
refused "a volume cut in its first copy's header: an error" "past the end of the volume" \
	"$TMP/cut.img"
truncate -s 34604000 "$TMP/cut.img"
refused "... in the rest of that copy: an error" "runs past the end of the volume" "$TMP/cut.img"
truncate -s 300 "$TMP/cut.img"
refused "... in its first sector: an error" "too small for a BitLocker volume" "$TMP/cut.img"

# tests/expected/bitlocker-images.txt is what cryptsetup 2.6.1 says.
dump() { sed -n "s/^$1:[[:space:]]*//p" "$TMP/dump"; }
if command -v cryptsetup > /dev/null 2>&1 &&
	cryptsetup --version | grep -q '^cryptsetup 2\.6\.1 '; then
	while IFS='	' read -r img mode bits sector size togo created refused label; do
		TZ=UTC cryptsetup bitlkDump "$D/$img.img" > "$TMP/dump" 2>&1
		is_eq "cryptsetup: $img: cipher" "$(dump 'Cipher mode') $(dump 'Cipher key')" \
			"$mode $bits bits"
		is_eq "cryptsetup: $img: sector and volume size" \
			"$(dump 'Sector size') $(dump 'Volume size')" "$sector [bytes] $size [bytes]"
		is_eq "cryptsetup: $img: To Go" "$(grep -c '^Info for BITLK To Go' "$TMP/dump")" "$togo"
		is_eq "cryptsetup: $img: created" "$(dump Created)" "$created"
		[ "$img" = bitlk-aes-xts-128-crc ] ||
			is_eq "cryptsetup: $img: description" "$(dump Description)" "$label"
		key=$(conf "$img" RP)
		printf '%s' "${key:-x}" > "$TMP/key"
		cryptsetup open --test-passphrase --type bitlk --key-file "$TMP/key" "$D/$img.img" \
			> /dev/null 2>&1
		is_eq "cryptsetup: $img: refused or not" "$([ $? = 0 ] && echo 0 || echo 1)" "$refused"
	done < "$TMP/expected"
else
	skip "cryptsetup says what bitlocker-images.txt records" "cryptsetup 2.6.1 not installed"
fi
done_testing
