import { describe, expect, it } from "vitest";
import { credit1Departure, credit1ShortfallNote, credit1Shortfalls } from "../src/credit1-departure.js";

const row = { name: "d", calculated: 62.5, credit1: 45, halvedAway: 0, debtForgiven: 0, parked: 0 };

describe("credit1Departure", () => {
  it("stays quiet within 2 points of the host", () => {
    expect(credit1Departure({ ...row, credit1: 61 }, 1)).toBeUndefined();
    // 12 points of one pCPU are 1.5 points of an 8-pCPU host.
    expect(credit1Departure({ ...row, credit1: 50.5, halvedAway: 9 }, 8)).toBeUndefined();
  });

  it("names each mechanism that moved the domain's credit", () => {
    expect(credit1Departure({ ...row, halvedAway: 20.04, parked: 3 }, 1)).toBe(
      "d: ran 45.0% where the calculator says 62.5% (17.5 points of the host less): " +
        "halved 20.0% (its credit passed 300 while it waited); parked 3.0% (capped vcpus held below -cap credits)",
    );
    expect(credit1Departure({ ...row, credit1: 70, debtForgiven: 6 }, 2)).toBe(
      "d: ran 70.0% where the calculator says 62.5% (3.8 points of the host more): " +
        "forgiven 6.0% (debt below -300 written off)",
    );
  });

  it("falls back to the round-robin among vcpus out of credit when the accounting bent nothing", () => {
    expect(credit1Departure({ ...row, credit1: 30, calculated: 6.7 }, 2)).toMatch(
      /\(11\.7 points of the host more\): others left CPU unused and vcpus out of credit share it round-robin/,
    );
  });
});

describe("credit1Shortfalls", () => {
  it("keeps only domains more than 2 points of the host below their guarantee", () => {
    const rows = [
      { ...row, name: "short", calculated: 62.5, credit1: 45 }, // 17.5 points below
      { ...row, name: "over", calculated: 12.5, credit1: 30 }, // above: a guarantee is a floor
      { ...row, name: "edge", calculated: 40, credit1: 38 }, // exactly 2 points: noise
    ];
    expect(credit1Shortfalls(rows, 1)).toEqual([
      { name: "short", guaranteed: 62.5, credit1: 45, pointsOfHost: 17.5 },
    ]);
  });

  it("measures the shortfall in points of the whole host", () => {
    // 12 points of one pCPU: 3 points of a 4-pCPU host, 1.5 of an 8-pCPU one.
    const short = { ...row, calculated: 50, credit1: 38 };
    expect(credit1Shortfalls([short], 4)).toEqual([
      { name: "d", guaranteed: 50, credit1: 38, pointsOfHost: 3 },
    ]);
    expect(credit1Shortfalls([short], 8)).toEqual([]);
  });
});

describe("credit1ShortfallNote", () => {
  it("is one line naming every short domain with both numbers, pointing to sched simulate", () => {
    expect(
      credit1ShortfallNote([
        { name: "heavy", guaranteed: 62.5, credit1: 45.44, pointsOfHost: 17.06 },
        { name: "Domain-0", guaranteed: 945.3, credit1: 854.1, pointsOfHost: 5.7 },
      ]),
    ).toBe(
      "note: with every domain busy, Credit1 would run heavy at 45.4% where 62.5% is guaranteed " +
        "(17.1 points of the host short), Domain-0 at 854.1% where 945.3% is guaranteed " +
        "(5.7 points of the host short); `dom0kit sched simulate` shows which of Credit1's accounting rules cause it",
    );
  });

  it("says nothing when no domain is short", () => {
    expect(credit1ShortfallNote([])).toBeUndefined();
  });
});
