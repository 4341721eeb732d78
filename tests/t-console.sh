#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The console, headless: keys from a script (WINRESCUE_SCRIPT), the screen
# dumped as text (:save-display), then the bytes on disk checked.
. "${srcdir:-.}/tests/lib.sh"
need hivexregedit
W=$WINRESCUE
XDG_STATE_HOME=$TMP/state
export XDG_STATE_HOME
"$MKSTORE" safeboot-minimal "$TMP/BCD" || bail "mkstore failed"
"$MKSTORE" system "$TMP/SYSTEM" || bail "mkstore failed"
cp "$TMP/BCD" "$TMP/BCD.orig"
DEFAULT='{3f0b9a52-7c1d-11ee-b962-0242ac120002}'

sha() { sha256sum "$1" | cut -c1-64; }

# The whole path of the article: find the loader, see safeboot, repair,
# look at the diff, undo, redo, write, check the disk.  The console opens
# on the Findings view; f shows the panes.
console main --store "$TMP/BCD" --system "$TMP/SYSTEM" <<'EOF'
:save-display findings
f
:save-display start
<Tab>
/
{default}
<Enter>
<Tab>
/
safeboot
<Enter>
:save-display loader
<F2>
:save-display menu
<Enter>
:save-display check
y
:save-display staged
u
:save-display undone
<C-r>
:save-display redone
w
:save-display confirm
y
:wait
:save-display written
<Enter>
q
EOF
rc=$?
check "console exits 0 (rc=$rc: $(head -1 "$TMP/main.err"))" test $rc -eq 0
check "nothing on stderr" test ! -s "$TMP/main.err"
shows "opens on the Findings view" main-findings '^+-Findings---'
shows "... the most serious first: safeboot, of the store" main-findings "^|blocks-rdp  the loader starts Windows in Safe Mode:.*/BCD *|$"
shows "... the selected one in full: its fix" main-findings '^|  fix: safeboot (catalog B-3) *|$'
shows "... the hive it is in" main-findings "^|  in $TMP/BCD: *|$"
shows "... and the evidence" main-findings '^|    safeboot Minimal *|$'
shows "starts on the files, read-only" main-start "read-only until you write (w)"
shows "panes: disks, objects, elements, pending" main-start "Disks & partitions.*Elements"
shows "the default loader is listed" main-start '{default}     Windows Se'
shows "elements of the default loader" main-start 'Windows Boot Loader  {default}'
shows "safeboot Minimal on the default loader" main-loader '|safeboot                Minimal'
shows "inherited values are marked with their source" main-loader '(from {dbgsettings})'
shows "repairs menu: safeboot needed" main-menu 'safeboot  *needed'
shows "repairs menu: crashdump checked on the SYSTEM hive" main-menu 'crashdump  *needed'
shows "repairs menu: rdp-policy needs the SOFTWARE hive, none is loaded" main-menu 'rdp-policy  *no SOFTWARE hive loaded'
shows "the check explains before staging" main-check 'starts in Safe Mode'
shows "pending: the bcdedit command" main-staged 'bcdedit /store ".*BCD" /deletevalue '
shows "pending: long lines wrap between words" main-staged '|    {default} safeboot  *|'
shows "pending: before -> after" main-staged '{default} safeboot: Minimal -> (not set)'
shows "undo empties pending changes" main-undone 'nothing staged: F2 for repairs'
shows "redo brings it back" main-redone '/deletevalue '
shows "write asks, showing the whole diff" main-confirm 'Write them now?  y: yes  n: no'
shows "the write's result, in a box" main-written 'BCD: written and checked (sha256'
shows "... with the status line already saying so behind it" main-written '^written and checked$'
export_hive "$TMP/BCD.orig" > "$TMP/before.reg"
export_hive "$TMP/BCD" > "$TMP/after.reg"
check "on disk: safeboot gone from the default loader" sh -c "grep -qi 'Objects.$DEFAULT.Elements.25000080\]' '$TMP/before.reg' && ! grep -qi 'Objects.$DEFAULT.Elements.25000080\]' '$TMP/after.reg'"
diff "$TMP/before.reg" "$TMP/after.reg" | grep '^[<>] .' > "$TMP/reg.diff"
check "on disk: nothing else changed (2 lines: key and value)" test "$(wc -l < "$TMP/reg.diff")" -eq 2
check "a backup beside the store" sh -c "ls '$TMP'/BCD.winrescue-*.bak"
check "journalled" grep -q '"action":"commit"' "$TMP/winrescue-journal.jsonl"

# A SOFTWARE hive (--software, alone) whose Remote Desktop policy denies
# connections: its finding with the repair's note and its warning, shown
# whole in a box (Right), staged with Enter.
"$MKSTORE" system "$TMP/SOFTWARE" || bail "mkstore failed"
printf '%s\r\n' 'Windows Registry Editor Version 5.00' '' '[HKEY_LOCAL_MACHINE\SOFTWARE\Policies]' '' \
	'[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft]' '' '[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows NT]' '' \
	'[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services]' '"fDenyTSConnections"=dword:00000001' > "$TMP/policy.reg"
hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SOFTWARE' "$TMP/SOFTWARE" "$TMP/policy.reg" || bail "hivexregedit failed"
console software --software "$TMP/SOFTWARE" <<'EOF'
:save-display open
<Right>
:save-display whole
<Esc>
<Enter>
:save-display fixed
f
:save-display panes
EOF
rc=$?
check "--software: console exits 0 (rc=$rc: $(head -1 "$TMP/software.err"))" test $rc -eq 0
shows "--software: the title names the hive" software-open "^ winrescue  $TMP/SOFTWARE\$"
shows "--software: the policy's finding" software-open '^|blocks-rdp  a Remote Desktop policy denies connect'
shows "... the repair's note" software-open '^|  note: on a domain member, a group policy (Allow users to connect remotely *|$'
shows "... that the repair weakens security" software-open '^|  this repair weakens security: it opens a way in *|$'
shows "Right: the finding whole, in a box titled with its id" software-whole '+- software.rdp-policy -'
shows "Enter stages its repair: no findings left" software-fixed '^|No findings\. *|$'
shows "... the policy checked and fine now" software-fixed '^|  rdp-policy[ ,]'
shows "... said on the status line" software-fixed '^rdp-policy staged: see Pending changes; w writes, u undoes$'
shows "the pending pane: the policy value as REG ADD" software-panes '" /v fDenyTSConnections /t  *|$'
shows "... set to 0" software-panes '|    REG_DWORD /d 0 /f  *|$'

# Quitting with changes pending asks; "n" keeps them, "y" drops them.
cp "$TMP/BCD.orig" "$TMP/BCD2"
s0=$(sha "$TMP/BCD2")
console quit --store "$TMP/BCD2" <<'EOF'
f
<F2>
<Enter>
y
q
:save-display asked
n
:save-display kept
q
y
EOF
rc=$?
shows "quit with pending changes asks" quit-asked '1 staged change is not written.'
shows "... and says what it does" quit-asked 'Quit and discard them?'
shows "n keeps the console and the changes" quit-kept '/deletevalue '
check "y quits (rc=$rc), nothing written" test $rc -eq 0 -a "$(sha "$TMP/BCD2")" = "$s0"

# Help comes from the key table; the registry pane browses a hive.
console browse --store "$TMP/BCD.orig" --system "$TMP/SYSTEM" <<'EOF'
<F1>
:save-display help
<Esc>
f
o
:save-display registry
/
ControlSet001
<Enter>
<Enter>
<Down>
<Enter>
<Down>
<Down>
<Enter>
:save-display opened
EOF
shows "help lists the keys" browse-help 'F2 r  *repairs: safeboot, serial console, memory dump'
shows "help: redo is Ctrl-R" browse-help 'Ctrl-R  *redo'
shows "registry pane shows the SYSTEM hive's keys" browse-registry '+ ControlSet001'
shows "keys open to show their subkeys" browse-opened '  - Control'
shows "values with their type" browse-opened 'CrashDumpEnabled = REG_DWORD 0x2 (2)'

# A checklist in the console (F3): step by step, Enter stages the step's
# repair, w writes it, and the step then shows passed.
cp "$TMP/BCD.orig" "$TMP/BCD3"
console guide --store "$TMP/BCD3" --system "$TMP/SYSTEM" <<'EOF'
<F3>
:save-display menu
<Enter>
n
n
:save-display step
<Enter>
:save-display staged
<Esc>
w
y
:wait
<Enter>
<F3>
<Enter>
n
n
:save-display written
<Esc>
q
EOF
shows "F3: the checklists" guide-menu 'Boots into Safe Mode, cannot RDP'
shows "the step explains and detects" guide-step 'needs action: .*BCD3: safeboot is needed'
shows "the step says what it found" guide-step 'safeboot Minimal'
shows "Enter stages it: passed, but not written yet" guide-staged '1 change staged, not written: w writes it'
shows "after w the step passes with nothing pending" guide-written 'passed: .*BCD3: nothing to change'
shows "coming back: where the checklist was left" guide-written 'last time here (.*): 2 of 6 steps passed'
check "the store on disk is out of Safe Mode" sh -c "! hivexregedit --export --prefix 'HKLM\X' '$TMP/BCD3' '\' | tr -d '\r' | grep -qi 'Objects.$DEFAULT.Elements.25000080\]'"

# A report the file system refuses half-way (here a file size limit, the
# report being longer than a stdio buffer): said on the status line, no half
# report left behind, and the file closed all the same (valgrind, where it
# can run, lists the descriptors still open at the end).
long=$TMP/$(printf '%0240d' 0 | tr 0 d)
long=$long/${long##*/}/${long##*/}/${long##*/}
mkdir -p "$long" "$TMP/report" && cp "$TMP/BCD.orig" "$long/BCD" && cp "$TMP/SYSTEM" "$long/SYSTEM"
printf '%s\n' '<F3>' '<Enter>' x '<Enter>' ":save-display $TMP/report-refused.txt" '<Esc>' > "$TMP/report.steps"
vg=
if [ "${WINRESCUE_SANITIZERS:-no}" != yes ] && command -v valgrind > /dev/null 2>&1; then
	vg="valgrind -q --track-fds=yes --log-file=$TMP/report.vg"
fi
(
	cd "$TMP/report" || exit 99
	ulimit -f 6 # 3 KiB: the screen dump fits, the report not
	trap '' XFSZ
	XDG_STATE_HOME=$TMP/state-report LINES=24 COLUMNS=80 WINRESCUE_SCRIPT="$TMP/report.steps" \
		$vg "$W" --store "$long/BCD" --system "$long/SYSTEM"
)
shows "a refused report: said on the status line" report-refused 'winrescue-safe-mode.md: cannot write the report: File too large'
check "a refused report: no half report left" test ! -e "$TMP/report/winrescue-safe-mode.md"
if [ -n "$vg" ]; then
	check "a refused report: its file is closed" sh -c "! grep -q 'Open file descriptor.*winrescue-safe-mode.md' '$TMP/report.vg'"
fi

# Hives whose paths are longer than the screen: the Findings list shows the
# end of each, cut where a part of it starts, and the titles whole.
echo ':save-display screen' | console longpath --store "$long/BCD" --system "$long/SYSTEM"
shows "a long path: the list shows the end that fits, a whole part" longpath-screen '^|blocks-rdp  the loader starts Windows in Safe Mode: no network, no RDP  BCD   |$'
shows "... the other hive's too" longpath-screen '^|blocks-rdp  Remote Desktop denied, or its service (TermService) disabl  SYSTEM|$'

# Registry edits: a number typed with a leading 0 is decimal; a value set
# to what it was is no change; the tree follows a repair that deletes a key.
cp "$TMP/BCD.orig" "$TMP/BCD4"
cp "$TMP/SYSTEM" "$TMP/SYSTEM4"
console edit --store "$TMP/BCD4" --system "$TMP/SYSTEM4" <<'EOF'
f
o
/
ControlSet001
<Enter>
<Enter>
<Down>
<Enter>
<Down>
<Down>
<Enter>
<Down>
e
<BS> <BS> <BS> <BS>
010
<Enter>
:save-display set
e
<BS> <BS> <BS> <BS>
0xff
<Enter>
:save-display hex
<Down>
<Down>
<Down>
e
<Enter>
:save-display same
EOF
shows "010 is ten, not octal eight" edit-set 'CrashDumpEnabled = REG_DWORD 0xa (10)'
shows "the edit is pending as REG ADD" edit-set '/v CrashDumpEnabled /t REG_DWORD /d 10 /f'
shows "0x with a letter first is hex too" edit-hex 'CrashDumpEnabled = REG_DWORD 0xff (255)'
shows "a string set to itself: no change" edit-same 'no change'
# A value of wide characters (two columns each): the pending pane wraps it
# by the columns it takes, so that its end and the /f are shown, not cut.
WIDE=$(printf '中文%.0s' $(seq 1 20))
{
	printf '%s\n' f o / ControlSet001 '<Enter>' '<Enter>' '<Down>' '<Enter>' '<Down>' '<Down>' \
		'<Enter>' '<Down>' '<Down>' '<Down>' e
	for _ in $(seq 1 30); do echo '<BS>'; done
	printf '%s\n' "$WIDE" '<Enter>' ':save-display screen'
} | LINES=40 console wide --store "$TMP/BCD4" --system "$TMP/SYSTEM4"
shows "wide characters: the pending pane wraps them by their width" wide-screen '^|.*||    文文中中文文.*文文" /f  *|$'
console tree --store "$TMP/BCD4" <<EOF
f
o
/
Objects
<Enter>
<Enter>
/
$DEFAULT
<Enter>
<Enter>
<Down>
<Down>
<Enter>
/
25000080
<Enter>
:save-display before
<F2>
<Enter>
y
:save-display after
EOF
shows "registry pane: the safeboot element key" tree-before '+ 25000080'
check "after the repair the tree no longer lists it" sh -c "! grep -q '+ 25000080' '$TMP/tree-after.txt'"

# Nothing loaded (a disk that cannot be opened): keys do nothing harmful.
console nothing "$TMP/missing.img" <<'EOF'
:wait
<Enter>
e
d
<F2>
w
EOF
rc=$?
check "a disk that cannot be opened: exit 1, no crash (rc=$rc)" test $rc -eq 1
# A load that ends under a dialog is taken over when the dialog closes.  A
# stand-in for qemu holds the load until the help is on the screen, then
# fails; no appliance boots.
if ls /boot/vmlinuz-* > /dev/null 2>&1; then
	printf '#!/bin/sh\nwhile [ ! -e "%s" ]; do sleep 0.1; done\nexit 1\n' "$TMP/under-help.txt" > "$TMP/qemu"
	chmod +x "$TMP/qemu"
	truncate -s 10M "$TMP/under.img"
	LIBGUESTFS_HV=$TMP/qemu console under "$TMP/under.img" <<'EOF'
<F1>
:save-display help
:wait
:save-display ended
<Esc>
:save-display closed
EOF
	shows "the load ended under the help: the help stays" under-ended 'show this help'
	check "... with nothing of the load over it" sh -c "! grep -q 'Cannot open the disks' '$TMP/under-ended.txt'"
	shows "closing the help: the load's outcome" under-closed 'Cannot open the disks'
fi

# Too small: keys are ignored, the console still quits.
LINES=5 COLUMNS=8 console tiny --store "$TMP/BCD.orig" <<'EOF'
<F1>
<F2>
:save-display screen
EOF
check "5x8: exits at once (rc=$?)" test $? -eq 0
shows "5x8: says it is too small" tiny-screen 'The term'

# 200x60 and 80x24: the layout follows the size.
LINES=60 COLUMNS=200 console big --store "$TMP/BCD.orig" <<'EOF'
f
:save-display screen
EOF
check "200x60: 60 lines" test "$(wc -l < "$TMP/big-screen.txt")" -eq 60
check "200x60: the key bar on the last line" sh -c "tail -1 '$TMP/big-screen.txt' | grep -q '^F1 Help'"
check "200x60: long values are not cut" grep -q 'path                    \\Windows\\system32\\winload.exe' "$TMP/big-screen.txt"
check "80x24: 24 lines" test "$(wc -l < "$TMP/main-start.txt")" -eq 24
check "80x24: the Findings, no line wider than 80" test "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$TMP/main-findings.txt")" -eq 80
check "80x24: no line wider than 80" test "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$TMP/main-start.txt")" -le 80

# Dutch.
LANGUAGE=nl LC_ALL=nl_NL.UTF-8 WINRESCUE_LOCALEDIR=$WINRESCUE_LOCALEDIR console nl --store "$TMP/BCD.orig" <<'EOF'
:save-display findings
f
:save-display panes
<F2>
:save-display menu
EOF
shows "Dutch: the pane titles" nl-panes 'Schijven en partities'
shows "Dutch: the repairs menu" nl-menu 'safeboot  *nodig'
check "the repairs menu: repairs only, not the checks that only report" sh -c "grep -q 'bootmgr ' '$TMP/nl-menu.txt' && ! grep -q 'duplicate-disk\\|loader-files\\|displayorder' '$TMP/nl-menu.txt'"
# The labels are longer in Dutch: at 80 columns the key bar keeps how to quit.
for v in findings panes; do
	check "Dutch at 80x24, $v: the key bar ends with F10 and fits ($(tail -1 "$TMP/nl-$v.txt"))" sh -c "tail -1 '$TMP/nl-$v.txt' | grep -q '  F10 [^ ]*\$' && test \$(tail -1 '$TMP/nl-$v.txt' | wc -m) -le 81"
done

# UTF-8 from a real store: its loader is called "Windows<no-break space>11".
if have_fixtures "UTF-8 from a real store" bcd-win11-uefi-tripleboot-ptbr.hive; then
	cp "$WINRESCUE_FIXTURES/bcd-win11-uefi-tripleboot-ptbr.hive" "$TMP/pt.hive"
	LINES=30 COLUMNS=120 console utf8 --store "$TMP/pt.hive" <<'EOF'
f
:save-display screen
EOF
	shows "UTF-8: the no-break space of a real store shown as such" utf8-screen "description  *Windows$(printf '\302\240')11"
fi

# Errors: a missing file, one line, before the screen starts.
console missing --store "$TMP/missing" < /dev/null
rc=$?
check "missing store: exit 1, one line naming it (rc=$rc)" sh -c "test $rc -eq 1 && grep -q '$TMP/missing' '$TMP/missing.err' && test \$(wc -l < '$TMP/missing.err') -eq 1"
# A dirty SYSTEM hive whose log recovers it: said on the status line and
# in the hive's row, and it stays writable.
mkdir -p "$TMP/dirty" && "$MKSTORE" dirty-system "$TMP/dirty/SYSTEM" || bail "mkstore failed"
COLUMNS=200 console dirty --store "$TMP/BCD.orig" --system "$TMP/dirty/SYSTEM" <<'EOF'
f
:save-display start
q
EOF
rc=$?
check "dirty SYSTEM: console exits 0 (rc=$rc)" test $rc -eq 0
shows "dirty SYSTEM: the status line says its log was replayed" dirty-start "$TMP/dirty/SYSTEM was dirty (sequence 3 and 2): its logs were replayed (2 pages, now clean at 2); a commit writes the recovered hive"
shows "dirty SYSTEM: its row says recovered, not read-only" dirty-start "$TMP/dirty/SYSTEM (recovered from its logs)"
done_testing
