REM Catalog B-4: the boot manager's menu and its wait, on a Generation 2 VM.
REM Article: troubleshoot-guide-windows-boot-manager-menu.md (03/26/2020),
REM "Configure for Faster Boot Time on a Repair VM", the Generation 2 commands.
REM <VOLUME LETTER OF EFI SYSTEM PARTITION> is F:.
bcdedit /store F:EFI\Microsoft\boot\bcd /set {bootmgr} displaybootmenu yes
bcdedit /store F:EFI\Microsoft\boot\bcd /set {bootmgr} timeout 5
