/**
 * A tokenizer for the subset of Python that legacy xm configs use. It never
 * executes anything; it only splits text into names, numbers, strings,
 * operators and logical lines (Python's implicit joining inside brackets and
 * backslash continuation included).
 */

/** A token with its offset in the text. */
export type XmToken =
  | { readonly kind: "name"; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: "number"; readonly text: string; readonly start: number; readonly end: number }
  | {
      readonly kind: "string";
      readonly text: string;
      /** The decoded value. */
      readonly value: string;
      readonly start: number;
      readonly end: number;
    }
  | { readonly kind: "op"; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: "newline"; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: "indent"; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: "end"; readonly text: string; readonly start: number; readonly end: number };

/** A comment, and whether it stands on a line of its own. */
export interface XmComment {
  readonly text: string;
  readonly start: number;
  readonly ownLine: boolean;
}

/** A tokenizer problem at an offset. */
export interface XmTokenError {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** Tokens, comments and problems of a whole file. */
export interface XmTokens {
  readonly tokens: readonly XmToken[];
  readonly comments: readonly XmComment[];
  readonly errors: readonly XmTokenError[];
}

const OPERATORS = [
  "**=",
  "//=",
  "**",
  "//",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "==",
  "!=",
  "<=",
  ">=",
  "<<",
  ">>",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ":",
  ";",
  "=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "<",
  ">",
  ".",
  "~",
  "&",
  "|",
  "^",
  "@",
];

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  "\n": "",
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\u0007",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\u000b",
};

/**
 * Decodes a Python string body (escapes as in Python 2 byte strings; unknown
 * ones keep the backslash). Undefined for an invalid `\x` or `\U` escape.
 */
function decodePythonEscapes(body: string, raw: boolean): string | undefined {
  if (raw || !body.includes("\\")) return body;
  let invalid = false;
  const value = body.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g,
    (whole, escape: string) => {
      const simple = SIMPLE_ESCAPES[escape];
      if (simple !== undefined) return simple;
      const first = escape.charAt(0);
      if ((first === "x" || first === "U") && escape.length === 1) invalid = true;
      if (escape.length > 1 && (first === "x" || first === "u" || first === "U")) {
        const code = Number.parseInt(escape.slice(1), 16);
        if (code > 0x10ffff) {
          invalid = true;
          return whole;
        }
        return String.fromCodePoint(code);
      }
      if (first >= "0" && first <= "7") return String.fromCharCode(Number.parseInt(escape, 8) & 0xff);
      return whole;
    },
  );
  return invalid ? undefined : value;
}

/**
 * Splits xm config text into Python tokens.
 *
 * @example
 * ```ts
 * tokenizeXm("memory = 256 * 2\n").tokens.map((t) => t.text); // ["memory", "=", "256", "*", "2", "\n", ""]
 * ```
 */
export function tokenizeXm(text: string): XmTokens {
  const tokens: XmToken[] = [];
  const comments: XmComment[] = [];
  const errors: XmTokenError[] = [];
  let index = 0;
  let depth = 0;
  let lineStart = true;
  while (index < text.length) {
    const char = text.charAt(index);
    if (lineStart && depth === 0) {
      // Indentation at the start of a logical line means a block (if/for/def …).
      let end = index;
      while (
        end < text.length &&
        (text.charAt(end) === " " || text.charAt(end) === "\t" || text.charAt(end) === "\f")
      )
        end += 1;
      const next = text.charAt(end);
      if (end > index && next !== "\n" && next !== "#" && next !== "\r" && end < text.length) {
        tokens.push({ kind: "indent", text: text.slice(index, end), start: index, end });
      }
      lineStart = false;
      index = end;
      continue;
    }
    if (char === " " || char === "\t" || char === "\f" || char === "\r") {
      index += 1;
    } else if (char === "#") {
      const end = text.indexOf("\n", index);
      const stop = end < 0 ? text.length : end;
      const before = text.slice(text.lastIndexOf("\n", index - 1) + 1, index);
      comments.push({
        text: text.slice(index, stop).replace(/\r$/, ""),
        start: index,
        ownLine: before.trim() === "",
      });
      index = stop;
    } else if (char === "\\" && (text.charAt(index + 1) === "\n" || text.startsWith("\r\n", index + 1))) {
      index += text.charAt(index + 1) === "\n" ? 2 : 3;
    } else if (char === "\n") {
      if (depth === 0) {
        tokens.push({ kind: "newline", text: "\n", start: index, end: index + 1 });
        lineStart = true;
      }
      index += 1;
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^(?:[rRuUbB]{1,2})?(?=['"])/.exec(text.slice(index, index + 3));
      if (match && match[0] !== "" && /^[rRuUbB]+$/.test(match[0])) {
        index = readString(text, index, match[0], tokens, errors);
        continue;
      }
      let end = index + 1;
      while (end < text.length && /[A-Za-z0-9_]/.test(text.charAt(end))) end += 1;
      tokens.push({ kind: "name", text: text.slice(index, end), start: index, end });
      index = end;
    } else if (/[0-9]/.test(char) || (char === "." && /[0-9]/.test(text.charAt(index + 1)))) {
      const match =
        /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:[0-9][0-9_]*)?\.?[0-9_]*(?:[eE][+-]?[0-9]+)?)[lLjJ]?/.exec(
          text.slice(index),
        );
      const length = match?.[0].length ?? 1;
      tokens.push({
        kind: "number",
        text: text.slice(index, index + length),
        start: index,
        end: index + length,
      });
      index += length;
    } else if (char === "'" || char === '"') {
      index = readString(text, index, "", tokens, errors);
    } else {
      const operator = OPERATORS.find((candidate) => text.startsWith(candidate, index));
      if (!operator) {
        errors.push({ start: index, end: index + 1, message: `unexpected character \`${char}\`` });
        index += 1;
        continue;
      }
      if ("([{".includes(operator)) depth += 1;
      if (")]}".includes(operator)) depth = Math.max(0, depth - 1);
      tokens.push({ kind: "op", text: operator, start: index, end: index + operator.length });
      index += operator.length;
    }
  }
  if (depth > 0)
    errors.push({
      start: text.length,
      end: text.length,
      message: "a bracket is not closed before the end of the file",
    });
  tokens.push({ kind: "newline", text: "", start: text.length, end: text.length });
  tokens.push({ kind: "end", text: "", start: text.length, end: text.length });
  return { tokens, comments, errors };
}

function readString(
  text: string,
  start: number,
  prefix: string,
  tokens: XmToken[],
  errors: XmTokenError[],
): number {
  const open = start + prefix.length;
  const quote = text.charAt(open);
  const triple = text.startsWith(quote.repeat(3), open);
  const delimiter = triple ? quote.repeat(3) : quote;
  const raw = /[rR]/.test(prefix);
  let index = open + delimiter.length;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === "\\") {
      index += 2;
      continue;
    }
    if (!triple && char === "\n") break;
    if (text.startsWith(delimiter, index)) {
      const end = index + delimiter.length;
      const body = text.slice(open + delimiter.length, index);
      const value = decodePythonEscapes(body, raw);
      if (value === undefined) errors.push({ start, end, message: "invalid \\x or \\U escape in a string" });
      tokens.push({ kind: "string", text: text.slice(start, end), value: value ?? body, start, end });
      return end;
    }
    index += 1;
  }
  const stop = text.indexOf("\n", start);
  errors.push({ start, end: stop < 0 ? text.length : stop, message: "unterminated string" });
  return stop < 0 ? text.length : stop;
}
