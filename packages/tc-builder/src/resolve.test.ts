import { describe, expect, it } from "vitest";
import { ShapingInputError, type ShapingProblem } from "./errors.js";
import type { DomainShapingInput, ShapingInput } from "./model.js";
import { resolveShaping } from "./resolve.js";

function input(domains: DomainShapingInput[], uplink: Partial<ShapingInput["uplink"]> = {}): ShapingInput {
  return { uplink: { interface: "peth0", rate: "100mbit", ...uplink }, domains };
}

function problemsOf(bad: ShapingInput): ShapingProblem[] {
  try {
    resolveShaping(bad);
  } catch (error) {
    expect(error).toBeInstanceOf(ShapingInputError);
    expect(error).toMatchObject({ name: "ShapingInputError", code: "TC_INVALID_INPUT" });
    return [...(error as ShapingInputError).problems];
  }
  throw new Error("resolveShaping accepted bad input");
}

describe("resolveShaping", () => {
  it("builds the uplink class, the default class and one class per shaped domU", () => {
    const desired = resolveShaping(
      input([
        { name: "vm1", vif: "vif1.0", in: { rate: "10mbit" }, out: { rate: "5mbit", ceil: "20mbit" } },
        { name: "vm2", vif: "vif2.0" },
      ]),
    );
    expect(desired.classes.map((each) => [each.role, each.parent])).toEqual([
      ["uplink", "root"],
      ["default", 1],
      ["vm1", 1],
    ]);
    const [uplink, fallback, vm1] = desired.classes;
    expect(uplink).toMatchObject({ minor: 1, rate: 12_500_000, ceil: 12_500_000 });
    expect(fallback).toMatchObject({ minor: 0xffff, rate: 125_000, ceil: 12_500_000 });
    // 5mbit = 625000 B/s: burst = 625000/250 + 1514 = 4014 → 4096; quantum = rate / 10.
    expect(vm1).toMatchObject({
      rate: 625_000,
      ceil: 2_500_000,
      burst: 4096,
      cburst: 12_288,
      quantum: 62_500,
      prio: 0,
    });
    expect(desired.domains[0]?.in).toEqual({ rate: 1_250_000, burst: 5000, latency: 50_000 });
    expect(desired.domains[1]).toEqual({ name: "vm2", vif: "vif2.0", ips: [] });
  });

  it("keeps a small domU's burst at one full frame", () => {
    const desired = resolveShaping(input([{ name: "vm1", vif: "vif1.0", in: { rate: "100kbit" } }]));
    expect(desired.domains[0]?.in?.burst).toBe(1514);
  });

  it("derives bursts from the HZ it is given", () => {
    const desired = resolveShaping({
      ...input([{ name: "vm1", vif: "vif1.0", in: { rate: "100mbit" } }]),
      hz: 1000,
    });
    expect(desired.domains[0]?.in?.burst).toBe(12_500);
  });

  it("takes explicit values as given", () => {
    const desired = resolveShaping(
      input([
        {
          name: "vm1",
          vif: "vif1.0",
          classId: "2a",
          in: { rate: "1mbit", burst: "32kb", limit: "100kb", peakrate: "2mbit", mtu: "1540" },
          out: { rate: "1mbit", quantum: 3000, prio: 2, burst: "10kb", cburst: "20kb" },
        },
      ]),
    );
    expect(desired.domains[0]?.in).toEqual({
      rate: 125_000,
      burst: 32_768,
      limit: 102_400,
      peakrate: 250_000,
      mtu: 1540,
    });
    expect(desired.classes[2]).toMatchObject({
      minor: 0x2a,
      quantum: 3000,
      prio: 2,
      burst: 10_240,
      cburst: 20_480,
      ceil: 125_000,
    });
  });

  it("warns when guaranteed rates add up to more than the uplink, with the numbers", () => {
    const desired = resolveShaping(
      input(
        [
          { name: "vm1", vif: "vif1.0", out: { rate: "6mbit" } },
          { name: "vm2", vif: "vif2.0", out: { rate: "5mbit", ceil: "20mbit" } },
        ],
        { rate: "10mbit" },
      ),
    );
    expect(desired.warnings.map((w) => w.code)).toEqual(["TC_OVERSUBSCRIBED", "TC_CEIL_ABOVE_UPLINK"]);
    expect(desired.warnings[0]?.message).toContain(
      "11Mbit for 2 domUs + 100Kbit for the default class = 11100Kbit, above the 10Mbit of peth0",
    );
  });

  describe("rejects bad input before anything runs", () => {
    it.each<[string, ShapingInput, string, string]>([
      [
        "a rate without a unit tc knows",
        input([{ name: "a", vif: "v", in: { rate: "1M" } }]),
        "TC_BAD_UNIT",
        "domains[0].in.rate",
      ],
      [
        "a rate with a space",
        input([{ name: "a", vif: "v", out: { rate: "10 mbit" } }]),
        "TC_BAD_UNIT",
        "domains[0].out.rate",
      ],
      [
        "a negative rate",
        input([{ name: "a", vif: "v", out: { rate: "-5kbit" } }]),
        "TC_BAD_UNIT",
        "domains[0].out.rate",
      ],
      [
        "a bad latency",
        input([{ name: "a", vif: "v", in: { rate: "1mbit", latency: "50 ms" } }]),
        "TC_BAD_UNIT",
        "domains[0].in.latency",
      ],
      [
        "a zero rate",
        input([{ name: "a", vif: "v", in: { rate: "0mbit" } }]),
        "TC_ZERO_RATE",
        "domains[0].in.rate",
      ],
      [
        "a vif name over 15 bytes",
        input([{ name: "a", vif: "vif-for-customer-1" }]),
        "TC_BAD_INTERFACE",
        "domains[0].vif",
      ],
      ["a vif name with /", input([{ name: "a", vif: "vif/1" }]), "TC_BAD_INTERFACE", "domains[0].vif"],
      ["a vif name with a space", input([{ name: "a", vif: "vif 1" }]), "TC_BAD_INTERFACE", "domains[0].vif"],
      [
        "an uplink name with a space",
        input([], { interface: "eth 0" }),
        "TC_BAD_INTERFACE",
        "uplink.interface",
      ],
      [
        "a duplicate vif",
        input([
          { name: "a", vif: "v" },
          { name: "b", vif: "v" },
        ]),
        "TC_DUPLICATE_VIF",
        "domains[1].vif",
      ],
      [
        "a duplicate name",
        input([
          { name: "a", vif: "v" },
          { name: "a", vif: "w" },
        ]),
        "TC_DUPLICATE_NAME",
        "domains[1].name",
      ],
      [
        "a duplicate class id",
        input([
          { name: "a", vif: "v", classId: "2a", out: { rate: "1mbit" } },
          { name: "b", vif: "w", classId: 0x2a, out: { rate: "1mbit" } },
        ]),
        "TC_DUPLICATE_CLASS_ID",
        "domains[1].classId",
      ],
      [
        "a reserved class id",
        input([{ name: "a", vif: "v", classId: "ffff" }]),
        "TC_BAD_CLASS_ID",
        "domains[0].classId",
      ],
      [
        "a class id over 16 bits",
        input([{ name: "a", vif: "v", classId: "10000" }]),
        "TC_BAD_CLASS_ID",
        "domains[0].classId",
      ],
      [
        "ceil below rate",
        input([{ name: "a", vif: "v", out: { rate: "10mbit", ceil: "5mbit" } }]),
        "TC_CEIL_BELOW_RATE",
        "domains[0].out.ceil",
      ],
      [
        "a quantum below one frame",
        input([{ name: "a", vif: "v", out: { rate: "10mbit", quantum: 1000 } }]),
        "TC_QUANTUM",
        "domains[0].out.quantum",
      ],
      [
        "peakrate without mtu",
        input([{ name: "a", vif: "v", in: { rate: "1mbit", peakrate: "2mbit" } }]),
        "TC_TBF_MTU_REQUIRED",
        "domains[0].in.mtu",
      ],
      [
        "peakrate not above rate",
        input([{ name: "a", vif: "v", in: { rate: "2mbit", peakrate: "2mbit", mtu: "1540" } }]),
        "TC_TBF_PEAKRATE",
        "domains[0].in.peakrate",
      ],
      [
        "a burst below MTU + 14",
        input([{ name: "a", vif: "v", in: { rate: "1mbit", burst: "1500" } }]),
        "TC_TBF_BURST",
        "domains[0].in.burst",
      ],
      [
        "a peak mtu below MTU + 14",
        input([{ name: "a", vif: "v", in: { rate: "1mbit", peakrate: "2mbit", mtu: "1500" } }]),
        "TC_TBF_BURST",
        "domains[0].in.mtu",
      ],
      [
        "both latency and limit",
        input([{ name: "a", vif: "v", in: { rate: "1mbit", latency: "50ms", limit: "10kb" } }]),
        "TC_TBF_LIMIT_AND_LATENCY",
        "domains[0].in",
      ],
      [
        "a bad address",
        input([{ name: "a", vif: "v", ips: ["10.0.0.300"] }]),
        "TC_BAD_ADDRESS",
        "domains[0].ips[0]",
      ],
      ["a bad MAC", input([{ name: "a", vif: "v", mac: "00:16:3e" }]), "TC_BAD_ADDRESS", "domains[0].mac"],
      [
        "a vif that is the uplink",
        input([{ name: "a", vif: "peth0" }]),
        "TC_VIF_IS_UPLINK",
        "domains[0].vif",
      ],
      ["an unknown key", { ...input([]), extra: 1 } as unknown as ShapingInput, "TC_SCHEMA", "(input)"],
      [
        "a missing rate",
        input([{ name: "a", vif: "v", out: {} as { rate: string } }]),
        "TC_SCHEMA",
        "domains[0].out.rate",
      ],
    ])("%s", (_what, bad, code, path) => {
      const problems = problemsOf(bad);
      expect(problems).toContainEqual(expect.objectContaining({ code, path }));
    });

    it("says which earlier domain a duplicate repeats", () => {
      const problems = problemsOf(
        input([
          { name: "a", vif: "v", classId: "2a", out: { rate: "1mbit" } },
          { name: "b", vif: "w" },
          { name: "a", vif: "v", classId: "0x2a", out: { rate: "1mbit" } },
        ]),
      );
      expect(problems.map((problem) => [problem.path, problem.message])).toEqual([
        ["domains[2].name", 'domain name "a" is already used at domains[0].name'],
        ["domains[2].vif", 'vif "v" is already used at domains[0].vif'],
        ["domains[2].classId", "class id 2a is already used at domains[0].classId"],
      ]);
    });

    it("reports more than 65,533 domUs shaped on one interface", () => {
      const domains = Array.from({ length: 65_534 }, (_, index) => ({
        name: `d${String(index)}`,
        vif: `v${String(index)}`,
        out: { rate: "1kbit" },
      }));
      const problems = problemsOf(input(domains));
      expect(problems).toEqual([expect.objectContaining({ code: "TC_TOO_MANY_DOMAINS", path: "domains" })]);
      expect(problems[0]?.message).toContain(
        "65534 domUs are shaped on peth0; one HTB qdisc holds at most 65533",
      );
    });

    it("reports a bad value at every path it appears, though each text is parsed once", () => {
      const bad = input([
        { name: "a", vif: "v1", in: { rate: "1M" }, out: { rate: "1M" } },
        { name: "b", vif: "v2", in: { rate: "1M" } },
      ]);
      expect(problemsOf(bad).map((p) => [p.code, p.path])).toEqual([
        ["TC_BAD_UNIT", "domains[0].in.rate"],
        ["TC_BAD_UNIT", "domains[0].out.rate"],
        ["TC_BAD_UNIT", "domains[1].in.rate"],
      ]);
    });

    it("lists every problem in one error whose message names each path", () => {
      const bad = input([
        { name: "a", vif: "vif/1", out: { rate: "10mbit", ceil: "1mbit" } },
        { name: "b", vif: "vif/1", in: { rate: "1M" } },
      ]);
      const problems = problemsOf(bad);
      expect(problems.map((p) => p.code).sort()).toEqual([
        "TC_BAD_INTERFACE",
        "TC_BAD_INTERFACE",
        "TC_BAD_UNIT",
        "TC_CEIL_BELOW_RATE",
        "TC_DUPLICATE_VIF",
      ]);
      expect(() => resolveShaping(bad)).toThrow(
        /domains\[1\]\.in\.rate: "1M" is not a valid tc rate: unknown unit "M"\. Accepted: /u,
      );
    });
  });
});
