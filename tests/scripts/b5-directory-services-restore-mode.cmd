REM Catalog B-5: Directory Services Restore Mode for a domain controller.
REM Article: troubleshoot-directory-service-initialization-failure.md
REM (05/05/2020): where NTDS.DIT is, then the safeboot DsRepair flag.  Its f:
REM as printed; <Drive Letter> is F:, <Identifier> is {default}.
REG LOAD HKLM\BROKENSYSTEM f:\windows\system32\config\SYSTEM
REG QUERY "HKLM\BROKENSYSTEM\ControlSet001\Services\NTDS\parameters" /v "DSA Working Directory"
REG QUERY "HKLM\BROKENSYSTEM\ControlSet001\Services\NTDS\parameters" /v "DSA Database file"
REG QUERY "HKLM\BROKENSYSTEM\ControlSet001\Services\NTDS\parameters" /v "Database backup path"
REG QUERY "HKLM\BROKENSYSTEM\ControlSet001\Services\NTDS\parameters" /v "Database log files path"
REG UNLOAD HKLM\BROKENSYSTEM

bcdedit /store F:\boot\bcd /enum
bcdedit /store F:\boot\bcd /set {default} safeboot dsrepair
