import type { BootEntry, BootMenu } from "./boot-entry.js";
import type { BootFile } from "./boot-file.js";
import {
  DefaultEntryOutOfRangeError,
  InvalidMenuInputError,
  RelativeBootPathError,
  UnsafeMenuTextError,
  UnsupportedMenuFeatureError,
} from "./errors.js";
import type { GrubDevice } from "./grub-device.js";
import { unsafeTextReason, type MenuFormat, type MenuTextKind } from "./menu-text.js";

function checkText(text: string, kind: MenuTextKind, path: string, format: MenuFormat | undefined): void {
  const reason = unsafeTextReason(text, kind, format);
  if (reason !== undefined) throw new UnsafeMenuTextError(path, reason);
}

function checkDevice(device: GrubDevice, path: string): void {
  const ok = (n: number | undefined): boolean => n === undefined || (Number.isSafeInteger(n) && n >= 0);
  if (!ok(device.disk) || !ok(device.partition)) {
    throw new InvalidMenuInputError([
      { path, message: "a device is { disk, partition? } with non-negative integers, e.g. (hd0,0)" },
    ]);
  }
}

function checkFile(file: BootFile, path: string, format: MenuFormat | undefined): void {
  if (file.device !== undefined) checkDevice(file.device, `${path}.device`);
  if (!file.path.startsWith("/")) {
    throw new RelativeBootPathError(
      path,
      `"${file.path}" is not absolute; GRUB and pygrub read files from the root of the boot filesystem, so write it as "/${file.path.replace(/^\.?\/*/, "")}"`,
    );
  }
  checkText(file.path, "path", `${path}.path`, format);
}

function checkEntry(entry: BootEntry, path: string, format: MenuFormat | undefined): void {
  checkText(entry.title, "title", `${path}.title`, format);
  if (entry.root !== undefined) checkDevice(entry.root, `${path}.root`);
  checkFile(entry.kernel, `${path}.kernel`, format);
  if (entry.args !== "") checkText(entry.args, "args", `${path}.args`, format);
  if (entry.initrd !== undefined) checkFile(entry.initrd, `${path}.initrd`, format);
  if (format === "grub.cfg" && entry.modules.length > 0) {
    throw new UnsupportedMenuFeatureError(
      `${path}.modules`,
      "grub.cfg entries cannot carry multiboot modules here: pygrub's GRUB 2 reader has no module command; use menu.lst or drop the modules",
    );
  }
  entry.modules.forEach((module, index) => {
    checkFile(module.file, `${path}.modules[${String(index)}].file`, format);
    if (module.args !== "") checkText(module.args, "args", `${path}.modules[${String(index)}].args`, format);
  });
}

/**
 * Checks that a menu can be written safely and boots what it says: at least
 * one entry, a default that exists, a whole number of seconds to wait,
 * absolute paths, and no character that would break the file (`format`
 * adds GRUB 2's rules). Throws the first problem as a typed error, located
 * at `entries[i]…` — or at `entryPaths[i]…` when given, for menus built from
 * some other input (a layout's `distro`, `rescueMenu.entries[0]`).
 *
 * @example
 * ```ts
 * validateBootMenu(menu, "grub.cfg"); // throws e.g. DefaultEntryOutOfRangeError, UnsafeMenuTextError
 * ```
 */
export function validateBootMenu(menu: BootMenu, format?: MenuFormat, entryPaths?: readonly string[]): void {
  if (menu.entries.length === 0) {
    throw new InvalidMenuInputError([
      { path: "entries", message: "a menu needs at least one entry; pygrub fails on a menu with none" },
    ]);
  }
  if (!Number.isSafeInteger(menu.timeout) || menu.timeout < 0) {
    throw new InvalidMenuInputError([
      { path: "timeout", message: `${String(menu.timeout)} is not a whole number of seconds (0 or more)` },
    ]);
  }
  if (!Number.isSafeInteger(menu.default) || menu.default < 0 || menu.default >= menu.entries.length) {
    throw new DefaultEntryOutOfRangeError("default", menu.default, menu.entries.length);
  }
  menu.entries.forEach((entry, index) => {
    checkEntry(entry, entryPaths?.[index] ?? `entries[${String(index)}]`, format);
  });
}
