import { TcUnitError } from "../errors.js";
import { readCNumber } from "./c-number.js";

/** iproute2's rate units (tc/tc_util.c), matched without regard to case; the scale is bits per second. */
const RATE_UNITS: readonly (readonly [string, number])[] = [
  ["bit", 1],
  ["kibit", 1024],
  ["kbit", 1000],
  ["mibit", 1024 ** 2],
  ["mbit", 1e6],
  ["gibit", 1024 ** 3],
  ["gbit", 1e9],
  ["tibit", 1024 ** 4],
  ["tbit", 1e12],
  ["bps", 8],
  ["kibps", 8 * 1024],
  ["kbps", 8000],
  ["mibps", 8 * 1024 ** 2],
  ["mbps", 8e6],
  ["gibps", 8 * 1024 ** 3],
  ["gbps", 8e9],
  ["tibps", 8 * 1024 ** 4],
  ["tbps", 8e12],
];

/** The largest rate accepted, in bytes/s: its bits still fit a double exactly. */
const MAX_RATE = 2 ** 50;

/**
 * The rate units tc accepts, for error messages.
 * @example
 * ```ts
 * console.error(`expected ${ACCEPTED_RATE_UNITS}`);
 * ```
 */
export const ACCEPTED_RATE_UNITS =
  "a number directly followed by bit, kbit, mbit, gbit, tbit (decimal bits/s), kibit, mibit, gibit, tibit (binary bits/s), " +
  "bps, kbps, mbps, gbps, tbps (decimal BYTES/s: 1mbps = 8mbit), or kibps, mibps, gibps, tibps (binary bytes/s); " +
  "no unit means bits/s; units are case-insensitive";

/**
 * Parses a tc rate exactly as iproute2's `get_rate64` does and returns it in
 * bytes per second, the unit the kernel stores (bits / 8, truncated). Rejects
 * what tc rejects (`1M`, `10 mbit`) and, beyond tc, negative, infinite and
 * percentage rates.
 *
 * @throws {@link TcUnitError} with the accepted units in its message.
 * @example
 * ```ts
 * parseRate("10mbit"); // 1250000
 * parseRate("1mbps");  // 1000000 — bytes: 1mbps is 8mbit
 * parseRate("1kibit"); // 128
 * ```
 */
export function parseRate(text: string): number {
  if (text.includes("%")) {
    throw new TcUnitError(
      "rate",
      text,
      "percentages depend on the link speed and are not accepted",
      ACCEPTED_RATE_UNITS,
    );
  }
  const number = readCNumber(text);
  if (number === undefined)
    throw new TcUnitError("rate", text, "no number at the start", ACCEPTED_RATE_UNITS);
  let bitsPerSecond = number.value;
  if (number.rest !== "") {
    const unit = RATE_UNITS.find(([name]) => name === number.rest.toLowerCase());
    if (unit === undefined) {
      throw new TcUnitError("rate", text, `unknown unit ${JSON.stringify(number.rest)}`, ACCEPTED_RATE_UNITS);
    }
    bitsPerSecond *= unit[1];
  }
  if (Number.isNaN(bitsPerSecond) || !Number.isFinite(bitsPerSecond)) {
    throw new TcUnitError("rate", text, "the number is not finite", ACCEPTED_RATE_UNITS);
  }
  if (bitsPerSecond < 0 || Object.is(number.value, -0) || number.literal.startsWith("-")) {
    throw new TcUnitError("rate", text, "a rate cannot be negative", ACCEPTED_RATE_UNITS);
  }
  const bytesPerSecond = Math.trunc(bitsPerSecond / 8);
  if (bytesPerSecond > MAX_RATE) {
    throw new TcUnitError("rate", text, "the rate is too large (at most 2^50 bytes/s)", ACCEPTED_RATE_UNITS);
  }
  return bytesPerSecond;
}

/**
 * Options of {@link formatRate}.
 * @example
 * ```ts
 * formatRate(128, { iec: true } satisfies FormatRateOptions); // "1Kibit"
 * ```
 */
export interface FormatRateOptions {
  /** Binary prefixes (`Kibit`), as `tc -iec` prints. @default false */
  readonly iec?: boolean;
}

/**
 * Formats a rate in bytes per second exactly as iproute2's `sprint_rate`
 * prints it in `tc … show`: bits per second scaled while the value stays
 * exact or at least 1000 of the next unit (`1234567bit` prints as `1234Kbit`,
 * losing precision as tc does). For a lossless command argument use
 * {@link rateArgument}.
 *
 * @example
 * ```ts
 * formatRate(1250000); // "10Mbit"
 * formatRate(154320);  // "1234Kbit"
 * ```
 */
export function formatRate(bytesPerSecond: number, options: FormatRateOptions = {}): string {
  const kilo = options.iec === true ? 1024 : 1000;
  const units = ["", "K", "M", "G", "T"];
  let rate = Math.trunc(bytesPerSecond) * 8;
  let index = 0;
  for (; index < units.length - 1; index += 1) {
    if (rate < kilo) break;
    if (rate % kilo !== 0 && rate < 1000 * kilo) break;
    rate = Math.floor(rate / kilo);
  }
  return `${String(rate)}${units[index] ?? ""}${options.iec === true ? "i" : ""}bit`;
}

const DECIMAL_BIT_UNITS = [
  ["tbit", 1e12],
  ["gbit", 1e9],
  ["mbit", 1e6],
  ["kbit", 1000],
] as const;

/**
 * A lossless tc argument for a rate in bytes per second: the largest decimal
 * bit unit that divides it exactly (`10mbit`, `1234568bit`).
 *
 * @example
 * ```ts
 * rateArgument(1250000); // "10mbit"
 * rateArgument(154321);  // "1234568bit"
 * ```
 */
export function rateArgument(bytesPerSecond: number): string {
  const bits = Math.trunc(bytesPerSecond) * 8;
  for (const [unit, scale] of DECIMAL_BIT_UNITS) {
    if (bits >= scale && bits % scale === 0) return `${String(bits / scale)}${unit}`;
  }
  return `${String(bits)}bit`;
}
