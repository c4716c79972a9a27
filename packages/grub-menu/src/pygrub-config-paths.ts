import type { MenuFormat } from "./menu-text.js";

/**
 * Where pygrub (Xen 4.17) looks for a menu on the boot filesystem, in the
 * order it looks (extlinux paths, which it also reads, left out). The first
 * that exists wins — so a stray `/boot/grub/grub.cfg` hides a `menu.lst`.
 *
 * @example
 * ```ts
 * PYGRUB_CONFIG_PATHS[0]; // { path: "/boot/grub/grub.cfg", format: "grub.cfg" }
 * ```
 */
export const PYGRUB_CONFIG_PATHS: readonly { readonly path: string; readonly format: MenuFormat }[] = [
  { path: "/boot/grub/grub.cfg", format: "grub.cfg" },
  { path: "/grub/grub.cfg", format: "grub.cfg" },
  { path: "/boot/grub2/grub.cfg", format: "grub.cfg" },
  { path: "/grub2/grub.cfg", format: "grub.cfg" },
  { path: "/boot/grub/menu.lst", format: "menu.lst" },
  { path: "/boot/grub/grub.conf", format: "menu.lst" },
  { path: "/grub/menu.lst", format: "menu.lst" },
  { path: "/grub/grub.conf", format: "menu.lst" },
];

/**
 * The format pygrub reads a file at `path` as, or `undefined` when pygrub
 * never looks there.
 *
 * @example
 * ```ts
 * pygrubFormatAt("/boot/grub/grub.conf"); // "menu.lst"
 * pygrubFormatAt("/etc/grub.conf"); // undefined
 * ```
 */
export function pygrubFormatAt(path: string): MenuFormat | undefined {
  return PYGRUB_CONFIG_PATHS.find((candidate) => candidate.path === path)?.format;
}
