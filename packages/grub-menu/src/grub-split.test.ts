import { describe, expect, it } from "vitest";
import { grubExactSplit, grubSplit } from "./grub-split.js";

describe("grubSplit", () => {
  it.each([
    ["default=1", ["default", "1"]],
    ["default 1", ["default", "1"]],
    ["default = 1", ["default", "= 1"]],
    ["default\t=1", ["default", "=1"]],
    ["kernel=/vmlinuz ro", ["kernel", "/vmlinuz ro"]],
    ["kernel /vmlinuz root=/dev/xvda1", ["kernel", "/vmlinuz root=/dev/xvda1"]],
    ["root=LABEL=RESCUE ro", ["root", "LABEL=RESCUE ro"]],
    ["title=x", ["title", "x"]],
    ["kernel\u000b/x=y", ["kernel\u000b/x", "y"]],
  ] as const)("splits %j like pygrub", (line, expected) => {
    expect(grubSplit(line, 1)).toEqual(expected);
  });
});

describe("grubExactSplit", () => {
  it("pads to the count asked for", () => {
    expect(grubExactSplit("hiddenmenu", 2)).toEqual(["hiddenmenu", ""]);
    expect(grubExactSplit("set", 2)).toEqual(["set", ""]);
  });
});
