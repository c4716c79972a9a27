import type { BootEntry, BootMenu } from "./boot-entry.js";
import type { MenuFormat } from "./menu-text.js";
import {
  bootEntryInputSchema,
  bootMenuInputSchema,
  entryFromInput,
  parseWithSchema,
  type BootEntryInput,
  type BootMenuInput,
} from "./menu-input.js";
import { validateBootMenu } from "./validate-menu.js";

/**
 * Builds a {@link BootEntry} from friendly input and checks it (absolute
 * paths, no character that would break the file; `format` adds GRUB 2's rules).
 *
 * @example
 * ```ts
 * const entry = defineBootEntry({
 *   title: "Debian 12",
 *   root: "(hd0,0)",
 *   kernel: "/boot/vmlinuz-6.1.0-18-amd64",
 *   args: ["root=/dev/xvda2", "ro", "console=hvc0"],
 *   initrd: "/boot/initrd.img-6.1.0-18-amd64",
 * });
 * ```
 */
export function defineBootEntry(input: BootEntryInput, format?: MenuFormat): BootEntry {
  const entry = entryFromInput(parseWithSchema(bootEntryInputSchema, input), "");
  validateBootMenu({ default: 0, timeout: 0, entries: [entry] }, format);
  return entry;
}

/**
 * Builds a {@link BootMenu} from friendly input and checks it: at least one
 * entry, a default that exists, absolute paths, no newline or other character
 * that would break the file (`format` adds GRUB 2's rules).
 *
 * @example
 * ```ts
 * const menu = defineBootMenu({
 *   default: 0,
 *   timeout: 5,
 *   entries: [{ title: "Debian 12", root: "(hd0,0)", kernel: "/boot/vmlinuz", args: "root=/dev/xvda2 ro" }],
 * });
 * ```
 */
export function defineBootMenu(input: BootMenuInput, format?: MenuFormat): BootMenu {
  const parsed = parseWithSchema(bootMenuInputSchema, input);
  const menu: BootMenu = {
    default: parsed.default ?? 0,
    timeout: parsed.timeout ?? 5,
    entries: parsed.entries.map((entry, i) => entryFromInput(entry, `entries[${String(i)}]`)),
  };
  validateBootMenu(menu, format);
  return menu;
}
