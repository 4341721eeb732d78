REM Catalog R-3: reset the RDP listener (frequent disconnects).
REM Article: troubleshoot-rdp-intermittent-connectivity.md (10/24/2018),
REM "Repair the VM offline", steps 8-17, with its drive F:.  Steps 5-6 load
REM the hives in Registry Editor (as BROKENSYSTEM and BROKENSOFTWARE): reg
REM load here.  The article's quoting bugs are corrected (catalog 2.8): the
REM value names lose the single quotes cmd.exe would have kept (and
REM ' MaxIdleTime' its blank), and MaxInstanceCount is written as the online
REM section of the same article writes it, 4294967295 (not "ffffffff").
reg load HKLM\BROKENSYSTEM F:\windows\system32\config\SYSTEM
reg load HKLM\BROKENSOFTWARE F:\windows\system32\config\SOFTWARE

REM Lower the RDP Security Layer
REG ADD "HKLM\BROKENSYSTEM\ControlSet001\control\Terminal Server\Winstations\RDP-Tcp" /v SecurityLayer /t REG_DWORD /d 0 /f
REG ADD "HKLM\BROKENSYSTEM\ControlSet002\control\Terminal Server\Winstations\RDP-Tcp" /v SecurityLayer /t REG_DWORD /d 0 /f
REM Lower the encryption level
REG ADD "HKLM\BROKENSYSTEM\ControlSet001\control\Terminal Server\Winstations\RDP-Tcp" /v MinEncryptionLevel /t REG_DWORD /d 1 /f
REG ADD "HKLM\BROKENSYSTEM\ControlSet002\control\Terminal Server\Winstations\RDP-Tcp" /v MinEncryptionLevel /t REG_DWORD /d 1 /f
REM Load the user configuration of the client machine
REG ADD "HKLM\BROKENSYSTEM\ControlSet001\control\Terminal Server\Winstations\RDP-Tcp" /v fQueryUserConfigFromLocalMachine /t REG_DWORD /d 1 /f
REG ADD "HKLM\BROKENSYSTEM\ControlSet002\control\Terminal Server\Winstations\RDP-Tcp" /v fQueryUserConfigFromLocalMachine /t REG_DWORD /d 1 /f
REM Enable the RDP Keep-Alive control
REG ADD "HKLM\BROKENSYSTEM\ControlSet001\control\Terminal Server\Winstations\RDP-Tcp" /v KeepAliveTimeout /t REG_DWORD /d 1 /f
REG ADD "HKLM\BROKENSYSTEM\ControlSet002\control\Terminal Server\Winstations\RDP-Tcp" /v KeepAliveTimeout /t REG_DWORD /d 1 /f
REG ADD "HKLM\BROKENSOFTWARE\Policies\Microsoft\Windows NT\Terminal Services" /v KeepAliveEnable /t REG_DWORD /d 1 /f
REG ADD "HKLM\BROKENSOFTWARE\Policies\Microsoft\Windows NT\Terminal Services" /v KeepAliveInterval /t REG_DWORD /d 1 /f
REM Set the RDP Reconnect control
REG ADD "HKLM\BROKENSYSTEM\ControlSet001\control\Terminal Server\Winstations\RDP-Tcp" /v fInheritReconnectSame /t REG_DWORD /d 0 /f
REG ADD "HKLM\BROKENSYSTEM\ControlSet001\control\Terminal Server\Winstations\RDP-Tcp" /v fReconnectSame /t REG_DWORD /d 1 /f
REG ADD "HKLM\BROKENSYSTEM\ControlSet002\control\Terminal Server\Winstations\RDP-Tcp" /v fInheritReconnectSame /t REG_DWORD /d 0 /f
REG ADD "HKLM\BROKENSYSTEM\ControlSet002\control\Terminal Server\Winstations\RDP-Tcp" /v fReconnectSame /t REG_DWORD /d 1 /f
REG ADD "HKLM\BROKENSOFTWARE\Policies\Microsoft\Windows NT\Terminal Services" /v fDisableAutoReconnect /t REG_DWORD /d 0 /f
REM Set the RDP Session Time control
REG ADD "HKLM\BROKENSYSTEM\ControlSet001\control\Terminal Server\Winstations\RDP-Tcp" /v fInheritMaxSessionTime /t REG_DWORD /d 1 /f
REG ADD "HKLM\BROKENSYSTEM\ControlSet002\control\Terminal Server\Winstations\RDP-Tcp" /v fInheritMaxSessionTime /t REG_DWORD /d 1 /f
REM Set the RDP Disconnection Time control
REG ADD "HKLM\BROKENSYSTEM\ControlSet001\control\Terminal Server\Winstations\RDP-Tcp" /v fInheritMaxDisconnectionTime /t REG_DWORD /d 1 /f
REG ADD "HKLM\BROKENSYSTEM\ControlSet001\control\Terminal Server\Winstations\RDP-Tcp" /v MaxDisconnectionTime /t REG_DWORD /d 0 /f
REG ADD "HKLM\BROKENSYSTEM\ControlSet002\control\Terminal Server\Winstations\RDP-Tcp" /v fInheritMaxDisconnectionTime /t REG_DWORD /d 1 /f
REG ADD "HKLM\BROKENSYSTEM\ControlSet002\control\Terminal Server\Winstations\RDP-Tcp" /v MaxDisconnectionTime /t REG_DWORD /d 0 /f
REM Set the RDP Connection Time control
REG ADD "HKLM\BROKENSYSTEM\ControlSet001\control\Terminal Server\Winstations\RDP-Tcp" /v MaxConnectionTime /t REG_DWORD /d 0 /f
REG ADD "HKLM\BROKENSYSTEM\ControlSet002\control\Terminal Server\Winstations\RDP-Tcp" /v MaxConnectionTime /t REG_DWORD /d 0 /f
REM Set the RDP Session Idle Time control
REG ADD "HKLM\BROKENSYSTEM\ControlSet001\control\Terminal Server\Winstations\RDP-Tcp" /v fInheritMaxIdleTime /t REG_DWORD /d 1 /f
REG ADD "HKLM\BROKENSYSTEM\ControlSet001\control\Terminal Server\Winstations\RDP-Tcp" /v MaxIdleTime /t REG_DWORD /d 0 /f
REG ADD "HKLM\BROKENSYSTEM\ControlSet002\control\Terminal Server\Winstations\RDP-Tcp" /v fInheritMaxIdleTime /t REG_DWORD /d 1 /f
REG ADD "HKLM\BROKENSYSTEM\ControlSet002\control\Terminal Server\Winstations\RDP-Tcp" /v MaxIdleTime /t REG_DWORD /d 0 /f
REM Set the "Limit the maximum concurrent connections" control
REG ADD "HKLM\BROKENSYSTEM\ControlSet001\control\Terminal Server\Winstations\RDP-Tcp" /v MaxInstanceCount /t REG_DWORD /d 4294967295 /f
REG ADD "HKLM\BROKENSYSTEM\ControlSet002\control\Terminal Server\Winstations\RDP-Tcp" /v MaxInstanceCount /t REG_DWORD /d 4294967295 /f

reg unload HKLM\BROKENSYSTEM
reg unload HKLM\BROKENSOFTWARE
