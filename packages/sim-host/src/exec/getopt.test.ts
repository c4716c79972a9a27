import { describe, expect, it } from "vitest";
import { getopt, hasOption, optionValue } from "./getopt.js";

describe("getopt", () => {
  it("reads clustered flags and attached values", () => {
    const parsed = getopt(["-lv", "-w512", "vm1"], "lvw:");
    expect(parsed.options).toEqual([{ name: "l" }, { name: "v" }, { name: "w", value: "512" }]);
    expect(parsed.operands).toEqual(["vm1"]);
  });

  it("permutes operands after options, as GNU getopt does", () => {
    const parsed = getopt(["vm1", "-d", "x", "file"], "d:");
    expect(parsed.operands).toEqual(["vm1", "file"]);
    expect(optionValue(parsed, "d")).toBe("x");
  });

  it("stops at the first operand with a leading +", () => {
    const parsed = getopt(["-c3", "dd", "-x"], "+c:");
    expect(parsed.operands).toEqual(["dd", "-x"]);
  });

  it("accepts long options with = or a separate value, and unambiguous prefixes", () => {
    const longs = { weight: [true, "w"], domain: [true, "d"], long: [false, "l"] } as const;
    const parsed = getopt(["--weight=512", "--dom", "vm1", "--lo"], "w:d:l", longs);
    expect(optionValue(parsed, "w")).toBe("512");
    expect(optionValue(parsed, "d")).toBe("vm1");
    expect(hasOption(parsed, "l")).toBe(true);
  });

  it("reports an unknown option and a missing value", () => {
    expect(getopt(["-x"], "a").error).toEqual({ kind: "unknown", option: "x" });
    expect(getopt(["-d"], "d:").error).toEqual({ kind: "missing-value", option: "d" });
  });

  it("treats everything after -- as operands", () => {
    expect(getopt(["--", "-l"], "l").operands).toEqual(["-l"]);
  });
});
