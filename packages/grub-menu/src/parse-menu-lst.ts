import { readDefaultValue } from "./default-value.js";
import { EntryReader } from "./entry-reader.js";
import { addMenuWarnings } from "./menu-warnings.js";
import { grubExactSplit } from "./grub-split.js";
import type { MenuLstDocument, MenuLstLine } from "./menu-lst-document.js";
import type { MenuDiagnostic, ParsedBootEntry } from "./parsed-menu.js";
import { isPythonSpace, pythonSliceFrom, pythonStrip } from "./python-text.js";
import { columnIn, readPath, type LinePosition } from "./pygrub-reading.js";

/** Options of {@link parseMenuLst}. */
export interface ParseMenuOptions {
  /** File name used in errors and diagnostics. @default "<menu>" in messages */
  readonly file?: string;
}

/** Global directives pygrub reads (before the first title). */
const GLOBAL_DIRECTIVES = new Set([
  "default",
  "timeout",
  "fallback",
  "hiddenmenu",
  "splashimage",
  "password",
]);
/** Global directives pygrub knows and ignores. */
const IGNORED_GLOBALS = new Set([
  "bootp",
  "color",
  "device",
  "dhcp",
  "hide",
  "ifconfig",
  "pager",
  "partnew",
  "parttype",
  "rarp",
  "serial",
  "setkey",
  "terminal",
  "terminfo",
  "tftpserver",
  "unhide",
]);

interface GlobalState {
  defaultIndex: number;
  defaultAt: LinePosition | undefined;
  timeout: string | undefined;
  hasPassword: boolean;
  readonly seen: Set<string>;
}

function readGlobal(
  keyword: string,
  value: string,
  at: LinePosition,
  atKeyword: LinePosition,
  state: GlobalState,
  diagnostics: MenuDiagnostic[],
): void {
  const warn = (code: MenuDiagnostic["code"], message: string, where = at): void => {
    diagnostics.push({
      code,
      message,
      ...(where.file === undefined ? {} : { file: where.file }),
      line: where.line,
      column: where.column,
    });
  };
  if (GLOBAL_DIRECTIVES.has(keyword) && state.seen.has(keyword)) {
    warn("REPEATED_DIRECTIVE", `a second ${keyword} line: pygrub uses the last one`, atKeyword);
  }
  state.seen.add(keyword);
  switch (keyword) {
    case "default": {
      const parsed = readDefaultValue(value, at);
      state.defaultIndex = parsed.index;
      state.defaultAt = at;
      if (!parsed.numeric) {
        warn(
          "DEFAULT_NOT_A_NUMBER",
          `pygrub cannot read "${value}" as an entry number and boots entry 0; write default=N (no spaces around =)`,
        );
      }
      return;
    }
    case "timeout":
      state.timeout = value;
      return;
    case "password":
      state.hasPassword = true;
      return;
    case "splashimage":
      readPath(value, "legacy", at);
      return;
    case "fallback":
    case "hiddenmenu":
      return;
    default:
      if (!IGNORED_GLOBALS.has(keyword))
        warn("UNKNOWN_DIRECTIVE", `pygrub does not know "${keyword}" and ignores the line`, atKeyword);
  }
}

function readEntryLine(
  reader: EntryReader,
  keyword: string,
  value: string,
  at: LinePosition,
  atKeyword: LinePosition,
): void {
  switch (keyword) {
    case "root":
    case "rootnoverify":
      reader.setRoot(value, at);
      return;
    case "kernel":
      reader.setKernel(value, at);
      return;
    case "initrd":
      reader.setInitrd(value, at);
      return;
    case "module":
      reader.addModule(value, at);
      return;
    case "chainloader":
      reader.warn("IGNORED_BY_PYGRUB", atKeyword, "pygrub ignores chainloader lines");
      return;
    default:
      if (GLOBAL_DIRECTIVES.has(keyword)) {
        reader.warn(
          "GLOBAL_AFTER_TITLE",
          atKeyword,
          `pygrub reads ${keyword} only before the first title; here it is part of entry "${reader.title}" and ignored`,
        );
      } else {
        reader.warn("UNKNOWN_DIRECTIVE", atKeyword, `pygrub does not know "${keyword}" and ignores the line`);
      }
  }
}

/**
 * Parses a GRUB legacy `menu.lst` exactly as pygrub (Xen 4.17) reads it, and
 * keeps every line so edits can leave comments and unknown lines untouched.
 * Throws {@link GrubMenuSyntaxError} (with file:line:column) wherever pygrub
 * itself raises; everything pygrub accepts but reads surprisingly comes back
 * as a diagnostic.
 *
 * @example
 * ```ts
 * const doc = parseMenuLst("default=0\ntimeout=5\n\ntitle Debian\n  root (hd0,0)\n  kernel /vmlinuz ro\n");
 * doc.menu.entries[0]?.kernel?.path; // "/vmlinuz"
 * doc.menu.entries[0]?.args; // "ro"
 * ```
 */
export function parseMenuLst(text: string, options: ParseMenuOptions = {}): MenuLstDocument {
  const file = options.file;
  const diagnostics: MenuDiagnostic[] = [];
  const lines: MenuLstLine[] = [];
  const entries: ParsedBootEntry[] = [];
  const state: GlobalState = {
    defaultIndex: 0,
    defaultAt: undefined,
    timeout: undefined,
    hasPassword: false,
    seen: new Set(),
  };
  let reader: EntryReader | undefined;
  let readerLines = 0;
  let titleCount = 0;
  let lastLine = 0;

  text.split("\n").forEach((raw, i) => {
    const number = i + 1;
    lastLine = number;
    const stripped = pythonStrip(raw);
    const entry = reader === undefined ? {} : { entry: reader.index };
    if (stripped.length === 0) {
      lines.push({ number, text: raw, kind: "blank", ...entry });
      return;
    }
    if (stripped.startsWith("#")) {
      lines.push({ number, text: raw, kind: "comment", ...entry });
      return;
    }
    if (stripped.startsWith("title")) {
      if (reader !== undefined) entries.push(reader.finish({ file, line: reader.line, column: 1 }));
      const title = pythonStrip(pythonSliceFrom(stripped, 6));
      reader = new EntryReader(title, number, titleCount, "legacy", diagnostics);
      readerLines = 0;
      titleCount++;
      const glue = Array.from(stripped)[5];
      if (glue !== undefined && glue !== "=" && !isPythonSpace(glue)) {
        reader.warn(
          "GLUED_TITLE",
          { file, line: number, column: columnIn(raw, 5) },
          `pygrub drops the character after "title", so this entry is called "${title}"; put a space after title`,
        );
      }
      lines.push({ number, text: raw, kind: "title", value: title, entry: reader.index });
      return;
    }
    const [keyword = "", value = ""] = grubExactSplit(stripped, 2);
    const at: LinePosition = { file, line: number, column: columnIn(raw, stripped.length - value.length) };
    const atKeyword: LinePosition = { file, line: number, column: columnIn(raw, 0) };
    const trimmedValue = pythonStrip(value);
    lines.push({ number, text: raw, kind: "directive", keyword, value: trimmedValue, ...entry });
    if (reader !== undefined) {
      readerLines++;
      readEntryLine(reader, keyword, trimmedValue, at, atKeyword);
    } else {
      readGlobal(keyword, trimmedValue, at, atKeyword, state, diagnostics);
    }
  });

  if (reader !== undefined) {
    if (readerLines > 0) {
      entries.push(reader.finish({ file, line: reader.line, column: 1 }));
    } else {
      diagnostics.push({
        code: "EMPTY_LAST_ENTRY",
        message: `the last entry "${reader.title}" has no lines, so pygrub leaves it out of the menu`,
        ...(file === undefined ? {} : { file }),
        line: reader.line,
        column: 1,
        entry: reader.index,
      });
    }
  }
  addMenuWarnings(entries.length, state.defaultIndex, state.defaultAt, diagnostics, file, lastLine);

  return {
    ...(file === undefined ? {} : { file }),
    lines,
    menu: {
      default: state.defaultIndex,
      ...(state.timeout === undefined ? {} : { timeout: state.timeout }),
      entries,
      hasPassword: state.hasPassword,
    },
    diagnostics,
  };
}
