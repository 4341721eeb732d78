REM Catalog B-2: don't boot into Automatic Repair (bootstatuspolicy
REM IgnoreAllFailures, recoveryenabled Off), on a Generation 2 VM.
REM Article: os-bootmgr-missing.md (12/07/2020), the Generation 2 block of "Fix
REM the missing reference in the BCD store" (what the repair script
REM win-bcdedit-ignoreAllFailure sets).  The EFI System Partition's letter is
REM F: (written without a backslash after it, as the article prints it),
REM {<IDENTIFIER>} is {default}.
bcdedit /store F:EFI\Microsoft\boot\bcd /set {default} recoveryenabled Off
bcdedit /store F:EFI\Microsoft\boot\bcd /set {default} bootstatuspolicy IgnoreAllFailures
