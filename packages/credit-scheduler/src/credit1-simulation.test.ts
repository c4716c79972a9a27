import { describe, expect, it } from "vitest";
import { randomScenario, seededRandom } from "../test/random-scenarios.js";
import { simulateCredit1, type Credit1Scenario } from "./credit1-simulation.js";
import { claimLimit, fairShares } from "./fair-shares.js";

const shares = (scenario: Credit1Scenario, options = {}): number[] =>
  simulateCredit1(scenario, { durationMs: 12_000, warmupMs: 1_500, ...options }).shares.map(
    (each) => each.share,
  );

describe("simulateCredit1", () => {
  it("splits one contended pCPU by weight", () => {
    const [light, heavy] = shares({
      pcpus: 1,
      domains: [
        { name: "light", weight: 256, vcpus: 1 },
        { name: "heavy", weight: 768, vcpus: 1 },
      ],
    });
    expect(light).toBeCloseTo(25, 0);
    expect(heavy).toBeCloseTo(75, 0);
  });

  it("holds a capped domain at its cap by parking it, even on an idle host", () => {
    for (const cap of [10, 33, 50, 90]) {
      expect(shares({ pcpus: 2, domains: [{ name: "capped", weight: 256, vcpus: 1, cap }] })[0]).toBeCloseTo(
        cap,
        0,
      );
    }
    expect(
      shares({ pcpus: 4, domains: [{ name: "capped", weight: 256, vcpus: 2, cap: 150 }] })[0],
    ).toBeCloseTo(150, 0);
  });

  it("gives a capped domain's unused share to the others (work-conserving apart from the cap)", () => {
    const [capped, other, third] = shares({
      pcpus: 2,
      domains: [
        { name: "capped", weight: 256, vcpus: 1, cap: 30 },
        { name: "b", weight: 256, vcpus: 1 },
        { name: "c", weight: 256, vcpus: 1 },
      ],
    });
    expect(capped).toBeCloseTo(30, 0);
    expect(other).toBeCloseTo(85, 0);
    expect(third).toBeCloseTo(85, 0);
  });

  it("lets a lone busy domain use every pCPU its vcpus can reach", () => {
    expect(shares({ pcpus: 4, domains: [{ name: "alone", weight: 1, vcpus: 3 }] })[0]).toBeCloseTo(300, 0);
    expect(shares({ pcpus: 2, domains: [{ name: "alone", weight: 1, vcpus: 4 }] })[0]).toBeCloseTo(200, 0);
  });

  it("gives a partly busy domain what it asks for when there is room", () => {
    const [partly, busy] = shares({
      pcpus: 2,
      domains: [
        { name: "partly", weight: 256, vcpus: 2, demand: 40 },
        { name: "busy", weight: 256, vcpus: 1 },
      ],
    });
    expect(partly).toBeCloseTo(40, 0);
    expect(busy).toBeCloseTo(100, 0);
  });

  it("counts weight per vcpu like Xen 4.x, or per domain like Xen 3.x when asked", () => {
    const scenario: Credit1Scenario = {
      pcpus: 1,
      domains: [
        { name: "two", weight: 256, vcpus: 2 },
        { name: "one", weight: 256, vcpus: 1 },
      ],
    };
    const [twoPerVcpu] = shares(scenario);
    const [twoPerDomain] = shares(scenario, { weighting: "per-domain" });
    expect(twoPerVcpu).toBeCloseTo(66.7, 0);
    expect(twoPerDomain).toBeCloseTo(50, 0);
  });

  it("keeps a vcpu on the pCPUs its affinity allows", () => {
    const [pinned, free] = shares({
      pcpus: 2,
      domains: [
        { name: "pinned", weight: 256, vcpus: 2, affinity: [[0], [0]] },
        { name: "free", weight: 256, vcpus: 1 },
      ],
    });
    expect(pinned).toBeCloseTo(100, 0);
    expect(free).toBeCloseTo(100, 0);
  });

  it("accounts every timeslice of a shorter pool tslice", () => {
    const result = simulateCredit1(
      { pcpus: 1, domains: [{ name: "a", weight: 256, vcpus: 1, cap: 50 }] },
      { durationMs: 3_000, warmupMs: 0, tsliceMs: 10 },
    );
    expect(result.periods).toBe(300);
    expect(result.shares[0]?.share).toBeCloseTo(50, 0);
  });

  it("reports nothing run for an idle domain and measures only after the warm-up", () => {
    const result = simulateCredit1(
      { pcpus: 1, domains: [{ name: "idle", weight: 256, vcpus: 1, demand: 0 }] },
      { durationMs: 1_000, warmupMs: 400 },
    );
    expect(result).toMatchObject({ measuredMs: 600, shares: [{ name: "idle", share: 0 }] });
  });
});

/**
 * Convergence on random scenarios. Xen's Credit1 is not exact weighted max-min
 * fairness: vcpus that spent their credit (OVER) share what is left round-robin,
 * whatever their weight, and a 30 ms timeslice spends 300 credits at once. So the
 * check is statistical. Measured when this was written (the run is deterministic;
 * see docs/credit-scheduler.md): 942 of 1012 domains (93%) within 2 points of the
 * host, 150 of 200 hosts entirely within 2 points, median worst 0.94, worst 14.7.
 */
describe("Credit1 against the fair-share calculator, 200 random scenarios", () => {
  const random = seededRandom(2024);
  const results = Array.from({ length: 200 }, () => {
    const scenario = randomScenario(random);
    const simulated = simulateCredit1(scenario, { durationMs: 20_000, warmupMs: 2_000 }).shares;
    const calculated = fairShares(scenario.domains, { capacity: scenario.pcpus * 100 });
    return scenario.domains.map((domain, index) => ({
      limit: claimLimit(domain),
      simulated: simulated[index]?.share ?? Number.NaN,
      calculated: calculated[index] ?? Number.NaN,
      // Percentage points of the host.
      deviation:
        Math.abs((simulated[index]?.share ?? Number.NaN) - (calculated[index] ?? Number.NaN)) /
        scenario.pcpus,
    }));
  });
  const domains = results.flat();
  const worstPerScenario = results
    .map((rows) => Math.max(...rows.map((row) => row.deviation)))
    .sort((a, b) => a - b);

  it("never gives a domain more than its cap, its vcpus × 100 or its demand", () => {
    // Slack: caps are enforced in whole credits per 30 ms, and a burst of work can
    // straddle the start of the measured window.
    for (const row of domains) expect(row.simulated).toBeLessThanOrEqual(row.limit * 1.02 + 0.5);
  });

  it("lands most domains within 2 points of the host of the calculator", () => {
    const within = domains.filter((row) => row.deviation <= 2).length;
    expect(within / domains.length).toBeGreaterThanOrEqual(0.9);
  });

  it("matches every domain within 2 points in most scenarios, and half of them within 1", () => {
    const allWithin = worstPerScenario.filter((worst) => worst <= 2).length;
    expect(allWithin).toBeGreaterThanOrEqual(140);
    expect(worstPerScenario[Math.floor(worstPerScenario.length / 2)]).toBeLessThanOrEqual(1.25);
  });

  it("is never further off than Credit1's round-robin among OVER vcpus can explain", () => {
    expect(worstPerScenario.at(-1)).toBeLessThan(20);
  });
});
