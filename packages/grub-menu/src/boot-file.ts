import { formatGrub2Device, formatGrubDevice, parseGrubDevice, type GrubDevice } from "./grub-device.js";

/**
 * A file GRUB loads: an absolute path, optionally on an explicit device
 * (`(hd0,0)/boot/vmlinuz`); without one, the entry's `root` device is meant.
 *
 * @example
 * ```ts
 * const kernel: BootFile = { path: "/boot/vmlinuz-6.1.0-18-amd64" };
 * const menu: BootFile = { device: { disk: 0, partition: 0 }, path: "/boot/grub/menu.lst" };
 * ```
 */
export interface BootFile {
  readonly device?: GrubDevice;
  readonly path: string;
}

/**
 * Reads `/boot/x` or `(hdN[,M])/boot/x` as a {@link BootFile}. A leading
 * parenthesis that is not a GRUB legacy `hd` device gives `undefined`.
 *
 * @example
 * ```ts
 * parseBootFile("(hd0,0)/boot/grub/menu.lst"); // { device: { disk: 0, partition: 0 }, path: "/boot/grub/menu.lst" }
 * parseBootFile("/boot/vmlinuz"); // { path: "/boot/vmlinuz" }
 * ```
 */
export function parseBootFile(text: string): BootFile | undefined {
  if (!text.startsWith("(")) return { path: text };
  const close = text.indexOf(")");
  if (close === -1) return undefined;
  const device = parseGrubDevice(text.slice(0, close + 1));
  if (device === undefined) return undefined;
  return { device, path: text.slice(close + 1) };
}

/**
 * Writes a {@link BootFile} for GRUB legacy (`menu.lst`).
 *
 * @example
 * ```ts
 * formatBootFile({ device: { disk: 0, partition: 0 }, path: "/boot/grub/menu.lst" }); // "(hd0,0)/boot/grub/menu.lst"
 * ```
 */
export function formatBootFile(file: BootFile): string {
  return file.device === undefined ? file.path : `${formatGrubDevice(file.device)}${file.path}`;
}

/**
 * Writes a {@link BootFile} for GRUB 2 (`grub.cfg`), whose partitions count from 1.
 *
 * @example
 * ```ts
 * formatGrub2BootFile({ device: { disk: 0, partition: 0 }, path: "/vmlinuz" }); // "(hd0,msdos1)/vmlinuz"
 * ```
 */
export function formatGrub2BootFile(file: BootFile): string {
  return file.device === undefined ? file.path : `(${formatGrub2Device(file.device)})${file.path}`;
}
