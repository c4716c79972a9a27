import { formatBootFile, formatGrub2BootFile } from "./boot-file.js";
import { GrubMenuError, GrubMenuSyntaxError } from "./errors.js";
import type { MenuFormat } from "./menu-text.js";
import { parseGrubCfg } from "./parse-grub-cfg.js";
import { parseMenuLst } from "./parse-menu-lst.js";
import type { MenuDiagnostic, ParsedMenu } from "./parsed-menu.js";
import { pygrubBootChoice } from "./pygrub-boot-choice.js";

/** pygrub reads at most this many bytes of a menu (`FS_READ_MAX`). */
export const PYGRUB_READ_LIMIT = 1024 * 1024;

/** One entry of a {@link MenuCheckReport}: what it boots under pygrub. */
export interface MenuCheckEntry {
  readonly index: number;
  readonly title: string;
  /** 1-based line of its title. */
  readonly line: number;
  /** True for the entry pygrub boots when nobody chooses. */
  readonly isDefault: boolean;
  /** The kernel as written (with its device, if any); absent when the entry has none. */
  readonly kernel?: string;
  readonly initrd?: string;
  /** Kernel arguments exactly as the kernel receives them. */
  readonly args: string;
  /** Module lines (pygrub ignores them). */
  readonly modules: readonly string[];
  /** False when pygrub fails if this entry is chosen. */
  readonly bootable: boolean;
}

/**
 * What a menu boots, entry by entry, as pygrub reads it — or why pygrub
 * would not read it at all.
 *
 * @example
 * ```ts
 * const report = checkMenuText(text, { file: "menu.lst" });
 * if (!report.ok) console.error(report.error?.message);
 * ```
 */
export interface MenuCheckReport {
  readonly file?: string;
  readonly format: MenuFormat;
  /** True when pygrub reads the menu and can boot its default entry. */
  readonly ok: boolean;
  /** Why pygrub cannot read the file (then `entries` is empty). */
  readonly error?: {
    readonly code: string;
    readonly message: string;
    readonly line?: number;
    readonly column?: number;
  };
  /** The entry pygrub boots by default (after its fallback to 0). */
  readonly defaultEntry?: number;
  readonly timeout?: string;
  readonly entries: readonly MenuCheckEntry[];
  readonly diagnostics: readonly MenuDiagnostic[];
}

/** Options of {@link checkMenuText} and {@link checkMenuBytes}. */
export interface CheckMenuOptions {
  /** File name, for messages and to guess the format. */
  readonly file?: string;
  /** The format; guessed from the file name, then the content, when absent. */
  readonly format?: MenuFormat;
}

/**
 * The format of a menu: from its file name (`grub.cfg` → GRUB 2;
 * `menu.lst`, `grub.conf` → GRUB legacy), else from its content (a
 * `menuentry` line means GRUB 2).
 *
 * @example
 * ```ts
 * guessMenuFormat("/boot/grub/grub.cfg", ""); // "grub.cfg"
 * guessMenuFormat(undefined, "title x\nkernel /x\n"); // "menu.lst"
 * ```
 */
export function guessMenuFormat(file: string | undefined, text: string): MenuFormat {
  const name = file?.slice(file.lastIndexOf("/") + 1) ?? "";
  if (name.endsWith(".cfg")) return "grub.cfg";
  if (name === "menu.lst" || name.endsWith(".conf") || name.endsWith(".lst")) return "menu.lst";
  return /^\s*menuentry\s/mu.test(text) ? "grub.cfg" : "menu.lst";
}

function describe(menu: ParsedMenu, format: MenuFormat): MenuCheckEntry[] {
  const fmt = format === "grub.cfg" ? formatGrub2BootFile : formatBootFile;
  const chosen = pygrubBootChoice(menu);
  return menu.entries.map((entry, index) => ({
    index,
    title: entry.title,
    line: entry.line,
    isDefault: chosen.index === index,
    ...(entry.kernel === undefined ? {} : { kernel: fmt(entry.kernel) }),
    ...(entry.initrd === undefined ? {} : { initrd: fmt(entry.initrd) }),
    args: entry.args ?? "",
    modules: entry.modules.map(
      (module) => `${formatBootFile(module.file)}${module.args === "" ? "" : ` ${module.args}`}`,
    ),
    bootable: entry.kernel !== undefined,
  }));
}

/**
 * Reads a menu the way pygrub does and reports what each entry boots:
 * kernel, initrd, arguments, which one is the default, warnings, or the
 * error that would stop pygrub. Never throws for a bad menu.
 *
 * @example
 * ```ts
 * const report = checkMenuText("default=0\ntitle Debian\n  kernel /vmlinuz ro\n", { file: "menu.lst" });
 * report.entries[0]; // { index: 0, title: "Debian", kernel: "/vmlinuz", args: "ro", isDefault: true, … }
 * ```
 */
export function checkMenuText(text: string, options: CheckMenuOptions = {}): MenuCheckReport {
  const format = options.format ?? guessMenuFormat(options.file, text);
  const file = options.file === undefined ? {} : { file: options.file };
  const parseOptions = options.file === undefined ? {} : { file: options.file };
  try {
    const parsed =
      format === "grub.cfg" ? parseGrubCfg(text, parseOptions) : parseMenuLst(text, parseOptions);
    const choice = pygrubBootChoice(parsed.menu);
    return {
      ...file,
      format,
      ok: choice.ok,
      ...(choice.index === undefined ? {} : { defaultEntry: choice.index }),
      ...(parsed.menu.timeout === undefined ? {} : { timeout: parsed.menu.timeout }),
      entries: describe(parsed.menu, format),
      diagnostics: parsed.diagnostics,
    };
  } catch (error) {
    if (!(error instanceof GrubMenuError)) throw error;
    return {
      ...file,
      format,
      ok: false,
      error: {
        code: error.code,
        message: error.message,
        ...(error instanceof GrubMenuSyntaxError ? { line: error.line, column: error.column } : {}),
      },
      entries: [],
      diagnostics: [],
    };
  }
}

function decodes(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Where the first byte that is not UTF-8 is (a prefix that decodes stays decodable when shortened). */
function badUtf8(bytes: Uint8Array, file: string | undefined): GrubMenuSyntaxError {
  let good = 0;
  let bad = bytes.length;
  if (decodes(bytes)) good = bad; // only an unfinished last character is wrong
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (decodes(bytes.subarray(0, middle))) good = middle;
    else bad = middle;
  }
  const before = new TextDecoder("utf-8").decode(bytes.subarray(0, good));
  const lines = before.split("\n");
  return new GrubMenuSyntaxError(
    { file, line: lines.length, column: Array.from(lines.at(-1) ?? "").length + 1 },
    "the file is not valid UTF-8 here; pygrub decodes the menu as UTF-8 and raises UnicodeDecodeError",
  );
}

/**
 * {@link checkMenuText} for the bytes of a file, as pygrub reads them: only
 * the first 1 MiB, decoded as UTF-8 (a file that is not UTF-8 does not boot).
 *
 * @example
 * ```ts
 * const report = checkMenuBytes(await readFile("/mnt/vm1/boot/grub/menu.lst"), { file: "menu.lst" });
 * ```
 */
export function checkMenuBytes(bytes: Uint8Array, options: CheckMenuOptions = {}): MenuCheckReport {
  const read = bytes.subarray(0, PYGRUB_READ_LIMIT);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(read);
  } catch {
    const error = badUtf8(read, options.file);
    return {
      ...(options.file === undefined ? {} : { file: options.file }),
      format: options.format ?? guessMenuFormat(options.file, ""),
      ok: false,
      error: { code: error.code, message: error.message, line: error.line, column: error.column },
      entries: [],
      diagnostics: [],
    };
  }
  const report = checkMenuText(text, options);
  if (bytes.length <= PYGRUB_READ_LIMIT) return report;
  return {
    ...report,
    diagnostics: [
      ...report.diagnostics,
      {
        code: "TRUNCATED_BY_PYGRUB",
        message: `the file is ${String(bytes.length)} bytes; pygrub reads only the first ${String(PYGRUB_READ_LIMIT)}`,
        ...(options.file === undefined ? {} : { file: options.file }),
        line: text.split("\n").length,
        column: 1,
      },
    ],
  };
}
