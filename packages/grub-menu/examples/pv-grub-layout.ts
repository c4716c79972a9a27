import { DiskLayoutError, pvGrubLayout, type PvGrubLayoutInput } from "@dom0kit/grub-menu";

const horatio = { target: "/dev/denmark/horatio", vdev: "xvda", access: "rw" } as const;
const rescue = { target: "/dev/denmark/rescue", vdev: "xvde", access: "ro" } as const;

const input = {
  guestArch: "x86_64",
  disks: [horatio, rescue],
  customerDisk: "xvda",
  rescueDisk: "xvde",
  rescueMenu: {
    entries: [
      {
        title: "CentOS-rescue (2.6.18-53.1.14.el5xen)",
        kernel: "/boot/vmlinuz-2.6.18-53.1.14.el5xen",
        initrd: "/boot/initrd-2.6.18-53.1.14.el5xen.img",
        args: "ro root=LABEL=RESCUE",
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
        initrd: "/boot/initrd-2.6.18-92.1.6.el5xen.img",
        args: "console=xvc0 root=LABEL=PRGMRDISK1 ro",
      },
    ],
  },
} satisfies PvGrubLayoutInput;

const layout = pvGrubLayout(input);
console.log(layout.configText); // kernel = …/pv-grub-x86_64.gz, extra = "(hd1)/boot/grub/menu.lst"
for (const file of layout.files) console.log(`# ${file.disk}:${file.path} (${file.role})\n${file.text}`);

// A writable rescue disk is refused: a customer could destroy the way back in.
try {
  pvGrubLayout({ ...input, disks: [horatio, { ...rescue, access: "rw" }] });
} catch (error) {
  if (!(error instanceof DiskLayoutError)) throw error;
  console.log(error.problems[0]?.code); // RESCUE_DISK_WRITABLE
}
