REM Catalog R-6: the Remote Desktop Services service (TermService) back to its
REM defaults.  Article: troubleshoot-remote-desktop-services-issues.md
REM (10/23/2018), "Repair the VM offline", step 3, with its drive F: and its
REM value names "start" and "type" in lower case.  The article's typographic
REM closing quote after NetworkService on the ControlSet001 ObjectName line is
REM a straight quote here (catalog 2.8).  The article has no reg unload.
reg load HKLM\BROKENSYSTEM F:\windows\system32\config\SYSTEM
        
REM Set default values back on the broken service 
reg add "HKLM\BROKENSYSTEM\ControlSet001\services\TermService" /v start /t REG_DWORD /d 3 /f
reg add "HKLM\BROKENSYSTEM\ControlSet001\services\TermService" /v ObjectName /t REG_SZ /d "NT Authority\NetworkService" /f
reg add "HKLM\BROKENSYSTEM\ControlSet001\services\TermService" /v type /t REG_DWORD /d 16 /f
reg add "HKLM\BROKENSYSTEM\ControlSet002\services\TermService" /v start /t REG_DWORD /d 3 /f
reg add "HKLM\BROKENSYSTEM\ControlSet002\services\TermService" /v ObjectName /t REG_SZ /d "NT Authority\NetworkService" /f
reg add "HKLM\BROKENSYSTEM\ControlSet002\services\TermService" /v type /t REG_DWORD /d 16 /f
