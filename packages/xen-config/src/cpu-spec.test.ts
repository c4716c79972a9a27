import { describe, expect, it } from "vitest";
import { cpusOf, parseCpuSpec, renderCpuSpec, XenCpuSpecError } from "./index.js";

describe("parseCpuSpec", () => {
  it.each([
    ["0-3,^1", 8, [0, 2, 3]],
    ["all", 4, [0, 1, 2, 3]],
    ["all,^0", 4, [1, 2, 3]],
    ["3", 8, [3]],
    ["0,,2", 4, [0, 2]],
    ["6-9", 8, [6, 7]],
    ["", 4, []],
  ])("%j on %d cpus selects %j", (text, cpus, expected) => {
    expect([...cpusOf(parseCpuSpec(text), { cpus })].sort((a, b) => a - b)).toEqual(expected);
  });

  it("reads NUMA nodes", () => {
    const topology = {
      cpus: 8,
      nodes: [
        [0, 1, 2, 3],
        [4, 5, 6, 7],
      ],
    };
    expect([...cpusOf(parseCpuSpec("nodes:1,^6"), topology)].sort()).toEqual([4, 5, 7]);
    expect([...cpusOf(parseCpuSpec("all,^node:0"), topology)].sort()).toEqual([4, 5, 6, 7]);
  });

  it.each(["^all", "3-1", "a", "1-", "-1", "0-3x", "1.5"])("rejects %j", (text) => {
    expect(() => parseCpuSpec(text)).toThrow(XenCpuSpecError);
  });

  it("writes items back", () => {
    expect(renderCpuSpec(parseCpuSpec("0-3,^1,nodes:2,all").items)).toBe("0-3,^1,nodes:2,all");
  });
});
