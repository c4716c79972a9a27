import { describe, expect, it } from "vitest";
import { parseXlConfig, xlNumber, xlString } from "./parse-xl-config.js";

describe("parseXlConfig", () => {
  it("reads strings, numbers and nested lists", () => {
    const result = parseXlConfig('name = "vm1"\nmemory = 0x200\nvcpus = 010\ndisk = [ "a", [ "b", ], ]\n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(xlString(result.settings.get("name"))).toBe("vm1");
    expect(xlNumber(result.settings.get("memory"))).toBe(512);
    expect(xlNumber(result.settings.get("vcpus"))).toBe(8);
    expect(result.settings.get("disk")).toEqual({
      kind: "list",
      items: [
        { kind: "string", value: "a" },
        { kind: "list", items: [{ kind: "string", value: "b" }] },
      ],
    });
  });

  it("appends with += and lets the last assignment win", () => {
    const result = parseXlConfig('extra = "a"\nextra += " b"\nmemory = 1\nmemory = 2\n');
    expect(result.ok && xlString(result.settings.get("extra"))).toBe("a b");
    expect(result.ok && xlNumber(result.settings.get("memory"))).toBe(2);
  });

  it("accepts comments and newlines inside lists and ; as a separator", () => {
    expect(parseXlConfig('vif = [ # comment\n "bridge=xenbr0",\n ]; name = "x"\n').ok).toBe(true);
  });

  it.each([
    ["a bare word", "type = pv\n"],
    ["a negative number", "memory = -1\n"],
    ["an upper-case key", 'Name = "x"\n'],
    ["two assignments on one line", 'a = "1" b = "2"\n'],
    ["an empty list element", "a = [1,,2]\n"],
    ["an unterminated string", 'name = "x\n'],
    ["CRLF line ends", 'name = "x"\r\n'],
    ["a comment without a final newline", 'name = "x"\n# end'],
  ])("rejects %s", (_what, text) => {
    const result = parseXlConfig(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/config parsing error near/);
  });
});
