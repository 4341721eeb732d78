REM Catalog B-9: stop 0x67 CONFIG_INITIALIZATION_FAILED, the Initial Machine
REM Configuration (IMC) references left on the boot loader.  Article: the
REM Azure portal's self-help text (TheresaLui/SelfHelpContent_v2,
REM microsoft.compute.cantrdp.noboot/windowsstoperror-0x00000067-config-initialization-failed.md),
REM steps 5-6.  [Boot partition] is F:, {[Identifier]} is {default}.  Its
REM registry fallback (ErrorControlPolicy) comes with no command.
bcdedit /store F:\boot\bcd /enum
bcdedit /store F:\boot\bcd /deletevalue {default} imcdevice
bcdedit /store F:\boot\bcd /deletevalue {default} imchivename
