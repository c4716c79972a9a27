import { XenConfigEditError } from "./errors.js";

const NUMBER_TOKEN = /^[0-9][0-9a-fx]*$/;

/**
 * A number written exactly as given (`0x200`, `010`), for values that must keep
 * a particular spelling. Plain JS numbers are written in decimal.
 *
 * @example
 * ```ts
 * config.set("memory", xlNumber("0x400"));
 * ```
 */
export class XlNumberLiteral {
  readonly raw: string;

  constructor(raw: string) {
    if (!NUMBER_TOKEN.test(raw)) {
      throw new XenConfigEditError("", `\`${raw}\` is not an xl number token: numbers match [0-9][0-9a-fx]*`);
    }
    this.raw = raw;
  }
}

/**
 * Builds an {@link XlNumberLiteral}.
 *
 * @example
 * ```ts
 * xlNumber("0x200").raw; // "0x200"
 * ```
 */
export function xlNumber(raw: string): XlNumberLiteral {
  return new XlNumberLiteral(raw);
}

/**
 * A value to write into a config: strings are quoted, non-negative integers
 * (number or bigint) and {@link XlNumberLiteral}s become number tokens,
 * arrays become lists.
 *
 * @example
 * ```ts
 * const disks: XlInput = ["phy:/dev/vg/web1,xvda,w"];
 * const memory: XlInput = 1024;
 * ```
 */
export type XlInput = string | number | bigint | XlNumberLiteral | readonly XlInput[];

/**
 * How to write strings.
 *
 * @example
 * ```ts
 * quoteXlString("web1", { quote: "'" }); // "'web1'"
 * ```
 */
export interface XlQuoteStyle {
  /** The quote to use when the string does not contain it. @default '"' */
  readonly quote?: '"' | "'";
}

/**
 * Quotes a string so that xl reads back exactly `value`: backslashes, the quote
 * and newlines are escaped; the other quote is used when that avoids escapes.
 * Throws for a NUL character, which xl cannot read.
 *
 * @example
 * ```ts
 * quoteXlString('say "hi"');   // `'say "hi"'`
 * quoteXlString("a\nb");       // `"a\nb"` (escaped newline)
 * ```
 */
export function quoteXlString(value: string, style: XlQuoteStyle = {}): string {
  if (value.includes("\0")) {
    throw new XenConfigEditError("", "a string with a NUL character cannot be written: xl cannot read it");
  }
  const preferred = style.quote ?? '"';
  const other = preferred === '"' ? "'" : '"';
  const quote = value.includes(preferred) && !value.includes(other) ? other : preferred;
  let body = value;
  if (/[\\\n"']/.test(value)) {
    body = value.replace(/[\\\n"']/g, (char) => {
      if (char === "\\") return "\\\\";
      if (char === "\n") return "\\n";
      return char === quote ? `\\${char}` : char;
    });
  }
  return quote + body + quote;
}

function writeNumber(value: number | bigint, key: string): string {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new XenConfigEditError(
      key,
      `${String(value)} is not a whole number: xl numbers are integers — pass a string to write it quoted`,
    );
  }
  if (value < 0) {
    throw new XenConfigEditError(
      key,
      `${String(value)}: xl numbers cannot be negative — pass a string to write it quoted`,
    );
  }
  return String(value);
}

/** Layout for lists written by {@link writeXlValue}. */
export interface XlListLayout extends XlQuoteStyle {
  /** Put each element on its own line with this indent (a trailing comma follows the last). */
  readonly multilineIndent?: string;
}

function writeAtom(value: Exclude<XlInput, readonly XlInput[]>, style: XlQuoteStyle, key: string): string {
  if (typeof value === "string") return quoteXlString(value, style);
  if (typeof value === "number" || typeof value === "bigint") return writeNumber(value, key);
  return value.raw;
}

/** `[ a, [ b ] ]`, built without recursion (lists may nest deeply). */
function writeInline(value: XlInput, style: XlQuoteStyle, key: string): string {
  const parts: string[] = [];
  const work: ({ readonly text: string } | { readonly value: XlInput })[] = [{ value }];
  while (work.length > 0) {
    const next = work.pop();
    if (next === undefined) break;
    if ("text" in next) {
      parts.push(next.text);
      continue;
    }
    const item = next.value;
    if (!Array.isArray(item)) {
      parts.push(writeAtom(item as Exclude<XlInput, readonly XlInput[]>, style, key));
      continue;
    }
    const list = item as readonly XlInput[];
    if (list.length === 0) {
      parts.push("[ ]");
      continue;
    }
    work.push({ text: " ]" });
    for (let index = list.length - 1; index >= 0; index--) {
      work.push({ value: list[index] ?? "" });
      if (index > 0) work.push({ text: ", " });
    }
    parts.push("[ ");
  }
  return parts.join("");
}

/**
 * Writes a value as xl syntax.
 *
 * @example
 * ```ts
 * writeXlValue(["a", 1, [2]]); // `[ "a", 1, [ 2 ] ]`
 * writeXlValue([]);            // `[ ]`
 * ```
 */
export function writeXlValue(value: XlInput, layout: XlListLayout = {}, key = ""): string {
  const style: XlQuoteStyle = layout.quote ? { quote: layout.quote } : {};
  const indent = layout.multilineIndent;
  if (indent !== undefined && Array.isArray(value) && value.length > 0) {
    const items = (value as readonly XlInput[]).map((item) => `${indent}${writeInline(item, style, key)},\n`);
    return `[\n${items.join("")}]`;
  }
  return writeInline(value, style, key);
}
