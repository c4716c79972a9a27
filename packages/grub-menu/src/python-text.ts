// pygrub is Python: to read menus exactly as it does we need Python's notion of
// whitespace (str.isspace), str.strip(), str.split() and int(). JavaScript's
// trim() and \s differ (U+FEFF is JS-only; U+001C–U+001F and U+0085 are
// Python-only), and "a=b=c".split("=", 2) drops the rest where Python keeps it.

const PYTHON_WHITESPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002,
  0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/**
 * True for the characters Python's `str.isspace()` accepts (all in the BMP).
 *
 * @example
 * ```ts
 * isPythonSpace("\u001f"); // true — JavaScript's \s says false
 * isPythonSpace("\ufeff"); // false — JavaScript's \s says true
 * ```
 */
export function isPythonSpace(char: string): boolean {
  return char.length === 1 && PYTHON_WHITESPACE.has(char.charCodeAt(0));
}

/**
 * Python's `s.strip()`.
 *
 * @example
 * ```ts
 * pythonStrip("\u001f kernel /vmlinuz \r"); // "kernel /vmlinuz"
 * ```
 */
export function pythonStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && PYTHON_WHITESPACE.has(text.charCodeAt(start))) start++;
  while (end > start && PYTHON_WHITESPACE.has(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/**
 * Python's `s.split(None, maxsplit)`: split on runs of whitespace, at most
 * `maxsplit` times (`-1`: no limit); the rest keeps its trailing whitespace.
 *
 * @example
 * ```ts
 * pythonSplitWhitespace("  kernel  /vmlinuz ro  ", 1); // ["kernel", "/vmlinuz ro  "]
 * ```
 */
export function pythonSplitWhitespace(text: string, maxsplit = -1): string[] {
  const parts: string[] = [];
  const length = text.length;
  let remaining = maxsplit < 0 ? Number.POSITIVE_INFINITY : maxsplit;
  let i = 0;
  while (remaining-- > 0) {
    while (i < length && PYTHON_WHITESPACE.has(text.charCodeAt(i))) i++;
    if (i === length) break;
    const start = i;
    i++;
    while (i < length && !PYTHON_WHITESPACE.has(text.charCodeAt(i))) i++;
    parts.push(text.slice(start, i));
  }
  if (i < length) {
    while (i < length && PYTHON_WHITESPACE.has(text.charCodeAt(i))) i++;
    if (i !== length) parts.push(text.slice(i));
  }
  return parts;
}

/**
 * Python's `s.split(sep, maxsplit)` for a non-empty separator: unlike
 * JavaScript's `split(sep, limit)`, the last part keeps the rest of the text.
 *
 * @example
 * ```ts
 * pythonSplit("root=LABEL=RESCUE ro", "=", 1); // ["root", "LABEL=RESCUE ro"]
 * ```
 */
export function pythonSplit(text: string, separator: string, maxsplit = -1): string[] {
  const parts: string[] = [];
  let start = 0;
  let remaining = maxsplit < 0 ? Number.POSITIVE_INFINITY : maxsplit;
  while (remaining-- > 0) {
    const at = text.indexOf(separator, start);
    if (at === -1) break;
    parts.push(text.slice(start, at));
    start = at + separator.length;
  }
  parts.push(text.slice(start));
  return parts;
}

const DECIMAL_DIGIT = /^\p{Nd}$/u;

/** The value 0–9 of a Unicode decimal digit: they come in contiguous runs of ten, zero first. */
function digitValue(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  let first = code;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(first - 1))) first--;
  return (code - first) % 10;
}

/**
 * Python's `int(text)` in base 10: surrounding whitespace, a sign, Unicode
 * decimal digits and single underscores between digits are accepted.
 * Returns `undefined` where Python raises `ValueError`.
 *
 * @example
 * ```ts
 * pythonInt(" +1_0 "); // 10
 * pythonInt("= 1"); // undefined
 * ```
 */
export function pythonInt(text: string): number | undefined {
  const body = pythonStrip(text);
  const match = /^([+-]?)(\p{Nd}(?:_?\p{Nd})*)$/u.exec(body);
  if (match === null) return undefined;
  let value = 0;
  for (const char of (match[2] ?? "").replaceAll("_", "")) value = value * 10 + digitValue(char);
  return match[1] === "-" && value !== 0 ? -value : value;
}

/**
 * Python's `text[count:]`, counting code points rather than UTF-16 units.
 *
 * @example
 * ```ts
 * pythonSliceFrom("title 😀 x", 6); // "😀 x"
 * ```
 */
export function pythonSliceFrom(text: string, count: number): string {
  let index = 0;
  for (let seen = 0; seen < count && index < text.length; seen++) {
    const code = text.codePointAt(index) ?? 0;
    index += code > 0xffff ? 2 : 1;
  }
  return text.slice(index);
}
