import { describe, expect, it } from "vitest";
import { GrubMenuSyntaxError } from "./errors.js";
import { parseGrubCfg } from "./parse-grub-cfg.js";

describe("parseGrubCfg", () => {
  it("reads menuentries, set default and set timeout as pygrub does", () => {
    const { menu, diagnostics } = parseGrubCfg(
      "set default='1'\nset timeout=3\nmenuentry 'A' --class os {\n\tset root='hd0,msdos1'\n\tinsmod ext2\n\tlinux /vmlinuz ro quiet\n\tinitrd /initrd.img\n}\nmenuentry \"B\" {\n  linux16 (hd1,gpt2)/vmlinuz\n}\n",
    );
    expect(diagnostics).toEqual([]);
    expect(menu).toEqual({
      default: 1,
      timeout: "3",
      hasPassword: false,
      entries: [
        {
          title: "A",
          line: 3,
          root: { disk: 0, partition: 0 },
          kernel: { path: "/vmlinuz" },
          args: "ro quiet",
          initrd: { path: "/initrd.img" },
          modules: [],
        },
        { title: "B", line: 9, kernel: { device: { disk: 1, partition: 1 }, path: "/vmlinuz" }, modules: [] },
      ],
    });
  });

  it("ends a title at the first quote followed by a space", () => {
    expect(parseGrubCfg("menuentry 'Rock 'n' roll' {\n linux /a\n}\n").menu.entries[0]?.title).toBe(
      "Rock 'n",
    );
  });

  it("reads a title or saved_entry as default 0, as pygrub 4.17 does", () => {
    for (const value of ['"Debian"', '"${saved_entry}"', "${next_entry}"]) {
      const doc = parseGrubCfg(
        `set default=${value}\nmenuentry 'a' {\n linux /a\n}\nmenuentry 'Debian' {\n linux /b\n}\n`,
      );
      expect(doc.menu.default).toBe(0);
      expect(doc.diagnostics.map((d) => d.code)).toContain("DEFAULT_NOT_A_NUMBER");
    }
  });

  it("skips function bodies and flattens submenus", () => {
    const doc = parseGrubCfg(
      "function load_video {\n  set x=a=b\n}\nsubmenu 'Advanced' {\n  menuentry 'Inner' {\n    linux /inner\n  }\n}\nmenuentry 'Outer' {\n  linux /outer\n}\n",
    );
    expect(doc.menu.entries.map((entry) => entry.title)).toEqual(["Inner", "Outer"]);
    expect(doc.diagnostics.map((d) => d.code)).toEqual(["SKIPPED_BY_PYGRUB", "SKIPPED_BY_PYGRUB"]);
  });

  it("ignores if/fi and warns about other shell lines", () => {
    const doc = parseGrubCfg(
      "if [ -s $prefix/grubenv ]; then\n  load_env\nelse\nfi\nmenuentry 'a' {\n  fwsetup\n}\n",
    );
    expect(doc.diagnostics.map((d) => d.code)).toEqual([
      "UNKNOWN_DIRECTIVE",
      "UNKNOWN_DIRECTIVE",
      "NO_KERNEL",
    ]);
  });

  it.each([
    ["menuentry 'a' {\n linux /a\n menuentry 'b' {\n }\n}\n", 3, /cannot nest/],
    ["menuentry 'a'\n{\n linux /a\n}\n", 4, /closing brace without menuentry/],
    ["menuentry 'a' {\n linux /a\n", 1, /never closed/],
    ["menuentry 'a' {\n set gfxpayload=keep=1\n}\n", 2, /set name=value/],
    ["set lonely\n", 1, /set name=value/],
    ["menuentry 'a' {\n set root='label'\n}\n", 2, /not a disk/],
    ["set default=-1\n", 1, /negative/],
  ] as const)("throws where pygrub raises: %j", (text, line, message) => {
    expect(() => parseGrubCfg(text, { file: "grub.cfg" })).toThrow(GrubMenuSyntaxError);
    expect(() => parseGrubCfg(text, { file: "grub.cfg" })).toThrow(message);
    try {
      parseGrubCfg(text, { file: "grub.cfg" });
    } catch (error) {
      expect(error).toMatchObject({ line, file: "grub.cfg" });
    }
  });
});
