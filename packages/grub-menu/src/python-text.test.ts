import { describe, expect, it } from "vitest";
import {
  isPythonSpace,
  pythonInt,
  pythonSliceFrom,
  pythonSplit,
  pythonSplitWhitespace,
  pythonStrip,
} from "./python-text.js";

// Expected values are what CPython 3.11 (Debian 12) returns.

describe("isPythonSpace", () => {
  it.each([["\t"], ["\u000b"], ["\u001c"], ["\u001f"], ["\u0085"], ["\u00a0"], ["\u2028"], ["\u3000"]])(
    "counts %j as whitespace",
    (char) => {
      expect(isPythonSpace(char)).toBe(true);
    },
  );

  it.each([["\ufeff"], ["\u200b"], ["a"], ["\u0000"]])("does not count %j", (char) => {
    expect(isPythonSpace(char)).toBe(false);
  });
});

describe("pythonStrip", () => {
  it("strips Python's whitespace at both ends, not JavaScript's", () => {
    expect(pythonStrip("\u001f\t kernel /x \r\u3000")).toBe("kernel /x");
    expect(pythonStrip("\ufeffdefault=0")).toBe("\ufeffdefault=0");
  });
});

describe("pythonSplitWhitespace", () => {
  it.each([
    ["  a  b  c  ", -1, ["a", "b", "c"]],
    ["  a  b  c  ", 1, ["a", "b  c  "]],
    ["a", 1, ["a"]],
    ["", 1, []],
    ["   ", -1, []],
    ["a\u00a0b c", 1, ["a", "b c"]],
  ] as const)("splits %j with maxsplit %d", (text, max, expected) => {
    expect(pythonSplitWhitespace(text, max)).toEqual(expected);
  });
});

describe("pythonSplit", () => {
  it.each([
    ["a=b=c", 1, ["a", "b=c"]],
    ["a=b=c", 2, ["a", "b", "c"]],
    ["a=b=c=d", 2, ["a", "b", "c=d"]],
    ["abc", 1, ["abc"]],
    ["=", -1, ["", ""]],
  ] as const)("splits %j on = with maxsplit %d", (text, max, expected) => {
    expect(pythonSplit(text, "=", max)).toEqual(expected);
  });
});

describe("pythonInt", () => {
  it.each([
    ["0", 0],
    [" 1 ", 1],
    ["+1", 1],
    ["-0", 0],
    ["-3", -3],
    ["1_0", 10],
    ["007", 7],
    ["١٢", 12],
    ["𝟗", 9],
  ] as const)("reads %j as %d", (text, value) => {
    expect(pythonInt(text)).toBe(value);
  });

  it.each([["= 1"], [""], ["1__0"], ["_1"], ["1_"], ["0x1"], ["1.0"], ["saved"], ["1 # c"]])(
    "refuses %j",
    (text) => {
      expect(pythonInt(text)).toBeUndefined();
    },
  );
});

describe("pythonSliceFrom", () => {
  it("counts code points like Python", () => {
    expect(pythonSliceFrom("title😀x", 6)).toBe("x");
    expect(pythonSliceFrom("title x", 6)).toBe("x");
    expect(pythonSliceFrom("title", 6)).toBe("");
  });
});
