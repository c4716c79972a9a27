import { describe, expect, it } from "vitest";
import { defineBootEntry, defineBootMenu } from "./define-menu.js";
import type { MenuFormat } from "./menu-text.js";

const kernel = "/boot/vmlinuz";

describe("defineBootMenu", () => {
  it("turns friendly input into the model", () => {
    expect(
      defineBootMenu({
        entries: [
          {
            title: "Debian",
            root: "(hd0,0)",
            kernel: "(hd0,0)/boot/vmlinuz",
            args: ["root=/dev/xvda2", "ro"],
            initrd: { path: "/boot/initrd.img" },
            modules: ["/boot/x.gz a=b", { file: "/boot/y", args: "c" }],
          },
        ],
      }),
    ).toEqual({
      default: 0,
      timeout: 5,
      entries: [
        {
          title: "Debian",
          root: { disk: 0, partition: 0 },
          kernel: { device: { disk: 0, partition: 0 }, path: "/boot/vmlinuz" },
          args: "root=/dev/xvda2 ro",
          initrd: { path: "/boot/initrd.img" },
          modules: [
            { file: { path: "/boot/x.gz" }, args: "a=b" },
            { file: { path: "/boot/y" }, args: "c" },
          ],
        },
      ],
    });
  });

  it.each([
    [
      "a newline in a title",
      { title: "a\nb", kernel },
      "UnsafeMenuTextError",
      "entries[0].title",
      /newline \(U\+000A\)/,
    ],
    [
      "a carriage return in args",
      { title: "a", kernel, args: "ro\rinit=/bin/sh" },
      "UnsafeMenuTextError",
      "entries[0].args",
      /carriage return/,
    ],
    [
      "a NUL in a path",
      { title: "a", kernel: "/boot/vm\u0000linuz" },
      "UnsafeMenuTextError",
      "entries[0].kernel.path",
      /NUL/,
    ],
    [
      "a space in a path",
      { title: "a", kernel: "/boot/vm linuz" },
      "UnsafeMenuTextError",
      "entries[0].kernel.path",
      /space/,
    ],
    [
      "a line separator in a title",
      { title: "a\u2028b", kernel },
      "UnsafeMenuTextError",
      "entries[0].title",
      /line separator/,
    ],
    ["an empty title", { title: "", kernel }, "UnsafeMenuTextError", "entries[0].title", /empty/],
    [
      "a title with trailing space",
      { title: "a ", kernel },
      "UnsafeMenuTextError",
      "entries[0].title",
      /trailing/,
    ],
    [
      "args with leading space",
      { title: "a", kernel, args: " ro" },
      "UnsafeMenuTextError",
      "entries[0].args",
      /leading/,
    ],
    [
      "an args list item with a space",
      { title: "a", kernel, args: ["ro quiet"] },
      "UnsafeMenuTextError",
      "entries[0].args[0]",
      /one argument/,
    ],
    [
      "args over 1023 bytes",
      { title: "a", kernel, args: "x".repeat(1024) },
      "UnsafeMenuTextError",
      "entries[0].args",
      /1023 bytes/,
    ],
    [
      "a relative kernel",
      { title: "a", kernel: "boot/vmlinuz" },
      "RelativeBootPathError",
      "entries[0].kernel",
      /write it as "\/boot\/vmlinuz"/,
    ],
    [
      "a relative initrd",
      { title: "a", kernel, initrd: "./initrd.img" },
      "RelativeBootPathError",
      "entries[0].initrd",
      /relative|not absolute/,
    ],
    [
      "a relative module",
      { title: "a", kernel, modules: ["x.gz"] },
      "RelativeBootPathError",
      "entries[0].modules[0].file",
      /not absolute/,
    ],
    [
      "a bad device",
      { title: "a", kernel, root: "(sd0)" },
      "InvalidMenuInputError",
      "entries[0].root",
      /\(hdN\)/,
    ],
    [
      "a device without a path",
      { title: "a", kernel: "(hd0" },
      "InvalidMenuInputError",
      "entries[0].kernel",
      /device/,
    ],
    ["no kernel", { title: "a" }, "InvalidMenuInputError", "entries[0].kernel", /expected/],
  ])("rejects %s", (_, entry, name, path, message) => {
    let caught: unknown;
    try {
      defineBootMenu({ entries: [entry as never] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ name, location: { path } });
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message.startsWith(`${path}: `)).toBe(true);
  });

  it("rejects a default out of range", () => {
    expect(() =>
      defineBootMenu({
        default: 2,
        entries: [
          { title: "a", kernel },
          { title: "b", kernel },
        ],
      }),
    ).toThrow(
      expect.objectContaining({
        name: "DefaultEntryOutOfRangeError",
        code: "GRUB_MENU_DEFAULT_OUT_OF_RANGE",
        index: 2,
        entryCount: 2,
        message:
          "default: entry 2 does not exist; the menu has 2 entries, so the default must be an integer from 0 to 1",
      }),
    );
  });

  it("rejects a menu with no entries and a negative timeout", () => {
    expect(() => defineBootMenu({ entries: [] })).toThrow(/at least one entry/);
    expect(() => defineBootMenu({ timeout: -1, entries: [{ title: "a", kernel }] })).toThrow(
      expect.objectContaining({ name: "InvalidMenuInputError", code: "GRUB_MENU_INVALID_INPUT" }),
    );
  });

  it.each([
    ["a quote in a title", { title: "It's", kernel }, /contains "'"/],
    ["a double quote in a title", { title: 'say "hi" there', kernel }, /contains """/],
    ["a $ in args", { title: "a", kernel, args: "root=$root" }, /contains "\$"/],
    ["a ; in args", { title: "a", kernel, args: "ro;reboot" }, /contains ";"/],
    ["a # in args", { title: "a", kernel, args: "ro #x" }, /contains "#"/],
    ["modules", { title: "a", kernel, modules: ["/x"] }, /no module command/],
  ])("refuses %s for grub.cfg only", (_, entry, message) => {
    expect(() => defineBootMenu({ entries: [entry] }, "menu.lst")).not.toThrow();
    expect(() => defineBootMenu({ entries: [entry] }, "grub.cfg" satisfies MenuFormat)).toThrow(message);
  });
});

describe("defineBootEntry", () => {
  it("checks one entry", () => {
    expect(defineBootEntry({ title: "a", kernel, args: "ro" })).toEqual({
      title: "a",
      kernel: { path: kernel },
      args: "ro",
      modules: [],
    });
    expect(() => defineBootEntry({ title: "a\nb", kernel })).toThrow(/newline/);
  });
});
