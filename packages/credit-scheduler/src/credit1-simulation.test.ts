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

describe("where Credit1 departs from weighted max-min (sched/credit.c, csched_acct and csched_schedule)", () => {
  const run = (scenario: Credit1Scenario) =>
    simulateCredit1(scenario, { durationMs: 12_000, warmupMs: 1_500 }).shares;

  it("serves UNDER vcpus first-come in whole 30 ms slices, so a heavy vcpu overflows the 300 ceiling and is halved", () => {
    // One pCPU: d earns 188 credits a period, but waits behind whichever light vcpu
    // is UNDER; above 300 its credit is halved and it leaves the active set.
    const [a, b, c, d] = run({
      pcpus: 1,
      domains: [
        { name: "a", weight: 256, vcpus: 1 },
        { name: "b", weight: 256, vcpus: 1 },
        { name: "c", weight: 256, vcpus: 1 },
        { name: "d", weight: 1280, vcpus: 1 },
      ],
    });
    expect(d?.share).toBeLessThan(50); // the calculator: 62.5
    expect(d?.halvedAway).toBeGreaterThan(5);
    for (const light of [a, b, c]) expect(light?.share).toBeGreaterThan(15); // the calculator: 12.5
  });

  it("credits a partly busy domain by weight × active vcpus, not by use, and the unused credit is halved away", () => {
    // credit_peak is active vcpus × 300, so "partly" is credited as if busy; what it
    // does not burn goes to nobody, and the CPU it leaves is shared round-robin by
    // the OVER vcpus of "busy" and "light", whatever their weight.
    const [partly, busy, light] = run({
      pcpus: 2,
      domains: [
        { name: "partly", weight: 1000, vcpus: 2, demand: 60 },
        { name: "busy", weight: 1000, vcpus: 2 },
        { name: "light", weight: 100, vcpus: 1 },
      ],
    });
    expect(partly?.share).toBeCloseTo(60, 0);
    expect(partly?.halvedAway).toBeGreaterThan(20);
    expect(busy?.share).toBeLessThan(120); // the calculator: 133.3
    expect(light?.share).toBeGreaterThan(20); // the calculator: 6.7
  });

  it("parks a capped vcpu below −cap credits, so a capped domain gets what it earns by weight, not its cap", () => {
    const [capped, partly] = run({
      pcpus: 1,
      domains: [
        { name: "capped", weight: 256, vcpus: 1, cap: 80 },
        { name: "partly", weight: 1024, vcpus: 1, demand: 10 },
      ],
    });
    expect(capped?.share).toBeLessThan(70); // the calculator: 80 (the pCPU is otherwise idle)
    expect(capped?.parked).toBeGreaterThan(10);
    expect(partly?.share).toBeCloseTo(10, 0);
  });
});

/**
 * Convergence on random scenarios. Credit1 is not weighted max-min fairness (see the
 * tests above and docs/credit-scheduler.md), so where its accounting destroys credit
 * at the 300 ceiling, forgives debt at the −300 floor, or parks a capped domain, the
 * simulation departs from the calculator. Measured (the run is deterministic): 149 of
 * 200 hosts with every domain within 2 points of the host, 941 of 1012 domains (93%),
 * median worst 0.84, worst 15.1; every one of the 39 hosts where the accounting
 * bent nothing matches within 2 points.
 */
describe("Credit1 against the fair-share calculator, 200 random scenarios", () => {
  const random = seededRandom(2024);
  const results = Array.from({ length: 200 }, () => {
    const scenario = randomScenario(random);
    const simulated = simulateCredit1(scenario, { durationMs: 20_000, warmupMs: 2_000 }).shares;
    const calculated = fairShares(scenario.domains, { capacity: scenario.pcpus * 100 });
    const rows = scenario.domains.map((domain, index) => {
      const row = simulated[index];
      const share = row?.share ?? Number.NaN;
      const calc = calculated[index] ?? Number.NaN;
      return {
        limit: claimLimit(domain),
        simulated: share,
        calculated: calc,
        // Percentage points of the host.
        deviation: Math.abs(share - calc) / scenario.pcpus,
        parkedShort: (domain.cap ?? 0) > 0 && (row?.parked ?? 0) > 0 && share < calc - 2 * scenario.pcpus,
      };
    });
    // Credit the accounting destroyed or forgave, in points of the host.
    const bent = simulated.reduce((sum, row) => sum + row.halvedAway + row.debtForgiven, 0) / scenario.pcpus;
    return { rows, bent };
  });
  const domains = results.flatMap((host) => host.rows);
  const worstPerScenario = results
    .map((host) => Math.max(...host.rows.map((row) => row.deviation)))
    .sort((a, b) => a - b);

  it("never gives a domain more than its cap, its vcpus × 100 or its demand", () => {
    // Slack: caps are enforced in whole credits per 30 ms, and a burst of work can
    // straddle the start of the measured window.
    for (const row of domains) expect(row.simulated).toBeLessThanOrEqual(row.limit * 1.02 + 0.5);
  });

  it("matches every domain within 2 points on each host where the accounting bent nothing", () => {
    const intact = results.filter((host) => host.bent <= 2 && !host.rows.some((row) => row.parkedShort));
    expect(intact.length).toBeGreaterThanOrEqual(35);
    for (const host of intact) for (const row of host.rows) expect(row.deviation).toBeLessThanOrEqual(2);
  });

  it("lands 92% of domains, and every domain of 145 hosts, within 2 points of the host", () => {
    const within = domains.filter((row) => row.deviation <= 2).length;
    expect(within / domains.length).toBeGreaterThanOrEqual(0.92);
    expect(worstPerScenario.filter((worst) => worst <= 2).length).toBeGreaterThanOrEqual(145);
    expect(worstPerScenario[Math.floor(worstPerScenario.length / 2)]).toBeLessThanOrEqual(1);
    expect(worstPerScenario.at(-1)).toBeLessThan(16);
  });
});
