import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { menuArbitrary } from "../test/support/arbitraries.js";
import type { BootEntry } from "./boot-entry.js";
import { defineBootEntry } from "./define-menu.js";
import {
  insertMenuLstEntry,
  removeMenuLstEntry,
  replaceMenuLstEntry,
  setMenuLstDefault,
  setMenuLstTimeout,
  updateMenuLst,
} from "./edit-menu-lst.js";
import { renderMenuLstDocument } from "./menu-lst-document.js";
import { parseMenuLst } from "./parse-menu-lst.js";
import type { ParsedMenu } from "./parsed-menu.js";
import { renderMenuLst } from "./render-menu-lst.js";

const CUSTOMER = `# My own menu -- do not lose this comment
default 0
timeout 5
color cyan/blue white/blue

# the kernel I built myself
title Custom 6.6
\troot (hd0,0)
\tkernel /boot/vmlinuz-6.6-custom root=/dev/xvda2 ro
\t# needs the initrd since 6.5
\tinitrd /boot/initrd-6.6-custom
\tsavedefault

title Debian 6.1
\troot (hd0,0)
\tkernel /boot/vmlinuz-6.1 root=/dev/xvda2 ro
\tinitrd /boot/initrd-6.1
`;

const debian61 = defineBootEntry({
  title: "Debian 6.1",
  root: "(hd0,0)",
  kernel: "/boot/vmlinuz-6.1",
  args: "root=/dev/xvda2 ro",
  initrd: "/boot/initrd-6.1",
});

function asEntries(menu: ParsedMenu): BootEntry[] {
  return menu.entries.map(({ line: _line, ...entry }) => ({ ...entry, args: entry.args ?? "" }) as BootEntry);
}

describe("setMenuLstDefault and setMenuLstTimeout", () => {
  it("edit the line in place, keeping its spelling and everything else", () => {
    const doc = setMenuLstTimeout(setMenuLstDefault(parseMenuLst(CUSTOMER), 1), 10);
    expect(renderMenuLstDocument(doc)).toBe(
      CUSTOMER.replace("default 0", "default=1").replace("timeout 5", "timeout=10"),
    );
    expect(doc.menu.default).toBe(1);
  });

  it("add a default line before the first title when there is none", () => {
    const doc = setMenuLstDefault(parseMenuLst("# header\ntitle a\n kernel /a\ntitle b\n kernel /b\n"), 1);
    expect(renderMenuLstDocument(doc)).toBe(
      "# header\ndefault=1\ntitle a\n kernel /a\ntitle b\n kernel /b\n",
    );
  });

  it("refuse a default that is not an entry", () => {
    expect(() => setMenuLstDefault(parseMenuLst(CUSTOMER), 2)).toThrow(
      expect.objectContaining({ code: "GRUB_MENU_DEFAULT_OUT_OF_RANGE" }),
    );
  });

  it("keep CRLF line ends", () => {
    const doc = setMenuLstTimeout(parseMenuLst("timeout 5\r\ntitle a\r\n kernel /a\r\n"), 1);
    expect(renderMenuLstDocument(doc)).toBe("timeout=1\r\ntitle a\r\n kernel /a\r\n");
  });
});

describe("replaceMenuLstEntry", () => {
  it("changes only the lines whose meaning changes", () => {
    const doc = parseMenuLst(CUSTOMER);
    const edited = replaceMenuLstEntry(doc, 1, { ...debian61, args: "root=/dev/xvda2 ro quiet" });
    expect(renderMenuLstDocument(edited)).toBe(
      CUSTOMER.replace("vmlinuz-6.1 root=/dev/xvda2 ro\n", "vmlinuz-6.1 root=/dev/xvda2 ro quiet\n"),
    );
  });

  it("keeps comments and unknown lines inside the entry, and adds and drops lines in order", () => {
    const edited = replaceMenuLstEntry(parseMenuLst(CUSTOMER), 0, {
      title: "Custom 6.7",
      kernel: { path: "/boot/vmlinuz-6.7-custom" },
      args: "root=/dev/xvda2 ro",
      modules: [{ file: { path: "/boot/extra.gz" }, args: "" }],
    });
    expect(renderMenuLstDocument(edited)).toContain(
      "# the kernel I built myself\ntitle Custom 6.7\n\tkernel /boot/vmlinuz-6.7-custom root=/dev/xvda2 ro\n\tmodule /boot/extra.gz\n\t# needs the initrd since 6.5\n\tsavedefault\n",
    );
    expect(edited.menu.entries[0]).toMatchObject({
      title: "Custom 6.7",
      kernel: { path: "/boot/vmlinuz-6.7-custom" },
    });
    expect(edited.menu.entries[0]?.root).toBeUndefined();
    expect(edited.menu.entries[0]?.initrd).toBeUndefined();
  });

  it("checks the new entry", () => {
    expect(() => replaceMenuLstEntry(parseMenuLst(CUSTOMER), 0, { ...debian61, title: "a\nb" })).toThrow(
      /newline/,
    );
    expect(() => replaceMenuLstEntry(parseMenuLst(CUSTOMER), 5, debian61)).toThrow(/no entry 5/);
  });
});

describe("insertMenuLstEntry and removeMenuLstEntry", () => {
  const rescue = defineBootEntry({
    title: "rescue-disk",
    root: "(hd0,0)",
    kernel: "/boot/vmlinuz-6.1",
    args: "root=LABEL=RESCUE ro",
  });

  it("insert before an entry and its comments, keeping the default on the same kernel", () => {
    const doc = setMenuLstDefault(parseMenuLst(CUSTOMER), 1);
    const edited = insertMenuLstEntry(doc, 0, rescue);
    expect(edited.menu.entries.map((entry) => entry.title)).toEqual([
      "rescue-disk",
      "Custom 6.6",
      "Debian 6.1",
    ]);
    expect(edited.menu.default).toBe(2);
    expect(renderMenuLstDocument(edited)).toContain(
      "color cyan/blue white/blue\n\ntitle rescue-disk\n\troot (hd0,0)\n\tkernel /boot/vmlinuz-6.1 root=LABEL=RESCUE ro\n\n# the kernel I built myself\ntitle Custom 6.6\n",
    );
  });

  it("append at the end, keeping the final newline", () => {
    const edited = insertMenuLstEntry(parseMenuLst(CUSTOMER), 2, rescue);
    expect(renderMenuLstDocument(edited)).toBe(
      `${CUSTOMER}\ntitle rescue-disk\n\troot (hd0,0)\n\tkernel /boot/vmlinuz-6.1 root=LABEL=RESCUE ro\n`,
    );
  });

  it("remove an entry with the comments just above it", () => {
    const edited = removeMenuLstEntry(parseMenuLst(CUSTOMER), 0);
    expect(renderMenuLstDocument(edited)).not.toContain("built myself");
    expect(renderMenuLstDocument(edited)).toContain("# My own menu -- do not lose this comment");
    expect(edited.menu.entries.map((entry) => entry.title)).toEqual(["Debian 6.1"]);
    const last = removeMenuLstEntry(parseMenuLst(CUSTOMER), 1);
    expect(renderMenuLstDocument(last).endsWith("\tsavedefault\n")).toBe(true);
  });

  it("refuse to remove the only entry", () => {
    expect(() => removeMenuLstEntry(parseMenuLst("title a\n kernel /a\n"), 0)).toThrow(/only entry/);
  });
});

describe("updateMenuLst", () => {
  it("returns the same text for the menu the document already means", () => {
    const doc = parseMenuLst(CUSTOMER);
    const same = { default: 0, timeout: 5, entries: asEntries(doc.menu) };
    expect(renderMenuLstDocument(updateMenuLst(doc, same))).toBe(CUSTOMER);
  });

  it("rewrites a default pygrub cannot read even when it means the same", () => {
    const doc = parseMenuLst("default = 1\ntitle a\n kernel /a\n");
    expect(
      renderMenuLstDocument(updateMenuLst(doc, { default: 0, timeout: 5, entries: asEntries(doc.menu) })),
    ).toBe("default=0\ntimeout=5\ntitle a\n kernel /a\n");
  });

  it("turns any rendered menu into any other, keeping the comments of kept entries", () => {
    fc.assert(
      fc.property(menuArbitrary("menu.lst"), menuArbitrary("menu.lst"), (from, to) => {
        const doc = parseMenuLst(renderMenuLst(from, { comment: "keep me" }));
        const updated = updateMenuLst(doc, to);
        expect(updated.menu.default).toBe(to.default);
        expect(updated.menu.timeout).toBe(String(to.timeout));
        expect(asEntries(updated.menu)).toEqual(to.entries);
        expect(renderMenuLstDocument(updated).startsWith("# keep me\n")).toBe(true);
        expect(
          updated.diagnostics.filter((d) => d.code !== "IGNORED_BY_PYGRUB" && d.code !== "INLINE_COMMENT"),
        ).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
