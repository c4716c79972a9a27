/**
 * Where a problem is: a position in a file (`menu.lst:4:5`) or a path into the
 * input (`entries[2].kernel`).
 */
export type ProblemLocation =
  | { readonly file?: string | undefined; readonly line: number; readonly column: number }
  | { readonly path: string };

/**
 * Formats a {@link ProblemLocation} the way editors and compilers do.
 *
 * @example
 * ```ts
 * formatLocation({ file: "menu.lst", line: 4, column: 5 }); // "menu.lst:4:5"
 * formatLocation({ path: "entries[2].kernel" }); // "entries[2].kernel"
 * ```
 */
export function formatLocation(location: ProblemLocation): string {
  if ("path" in location) return location.path === "" ? "(input)" : location.path;
  return `${location.file ?? "<menu>"}:${String(location.line)}:${String(location.column)}`;
}

/**
 * The base of every error this package throws: a stable `name`, a string
 * `code`, where the problem is, and a message saying what is accepted.
 *
 * @example
 * ```ts
 * try {
 *   renderMenuLst(menu);
 * } catch (error) {
 *   if (error instanceof GrubMenuError) console.error(`${error.code}: ${error.message}`);
 * }
 * ```
 */
export abstract class GrubMenuError extends Error {
  /** Stable machine-readable code, e.g. `"GRUB_MENU_SYNTAX"`. */
  abstract readonly code: string;
  /** Where the problem is. */
  readonly location: ProblemLocation;

  protected constructor(location: ProblemLocation, message: string, options?: { cause?: unknown }) {
    super(`${formatLocation(location)}: ${message}`, options);
    this.location = location;
  }
}

/**
 * A menu file that pygrub itself would refuse: pygrub's parser raises on it,
 * so the domain would not boot. Carries file, line and column.
 *
 * @example
 * ```ts
 * try {
 *   parseMenuLst("title x\n  root LABEL=RESCUE\n", { file: "menu.lst" });
 * } catch (error) {
 *   if (error instanceof GrubMenuSyntaxError) console.error(error.line, error.column);
 * }
 * ```
 */
export class GrubMenuSyntaxError extends GrubMenuError {
  override readonly name = "GrubMenuSyntaxError";
  readonly code = "GRUB_MENU_SYNTAX";
  readonly file: string | undefined;
  readonly line: number;
  readonly column: number;

  constructor(where: { file?: string | undefined; line: number; column: number }, message: string) {
    super(where, message);
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }
}

/**
 * A title, path or argument containing a character that would break the file
 * (a newline, a control character, a quote GRUB 2 or pygrub would misread).
 *
 * @example
 * ```ts
 * defineBootMenu({ entries: [{ title: "a\nb", kernel: "/boot/vmlinuz" }] });
 * // throws UnsafeMenuTextError: entries[0].title: contains a newline (U+000A) …
 * ```
 */
export class UnsafeMenuTextError extends GrubMenuError {
  override readonly name = "UnsafeMenuTextError";
  readonly code = "GRUB_MENU_UNSAFE_TEXT";
  constructor(path: string, message: string) {
    super({ path }, message);
  }
}

/**
 * A kernel, initrd or module path that is not absolute. GRUB and pygrub look
 * files up from the root of a filesystem, so a relative path never boots.
 *
 * @example
 * ```ts
 * defineBootMenu({ entries: [{ title: "x", kernel: "boot/vmlinuz" }] });
 * // throws RelativeBootPathError: entries[0].kernel: "boot/vmlinuz" is relative …
 * ```
 */
export class RelativeBootPathError extends GrubMenuError {
  override readonly name = "RelativeBootPathError";
  readonly code = "GRUB_MENU_RELATIVE_PATH";
  constructor(path: string, message: string) {
    super({ path }, message);
  }
}

/**
 * A default entry index outside the menu.
 *
 * @example
 * ```ts
 * defineBootMenu({ default: 3, entries: [{ title: "x", kernel: "/boot/vmlinuz" }] });
 * // throws DefaultEntryOutOfRangeError: default: entry 3 does not exist …
 * ```
 */
export class DefaultEntryOutOfRangeError extends GrubMenuError {
  override readonly name = "DefaultEntryOutOfRangeError";
  readonly code = "GRUB_MENU_DEFAULT_OUT_OF_RANGE";
  readonly index: number;
  readonly entryCount: number;
  constructor(path: string, index: number, entryCount: number) {
    super(
      { path },
      `entry ${String(index)} does not exist; the menu has ${String(entryCount)} ${entryCount === 1 ? "entry" : "entries"}, ` +
        `so the default must be an integer from 0 to ${String(Math.max(0, entryCount - 1))}`,
    );
    this.index = index;
    this.entryCount = entryCount;
  }
}

/**
 * A PV-GRUB image whose word size does not match the guest: Xen builds a PV
 * domain as 32- or 64-bit and cannot switch, so a 64-bit PV-GRUB cannot load
 * a 32-bit kernel and vice versa.
 *
 * @example
 * ```ts
 * pvGrubLayout({ ...input, guestArch: "x86_32", pvGrubKernel: "/usr/lib/xen/boot/pv-grub-x86_64.gz" });
 * // throws PvGrubArchMismatchError
 * ```
 */
export class PvGrubArchMismatchError extends GrubMenuError {
  override readonly name = "PvGrubArchMismatchError";
  readonly code = "PVGRUB_ARCH_MISMATCH";
  constructor(path: string, message: string) {
    super({ path }, message);
  }
}

/** One inconsistency between a boot layout and the domain's disk list. */
export interface DiskLayoutProblem {
  /** Stable code of the problem. */
  readonly code:
    | "DISK_MISSING"
    | "DUPLICATE_VDEV"
    | "INVALID_VDEV"
    | "RESCUE_DISK_WRITABLE"
    | "BOOT_DISK_NOT_FIRST"
    | "DISK_INDEX_MISMATCH";
  /** Where: a path into the layout input or the disk list. */
  readonly path: string;
  readonly message: string;
}

/**
 * A boot layout that does not match the domain's disk list: the rescue disk
 * is writable or missing, or a `(hdN)` names a different disk than intended.
 *
 * @example
 * ```ts
 * try {
 *   pvGrubLayout(input);
 * } catch (error) {
 *   if (error instanceof DiskLayoutError) for (const p of error.problems) console.error(p.message);
 * }
 * ```
 */
export class DiskLayoutError extends GrubMenuError {
  override readonly name = "DiskLayoutError";
  readonly code = "GRUB_MENU_DISK_LAYOUT";
  readonly problems: readonly DiskLayoutProblem[];
  constructor(problems: readonly DiskLayoutProblem[]) {
    const first = problems[0];
    super(
      { path: first?.path ?? "disks" },
      problems.length === 1
        ? (first?.message ?? "")
        : `${String(problems.length)} problems with the disk list:\n` +
            problems.map((problem) => `  - ${problem.path}: ${problem.message}`).join("\n"),
    );
    this.problems = problems;
  }
}

/** One structural problem in the input, as zod reported it. */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Input of the wrong shape: a missing field, a string where a number belongs,
 * a negative timeout. Lists every issue with its path.
 *
 * @example
 * ```ts
 * defineBootMenu({ entries: [{ title: "x" }] });
 * // throws InvalidMenuInputError: entries[0].kernel: …
 * ```
 */
export class InvalidMenuInputError extends GrubMenuError {
  override readonly name = "InvalidMenuInputError";
  readonly code = "GRUB_MENU_INVALID_INPUT";
  readonly issues: readonly InputIssue[];
  constructor(issues: readonly InputIssue[], options?: { cause?: unknown }) {
    const first = issues[0];
    super(
      { path: first?.path ?? "" },
      issues.length <= 1
        ? (first?.message ?? "invalid input")
        : `${first?.message ?? ""} (and ${String(issues.length - 1)} more: ${issues
            .slice(1)
            .map((issue) => `${issue.path}: ${issue.message}`)
            .join("; ")})`,
      options,
    );
    this.issues = issues;
  }
}

/**
 * Something the target format cannot express, e.g. multiboot modules in a
 * GRUB 2 `grub.cfg` for pygrub (which has no `module` command there).
 *
 * @example
 * ```ts
 * renderGrubCfg(menuWithModules); // throws UnsupportedMenuFeatureError
 * ```
 */
export class UnsupportedMenuFeatureError extends GrubMenuError {
  override readonly name = "UnsupportedMenuFeatureError";
  readonly code = "GRUB_MENU_UNSUPPORTED";
  constructor(path: string, message: string) {
    super({ path }, message);
  }
}

/**
 * pygrub could not be asked: Python or pygrub is missing, or it answered
 * something other than one reading per menu.
 *
 * @example
 * ```ts
 * try {
 *   await readMenusWithPygrub(runner, requests);
 * } catch (error) {
 *   if (error instanceof PygrubUnavailableError) console.error(error.message);
 * }
 * ```
 */
export class PygrubUnavailableError extends GrubMenuError {
  override readonly name = "PygrubUnavailableError";
  readonly code = "PYGRUB_UNAVAILABLE";
  constructor(message: string, options?: { cause?: unknown }) {
    super({ path: "pygrub" }, message, options);
  }
}
