import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assignMinors,
  formatClassId,
  MAX_DOMAINS_PER_INTERFACE,
  parseClassId,
  preferredMinor,
} from "./class-id.js";

describe("formatClassId / parseClassId", () => {
  it.each([
    [0xd0, 0x2a, "d0:2a"],
    [0xd0, 0, "d0:"],
    [1, 0xffff, "1:ffff"],
  ])("prints %d:%d as %j, as tc does", (major, minor, text) => {
    expect(formatClassId(major, minor)).toBe(text);
    expect(parseClassId(text)).toEqual({ major, minor });
  });

  it("reads iptables-save's zero-padded form and tc's special words", () => {
    expect(parseClassId("00d0:002a")).toEqual({ major: 0xd0, minor: 0x2a });
    expect(parseClassId(":2a")).toEqual({ major: 0, minor: 0x2a });
    expect(parseClassId("root")).toBe("root");
    expect(parseClassId("10000:1")).toBeUndefined();
    expect(parseClassId("d0")).toBeUndefined();
  });
});

describe("parseClassId against the pattern it implements", () => {
  /** The definition: hex digits, a colon, hex digits; either side may be empty (0); each ≤ ffff. */
  function byPattern(text: string): { major: number; minor: number } | undefined {
    const match = /^([0-9a-fA-F]*):([0-9a-fA-F]*)$/u.exec(text);
    if (match === null) return undefined;
    const major = match[1] === "" ? 0 : Number.parseInt(match[1] ?? "", 16);
    const minor = match[2] === "" ? 0 : Number.parseInt(match[2] ?? "", 16);
    return major > 0xffff || minor > 0xffff ? undefined : { major, minor };
  }

  it("agrees on every string of hex digits, colons and a few others", () => {
    const characters = fc.constantFrom(..."0123456789abcdefABCDEFgG: x-");
    fc.assert(
      fc.property(fc.string({ unit: characters, maxLength: 12 }), (text) => {
        fc.pre(text !== "root" && text !== "none");
        expect(parseClassId(text)).toEqual(byPattern(text));
      }),
      { numRuns: 5000 },
    );
  });
});

describe("preferredMinor", () => {
  it("is FNV-1a of the name's UTF-8 bytes, folded into 2…fffe — fixed forever, or re-planning would move every class", () => {
    // Values computed independently (Python: FNV-1a 32 over name.encode(), 2 + hash % 65533).
    expect(preferredMinor("vm1")).toBe(0x8700);
    expect(preferredMinor("web-01.example.com")).toBe(0x16c4);
    expect(preferredMinor("kunde-ø-7")).toBe(0xb429);
    expect(preferredMinor("日本")).toBe(0xcbcb);
  });
});

describe("assignMinors", () => {
  it("gives each name the same id whatever else is in the inventory", () => {
    const alone = assignMinors([{ name: "vm1" }]);
    const withOthers = assignMinors([{ name: "vm1" }, { name: "vm2" }, { name: "vm3" }]);
    expect(withOthers[0]).toBe(alone[0]);
    expect(alone[0]).toBe(preferredMinor("vm1"));
  });

  it("never moves an existing domain when one is appended", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 200 }),
        fc.string({ minLength: 1 }),
        (names, extra) => {
          fc.pre(!names.includes(extra));
          const before = assignMinors(names.map((name) => ({ name })));
          const after = assignMinors([...names, extra].map((name) => ({ name })));
          expect(after.slice(0, names.length)).toEqual(before);
        },
      ),
    );
  });

  it("keeps ids unique, in 2 … 0xfffe, and honours pinned ids", () => {
    const names = Array.from({ length: 5000 }, (_, index) => ({ name: `domain-${String(index)}` }));
    const pinnedName = { name: "pinned", pinned: preferredMinor("domain-7") };
    const minors = assignMinors([pinnedName, ...names]);
    expect(new Set(minors).size).toBe(minors.length);
    expect(minors[0]).toBe(preferredMinor("domain-7"));
    expect(minors.every((minor) => minor >= 2 && minor <= 0xfffe)).toBe(true);
  });

  it("fills every id when the interface is full", () => {
    const names = Array.from({ length: MAX_DOMAINS_PER_INTERFACE }, (_, index) => ({
      name: `d${String(index)}`,
    }));
    const minors = assignMinors(names);
    expect(new Set(minors).size).toBe(MAX_DOMAINS_PER_INTERFACE);
  });
});
