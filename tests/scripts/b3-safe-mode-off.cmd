REM Catalog B-3: turn off Safe Mode.
REM Article: troubleshoot-rdp-safe-mode.md (11/13/2018), "Configure the Windows
REM to boot into normal mode", with its drive F: and its {Default}.
bcdedit /store F:\boot\bcd /enum
bcdedit /store F:\boot\bcd /deletevalue {Default} safeboot
bcdedit /store F:\boot\bcd /enum
