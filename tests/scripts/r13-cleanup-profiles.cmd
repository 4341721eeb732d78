REM Catalog R-13: remove the CleanupProfiles policy (stuck at "Applying Group
REM Policy Local Users and Groups policy").  Article:
REM unresponsive-vm-apply-group-policy.md (06/13/2024), "Step 2: Disable the
REM policy"; also vm-unresponsive-applying-audit-configuration-policy.md.
REM Steps 2-3 load SOFTWARE in Registry Editor as BROKENSOFTWARE: reg load
REM here, from drive F:.
reg load HKLM\BROKENSOFTWARE F:\windows\system32\config\SOFTWARE

reg delete "HKLM\BROKENSOFTWARE\Policies\Microsoft\Windows\System" /v CleanupProfiles /f

reg unload HKLM\BROKENSOFTWARE
