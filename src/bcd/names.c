/* SPDX-License-Identifier: GPL-3.0-or-later */
/* names.c - bcdedit's names for BCD elements, values, aliases and object types. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "bcd.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Pointer and length, to fill the tables below. */
#define ARRAY(a)  (a), ARRAY_SIZE(a)
#define NO_VALUES NULL, 0

/* Not in the header: no code relies on {ntldr} or {kerneldbgsettings} (bcd-format.md §4). */
#define GUID_NTLDR             "{466f5a88-0af2-4f76-9038-095b170dc21c}"
#define GUID_KERNELDBGSETTINGS "{313e8eed-7098-4586-a9bf-309c61f8d449}"

/*
 * Named integer values (bcd-format.md §5), spelt as bcdedit prints them.  Lists
 * used by more than one element are named after their contents.
 */
static const struct wr_bcd_enum_value firstmegabytepolicy_values[] = {
    {0, "UseNone"},
    {1, "UseAll"},
    {2, "UsePrivate"},
};

static const struct wr_bcd_enum_value debugtype_values[] = {
    {0, "Serial"}, {1, "1394"}, {2, "USB"}, {3, "NET"}, {4, "Local"},
};

static const struct wr_bcd_enum_value debugstart_values[] = {
    {0, "Active"},
    {1, "AutoEnable"},
    {2, "Disable"},
};

static const struct wr_bcd_enum_value configaccesspolicy_values[] = {
    {0, "Default"},
    {1, "DisallowMmConfig"},
};

static const struct wr_bcd_enum_value default_enable_disable[] = {
    {0, "Default"},
    {1, "Enable"},
    {2, "Disable"},
};

static const struct wr_bcd_enum_value graphicsresolution_values[] = {
    {0, "1024x768"},
    {1, "800x600"},
    {2, "1024x600"},
};

static const struct wr_bcd_enum_value displaymessage_values[] = {
    {0, "Default"},       {1, "Resume"},        {2, "HyperV"},
    {3, "Recovery"},      {4, "StartupRepair"}, {5, "SystemImageRecovery"},
    {6, "CommandPrompt"}, {7, "SystemRestore"}, {8, "PushButtonReset"},
};

static const struct wr_bcd_enum_value booterrorux_values[] = {
    {0, "Legacy"},
    {1, "Standard"},
    {2, "Simple"},
};

static const struct wr_bcd_enum_value measuredbootlogformat_values[] = {
    {0, "Default"},
    {1, "Sha1"},
};

static const struct wr_bcd_enum_value displayrotation_values[] = {
    {0, "0"},
    {1, "90"},
    {2, "180"},
    {3, "270"},
};

static const struct wr_bcd_enum_value linearaddress57_values[] = {
    {0, "Default"},
    {1, "OptOut"},
    {2, "OptIn"},
};

static const struct wr_bcd_enum_value nx_values[] = {
    {0, "OptIn"},
    {1, "OptOut"},
    {2, "AlwaysOff"},
    {3, "AlwaysOn"},
};

static const struct wr_bcd_enum_value pae_values[] = {
    {0, "Default"},
    {1, "ForceEnable"},
    {2, "ForceDisable"},
};

static const struct wr_bcd_enum_value x2apicpolicy_values[] = {
    {0, "Default"},
    {1, "Disable"},
    {2, "Enable"},
};

static const struct wr_bcd_enum_value default_forcedisable[] = {
    {0, "Default"},
    {1, "ForceDisable"},
};

static const struct wr_bcd_enum_value safeboot_values[] = {
    {0, "Minimal"},
    {1, "Network"},
    {2, "DsRepair"},
};

static const struct wr_bcd_enum_value tscsyncpolicy_values[] = {
    {0, "Default"},
    {1, "Legacy"},
    {2, "Enhanced"},
};

static const struct wr_bcd_enum_value driverloadfailurepolicy_values[] = {
    {0, "Fatal"},
    {1, "UseErrorControl"},
};

static const struct wr_bcd_enum_value bootmenupolicy_values[] = {
    {0, "Legacy"},
    {1, "Standard"},
};

static const struct wr_bcd_enum_value bootstatuspolicy_values[] = {
    {0, "DisplayAllFailures"},           {1, "IgnoreAllFailures"},
    {2, "IgnoreShutdownFailures"},       {3, "IgnoreBootFailures"},
    {4, "IgnoreCheckpointFailures"},     {5, "DisplayShutdownFailures"},
    {6, "DisplayBootFailures"},          {7, "DisplayCheckpointFailures"},
    {8, "AlwaysDisplayStartupFailures"},
};

static const struct wr_bcd_enum_value off_auto[] = {
    {0, "Off"},
    {1, "Auto"},
};

static const struct wr_bcd_enum_value hypervisordebugtype_values[] = {
    {0, "Serial"},
    {1, "1394"},
    {2, "None"},
    {3, "Net"},
};

static const struct wr_bcd_enum_value bootux_values[] = {
    {0, "Disabled"},
    {1, "Basic"},
    {2, "Standard"},
};

static const struct wr_bcd_enum_value tpmbootentropy_values[] = {
    {0, "Default"},
    {1, "ForceDisable"},
    {2, "ForceEnable"},
};

static const struct wr_bcd_enum_value disable_enable[] = {
    {0, "Disable"},
    {1, "Enable"},
};

static const struct wr_bcd_enum_value hypervisorschedulertype_values[] = {
    {0, "Classic"},
    {1, "Core"},
    {2, "Root"},
};

static const struct wr_bcd_enum_value kerneldebugtype_values[] = {
    {0, "Serial"},
    {1, "1394"},
    {2, "USB"},
    {3, "NET"},
};

static const struct wr_bcd_enum_value hypervisorenforcedcodeintegrity_values[] = {
    {0, "Disable"},
    {1, "Enable"},
    {2, "Strict"},
};

static const struct wr_bcd_enum_value testmix_values[] = {
    {0, "Basic"},
    {1, "Extended"},
};

/*
 * Element tables, one per §5 table and in its order (by subtype).  A NULL name
 * is an element we know but bcdedit has no name for; it prints as custom:.
 */
static const struct wr_bcd_element_info library_elements[] = {
    {0x11000001, "device", NO_VALUES},
    {0x12000002, "path", NO_VALUES},
    {0x12000004, "description", NO_VALUES},
    {0x12000005, "locale", NO_VALUES},
    {0x14000006, "inherit", NO_VALUES},
    {0x15000007, "truncatememory", NO_VALUES},
    {0x14000008, "recoverysequence", NO_VALUES},
    {0x16000009, "recoveryenabled", NO_VALUES},
    {0x1700000a, "badmemorylist", NO_VALUES},
    {0x1600000b, "badmemoryaccess", NO_VALUES},
    {0x1500000c, "firstmegabytepolicy", ARRAY(firstmegabytepolicy_values)},
    {0x1500000d, "relocatephysical", NO_VALUES},
    {0x1500000e, "avoidlowmemory", NO_VALUES},
    {0x1600000f, "traditionalkseg", NO_VALUES},
    {0x16000010, "bootdebug", NO_VALUES},
    {0x15000011, "debugtype", ARRAY(debugtype_values)},
    {0x15000012, "debugaddress", NO_VALUES},
    {0x15000013, "debugport", NO_VALUES},
    {0x15000014, "baudrate", NO_VALUES},
    {0x15000015, "channel", NO_VALUES},
    {0x12000016, "targetname", NO_VALUES},
    {0x16000017, "noumex", NO_VALUES},
    {0x15000018, "debugstart", ARRAY(debugstart_values)},
    {0x12000019, "busparams", NO_VALUES},
    {0x1500001a, "hostip", NO_VALUES},
    {0x1500001b, "port", NO_VALUES},
    {0x1600001c, "dhcp", NO_VALUES},
    {0x1200001d, "key", NO_VALUES},
    {0x1600001e, "vm", NO_VALUES},
    {0x16000020, "bootems", NO_VALUES},
    {0x15000022, "emsport", NO_VALUES},
    {0x15000023, "emsbaudrate", NO_VALUES},
    {0x12000030, "loadoptions", NO_VALUES},
    {0x16000040, "advancedoptions", NO_VALUES},
    {0x16000041, "optionsedit", NO_VALUES},
    {0x15000042, "keyringaddress", NO_VALUES},
    {0x11000043, "bootstatdevice", NO_VALUES},
    {0x12000044, "bootstatfilepath", NO_VALUES},
    {0x16000045, "preservebootstat", NO_VALUES},
    {0x16000046, "graphicsmodedisabled", NO_VALUES},
    {0x15000047, "configaccesspolicy", ARRAY(configaccesspolicy_values)},
    {0x16000048, "nointegritychecks", NO_VALUES},
    {0x16000049, "testsigning", NO_VALUES},
    {0x1200004a, "fontpath", NO_VALUES},
    {0x1500004b, "integrityservices", ARRAY(default_enable_disable)},
    {0x1500004c, "volumebandid", NO_VALUES},
    {0x16000050, "extendedinput", NO_VALUES},
    {0x15000051, "initialconsoleinput", NO_VALUES},
    {0x15000052, "graphicsresolution", ARRAY(graphicsresolution_values)},
    {0x16000053, "restartonfailure", NO_VALUES},
    {0x16000054, "highestmode", NO_VALUES},
    {0x16000060, "isolatedcontext", NO_VALUES},
    {0x15000065, "displaymessage", ARRAY(displaymessage_values)},
    {0x15000066, "displaymessageoverride", ARRAY(displaymessage_values)},
    {0x16000068, "nobootuxtext", NO_VALUES},
    {0x16000069, "nobootuxprogress", NO_VALUES},
    {0x1600006a, "nobootuxfade", NO_VALUES},
    {0x1600006c, "bootuxdisabled", NO_VALUES},
    {0x16000072, "nokeyboard", NO_VALUES},
    {0x16000074, "bootshutdowndisabled", NO_VALUES},
    {0x15000075, NULL, NO_VALUES},
    {0x17000077, "allowedinmemorysettings", NO_VALUES},
    {0x15000079, "bootuxtransitiontime", NO_VALUES},
    {0x1600007a, "mobilegraphics", NO_VALUES},
    {0x1600007b, "forcefipscrypto", NO_VALUES},
    {0x1500007d, "booterrorux", ARRAY(booterrorux_values)},
    {0x1600007e, "flightsigning", NO_VALUES},
    {0x1500007f, "measuredbootlogformat", ARRAY(measuredbootlogformat_values)},
    {0x15000080, "displayrotation", ARRAY(displayrotation_values)},
    {0x15000081, "logcontrol", NO_VALUES},
    {0x16000082, "nofirmwaresync", NO_VALUES},
    {0x11000084, "windowssyspart", NO_VALUES},
    {0x16000087, "numlock", NO_VALUES},
    {0x12000088, "additionalcipolicy", NO_VALUES},
    {0x15000088, "linearaddress57", ARRAY(linearaddress57_values)},
};

static const struct wr_bcd_element_info bootmgr_elements[] = {
    {0x24000001, "displayorder", NO_VALUES},
    {0x24000002, "bootsequence", NO_VALUES},
    {0x23000003, "default", NO_VALUES},
    {0x25000004, "timeout", NO_VALUES},
    {0x26000005, "resume", NO_VALUES},
    {0x23000006, "resumeobject", NO_VALUES},
    {0x24000007, "startupsequence", NO_VALUES},
    {0x24000010, "toolsdisplayorder", NO_VALUES},
    {0x26000020, "displaybootmenu", NO_VALUES},
    {0x26000021, "noerrordisplay", NO_VALUES},
    {0x21000022, "bcddevice", NO_VALUES},
    {0x22000023, "bcdfilepath", NO_VALUES},
    {0x26000025, "hiberboot", NO_VALUES},
    {0x26000028, "processcustomactionsfirst", NO_VALUES},
    {0x27000030, "customactions", NO_VALUES},
    {0x26000031, "persistbootsequence", NO_VALUES},
    {0x26000032, "skipstartupsequence", NO_VALUES},
    {0x22000040, "fverecoveryurl", NO_VALUES},
    {0x22000041, "fverecoverymessage", NO_VALUES},
    {0x26000042, "flightedbootmgr", NO_VALUES},
};

static const struct wr_bcd_element_info osloader_elements[] = {
    {0x21000001, "osdevice", NO_VALUES},
    {0x22000002, "systemroot", NO_VALUES},
    {0x23000003, "resumeobject", NO_VALUES},
    {0x26000010, "detecthal", NO_VALUES},
    {0x22000011, "kernel", NO_VALUES},
    {0x22000012, "hal", NO_VALUES},
    {0x22000013, "dbgtransport", NO_VALUES},
    {0x25000020, "nx", ARRAY(nx_values)},
    {0x25000021, "pae", ARRAY(pae_values)},
    {0x26000022, "winpe", NO_VALUES},
    {0x26000024, "nocrashautoreboot", NO_VALUES},
    {0x26000025, "lastknowngood", NO_VALUES},
    {0x26000030, "nolowmem", NO_VALUES},
    {0x25000031, "removememory", NO_VALUES},
    {0x25000032, "increaseuserva", NO_VALUES},
    {0x25000033, "perfmem", NO_VALUES},
    {0x26000040, "vga", NO_VALUES},
    {0x26000041, "quietboot", NO_VALUES},
    {0x26000042, "novesa", NO_VALUES},
    {0x26000043, "novga", NO_VALUES},
    {0x25000050, "clustermodeaddressing", NO_VALUES},
    {0x26000051, "usephysicaldestination", NO_VALUES},
    {0x25000052, "restrictapiccluster", NO_VALUES},
    {0x22000053, "evstore", NO_VALUES},
    {0x26000054, "uselegacyapicmode", NO_VALUES},
    {0x25000055, "x2apicpolicy", ARRAY(x2apicpolicy_values)},
    {0x26000060, "onecpu", NO_VALUES},
    {0x25000061, "numproc", NO_VALUES},
    {0x26000062, "maxproc", NO_VALUES},
    {0x25000063, "configflags", NO_VALUES},
    {0x26000064, "maxgroup", NO_VALUES},
    {0x26000065, "groupaware", NO_VALUES},
    {0x25000066, "groupsize", NO_VALUES},
    {0x26000070, "usefirmwarepcisettings", NO_VALUES},
    {0x25000071, "msi", ARRAY(default_forcedisable)},
    {0x25000072, "pciexpress", ARRAY(default_forcedisable)},
    {0x25000080, "safeboot", ARRAY(safeboot_values)},
    {0x26000081, "safebootalternateshell", NO_VALUES},
    {0x26000090, "bootlog", NO_VALUES},
    {0x26000091, "sos", NO_VALUES},
    {0x260000a0, "debug", NO_VALUES},
    {0x260000a1, "halbreakpoint", NO_VALUES},
    {0x260000a2, "useplatformclock", NO_VALUES},
    {0x260000a3, "forcelegacyplatform", NO_VALUES},
    {0x260000a4, "useplatformtick", NO_VALUES},
    {0x260000a5, "disabledynamictick", NO_VALUES},
    {0x250000a6, "tscsyncpolicy", ARRAY(tscsyncpolicy_values)},
    {0x260000b0, "ems", NO_VALUES},
    {0x250000c0, NULL, NO_VALUES},
    {0x250000c1, "driverloadfailurepolicy", ARRAY(driverloadfailurepolicy_values)},
    {0x250000c2, "bootmenupolicy", ARRAY(bootmenupolicy_values)},
    {0x260000c3, "onetimeadvancedoptions", NO_VALUES},
    {0x260000c4, "onetimeoptionsedit", NO_VALUES},
    {0x250000e0, "bootstatuspolicy", ARRAY(bootstatuspolicy_values)},
    {0x260000e1, "disableelamdrivers", NO_VALUES},
    {0x250000f0, "hypervisorlaunchtype", ARRAY(off_auto)},
    {0x260000f2, "hypervisordebug", NO_VALUES},
    {0x250000f3, "hypervisordebugtype", ARRAY(hypervisordebugtype_values)},
    {0x250000f4, "hypervisordebugport", NO_VALUES},
    {0x250000f5, "hypervisorbaudrate", NO_VALUES},
    {0x250000f6, "hypervisorchannel", NO_VALUES},
    {0x250000f7, "bootux", ARRAY(bootux_values)},
    {0x260000f8, "hypervisordisableslat", NO_VALUES},
    {0x220000f9, "hypervisorbusparams", NO_VALUES},
    {0x250000fa, "hypervisornumproc", NO_VALUES},
    {0x250000fb, "hypervisorrootprocpernode", NO_VALUES},
    {0x260000fc, "hypervisoruselargevtlb", NO_VALUES},
    {0x250000fd, "hypervisorhostip", NO_VALUES},
    {0x250000fe, "hypervisorhostport", NO_VALUES},
    {0x25000100, "tpmbootentropy", ARRAY(tpmbootentropy_values)},
    {0x22000110, "hypervisorusekey", NO_VALUES},
    {0x25000113, "hypervisorrootproc", NO_VALUES},
    {0x26000114, "hypervisordhcp", NO_VALUES},
    {0x25000115, "hypervisoriommupolicy", ARRAY(default_enable_disable)},
    {0x26000116, "hypervisorusevapic", NO_VALUES},
    {0x22000117, "hypervisorloadoptions", NO_VALUES},
    {0x25000118, "hypervisormsrfilterpolicy", ARRAY(disable_enable)},
    {0x25000119, "hypervisormmionxpolicy", ARRAY(disable_enable)},
    {0x2500011a, "hypervisorschedulertype", ARRAY(hypervisorschedulertype_values)},
    {0x25000120, "xsavepolicy", NO_VALUES},
    {0x25000121, "xsaveaddfeature0", NO_VALUES},
    {0x25000122, "xsaveaddfeature1", NO_VALUES},
    {0x25000123, "xsaveaddfeature2", NO_VALUES},
    {0x25000124, "xsaveaddfeature3", NO_VALUES},
    {0x25000125, "xsaveaddfeature4", NO_VALUES},
    {0x25000126, "xsaveaddfeature5", NO_VALUES},
    {0x25000127, "xsaveaddfeature6", NO_VALUES},
    {0x25000128, "xsaveaddfeature7", NO_VALUES},
    {0x25000129, "xsaveremovefeature", NO_VALUES},
    {0x2500012a, "xsaveprocessorsmask", NO_VALUES},
    {0x2500012b, "xsavedisable", NO_VALUES},
    {0x2500012c, "kerneldebugtype", ARRAY(kerneldebugtype_values)},
    {0x22000137, "imchivename", NO_VALUES}, /* BcdOSLoaderString_IMCHiveName */
    {0x21000138, "imcdevice", NO_VALUES},   /* BcdOSLoaderDevice_IMCDevice */
    {0x25000142, "vsmlaunchtype", ARRAY(off_auto)},
    {0x25000144, "hypervisorenforcedcodeintegrity", ARRAY(hypervisorenforcedcodeintegrity_values)},
    {0x21000150, "systemdatadevice", NO_VALUES},
    {0x21000151, "osarcdevice", NO_VALUES},
    {0x21000153, "osdatadevice", NO_VALUES},
    {0x21000154, "bspdevice", NO_VALUES},
};

static const struct wr_bcd_element_info resume_elements[] = {
    {0x21000001, "filedevice", NO_VALUES},
    {0x22000002, "filepath", NO_VALUES},
    {0x26000003, "customsettings", NO_VALUES},
    {0x26000004, "pae", NO_VALUES},
    {0x21000005, "associatedosdevice", NO_VALUES},
    {0x26000006, "debugoptionenabled", NO_VALUES},
    {0x25000007, "bootux", ARRAY(bootux_values)},
    {0x25000008, "bootmenupolicy", ARRAY(bootmenupolicy_values)},
    {0x21000026, NULL, NO_VALUES},
};

/* The Windows 8+ meanings; 6.0-6.1 used 0x25000003/4 for other things. */
static const struct wr_bcd_element_info memdiag_elements[] = {
    {0x25000001, "passcount", NO_VALUES},       {0x25000002, "testmix", ARRAY(testmix_values)},
    {0x26000003, "cacheenable", NO_VALUES},     {0x26000004, "failuresenabled", NO_VALUES},
    {0x25000005, "stridefailcount", NO_VALUES}, {0x25000006, "invcfailcount", NO_VALUES},
    {0x25000007, "matsfailcount", NO_VALUES},   {0x25000008, "randfailcount", NO_VALUES},
    {0x25000009, "chckrfailcount", NO_VALUES},
};

static const struct wr_bcd_element_info ntldr_elements[] = {
    {0x22000001, "bpbstring", NO_VALUES},
};

static const struct wr_bcd_element_info startup_elements[] = {
    {0x26000001, "pxesoftreboot", NO_VALUES},
    {0x22000002, "applicationname", NO_VALUES},
};

static const struct wr_bcd_element_info device_elements[] = {
    {0x35000001, "ramdiskimageoffset", NO_VALUES},
    {0x35000002, "ramdisktftpclientport", NO_VALUES},
    {0x31000003, "ramdisksdidevice", NO_VALUES},
    {0x32000004, "ramdisksdipath", NO_VALUES},
    {0x35000005, "ramdiskimagelength", NO_VALUES},
    {0x36000006, "exportascd", NO_VALUES},
    {0x35000007, "ramdisktftpblocksize", NO_VALUES},
    {0x35000008, "ramdisktftpwindowsize", NO_VALUES},
    {0x36000009, "ramdiskmcenabled", NO_VALUES},
    {0x3600000a, "ramdiskmctftpfallback", NO_VALUES},
    {0x3600000b, "ramdisktftpvarwindow", NO_VALUES},
    {0x3600000c, "vhdramdiskboot", NO_VALUES},
};

/* Only elementstomigrate has a bcdedit name; the rest are known by WMI name only. */
static const struct wr_bcd_element_info template_elements[] = {
    {0x45000001, NULL, NO_VALUES}, /* BcdSetupInteger_DeviceType */
    {0x42000002, NULL, NO_VALUES}, /* BcdSetupString_ApplicationRelativePath */
    {0x42000003, NULL, NO_VALUES}, /* BcdSetupString_RamdiskDeviceRelativePath */
    {0x46000004, NULL, NO_VALUES}, /* BcdSetupBoolean_OmitOsLoaderElements */
    {0x47000006, "elementstomigrate", NO_VALUES},
    {0x46000010, NULL, NO_VALUES}, /* BcdSetupBoolean_RecoveryOs */
};

struct element_table {
	const struct wr_bcd_element_info *rows;
	size_t n;
};

static const struct element_table library_table = {ARRAY(library_elements)};
static const struct element_table bootmgr_table = {ARRAY(bootmgr_elements)};
static const struct element_table osloader_table = {ARRAY(osloader_elements)};
static const struct element_table resume_table = {ARRAY(resume_elements)};
static const struct element_table memdiag_table = {ARRAY(memdiag_elements)};
static const struct element_table ntldr_table = {ARRAY(ntldr_elements)};
static const struct element_table startup_table = {ARRAY(startup_elements)};
static const struct element_table device_table = {ARRAY(device_elements)};
static const struct element_table template_table = {ARRAY(template_elements)};

/*
 * The class-2 table for an object type: an application's own, or for an
 * inherit object the one of the application type it can be inherited by.
 * Inherit-any and device objects have no application elements.
 */
static const struct element_table *application_table(uint32_t type)
{
	uint32_t kind = WR_BCD_OBJECT_KIND(type);

	if (kind != 1 && !(kind == 2 && WR_BCD_OBJECT_IMAGE(type) == 2))
		return NULL;
	switch (WR_BCD_OBJECT_APP(type)) {
	case WR_BCD_APP_FWBOOTMGR:
	case WR_BCD_APP_BOOTMGR:
		return &bootmgr_table;
	case WR_BCD_APP_OSLOADER:
		return &osloader_table;
	case WR_BCD_APP_RESUME:
		return &resume_table;
	case WR_BCD_APP_MEMDIAG:
		return &memdiag_table;
	case WR_BCD_APP_NTLDR:
	case WR_BCD_APP_SETUPLDR:
		return &ntldr_table;
	case WR_BCD_APP_STARTUP:
		return &startup_table;
	default:
		return NULL;
	}
}

static bool is_device_type(uint32_t type)
{
	uint32_t kind = WR_BCD_OBJECT_KIND(type);

	return kind == 3 || (kind == 2 && WR_BCD_OBJECT_IMAGE(type) == 3);
}

static const struct wr_bcd_element_info *find_id(const struct element_table *t, uint32_t id)
{
	size_t i;

	if (!t)
		return NULL;
	for (i = 0; i < t->n; i++)
		if (t->rows[i].id == id)
			return &t->rows[i];
	return NULL;
}

static const struct wr_bcd_element_info *find_name(const struct element_table *t, const char *name)
{
	size_t i;

	if (!t)
		return NULL;
	for (i = 0; i < t->n; i++)
		if (t->rows[i].name && strcasecmp(t->rows[i].name, name) == 0)
			return &t->rows[i];
	return NULL;
}

const struct wr_bcd_element_info *wr_bcd_element_info(uint32_t object_type, uint32_t id)
{
	switch (WR_BCD_ELEMENT_CLASS(id)) {
	case WR_BCD_CLASS_LIBRARY:
		return find_id(&library_table, id);
	case WR_BCD_CLASS_APPLICATION:
		return find_id(application_table(object_type), id);
	case WR_BCD_CLASS_DEVICE:
		return find_id(&device_table, id);
	case WR_BCD_CLASS_TEMPLATE:
		return find_id(&template_table, id);
	default:
		return NULL;
	}
}

const struct wr_bcd_element_info *wr_bcd_element_by_name(uint32_t object_type, const char *name)
{
	const struct wr_bcd_element_info *info;

	info = find_name(&library_table, name);
	if (!info)
		info = find_name(application_table(object_type), name);
	if (!info && is_device_type(object_type))
		info = find_name(&device_table, name);
	if (!info)
		info = find_name(&template_table, name);
	return info;
}

const char *wr_bcd_enum_value_name(const struct wr_bcd_element_info *info, uint64_t v)
{
	size_t i;

	for (i = 0; i < info->n_values; i++)
		if (info->values[i].value == v)
			return info->values[i].name;
	return NULL;
}

struct alias {
	const char *name;
	const char *guid;
};

/* Input-only synonyms come after the primary name so that output finds the primary first. */
static const struct alias aliases[] = {
    {"{bootmgr}", WR_BCD_GUID_BOOTMGR},
    {"{fwbootmgr}", WR_BCD_GUID_FWBOOTMGR},
    {"{memdiag}", WR_BCD_GUID_MEMDIAG},
    {"{ntldr}", GUID_NTLDR},
    {"{globalsettings}", WR_BCD_GUID_GLOBALSETTINGS},
    {"{bootloadersettings}", WR_BCD_GUID_BOOTLOADERSETTINGS},
    {"{resumeloadersettings}", WR_BCD_GUID_RESUMELOADERSETTINGS},
    {"{hypervisorsettings}", WR_BCD_GUID_HYPERVISORSETTINGS},
    {"{dbgsettings}", WR_BCD_GUID_DBGSETTINGS},
    {"{emssettings}", WR_BCD_GUID_EMSSETTINGS},
    {"{badmemory}", WR_BCD_GUID_BADMEMORY},
    {"{kerneldbgsettings}", GUID_KERNELDBGSETTINGS},
    {"{ramdiskoptions}", WR_BCD_GUID_RAMDISKOPTIONS},
    {"{default}", WR_BCD_GUID_DEFAULT},
    {"{current}", WR_BCD_GUID_CURRENT},
    {"{legacy}", GUID_NTLDR},
    {"{eventsettings}", WR_BCD_GUID_DBGSETTINGS},
};

const char *wr_bcd_alias_for_guid(const char *guid)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(aliases); i++)
		if (strcasecmp(aliases[i].guid, guid) == 0)
			return aliases[i].name;
	return NULL;
}

/* `input` is `name` ("{bootmgr}") with or without its braces, in any case. */
static bool alias_matches(const char *name, const char *input)
{
	size_t inner = strlen(name) - 2;

	if (input[0] == '{')
		return strcasecmp(name, input) == 0;
	return strlen(input) == inner && strncasecmp(name + 1, input, inner) == 0;
}

const char *wr_bcd_guid_for_alias(const char *alias)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(aliases); i++)
		if (alias_matches(aliases[i].name, alias))
			return aliases[i].guid;
	return NULL;
}

struct guid_heading {
	const char *guid;
	const char *heading;
};

/* Inherit objects share a type, so bcdedit tells them apart by GUID. */
static const struct guid_heading guid_headings[] = {
    {WR_BCD_GUID_GLOBALSETTINGS, N_("Global Settings")},
    {WR_BCD_GUID_DBGSETTINGS, N_("Debugger Settings")},
    {WR_BCD_GUID_EMSSETTINGS, N_("EMS Settings")},
    {WR_BCD_GUID_BADMEMORY, N_("RAM Defects")},
    {WR_BCD_GUID_BOOTLOADERSETTINGS, N_("Boot Loader Settings")},
    {WR_BCD_GUID_HYPERVISORSETTINGS, N_("Hypervisor Settings")},
    {GUID_KERNELDBGSETTINGS, N_("Kernel Debugger Settings")},
    {WR_BCD_GUID_RESUMELOADERSETTINGS, N_("Resume Loader Settings")},
};

static const char *heading_for_guid(const char *guid)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(guid_headings); i++)
		if (strcasecmp(guid_headings[i].guid, guid) == 0)
			return guid_headings[i].heading;
	return NULL;
}

static const char *heading_for_type(uint32_t type)
{
	switch (type) {
	case WR_BCD_TYPE_FWBOOTMGR:
		return N_("Firmware Boot Manager");
	case WR_BCD_TYPE_BOOTMGR:
		return N_("Windows Boot Manager");
	case WR_BCD_TYPE_OSLOADER:
		return N_("Windows Boot Loader");
	case WR_BCD_TYPE_RESUME:
		return N_("Resume from Hibernate");
	case WR_BCD_TYPE_MEMDIAG:
		return N_("Windows Memory Tester");
	case 0x10300006:
		return N_("Windows Legacy OS Loader");
	case 0x10400008:
		return N_("Real-mode Boot Sector");
	case 0x10400009:
		return N_("Real-mode Startup Application");
	case 0x1020000a:
		return N_("Boot Application");
	}
	if (WR_BCD_OBJECT_KIND(type) == 3)
		return N_("Device options");
	return NULL;
}

const char *wr_bcd_object_heading(uint32_t type, const char *guid)
{
	const char *heading = guid ? heading_for_guid(guid) : NULL;

	return heading ? heading : heading_for_type(type);
}

/* Indexed by application type (bcd-format.md §3). */
static const char *const application_names[] = {
    [WR_BCD_APP_FWBOOTMGR] = "firmware boot manager",
    [WR_BCD_APP_BOOTMGR] = "boot manager",
    [WR_BCD_APP_OSLOADER] = "OS loader",
    [WR_BCD_APP_RESUME] = "resume",
    [WR_BCD_APP_MEMDIAG] = "memory tester",
    [WR_BCD_APP_NTLDR] = "legacy loader (ntldr)",
    [WR_BCD_APP_SETUPLDR] = "setup loader",
    [WR_BCD_APP_BOOTSECTOR] = "boot sector",
    [WR_BCD_APP_STARTUP] = "startup application",
    [WR_BCD_APP_BOOTAPP] = "boot application",
};

static const char *const inherit_names[] = {
    [WR_BCD_APP_FWBOOTMGR] = "inherit settings (firmware boot managers)",
    [WR_BCD_APP_BOOTMGR] = "inherit settings (boot managers)",
    [WR_BCD_APP_OSLOADER] = "inherit settings (OS loaders)",
    [WR_BCD_APP_RESUME] = "inherit settings (resume objects)",
    [WR_BCD_APP_MEMDIAG] = "inherit settings (memory testers)",
    [WR_BCD_APP_NTLDR] = "inherit settings (legacy loaders)",
    [WR_BCD_APP_SETUPLDR] = "inherit settings (setup loaders)",
    [WR_BCD_APP_BOOTSECTOR] = "inherit settings (boot sectors)",
    [WR_BCD_APP_STARTUP] = "inherit settings (startup applications)",
    [WR_BCD_APP_BOOTAPP] = "inherit settings (boot applications)",
};

static const char *application_type_name(uint32_t type)
{
	uint32_t app = WR_BCD_OBJECT_APP(type);

	/* UEFI Boot#### mirrors carry application type 0xfffff. */
	if (WR_BCD_OBJECT_IMAGE(type) == 1 && app != WR_BCD_APP_FWBOOTMGR &&
	    app != WR_BCD_APP_BOOTMGR)
		return "firmware application";
	if (app < ARRAY_SIZE(application_names) && application_names[app])
		return application_names[app];
	return "application";
}

static const char *inherit_type_name(uint32_t type)
{
	uint32_t app = WR_BCD_OBJECT_APP(type);

	if (type == 0x20100000)
		return "inherit settings (any object)";
	if (type == 0x20300000)
		return "inherit settings (device objects)";
	if ((type & 0xfff00000u) == 0x20200000 && app < ARRAY_SIZE(inherit_names) &&
	    inherit_names[app])
		return inherit_names[app];
	return "unknown";
}

const char *wr_bcd_object_type_name(uint32_t type)
{
	switch (WR_BCD_OBJECT_KIND(type)) {
	case 1:
		return application_type_name(type);
	case 2:
		return inherit_type_name(type);
	case 3:
		return "device options";
	default:
		return "unknown";
	}
}
