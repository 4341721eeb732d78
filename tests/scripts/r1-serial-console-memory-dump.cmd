@echo off
REM Catalog R-1: enable the Serial Console (EMS) and memory dump collection.
REM Article: support/includes/azure/enable-serial-console-memory-dump-collection.md
REM (01/16/2024), included by enable-serial-console-memory-dump-collection.md and
REM some twenty other Azure VM articles.  Placeholders filled as a user would:
REM the volume with the \boot folder and the broken OS volume are both F:, the
REM boot loader identifier is {default}, <broken-system> is BROKENSYSTEM.

REM Enable the serial console:
bcdedit /store F:\boot\bcd /ems {default} ON
bcdedit /store F:\boot\bcd /emssettings EMSPORT:1 EMSBAUDRATE:115200

REM Load the registry hive from the broken OS disk:
reg load HKLM\BROKENSYSTEM F:\windows\system32\config\SYSTEM

REM Enable on ControlSet001:
reg add "HKLM\BROKENSYSTEM\ControlSet001\Control\CrashControl" /v CrashDumpEnabled /t REG_DWORD /d 1 /f
reg add "HKLM\BROKENSYSTEM\ControlSet001\Control\CrashControl" /v DumpFile /t REG_EXPAND_SZ /d "%SystemRoot%\MEMORY.DMP" /f
reg add "HKLM\BROKENSYSTEM\ControlSet001\Control\CrashControl" /v NMICrashDump /t REG_DWORD /d 1 /f

REM Enable on ControlSet002:
reg add "HKLM\BROKENSYSTEM\ControlSet002\Control\CrashControl" /v CrashDumpEnabled /t REG_DWORD /d 1 /f
reg add "HKLM\BROKENSYSTEM\ControlSet002\Control\CrashControl" /v DumpFile /t REG_EXPAND_SZ /d "%SystemRoot%\MEMORY.DMP" /f
reg add "HKLM\BROKENSYSTEM\ControlSet002\Control\CrashControl" /v NMICrashDump /t REG_DWORD /d 1 /f

REM Unload the broken OS disk:
reg unload HKLM\BROKENSYSTEM
