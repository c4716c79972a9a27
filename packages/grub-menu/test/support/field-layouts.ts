import type { PvGrubLayoutInput, PygrubLayoutInput } from "../../src/index.js";

/**
 * The PyGRUB setup of FIELD-NOTES.txt ("Self-Support with PyGRUB"), with the
 * book's `fdc` corrected to `sdc` (its text says "two disks for user data, sdb
 * and sdc"), `file://var/…` read as xl does, and the generic kernel's initrd
 * on an initrd line (pygrub ignores `module`).
 */
export const fieldPygrubInput = {
  disks: [
    { target: "/dev/verona/lsc_boot", vdev: "sda", access: "w" },
    { target: "/dev/verona_left/lsc", vdev: "sdb", access: "w" },
    { target: "/dev/verona_right/lsc", vdev: "sdc", access: "w" },
    { target: "//var/images/centos_ro_rescue.img", vdev: "sdd", access: "r" },
  ],
  bootDisk: "sda",
  rescueDisk: "sdd",
  timeout: 15,
  distro: {
    title: "centos",
    kernel: "/boot/vmlinuz-2.6.18-53.1.6.el5xen",
    args: "console=xvc0 root=/dev/sdb ro",
    initrd: "/boot/initrd-2.6.18-53.1.6.el5xen.XenU.img",
  },
  generic: {
    title: "generic kernels",
    kernel: "/boot/vmlinuz-2.6-xen",
    args: "root=/dev/sdb",
    initrd: "/boot/initrd-2.6-xen",
  },
  rescue: {
    title: "rescue-disk",
    kernel: "/boot/vmlinuz-2.6.18-53.1.6.el5xen",
    initrd: "/boot/initrd-2.6.18-53.1.6.el5xen.XenU.img",
    args: "console=xvc0",
  },
} satisfies PygrubLayoutInput;

/** The PV-GRUB setup of FIELD-NOTES.txt ("PV-GRUB: a safer alternative"). */
export const fieldPvGrubInput = {
  guestArch: "x86_64",
  disks: [
    { target: "/dev/denmark/horatio", vdev: "xvda", access: "w" },
    { target: "/dev/denmark/rescue", vdev: "xvde", access: "r" },
  ],
  customerDisk: "xvda",
  rescueDisk: "xvde",
  rescueMenu: {
    entries: [
      {
        title: "CentOS-rescue (2.6.18-53.1.14.el5xen)",
        kernel: "/boot/vmlinuz-2.6.18-53.1.14.el5xen",
        args: "ro root=LABEL=RESCUE",
        initrd: "/boot/initrd-2.6.18-53.1.14.el5xen.img",
      },
      {
        title: "CentOS installer",
        kernel: "/boot/centos-5.1-installer-vmlinuz",
        initrd: "/boot/centos-5.1-installer-initrd.img",
      },
      { title: "NetBSD installer", kernel: "/boot/netbsd-INSTALL_XEN3_DOMU.gz" },
    ],
  },
  customerMenu: {
    entries: [
      {
        title: "CentOS (2.6.18-92.1.6.el5xen)",
        kernel: "/boot/vmlinuz-2.6.18-92.1.6.el5xen",
        args: "console=xvc0 root=LABEL=PRGMRDISK1 ro",
        initrd: "/boot/initrd-2.6.18-92.1.6.el5xen.img",
      },
    ],
  },
} satisfies PvGrubLayoutInput;
