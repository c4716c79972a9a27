import { TcUnitError } from "../errors.js";
import { formatG, rint } from "./c-format.js";
import { readCNumber } from "./c-number.js";

/** iproute2's size units (`get_size` in tc/tc_util.c); all binary. */
const SIZE_UNITS: ReadonlyMap<string, number> = new Map([
  ["b", 1],
  ["k", 1024],
  ["kb", 1024],
  ["m", 1024 ** 2],
  ["mb", 1024 ** 2],
  ["g", 1024 ** 3],
  ["gb", 1024 ** 3],
  ["kbit", 1024 / 8],
  ["mbit", 1024 ** 2 / 8],
  ["gbit", 1024 ** 3 / 8],
]);

/**
 * The size units tc accepts, for error messages.
 * @example
 * ```ts
 * console.error(`expected ${ACCEPTED_SIZE_UNITS}`);
 * ```
 */
export const ACCEPTED_SIZE_UNITS =
  "a number of bytes, or a number directly followed by b, k or kb (KiB), m or mb (MiB), g or gb (GiB), " +
  "or kbit, mbit, gbit (binary bits: 1kbit = 128 bytes); units are case-insensitive";

const MAX_SIZE = 2 ** 32 - 1;

/**
 * Parses a tc size (burst, limit, mtu) exactly as iproute2's `get_size` does,
 * in bytes (truncated). All multiples are binary: `32kb` is 32768 bytes.
 * Rejects negative sizes and sizes beyond 32 bits, which tc silently wraps.
 *
 * @throws {@link TcUnitError} with the accepted units in its message.
 * @example
 * ```ts
 * parseSize("32kb");  // 32768
 * parseSize("1540");  // 1540
 * parseSize("1mbit"); // 131072
 * ```
 */
export function parseSize(text: string): number {
  const number = readCNumber(text);
  if (number === undefined)
    throw new TcUnitError("size", text, "no number at the start", ACCEPTED_SIZE_UNITS);
  let bytes = number.value;
  if (number.rest !== "") {
    const scale = SIZE_UNITS.get(number.rest.toLowerCase());
    if (scale === undefined) {
      throw new TcUnitError("size", text, `unknown unit ${JSON.stringify(number.rest)}`, ACCEPTED_SIZE_UNITS);
    }
    bytes *= scale;
  }
  if (!Number.isFinite(bytes))
    throw new TcUnitError("size", text, "the number is not finite", ACCEPTED_SIZE_UNITS);
  if (number.literal.startsWith("-"))
    throw new TcUnitError("size", text, "a size cannot be negative", ACCEPTED_SIZE_UNITS);
  const truncated = Math.trunc(bytes);
  if (truncated > MAX_SIZE)
    throw new TcUnitError("size", text, "sizes are 32-bit: at most 4294967295 bytes", ACCEPTED_SIZE_UNITS);
  return truncated;
}

/**
 * Formats a size in bytes exactly as iproute2's `sprint_size` prints it in
 * `tc … show`: `Mb` when within 1 KiB of a whole MiB, `Kb` when within 16
 * bytes of a whole KiB, otherwise bytes (`32767` prints as `32Kb`).
 *
 * @example
 * ```ts
 * formatSize(32768); // "32Kb"
 * formatSize(1600);  // "1600b"
 * ```
 */
export function formatSize(bytes: number): string {
  const size = Math.trunc(bytes);
  const mebi = 1024 * 1024;
  if (size >= mebi && Math.abs(mebi * rint(size / mebi) - size) < 1024)
    return `${formatG(rint(size / mebi))}Mb`;
  if (size >= 1024 && Math.abs(1024 * rint(size / 1024) - size) < 16)
    return `${formatG(rint(size / 1024))}Kb`;
  return `${String(size)}b`;
}

/**
 * A lossless tc argument for a size in bytes: `kb`/`mb` when exact, else bytes.
 *
 * @example
 * ```ts
 * sizeArgument(32768); // "32kb"
 * sizeArgument(1514);  // "1514"
 * ```
 */
export function sizeArgument(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${String(bytes / (1024 * 1024))}mb`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${String(bytes / 1024)}kb`;
  return String(bytes);
}
