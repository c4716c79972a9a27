import { XenConfigEditError, XenConfigValueError, type XlSyntaxIssue } from "./errors.js";
import { LineIndex, type SourcePosition } from "./line-index.js";
import { readXlLong } from "./strtol.js";
import { analyseXlText, type XlAnalysis } from "./xl-analyse.js";
import { formatXlDocument, type XlFormatOptions } from "./xl-fmt.js";
import { insertIntoList, listLayout, removeFromList, resolveListSlot } from "./xl-list-edit.js";
import type { XlTextEncoding } from "./xl-parser.js";
import { renderXlDocument } from "./xl-render.js";
import { appendStatement, applySplices, statementRemoval, type TextSplice } from "./xl-splice.js";
import type { XlAssignmentNode, XlDocumentNode, XlListNode } from "./xl-syntax-tree.js";
import { encodeXlText } from "./xl-text-input.js";
import type { XlValue } from "./xl-value.js";
import { settingValue, type XlSetting } from "./xl-values.js";
import { writeXlValue, type XlInput } from "./xl-write-value.js";

const KEY = /^[a-z][._0-9a-z]*$/;

/**
 * A list element's address: an index, or a path of indexes into nested lists.
 *
 * @example
 * ```ts
 * config.setItem("cpus", [1, 0], "3"); // the first element of the second (nested) list
 * ```
 */
export type XlItemPath = number | readonly number[];

function pathOf(path: XlItemPath): readonly number[] {
  return typeof path === "number" ? [path] : path;
}

function checkKey(key: string): void {
  if (!KEY.test(key)) {
    throw new XenConfigEditError(key, `\`${key}\` is not a key xl accepts: keys match [a-z][a-z0-9_.]*`);
  }
}

/**
 * A parsed xl.cfg file: its lossless syntax tree, the values xl sees, and
 * immutable editing — every edit returns a new `XlConfig` whose text differs
 * from this one only where the edit was made.
 *
 * Create one with {@link parseXlConfig}.
 *
 * @example
 * ```ts
 * const config = parseXlConfig('name = "web1"\nmemory = 512 # MiB\n');
 * config.values();                  // { name: "web1", memory: "512" }
 * config.getNumber("memory");       // 512
 * config.set("memory", 1024).render(); // 'name = "web1"\nmemory = 1024 # MiB\n'
 * ```
 */
export class XlConfig {
  /** The text this config renders to. */
  readonly text: string;
  /** The file name used in messages. */
  readonly file: string;
  /** How the text maps to bytes (see {@link XlConfig.toBytes}). */
  readonly encoding: XlTextEncoding;
  /** The lossless syntax tree. */
  readonly document: XlDocumentNode;
  /** Things xl accepts but quietly changes or ignores (dropped octal escapes, a stray last character). */
  readonly warnings: readonly XlSyntaxIssue[];
  private readonly analysis: XlAnalysis;
  private lineIndex: LineIndex | undefined;

  /** @internal Use {@link parseXlConfig}. */
  constructor(analysis: XlAnalysis) {
    this.text = analysis.text;
    this.file = analysis.file;
    this.encoding = analysis.encoding;
    this.document = analysis.document;
    this.warnings = analysis.warnings;
    this.analysis = analysis;
  }

  /** Every key's setting, evaluated on first use. */
  private get settings(): ReadonlyMap<string, XlSetting> {
    return this.analysis.settings;
  }

  /**
   * The file rebuilt from the syntax tree — identical to the text it was parsed
   * from, byte for byte.
   *
   * @example
   * ```ts
   * parseXlConfig(text).render() === text; // true
   * ```
   */
  render(): string {
    return renderXlDocument(this.document);
  }

  /**
   * The rendered file as bytes: UTF-8, or one byte per character when the
   * config was parsed from bytes that were not valid UTF-8.
   *
   * @example
   * ```ts
   * await writeFile(path, config.toBytes());
   * ```
   */
  toBytes(): Uint8Array {
    return encodeXlText(this.render(), this.encoding);
  }

  /**
   * What xl sees: every key's final value (last assignment wins, `+=`
   * appended), numbers as their source text, lists as arrays. Keys are in order
   * of first appearance. The result is a fresh copy.
   *
   * @example
   * ```ts
   * parseXlConfig('cpus = [0, 2]\nmemory = 0x200\n').values();
   * // { cpus: ["0", "2"], memory: "0x200" }
   * ```
   */
  values(): Record<string, XlValue> {
    const values: Record<string, XlValue> = {};
    for (const [key, setting] of this.settings) values[key] = settingValue(setting);
    return values;
  }

  /**
   * The keys that have a value, in order of first appearance.
   *
   * @example
   * ```ts
   * parseXlConfig('a = 1\nb = 2\n').keys(); // ["a", "b"]
   * ```
   */
  keys(): string[] {
    return [...this.settings.keys()];
  }

  /**
   * Whether `key` has a value.
   *
   * @example
   * ```ts
   * parseXlConfig('a = 1\n').has("a"); // true
   * ```
   */
  has(key: string): boolean {
    return this.settings.has(key);
  }

  /**
   * The value of `key` as xl sees it, or `undefined`.
   *
   * @example
   * ```ts
   * parseXlConfig('vif = ["bridge=br0"]\n').get("vif"); // ["bridge=br0"]
   * ```
   */
  get(key: string): XlValue | undefined {
    const setting = this.settings.get(key);
    return setting === undefined ? undefined : settingValue(setting);
  }

  /**
   * The value of `key` when it is a string (or number), `undefined` when unset.
   * Throws {@link XenConfigValueError} for a list, as xl warns.
   *
   * @example
   * ```ts
   * parseXlConfig('name = "web1"\n').getString("name"); // "web1"
   * ```
   */
  getString(key: string): string | undefined {
    const setting = this.settings.get(key);
    if (setting === undefined) return undefined;
    if (setting.kind !== "string") {
      throw new XenConfigValueError(
        key,
        "is-list",
        `\`${key}\` is a list but should be a single value (${this.where(setting)})`,
      );
    }
    return settingValue(setting) as string;
  }

  /**
   * The value of `key` when it is a list, `undefined` when unset. Throws
   * {@link XenConfigValueError} for a single value, as xl warns.
   *
   * @example
   * ```ts
   * parseXlConfig('disk = []\n').getList("disk"); // []
   * ```
   */
  getList(key: string): XlValue[] | undefined {
    const setting = this.settings.get(key);
    if (setting === undefined) return undefined;
    if (setting.kind === "string") {
      throw new XenConfigValueError(
        key,
        "is-string",
        `\`${key}\` is a single value but should be a list (${this.where(setting)})`,
      );
    }
    return settingValue(setting) as XlValue[];
  }

  /**
   * Reads `key` as a number exactly like `xlu_cfg_get_long`: C `strtol` with
   * base 0 (`0x200` is 512, `010` is 8) on the whole value, 64-bit range, and
   * never a value built with `+=`. `undefined` when unset; otherwise throws
   * {@link XenConfigValueError} where xl would refuse.
   *
   * @example
   * ```ts
   * parseXlConfig("memory = 0x200\n").getLong("memory"); // 512n
   * ```
   */
  getLong(key: string): bigint | undefined {
    const setting = this.settings.get(key);
    if (setting === undefined) return undefined;
    const text = this.getString(key) ?? "";
    if (setting.appended) {
      throw new XenConfigValueError(
        key,
        "appended",
        `\`${key}\` is built with +=, which xl refuses for numbers (${this.where(setting)})`,
      );
    }
    const result = readXlLong(text);
    if (!result.ok) {
      const why = result.reason === "out-of-range" ? "out of range for a 64-bit long" : "not a valid number";
      throw new XenConfigValueError(
        key,
        result.reason,
        `\`${key}\` = \`${text}\` is ${why} (${this.where(setting)})`,
      );
    }
    return result.value;
  }

  /**
   * {@link XlConfig.getLong} as a JS number; throws when it does not fit
   * exactly.
   *
   * @example
   * ```ts
   * parseXlConfig("vcpus = 2\n").getNumber("vcpus"); // 2
   * ```
   */
  getNumber(key: string): number | undefined {
    const value = this.getLong(key);
    if (value === undefined) return undefined;
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new XenConfigValueError(
        key,
        "too-large",
        `\`${key}\` = ${String(value)} is too large for a JS number; use getLong`,
      );
    }
    return Number(value);
  }

  /**
   * Every assignment to `key` (or every assignment, without a key), in order.
   *
   * @example
   * ```ts
   * parseXlConfig('a = 1\na = 2\n').assignments("a").length; // 2
   * ```
   */
  assignments(key?: string): XlAssignmentNode[] {
    return this.document.children.filter(
      (node): node is XlAssignmentNode =>
        node.kind === "assignment" && (key === undefined || node.key === key),
    );
  }

  /**
   * Where `key` gets its value: the line and column of its last assignment.
   *
   * @example
   * ```ts
   * parseXlConfig('a = 1\nb = 2\n').locate("b"); // { line: 2, column: 1 }
   * ```
   */
  locate(key: string): SourcePosition | undefined {
    const last = this.settings.get(key)?.chain.at(-1);
    return last === undefined ? undefined : this.position(last.start);
  }

  /** The line and column of an offset in {@link XlConfig.text}. */
  position(offset: number): SourcePosition {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex.position(offset);
  }

  private where(setting: XlSetting): string {
    const last = setting.chain.at(-1);
    if (!last) return this.file;
    const { line, column } = this.position(last.start);
    return `${this.file}:${String(line)}:${String(column)}`;
  }

  /** A new config from edited text; an edit that breaks the file is a bug, reported as such. */
  private edited(key: string, splices: readonly TextSplice[]): XlConfig {
    const text = applySplices(this.text, splices);
    const analysis = analyseXlText(text, this.file, this.encoding);
    const first = analysis.errors[0];
    if (first) {
      throw new XenConfigEditError(
        key,
        `editing \`${key}\` would produce a file xl rejects (${first.message} at line ${String(first.line)}); nothing was changed`,
      );
    }
    return new XlConfig(analysis);
  }

  /**
   * Sets `key` to `value`, keeping everything else. An existing value is
   * replaced in place (its comment and spacing stay; a `+=` becomes `=`); a new
   * key is added at the end of the file.
   *
   * @example
   * ```ts
   * parseXlConfig('memory = 512 # MiB\n').set("memory", 1024).render(); // 'memory = 1024 # MiB\n'
   * ```
   */
  set(key: string, value: XlInput): XlConfig {
    checkKey(key);
    const last = this.settings.get(key)?.chain.at(-1);
    if (!last) {
      const statement = `${key} = ${writeXlValue(value, {}, key)}`;
      return this.edited(key, [appendStatement(this.text, this.document, statement)]);
    }
    const old = last.value;
    const quote = old.kind === "string" ? old.quote : old.kind === "list" ? listLayout(old).quote : undefined;
    const multiline =
      old.kind === "list" && listLayout(old).multiline && Array.isArray(value) && value.length > 0;
    const written = writeXlValue(
      value,
      { ...(quote ? { quote } : {}), ...(multiline ? { multilineIndent: this.indentOf(old) } : {}) },
      key,
    );
    const splices: TextSplice[] = [{ start: old.start, end: old.end, text: written }];
    if (last.operator === "+=") {
      const operatorStart = last.start + last.key.length + last.beforeOperator.length;
      splices.push({ start: operatorStart, end: operatorStart + 2, text: "=" });
    }
    return this.edited(key, splices);
  }

  private indentOf(list: XlListNode): string {
    const separator = listLayout(list).separator;
    return separator.startsWith("\n") ? separator.slice(1) : "    ";
  }

  /**
   * Removes every assignment to `key` (a statement alone on its line takes the
   * line and its comment with it). Removing a key that is not set changes
   * nothing.
   *
   * @example
   * ```ts
   * parseXlConfig('a = 1\nb = 2 # two\n').remove("b").render(); // 'a = 1\n'
   * ```
   */
  remove(key: string): XlConfig {
    const nodes = this.assignments(key);
    if (nodes.length === 0) return this;
    return this.edited(
      key,
      nodes.map((node) => statementRemoval(this.text, node)),
    );
  }

  private listSetting(key: string): XlSetting | undefined {
    const setting = this.settings.get(key);
    if (setting?.kind === "string") {
      throw new XenConfigEditError(key, `\`${key}\` is a string, not a list`);
    }
    return setting;
  }

  private itemText(key: string, list: XlListNode, item: XlInput): string {
    const quote = listLayout(list).quote;
    return writeXlValue(item, quote ? { quote } : {}, key);
  }

  /**
   * Appends `item` to the list `key` (creating `key = [ item ]` when unset),
   * matching the list's layout and quotes.
   *
   * @example
   * ```ts
   * parseXlConfig('disk = [ "a" ]\n').append("disk", "b").render(); // 'disk = [ "a", "b" ]\n'
   * ```
   */
  append(key: string, item: XlInput): XlConfig {
    checkKey(key);
    const setting = this.listSetting(key);
    if (!setting) return this.set(key, [item]);
    const length = setting.chain.reduce(
      (sum, node) => sum + (node.value.kind === "list" ? node.value.items.length : 0),
      0,
    );
    return this.insertItem(key, length, item);
  }

  /**
   * Inserts `item` before element `path` of the list `key` (or at its end when
   * the index equals the length). A path of several indexes reaches into
   * nested lists.
   *
   * @example
   * ```ts
   * parseXlConfig('cpus = [ "1" ]\n').insertItem("cpus", 0, "0").get("cpus"); // ["0", "1"]
   * ```
   */
  insertItem(key: string, path: XlItemPath, item: XlInput): XlConfig {
    checkKey(key);
    const setting = this.listSetting(key);
    if (!setting) throw new XenConfigEditError(key, `\`${key}\` is not set`);
    const slot = resolveListSlot(key, setting, pathOf(path), true);
    return this.edited(key, [insertIntoList(slot.list, slot.index, this.itemText(key, slot.list, item))]);
  }

  /**
   * Replaces element `path` of the list `key`.
   *
   * @example
   * ```ts
   * parseXlConfig('vif = [ "bridge=br0" ]\n').setItem("vif", 0, "bridge=br1").get("vif"); // ["bridge=br1"]
   * ```
   */
  setItem(key: string, path: XlItemPath, item: XlInput): XlConfig {
    checkKey(key);
    const setting = this.listSetting(key);
    if (!setting) throw new XenConfigEditError(key, `\`${key}\` is not set`);
    const slot = resolveListSlot(key, setting, pathOf(path), false);
    const old = slot.list.items[slot.index]?.value;
    if (!old) throw new XenConfigEditError(key, `\`${key}\` has no such element`);
    const quote = old.kind === "string" ? old.quote : listLayout(slot.list).quote;
    const text = writeXlValue(item, quote ? { quote } : {}, key);
    return this.edited(key, [{ start: old.start, end: old.end, text }]);
  }

  /**
   * Removes element `path` of the list `key`, with its separator (and its line,
   * in a one-element-per-line list).
   *
   * @example
   * ```ts
   * parseXlConfig('disk = [ "a", "b" ]\n').removeItem("disk", 0).get("disk"); // ["b"]
   * ```
   */
  removeItem(key: string, path: XlItemPath): XlConfig {
    checkKey(key);
    const setting = this.listSetting(key);
    if (!setting) throw new XenConfigEditError(key, `\`${key}\` is not set`);
    const slot = resolveListSlot(key, setting, pathOf(path), false);
    return this.edited(key, [removeFromList(this.text, slot.list, slot.index)]);
  }

  /**
   * The file in dom0kit's canonical layout: `key = value`, one statement per
   * line, lists on one line when short or one element per line, comments kept,
   * single final newline; quotes normalised unless asked to keep them. Values
   * are unchanged.
   *
   * @example
   * ```ts
   * parseXlConfig("memory=512;vcpus=2").fmt().render(); // "memory = 512\nvcpus = 2\n"
   * ```
   */
  fmt(options: XlFormatOptions = {}): XlConfig {
    const text = formatXlDocument(this.document, options);
    const analysis = analyseXlText(text, this.file, this.encoding);
    const first = analysis.errors[0];
    if (first)
      throw new XenConfigEditError(
        "",
        `formatting produced a file xl rejects (${first.message}); this is a bug`,
      );
    return new XlConfig(analysis);
  }
}
