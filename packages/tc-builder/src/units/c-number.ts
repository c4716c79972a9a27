/**
 * The prefix of `text` that C's `strtod` would consume, and its value — the
 * first step of every iproute2 unit parser (`get_rate64`, `get_size`,
 * `get_time`). Leading white space is skipped as `isspace` does; decimal and
 * hexadecimal numbers with exponents, `inf`/`infinity` and `nan` are read.
 * Returns `undefined` when no number starts the text (strtod's `p == str`).
 * @example
 * ```ts
 * const prefix: CNumberPrefix | undefined = readCNumber("10mbit"); // { value: 10, rest: "mbit", literal: "10" }
 * ```
 */
export interface CNumberPrefix {
  readonly value: number;
  /** The rest of the text after the number: iproute2 matches the unit against it. */
  readonly rest: string;
  /** The number as written, without the leading space. */
  readonly literal: string;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/u;
const HEX = /^[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?/u;
const SPECIAL = /^[+-]?(?:infinity|inf|nan(?:\([0-9A-Za-z_]*\))?)/iu;

function hexValue(literal: string): number {
  const negative = literal.startsWith("-");
  const body = literal.replace(/^[+-]?0[xX]/u, "");
  const [mantissa = "", exponent = "0"] = body.split(/[pP]/u);
  const [whole = "", fraction = ""] = mantissa.split(".");
  let value = whole === "" ? 0 : Number.parseInt(whole, 16);
  for (const [index, digit] of [...fraction].entries()) {
    value += Number.parseInt(digit, 16) / 16 ** (index + 1);
  }
  value *= 2 ** Number.parseInt(exponent, 10);
  return negative ? -value : value;
}

function specialValue(literal: string): number {
  const negative = literal.startsWith("-");
  if (/nan/iu.test(literal)) return Number.NaN;
  return negative ? -Infinity : Infinity;
}

/**
 * Reads a C `strtod` number from the start of `text`.
 * @example
 * ```ts
 * readCNumber(" 0x10kbit"); // { value: 16, rest: "kbit", literal: "0x10" }
 * ```
 */
export function readCNumber(text: string): CNumberPrefix | undefined {
  // Fast path for the common case, a plain decimal number (tc's own output, most input).
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57 && !(first === 48 && (text[1] === "x" || text[1] === "X"))) {
    const plain = DECIMAL.exec(text);
    if (plain !== null)
      return { value: Number(plain[0]), rest: text.slice(plain[0].length), literal: plain[0] };
  }
  const body = text.replace(/^[ \t\n\v\f\r]+/u, "");
  const hex = HEX.exec(body);
  if (hex !== null) return { value: hexValue(hex[0]), rest: body.slice(hex[0].length), literal: hex[0] };
  const decimal = DECIMAL.exec(body);
  if (decimal !== null) {
    return { value: Number(decimal[0]), rest: body.slice(decimal[0].length), literal: decimal[0] };
  }
  const special = SPECIAL.exec(body);
  if (special !== null) {
    return { value: specialValue(special[0]), rest: body.slice(special[0].length), literal: special[0] };
  }
  return undefined;
}
