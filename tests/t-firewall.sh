#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The RDP port and the guest firewall on the real SYSTEM hives (catalog
# R-18, R-8, R-9, R-10, R-3), the fault added by hivexregedit: diagnose
# finds it, the repair changes exactly those bytes (whole .reg exports
# compared), diagnose no longer finds it, undo gives back the SHA-256.
. "${srcdir:-.}/tests/lib.sh"
need jq
need hivexregedit
need xz
need iconv
W=$WINRESCUE
F=${WINRESCUE_FIXTURES:-}
export XDG_STATE_HOME=$TMP/state
have_fixtures "the real SYSTEM hives" system-win7-2controlsets-regipy.hive.xz || { done_testing; exit 0; }

sha() { sha256sum "$1" | cut -c1-64; }
RDP_TCP='Control\Terminal Server\WinStations\RDP-Tcp'
FW='Services\SharedAccess\Parameters\FirewallPolicy'
# merge HIVE REG-BODY: keys and values (printf format, \r\n added) set by hivexregedit.
merge() {
	printf 'Windows Registry Editor Version 5.00\n\n%s\n\n' "$2" | sed 's/$/\r/' > "$TMP/merge.reg"
	hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SYSTEM' "$1" "$TMP/merge.reg" || bail "hivexregedit failed on $1"
}
# diagnose HIVE: its JSON in $TMP/json, the exit status in $rc.
diagnose() {
	"$W" diagnose --system "$1" --json > "$TMP/json" 2> "$TMP/err"
	rc=$?
}
# utf16 TEXT: its UTF-16LE bytes as an export writes them ("76,00,32,00").
utf16() { printf '%s' "$1" | iconv -t UTF-16LE | od -An -v -tx1 | tr -s ' \n' ',' | sed 's/^,//; s/,$//'; }
finding() { jq -c --arg id "$1" '[.findings[] | select(.id == $id)][0]' "$TMP/json"; }
has() { jq -e --arg id "$1" '[.findings[].id] | index($id) != null' "$TMP/json" > /dev/null; }
lacks() { ! has "$1"; }
evidence() { jq -e --arg id "$1" --arg line "$2" '[.findings[] | select(.id == $id)][0].evidence | index($line) != null' "$TMP/json" > /dev/null; }
# edit_values EXPORT KEY-REGEX SED: the export with SED applied to the
# values of the keys matching KEY-REGEX (lower case, without [HKLM\X\ ]).
edit_values() {
	K=$2 awk 'BEGIN { k = "^\\[hklm\\\\x\\\\" ENVIRON["K"] "\\]$" }
		/^\[/ { in_key = tolower($0) ~ k } { print (in_key && !/^\[/) ? "\001" $0 : $0 }' "$1" |
		sed -E "/^\x01/{ s/^\x01//; $3; }"
}

d=$TMP/w7 && mkdir -p "$d"
xz -dc "$F/system-win7-2controlsets-regipy.hive.xz" > "$d/orig"
export_hive "$d/orig" > "$d/orig.reg"

# Healthy: Windows 7 lets RDP in by RemoteDesktop-In-TCP, so its UserMode
# (RemoteFX) rules off are no finding; the on-request repairs never are.
diagnose "$d/orig"
for id in rdp-port firewall firewall-off listener-reset; do
	check "win7 healthy: no system.$id" lacks system.$id
done

# rdp-port (R-18): 54321 in both control sets.
cp "$d/orig" "$d/SYSTEM"
merge "$d/SYSTEM" "$(printf '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet%s\\%s]\n"PortNumber"=dword:0000d431\n\n' 001 "$RDP_TCP" 002 "$RDP_TCP")"
s0=$(sha "$d/SYSTEM")
export_hive "$d/SYSTEM" > "$d/before.reg"
diagnose "$d/SYSTEM"
check "rdp-port: found, blocks RDP, exit 3 (rc=$rc)" sh -c "test $rc -eq 3 && test '$(finding system.rdp-port | jq -r .severity)' = blocks-rdp"
for set in 001 002; do
	check "rdp-port: the evidence names ControlSet$set's port" evidence system.rdp-port "ControlSet$set\\$RDP_TCP PortNumber: REG_DWORD 0xd431 (54321) -> REG_DWORD 0xd3d (3389)"
done
check "rdp-port: the advice says to open the port instead" jq -e '[.findings[] | select(.id == "system.rdp-port")][0].advice | test("open it instead of repairing: the inbound rule of the network security group")' "$TMP/json"
"$W" repair rdp-port --system "$d/SYSTEM" --yes > "$d/out" 2>&1
check "rdp-port: repaired (rc=$?)" grep -q '^rdp-port: done$' "$d/out"
check "rdp-port: the diff is REG ADD ... PortNumber 3389 in each set" test "$(grep -c 'REG ADD "HKLM\\BROKENSYSTEM\\ControlSet00[12]\\Control\\Terminal Server\\WinStations\\RDP-Tcp" /v PortNumber /t REG_DWORD /d 3389 /f' "$d/out")" -eq 2
export_hive "$d/SYSTEM" > "$d/after.reg"
edit_values "$d/before.reg" 'controlset00[12]\\control\\terminal server\\winstations\\rdp-tcp' 's/^"PortNumber"=dword:0000d431$/"PortNumber"=dword:00000d3d/' > "$d/want.reg"
same "rdp-port: 3389 in both sets, every other byte as it was" "$d/want.reg" "$d/after.reg"
diagnose "$d/SYSTEM"
check "rdp-port: no longer found" lacks system.rdp-port
"$W" undo --system "$d/SYSTEM" --yes > /dev/null 2>&1
check "rdp-port: undo gives back the SHA-256" test "$(sha "$d/SYSTEM")" = "$s0"

# firewall (R-9): "Block all incoming connections" in the three profiles of both sets.
cp "$d/orig" "$d/SYSTEM"
for set in 001 002; do
	for p in Domain Public Standard; do
		printf '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet%s\\%s\\%sProfile]\n"DoNotAllowExceptions"=dword:00000001\n\n' $set "$FW" $p
	done
done > "$d/block.txt"
merge "$d/SYSTEM" "$(cat "$d/block.txt")"
s0=$(sha "$d/SYSTEM")
diagnose "$d/SYSTEM"
check "firewall + DoNotAllowExceptions: found, blocks RDP, exit 3 (rc=$rc)" sh -c "test $rc -eq 3 && test '$(finding system.firewall | jq -r .severity)' = blocks-rdp"
check "... the evidence names a profile's value" evidence system.firewall "ControlSet002\\$FW\\PublicProfile DoNotAllowExceptions: REG_DWORD 0x1 (1) -> (not set)"
check "... and Windows 7's own RDP rule on" evidence system.firewall "ControlSet001\\$FW\\FirewallRules RemoteDesktop-In-TCP: Active=TRUE (as wanted)"
"$W" repair firewall --system "$d/SYSTEM" --yes > "$d/out" 2>&1
check "firewall: six REG DELETE lines" test "$(grep -c '^  REG DELETE "HKLM\\BROKENSYSTEM\\ControlSet00[12]\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\\(Domain\|Public\|Standard\)Profile" /v DoNotAllowExceptions /f$' "$d/out")" -eq 6
check "firewall: the diff says it weakens security" grep -q '^  (weakens security: it opens a way in' "$d/out"
export_hive "$d/SYSTEM" > "$d/after.reg"
same "firewall: the values gone, every other byte as in the original" "$d/orig.reg" "$d/after.reg"
check "firewall: the journal marks it to revert" jq -e 'select(.action == "commit") | .transactions[0] | .name == "firewall" and .weakens_security == true' "$d/winrescue-journal.jsonl"
diagnose "$d/SYSTEM"
check "firewall: no longer found" lacks system.firewall
"$W" undo --system "$d/SYSTEM" --yes > /dev/null 2>&1
check "firewall: undo gives back the SHA-256" test "$(sha "$d/SYSTEM")" = "$s0"
# DoNotAllowExceptions 0, the default, blocks nothing: no finding.
cp "$d/orig" "$d/SYSTEM"
merge "$d/SYSTEM" "$(sed 's/dword:00000001/dword:00000000/' "$d/block.txt")"
diagnose "$d/SYSTEM"
check "firewall + DoNotAllowExceptions 0: no finding (rc=$rc)" sh -c "test $rc -eq 0 && ! jq -e '[.findings[].id] | index(\"system.firewall\") != null' '$TMP/json' > /dev/null"

# firewall (R-8) on Windows 7: its RDP rule, RemoteDesktop-In-TCP, off in
# the current set (the UserMode rule is RemoteFX's there: left as it is).
ON='7c,00,41,00,63,00,74,00,69,00,76,00,65,00,3d,00,54,00,52,00,55,00,45,00,7c,00'
OFF='7c,00,41,00,63,00,74,00,69,00,76,00,65,00,3d,00,46,00,41,00,4c,00,53,00,45,00,7c,00'
cp "$d/orig" "$d/SYSTEM"
rule=$(awk '/^\[/ { f = tolower($0) == "[hklm\\x\\controlset001\\services\\sharedaccess\\parameters\\firewallpolicy\\firewallrules]" }
	f && /^"RemoteDesktop-In-TCP"=/' "$d/orig.reg")
check "win7: RemoteDesktop-In-TCP is on in ControlSet001" sh -c "echo '$rule' | grep -q '$ON'"
merge "$d/SYSTEM" "$(printf '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\%s\\FirewallRules]\n%s' "$FW" "$(echo "$rule" | sed "s/$ON/$OFF/")")"
s0=$(sha "$d/SYSTEM")
diagnose "$d/SYSTEM"
check "win7 + RemoteDesktop-In-TCP off: system.firewall, blocks RDP (rc=$rc)" sh -c "test $rc -eq 3 && test '$(finding system.firewall | jq -r .severity)' = blocks-rdp"
check "... the evidence names that rule alone" test "$(finding system.firewall | jq -c '.evidence | map(select(test("FirewallRules")))')" = "[\"ControlSet001\\\\Services\\\\SharedAccess\\\\Parameters\\\\FirewallPolicy\\\\FirewallRules RemoteDesktop-In-TCP: Active=FALSE -> Active=TRUE\"]"
"$W" repair firewall --system "$d/SYSTEM" --yes > /dev/null 2>&1
export_hive "$d/SYSTEM" > "$d/after.reg"
same "win7 firewall: Active=TRUE again, every other byte as in the original" "$d/orig.reg" "$d/after.reg"
"$W" undo --system "$d/SYSTEM" --yes > /dev/null 2>&1
check "win7 firewall: undo gives back the SHA-256" test "$(sha "$d/SYSTEM")" = "$s0"

# firewall-off (R-10), on request: the current set only (Select\Current 2 here).
cp "$d/orig" "$d/SYSTEM"
merge "$d/SYSTEM" '[HKEY_LOCAL_MACHINE\SYSTEM\Select]
"Current"=dword:00000002'
s0=$(sha "$d/SYSTEM")
export_hive "$d/SYSTEM" > "$d/before.reg"
diagnose "$d/SYSTEM"
check "firewall-off: never a finding" lacks system.firewall-off
"$W" repair firewall-off --system "$d/SYSTEM" --yes > "$d/out" 2>&1
check "firewall-off: three REG ADD lines, in ControlSet002" test "$(grep -c '^  REG ADD "HKLM\\BROKENSYSTEM\\ControlSet002\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\\(Domain\|Public\|Standard\)Profile" /v EnableFirewall /t REG_DWORD /d 0 /f$' "$d/out")" -eq 3
check "firewall-off: the diff says to undo it" grep -q '^  (weakens security: it opens a way in; undo it once the machine is reachable)$' "$d/out"
export_hive "$d/SYSTEM" > "$d/after.reg"
edit_values "$d/before.reg" 'controlset002\\services\\sharedaccess\\parameters\\firewallpolicy\\(domain|public|standard)profile' 's/^"EnableFirewall"=dword:00000001$/"EnableFirewall"=dword:00000000/' > "$d/want.reg"
same "firewall-off: EnableFirewall 0 in ControlSet002's profiles, nothing else" "$d/want.reg" "$d/after.reg"
"$W" undo --list --system "$d/SYSTEM" > "$d/list" 2>&1
check "firewall-off: undo --list shows it to revert" grep -q ' firewall-off .*(weakens security: revert when done)$' "$d/list"
"$W" undo --system "$d/SYSTEM" --yes > /dev/null 2>&1
check "firewall-off: undo gives back the SHA-256" test "$(sha "$d/SYSTEM")" = "$s0"

# listener-reset (R-3), on request: the thirteen values in both sets.
cp "$d/orig" "$d/SYSTEM"
s0=$(sha "$d/SYSTEM")
"$W" repair listener-reset --system "$d/SYSTEM" --yes > "$d/out" 2>&1
check "listener-reset: done, marked to revert" sh -c "grep -q '^listener-reset: done\$' '$d/out' && grep -q '^  (weakens security' '$d/out'"
export_hive "$d/SYSTEM" > "$d/after.reg"
names='SecurityLayer|MinEncryptionLevel|fQueryUserConfigFromLocalMachine|KeepAliveTimeout|fInheritReconnectSame|fReconnectSame|fInheritMaxSessionTime|fInheritMaxDisconnectionTime|MaxDisconnectionTime|MaxConnectionTime|fInheritMaxIdleTime|MaxIdleTime|MaxInstanceCount'
for set in 001 002; do
	got=
	for v in $(echo $names | tr '|' ' '); do
		got="$got $v=$(value_of "$d/after.reg" "ControlSet$set\\$RDP_TCP" $v | sed 's/^dword://')"
	done
	check "listener-reset: ControlSet$set's values as the article sets them" test "$got" = " SecurityLayer=00000000 MinEncryptionLevel=00000001 fQueryUserConfigFromLocalMachine=00000001 KeepAliveTimeout=00000001 fInheritReconnectSame=00000000 fReconnectSame=00000001 fInheritMaxSessionTime=00000001 fInheritMaxDisconnectionTime=00000001 MaxDisconnectionTime=00000000 MaxConnectionTime=00000000 fInheritMaxIdleTime=00000001 MaxIdleTime=00000000 MaxInstanceCount=ffffffff"
done
edit_values "$d/orig.reg" 'controlset00[12]\\control\\terminal server\\winstations\\rdp-tcp' "/^\"($names)\"=/d" > "$d/want.rest"
edit_values "$d/after.reg" 'controlset00[12]\\control\\terminal server\\winstations\\rdp-tcp' "/^\"($names)\"=/d" > "$d/after.rest"
same "listener-reset: every other key and value as it was" "$d/want.rest" "$d/after.rest"
"$W" undo --system "$d/SYSTEM" --yes > /dev/null 2>&1
check "listener-reset: undo gives back the SHA-256" test "$(sha "$d/SYSTEM")" = "$s0"

# Their SOFTWARE halves, with a SOFTWARE hive beside SYSTEM: firewall-off
# sets EnableFirewall 0 in the policy profiles a policy has (DomainProfile
# here, the other two not created); listener-reset adds its three policy
# values.  One commit over both hives, one undo gives both back.
"$MKSTORE" software "$d/SOFTWARE" || bail "mkstore failed"
P='HKEY_LOCAL_MACHINE\SOFTWARE\Policies'
printf 'Windows Registry Editor Version 5.00\r\n\r\n[%s]\r\n\r\n[%s\\Microsoft]\r\n\r\n[%s\\Microsoft\\WindowsFirewall]\r\n\r\n[%s\\Microsoft\\WindowsFirewall\\DomainProfile]\r\n"EnableFirewall"=dword:00000001\r\n"DefaultInboundAction"=dword:00000001\r\n\r\n' "$P" "$P" "$P" "$P" > "$TMP/gpo.reg"
hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SOFTWARE' "$d/SOFTWARE" "$TMP/gpo.reg" || bail "hivexregedit failed"
cp "$d/orig" "$d/SYSTEM"
s0=$(sha "$d/SYSTEM") w0=$(sha "$d/SOFTWARE")
export_hive "$d/SOFTWARE" > "$d/sw-before.reg"
"$W" repair firewall-off --system "$d/SYSTEM" --software "$d/SOFTWARE" --yes > "$d/out" 2>&1
check "firewall-off with SOFTWARE: its policy profile's REG ADD line" grep -qx '  REG ADD "HKLM\\BROKENSOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile" /v EnableFirewall /t REG_DWORD /d 0 /f' "$d/out"
export_hive "$d/SOFTWARE" > "$d/sw-after.reg"
diff "$d/sw-before.reg" "$d/sw-after.reg" | grep '^[<>]' > "$d/got"
printf '%s\n' '< "EnableFirewall"=dword:00000001' '> "EnableFirewall"=dword:00000000' > "$d/want"
same "... EnableFirewall 0 there, no profile created, nothing else changed" "$d/want" "$d/got"
"$W" undo --system "$d/SYSTEM" --software "$d/SOFTWARE" --yes > /dev/null 2>&1
check "... one undo gives back both SHA-256s" sh -c "test '$(sha "$d/SYSTEM")' = '$s0' && test '$(sha "$d/SOFTWARE")' = '$w0'"
"$W" repair listener-reset --system "$d/SYSTEM" --software "$d/SOFTWARE" --yes > "$d/out" 2>&1
export_hive "$d/SOFTWARE" > "$d/sw-after.reg"
got=
for v in KeepAliveEnable KeepAliveInterval fDisableAutoReconnect; do
	got="$got $v=$(value_of "$d/sw-after.reg" 'Policies\Microsoft\Windows NT\Terminal Services' $v)"
done
check "listener-reset with SOFTWARE: the three policy values as the article sets them" test "$got" = " KeepAliveEnable=dword:00000001 KeepAliveInterval=dword:00000001 fDisableAutoReconnect=dword:00000000"
"$W" undo --system "$d/SYSTEM" --software "$d/SOFTWARE" --yes > /dev/null 2>&1
check "... one undo gives back both SHA-256s" sh -c "test '$(sha "$d/SYSTEM")' = '$s0' && test '$(sha "$d/SOFTWARE")' = '$w0'"

# firewall (R-8) on the dirty Windows 10 hive, after its logs: the RDP rules
# (TCP and UDP) off, as the healthy hive has them; only their Active token changes.
if have_fixtures "the win10 SYSTEM hive with its logs" system-win10-dirty-with-logs-regipy.hive.LOG2.xz; then
	d=$TMP/w10 && mkdir -p "$d"
	xz -dc "$F/system-win10-dirty-with-logs-regipy.hive.xz" > "$d/SYSTEM"
	for l in 1 2; do xz -dc "$F/system-win10-dirty-with-logs-regipy.hive.LOG$l.xz" > "$d/SYSTEM.LOG$l"; done
	s0=$(sha "$d/SYSTEM")
	"$W" hive replay "$d/SYSTEM" --output "$d/replayed" > /dev/null 2>&1 || bail "replay failed"
	export_hive "$d/replayed" > "$d/before.reg"
	diagnose "$d/SYSTEM"
	check "win10: system.firewall, blocks RDP" test "$(finding system.firewall | jq -r .severity)" = blocks-rdp
	for r in TCP UDP; do
		check "win10: the evidence names RemoteDesktop-UserMode-In-$r off" evidence system.firewall "ControlSet001\\$FW\\FirewallRules RemoteDesktop-UserMode-In-$r: Active=FALSE -> Active=TRUE"
	done
	check "win10: no system.rdp-port (3389)" lacks system.rdp-port
	"$W" repair firewall --system "$d/SYSTEM" --yes > "$d/out" 2>&1
	check "win10: two REG ADD lines of a rule (REG_SZ)" test "$(grep -c '^  REG ADD "HKLM\\BROKENSYSTEM\\ControlSet001\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules" /v RemoteDesktop-UserMode-In-\(TCP\|UDP\) /t REG_SZ /d "v2.27|Action=Allow|Active=TRUE|Dir=In|Protocol=\(6\|17\)|LPort=3389|' "$d/out")" -eq 2
	export_hive "$d/SYSTEM" > "$d/after.reg"
	# "|Active=FALSE|" -> "|Active=TRUE|" in UTF-16LE, in those two values alone.
	edit_values "$d/before.reg" 'controlset001\\services\\sharedaccess\\parameters\\firewallpolicy\\firewallrules' \
		'/^"RemoteDesktop-UserMode-In-(TCP|UDP)"=/s/7c,00,41,00,63,00,74,00,69,00,76,00,65,00,3d,00,46,00,41,00,4c,00,53,00,45,00,7c,00/7c,00,41,00,63,00,74,00,69,00,76,00,65,00,3d,00,54,00,52,00,55,00,45,00,7c,00/' > "$d/want.reg"
	check "win10: the expected export differs from the original" sh -c "! cmp -s '$d/want.reg' '$d/before.reg'"
	same "win10: the two Active tokens TRUE, every other byte as it was" "$d/want.reg" "$d/after.reg"
	diagnose "$d/SYSTEM"
	check "win10: system.firewall no longer found" lacks system.firewall
	"$W" undo --system "$d/SYSTEM" --yes > /dev/null 2>&1
	check "win10: undo gives back the dirty original's SHA-256" test "$(sha "$d/SYSTEM")" = "$s0"

	# Only a whole Active token is edited: one last in the string with no
	# NUL after it, one with another word ("FALSEY") left alone.
	cp "$d/replayed" "$d/edge"
	merge "$d/edge" "$(printf '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\%s\\FirewallRules]\n"RemoteDesktop-UserMode-In-TCP"=hex(1):%s\n"RemoteDesktop-UserMode-In-UDP"=hex(1):%s' "$FW" "$(utf16 'v2.27|Action=Allow|Active=FALSE')" "$(utf16 'v2.27|Active=FALSEY|Action=Allow|')")"
	"$W" repair firewall --system "$d/edge" --yes > "$d/out" 2>&1
	export_hive "$d/edge" > "$d/edge.reg"
	key="ControlSet001\\$FW\\FirewallRules"
	check "edge: the last token, with no NUL after it, turned TRUE" test "$(value_of "$d/edge.reg" "$key" RemoteDesktop-UserMode-In-TCP)" = "hex(1):$(utf16 'v2.27|Action=Allow|Active=TRUE')"
	check "edge: Active=FALSEY left as it was" test "$(value_of "$d/edge.reg" "$key" RemoteDesktop-UserMode-In-UDP)" = "hex(1):$(utf16 'v2.27|Active=FALSEY|Action=Allow|')"
	check "edge: one REG ADD" test "$(grep -c '^  REG ADD' "$d/out")" -eq 1
fi
done_testing
