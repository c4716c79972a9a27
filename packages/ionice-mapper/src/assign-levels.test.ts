import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignIoLevels, ordinal } from "./assign-levels.js";
import { parseIoPolicy, type IoPolicyInput } from "./policy.js";

function levels(input: IoPolicyInput): Record<string, string> {
  const assignment = assignIoLevels(parseIoPolicy(input));
  return Object.fromEntries(
    assignment.domains.map((domain) => [
      domain.name,
      domain.priority.ioClass === "best-effort"
        ? String(domain.priority.level)
        : `${domain.priority.ioClass}/${String(domain.priority.level)}`,
    ]),
  );
}

const domain = (name: string, allocation: number) => ({ name, allocation });

describe("assignIoLevels", () => {
  it("gives the largest allocation level 0 and the next ones 1, 2, …", () => {
    expect(levels({ domains: [domain("small", 256), domain("big", 4096), domain("mid", 1024)] })).toEqual({
      small: "2",
      big: "0",
      mid: "1",
    });
  });

  it("starts at the configured level (the field's 'highest gets 1')", () => {
    expect(levels({ startLevel: 1, domains: [domain("a", 3), domain("b", 2), domain("c", 1)] })).toEqual({
      a: "1",
      b: "2",
      c: "3",
    });
  });

  it("gives equal allocations equal levels and does not skip a level after a tie", () => {
    expect(
      levels({ domains: [domain("a", 512), domain("b", 512), domain("c", 256), domain("d", 1024)] }),
    ).toEqual({ d: "0", a: "1", b: "1", c: "2" });
  });

  it("explains a rank and names the domains it ties with", () => {
    const assignment = assignIoLevels(
      parseIoPolicy({ domains: [domain("a", 512), domain("b", 512), domain("c", 1024)] }),
    );
    expect(assignment.spread).toBe("rank");
    expect(assignment.domains.map((each) => each.explanation)).toEqual([
      "allocation 512 ranks 2nd of 2, equal to b → level 1",
      "allocation 512 ranks 2nd of 2, equal to a → level 1",
      "allocation 1024 is the largest of 2 → level 0",
    ]);
  });

  it("spreads more than 8 distinct allocations over 0..7 by quantile, using every level", () => {
    const domains = Array.from({ length: 20 }, (_, index) => domain(`vm${String(index)}`, 1000 - index * 10));
    const assignment = assignIoLevels(parseIoPolicy({ domains }));
    expect(assignment.spread).toBe("quantile");
    expect(assignment.domains.map((each) => each.priority.level)).toEqual([
      0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6, 6, 7, 7,
    ]);
    expect(assignment.domains[4]?.explanation).toBe(
      "allocation 960 ranks 5th of 20; 20 allocations share 8 levels (0–7) by quantile, " +
        "so ranks 4–5 (allocations 970–960) take level 1",
    );
  });

  it("spreads over a narrower range between startLevel and endLevel", () => {
    const domains = Array.from({ length: 6 }, (_, index) => domain(`vm${String(index)}`, 60 - index));
    expect(Object.values(levels({ startLevel: 2, endLevel: 4, domains }))).toEqual([
      "2",
      "2",
      "3",
      "3",
      "4",
      "4",
    ]);
  });

  it("keeps fixed levels, idle on request and forced realtime out of the ranking", () => {
    expect(
      levels({
        allowRealtime: true,
        domains: [
          domain("a", 100),
          { name: "pinned", allocation: 1, level: 3 },
          { name: "batch", allocation: 9999, ioClass: "idle" },
          { name: "db", allocation: 5, ioClass: "realtime", level: 4 },
          domain("b", 50),
        ],
      }),
    ).toEqual({ a: "0", pinned: "3", batch: "idle/0", db: "realtime/4", b: "1" });
  });

  it("puts housekeeping at level 7 by default and warns when a configured level outranks a domain", () => {
    const quiet = assignIoLevels(parseIoPolicy({ domains: [domain("a", 2), domain("b", 1)] }));
    expect(quiet.housekeeping.priority).toEqual({ ioClass: "best-effort", level: 7 });
    expect(quiet.warnings).toEqual([]);

    const loud = assignIoLevels(
      parseIoPolicy({
        domains: [domain("a", 3), domain("b", 2), domain("c", 1)],
        housekeeping: { level: 1 },
      }),
    );
    expect(loud.warnings).toEqual([
      "housekeeping (be/1) outranks c (be/2): backups will take disk time before these domains; " +
        "lower housekeeping to 7 or the idle class, or raise endLevel",
    ]);
  });

  it("can put housekeeping in the idle class", () => {
    const assignment = assignIoLevels(
      parseIoPolicy({ domains: [], housekeeping: { ioClass: "idle", processNames: ["rsync"] } }),
    );
    expect(assignment.housekeeping).toMatchObject({
      priority: { ioClass: "idle", level: 0 },
      processNames: ["rsync"],
    });
  });

  it("keeps order, equality and the level range for any allocations (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 7 }),
        (allocations, a, b) => {
          const [startLevel, endLevel] = a <= b ? [a, b] : [b, a];
          const domains = allocations.map((allocation, index) => domain(`d${String(index)}`, allocation));
          const assigned = assignIoLevels(parseIoPolicy({ domains, startLevel, endLevel })).domains;
          for (const x of assigned) {
            expect(x.priority.level).toBeGreaterThanOrEqual(startLevel);
            expect(x.priority.level).toBeLessThanOrEqual(endLevel);
            for (const y of assigned) {
              if (x.allocation === y.allocation) expect(x.priority.level).toBe(y.priority.level);
              if (x.allocation > y.allocation) expect(x.priority.level).toBeLessThanOrEqual(y.priority.level);
            }
          }
          const largest = Math.max(...allocations);
          expect(assigned.find((each) => each.allocation === largest)?.priority.level).toBe(startLevel);
          const used = new Set(assigned.map((each) => each.priority.level));
          expect(used.size).toBe(Math.min(new Set(allocations).size, endLevel - startLevel + 1));
        },
      ),
    );
  });
});

describe("ordinal", () => {
  it.each([
    [1, "1st"],
    [2, "2nd"],
    [3, "3rd"],
    [4, "4th"],
    [11, "11th"],
    [12, "12th"],
    [13, "13th"],
    [21, "21st"],
    [112, "112th"],
  ])("writes %i as %s", (value, text) => {
    expect(ordinal(value)).toBe(text);
  });
});
