import type { BootModule } from "./boot-entry.js";
import type { BootFile } from "./boot-file.js";
import type { GrubDevice } from "./grub-device.js";

/** Why a parsed menu deserves a second look: things pygrub reads differently than a person would. */
export type MenuDiagnosticCode =
  | "UNKNOWN_DIRECTIVE"
  | "IGNORED_BY_PYGRUB"
  | "GLOBAL_AFTER_TITLE"
  | "DEFAULT_NOT_A_NUMBER"
  | "DEFAULT_OUT_OF_RANGE"
  | "TAB_BEFORE_ARGS"
  | "GLUED_TITLE"
  | "EMPTY_LAST_ENTRY"
  | "NO_KERNEL"
  | "NO_ENTRIES"
  | "RELATIVE_PATH"
  | "WHITESPACE_IN_PATH"
  | "INLINE_COMMENT"
  | "REPEATED_DIRECTIVE"
  | "SKIPPED_BY_PYGRUB"
  | "TRUNCATED_BY_PYGRUB";

/**
 * A warning about a menu that pygrub accepts but may not boot as intended,
 * with its position.
 *
 * @example
 * ```ts
 * const { diagnostics } = parseMenuLst("default = 1\ntitle a\n kernel /a\n");
 * diagnostics[0]; // { code: "DEFAULT_NOT_A_NUMBER", line: 1, column: 9, message: "…" }
 * ```
 */
export interface MenuDiagnostic {
  readonly code: MenuDiagnosticCode;
  readonly message: string;
  readonly file?: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in characters. */
  readonly column: number;
  /** The entry the line belongs to, when it belongs to one. */
  readonly entry?: number;
}

/**
 * One entry as pygrub reads it. Fields are absent where pygrub has `None`.
 * Devices keep GRUB legacy numbering (partitions from 0) in both formats.
 *
 * @example
 * ```ts
 * const entry = parseMenuLst(text).menu.entries[0];
 * entry?.kernel?.path; // "/boot/vmlinuz-6.1.0-18-amd64"
 * ```
 */
export interface ParsedBootEntry {
  readonly title: string;
  /** 1-based line of the title (`title …` or `menuentry …`). */
  readonly line: number;
  readonly root?: GrubDevice;
  readonly kernel?: BootFile;
  /** The kernel arguments; absent when the kernel line has none. */
  readonly args?: string;
  readonly initrd?: BootFile;
  /** `module` lines (GRUB legacy only); pygrub ignores them. */
  readonly modules: readonly BootModule[];
}

/**
 * A whole menu as pygrub reads it.
 *
 * @example
 * ```ts
 * const { menu } = parseGrubCfg(text);
 * menu.entries[menu.default]?.title;
 * ```
 */
export interface ParsedMenu {
  /**
   * pygrub's default index, before its fallback: a value at or past the end
   * makes pygrub boot entry 0 (see {@link pygrubBootChoice}).
   */
  readonly default: number;
  /** The `timeout` value as written, if any. */
  readonly timeout?: string;
  readonly entries: readonly ParsedBootEntry[];
  /** True when the menu sets a `password` (pygrub then locks editing). */
  readonly hasPassword: boolean;
}
