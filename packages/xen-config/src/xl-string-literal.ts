/**
 * xl's quoted strings: where one ends, and what it means. Learned from
 * libxlutil's lexer (a string is `"…"` or `'…'` on one line; a backslash takes
 * the next character with it) and its dequoting, whose quirks are kept:
 * `\x..` is always an error, and an octal escape such as `\101` produces
 * nothing at all (xl consumes the digits and drops them).
 */

const BACKSLASH = 92;
const NEWLINE = 10;

/**
 * Finds the end of the string literal whose opening quote is at `start`.
 * Returns the offset just past the closing quote, or -1 when the string is not
 * closed before the end of the line or file.
 *
 * @example
 * ```ts
 * scanXlString('a = "x\\"y" # c', 4); // 10
 * scanXlString('a = "oops\n', 4);     // -1
 * ```
 */
export function scanXlString(text: string, start: number): number {
  const quote = text.charCodeAt(start);
  const length = text.length;
  let index = start + 1;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code === quote) return index + 1;
    if (code === NEWLINE) return -1;
    if (code === BACKSLASH) {
      if (index + 1 >= length || text.charCodeAt(index + 1) === NEWLINE) return -1;
      index += 2;
    } else {
      index += 1;
    }
  }
  return -1;
}

/**
 * Something dequoting found: where in the raw literal, and what.
 *
 * @example
 * ```ts
 * dequoteXlString('"\\101"').warnings[0]; // { offset: 1, text: "\\101", message: "xl drops octal escapes: …" }
 * ```
 */
export interface DequoteNote {
  /** Offset in the raw literal (0 is the opening quote). */
  readonly offset: number;
  /** The escape sequence concerned. */
  readonly text: string;
  readonly message: string;
}

/**
 * The value xl reads from a string literal, and anything worth reporting.
 *
 * @example
 * ```ts
 * const { value, errors } = dequoteXlString('"a\\tb"'); // value "a\tb", no errors
 * ```
 */
export interface DequoteResult {
  readonly value: string;
  /** Escapes xl rejects (the file is refused). */
  readonly errors: readonly DequoteNote[];
  /** Escapes xl accepts but silently drops. */
  readonly warnings: readonly DequoteNote[];
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  "\\": "\\",
  a: "\u0007",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\u000b",
};

/** How many leading characters C's strtoul(…, 10) consumes: blanks, a sign, digits. */
function strtoulDecimalLength(window: string): number {
  const match = /^[ \t\n\v\f\r]*[+-]?[0-9]+/.exec(window);
  return match ? match[0].length : 0;
}

/**
 * Dequotes a complete string literal (quotes included) the way xl does.
 *
 * @example
 * ```ts
 * dequoteXlString('"a\\tb"').value;   // "a\tb"
 * dequoteXlString('"x\\101y"').value; // "xy" — xl drops octal escapes
 * dequoteXlString('"\\x41"').errors;  // one error: xl rejects \x escapes
 * ```
 */
export function dequoteXlString(raw: string): DequoteResult {
  const last = raw.length - 1;
  if (raw.indexOf("\\", 1) < 0) return { value: raw.slice(1, last), errors: [], warnings: [] };
  const parts: string[] = [];
  const errors: DequoteNote[] = [];
  const warnings: DequoteNote[] = [];
  let chunkStart = 1;
  let index = 1;
  while (index < last) {
    if (raw.charCodeAt(index) !== BACKSLASH) {
      index += 1;
      continue;
    }
    parts.push(raw.slice(chunkStart, index));
    const escapeStart = index;
    const next = raw.charAt(index + 1);
    index += 2;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      parts.push(simple);
    } else if (next === "x") {
      errors.push({
        offset: escapeStart,
        text: raw.slice(escapeStart, Math.min(escapeStart + 4, last)),
        message: "xl rejects \\x escapes in strings — write the character itself",
      });
      return { value: parts.join(""), errors, warnings };
    } else if (next >= "0" && next <= "7") {
      const consumed = strtoulDecimalLength(raw.slice(index, Math.min(index + 3, raw.length)));
      if (consumed <= 1) {
        errors.push({
          offset: escapeStart,
          text: raw.slice(escapeStart, index + consumed),
          message:
            "xl rejects this octal escape (and drops the ones it accepts) — write the character itself",
        });
        return { value: parts.join(""), errors, warnings };
      }
      index += consumed;
      warnings.push({
        offset: escapeStart,
        text: raw.slice(escapeStart, index),
        message: "xl drops octal escapes: this sequence produces nothing in the value",
      });
    } else {
      errors.push({
        offset: escapeStart,
        text: raw.slice(escapeStart, index),
        message: `xl rejects the escape \\${next} — escapes it accepts: \\" \\' \\\\ \\a \\b \\f \\n \\r \\t \\v`,
      });
      return { value: parts.join(""), errors, warnings };
    }
    chunkStart = index;
  }
  parts.push(raw.slice(chunkStart, last));
  return { value: parts.join(""), errors, warnings };
}
