import { describe, expect, it } from "vitest";
import { nextFreeVdev, xenVdevNumber } from "./xen-vdev.js";

describe("xenVdevNumber", () => {
  it.each([
    ["xvda", 202 << 8],
    ["xvde", (202 << 8) | (4 << 4)],
    ["xvda1", (202 << 8) | 1],
    ["xvdp", (202 << 8) | (15 << 4)],
    ["xvdq", (1 << 28) | (16 << 8)],
    ["xvdaa", (1 << 28) | (26 << 8)],
    ["xvda16", (1 << 28) | 16],
    ["d0p1", (202 << 8) | 1],
    ["d16p0", (1 << 28) | (16 << 8)],
    ["sda", 8 << 8],
    ["sdb", (8 << 8) | (1 << 4)],
    ["sdd2", (8 << 8) | (3 << 4) | 2],
    ["hda", 3 << 8],
    ["hdb", (3 << 8) | (1 << 6)],
    ["hdc", 22 << 8],
    ["hdd1", (22 << 8) | (1 << 6) | 1],
    ["51712", 51712],
    ["0xca00", 0xca00],
  ] as const)("numbers %s as libxl does", (vdev, number) => {
    expect(xenVdevNumber(vdev)).toBe(number);
  });

  it.each([["fdc"], ["sdq"], ["hde"], ["xvda0"], ["xvda01"], ["xvdA"], ["xvd"], [""], ["vda"]])(
    "refuses %j, which xl rejects",
    (vdev) => {
      expect(xenVdevNumber(vdev)).toBeUndefined();
    },
  );
});

describe("nextFreeVdev", () => {
  it.each([
    [["xvda"], "xvdb"],
    [["xvda", "xvdb1"], "xvdc"],
    [["sda", "sdb", "sdc"], "sdd"],
    [["xvdz"], "xvdaa"],
    [["hda", "hdb", "hdc", "hdd"], "xvda"],
    [["sda", "xvda"], "sdb"],
    [[], "xvda"],
  ] as const)("after %j comes %s", (vdevs, next) => {
    expect(nextFreeVdev(vdevs)).toBe(next);
  });
});
