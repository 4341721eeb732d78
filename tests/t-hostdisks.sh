#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# "winrescue disks" without arguments, on a machine described by a fake sysfs
# tree and mountinfo: sizes, models, partitions, mounts, holders, system disk.
. "${srcdir:-.}/tests/lib.sh"

S=$TMP/sys
# attr PATH VALUE
attr() { mkdir -p "$(dirname "$S/$1")" && printf '%s\n' "$2" > "$S/$1"; }
# disk NAME SECTORS DEV [virtual]
disk() {
	dir=devices/pci0000:00/block/$1
	[ "${4:-}" = virtual ] && dir=devices/virtual/block/$1
	attr "$dir/size" "$2"; attr "$dir/dev" "$3"; attr "$dir/removable" 0; attr "$dir/ro" 0
	mkdir -p "$S/$dir/holders" "$S/block"
	ln -s "../$dir" "$S/block/$1"
}
# part DISK NAME NUMBER START SECTORS DEV
part() {
	dir=devices/pci0000:00/block/$1/$2
	attr "$dir/partition" "$3"; attr "$dir/start" "$4"; attr "$dir/size" "$5"; attr "$dir/dev" "$6"
	mkdir -p "$S/$dir/holders"
}
disk sda 62914560 8:0;        attr devices/pci0000:00/block/sda/device/model "Virtual Disk    "
part sda sda1 1 2048 62912512 8:1
disk sdb 15728640 8:16;       attr devices/pci0000:00/block/sdb/removable 1
attr devices/pci0000:00/block/sdb/device/model "USB Stick"
disk sdc 266338304 8:32;      attr devices/pci0000:00/block/sdc/device/model "Virtual Disk"
part sdc sdc1 1 2048 1024000 8:33
part sdc sdc2 2 1026048 265310208 8:34
disk sdd 20971520 8:48
part sdd sdd1 1 2048 20969472 8:49
disk dm-0 265310208 254:0 virtual
disk dm-1 20969472 254:1 virtual
disk loop0 0 7:0 virtual
mkdir -p "$S/devices/pci0000:00/block/sdc/sdc2/holders/dm-0" "$S/devices/pci0000:00/block/sdd/sdd1/holders/dm-1"
cat > "$TMP/mountinfo" <<'MOUNTS'
27 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
40 27 254:0 / /mnt/my\040data rw,relatime - ntfs3 /dev/mapper/x rw
41 27 254:1 / /var rw,relatime - ext4 /dev/mapper/vg-var rw
22 27 0:21 / /proc rw - proc proc rw
MOUNTS

WINRESCUE_SYSFS=$S WINRESCUE_MOUNTINFO=$TMP/mountinfo "$WINRESCUE" disks > "$TMP/out" 2> "$TMP/err"
check "disks exits 0" test $? -eq 0
cat > "$TMP/want" <<'WANT'
DEVICE              SIZE  RM  MODEL                    USE
/dev/sda          30 GiB  no  Virtual Disk             system disk
  /dev/sda1       30 GiB                               mounted on /
/dev/sdb         7.5 GiB  yes USB Stick                
/dev/sdc         127 GiB  no  Virtual Disk             
  /dev/sdc1      500 MiB                               
  /dev/sdc2      127 GiB                               in use by device-mapper or md
/dev/sdd          10 GiB  no  -                        system disk
  /dev/sdd1       10 GiB                               in use by device-mapper or md
WANT
same "host disks: sizes, models, partitions, mounts, holders; virtual devices hidden" "$TMP/want" "$TMP/out"

if have jq "host disks as JSON"; then
	WINRESCUE_SYSFS=$S WINRESCUE_MOUNTINFO=$TMP/mountinfo "$WINRESCUE" disks --json > "$TMP/json"
	check "JSON: four disks" jq -e '.disks | length == 4' "$TMP/json"
	check "JSON: sdc2 start and size in bytes, held" jq -e '.disks[2].partitions[1] | .path == "/dev/sdc2" and .start == 525336576 and .size == 135838826496 and .held' "$TMP/json"
	check "JSON: mount point with an escaped space" jq -e '.disks[0].partitions[0].mounts == ["/"]' "$TMP/json"
	check "JSON: system through an LVM holder" jq -e '.disks[3].system and (.disks[3].mounts | length == 0)' "$TMP/json"
fi

# A second machine, as a cloud VM has it: / on a whole disk without a
# partition table, and a data disk.  Only the disk holding / is marked.
S=$TMP/sys2
disk vda 52428800 252:0
disk vdb 104857600 252:16
part vdb vdb1 1 2048 104855552 252:17
cat > "$TMP/mountinfo2" <<'MOUNTS'
25 1 252:0 / / rw,relatime - ext4 /dev/vda rw
31 25 252:17 / /srv rw,relatime - xfs /dev/vdb1 rw
MOUNTS
WINRESCUE_SYSFS=$S WINRESCUE_MOUNTINFO=$TMP/mountinfo2 "$WINRESCUE" disks > "$TMP/out" 2> "$TMP/err"
check "/ on a whole disk: disks exits 0" test $? -eq 0
cat > "$TMP/want" <<'WANT'
DEVICE              SIZE  RM  MODEL                    USE
/dev/vda          25 GiB  no  -                        system disk; mounted on /
/dev/vdb          50 GiB  no  -                        
  /dev/vdb1       50 GiB                               mounted on /srv
WANT
same "/ on a whole disk: that disk is the system disk, the data disk is not" "$TMP/want" "$TMP/out"
WINRESCUE_SYSFS=$TMP/nothing WINRESCUE_MOUNTINFO=$TMP/mountinfo "$WINRESCUE" disks > /dev/null 2> "$TMP/err"
check "no sysfs: exit 1" test $? -eq 1
check "... one line naming it" grep -q "^winrescue: $TMP/nothing/block: cannot list the disks" "$TMP/err"
done_testing
