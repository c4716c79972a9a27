const BINARY_UNITS: Readonly<Record<string, number>> = {
  "": 1,
  b: 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

/**
 * Parses a size such as `512M`, `20G`, `1.5t` or `4096` into bytes. Suffixes are
 * binary (k = 1024), case-insensitive, with an optional trailing `B`/`iB`.
 * Returns undefined for anything else.
 *
 * @example
 * ```ts
 * parseByteSize("20G"); // 21474836480
 * parseByteSize("1.5k"); // 1536
 * ```
 */
export function parseByteSize(text: string | number): number | undefined {
  if (typeof text === "number") return Number.isSafeInteger(text) && text >= 0 ? text : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgtpb]?)(?:i?b)?\s*$/i.exec(text);
  if (match === null) return undefined;
  const unit = BINARY_UNITS[(match[2] ?? "").toLowerCase()];
  if (unit === undefined) return undefined;
  const bytes = Math.round(Number(match[1]) * unit);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}
