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
