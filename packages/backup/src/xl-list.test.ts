import { describe, expect, it } from "vitest";
import { attachedDisks, parseXlList, runStateOfFlags } from "./xl-list.js";

const XL_LIST = `Name                                        ID   Mem VCPUs\tState\tTime(s)
Domain-0                                     0  1024     2     r-----      42.1
vm1                                          3   512     2     -b----      12.0
vm2                                          4  1024     1     --p---       1.5
vm3                                          5   256     1     ---s--       0.2
`;

describe("parseXlList", () => {
  it("reads every row of xl list", () => {
    expect(
      parseXlList(XL_LIST).map((entry) => [entry.name, entry.domid, entry.memoryMiB, entry.state]),
    ).toEqual([
      ["Domain-0", 0, 1024, "running"],
      ["vm1", 3, 512, "running"],
      ["vm2", 4, 1024, "paused"],
      ["vm3", 5, 256, "stopped"],
    ]);
  });
});

describe("runStateOfFlags", () => {
  it.each([
    ["r-----", "running"],
    ["-b----", "running"],
    ["------", "running"],
    ["--p---", "paused"],
    ["---s--", "stopped"],
    ["----c-", "stopped"],
    ["-----d", "stopped"],
  ])("%s is %s", (flags, state) => {
    expect(runStateOfFlags(flags)).toBe(state);
  });
});

describe("attachedDisks", () => {
  it("reads the disks of every live domain from xl list -l", () => {
    const json = JSON.stringify([
      { domid: 0, config: { c_info: { name: "Domain-0" } } },
      {
        domid: 3,
        config: {
          c_info: { name: "vm1" },
          disks: [
            { pdev_path: "/dev/vg0/vm1-disk", vdev: "xvda" },
            { pdev_path: "/srv/xen/vm1.img", vdev: "xvdb" },
          ],
        },
      },
    ]);
    expect(attachedDisks(json)).toEqual([
      { domain: "vm1", vdev: "xvda", path: "/dev/vg0/vm1-disk" },
      { domain: "vm1", vdev: "xvdb", path: "/srv/xen/vm1.img" },
    ]);
    expect(attachedDisks("")).toEqual([]);
  });
});
