import { describe, expect, it } from "vitest";
import { IoPolicyError } from "./errors.js";
import { parseIoPolicy } from "./policy.js";

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseIoPolicy(input);
  } catch (error) {
    if (error instanceof IoPolicyError) return [...error.issues];
    throw error;
  }
  throw new Error("expected the policy to be rejected");
}

describe("parseIoPolicy", () => {
  it("fills in the defaults", () => {
    expect(parseIoPolicy({ domains: [{ name: "vm1", allocation: 256 }] })).toEqual({
      domains: [{ name: "vm1", allocation: 256, disks: [] }],
      startLevel: 0,
      endLevel: 7,
      housekeeping: { level: 7, ioClass: "best-effort", processNames: [] },
      allowRealtime: false,
    });
  });

  it("refuses realtime unless the policy forces it, saying why", () => {
    expect(issuesOf({ domains: [{ name: "db", allocation: 1, ioClass: "realtime" }] })).toEqual([
      {
        path: "domains[0].ioClass",
        message:
          "realtime (class 1) can starve every other domain and dom0 itself of disk I/O; set allowRealtime: true to force it, or use best-effort",
      },
    ]);
    expect(
      parseIoPolicy({ allowRealtime: true, domains: [{ name: "db", allocation: 1, ioClass: "realtime" }] })
        .domains[0]?.ioClass,
    ).toBe("realtime");
  });

  it.each([
    [
      { domains: [{ name: "vm1", allocation: -1 }] },
      "domains[0].allocation",
      "expected an allocation of at least 0",
    ],
    [
      { domains: [{ name: "vm1", allocation: Number.NaN }] },
      "domains[0].allocation",
      "expected an allocation",
    ],
    [{ domains: [{ name: "-x", allocation: 1 }] }, "domains[0].name", "expected a domain name"],
    [{ domains: [], startLevel: 8 }, "startLevel", "expected the start level of at most 7"],
    [
      { domains: [], startLevel: 5, endLevel: 2 },
      "endLevel",
      "expected an end level at or below the start level 5",
    ],
    [{ domains: [], housekeeping: { level: 1.5 } }, "housekeeping.level", "expected the housekeeping level"],
    [
      { domains: [{ name: "vm1", allocation: 1, disks: [{ source: "vm1.img" }] }] },
      "domains[0].disks[0].source",
      "expected an absolute path",
    ],
    [
      { domains: [{ name: "vm1", allocation: 1, disks: [{ source: "/srv/../etc/shadow" }] }] },
      "domains[0].disks[0].source",
      "without '..'",
    ],
    [
      { domains: [{ name: "vm1", allocation: 1, disks: [{ source: "/dev/vg/vm1", vdev: "XVDA" }] }] },
      "domains[0].disks[0].vdev",
      "expected a virtual device name",
    ],
    [
      { domains: [{ name: "vm1", allocation: 1, ioClass: "idle", level: 3 }] },
      "domains[0].level",
      "the idle class has no levels",
    ],
    [
      {
        domains: [
          { name: "vm1", allocation: 1 },
          { name: "vm1", allocation: 2 },
        ],
      },
      "domains[1].name",
      "domain vm1 is already listed at domains[0]",
    ],
    [
      { domains: [], housekeeping: { processNames: [""] } },
      "housekeeping.processNames[0]",
      "expected a process name",
    ],
  ])("rejects %j at %s", (input, path, message) => {
    const issues = issuesOf(input);
    expect(issues.map((issue) => issue.path)).toContain(path);
    expect(issues.find((issue) => issue.path === path)?.message).toContain(message);
  });

  it("rejects an unknown key and reports every problem at once", () => {
    const issues = issuesOf({ domains: [{ name: "vm1", alloc: 5 }], startLevl: 1 });
    expect(issues.map((issue) => issue.path).sort()).toEqual(["", "domains[0]", "domains[0].allocation"]);
  });

  it("throws an error with a stable name and code", () => {
    expect(() => parseIoPolicy({})).toThrow(
      expect.objectContaining({ name: "IoPolicyError", code: "IO_POLICY_INVALID" }) as Error,
    );
  });
});
