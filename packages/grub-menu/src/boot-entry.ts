import type { BootFile } from "./boot-file.js";
import type { GrubDevice } from "./grub-device.js";

/**
 * A multiboot module line (`module /boot/x args`). pygrub ignores module lines;
 * PV-GRUB loads them for multiboot kernels.
 *
 * @example
 * ```ts
 * const module: BootModule = { file: { path: "/boot/initrd.img" }, args: "" };
 * ```
 */
export interface BootModule {
  readonly file: BootFile;
  /** The module's command line; `""` for none. */
  readonly args: string;
}

/**
 * One boot entry: what a menu line `title …` and the lines under it mean.
 *
 * @example
 * ```ts
 * const entry: BootEntry = {
 *   title: "Debian 12",
 *   root: { disk: 0, partition: 0 },
 *   kernel: { path: "/boot/vmlinuz-6.1.0-18-amd64" },
 *   args: "root=/dev/xvda2 ro console=hvc0",
 *   initrd: { path: "/boot/initrd.img-6.1.0-18-amd64" },
 *   modules: [],
 * };
 * ```
 */
export interface BootEntry {
  /** The menu title, exactly as shown (pygrub strips surrounding whitespace, so it has none). */
  readonly title: string;
  /** The `root` device files are read from; absent when the entry sets none. */
  readonly root?: GrubDevice;
  readonly kernel: BootFile;
  /** The kernel command line exactly as the kernel receives it; `""` for none. */
  readonly args: string;
  readonly initrd?: BootFile;
  readonly modules: readonly BootModule[];
}

/**
 * A whole boot menu.
 *
 * @example
 * ```ts
 * const menu: BootMenu = { default: 0, timeout: 5, entries: [entry] };
 * ```
 */
export interface BootMenu {
  /** 0-based index of the entry booted when nobody chooses. */
  readonly default: number;
  /** Seconds the menu waits before booting the default. */
  readonly timeout: number;
  readonly entries: readonly BootEntry[];
}
