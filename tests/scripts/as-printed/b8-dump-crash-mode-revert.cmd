REM Catalog B-8's revert block exactly as the article prints it, typos and
REM all: troubleshoot-critical-service-failed-boot-error.md (06/13/2024), step
REM 11, with F: for <OS DISK LETTER>.  "bcddit" on line 13 is no command.
REM Restore the boot manager to default values
bcdedit /store F:\boot\bcd /deletevalue {bootmgr} nointegritychecks
bcdedit /store F:\boot\bcd /set {bootmgr} integrityservices enable

REM Restore the boot loader to default values for an azure VM
bcdedit /store F:\boot\bcd /deletevalue {default} bootlog
bcdedit /store F:\boot\bcd /set {default} bootstatuspolicy ignoreallfailures
bcdedit /store F:\boot\bcd /deletevalue {default} nointegritychecks
bcdedit /store F:\boot\bcd /deletevalue {default} testsigning
bcddit /store F:\boot\bcd /set {default} recoveryenabled no
bcdedit /store F:\boot\bcd /set {default} integrityservicesenable
