REM Catalog B-1, the single-partition fallback: "if the above setup didn't
REM work, then try replacing the partition values with boot".
REM Article: os-bootmgr-missing.md (12/07/2020), "Fix the missing reference in
REM the BCD store", Generation 1; also os-bucket-boot-failure.md and
REM windows-boot-failure.md.  <BCD FOLDER - DRIVE LETTER> is F:,
REM {<IDENTIFIER>} is {default}.
bcdedit /store F:\boot\bcd /set {bootmgr} device boot
bcdedit /store F:\boot\bcd /set {bootmgr} integrityservices enable
bcdedit /store F:\boot\bcd /set {default} device boot
bcdedit /store F:\boot\bcd /set {default} integrityservices enable
bcdedit /store F:\boot\bcd /set {default} recoveryenabled Off
bcdedit /store F:\boot\bcd /set {default} osdevice boot
bcdedit /store F:\boot\bcd /set {default} bootstatuspolicy IgnoreAllFailures
