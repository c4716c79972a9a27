import { describe, expect, it } from "vitest";
import { formatCpuMap, normalizeAffinity, parseCpuRange } from "./cpu-map.js";

describe("formatCpuMap", () => {
  it.each([
    [[0, 1, 2, 3], 4, "all"],
    [[], 4, "none"],
    [[0, 1, 2, 5], 8, "0-2,5"],
    [[1, 2, 3], 4, "1-3"],
    [[3], 4, "3"],
    [[0, 2], 4, "0,2"],
  ])("prints %j of %i CPUs as %s (xl's print_bitmap)", (cpus, count, text) => {
    expect(formatCpuMap(new Set(cpus), count)).toBe(text);
  });
});

describe("parseCpuRange", () => {
  it("reads ranges, exclusions and all", () => {
    const parsed = parseCpuRange("0-3,^1", 8);
    expect(parsed.ok && [...parsed.cpus].sort()).toEqual([0, 2, 3]);
  });

  it("rejects ^all and nonsense with xl's messages", () => {
    expect(parseCpuRange("^all", 4)).toEqual({ ok: false, message: 'Can\'t combine "^" and "all".' });
    expect(parseCpuRange("x", 4)).toEqual({ ok: false, message: "Invalid pcpu range: x." });
  });

  it("normalises an affinity to what xl prints", () => {
    expect(normalizeAffinity("0-3", 4)).toBe("all");
    expect(normalizeAffinity("nodes:0", 2)).toBe("all");
    expect(normalizeAffinity("1,0", 8)).toBe("0-1");
  });
});
