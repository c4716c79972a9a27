import type { BootEntry, BootMenu, BootModule } from "./boot-entry.js";
import { formatBootFile } from "./boot-file.js";
import { formatGrubDevice } from "./grub-device.js";
import { checkIndent, renderCommentLines, type RenderMenuOptions } from "./render-common.js";
import { validateBootMenu } from "./validate-menu.js";

/** The lines of one entry in GRUB legacy syntax. */
export function menuLstEntryLines(entry: BootEntry, indent = "    "): string[] {
  const kernel = formatBootFile(entry.kernel);
  return [
    `title ${entry.title}`,
    ...(entry.root === undefined ? [] : [`${indent}root ${formatGrubDevice(entry.root)}`]),
    `${indent}kernel ${entry.args === "" ? kernel : `${kernel} ${entry.args}`}`,
    ...(entry.initrd === undefined ? [] : [`${indent}initrd ${formatBootFile(entry.initrd)}`]),
    ...entry.modules.map((module) => `${indent}${menuLstModuleLine(module)}`),
  ];
}

/** One `module` line (without indentation). */
export function menuLstModuleLine(module: BootModule): string {
  const file = formatBootFile(module.file);
  return `module ${module.args === "" ? file : `${file} ${module.args}`}`;
}

/**
 * Writes a GRUB legacy `menu.lst` (for pygrub and PV-GRUB) after checking the
 * menu with {@link validateBootMenu}. The output parses back, in pygrub and in
 * {@link parseMenuLst}, to exactly the entries given.
 *
 * @example
 * ```ts
 * renderMenuLst(defineBootMenu({
 *   timeout: 5,
 *   entries: [{ title: "Debian 12", root: "(hd0,0)", kernel: "/boot/vmlinuz", args: "root=/dev/xvda2 ro" }],
 * }));
 * // default=0
 * // timeout=5
 * //
 * // title Debian 12
 * //     root (hd0,0)
 * //     kernel /boot/vmlinuz root=/dev/xvda2 ro
 * ```
 */
export function renderMenuLst(menu: BootMenu, options: RenderMenuOptions = {}): string {
  validateBootMenu(menu, "menu.lst");
  const indent = options.indent ?? "    ";
  checkIndent(indent);
  const lines = [
    ...renderCommentLines(options.comment),
    `default=${String(menu.default)}`,
    `timeout=${String(menu.timeout)}`,
  ];
  for (const entry of menu.entries) lines.push("", ...menuLstEntryLines(entry, indent));
  return `${lines.join("\n")}\n`;
}
