import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { waterLevel } from "./water-level.js";
import {
  claimLimit,
  effectiveWeight,
  fairShares,
  type FairShareOptions,
  type ShareClaim,
} from "./fair-shares.js";

/** The water-filling most scripts would write: split, clamp whoever overflows, repeat. */
function iterativeWaterFilling(claims: readonly ShareClaim[], options: FairShareOptions): number[] {
  const shares = claims.map(() => 0);
  let open = claims.map((_, index) => index).filter((index) => claimLimit(claims[index]!) > 0);
  let remaining = options.capacity;
  while (open.length > 0 && remaining > 1e-12) {
    const weight = open.reduce((sum, index) => sum + effectiveWeight(claims[index]!, options.weighting), 0);
    const level = remaining / weight;
    const full = open.filter(
      (index) => claimLimit(claims[index]!) <= level * effectiveWeight(claims[index]!, options.weighting),
    );
    if (full.length === 0) {
      for (const index of open) shares[index] = level * effectiveWeight(claims[index]!, options.weighting);
      return shares;
    }
    for (const index of full) {
      shares[index] = claimLimit(claims[index]!);
      remaining -= shares[index];
    }
    open = open.filter((index) => !full.includes(index));
  }
  return shares;
}

const claim = fc.record(
  {
    weight: fc.integer({ min: 1, max: 65535 }),
    vcpus: fc.integer({ min: 1, max: 16 }),
    cap: fc.integer({ min: 0, max: 1600 }),
    demand: fc.integer({ min: 0, max: 1600 }),
  },
  { requiredKeys: ["weight", "vcpus"] },
);
const scenario = fc.record({
  claims: fc.array(claim, { minLength: 1, maxLength: 40 }),
  pcpus: fc.integer({ min: 1, max: 64 }),
  weighting: fc.constantFrom("per-vcpu" as const, "per-domain" as const),
});
const tolerance = 1e-6;

describe("fairShares", () => {
  it("splits one contended pCPU in proportion to weight", () => {
    const shares = fairShares(
      [
        { weight: 256, vcpus: 1 },
        { weight: 512, vcpus: 1 },
      ],
      { capacity: 100 },
    );
    expect(shares[0]).toBeCloseTo(100 / 3, 9);
    expect(shares[1]).toBeCloseTo(200 / 3, 9);
  });

  it("holds a domain at vcpus × 100 and gives the rest to the others", () => {
    const shares = fairShares(
      [
        { weight: 10000, vcpus: 1 },
        { weight: 100, vcpus: 2 },
      ],
      { capacity: 300, weighting: "per-domain" },
    );
    expect(shares).toEqual([100, 200]);
  });

  it("holds a capped domain at its cap even when the host is idle", () => {
    expect(fairShares([{ weight: 256, vcpus: 4, cap: 150 }], { capacity: 800 })).toEqual([150]);
  });

  it("gives everyone their demand when the host is not contended", () => {
    const shares = fairShares(
      [
        { weight: 256, vcpus: 2, demand: 30 },
        { weight: 256, vcpus: 2, demand: 120 },
      ],
      { capacity: 400 },
    );
    expect(shares).toEqual([30, 120]);
  });

  it("counts weight once per vcpu by default, as Xen does", () => {
    const claims = [
      { weight: 256, vcpus: 2 },
      { weight: 256, vcpus: 1 },
    ];
    expect(fairShares(claims, { capacity: 150 })).toEqual([100, 50]);
    expect(fairShares(claims, { capacity: 150, weighting: "per-domain" })).toEqual([75, 75]);
  });

  it("treats a zero demand as idle and a cap of 0 as no cap", () => {
    expect(
      fairShares(
        [
          { weight: 1, vcpus: 1, demand: 0 },
          { weight: 1, vcpus: 1, cap: 0 },
        ],
        { capacity: 100 },
      ),
    ).toEqual([0, 100]);
  });

  it("returns nothing for no domains", () => {
    expect(fairShares([], { capacity: 400 })).toEqual([]);
  });

  it("never hands out more than the host has", () => {
    fc.assert(
      fc.property(scenario, ({ claims, pcpus, weighting }) => {
        const shares = fairShares(claims, { capacity: pcpus * 100, weighting });
        const total = shares.reduce((sum, share) => sum + share, 0);
        expect(total).toBeLessThanOrEqual(pcpus * 100 + tolerance);
      }),
    );
  });

  it("never gives a domain more than its cap, its vcpus × 100 or its demand", () => {
    fc.assert(
      fc.property(scenario, ({ claims, pcpus, weighting }) => {
        fairShares(claims, { capacity: pcpus * 100, weighting }).forEach((share, index) => {
          const { cap, vcpus, demand } = claims[index]!;
          expect(share).toBeGreaterThanOrEqual(0);
          expect(share).toBeLessThanOrEqual(vcpus * 100 + tolerance);
          if (cap !== undefined && cap > 0) expect(share).toBeLessThanOrEqual(cap + tolerance);
          if (demand !== undefined) expect(share).toBeLessThanOrEqual(demand + tolerance);
        });
      }),
    );
  });

  it("is work-conserving: leaves CPU idle only when every domain has all it can use", () => {
    fc.assert(
      fc.property(scenario, ({ claims, pcpus, weighting }) => {
        const shares = fairShares(claims, { capacity: pcpus * 100, weighting });
        const used = shares.reduce((sum, share) => sum + share, 0);
        const wanted = claims.reduce((sum, each) => sum + claimLimit(each), 0);
        expect(used).toBeCloseTo(Math.min(pcpus * 100, wanted), 6);
      }),
    );
  });

  it("is proportional to weight when no cap, vcpu limit or demand binds", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 8 }),
        (weights, vcpus, pcpus) => {
          // Enough vcpus that nobody is held by them: each could use the whole host.
          const claims = weights.map((weight) => ({ weight, vcpus: vcpus * pcpus }));
          const shares = fairShares(claims, { capacity: pcpus * 100, weighting: "per-domain" });
          const total = weights.reduce((sum, weight) => sum + weight, 0);
          shares.forEach((share, index) => {
            const proportional = (pcpus * 100 * weights[index]!) / total;
            if (proportional <= vcpus * pcpus * 100) expect(share).toBeCloseTo(proportional, 6);
          });
        },
      ),
    );
  });

  it("is monotone in weight: more weight never means less CPU, and never more for the others", () => {
    fc.assert(
      fc.property(
        scenario,
        fc.nat(),
        fc.integer({ min: 1, max: 65535 }),
        ({ claims, pcpus, weighting }, pick, extra) => {
          const index = pick % claims.length;
          const before = fairShares(claims, { capacity: pcpus * 100, weighting });
          const heavier = claims.map((each, position) =>
            position === index ? { ...each, weight: each.weight + extra } : each,
          );
          const after = fairShares(heavier, { capacity: pcpus * 100, weighting });
          expect(after[index]).toBeGreaterThanOrEqual(before[index]! - tolerance);
          after.forEach((share, position) => {
            if (position !== index) expect(share).toBeLessThanOrEqual(before[position]! + tolerance);
          });
        },
      ),
    );
  });

  it("is max-min fair: every domain below its limit gets the highest share per unit of weight", () => {
    fc.assert(
      fc.property(scenario, ({ claims, pcpus, weighting }) => {
        const shares = fairShares(claims, { capacity: pcpus * 100, weighting });
        const normalised = shares.map((share, index) => share / effectiveWeight(claims[index]!, weighting));
        const highest = Math.max(0, ...normalised);
        shares.forEach((share, index) => {
          if (share < claimLimit(claims[index]!) - tolerance) {
            expect(normalised[index]).toBeCloseTo(highest, 6);
          }
        });
      }),
    );
  });

  it("agrees with the iterative water-filling it replaces", () => {
    fc.assert(
      fc.property(scenario, ({ claims, pcpus, weighting }) => {
        const options = { capacity: pcpus * 100, weighting };
        const fast = fairShares(claims, options);
        iterativeWaterFilling(claims, options).forEach((share, index) => {
          expect(fast[index]).toBeCloseTo(share, 6);
        });
      }),
    );
  });
});

describe("waterLevel", () => {
  it("finds the same level by selection and by the sorted scan it falls back to", () => {
    fc.assert(
      fc.property(scenario, ({ claims, pcpus, weighting }) => {
        const limits = Float64Array.from(claims, (each) => claimLimit(each));
        const weights = Float64Array.from(claims, (each) => effectiveWeight(each, weighting));
        const capacity = pcpus * 100;
        if (limits.reduce((sum, limit) => sum + limit, 0) <= capacity) return;
        const selected = waterLevel(limits, weights, capacity);
        for (const passLimit of [0, 1, 2]) {
          expect(waterLevel(limits, weights, capacity, passLimit)).toBeCloseTo(selected, 9);
        }
      }),
    );
  });

  it("handles many equal breakpoints", () => {
    const limits = new Float64Array(1000).fill(100);
    const weights = new Float64Array(1000).fill(1);
    expect(waterLevel(limits, weights, 500)).toBeCloseTo(0.5, 12);
  });
});
