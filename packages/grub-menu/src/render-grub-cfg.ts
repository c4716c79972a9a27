import type { BootEntry, BootMenu } from "./boot-entry.js";
import { formatGrub2BootFile } from "./boot-file.js";
import { formatGrub2Device } from "./grub-device.js";
import { checkIndent, renderCommentLines, type RenderMenuOptions } from "./render-common.js";
import { validateBootMenu } from "./validate-menu.js";

function entryLines(entry: BootEntry, indent: string): string[] {
  const kernel = formatGrub2BootFile(entry.kernel);
  return [
    `menuentry '${entry.title}' {`,
    ...(entry.root === undefined ? [] : [`${indent}set root='${formatGrub2Device(entry.root)}'`]),
    `${indent}linux ${entry.args === "" ? kernel : `${kernel} ${entry.args}`}`,
    ...(entry.initrd === undefined ? [] : [`${indent}initrd ${formatGrub2BootFile(entry.initrd)}`]),
    "}",
  ];
}

/**
 * Writes the GRUB 2 `grub.cfg` subset that both pygrub and pvgrub2 read:
 * `set default`, `set timeout`, and `menuentry` blocks with `set root`,
 * `linux` and `initrd`. Checks the menu first with GRUB 2's stricter rules
 * (no quotes in titles, no `$ ; | & …` in paths or arguments, no modules).
 *
 * @example
 * ```ts
 * renderGrubCfg(defineBootMenu({
 *   entries: [{ title: "Debian 12", root: "(hd0,0)", kernel: "/boot/vmlinuz", args: "root=/dev/xvda2 ro" }],
 * }));
 * // set default=0
 * // set timeout=5
 * //
 * // menuentry 'Debian 12' {
 * //     set root='hd0,msdos1'
 * //     linux /boot/vmlinuz root=/dev/xvda2 ro
 * // }
 * ```
 */
export function renderGrubCfg(menu: BootMenu, options: RenderMenuOptions = {}): string {
  validateBootMenu(menu, "grub.cfg");
  const indent = options.indent ?? "\t";
  checkIndent(indent);
  const lines = [
    ...renderCommentLines(options.comment),
    `set default=${String(menu.default)}`,
    `set timeout=${String(menu.timeout)}`,
  ];
  for (const entry of menu.entries) lines.push("", ...entryLines(entry, indent));
  return `${lines.join("\n")}\n`;
}
