REM Catalog B-8: remove the Dump Crash settings once the VM boots again.
REM Article: troubleshoot-critical-service-failed-boot-error.md (06/13/2024),
REM step 11.  <OS DISK LETTER> is F:.  The article's two typos are corrected
REM here (catalog 2.8): "bcddit" is bcdedit, "integrityservicesenable" is
REM "integrityservices enable".
REM Restore the boot manager to default values
bcdedit /store F:\boot\bcd /deletevalue {bootmgr} nointegritychecks
bcdedit /store F:\boot\bcd /set {bootmgr} integrityservices enable

REM Restore the boot loader to default values for an azure VM
bcdedit /store F:\boot\bcd /deletevalue {default} bootlog
bcdedit /store F:\boot\bcd /set {default} bootstatuspolicy ignoreallfailures
bcdedit /store F:\boot\bcd /deletevalue {default} nointegritychecks
bcdedit /store F:\boot\bcd /deletevalue {default} testsigning
bcdedit /store F:\boot\bcd /set {default} recoveryenabled no
bcdedit /store F:\boot\bcd /set {default} integrityservices enable
