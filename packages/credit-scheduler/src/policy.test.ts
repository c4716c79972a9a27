import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CapAboveVcpusError,
  NoPcpusError,
  PinningError,
  SchedulerInputError,
  VcpusAboveMaxError,
  WeightOutOfRangeError,
} from "./errors.js";
import type { SchedulerInput } from "./input-schema.js";
import { computeSchedulerPolicy } from "./policy.js";
import { shareReport } from "./share-report.js";

const fourCores = (
  domains: SchedulerInput["domains"],
  host: Partial<SchedulerInput["host"]> = {},
): SchedulerInput => ({
  host: { pcpus: 4, scheduler: "credit", ...host },
  domains,
});

describe("computeSchedulerPolicy: weights", () => {
  it("weighs a one-vcpu domain by its RAM in MB", () => {
    const policy = computeSchedulerPolicy(fourCores([{ name: "vm1", memoryMiB: 512, vcpus: 1 }]));
    expect(policy.domains[0]?.weight).toEqual({
      value: 512,
      reason: "= 512 MB of RAM on 1 vcpu: the domain weighs its RAM",
    });
  });

  it("divides RAM by vcpus so the domain as a whole weighs its RAM (Xen counts weight per vcpu)", () => {
    const policy = computeSchedulerPolicy(fourCores([{ name: "vm1", memoryMiB: 2048, vcpus: 2 }]));
    expect(policy.domains[0]?.weight.value).toBe(1024);
    expect(policy.domains[0]?.weight.reason).toContain("÷ 2 vcpus");
  });

  it("uses RAM in MB unchanged under weightRule memory, and warns when vcpu counts differ", () => {
    const policy = computeSchedulerPolicy(
      fourCores(
        [
          { name: "a", memoryMiB: 2048, vcpus: 2 },
          { name: "b", memoryMiB: 1024, vcpus: 1 },
        ],
        { weightRule: "memory" },
      ),
    );
    expect(policy.domains.map((domain) => domain.weight.value)).toEqual([2048, 1024]);
    expect(policy.warnings.join("\n")).toContain("unequal vcpu counts");
  });

  it("keeps an explicit weight and says so", () => {
    const policy = computeSchedulerPolicy(fourCores([{ name: "vm1", memoryMiB: 512, weight: 300 }]));
    expect(policy.domains[0]?.weight).toEqual({ value: 300, reason: "set in the input" });
  });

  it("rescales every weight, keeping ratios, when RAM-derived ones exceed 65535", () => {
    const policy = computeSchedulerPolicy({
      host: { pcpus: 2, scheduler: "credit", dom0: { weight: 6000 } },
      domains: [
        { name: "huge", memoryMiB: 131072, vcpus: 1 },
        { name: "half", memoryMiB: 65536, vcpus: 1 },
      ],
    });
    const [huge, half] = policy.domains;
    expect(huge?.weight.value).toBe(65535);
    expect(half?.weight.value).toBe(32768);
    expect(policy.dom0.weight.value).toBe(3000);
    expect(huge?.weight.reason).toContain("ratios kept");
    expect(policy.warnings.join("\n")).toContain("scaled");
  });

  it("keeps ratios within rounding whatever the sizes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4_000_000 }), { minLength: 1, maxLength: 12 }),
        (sizes) => {
          const policy = computeSchedulerPolicy({
            host: { pcpus: 1, scheduler: "credit" },
            domains: sizes.map((memoryMiB, index) => ({ name: `vm${String(index)}`, memoryMiB, vcpus: 1 })),
          });
          const weights = policy.domains.map((domain) => domain.weight.value);
          for (const weight of weights) {
            expect(weight).toBeGreaterThanOrEqual(1);
            expect(weight).toBeLessThanOrEqual(65535);
          }
          const largest = Math.max(...sizes);
          const scale = Math.min(1, 65535 / Math.max(largest, 6000));
          sizes.forEach((size, index) => {
            expect(Math.abs(weights[index]! - Math.max(1, size * scale))).toBeLessThanOrEqual(0.5 + 1e-9);
          });
        },
      ),
    );
  });

  it("gives dom0 6000 by default, with the field's reason", () => {
    const policy = computeSchedulerPolicy(fourCores([]));
    expect(policy.dom0.weight.value).toBe(6000);
    expect(policy.dom0.weight.reason).toContain("never runs out of credits");
    expect(policy.dom0.name).toBe("Domain-0");
  });
});

describe("computeSchedulerPolicy: vcpus", () => {
  it("gives half the RAM on a 4-core box at least 2 vcpus", () => {
    const policy = computeSchedulerPolicy(
      fourCores([
        { name: "half", memoryMiB: 4096 },
        { name: "a", memoryMiB: 2048 },
        { name: "b", memoryMiB: 2048 },
      ]),
    );
    expect(policy.domains[0]?.vcpus.value).toBeGreaterThanOrEqual(2);
    expect(policy.domains[0]?.vcpus.reason).toContain("in proportion to RAM");
  });

  it("gives a tiny domain at least 1 vcpu and a huge one at most the pCPUs", () => {
    const policy = computeSchedulerPolicy(
      fourCores(
        [
          { name: "tiny", memoryMiB: 64 },
          { name: "huge", memoryMiB: 65536 },
        ],
        { memoryMiB: 16384 },
      ),
    );
    expect(policy.domains.map((domain) => domain.vcpus.value)).toEqual([1, 4]);
    expect(policy.domains[0]?.vcpus.reason).toContain("at least 1");
    expect(policy.domains[1]?.vcpus.reason).toContain("at most the 4 pCPUs");
  });

  it("apportions against host.memoryMiB when given", () => {
    const policy = computeSchedulerPolicy(
      fourCores([{ name: "vm1", memoryMiB: 4096 }], { memoryMiB: 16384 }),
    );
    expect(policy.domains[0]?.vcpus.value).toBe(1);
    expect(policy.domains[0]?.vcpus.reason).toContain("host.memoryMiB");
  });

  it("never gives a domain fewer vcpus than its share of RAM × pCPUs", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 64, max: 262144 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 64 }),
        (sizes, pcpus) => {
          const policy = computeSchedulerPolicy({
            host: { pcpus, scheduler: "credit" },
            domains: sizes.map((memoryMiB, index) => ({ name: `vm${String(index)}`, memoryMiB })),
          });
          const total = sizes.reduce((sum, size) => sum + size, 0);
          policy.domains.forEach((domain, index) => {
            expect(domain.vcpus.value).toBeGreaterThanOrEqual(1);
            expect(domain.vcpus.value).toBeLessThanOrEqual(pcpus);
            expect(domain.vcpus.value * total).toBeGreaterThanOrEqual(
              Math.min(pcpus * total, sizes[index]! * pcpus),
            );
          });
        },
      ),
    );
  });

  it("gives every domain one vcpu per pCPU in burst mode, limited by maxvcpus", () => {
    const policy = computeSchedulerPolicy(
      fourCores(
        [
          { name: "a", memoryMiB: 512 },
          { name: "b", memoryMiB: 512, maxvcpus: 2 },
        ],
        { vcpuMode: "burst" },
      ),
    );
    expect(policy.domains.map((domain) => domain.vcpus.value)).toEqual([4, 2]);
    expect(policy.domains[0]?.vcpus.reason).toContain("burst mode");
    expect(policy.domains[1]?.vcpus.reason).toContain("maxvcpus 2");
  });

  it("leaves dom0's vcpus alone unless asked", () => {
    const policy = computeSchedulerPolicy(fourCores([]));
    expect(policy.dom0.vcpus.managed).toBe(false);
    expect(computeSchedulerPolicy(fourCores([], { dom0: { vcpus: 2 } })).dom0.vcpus).toMatchObject({
      value: 2,
      managed: true,
    });
  });
});

describe("computeSchedulerPolicy: caps and pinning", () => {
  it("sets no cap by default: idle CPU goes to whoever wants it", () => {
    const policy = computeSchedulerPolicy(fourCores([{ name: "vm1", memoryMiB: 512 }]));
    expect(policy.domains[0]?.cap).toEqual({
      value: 0,
      reason: expect.stringContaining("work-conserving") as string,
    });
  });

  it("dedicates pCPU 0 to dom0 and keeps every domU off it", () => {
    const policy = computeSchedulerPolicy(
      fourCores([{ name: "vm1", memoryMiB: 512, vcpus: 2 }], { dom0: { dedicatedPcpus: 1 } }),
    );
    expect(policy.dom0.vcpus).toMatchObject({ value: 1, managed: true });
    expect(policy.dom0.pinning?.value).toEqual([[0]]);
    expect(policy.domains[0]?.pinning?.value).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(policy.domUPcpus).toBe(3);
  });

  it("pins per vcpu like xl.cfg cpus = [0, 2]", () => {
    const policy = computeSchedulerPolicy(
      fourCores([{ name: "vm1", memoryMiB: 512, vcpus: 2, pinning: [0, 2] }]),
    );
    expect(policy.domains[0]?.pinning?.value).toEqual([[0], [2]]);
  });

  it("pins every vcpu to one CPU list", () => {
    const policy = computeSchedulerPolicy(
      fourCores([{ name: "vm1", memoryMiB: 512, vcpus: 2, pinning: "0-3,^1" }]),
    );
    expect(policy.domains[0]?.pinning?.value).toEqual([
      [0, 2, 3],
      [0, 2, 3],
    ]);
  });
});

describe("computeSchedulerPolicy: bad input", () => {
  const cases: [string, unknown, new (...args: never[]) => Error, string, string][] = [
    [
      "a weight above 65535",
      fourCores([{ name: "vm1", memoryMiB: 512, weight: 70000 }]),
      WeightOutOfRangeError,
      "SCHED_WEIGHT_RANGE",
      "domains[0].weight",
    ],
    [
      "a weight of 0",
      fourCores([{ name: "vm1", memoryMiB: 512, weight: 0 }]),
      WeightOutOfRangeError,
      "SCHED_WEIGHT_RANGE",
      "domains[0].weight",
    ],
    [
      "a dom0 weight above 65535",
      fourCores([], { dom0: { weight: 100000 } }),
      WeightOutOfRangeError,
      "SCHED_WEIGHT_RANGE",
      "host.dom0.weight",
    ],
    [
      "a cap above vcpus × 100",
      fourCores([{ name: "vm1", memoryMiB: 512, vcpus: 2, cap: 201 }]),
      CapAboveVcpusError,
      "SCHED_CAP_ABOVE_VCPUS",
      "domains[0].cap",
    ],
    [
      "vcpus above maxvcpus",
      fourCores([{ name: "vm1", memoryMiB: 512, vcpus: 4, maxvcpus: 2 }]),
      VcpusAboveMaxError,
      "SCHED_VCPUS_ABOVE_MAX",
      "domains[0].vcpus",
    ],
    ["a host with zero pCPUs", fourCores([], { pcpus: 0 }), NoPcpusError, "SCHED_NO_PCPUS", "host.pcpus"],
    [
      "every pCPU dedicated to dom0",
      fourCores([], { dom0: { dedicatedPcpus: 4 } }),
      NoPcpusError,
      "SCHED_NO_PCPUS",
      "host.dom0.dedicatedPcpus",
    ],
    [
      "a domain name starting with -",
      fourCores([{ name: "-w", memoryMiB: 512 }]),
      SchedulerInputError,
      "SCHED_INPUT",
      "domains[0].name",
    ],
    [
      "a name used twice",
      fourCores([
        { name: "vm1", memoryMiB: 512 },
        { name: "vm1", memoryMiB: 512 },
      ]),
      SchedulerInputError,
      "SCHED_INPUT",
      "domains[1].name",
    ],
    [
      "a memory size that is not a number",
      fourCores([{ name: "vm1", memoryMiB: "512" as unknown as number }]),
      SchedulerInputError,
      "SCHED_INPUT",
      "domains[0].memoryMiB",
    ],
    [
      "an unknown key",
      { host: { pcpus: 4, cpus: 4 }, domains: [] },
      SchedulerInputError,
      "SCHED_INPUT",
      "host",
    ],
    [
      "credit2 on xm",
      fourCores([], { toolstack: "xm", scheduler: "credit2" }),
      SchedulerInputError,
      "SCHED_INPUT",
      "host.scheduler",
    ],
    [
      "a pinning to a pCPU the host lacks",
      fourCores([{ name: "vm1", memoryMiB: 512, pinning: "7" }]),
      PinningError,
      "SCHED_PINNING",
      "domains[0].pinning",
    ],
    [
      "a pinning onto dom0's dedicated pCPU",
      fourCores([{ name: "vm1", memoryMiB: 512, pinning: "0-1" }], { dom0: { dedicatedPcpus: 1 } }),
      PinningError,
      "SCHED_PINNING",
      "domains[0].pinning",
    ],
    [
      "more pinning entries than vcpus",
      fourCores([{ name: "vm1", memoryMiB: 512, vcpus: 1, pinning: [0, 1] }]),
      PinningError,
      "SCHED_PINNING",
      "domains[0].pinning",
    ],
    [
      "a ratelimit longer than the timeslice",
      fourCores([], { pool: { tsliceMs: 1, ratelimitUs: 5000 } }),
      SchedulerInputError,
      "SCHED_INPUT",
      "host.pool.ratelimitUs",
    ],
  ];

  it.each(cases)("rejects %s with a typed error naming the place", (_, input, type, code, path) => {
    let caught: unknown;
    try {
      computeSchedulerPolicy(input as SchedulerInput);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(type);
    expect(caught).toMatchObject({ code, path });
    expect((caught as Error).message.startsWith(`${path}: `)).toBe(true);
    expect((caught as Error).message).toMatch(/accepted|booted|already used|no running/);
  });
});

describe("the field rules, end to end (policy → shares)", () => {
  const ramCases = fc.record({
    pcpus: fc.integer({ min: 1, max: 32 }),
    sizes: fc.array(fc.constantFrom(256, 512, 768, 1024, 1536, 2048, 3072, 4096, 8192, 16384), {
      minLength: 1,
      maxLength: 24,
    }),
    vcpuMode: fc.constantFrom("proportional" as const, "burst" as const),
    dom0Vcpus: fc.integer({ min: 1, max: 4 }),
  });

  it("gives every customer at least its share of the RAM in CPU under full contention (dom0 idle)", () => {
    fc.assert(
      fc.property(ramCases, ({ pcpus, sizes, vcpuMode, dom0Vcpus }) => {
        const policy = computeSchedulerPolicy({
          host: { pcpus, scheduler: "credit", vcpuMode, dom0: { vcpus: Math.min(dom0Vcpus, pcpus) } },
          domains: sizes.map((memoryMiB, index) => ({ name: `vm${String(index)}`, memoryMiB })),
        });
        const report = shareReport(policy, { demand: { "Domain-0": 0 } });
        const total = sizes.reduce((sum, size) => sum + size, 0);
        const customers = report.domains.filter((row) => row.role === "domU");
        const lightest = Math.min(...customers.map((row) => row.weight));
        customers.forEach((row, index) => {
          const fairByRam = (sizes[index]! / total) * pcpus * 100;
          // Xen weights are integers: RAM ÷ vcpus is rounded, by at most ½ per weight.
          const rounding = 0.5 / row.weight + 0.5 / lightest;
          expect(row.share).toBeGreaterThanOrEqual(fairByRam * (1 - rounding) - 1e-6);
        });
      }),
    );
  });

  it("a customer with 25% of the RAM gets at least 25% of the CPU the customers share, dom0 busy too", () => {
    const policy = computeSchedulerPolicy({
      host: { pcpus: 4, scheduler: "credit", dom0: { vcpus: 1 } },
      domains: [
        { name: "quarter", memoryMiB: 4096 },
        { name: "b", memoryMiB: 4096 },
        { name: "c", memoryMiB: 8192 },
      ],
    });
    const report = shareReport(policy);
    const dom0 = report.domains.find((row) => row.role === "dom0");
    const quarter = report.domains.find((row) => row.name === "quarter");
    const forCustomers = 400 - (dom0?.guaranteed ?? 0);
    expect(quarter?.guaranteed).toBeGreaterThanOrEqual(0.25 * forCustomers - 1e-9);
  });

  it("keeps dom0's share at weight 6000: never starved, whatever the customers do", () => {
    fc.assert(
      fc.property(ramCases, ({ pcpus, sizes, vcpuMode, dom0Vcpus }) => {
        const vcpus = Math.min(dom0Vcpus, pcpus);
        const policy = computeSchedulerPolicy({
          host: { pcpus, scheduler: "credit", vcpuMode, dom0: { vcpus } },
          domains: sizes.map((memoryMiB, index) => ({ name: `vm${String(index)}`, memoryMiB })),
        });
        const report = shareReport(policy);
        const dom0 = report.domains[0]!;
        const claims = report.domains.map((row) => row.weight * row.vcpus);
        const proportional = ((6000 * vcpus) / claims.reduce((sum, claim) => sum + claim, 0)) * pcpus * 100;
        expect(dom0.guaranteed).toBeGreaterThanOrEqual(Math.min(vcpus * 100, proportional) - 1e-6);
        expect(dom0.guaranteed).toBeGreaterThan(0);
      }),
    );
  });

  it("gives dom0 its whole dedicated pCPU under any load", () => {
    const policy = computeSchedulerPolicy(
      fourCores(
        [
          { name: "a", memoryMiB: 65536 },
          { name: "b", memoryMiB: 65536 },
        ],
        { dom0: { dedicatedPcpus: 1 } },
      ),
    );
    const report = shareReport(policy);
    expect(report.domains[0]).toMatchObject({ name: "Domain-0", guaranteed: 100, maximum: 100 });
    expect(report.domains.slice(1).reduce((sum, row) => sum + row.guaranteed, 0)).toBeCloseTo(300, 9);
  });
});

describe("computeSchedulerPolicy: a dom0 pCPU named by number", () => {
  it("reserves the listed pCPUs for dom0 and keeps the domUs on the others", () => {
    const policy = computeSchedulerPolicy(
      fourCores([{ name: "vm1", memoryMiB: 512, vcpus: 1 }], { dom0: { dedicatedPcpus: [3] } }),
    );
    expect(policy.dom0.pinning?.value).toEqual([[3]]);
    expect(policy.domains[0]?.pinning?.value).toEqual([[0, 1, 2]]);
    expect(policy.domUPcpus).toBe(3);
    expect(shareReport(policy).domains[0]).toMatchObject({ guaranteed: 100, maximum: 100 });
  });

  it("rejects a dedicated pCPU the host lacks", () => {
    expect(() => computeSchedulerPolicy(fourCores([], { dom0: { dedicatedPcpus: [4] } }))).toThrow(
      "host.dom0.dedicatedPcpus[0]: pCPU 4 does not exist; accepted: 0..3",
    );
  });
});

describe("computeSchedulerPolicy: warnings", () => {
  it("warns when dom0's per-vcpu weight could outweigh every customer", () => {
    const policy = computeSchedulerPolicy(fourCores([{ name: "vm1", memoryMiB: 2048 }]));
    expect(policy.warnings.join("\n")).toContain("with 4 vcpus it could take 92% of the host");
    expect(
      computeSchedulerPolicy(fourCores([{ name: "vm1", memoryMiB: 8192 }], { dom0: { vcpus: 1 } })).warnings,
    ).toEqual([]);
  });
});
