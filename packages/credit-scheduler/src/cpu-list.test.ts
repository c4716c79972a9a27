import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCpuList, parseCpuList, readCpuList, sameCpus } from "./cpu-list.js";
import { PinningError } from "./errors.js";

describe("readCpuList", () => {
  it.each([
    ["all", 4, [0, 1, 2, 3]],
    ["3", 4, [3]],
    ["0-3,^1", 8, [0, 2, 3]],
    ["all,^0", 4, [1, 2, 3]],
    ["^1,0-2", 4, [0, 1, 2]],
    ["4-5,0", 8, [0, 4, 5]],
    ["0-7,^2-5", 8, [0, 1, 6, 7]],
    [" 1 , 2 ", 4, [1, 2]],
    ["any cpu", 2, [0, 1]],
    ["none", 2, []],
  ])("reads %j on %i pCPUs", (text, pcpus, cpus) => {
    expect(readCpuList(text, pcpus)).toEqual({ ok: true, cpus });
  });

  it.each([
    ["", "empty CPU list"],
    ["x", "not a CPU or range"],
    ["3-1", "range ends before it starts"],
    ["8", "pCPU 8 does not exist; accepted: 0..7"],
    ["nodes:0", "NUMA node lists are not supported"],
    ["1,,2", "not a CPU or range"],
  ])("rejects %j", (text, problem) => {
    const result = readCpuList(text, 8);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.problem).toContain(problem);
  });

  it("throws a PinningError naming the input path", () => {
    expect(() => parseCpuList("9", 4, "domains[2].pinning")).toThrow(PinningError);
    expect(() => parseCpuList("9", 4, "domains[2].pinning")).toThrow("domains[2].pinning: ");
  });
});

describe("formatCpuList", () => {
  it("prints like xl vcpu-list: all, none, ranges", () => {
    expect(formatCpuList([0, 1, 2, 3], 4)).toBe("all");
    expect(formatCpuList([], 4)).toBe("none");
    expect(formatCpuList([5, 0, 1, 2, 3], 8)).toBe("0-3,5");
    expect(formatCpuList([1, 3], 4)).toBe("1,3");
  });

  it("round-trips through readCpuList", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.array(fc.nat(), { maxLength: 64 }), (pcpus, picks) => {
        const cpus = [...new Set(picks.map((pick) => pick % pcpus))].sort((a, b) => a - b);
        const text = formatCpuList(cpus, pcpus);
        expect(readCpuList(text, pcpus)).toEqual({ ok: true, cpus });
      }),
    );
  });
});

describe("sameCpus", () => {
  it("ignores order", () => {
    expect(sameCpus([2, 0], [0, 2])).toBe(true);
    expect(sameCpus([0], [0, 1])).toBe(false);
  });
});
