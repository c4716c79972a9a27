import { describe, expect, it } from "vitest";
import { defineBootMenu } from "./define-menu.js";
import { renderGrubCfg } from "./render-grub-cfg.js";
import { renderMenuLst } from "./render-menu-lst.js";

const menu = defineBootMenu({
  default: 1,
  timeout: 5,
  entries: [
    {
      title: "Debian 12",
      root: "(hd0,0)",
      kernel: "/boot/vmlinuz-6.1",
      args: "root=/dev/xvda2 ro",
      initrd: "/boot/initrd.img-6.1",
    },
    {
      title: "Xen",
      kernel: "(hd1)/boot/xen.gz",
      modules: ["/boot/vmlinuz-xen root=/dev/xvda1", "/boot/initrd-xen"],
    },
  ],
});

describe("renderMenuLst", () => {
  it("writes GRUB legacy syntax", () => {
    expect(renderMenuLst(menu, { comment: "written by dom0kit\n\nkeep the rescue entry" }))
      .toMatchInlineSnapshot(`
      "# written by dom0kit
      #
      # keep the rescue entry
      default=1
      timeout=5

      title Debian 12
          root (hd0,0)
          kernel /boot/vmlinuz-6.1 root=/dev/xvda2 ro
          initrd /boot/initrd.img-6.1

      title Xen
          kernel (hd1)/boot/xen.gz
          module /boot/vmlinuz-xen root=/dev/xvda1
          module /boot/initrd-xen
      "
    `);
  });

  it("refuses a comment with a control character and an indent that is not whitespace", () => {
    expect(() => renderMenuLst(menu, { comment: "a\rb" })).toThrow(/control character/);
    expect(() => renderMenuLst(menu, { indent: "x" })).toThrow(/spaces and tabs/);
  });
});

describe("renderGrubCfg", () => {
  it("writes the GRUB 2 subset pygrub and pvgrub2 read", () => {
    const single = { ...menu, default: 0, entries: menu.entries.slice(0, 1) };
    expect(renderGrubCfg(single)).toMatchInlineSnapshot(`
      "set default=0
      set timeout=5

      menuentry 'Debian 12' {
      	set root='hd0,msdos1'
      	linux /boot/vmlinuz-6.1 root=/dev/xvda2 ro
      	initrd /boot/initrd.img-6.1
      }
      "
    `);
  });

  it("refuses modules, which pygrub's GRUB 2 reader cannot load", () => {
    expect(() => renderGrubCfg(menu)).toThrow(
      expect.objectContaining({ name: "UnsupportedMenuFeatureError", code: "GRUB_MENU_UNSUPPORTED" }),
    );
  });
});
