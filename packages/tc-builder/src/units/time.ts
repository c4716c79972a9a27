import { TcUnitError } from "../errors.js";
import { formatG } from "./c-format.js";
import { readCNumber } from "./c-number.js";

const TIME_UNITS: ReadonlyMap<string, number> = new Map([
  ["s", 1e6],
  ["sec", 1e6],
  ["secs", 1e6],
  ["ms", 1000],
  ["msec", 1000],
  ["msecs", 1000],
  ["us", 1],
  ["usec", 1],
  ["usecs", 1],
]);

/**
 * The time units tc accepts, for error messages.
 * @example
 * ```ts
 * console.error(`expected ${ACCEPTED_TIME_UNITS}`);
 * ```
 */
export const ACCEPTED_TIME_UNITS =
  "a number of microseconds, or a number directly followed by s, sec, secs, ms, msec, msecs, us, usec or usecs; " +
  "units are case-insensitive";

/**
 * Parses a tc time (latency) exactly as iproute2's `get_time` does, in
 * microseconds (truncated). A bare number is microseconds: `50` is 50 µs,
 * not 50 ms.
 *
 * @throws {@link TcUnitError} with the accepted units in its message.
 * @example
 * ```ts
 * parseTime("50ms"); // 50000
 * parseTime("50");   // 50
 * ```
 */
export function parseTime(text: string): number {
  const number = readCNumber(text);
  if (number === undefined)
    throw new TcUnitError("time", text, "no number at the start", ACCEPTED_TIME_UNITS);
  let micros = number.value;
  if (number.rest !== "") {
    const scale = TIME_UNITS.get(number.rest.toLowerCase());
    if (scale === undefined) {
      throw new TcUnitError("time", text, `unknown unit ${JSON.stringify(number.rest)}`, ACCEPTED_TIME_UNITS);
    }
    micros *= scale;
  }
  if (!Number.isFinite(micros))
    throw new TcUnitError("time", text, "the number is not finite", ACCEPTED_TIME_UNITS);
  if (number.literal.startsWith("-"))
    throw new TcUnitError("time", text, "a time cannot be negative", ACCEPTED_TIME_UNITS);
  const truncated = Math.trunc(micros);
  if (truncated > 2 ** 32 - 1)
    throw new TcUnitError(
      "time",
      text,
      "times are 32-bit microseconds: at most ~71 minutes",
      ACCEPTED_TIME_UNITS,
    );
  return truncated;
}

/**
 * Formats a time in microseconds exactly as iproute2's `sprint_time` prints it
 * in `tc … show` (`%.3g` seconds or milliseconds, else whole microseconds).
 *
 * @example
 * ```ts
 * formatTime(50000); // "50ms"
 * formatTime(1500);  // "1.5ms"
 * formatTime(999);   // "999us"
 * ```
 */
export function formatTime(micros: number): string {
  if (micros >= 1e6) return `${formatG(micros / 1e6, 3)}s`;
  if (micros >= 1000) return `${formatG(micros / 1000, 3)}ms`;
  return `${String(Math.trunc(micros))}us`;
}

/**
 * A lossless tc argument for a time in microseconds.
 *
 * @example
 * ```ts
 * timeArgument(50000); // "50ms"
 * timeArgument(1500);  // "1500us"
 * ```
 */
export function timeArgument(micros: number): string {
  if (micros >= 1e6 && micros % 1e6 === 0) return `${String(micros / 1e6)}s`;
  if (micros >= 1000 && micros % 1000 === 0) return `${String(micros / 1000)}ms`;
  return `${String(micros)}us`;
}
