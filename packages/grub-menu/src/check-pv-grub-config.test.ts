import { describe, expect, it } from "vitest";
import { checkPvGrubConfig } from "./check-pv-grub-config.js";
import { DiskLayoutError } from "./errors.js";

const disks = [
  { target: "/dev/denmark/horatio", vdev: "xvda", access: "rw" },
  { target: "/dev/denmark/rescue", vdev: "xvde", access: "ro" },
] as const;
const fields = {
  kernel: "/usr/lib/xen/boot/pv-grub-x86_64.gz",
  extra: "(hd1)/boot/grub/menu.lst",
  disks,
  guestArch: "x86_64",
  rescueDisk: "xvde",
};

describe("checkPvGrubConfig", () => {
  it("finds the disk PV-GRUB reads its first menu from", () => {
    expect(checkPvGrubConfig(fields)).toEqual({
      disk: disks[1],
      device: { disk: 1 },
      path: "/boot/grub/menu.lst",
    });
    expect(checkPvGrubConfig({ ...fields, disks: [disks[1], disks[0]] }).disk.vdev).toBe("xvde");
  });

  it("accepts the field notes' config, and its first variant without a rescue disk", () => {
    expect(checkPvGrubConfig({ ...fields, extra: "(hd1,0)/boot/grub/menu.lst" }).device).toEqual({
      disk: 1,
      partition: 0,
    });
    const { rescueDisk: _rescue, ...withoutRescue } = fields;
    expect(checkPvGrubConfig({ ...withoutRescue, extra: "(hd0,0)/boot/grub/menu.lst" }).disk.vdev).toBe(
      "xvda",
    );
  });

  it.each([
    ["extra pointing at the customer's disk", { extra: "(hd0,0)/boot/grub/menu.lst" }, "DISK_INDEX_MISMATCH"],
    ["extra past the last disk", { extra: "(hd2)/boot/grub/menu.lst" }, "DISK_MISSING"],
    [
      "a writable rescue disk",
      { disks: [disks[0], { ...disks[1], access: "rw" as const }] },
      "RESCUE_DISK_WRITABLE",
    ],
  ])("reports %s", (_, change, code) => {
    let caught: unknown;
    try {
      checkPvGrubConfig({ ...fields, ...change });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DiskLayoutError);
    expect((caught as DiskLayoutError).problems.map((problem) => problem.code)).toContain(code);
  });

  it("refuses a PV-GRUB of the wrong word size and an extra that is not a menu", () => {
    expect(() => checkPvGrubConfig({ ...fields, guestArch: "i686" })).toThrow(
      expect.objectContaining({ name: "PvGrubArchMismatchError", location: { path: "kernel" } }),
    );
    expect(() => checkPvGrubConfig({ ...fields, extra: "/boot/grub/menu.lst" })).toThrow(
      expect.objectContaining({ name: "InvalidMenuInputError" }),
    );
  });
});
