import { describe, expect, it } from "vitest";
import { checkMenuBytes, checkMenuText, guessMenuFormat, PYGRUB_READ_LIMIT } from "./check-menu.js";
import { formatMenuCheck } from "./format-menu-check.js";

const FIELD_PYGRUB_AS_PRINTED = `default=0
timeout=15

title centos
    root (hd0,0)
    kernel /boot/vmlinuz-2.6.18-53.1.6.el5xen console=xvc0 root=/dev/sdb ro
    initrd /boot/initrd-2.6.18-53.1.6.el5xen.XenU.img

title generic kernels
    root (hd0,0)
    kernel /boot/vmlinuz-2.6-xen root=/dev/sdb
    module /boot/initrd-2.6-xen

title rescue-disk
    root (hd0,0)
    kernel /boot/vmlinuz-2.6.18-53.1.6.el5xen console=xvc0 root=LABEL=RESCUE
ro
    initrd /boot/initrd-2.6.18-53.1.6.el5xen.XenU.img
`;

describe("guessMenuFormat", () => {
  it("goes by the file name, then by the content", () => {
    expect(guessMenuFormat("/boot/grub/grub.cfg", "title x")).toBe("grub.cfg");
    expect(guessMenuFormat("/boot/grub/grub.conf", "menuentry 'x' {")).toBe("menu.lst");
    expect(guessMenuFormat(undefined, "set default=0\nmenuentry 'x' {\n}")).toBe("grub.cfg");
    expect(guessMenuFormat("menu", "title x")).toBe("menu.lst");
  });
});

describe("checkMenuText and formatMenuCheck", () => {
  it("says what each entry boots, and what pygrub reads differently than it looks", () => {
    const report = checkMenuText(FIELD_PYGRUB_AS_PRINTED, { file: "menu.lst" });
    expect(report).toMatchObject({ ok: true, format: "menu.lst", defaultEntry: 0, timeout: "15" });
    expect(report.entries[2]).toMatchObject({
      title: "rescue-disk",
      args: "console=xvc0 root=LABEL=RESCUE",
      bootable: true,
    });
    expect(formatMenuCheck(report)).toMatchInlineSnapshot(`
      "menu.lst (GRUB legacy menu.lst): pygrub boots entry 0 "centos" by default, timeout 15
      * 0  centos  (line 4)
             kernel  /boot/vmlinuz-2.6.18-53.1.6.el5xen
             initrd  /boot/initrd-2.6.18-53.1.6.el5xen.XenU.img
             args    console=xvc0 root=/dev/sdb ro
        1  generic kernels  (line 9)
             kernel  /boot/vmlinuz-2.6-xen
             args    root=/dev/sdb
             module  /boot/initrd-2.6-xen  (ignored by pygrub)
        2  rescue-disk  (line 14)
             kernel  /boot/vmlinuz-2.6.18-53.1.6.el5xen
             initrd  /boot/initrd-2.6.18-53.1.6.el5xen.XenU.img
             args    console=xvc0 root=LABEL=RESCUE
      warnings:
        menu.lst:12:12: IGNORED_BY_PYGRUB: pygrub ignores module lines: under pygrub "generic kernels" boots without this module (use initrd for an initial ramdisk)
        menu.lst:17:1: UNKNOWN_DIRECTIVE: pygrub does not know "ro" and ignores the line
      "
    `);
  });

  it("reports a menu pygrub cannot read, with the position", () => {
    const report = checkMenuText("title x\n    root=LABEL=PRGMRDISK1 ro\n", { file: "menu.lst" });
    expect(report).toMatchObject({
      ok: false,
      entries: [],
      error: { code: "GRUB_MENU_SYNTAX", line: 2, column: 10 },
    });
    expect(formatMenuCheck(report)).toMatch(
      /^menu\.lst \(GRUB legacy menu\.lst\): pygrub cannot boot this menu\n {2}GRUB_MENU_SYNTAX: menu\.lst:2:10: /,
    );
  });

  it("is not ok when the default entry has no kernel", () => {
    const report = checkMenuText("title chain\n chainloader +1\ntitle b\n kernel /b\n");
    expect(report.ok).toBe(false);
    expect(report.entries.map((entry) => entry.bootable)).toEqual([false, true]);
    expect(formatMenuCheck(report)).toContain("kernel  (none: pygrub fails if this entry is chosen)");
  });
});

describe("checkMenuBytes", () => {
  it("refuses bytes that are not UTF-8, as pygrub's decode does", () => {
    const bytes = new Uint8Array([...new TextEncoder().encode("title a\n kernel /a"), 0xff, 0x0a]);
    expect(checkMenuBytes(bytes, { file: "menu.lst" })).toMatchObject({
      ok: false,
      error: { code: "GRUB_MENU_SYNTAX", line: 2, column: 11 },
    });
  });

  it("reads only the first MiB, as pygrub does", () => {
    const text = `title a\n kernel /a\n${"#".repeat(PYGRUB_READ_LIMIT)}\ntitle b\n kernel /b\n`;
    const report = checkMenuBytes(new TextEncoder().encode(text));
    expect(report.entries.map((entry) => entry.title)).toEqual(["a"]);
    expect(report.diagnostics.map((d) => d.code)).toContain("TRUNCATED_BY_PYGRUB");
  });
});
