import { XenVifRateError } from "./errors.js";

/**
 * A vif's credit-based rate limit as xl computes it (libxl's
 * `rate_bytes_per_interval` and `rate_interval_usecs`).
 *
 * @example
 * ```ts
 * parseVifRate("10Mb/s@20ms"); // { bytesPerSecond: 1250000n, bytesPerInterval: 25000n, intervalUsecs: 20000 }
 * ```
 */
export interface VifRate {
  /** The rate before it is spread over intervals, in bytes per second. */
  readonly bytesPerSecond: bigint;
  /** Bytes the guest may send per replenishment interval. */
  readonly bytesPerInterval: bigint;
  /** The replenishment interval in microseconds. @default 50000 (50 ms) */
  readonly intervalUsecs: number;
}

const UINT32_MAX = 0xffffffffn;
const UINT64_MAX = 0xffffffffffffffffn;
const RATE = /^[0-9]+[GMK]?[Bb]\/s$/;
const INTERVAL = /^[0-9]+[mu]?s?$/;

/** C's strtoull(…, 0) on a string of decimal digits: a leading 0 means octal, which stops at 8 or 9. */
function strtoullDigits(text: string): { value: bigint; end: number } {
  const octal = text.startsWith("0");
  const base = octal ? 8n : 10n;
  let value = 0n;
  let end = 0;
  while (end < text.length) {
    const digit = text.charCodeAt(end) - 48;
    if (digit < 0 || digit > 9 || (octal && digit > 7)) break;
    value = value * base + BigInt(digit);
    end += 1;
  }
  return { value, end };
}

/**
 * Parses a vif `rate=` exactly as `xlu_vif_parse_rate` does: `NUMBER[GMK](B|b)/s`
 * with an optional `@INTERVAL` (`us`, `ms`, `s`, bare = seconds); units are
 * decimal, `b` means bits; the default interval is 50 ms. xl's quirks are kept:
 * numbers are read with strtoull base 0, so a leading `0` means octal (and
 * `08` is zero, an error). Throws {@link XenVifRateError} with xl's errno
 * (22 bad syntax, 75 overflow) where xl refuses.
 *
 * @example
 * ```ts
 * parseVifRate("2MB/s").bytesPerInterval;  // 100000n (per 50 ms)
 * parseVifRate("10MB/m");                  // throws XenVifRateError (errno 22)
 * ```
 */
export function parseVifRate(rate: string): VifRate {
  const at = rate.indexOf("@");
  const amount = at < 0 ? rate : rate.slice(0, at);
  const interval = at < 0 ? undefined : rate.slice(at + 1);
  if (amount === "")
    throw new XenVifRateError(rate, 22, "no rate specified: write e.g. 10Mb/s or 10Mb/s@20ms");
  if (!RATE.test(amount)) {
    throw new XenVifRateError(
      rate,
      22,
      "invalid rate: write NUMBER[K|M|G](B|b)/s, e.g. 10Mb/s (b = bits, B = bytes)",
    );
  }
  const parsed = strtoullDigits(amount);
  if (parsed.value === 0n || parsed.value > UINT32_MAX) {
    throw new XenVifRateError(
      rate,
      75,
      "rate overflow: the number must be 1 to 4294967295 (a leading 0 makes it octal)",
    );
  }
  let bytesPerSecond = parsed.value;
  const unit = amount.charAt(parsed.end);
  if (unit === "G") bytesPerSecond *= 1_000_000_000n;
  else if (unit === "M") bytesPerSecond *= 1_000_000n;
  else if (unit === "K") bytesPerSecond *= 1_000n;
  if (unit === "b" || amount.charAt(parsed.end + 1) === "b") bytesPerSecond /= 8n;

  let intervalUsecs = 50_000n;
  if (interval !== undefined) {
    if (!INTERVAL.test(interval)) {
      throw new XenVifRateError(
        rate,
        22,
        "invalid replenishment interval: write NUMBER followed by us, ms or s, e.g. @20ms",
      );
    }
    const usecs = strtoullDigits(interval);
    if (usecs.value === 0n || usecs.value > UINT32_MAX) {
      throw new XenVifRateError(
        rate,
        75,
        "replenishment interval overflow: it must be at least 1 and fit in 32 bits of microseconds",
      );
    }
    const suffix = interval.charAt(usecs.end);
    intervalUsecs = usecs.value;
    if (suffix === "s" || suffix === "") intervalUsecs *= 1_000_000n;
    else if (suffix === "m") intervalUsecs *= 1_000n;
    if (intervalUsecs > UINT32_MAX) {
      throw new XenVifRateError(
        rate,
        75,
        "replenishment interval overflow: it must fit in 32 bits of microseconds (about 71 minutes)",
      );
    }
  }
  if (bytesPerSecond > UINT64_MAX / intervalUsecs) {
    throw new XenVifRateError(rate, 75, "rate overflow: rate times interval does not fit in 64 bits");
  }
  return {
    bytesPerSecond,
    bytesPerInterval: (bytesPerSecond * intervalUsecs) / 1_000_000n,
    intervalUsecs: Number(intervalUsecs),
  };
}
