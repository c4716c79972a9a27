import { describe, expect, it } from "vitest";
import { fixture } from "../test/fixture.js";
import { XlOutputError } from "./errors.js";
import { parseSchedCredit, parseXmSchedCreditDict } from "./parse-sched-credit.js";

describe("parseSchedCredit", () => {
  it("reads xl sched-credit on Xen 4.17: pool parameters and every domain, long names too", () => {
    const listing = parseSchedCredit(fixture("xl-sched-credit-4.17.txt"));
    expect(listing.pools).toEqual([
      { name: "Pool-0", tsliceMs: 30, ratelimitUs: 1000, migrationDelayUs: 0, unavailable: false },
    ]);
    expect(listing.domains).toEqual([
      { name: "Domain-0", id: 0, weight: 256, cap: 0, pool: "Pool-0" },
      { name: "vm1", id: 1, weight: 256, cap: 0, pool: "Pool-0" },
      { name: "vm2", id: 2, weight: 512, cap: 50, pool: "Pool-0" },
      { name: "customer-with-a-rather-long-name.example.com", id: 3, weight: 128, cap: 0, pool: "Pool-0" },
    ]);
  });

  it("reads xl sched-credit2, whose pool line has only the rate limit", () => {
    const listing = parseSchedCredit(fixture("xl-sched-credit2-4.17.txt"), "xl sched-credit2");
    expect(listing.pools[0]).toMatchObject({ name: "Pool-0", tsliceMs: undefined, ratelimitUs: 1000 });
    expect(listing.domains).toHaveLength(4);
  });

  it("assigns domains to the cpupool they are listed under", () => {
    const listing = parseSchedCredit(fixture("xl-sched-credit-4.4-two-pools.txt"));
    expect(listing.pools.map((pool) => [pool.name, pool.tsliceMs, pool.ratelimitUs])).toEqual([
      ["Pool-0", 30, 1000],
      ["customers", 10, 500],
    ]);
    expect(listing.domains.map((domain) => [domain.name, domain.pool])).toEqual([
      ["Domain-0", "Pool-0"],
      ["vm1", "customers"],
    ]);
  });

  it("reads xm sched-credit (Xen 4.0), which has no pool lines", () => {
    const listing = parseSchedCredit(fixture("xm-sched-credit-4.0.txt"), "xm sched-credit");
    expect(listing.pools).toEqual([]);
    expect(listing.domains.map(({ name, id, weight, cap }) => ({ name, id, weight, cap }))).toEqual([
      { name: "Domain-0", id: 0, weight: 6000, cap: 0 },
      { name: "horatio", id: 16, weight: 512, cap: 0 },
    ]);
  });

  it("notes a pool whose parameters xl could not read", () => {
    const listing = parseSchedCredit("Cpupool Pool-0: [sched params unavailable]\nName ID Weight Cap\n");
    expect(listing.pools[0]?.unavailable).toBe(true);
  });

  it("reads nothing from empty output (no pool runs this scheduler)", () => {
    expect(parseSchedCredit("")).toEqual({ pools: [], domains: [] });
  });

  it.each([
    ["a row before the header", "Domain-0 0 256 0\n", 1],
    ["a row with a word for the weight", "Name ID Weight Cap\nDomain-0 0 heavy 0\n", 2],
    ["a pool parameter in another unit", "Cpupool Pool-0: tslice=30s\n", 1],
  ])("rejects %s with the line number", (_, text, line) => {
    expect(() => parseSchedCredit(text)).toThrow(XlOutputError);
    expect(() => parseSchedCredit(text)).toThrow(`xl sched-credit line ${String(line)}: expected`);
  });
});

describe("parseXmSchedCreditDict", () => {
  it("reads the dictionary old xm printed for one domain", () => {
    expect(parseXmSchedCreditDict("{'cap': 0, 'weight': 256}\n")).toEqual({ weight: 256, cap: 0 });
  });

  it("rejects anything else", () => {
    expect(() => parseXmSchedCreditDict("weight=256")).toThrow(XlOutputError);
  });
});
