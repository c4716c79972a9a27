import { isDeepStrictEqual } from "node:util";
import type { BootEntry, BootMenu } from "./boot-entry.js";
import { formatBootFile } from "./boot-file.js";
import { DefaultEntryOutOfRangeError, InvalidMenuInputError } from "./errors.js";
import { formatGrubDevice } from "./grub-device.js";
import type { MenuLstDocument, MenuLstLine } from "./menu-lst-document.js";
import { parseMenuLst } from "./parse-menu-lst.js";
import type { ParsedBootEntry } from "./parsed-menu.js";
import { isPythonSpace, pythonInt } from "./python-text.js";
import { menuLstEntryLines, menuLstModuleLine } from "./render-menu-lst.js";
import { validateBootMenu } from "./validate-menu.js";

// Every edit works on the document's lines and re-parses the result, so the
// returned document always describes its own text. Lines an edit does not
// need to touch — comments, blank lines, directives pygrub ignores — are kept
// byte for byte.

interface Editable {
  readonly texts: string[];
  readonly crlf: boolean;
}

function editable(document: MenuLstDocument): Editable {
  const texts = document.lines.map((line) => line.text);
  return { texts, crlf: texts.length > 1 && (texts[0] ?? "").endsWith("\r") };
}

function finish(document: MenuLstDocument, edit: Editable): MenuLstDocument {
  return parseMenuLst(edit.texts.join("\n"), document.file === undefined ? {} : { file: document.file });
}

function leadingWhitespace(text: string): string {
  let end = 0;
  while (end < text.length && isPythonSpace(text.charAt(end))) end++;
  return text.slice(0, end);
}

/** `replacement` with the indentation and line ending of `original`. */
function restyle(original: string, replacement: string): string {
  return `${leadingWhitespace(original)}${replacement}${original.endsWith("\r") ? "\r" : ""}`;
}

function fresh(edit: Editable, text: string): string {
  return edit.crlf ? `${text}\r` : text;
}

function titleIndexes(document: MenuLstDocument): number[] {
  return document.lines.flatMap((line, i) => (line.kind === "title" ? [i] : []));
}

/** Lines [start, end) belonging to entry `k`: contiguous comments just above its title, the title, its body. */
function entryRange(document: MenuLstDocument, k: number): { start: number; title: number; end: number } {
  const titles = titleIndexes(document);
  const title = titles[k];
  if (title === undefined) throw new RangeError(`no entry ${String(k)}`);
  const commentsAbove = (at: number): number => {
    let start = at;
    while (start > 0 && document.lines[start - 1]?.kind === "comment") start--;
    return start;
  };
  const next = titles[k + 1];
  return {
    start: commentsAbove(title),
    title,
    end: next === undefined ? document.lines.length : commentsAbove(next),
  };
}

function entryIndent(document: MenuLstDocument): string {
  const firstBodyLine = document.lines.find((line) => line.kind === "directive" && line.entry !== undefined);
  return firstBodyLine === undefined ? "    " : leadingWhitespace(firstBodyLine.text) || "    ";
}

function checkEntryIndex(document: MenuLstDocument, index: number, allowEnd: boolean): void {
  const count = document.menu.entries.length;
  if (!Number.isSafeInteger(index) || index < 0 || index > count || (!allowEnd && index === count)) {
    throw new InvalidMenuInputError([
      {
        path: "index",
        message: `there is no entry ${String(index)}; the menu has ${String(count)} (0 to ${String(count - (allowEnd ? 0 : 1))} allowed)`,
      },
    ]);
  }
}

function setGlobal(
  document: MenuLstDocument,
  keyword: "default" | "timeout",
  value: number,
): MenuLstDocument {
  const edit = editable(document);
  const globals = document.lines
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.entry === undefined && line.kind !== "title");
  const existing = globals.filter(({ line }) => line.kind === "directive" && line.keyword === keyword).at(-1);
  const wanted = `${keyword}=${String(value)}`;
  if (existing !== undefined) {
    edit.texts[existing.i] = restyle(existing.line.text, wanted);
    return finish(document, edit);
  }
  const lastDirective = globals.filter(({ line }) => line.kind === "directive").at(-1);
  let at = lastDirective === undefined ? 0 : lastDirective.i + 1;
  if (lastDirective === undefined) while (document.lines[at]?.kind === "comment") at++;
  edit.texts.splice(at, 0, fresh(edit, wanted));
  return finish(document, edit);
}

/**
 * Sets the default entry, editing the `default` line in place (or adding one
 * before the first title). Everything else stays as it was.
 *
 * @example
 * ```ts
 * const edited = setMenuLstDefault(parseMenuLst(text), 2);
 * renderMenuLstDocument(edited); // same text, with default=2
 * ```
 */
export function setMenuLstDefault(document: MenuLstDocument, index: number): MenuLstDocument {
  const count = document.menu.entries.length;
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
    throw new DefaultEntryOutOfRangeError("default", index, count);
  }
  return setGlobal(document, "default", index);
}

/**
 * Sets the timeout in seconds, editing the `timeout` line in place or adding one.
 *
 * @example
 * ```ts
 * setMenuLstTimeout(parseMenuLst(text), 10);
 * ```
 */
export function setMenuLstTimeout(document: MenuLstDocument, seconds: number): MenuLstDocument {
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new InvalidMenuInputError([
      { path: "timeout", message: `${String(seconds)} is not a whole number of seconds (0 or more)` },
    ]);
  }
  return setGlobal(document, "timeout", seconds);
}

type Field = "root" | "kernel" | "initrd";

function wantedLine(entry: BootEntry, field: Field): string | undefined {
  switch (field) {
    case "root":
      return entry.root === undefined ? undefined : `root ${formatGrubDevice(entry.root)}`;
    case "kernel": {
      const kernel = formatBootFile(entry.kernel);
      return `kernel ${entry.args === "" ? kernel : `${kernel} ${entry.args}`}`;
    }
    case "initrd":
      return entry.initrd === undefined ? undefined : `initrd ${formatBootFile(entry.initrd)}`;
  }
}

function sameField(parsed: ParsedBootEntry, entry: BootEntry, field: Field): boolean {
  switch (field) {
    case "root":
      return isDeepStrictEqual(parsed.root, entry.root);
    case "kernel":
      return isDeepStrictEqual(parsed.kernel, entry.kernel) && (parsed.args ?? "") === entry.args;
    case "initrd":
      return isDeepStrictEqual(parsed.initrd, entry.initrd);
  }
}

type BodyField = Field | "module";

interface BodyLine {
  readonly field: BodyField | undefined;
  /** The line as parsed; absent for a line the edit adds. */
  readonly original?: MenuLstLine;
  /** The text to write; undefined drops the line. */
  text: string | undefined;
}

function fieldOf(line: MenuLstLine): BodyField | undefined {
  if (line.kind !== "directive") return undefined;
  if (line.keyword === "root" || line.keyword === "rootnoverify") return "root";
  if (line.keyword === "kernel" || line.keyword === "initrd" || line.keyword === "module")
    return line.keyword;
  return undefined;
}

/**
 * Replaces entry `index` with `entry`, touching only the lines that change:
 * the title if renamed, the `root`/`kernel`/`initrd` lines whose meaning
 * differs, the `module` lines if the modules differ. Comments and unknown
 * lines in the entry stay.
 *
 * @example
 * ```ts
 * const doc = parseMenuLst(customerMenu);
 * replaceMenuLstEntry(doc, 0, { ...entry, args: "root=/dev/xvda2 ro quiet" });
 * ```
 */
export function replaceMenuLstEntry(
  document: MenuLstDocument,
  index: number,
  entry: BootEntry,
): MenuLstDocument {
  checkEntryIndex(document, index, false);
  validateBootMenu({ default: 0, timeout: 0, entries: [entry] }, "menu.lst");
  const parsed = document.menu.entries[index];
  if (parsed === undefined) return document;
  const edit = editable(document);
  const range = entryRange(document, index);
  const indent = entryIndent(document);
  const body: BodyLine[] = document.lines
    .slice(range.title + 1, range.end)
    .map((line) => ({ field: fieldOf(line), original: line, text: line.text }));

  if (parsed.title !== entry.title) {
    edit.texts[range.title] = restyle(document.lines[range.title]?.text ?? "", `title ${entry.title}`);
  }
  const insertAfter = (after: readonly BodyField[], field: BodyField, text: string): void => {
    let at = -1;
    body.forEach((item, i) => {
      if (item.text !== undefined && item.field !== undefined && after.includes(item.field)) at = i;
    });
    body.splice(at + 1, 0, { field, text: fresh(edit, `${indent}${text}`) });
  };
  for (const field of ["root", "kernel", "initrd"] as const) {
    if (sameField(parsed, entry, field)) continue;
    const wanted = wantedLine(entry, field);
    const existing = body.filter((item) => item.field === field && item.original !== undefined);
    const last = existing.at(-1);
    for (const item of existing) if (item !== last || wanted === undefined) item.text = undefined;
    if (wanted === undefined) continue;
    if (last?.original !== undefined) {
      last.text = restyle(last.original.text, wanted);
    } else {
      insertAfter(field === "root" ? [] : field === "kernel" ? ["root"] : ["root", "kernel"], field, wanted);
    }
  }
  if (!isDeepStrictEqual(parsed.modules, entry.modules)) {
    for (const item of body)
      if (item.field === "module" && item.original !== undefined) item.text = undefined;
    for (const module of entry.modules) {
      insertAfter(["root", "kernel", "initrd", "module"], "module", menuLstModuleLine(module));
    }
  }
  const newBody = body.flatMap((item) => (item.text === undefined ? [] : [item.text]));
  edit.texts.splice(range.title + 1, range.end - range.title - 1, ...newBody);
  return finish(document, edit);
}

/**
 * Inserts `entry` so it becomes entry `index` (`index` = the entry count
 * appends). The default keeps pointing at the same kernel.
 *
 * @example
 * ```ts
 * insertMenuLstEntry(parseMenuLst(text), 0, rescueEntry);
 * ```
 */
export function insertMenuLstEntry(
  document: MenuLstDocument,
  index: number,
  entry: BootEntry,
): MenuLstDocument {
  checkEntryIndex(document, index, true);
  validateBootMenu({ default: 0, timeout: 0, entries: [entry] }, "menu.lst");
  const edit = editable(document);
  const lines = menuLstEntryLines(entry, entryIndent(document)).map((text) => fresh(edit, text));
  if (index < document.menu.entries.length) {
    edit.texts.splice(entryRange(document, index).start, 0, ...lines, fresh(edit, ""));
  } else {
    let at = edit.texts.length;
    const endsWithNewline = edit.texts.at(-1) === "";
    if (endsWithNewline) at--;
    const previous = edit.texts[at - 1];
    const separator = previous === undefined || /^\s*$/u.test(previous) ? [] : [fresh(edit, "")];
    edit.texts.splice(at, 0, ...separator, ...lines);
  }
  const shifted = finish(document, edit);
  const oldDefault = document.menu.default;
  return oldDefault >= index && oldDefault < document.menu.entries.length
    ? setMenuLstDefault(shifted, oldDefault + 1)
    : shifted;
}

/**
 * Removes entry `index` with its lines and the comment lines directly above
 * its title. The default keeps pointing at the same kernel, or moves to 0 if
 * it was the one removed. The last entry cannot be removed.
 *
 * @example
 * ```ts
 * removeMenuLstEntry(parseMenuLst(text), 1);
 * ```
 */
export function removeMenuLstEntry(document: MenuLstDocument, index: number): MenuLstDocument {
  checkEntryIndex(document, index, false);
  if (document.menu.entries.length === 1) {
    throw new InvalidMenuInputError([
      { path: "index", message: "cannot remove the only entry: pygrub fails on a menu without entries" },
    ]);
  }
  const edit = editable(document);
  const range = entryRange(document, index);
  const lastEntry = index === document.menu.entries.length - 1;
  const keepFinalNewline = lastEntry && edit.texts.at(-1) === "" ? 1 : 0;
  let start = range.start;
  if (lastEntry) while (start > 0 && document.lines[start - 1]?.kind === "blank") start--;
  edit.texts.splice(start, range.end - start - keepFinalNewline);
  const removed = finish(document, edit);
  const oldDefault = document.menu.default;
  if (oldDefault === index) return setMenuLstDefault(removed, 0);
  if (oldDefault > index && oldDefault < document.menu.entries.length)
    return setMenuLstDefault(removed, oldDefault - 1);
  return removed;
}

function asBootEntry(parsed: ParsedBootEntry | undefined): BootEntry | undefined {
  if (parsed?.kernel === undefined) return undefined;
  return {
    title: parsed.title,
    kernel: parsed.kernel,
    args: parsed.args ?? "",
    modules: parsed.modules,
    ...(parsed.root === undefined ? {} : { root: parsed.root }),
    ...(parsed.initrd === undefined ? {} : { initrd: parsed.initrd }),
  };
}

/**
 * Edits a parsed `menu.lst` so it boots `menu`, changing as few lines as it
 * can: entries that already mean the same are left alone, changed entries
 * are edited line by line, missing ones appended, extra ones removed; the
 * `default` and `timeout` lines are edited in place. Comments and lines pygrub
 * ignores are kept. `updateMenuLst(doc, sameMenu)` returns the text unchanged.
 *
 * @example
 * ```ts
 * const doc = parseMenuLst(existingText, { file: "/boot/grub/menu.lst" });
 * const updated = updateMenuLst(doc, wantedMenu);
 * renderMenuLstDocument(updated); // existing comments kept, entries as wanted
 * ```
 */
export function updateMenuLst(document: MenuLstDocument, menu: BootMenu): MenuLstDocument {
  validateBootMenu(menu, "menu.lst");
  let current = document;
  const shared = Math.min(current.menu.entries.length, menu.entries.length);
  for (let i = 0; i < shared; i++) {
    const wanted = menu.entries[i];
    if (wanted !== undefined && !isDeepStrictEqual(asBootEntry(current.menu.entries[i]), wanted)) {
      current = replaceMenuLstEntry(current, i, wanted);
    }
  }
  for (let i = shared; i < menu.entries.length; i++) {
    const wanted = menu.entries[i];
    if (wanted !== undefined) current = insertMenuLstEntry(current, current.menu.entries.length, wanted);
  }
  while (current.menu.entries.length > menu.entries.length) {
    current = removeMenuLstEntry(current, current.menu.entries.length - 1);
  }
  const unreadableDefault = current.diagnostics.some(
    (diagnostic) => diagnostic.code === "DEFAULT_NOT_A_NUMBER" || diagnostic.code === "DEFAULT_OUT_OF_RANGE",
  );
  if (current.menu.default !== menu.default || unreadableDefault)
    current = setMenuLstDefault(current, menu.default);
  const timeout = current.menu.timeout === undefined ? undefined : pythonInt(current.menu.timeout);
  if (timeout !== menu.timeout) current = setMenuLstTimeout(current, menu.timeout);
  return current;
}
