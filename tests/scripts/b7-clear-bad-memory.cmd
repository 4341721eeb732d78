REM Catalog B-7: clear the bad-memory list (0xC0000017 Status No Memory).
REM Article: troubleshoot-windows-stop-error.md (06/13/2024), "Clean out bad
REM memory from the Boot Configuration Data (BCD) store".
REM <LETTER ASSIGNED TO THE OS DISK> is F:.
bcdedit /store F:\boot\bcd /enum {badmemory}
bcdedit /store F:\boot\bcd /deletevalue {badmemory} badmemorylist
