#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Whether the appliance tries KVM, and what happens when KVM hangs, with a
# stand-in for qemu (its feature probes go to the real one; a launch under
# KVM hangs as it does on a VM without nested virtualisation, one under TCG
# fails at once) and stand-ins for /dev/kvm and /proc/cpuinfo.  No appliance
# boots.
. "${srcdir:-.}/tests/lib.sh"

ls /boot/vmlinuz-* > /dev/null 2>&1 || { echo "1..0 # SKIP no kernel for the appliance (install linux-image-amd64)"; exit 0; }
qemu=$(command -v qemu-system-x86_64) || { echo "1..0 # SKIP qemu-system-x86_64 not installed"; exit 0; }
W=$WINRESCUE
mkdir "$TMP/bin"
# The name matters: winrescue ends a hung KVM launch by ending its child
# whose command name starts with "qemu".
cat > "$TMP/bin/qemu-system-x86_64" <<STANDIN
#!/bin/sh
case " \$* " in
*" -kernel "*) ;;
*) exec "$qemu" "\$@" ;;
esac
echo "\$\$ \$*" >> "$TMP/launches"
case "\$*" in
*accel=kvm*) while :; do sleep 1; done ;;
esac
exit 1
STANDIN
chmod +x "$TMP/bin/qemu-system-x86_64"
: > "$TMP/kvm"
printf 'processor\t: 0\nflags\t\t: fpu vme de pse msr vmx sse2\n\n' > "$TMP/cpuinfo-vmx"
printf 'processor\t: 0\nflags\t\t: fpu vme de pse msr svm_lock sse2\nvmx flags\t: vnmi\n\n' > "$TMP/cpuinfo-none"
truncate -s 10M "$TMP/disk.img"

# run NAME CPUINFO: "disks" on the image with the stand-ins; its stderr,
# exit status, seconds and qemu launches in $TMP/NAME.*
run() {
	: > "$TMP/launches"
	start=$(date +%s)
	LIBGUESTFS_HV=$TMP/bin/qemu-system-x86_64 WINRESCUE_KVM_DEVICE=$TMP/kvm \
		WINRESCUE_CPUINFO=$2 WINRESCUE_KVM_SECONDS=3 \
		"$W" disks "$TMP/disk.img" > /dev/null 2> "$TMP/$1.err"
	echo $? > "$TMP/$1.rc"
	echo $(($(date +%s) - start)) > "$TMP/$1.seconds"
	cp "$TMP/launches" "$TMP/$1.launches"
}
launches() { grep -c "accel=$2" "$TMP/$1.launches"; }

# A CPU with vmx: KVM first; its boot hangs, so after 3 s it is ended and
# the launch retried under TCG, saying so.
run hang "$TMP/cpuinfo-vmx"
check "KVM hangs: exit 1 (got $(cat "$TMP/hang.rc"))" test "$(cat "$TMP/hang.rc")" -eq 1
check "... one launch under KVM, then one under TCG" sh -c "test $(launches hang kvm) -eq 1 && test $(launches hang tcg) -eq 1"
check "... says the boot did not come and why it retries" grep -q '^winrescue: the appliance did not boot with KVM in 3 s (nested virtualisation often breaks it); retrying with software emulation (TCG)' "$TMP/hang.err"
check "... then that neither started" grep -q 'the appliance did not start, with KVM nor with TCG' "$TMP/hang.err"
check "... ended in seconds, not libguestfs' 20 minutes (took $(cat "$TMP/hang.seconds") s)" test "$(cat "$TMP/hang.seconds")" -lt 120
pid=$(sed -n '1s/ .*//p' "$TMP/hang.launches")
check "... the hung qemu is gone" sh -c "test -n '$pid' && ! kill -0 '$pid' 2> /dev/null"

# /dev/kvm but neither vmx nor svm among the CPU's flags (svm_lock, or a
# "vmx flags" line, are not them): TCG from the start, saying why.
run nocpu "$TMP/cpuinfo-none"
check "no vmx or svm: no launch under KVM" sh -c "test $(launches nocpu kvm) -eq 0 && test $(launches nocpu tcg) -eq 1"
check "... says why it is slower" grep -q '^winrescue: this CPU offers no hardware virtualisation (vmx or svm), though /dev/kvm is there: the appliance runs under software emulation (TCG)' "$TMP/nocpu.err"

# Asked for TCG (LIBGUESTFS_BACKEND_SETTINGS=force_tcg): nothing to say.
LIBGUESTFS_BACKEND_SETTINGS=force_tcg run forced "$TMP/cpuinfo-vmx"
check "force_tcg: one launch, under TCG, and no word about KVM" sh -c "test $(launches forced kvm) -eq 0 && test $(launches forced tcg) -eq 1 && ! grep -q KVM '$TMP/forced.err'"

WINRESCUE_KVM_SECONDS=soon "$W" disks "$TMP/disk.img" > /dev/null 2> "$TMP/bad.err"
check "WINRESCUE_KVM_SECONDS not a number: refused, one line" sh -c "test $? -eq 1 && test \$(wc -l < '$TMP/bad.err') -eq 1"
done_testing
