import { describe, expect, it } from "vitest";
import { fieldPvGrubInput } from "../test/support/field-layouts.js";
import type { DomainDiskInput } from "./domain-disk.js";
import { DiskLayoutError } from "./errors.js";
import { pvGrubLayout } from "./layout-pv-grub.js";

describe("pvGrubLayout", () => {
  it("lays out the field example: pv-grub kernel, extra on the rescue disk, rescue disk read-only", () => {
    const layout = pvGrubLayout(fieldPvGrubInput);
    expect(layout.configText).toMatchInlineSnapshot(`
      "kernel = "/usr/lib/xen/boot/pv-grub-x86_64.gz"
      extra = "(hd1)/boot/grub/menu.lst"
      disk = [
          '/dev/denmark/horatio,raw,xvda,rw',
          '/dev/denmark/rescue,raw,xvde,ro',
      ]
      "
    `);
    expect(layout.notes).toEqual([]);
    expect(layout.files.map((file) => [file.role, file.disk, file.path])).toEqual([
      ["rescue-menu", "xvde", "/boot/grub/menu.lst"],
      ["customer-menu", "xvda", "/boot/grub/menu.lst"],
    ]);
    expect(layout.files[0]?.text).toMatchInlineSnapshot(`
      "# Rescue disk menu, loaded first by PV-GRUB. Entry 0 chain-loads PV-GRUB on your own
      # /boot/grub/menu.lst; the other entries boot the read-only rescue and installer images.
      default=0
      timeout=5

      title Xen domain boot
          root (hd1)
          kernel /boot/pv-grub-x86_64.gz (hd0,0)/boot/grub/menu.lst

      title CentOS-rescue (2.6.18-53.1.14.el5xen)
          root (hd1)
          kernel /boot/vmlinuz-2.6.18-53.1.14.el5xen ro root=LABEL=RESCUE
          initrd /boot/initrd-2.6.18-53.1.14.el5xen.img

      title CentOS installer
          root (hd1)
          kernel /boot/centos-5.1-installer-vmlinuz
          initrd /boot/centos-5.1-installer-initrd.img

      title NetBSD installer
          root (hd1)
          kernel /boot/netbsd-INSTALL_XEN3_DOMU.gz
      "
    `);
    expect(layout.files[1]?.text).toMatchInlineSnapshot(`
      "# Your boot menu, read by PV-GRUB inside your domain. Edit it freely: if it breaks,
      # choose a rescue entry from the menu shown before this one.
      default=0
      timeout=5

      title CentOS (2.6.18-92.1.6.el5xen)
          root (hd0,0)
          kernel /boot/vmlinuz-2.6.18-92.1.6.el5xen console=xvc0 root=LABEL=PRGMRDISK1 ro
          initrd /boot/initrd-2.6.18-92.1.6.el5xen.img
      "
    `);
  });

  it("uses the 32-bit PV-GRUB for a 32-bit guest and a partitioned rescue disk when asked", () => {
    const layout = pvGrubLayout({ ...fieldPvGrubInput, guestArch: "i686", rescuePartition: 0 });
    expect(layout.config).toMatchObject({
      kernel: "/usr/lib/xen/boot/pv-grub-x86_32.gz",
      extra: "(hd1,0)/boot/grub/menu.lst",
    });
    expect(layout.files[0]?.menu.entries[0]).toMatchObject({
      root: { disk: 1, partition: 0 },
      kernel: { path: "/boot/pv-grub-x86_32.gz" },
    });
  });

  it("numbers disks as PV-GRUB does: by vdev, not by list position", () => {
    const [customer, rescue] = fieldPvGrubInput.disks as unknown as [DomainDiskInput, DomainDiskInput];
    const layout = pvGrubLayout({ ...fieldPvGrubInput, disks: [rescue, customer] });
    expect(layout.config.extra).toBe("(hd1)/boot/grub/menu.lst");
    expect(layout.config.disk).toEqual([
      "/dev/denmark/rescue,raw,xvde,ro",
      "/dev/denmark/horatio,raw,xvda,rw",
    ]);
    expect(layout.notes).toEqual([
      "PV-GRUB numbers disks by vdev, not by list position: xvda (position 1) is hd0",
      "PV-GRUB numbers disks by vdev, not by list position: xvde (position 0) is hd1",
    ]);
    const three = pvGrubLayout({
      ...fieldPvGrubInput,
      disks: [customer, { target: "/dev/denmark/data", vdev: "xvdb", access: "rw" }, rescue],
    });
    expect(three.config.extra).toBe("(hd2)/boot/grub/menu.lst");
  });

  it.each([
    [
      "a 64-bit PV-GRUB for a 32-bit guest",
      { guestArch: "x86_32", pvGrubKernel: "/usr/lib/xen/boot/pv-grub-x86_64.gz" },
      "pvGrubKernel",
    ],
    [
      "a 32-bit chain-loaded PV-GRUB for a 64-bit guest",
      { rescueMenu: { ...fieldPvGrubInput.rescueMenu, pvGrubImage: "/boot/pv-grub-x86_32.gz" } },
      "rescueMenu.pvGrubImage",
    ],
    ["a PV-GRUB whose name does not say", { pvGrubKernel: "/usr/lib/xen/boot/pv-grub.gz" }, "pvGrubKernel"],
    [
      "a declared arch that contradicts the guest",
      { pvGrubKernel: "/opt/pvgrub.gz", pvGrubKernelArch: "i386" },
      "pvGrubKernel",
    ],
  ])("refuses %s", (_, change, path) => {
    expect(() => pvGrubLayout({ ...fieldPvGrubInput, ...change })).toThrow(
      expect.objectContaining({
        name: "PvGrubArchMismatchError",
        code: "PVGRUB_ARCH_MISMATCH",
        location: { path },
      }),
    );
  });

  it("accepts a PV-GRUB of another name when its arch is declared, and pvgrub2 images", () => {
    expect(
      pvGrubLayout({ ...fieldPvGrubInput, pvGrubKernel: "/opt/pvgrub.gz", pvGrubKernelArch: "amd64" }).config
        .kernel,
    ).toBe("/opt/pvgrub.gz");
    expect(
      pvGrubLayout({ ...fieldPvGrubInput, pvGrubKernel: "/usr/lib/grub-xen/grub-x86_64-xen.bin" }).config
        .kernel,
    ).toBe("/usr/lib/grub-xen/grub-x86_64-xen.bin");
  });

  it.each([
    [
      "a writable rescue disk",
      { disks: [fieldPvGrubInput.disks[0], { ...fieldPvGrubInput.disks[1], access: "rw" }] },
      "RESCUE_DISK_WRITABLE",
    ],
    ["a missing customer disk", { customerDisk: "xvdb" }, "DISK_MISSING"],
    [
      "two disks on one device",
      { disks: [...fieldPvGrubInput.disks, { target: "/dev/x", vdev: "d0p0", access: "rw" }] },
      "DUPLICATE_VDEV",
    ],
    [
      "a root on a disk the domain lacks",
      { customerMenu: { entries: [{ title: "x", root: "(hd3,0)", kernel: "/boot/vmlinuz" }] } },
      "DISK_MISSING",
    ],
  ])("refuses %s", (_, change, code) => {
    let caught: unknown;
    try {
      pvGrubLayout({ ...fieldPvGrubInput, ...change } as typeof fieldPvGrubInput);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DiskLayoutError);
    expect((caught as DiskLayoutError).problems.map((problem) => problem.code)).toContain(code);
  });

  it.each([
    ["an unknown architecture", { guestArch: "arm64" }, "InvalidMenuInputError"],
    ["a relative PV-GRUB", { pvGrubKernel: "pv-grub-x86_64.gz" }, "RelativeBootPathError"],
    ["a customer menu without entries", { customerMenu: { entries: [] } }, "InvalidMenuInputError"],
  ])("refuses %s", (_, change, name) => {
    expect(() => pvGrubLayout({ ...fieldPvGrubInput, ...change })).toThrow(expect.objectContaining({ name }));
  });
});
