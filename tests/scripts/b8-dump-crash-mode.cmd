REM Catalog B-8: boot into debug ("Dump Crash") mode.
REM Article: troubleshoot-critical-service-failed-boot-error.md (06/13/2024),
REM "Optional: Analyze the dump logs in Dump Crash mode", step 8.
REM <OS DISK LETTER> is F:, {<IDENTIFIER OF THE WINDOWS BOOT LOADER>} is the
REM loader's identifier as /enum /v shows it.  (Steps 2-7, AutoReboot and
REM CrashDumpEnabled, are done in Registry Editor: no commands.)
REM Setup some debugging flags on the boot manager
bcdedit /store F:\boot\bcd /set {bootmgr} default {1b67bffd-e290-11eb-8ffa-f459a0d9b879}
bcdedit /store F:\boot\bcd /set {bootmgr} nointegritychecks on
bcdedit /store F:\boot\bcd /set {bootmgr} integrityservices disable

REM Setup some debugging flags on the boot loader
bcdedit /store F:\boot\bcd /set {default} bootlog yes
bcdedit /store F:\boot\bcd /set {default} bootstatuspolicy displayallfailures
bcdedit /store F:\boot\bcd /set {default} nointegritychecks on
bcdedit /store F:\boot\bcd /set {default} testsigning off
bcdedit /store F:\boot\bcd /set {default} recoveryenabled no
bcdedit /store F:\boot\bcd /set {default} integrityservices disable
