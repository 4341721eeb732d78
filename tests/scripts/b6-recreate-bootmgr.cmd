REM Catalog B-6: recreate a missing {bootmgr} (0xc0000034, \Boot\BCD).
REM Article: boot-error-0xc0000034.md (10/20/2023), "Step 2: Repair the Boot
REM Configuration data".  <Boot partition> is F:; <Identifier> is the Windows
REM Boot Loader's identifier as "bcdedit /store F:\boot\bcd /enum /v" shows it
REM (with no {bootmgr} there is no {default} to name it by).
bcdedit /store F:\boot\bcd /create {bootmgr}

bcdedit /store F:\boot\bcd /set {bootmgr} description "Windows Boot Manager"

bcdedit /store F:\boot\bcd /set {bootmgr} locale en-us

bcdedit /store F:\boot\bcd /set {bootmgr} inherit {globalsettings}

bcdedit /store F:\boot\bcd /set {bootmgr} displayorder {1b67bffd-e290-11eb-8ffa-f459a0d9b879}

bcdedit /store F:\boot\bcd /set {bootmgr} timeout 30
