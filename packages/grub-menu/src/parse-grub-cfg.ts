import { readDefaultValue } from "./default-value.js";
import { EntryReader } from "./entry-reader.js";
import { GrubMenuSyntaxError } from "./errors.js";
import { grubExactSplit, grubSplit } from "./grub-split.js";
import { addMenuWarnings } from "./menu-warnings.js";
import type { ParseMenuOptions } from "./parse-menu-lst.js";
import type { MenuDiagnostic, ParsedBootEntry, ParsedMenu } from "./parsed-menu.js";
import { pythonStrip } from "./python-text.js";
import { columnIn, type LinePosition } from "./pygrub-reading.js";

/**
 * A parsed `grub.cfg`: the menu pygrub sees and what deserves a warning.
 *
 * @example
 * ```ts
 * const { menu, diagnostics } = parseGrubCfg(text, { file: "/boot/grub/grub.cfg" });
 * ```
 */
export interface GrubCfgDocument {
  readonly file?: string;
  readonly menu: ParsedMenu;
  readonly diagnostics: readonly MenuDiagnostic[];
}

interface SourceLine {
  readonly number: number;
  readonly raw: string;
  readonly stripped: string;
}

const MENUENTRY = /^menuentry ["'](.*?)["'] (.*)\{/su;
const QUOTED = /^(["'])(.*)\1/su;
const TOP_LEVEL_IGNORED = new Set(["terminal", "insmod", "load_env", "save_env", "search", "if", "fi"]);
const ENTRY_IGNORED = new Set(["echo", "insmod", "search"]);

function position(file: string | undefined, line: SourceLine, value: string): LinePosition {
  return { file, line: line.number, column: columnIn(line.raw, line.stripped.length - value.length) };
}

/** pygrub's `grub2_handle_set`: `set name=value`, one optional pair of quotes removed. */
function readSet(argument: string, at: LinePosition): [string, string] {
  const parts = grubSplit(argument, 2);
  if (parts.length !== 2) {
    throw new GrubMenuSyntaxError(
      at,
      `pygrub reads set lines as exactly "set name=value" and raises ValueError on "set ${argument}"` +
        (parts.length > 2 ? " (a second = or a space in the value; quote nothing that contains =)" : ""),
    );
  }
  const [name = "", value = ""] = parts;
  const quoted = QUOTED.exec(value);
  return [`set:${name}`, quoted === null ? value : (quoted[2] ?? "")];
}

function readEntryLine(reader: EntryReader, line: SourceLine, file: string | undefined): void {
  let [keyword = "", value = ""] = grubExactSplit(line.stripped, 2);
  const at = position(file, line, value);
  if (keyword === "set") [keyword, value] = readSet(value, at);
  const trimmed = pythonStrip(value);
  switch (keyword) {
    case "set:root":
      reader.setRoot(trimmed, at);
      return;
    case "linux":
    case "linux16":
      reader.setKernel(trimmed, at);
      return;
    case "initrd":
    case "initrd16":
      reader.setInitrd(trimmed, at);
      return;
    default:
      if (ENTRY_IGNORED.has(keyword) || keyword.startsWith("set:")) return;
      reader.warn(
        "UNKNOWN_DIRECTIVE",
        at,
        `pygrub does not know "${keyword}" inside a menuentry and ignores the line`,
      );
  }
}

interface TopState {
  defaultIndex: number;
  defaultAt: LinePosition | undefined;
  timeout: string | undefined;
  hasPassword: boolean;
}

function readTopLine(
  line: SourceLine,
  file: string | undefined,
  state: TopState,
  diagnostics: MenuDiagnostic[],
): void {
  let [keyword = "", value = ""] = grubExactSplit(line.stripped, 2);
  const at = position(file, line, value);
  const warn = (code: MenuDiagnostic["code"], message: string, column = at.column): void => {
    diagnostics.push({ code, message, ...(file === undefined ? {} : { file }), line: at.line, column });
  };
  if (keyword === "set") [keyword, value] = readSet(value, at);
  let trimmed = pythonStrip(value);
  if (keyword === "set:default" || keyword === "set:root" || keyword === "set:timeout") {
    if (trimmed === "${saved_entry}" || trimmed === "${next_entry}") {
      warn("DEFAULT_NOT_A_NUMBER", `pygrub does not support ${trimmed} and uses 0`);
      trimmed = "0";
    }
  }
  switch (keyword) {
    case "set:default": {
      const parsed = readDefaultValue(trimmed, at);
      state.defaultIndex = parsed.index;
      state.defaultAt = at;
      if (!parsed.numeric) {
        warn(
          "DEFAULT_NOT_A_NUMBER",
          `pygrub reads only a number as the default and boots entry 0 for "${trimmed}"`,
        );
      }
      return;
    }
    case "set:timeout":
      state.timeout = trimmed;
      return;
    case "set:root":
      return;
    default:
      if (TOP_LEVEL_IGNORED.has(keyword) || keyword.startsWith("set:")) return;
      warn(
        "UNKNOWN_DIRECTIVE",
        `pygrub does not know "${keyword}" and ignores the line`,
        columnIn(line.raw, 0),
      );
  }
}

/**
 * Parses a GRUB 2 `grub.cfg` exactly as pygrub (Xen 4.17) reads it: only
 * `menuentry` blocks opened on one line (`menuentry 'T' … {`), `set`,
 * `linux`/`linux16`, `initrd`/`initrd16`; `function` bodies are skipped and
 * `submenu` entries are flattened into one list. Throws
 * {@link GrubMenuSyntaxError} wherever pygrub raises (a nested or unclosed
 * menuentry, a stray `}`, a `set` it cannot split, a bad device).
 * Partitions come back in GRUB legacy numbering (GRUB 2's `msdos1` is 0).
 *
 * @example
 * ```ts
 * const { menu } = parseGrubCfg("set default=0\nmenuentry 'Debian' {\n\tlinux /vmlinuz ro\n}\n");
 * menu.entries[0]?.args; // "ro"
 * ```
 */
export function parseGrubCfg(text: string, options: ParseMenuOptions = {}): GrubCfgDocument {
  const file = options.file;
  const diagnostics: MenuDiagnostic[] = [];
  const entries: ParsedBootEntry[] = [];
  const state: TopState = { defaultIndex: 0, defaultAt: undefined, timeout: undefined, hasPassword: false };
  let inFunction = false;
  let functionStart: SourceLine | undefined;
  let open: { title: string; line: SourceLine; body: SourceLine[] } | undefined;
  let submenuLevel = 0;
  let submenuSeen = false;
  const sourceLines = text.split("\n");

  sourceLines.forEach((raw, i) => {
    const line: SourceLine = { number: i + 1, raw, stripped: pythonStrip(raw) };
    const l = line.stripped;
    if (l.length === 0 || l.startsWith("#")) return;
    if (l.startsWith("function")) {
      inFunction = true;
      functionStart = line;
      return;
    }
    if (inFunction) {
      if (l.startsWith("}")) inFunction = false;
      return;
    }
    const entryStart = MENUENTRY.exec(l);
    if (entryStart !== null) {
      if (open !== undefined) {
        throw new GrubMenuSyntaxError(
          { file, line: line.number, column: columnIn(raw, 0) },
          `a menuentry inside the menuentry "${open.title}" opened on line ${String(open.line.number)}; pygrub raises "cannot nest menuentry". Close it with } first`,
        );
      }
      open = { title: entryStart[1] ?? "", line, body: [] };
      return;
    }
    if (l.startsWith("submenu")) {
      submenuLevel++;
      submenuSeen = true;
      return;
    }
    if (l.startsWith("}")) {
      if (open === undefined) {
        if (submenuLevel > 0) {
          submenuLevel--;
          return;
        }
        throw new GrubMenuSyntaxError(
          { file, line: line.number, column: columnIn(raw, 0) },
          `a } with no menuentry open; pygrub raises "closing brace without menuentry". ` +
            `pygrub only sees a menuentry written on one line as: menuentry 'Title' {`,
        );
      }
      const reader = new EntryReader(open.title, open.line.number, entries.length, "grub2", diagnostics);
      for (const bodyLine of open.body) readEntryLine(reader, bodyLine, file);
      entries.push(reader.finish({ file, line: open.line.number, column: 1 }));
      open = undefined;
      return;
    }
    if (open !== undefined) {
      open.body.push(line);
      return;
    }
    readTopLine(line, file, state, diagnostics);
  });

  if (open !== undefined) {
    throw new GrubMenuSyntaxError(
      { file, line: open.line.number, column: 1 },
      `the menuentry "${open.title}" is never closed; pygrub raises "end of file with open menuentry". Add a line with }`,
    );
  }
  if (functionStart !== undefined) {
    diagnostics.push({
      code: "SKIPPED_BY_PYGRUB",
      message: "pygrub skips function definitions (up to the next line starting with })",
      ...(file === undefined ? {} : { file }),
      line: functionStart.number,
      column: 1,
    });
  }
  if (submenuSeen) {
    diagnostics.push({
      code: "SKIPPED_BY_PYGRUB",
      message: "pygrub flattens submenus: entry numbers count every menuentry in file order",
      ...(file === undefined ? {} : { file }),
      line: 1,
      column: 1,
    });
  }
  addMenuWarnings(entries.length, state.defaultIndex, state.defaultAt, diagnostics, file, sourceLines.length);
  return {
    ...(file === undefined ? {} : { file }),
    menu: {
      default: state.defaultIndex,
      ...(state.timeout === undefined ? {} : { timeout: state.timeout }),
      entries,
      hasPassword: state.hasPassword,
    },
    diagnostics,
  };
}
