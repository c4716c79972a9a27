const SIZE_UNITS: Readonly<Record<string, number>> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/**
 * LVM-style sizes: a whole number and a binary unit (`512M`, `1G`).
 *
 * @example
 * ```ts
 * SIZE_PATTERN.test("512M"); // true
 * ```
 */
export const SIZE_PATTERN = /^[1-9][0-9]*[KMGT]$/;

/**
 * Bytes in an LVM-style size (`512M`, `4G`: binary units K, M, G, T).
 *
 * @returns undefined when `text` is not such a size.
 * @example
 * ```ts
 * parseSize("1G"); // 1073741824
 * ```
 */
export function parseSize(text: string): number | undefined {
  if (!SIZE_PATTERN.test(text)) return undefined;
  return Number(text.slice(0, -1)) * (SIZE_UNITS[text.slice(-1)] ?? 0);
}

/** Bits per second of each tc rate unit (`bps` units are bytes per second). */
const RATE_UNITS: Readonly<Record<string, number>> = {
  bit: 1,
  kbit: 1e3,
  mbit: 1e6,
  gbit: 1e9,
  tbit: 1e12,
  kibit: 1024,
  mibit: 1024 ** 2,
  gibit: 1024 ** 3,
  tibit: 1024 ** 4,
  bps: 8,
  kbps: 8e3,
  mbps: 8e6,
  gbps: 8e9,
  tbps: 8e12,
  kibps: 8 * 1024,
  mibps: 8 * 1024 ** 2,
  gibps: 8 * 1024 ** 3,
  tibps: 8 * 1024 ** 4,
};

/**
 * The rate units accepted by {@link parseRate}, as tc(8) spells them.
 *
 * @example
 * ```ts
 * RATE_UNIT_NAMES.includes("mbit"); // true
 * ```
 */
export const RATE_UNIT_NAMES: readonly string[] = Object.keys(RATE_UNITS);

/**
 * Bytes per second in a tc-style rate: `400mbit`, `50mibps` (`bps` units are
 * bytes, `bit` units bits; `ki`/`mi`/`gi`/`ti` prefixes are binary), as
 * tc(8) reads them.
 *
 * @returns undefined when `text` is not such a rate, or is zero.
 * @example
 * ```ts
 * parseRate("400mbit"); // 50000000
 * parseRate("50mibps"); // 52428800
 * ```
 */
export function parseRate(text: string): number | undefined {
  const match = /^([0-9]+(?:\.[0-9]+)?)([a-z]+)$/i.exec(text);
  if (match === null) return undefined;
  const bitsPerUnit = RATE_UNITS[(match[2] ?? "").toLowerCase()];
  if (bitsPerUnit === undefined) return undefined;
  const bytes = (Number(match[1]) * bitsPerUnit) / 8;
  return bytes > 0 ? bytes : undefined;
}

/**
 * A byte count for people: `1.5 GiB`, `512 B`.
 *
 * @example
 * ```ts
 * formatBytes(1536 * 1024 * 1024); // "1.5 GiB"
 * ```
 */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits).replace(/\.0$/, "")} ${units[unit] ?? "B"}`;
}
