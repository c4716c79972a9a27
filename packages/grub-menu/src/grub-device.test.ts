import { describe, expect, it } from "vitest";
import { formatGrub2Device, formatGrubDevice, parseGrubDevice, pygrubDevice } from "./grub-device.js";

describe("parseGrubDevice", () => {
  it.each([
    ["(hd0)", { disk: 0 }],
    ["(hd1,0)", { disk: 1, partition: 0 }],
    ["(hd12,3)", { disk: 12, partition: 3 }],
  ] as const)("reads %s", (text, device) => {
    expect(parseGrubDevice(text)).toEqual(device);
  });

  it.each([["hd0"], ["(hd0,)"], ["(sd0)"], ["(hd01)"], ["(hd0,msdos1)"], ["(hd-1)"], ["(hd0"]])(
    "refuses %s",
    (text) => {
      expect(parseGrubDevice(text)).toBeUndefined();
    },
  );
});

describe("formatGrubDevice and formatGrub2Device", () => {
  it("writes GRUB legacy devices, partitions from 0", () => {
    expect(formatGrubDevice({ disk: 1 })).toBe("(hd1)");
    expect(formatGrubDevice({ disk: 0, partition: 0 })).toBe("(hd0,0)");
  });

  it("writes GRUB 2 devices, partitions from 1", () => {
    expect(formatGrub2Device({ disk: 1 })).toBe("hd1");
    expect(formatGrub2Device({ disk: 0, partition: 0 })).toBe("hd0,msdos1");
  });
});

describe("pygrubDevice", () => {
  it.each([
    ["(hd0,0)", 0, 0],
    ["(hd1)", 1, undefined],
    ["hd0,msdos1", 0, 1],
    ["(hd0,gpt2)", 0, 2],
    ["/dev/xvdb", 1, undefined],
    ["(hd 0, 1)", 0, 1],
    ["(fd0)", 0, undefined],
  ] as const)("reads %s as pygrub does", (text, disk, part) => {
    expect(pygrubDevice(text)).toEqual({ ok: true, disk, part });
  });

  it.each([["LABEL=RESCUE ro"], ["(hd0,1,2)"], [""], ["(hd)"], ["/dev/xvd"], ["(hd0,a)"]])(
    "fails where pygrub raises: %s",
    (text) => {
      expect(pygrubDevice(text).ok).toBe(false);
    },
  );
});
