import { describe, expect, it } from "vitest";
import { fieldPygrubInput } from "../test/support/field-layouts.js";
import { pygrubLayout } from "./layout-pygrub.js";

describe("pygrubLayout", () => {
  it("lays out the field example: bootloader, /boot disk first, distro, generic and rescue-disk entries", () => {
    const layout = pygrubLayout(fieldPygrubInput);
    expect(layout.configText).toMatchInlineSnapshot(`
      "bootloader = "pygrub"
      disk = [
          '/dev/verona/lsc_boot,raw,sda,rw',
          '/dev/verona_left/lsc,raw,sdb,rw',
          '/dev/verona_right/lsc,raw,sdc,rw',
          '//var/images/centos_ro_rescue.img,raw,sdd,ro',
      ]
      "
    `);
    expect(layout.files).toHaveLength(1);
    expect(layout.files[0]).toMatchObject({
      role: "boot-menu",
      disk: "sda",
      path: "/boot/grub/menu.lst",
      format: "menu.lst",
    });
    expect(layout.files[0]?.text).toMatchInlineSnapshot(`
      "# Boot menu read by pygrub from dom0. Edit freely, but keep the rescue-disk entry:
      # it boots the read-only rescue image so you can always repair this system.
      default=0
      timeout=15

      title centos
          root (hd0,0)
          kernel /boot/vmlinuz-2.6.18-53.1.6.el5xen console=xvc0 root=/dev/sdb ro
          initrd /boot/initrd-2.6.18-53.1.6.el5xen.XenU.img

      title generic kernels
          root (hd0,0)
          kernel /boot/vmlinuz-2.6-xen root=/dev/sdb
          initrd /boot/initrd-2.6-xen

      title rescue-disk
          root (hd0,0)
          kernel /boot/vmlinuz-2.6.18-53.1.6.el5xen console=xvc0 root=LABEL=RESCUE ro
          initrd /boot/initrd-2.6.18-53.1.6.el5xen.XenU.img
      "
    `);
    expect(layout.notes[0]).toMatch(/grub.cfg before menu.lst/);
  });

  it("fills in defaults: pygrub, rescue-disk, console=hvc0, label RESCUE", () => {
    const layout = pygrubLayout({
      disks: [
        { target: "/dev/vg0/boot", vdev: "xvda", access: "rw" },
        { target: "/srv/rescue.img", vdev: "xvdb", access: "ro" },
      ],
      rescueDisk: "xvdb",
      distro: { kernel: "/boot/vmlinuz", args: "root=/dev/xvda2 ro" },
      rescue: { kernel: "/boot/vmlinuz" },
      format: "grub.cfg",
    });
    expect(layout.config.bootloader).toBe("pygrub");
    expect(layout.files[0]).toMatchObject({ path: "/boot/grub/grub.cfg", format: "grub.cfg" });
    expect(layout.files[0]?.menu.entries.map((entry) => [entry.title, entry.args])).toEqual([
      ["distro kernel", "root=/dev/xvda2 ro"],
      ["rescue-disk", "console=hvc0 root=LABEL=RESCUE ro"],
    ]);
  });

  it.each([
    [
      "a writable rescue disk",
      { disks: [fieldPygrubInput.disks[0], { ...fieldPygrubInput.disks[3], access: "w" }] },
      /RESCUE_DISK_WRITABLE|read-write/,
    ],
    [
      "the /boot disk not first",
      { disks: [fieldPygrubInput.disks[1], fieldPygrubInput.disks[0], fieldPygrubInput.disks[3]] },
      /reads only the first disk/,
    ],
    ["a missing rescue disk", { rescueDisk: "sde" }, /not in the domain's disk list/],
    [
      "the book's fdc, which xl rejects",
      { disks: fieldPygrubInput.disks.map((d) => (d.vdev === "sdc" ? { ...d, vdev: "fdc" } : d)) },
      /"fdc" is not a vdev xl accepts/,
    ],
    ["a root on another disk", { root: "(hd1,0)" }, /pygrub reads only the first disk/],
  ])("refuses %s", (_, change, message) => {
    expect(() => pygrubLayout({ ...fieldPygrubInput, ...change } as typeof fieldPygrubInput)).toThrow(
      expect.objectContaining({ name: "DiskLayoutError", code: "GRUB_MENU_DISK_LAYOUT" }),
    );
    expect(() => pygrubLayout({ ...fieldPygrubInput, ...change } as typeof fieldPygrubInput)).toThrow(
      message,
    );
  });

  it.each([
    [
      "a label with a space",
      { rescue: { ...fieldPygrubInput.rescue, label: "MY RESCUE" } },
      "UnsafeMenuTextError",
    ],
    [
      "rescue args that set root",
      { rescue: { ...fieldPygrubInput.rescue, args: "root=/dev/sdd" } },
      "InvalidMenuInputError",
    ],
    ["a menu path pygrub never reads", { menuPath: "/etc/grub.conf" }, "InvalidMenuInputError"],
    [
      "a relative distro kernel",
      { distro: { ...fieldPygrubInput.distro, kernel: "vmlinuz" } },
      "RelativeBootPathError",
    ],
    [
      "a newline in a title",
      { distro: { ...fieldPygrubInput.distro, title: "cent\nos" } },
      "UnsafeMenuTextError",
    ],
    ["an unknown field", { bootloader_args: "-q" }, "InvalidMenuInputError"],
    ["a default out of range", { default: 3 }, "DefaultEntryOutOfRangeError"],
  ])("refuses %s", (_, change, name) => {
    expect(() => pygrubLayout({ ...fieldPygrubInput, ...change })).toThrow(expect.objectContaining({ name }));
  });
});
