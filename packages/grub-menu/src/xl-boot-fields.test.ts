import { describe, expect, it } from "vitest";
import { renderXlBootFields, xlDiskSpec } from "./xl-boot-fields.js";

describe("xlDiskSpec", () => {
  it("writes positional specs, and keyed ones when the target has a comma", () => {
    expect(xlDiskSpec({ target: "/dev/vg0/a", vdev: "xvda", access: "rw" })).toBe("/dev/vg0/a,raw,xvda,rw");
    expect(xlDiskSpec({ target: "/srv/a.qcow2", vdev: "xvdb", access: "ro", format: "qcow2" })).toBe(
      "/srv/a.qcow2,qcow2,xvdb,ro",
    );
    expect(xlDiskSpec({ target: "/srv/a,b=c.img", vdev: "xvdc", access: "rw" })).toBe(
      "format=raw,vdev=xvdc,access=rw,target=/srv/a,b=c.img",
    );
  });

  it("refuses quotes and control characters", () => {
    expect(() => xlDiskSpec({ target: "/srv/a'b", vdev: "xvda", access: "rw" })).toThrow(/quote/);
    expect(() => xlDiskSpec({ target: "/srv/a\nb", vdev: "xvda", access: "rw" })).toThrow(
      /control character/,
    );
    expect(() => xlDiskSpec({ target: "/srv/a", vdev: "xvd,a", access: "rw" })).toThrow(/cannot contain/);
  });
});

describe("renderXlBootFields", () => {
  it("writes xl config lines", () => {
    expect(
      renderXlBootFields({
        kernel: "/usr/lib/xen/boot/pv-grub-x86_64.gz",
        extra: "(hd1)/boot/grub/menu.lst",
        disk: [],
      }),
    ).toBe(
      'kernel = "/usr/lib/xen/boot/pv-grub-x86_64.gz"\nextra = "(hd1)/boot/grub/menu.lst"\ndisk = [ ]\n',
    );
    expect(() => renderXlBootFields({ bootloader: 'py"grub', disk: [] })).toThrow(/quote/);
  });
});
