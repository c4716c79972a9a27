import type { BootMenu } from "./boot-entry.js";
import type { BootLoader } from "./check-boot-disks.js";
import type { MenuFormat } from "./menu-text.js";
import type { XlBootFields } from "./xl-boot-fields.js";

/** What a menu file in a layout is for. */
export type MenuFileRole = "boot-menu" | "rescue-menu" | "customer-menu";

/**
 * One menu file a layout asks you to write: on which disk, at which path
 * inside that disk's filesystem, and its text.
 *
 * @example
 * ```ts
 * for (const file of layout.files) console.log(`${file.disk}:${file.path}`, file.text);
 * ```
 */
export interface MenuFile {
  readonly role: MenuFileRole;
  /** vdev of the disk the file belongs on. */
  readonly disk: string;
  /** Absolute path inside that disk's filesystem. */
  readonly path: string;
  readonly format: MenuFormat;
  readonly menu: BootMenu;
  readonly text: string;
}

/**
 * A complete boot layout: the domain config fields and the menu files.
 *
 * @example
 * ```ts
 * const layout = pygrubLayout(input);
 * layout.configText; // bootloader = "pygrub" …
 * ```
 */
export interface BootLayout {
  readonly loader: BootLoader;
  readonly config: XlBootFields;
  /** {@link renderXlBootFields} of `config`. */
  readonly configText: string;
  readonly files: readonly MenuFile[];
  /** Things worth knowing that are not errors (e.g. disks PV-GRUB numbers differently from the list). */
  readonly notes: readonly string[];
}
