import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { oddMenuLst } from "../test/support/odd-menus.js";
import { GrubMenuSyntaxError } from "./errors.js";
import { renderMenuLstDocument } from "./menu-lst-document.js";
import { parseMenuLst } from "./parse-menu-lst.js";

const codes = (text: string) => parseMenuLst(text).diagnostics.map((d) => d.code);

describe("parseMenuLst", () => {
  it("reads the globals and entries pygrub reads", () => {
    const { menu } = parseMenuLst(
      "default=1\ntimeout=5\n\ntitle Debian\n  root (hd0,0)\n  kernel /vmlinuz root=/dev/xvda2 ro\n  initrd /initrd.img\ntitle Old\n  kernel (hd0,0)/vmlinuz.old\n",
    );
    expect(menu).toEqual({
      default: 1,
      timeout: "5",
      hasPassword: false,
      entries: [
        {
          title: "Debian",
          line: 4,
          root: { disk: 0, partition: 0 },
          kernel: { path: "/vmlinuz" },
          args: "root=/dev/xvda2 ro",
          initrd: { path: "/initrd.img" },
          modules: [],
        },
        {
          title: "Old",
          line: 8,
          kernel: { device: { disk: 0, partition: 0 }, path: "/vmlinuz.old" },
          modules: [],
        },
      ],
    });
  });

  it("keeps every line, so the text comes back byte for byte", () => {
    const text = "# head\r\ndefault 0\r\n\r\ntitle\tA\r\n\tkernel /a ro\r\n  # tail\r\n";
    const doc = parseMenuLst(text);
    expect(renderMenuLstDocument(doc)).toBe(text);
    expect(doc.lines.map((line) => line.kind)).toEqual([
      "comment",
      "directive",
      "blank",
      "title",
      "directive",
      "comment",
      "blank",
    ]);
    expect(doc.lines[4]).toMatchObject({ keyword: "kernel", value: "/a ro", entry: 0 });
  });

  it("round-trips every menu it accepts, whatever its spacing", () => {
    fc.assert(
      fc.property(oddMenuLst, (text) => {
        try {
          expect(renderMenuLstDocument(parseMenuLst(text))).toBe(text);
        } catch (error) {
          if (!(error instanceof GrubMenuSyntaxError)) throw error;
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ["default = 1\ntitle a\n kernel /a\ntitle b\n kernel /b\n", 0, "DEFAULT_NOT_A_NUMBER"],
    ["default 7\ntitle a\n kernel /a\n", 7, "DEFAULT_OUT_OF_RANGE"],
    ["default saved\ntitle a\n kernel /a\n", 0, undefined],
    ["default 1_0\ntitle a\n kernel /a\n", 10, "DEFAULT_OUT_OF_RANGE"],
  ] as const)("reads the default of %j as pygrub does", (text, index, code) => {
    const doc = parseMenuLst(text);
    expect(doc.menu.default).toBe(index);
    expect(doc.diagnostics.map((d) => d.code)).toEqual(code === undefined ? [] : [code]);
  });

  it("ignores a default written after the first title, as pygrub does", () => {
    const doc = parseMenuLst("title a\n kernel /a\ntitle b\n default 1\n kernel /b\n");
    expect(doc.menu.default).toBe(0);
    expect(doc.diagnostics).toMatchObject([{ code: "GLOBAL_AFTER_TITLE", line: 4, column: 2, entry: 1 }]);
  });

  it("reads a tab between kernel and arguments as one path", () => {
    const doc = parseMenuLst("title a\n\tkernel\t/vmlinuz\troot=/dev/xvda1\n");
    expect(doc.menu.entries[0]).toMatchObject({ kernel: { path: "/vmlinuz\troot=/dev/xvda1" } });
    expect(doc.menu.entries[0]?.args).toBeUndefined();
    expect(codes("title a\n\tkernel\t/vmlinuz\troot=/dev/xvda1\n")).toEqual(["TAB_BEFORE_ARGS"]);
  });

  it("passes a # after the kernel to the kernel", () => {
    const doc = parseMenuLst("title a\n kernel /vmlinuz ro # quiet\n");
    expect(doc.menu.entries[0]?.args).toBe("ro # quiet");
    expect(doc.diagnostics.map((d) => d.code)).toEqual(["INLINE_COMMENT"]);
  });

  it("drops the character after title, and a last entry without lines", () => {
    const doc = parseMenuLst("titleGlued\n kernel /a\ntitle empty\n");
    expect(doc.menu.entries.map((entry) => entry.title)).toEqual(["lued"]);
    expect(doc.diagnostics.map((d) => d.code)).toEqual(["GLUED_TITLE", "EMPTY_LAST_ENTRY"]);
  });

  it("keeps module lines in the model but warns that pygrub ignores them", () => {
    const doc = parseMenuLst(
      "title xen\n kernel /xen.gz dom0_mem=512M\n module /vmlinuz root=/dev/xvda1\n module /initrd\n",
    );
    expect(doc.menu.entries[0]?.modules).toEqual([
      { file: { path: "/vmlinuz" }, args: "root=/dev/xvda1" },
      { file: { path: "/initrd" }, args: "" },
    ]);
    expect(doc.menu.entries[0]?.initrd).toBeUndefined();
    expect(doc.diagnostics.map((d) => d.code)).toEqual(["IGNORED_BY_PYGRUB", "IGNORED_BY_PYGRUB"]);
  });

  it("warns about what would stop pygrub only when chosen", () => {
    expect(codes("title chain\n rootnoverify (hd0,1)\n chainloader +1\n")).toEqual([
      "IGNORED_BY_PYGRUB",
      "NO_KERNEL",
    ]);
    expect(codes("# nothing\n")).toEqual(["NO_ENTRIES"]);
    expect(codes("title a\n kernel boot/vmlinuz\n")).toEqual(["RELATIVE_PATH"]);
    expect(codes("title a\n kernel /a\n kernel /b\n")).toEqual(["REPEATED_DIRECTIVE"]);
    expect(codes("frobnicate 1\ntitle a\n kernel /a\n ro\n")).toEqual([
      "UNKNOWN_DIRECTIVE",
      "UNKNOWN_DIRECTIVE",
    ]);
  });

  it.each([
    ["title x\n    root=LABEL=PRGMRDISK1 ro\n", 2, 10, /not a disk pygrub can read/],
    ["title x\n  root (hd0,1,2)\n", 2, 8, /more than one comma/],
    ["title x\n  kernel (hd0,0/boot/vmlinuz\n", 2, 10, /never closes it/],
    ["default -1\ntitle x\n kernel /x\n", 1, 9, /negative/],
    ["splashimage (hd0,0/x.xpm.gz\n", 1, 13, /never closes it/],
    ["title x\n root\n", 2, 6, /not a disk/],
  ] as const)("throws where pygrub raises, with the position: %j", (text, line, column, message) => {
    let caught: unknown;
    try {
      parseMenuLst(text, { file: "menu.lst" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GrubMenuSyntaxError);
    expect(caught).toMatchObject({
      name: "GrubMenuSyntaxError",
      code: "GRUB_MENU_SYNTAX",
      file: "menu.lst",
      line,
      column,
    });
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).toMatch(new RegExp(`^menu\\.lst:${String(line)}:${String(column)}: `));
  });
});
