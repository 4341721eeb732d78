REM Catalog B-1: repair the boot configuration data, the lines that need no
REM partition of a disk.  Article: error-code-0xc000000e.md (07/21/2020),
REM "Step 2: Repair the Boot Configuration data"; the same block is in
REM os-not-found.md, os-bootmgr-missing.md and boot-error-0xc000000f.md.
REM <Boot partition> is F:, <Identifier> is {default}.  Left out: the three
REM "device partition=" and "osdevice partition=" lines, which need the
REM partitions of a disk (a disk image, not files).

bcdedit /store F:\boot\bcd /set {bootmgr} integrityservices enable

bcdedit /store F:\boot\bcd /set {default} integrityservices enable

bcdedit /store F:\boot\bcd /set {default} recoveryenabled Off

bcdedit /store F:\boot\bcd /set {default} bootstatuspolicy IgnoreAllFailures
