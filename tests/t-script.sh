#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# winrescue script, bcdedit and reg on hive files: the seed article's block
# pasted as it stands gives the bytes `repair serial crashdump` writes; one
# transaction, one undo; variables, comments, PowerShell, UTF-16; bad lines
# stop it with their number and nothing written.
. "${srcdir:-.}/tests/lib.sh"
need hivexregedit
need iconv
W=$WINRESCUE
XDG_STATE_HOME=$TMP/state
export XDG_STATE_HOME
sha() { sha256sum "$1" | cut -c1-64; }
dump() { hivexregedit --export "$1" '\' 2> /dev/null; }

# A drive as a directory, its names in another case than the script's.
F=$TMP/F
mkdir -p "$F/Boot" "$F/WINDOWS/System32/config" "$TMP/repair"
"$MKSTORE" safeboot-minimal "$F/Boot/BCD" || bail "mkstore failed"
"$MKSTORE" system "$F/WINDOWS/System32/config/SYSTEM" || bail "mkstore failed"
cp "$F/Boot/BCD" "$TMP/repair/BCD"
cp "$F/WINDOWS/System32/config/SYSTEM" "$TMP/repair/SYSTEM"
BCD0=$(sha "$F/Boot/BCD")
SYS0=$(sha "$F/WINDOWS/System32/config/SYSTEM")

# The seed article (troubleshoot-rdp-safe-mode), its block as it stands,
# saved with CRLF as on Windows; and with the article's placeholder as
# printed, before the user fills it in.
sed 's/$/\r/' "${srcdir:-.}/tests/scripts/r1-older-block-rdp-safe-mode.cmd" > "$TMP/seed.cmd"
sed 's/{default} ON/{<BOOT LOADER IDENTIFIER>} ON/' "$TMP/seed.cmd" > "$TMP/article.cmd"

"$W" script --drive F="$F" "$TMP/article.cmd" > "$TMP/ph.out" 2> "$TMP/ph.err" < /dev/null
check "the placeholder left as the article prints it: exit 1" test $? -eq 1
check "... names line 13 and the word too many" grep -q '^winrescue: line 13: IDENTIFIER>}: one argument too many' "$TMP/ph.err"
check "... one line" test "$(wc -l < "$TMP/ph.err")" -eq 1

"$W" script --drive F="$F" --dry-run "$TMP/seed.cmd" > "$TMP/dry.out" 2> "$TMP/dry.err"
check "--dry-run: exit 0" test $? -eq 0
check "--dry-run: each line shown" grep -q '^> bcdedit /store F:\\boot\\bcd /set {bootmgr} timeout 5$' "$TMP/dry.out"
check "--dry-run: the diff, one transaction" test "$(grep -c '^Transaction ' "$TMP/dry.out")" -eq 1
check "--dry-run: marked as weakening security (EMS)" grep -q 'weakens security' "$TMP/dry.out"
check "--dry-run: nothing written" test "$(sha "$F/Boot/BCD")" = "$BCD0" -a "$(sha "$F/WINDOWS/System32/config/SYSTEM")" = "$SYS0"

"$W" script --drive F="$F" "$TMP/seed.cmd" < /dev/null > "$TMP/ask.out" 2> "$TMP/ask.err"
check "no terminal and no --yes: exit 1" test $? -eq 1
check "... says so" grep -q 'stdin is not a terminal (add --yes)' "$TMP/ask.err"

"$W" script --drive F="$F" --yes "$TMP/seed.cmd" > "$TMP/run.out" 2> "$TMP/run.err"
check "the seed article's script: exit 0" test $? -eq 0
check "... both hives written" test "$(grep -c 'written and checked' "$TMP/run.out")" -eq 2
check "... bcdedit's words after the commit" test "$(grep -c '^The operation completed successfully.$' "$TMP/run.out")" -eq 13
"$W" repair serial crashdump --store "$TMP/repair/BCD" --system "$TMP/repair/SYSTEM" --yes > "$TMP/repair.out" 2>&1
check "repair serial crashdump on a copy" test $? -eq 0
dump "$F/Boot/BCD" > "$TMP/script-bcd.reg"
dump "$TMP/repair/BCD" > "$TMP/repair-bcd.reg"
check "the store's every element is what repair serial writes" cmp -s "$TMP/script-bcd.reg" "$TMP/repair-bcd.reg"
dump "$F/WINDOWS/System32/config/SYSTEM" > "$TMP/script-sys.reg"
dump "$TMP/repair/SYSTEM" > "$TMP/repair-sys.reg"
check "SYSTEM's every value is what repair crashdump writes" cmp -s "$TMP/script-sys.reg" "$TMP/repair-sys.reg"
check "DumpFile keeps %SystemRoot% as text, not expanded" \
	sh -c "hivexget '$F/WINDOWS/System32/config/SYSTEM' '\\ControlSet002\\Control\\CrashControl' DumpFile | grep -qx '%SystemRoot%\\\\MEMORY.DMP'"
check "the journal: one commit per hive, named script, weakening security" \
	test "$(grep -c '"action":"commit".*"transactions":\[{"name":"script","weakens_security":true' "$XDG_STATE_HOME/winrescue/journal.jsonl")" -eq 2

"$W" undo --store "$F/Boot/BCD" --system "$F/WINDOWS/System32/config/SYSTEM" --yes > "$TMP/undo.out" 2>&1
check "one undo: exit 0" test $? -eq 0
check "... both hives back, byte for byte" test "$(sha "$F/Boot/BCD")" = "$BCD0" -a "$(sha "$F/WINDOWS/System32/config/SYSTEM")" = "$SYS0"

# A command that turns RDP on is marked as weakening security, as repair
# rdp is; one that turns it off is not.
printf '%s\n' 'reg load HKLM\BROKENSYSTEM F:\windows\system32\config\SYSTEM' \
	'reg add "HKLM\BROKENSYSTEM\ControlSet001\Control\Terminal Server" /v fDenyTSConnections /t REG_DWORD /d 1 /f' > "$TMP/deny.cmd"
sed 's|/d 1 /f|/d 0 /f|' "$TMP/deny.cmd" > "$TMP/allow.cmd"
"$W" script --drive F="$F" --yes "$TMP/deny.cmd" > "$TMP/deny.out" 2>&1
check "RDP denied: not marked as weakening security" sh -c "grep -q '^Transaction script:' '$TMP/deny.out' && ! grep -q 'weakens security' '$TMP/deny.out'"
"$W" script --drive F="$F" --yes "$TMP/allow.cmd" > "$TMP/allow.out" 2>&1
check "RDP allowed again: marked as weakening security" grep -q 'weakens security' "$TMP/allow.out"
"$W" undo --system "$F/WINDOWS/System32/config/SYSTEM" --yes > /dev/null 2>&1
"$W" undo --system "$F/WINDOWS/System32/config/SYSTEM" --yes > /dev/null 2>&1
check "... both undone" test "$(sha "$F/WINDOWS/System32/config/SYSTEM")" = "$SYS0"

# Variables, comments, continuations, the PowerShell form, standard input.
cat > "$TMP/vars.ps1" << 'EOF'
# PowerShell, as the newer articles print it
@echo off
:: a cmd comment
REM another
set BCD=F:\boot\bcd
set T=7
reg load HKLM\BROKENSYSTEM F:\windows\system32\config\SYSTEM
bcdedit /store %BCD% /set {bootmgr} `
    timeout %T%
reg add HKLM\BROKENSYSTEM\Select /v Note /t REG_SZ /d "100%% %UNSET% %T%" /f
EOF
"$W" script --drive F="$F" --yes - < "$TMP/vars.ps1" > "$TMP/vars.out" 2> "$TMP/vars.err"
check "a script on standard input with --yes: exit 0" test $? -eq 0
check "set and %T%: timeout 7" sh -c "hivexregedit --export '$F/Boot/BCD' '\\Objects' | grep -A1 -i '25000004\\]' | grep -qi '\"Element\"=hex(3):07,00,00,00,00,00,00,00'"
check "%% is %, an unset %NAME% stays" sh -c "hivexget '$F/WINDOWS/System32/config/SYSTEM' '\\Select' Note | grep -qx '100% %UNSET% 7'"
"$W" script --drive F="$F" - < "$TMP/vars.ps1" > /dev/null 2> "$TMP/stdin.err"
check "standard input without --yes: a usage error" test $? -eq 2
check "... says why" grep -q 'standard input, so it cannot be asked' "$TMP/stdin.err"
"$W" undo --store "$F/Boot/BCD" --system "$F/WINDOWS/System32/config/SYSTEM" --yes > /dev/null 2>&1

# A script saved by Notepad: UTF-16LE with its BOM.
printf '\377\376' > "$TMP/utf16.cmd"
printf 'bcdedit /store F:\\boot\\bcd /set {bootmgr} timeout 9\r\n' | iconv -f UTF-8 -t UTF-16LE >> "$TMP/utf16.cmd"
"$W" script --drive F="$F" --yes "$TMP/utf16.cmd" > /dev/null 2> "$TMP/utf16.err"
check "a UTF-16 script runs" test $? -eq 0
"$W" undo --store "$F/Boot/BCD" --yes > /dev/null 2>&1

# Bad lines: their number, one line, nothing written.
bad() {
	name=$1
	want=$2
	shift 2
	printf '%s\n' 'reg load HKLM\BROKENSYSTEM F:\windows\system32\config\SYSTEM' \
		'bcdedit /store F:\boot\bcd /set {bootmgr} timeout 3' "$@" > "$TMP/$name.cmd"
	"$W" script --drive F="$F" --yes "$TMP/$name.cmd" > "$TMP/$name.out" 2> "$TMP/$name.err"
	check "$name: exit 1" test $? -eq 1
	check "$name: line 3 named" grep -q "^winrescue: line 3: .*$want" "$TMP/$name.err"
	check "$name: one line" test "$(wc -l < "$TMP/$name.err")" -eq 1
	check "$name: nothing written" test "$(sha "$F/Boot/BCD")" = "$BCD0" -a "$(sha "$F/WINDOWS/System32/config/SYSTEM")" = "$SYS0"
}
bad unknown-command 'copy: winrescue runs' 'copy C:\x D:\y'
bad unknown-element 'nosuchthing' 'bcdedit /store F:\boot\bcd /set {default} nosuchthing 1'
bad wrong-type 'abc' 'reg add HKLM\BROKENSYSTEM\Select /v X /t REG_DWORD /d abc /f'
bad quoting 'quote' 'reg add "HKLM\BROKENSYSTEM\Select /v X /d 1 /f'
bad unmapped-drive 'G:\\boot\\bcd: drive G: is not mapped' 'bcdedit /store G:\boot\bcd /set {bootmgr} timeout 4'
bad current 'current' 'bcdedit /store F:\boot\bcd /deletevalue {current} safeboot'
printf 'bcdedit /set {bootmgr} timeout 4\n' > "$TMP/nostore.cmd"
"$W" script --yes "$TMP/nostore.cmd" > /dev/null 2> "$TMP/nostore.err"
check "bcdedit without a store: exit 1" test $? -eq 1
check "... line 1, give /store" grep -q '^winrescue: line 1: no BCD store: give /store PATH' "$TMP/nostore.err"

# One command at a time: bcdedit's -set form, reg query (read-only).
"$W" bcdedit --store "$F/Boot/BCD" --yes -set '{bootmgr}' timeout 12 > "$TMP/one.out" 2>&1
check "bcdedit -set ... --yes: exit 0" test $? -eq 0
check "... diff, commit, then bcdedit's words" sh -c "grep -q 'timeout: 30 -> 12' '$TMP/one.out' && tail -n 1 '$TMP/one.out' | grep -qx 'The operation completed successfully.'"
"$W" reg --system "$F/WINDOWS/System32/config/SYSTEM" query 'HKLM\BROKENSYSTEM\CurrentControlSet\Control\CrashControl' /v CrashDumpEnabled > "$TMP/q.out" 2>&1
check "reg query through CurrentControlSet: exit 0" test $? -eq 0
check "... reg.exe's layout" grep -q '^    CrashDumpEnabled    REG_DWORD    0x2$' "$TMP/q.out"
check "... read-only: the hive unchanged" test "$(sha "$F/WINDOWS/System32/config/SYSTEM")" = "$SYS0"
"$W" bcdedit --store "$F/Boot/BCD" --dry-run /set '{bootmgr}' description 'Boot Manager 2' > "$TMP/desc.out" 2>&1
check "the diff quotes a text with blanks, so the line runs again as shown" \
	grep -q '/set {bootmgr} description "Boot Manager 2"$' "$TMP/desc.out"
"$W" bcdedit > /dev/null 2> "$TMP/usage.err"
check "bcdedit with no words: a usage error" test $? -eq 2
"$W" reg --nosuch x > /dev/null 2> "$TMP/opt.err"
check "an unknown option: a usage error" test $? -eq 2
check "... naming it" grep -q -- '^winrescue: --nosuch: unknown option' "$TMP/opt.err"

done_testing
