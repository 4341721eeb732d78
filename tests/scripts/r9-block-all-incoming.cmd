REM Catalog R-9: remove "Block all incoming connections" (DoNotAllowExceptions).
REM Article: guest-os-firewall-blocking-inbound-traffic.md (11/04/2021),
REM "Offline Mitigations", "Mitigation 2", step 4, with its f:.  Two changes:
REM the robocopy backup of the config folder is left out (winrescue keeps a
REM backup of every hive it writes), and each REG DELETE has /f: reg.exe
REM without /f asks before deleting, winrescue refuses (it cannot ask).
REM Backup the registry prior doing any change

REM Mount the hive
reg load HKLM\BROKENSYSTEM f:\windows\system32\config\SYSTEM

REM Delete the keys to block all inbound connection scenario
REG DELETE "HKLM\BROKENSYSTEM\ControlSet001\services\SharedAccess\Parameters\FirewallPolicy\DomainProfile" /v DoNotAllowExceptions /f
REG DELETE "HKLM\BROKENSYSTEM\ControlSet001\services\SharedAccess\Parameters\FirewallPolicy\PublicProfile" /v DoNotAllowExceptions /f
REG DELETE "HKLM\BROKENSYSTEM\ControlSet001\services\SharedAccess\Parameters\FirewallPolicy\StandardProfile" /v DoNotAllowExceptions /f
REG DELETE "HKLM\BROKENSYSTEM\ControlSet002\services\SharedAccess\Parameters\FirewallPolicy\DomainProfile" /v DoNotAllowExceptions /f
REG DELETE "HKLM\BROKENSYSTEM\ControlSet002\services\SharedAccess\Parameters\FirewallPolicy\PublicProfile" /v DoNotAllowExceptions /f
REG DELETE "HKLM\BROKENSYSTEM\ControlSet002\services\SharedAccess\Parameters\FirewallPolicy\StandardProfile" /v DoNotAllowExceptions /f

REM Unmount the hive
reg unload HKLM\BROKENSYSTEM
