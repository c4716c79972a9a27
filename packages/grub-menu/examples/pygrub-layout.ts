import { pygrubLayout } from "@dom0kit/grub-menu";

// The field notes' PyGRUB customer: /boot on its own disk (first, because pygrub
// reads only the first disk), data on two more, a read-only rescue image last.
const layout = pygrubLayout({
  disks: [
    { target: "/dev/verona/lsc_boot", vdev: "sda", access: "rw" },
    { target: "/dev/verona_left/lsc", vdev: "sdb", access: "rw" },
    { target: "/dev/verona_right/lsc", vdev: "sdc", access: "rw" },
    { target: "/var/images/centos_ro_rescue.img", vdev: "sdd", access: "ro" },
  ],
  rescueDisk: "sdd",
  timeout: 15,
  distro: {
    title: "centos",
    kernel: "/boot/vmlinuz-2.6.18-53.1.6.el5xen",
    initrd: "/boot/initrd-2.6.18-53.1.6.el5xen.XenU.img",
    args: "console=xvc0 root=/dev/sdb ro",
  },
  generic: {
    title: "generic kernels",
    kernel: "/boot/vmlinuz-2.6-xen",
    initrd: "/boot/initrd-2.6-xen",
    args: "root=/dev/sdb",
  },
  rescue: {
    kernel: "/boot/vmlinuz-2.6.18-53.1.6.el5xen",
    initrd: "/boot/initrd-2.6.18-53.1.6.el5xen.XenU.img",
    label: "RESCUE",
    args: "console=xvc0",
  },
});

console.log(layout.configText); // bootloader = "pygrub", the disk list with /boot first
for (const file of layout.files) console.log(`# ${file.disk}:${file.path}\n${file.text}`);
