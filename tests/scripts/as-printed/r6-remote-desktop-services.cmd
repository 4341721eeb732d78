REM Catalog R-6 exactly as the article prints it:
REM troubleshoot-remote-desktop-services-issues.md (10/23/2018), with its
REM typographic closing quote after NetworkService on line 7: the quote
REM opened before NT Authority is never closed.
reg load HKLM\BROKENSYSTEM F:\windows\system32\config\SYSTEM
reg add "HKLM\BROKENSYSTEM\ControlSet001\services\TermService" /v start /t REG_DWORD /d 3 /f
reg add "HKLM\BROKENSYSTEM\ControlSet001\services\TermService" /v ObjectName /t REG_SZ /d "NT Authority\NetworkService“ /f
reg add "HKLM\BROKENSYSTEM\ControlSet001\services\TermService" /v type /t REG_DWORD /d 16 /f
