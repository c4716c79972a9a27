import { describe, expect, it } from "vitest";
import { credit1Departure } from "../src/credit1-departure.js";

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
