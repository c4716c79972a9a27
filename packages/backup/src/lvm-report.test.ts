import { describe, expect, it } from "vitest";
import { formatCommand } from "@dom0kit/runner";
import { isInvalidSnapshotAttr, lvsCommand, parseLvs, parseVgs } from "./lvm-report.js";

describe("parseLvs", () => {
  it("reads volumes and snapshots with their origin", () => {
    expect(formatCommand(lvsCommand())).toBe(
      "lvs --noheadings --separator '|' --units b --nosuffix -o vg_name,lv_name,lv_attr,lv_size,origin",
    );
    const stdout =
      "  vg0|vm1-disk|owi-aos---|1073741824|\n  vg0|vm1-disk-dom0kit-20240115T120000000|swi-I-s---|268435456|vm1-disk\n\n";
    expect(parseLvs(stdout)).toEqual([
      { vg: "vg0", name: "vm1-disk", attr: "owi-aos---", sizeBytes: 1073741824 },
      {
        vg: "vg0",
        name: "vm1-disk-dom0kit-20240115T120000000",
        attr: "swi-I-s---",
        sizeBytes: 268435456,
        origin: "vm1-disk",
      },
    ]);
  });
});

describe("parseVgs", () => {
  it("reads free space", () => {
    expect(parseVgs("  vg0|4294967296\n  vg1|0\n")).toEqual([
      { name: "vg0", freeBytes: 4294967296 },
      { name: "vg1", freeBytes: 0 },
    ]);
  });
});

describe("isInvalidSnapshotAttr", () => {
  it.each([
    ["swi-I-s---", true],
    ["swi-a-s---", false],
    ["-wi-ao----", false],
    ["", false],
  ])("%s → %s", (attr, invalid) => {
    expect(isInvalidSnapshotAttr(attr)).toBe(invalid);
  });
});
