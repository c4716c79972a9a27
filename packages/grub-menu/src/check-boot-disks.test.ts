import { describe, expect, it } from "vitest";
import { checkPvGrubDisks, checkPygrubDisks, diskDevice } from "./check-boot-disks.js";
import type { DomainDisk } from "./domain-disk.js";

const disks: DomainDisk[] = [
  { target: "/dev/vg0/rescue", vdev: "xvde", access: "ro" },
  { target: "/dev/vg0/vm1", vdev: "xvda", access: "rw" },
];

describe("checkPvGrubDisks", () => {
  it("accepts (hdN) that name the intended disks in PV-GRUB's numbering", () => {
    expect(
      checkPvGrubDisks(disks, { customer: "xvda", rescue: "xvde" }, [
        { path: "extra", device: { disk: 1 }, vdev: "xvde" },
        { path: "chain", device: { disk: 0, partition: 0 }, vdev: "xvda" },
      ]),
    ).toEqual([]);
  });

  it("reports an (hdN) that names another disk, with the one PV-GRUB would use", () => {
    expect(
      checkPvGrubDisks(disks, { rescue: "xvde" }, [
        { path: "extra", device: { disk: 0, partition: 0 }, vdev: "xvde" },
      ]),
    ).toEqual([
      {
        code: "DISK_INDEX_MISMATCH",
        path: "extra",
        message:
          '(hd0,0) is meant to be "xvde", which pv-grub sees as (hd1) (PV-GRUB numbers disks by vdev order)',
      },
    ]);
  });

  it("reports a writable rescue disk and invalid vdevs", () => {
    const problems = checkPvGrubDisks(
      [
        { target: "/a", vdev: "xvda", access: "rw" },
        { target: "/r", vdev: "xvdb", access: "rw" },
        { target: "/f", vdev: "fdc", access: "rw" },
      ],
      { rescue: "xvdb" },
    );
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ["INVALID_VDEV", "disks[2].vdev"],
      ["RESCUE_DISK_WRITABLE", "disks[1].access"],
    ]);
  });
});

describe("checkPygrubDisks", () => {
  it("wants the /boot disk first, because pygrub only reads disks[0]", () => {
    expect(checkPygrubDisks(disks, { boot: "xvda", rescue: "xvde" }).map((p) => p.code)).toEqual([
      "BOOT_DISK_NOT_FIRST",
    ]);
    expect(checkPygrubDisks([...disks].reverse(), { boot: "xvda", rescue: "xvde" })).toEqual([]);
  });
});

describe("diskDevice", () => {
  it("gives a disk's (hdN) for each boot loader", () => {
    expect(diskDevice(disks, "xvde", "pv-grub")).toEqual({ disk: 1 });
    expect(diskDevice(disks, "xvde", "pygrub", 0)).toEqual({ disk: 0, partition: 0 });
    expect(diskDevice(disks, "xvdz", "pv-grub")).toBeUndefined();
  });
});
