import type { BootModule } from "./boot-entry.js";
import type { BootFile } from "./boot-file.js";
import type { GrubDevice } from "./grub-device.js";
import type { MenuDiagnostic, MenuDiagnosticCode, ParsedBootEntry } from "./parsed-menu.js";
import { pythonSplitWhitespace } from "./python-text.js";
import { readDevice, readKernel, readPath, type Dialect, type LinePosition } from "./pygrub-reading.js";

/**
 * Collects the lines of one entry the way pygrub's `GrubImage` does (later
 * lines win) and notes what deserves a warning. Shared by both parsers.
 */
export class EntryReader {
  #root: GrubDevice | undefined;
  #kernel: BootFile | undefined;
  #args: string | undefined;
  #initrd: BootFile | undefined;
  readonly #modules: BootModule[] = [];
  readonly #seen = new Set<string>();

  constructor(
    readonly title: string,
    readonly line: number,
    readonly index: number,
    private readonly dialect: Dialect,
    private readonly diagnostics: MenuDiagnostic[],
  ) {}

  warn(code: MenuDiagnosticCode, at: LinePosition, message: string): void {
    this.diagnostics.push({
      code,
      message,
      ...(at.file === undefined ? {} : { file: at.file }),
      line: at.line,
      column: at.column,
      entry: this.index,
    });
  }

  #once(keyword: string, at: LinePosition): void {
    if (this.#seen.has(keyword)) {
      this.warn(
        "REPEATED_DIRECTIVE",
        at,
        `a second ${keyword} line in "${this.title}": pygrub uses the last one`,
      );
    }
    this.#seen.add(keyword);
  }

  #checkPath(file: BootFile, what: string, at: LinePosition): void {
    if (!file.path.startsWith("/")) {
      this.warn(
        "RELATIVE_PATH",
        at,
        `the ${what} path "${file.path}" is not absolute; pygrub will not find it`,
      );
    }
  }

  /** A `root` / `rootnoverify` / `set root=` line. */
  setRoot(value: string, at: LinePosition): void {
    this.#once("root", at);
    this.#root = readDevice(value, this.dialect, at);
  }

  /** A `kernel` / `linux` line. */
  setKernel(value: string, at: LinePosition): void {
    this.#once("kernel", at);
    const line = readKernel(value, this.dialect, at);
    this.#kernel = line.kernel;
    this.#args = line.args;
    if (line.argsAfterTab) {
      this.warn(
        "TAB_BEFORE_ARGS",
        at,
        `no space between the kernel and its arguments: pygrub reads "${value}" as one path with no arguments; separate them with a space`,
      );
    }
    this.#checkPath(line.kernel, "kernel", at);
    if (line.args !== undefined && /(^|[\s])#/u.test(line.args)) {
      this.warn(
        "INLINE_COMMENT",
        at,
        "a # after the kernel is not a comment: pygrub passes it and everything after it to the kernel",
      );
    }
  }

  /** An `initrd` line. */
  setInitrd(value: string, at: LinePosition): void {
    this.#once("initrd", at);
    this.#initrd = readPath(value, this.dialect, at);
    if (pythonSplitWhitespace(value).length > 1) {
      this.warn("WHITESPACE_IN_PATH", at, `pygrub reads "${value}" as a single path`);
    }
    this.#checkPath(this.#initrd, "initrd", at);
  }

  /** A `module` line: kept in the model, ignored by pygrub. */
  addModule(value: string, at: LinePosition): void {
    const [file = "", args = ""] = pythonSplitWhitespace(value, 1);
    let bootFile: BootFile;
    try {
      bootFile = readPath(file, this.dialect, at);
    } catch {
      bootFile = { path: file };
    }
    this.#modules.push({ file: bootFile, args });
    this.warn(
      "IGNORED_BY_PYGRUB",
      at,
      `pygrub ignores module lines: under pygrub "${this.title}" boots without this module (use initrd for an initial ramdisk)`,
    );
  }

  /** The entry as pygrub sees it. */
  finish(end: LinePosition): ParsedBootEntry {
    if (this.#kernel === undefined) {
      this.warn("NO_KERNEL", end, `entry "${this.title}" has no kernel line: pygrub fails if it is chosen`);
    }
    return {
      title: this.title,
      line: this.line,
      modules: this.#modules,
      ...(this.#root === undefined ? {} : { root: this.#root }),
      ...(this.#kernel === undefined ? {} : { kernel: this.#kernel }),
      ...(this.#args === undefined ? {} : { args: this.#args }),
      ...(this.#initrd === undefined ? {} : { initrd: this.#initrd }),
    };
  }
}
