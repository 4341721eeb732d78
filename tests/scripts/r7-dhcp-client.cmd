REM Catalog R-7: the DHCP Client service back to its defaults.
REM Article: troubleshoot-rdp-dhcp-disabled.md (11/13/2018), "Repair the VM
REM offline", step 3, with its drive F:, its "DHCP" (the hive says "Dhcp") and
REM its "start" and "type" in lower case.
reg load HKLM\BROKENSYSTEM F:\windows\system32\config\SYSTEM

REM Set default values back on the broken service
reg add "HKLM\BROKENSYSTEM\ControlSet001\services\DHCP" /v start /t REG_DWORD /d 2 /f
reg add "HKLM\BROKENSYSTEM\ControlSet001\services\DHCP" /v ObjectName /t REG_SZ /d "NT Authority\LocalService" /f
reg add "HKLM\BROKENSYSTEM\ControlSet001\services\DHCP" /v type /t REG_DWORD /d 16 /f
reg add "HKLM\BROKENSYSTEM\ControlSet002\services\DHCP" /v start /t REG_DWORD /d 2 /f
reg add "HKLM\BROKENSYSTEM\ControlSet002\services\DHCP" /v ObjectName /t REG_SZ /d "NT Authority\LocalService" /f
reg add "HKLM\BROKENSYSTEM\ControlSet002\services\DHCP" /v type /t REG_DWORD /d 16 /f

reg unload HKLM\BROKENSYSTEM
