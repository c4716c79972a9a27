/**
 * What reading a value as a C `long` gave, the way xl's `xlu_cfg_get_long` does.
 *
 * @example
 * ```ts
 * const result: XlLongResult = readXlLong("0x200"); // { ok: true, value: 512n }
 * ```
 */
export type XlLongResult =
  | { readonly ok: true; readonly value: bigint }
  | {
      readonly ok: false;
      /** `invalid`: not a number (or junk after it); `out-of-range`: beyond a 64-bit long. */
      readonly reason: "invalid" | "out-of-range";
      /** The errno libxlutil returns: 22 (EINVAL) or 34 (ERANGE). */
      readonly errno: 22 | 34;
    };

const LONG_MAX = 2n ** 63n - 1n;
const C_SPACE = new Set([" ", "\t", "\n", "\v", "\f", "\r"]);

function digitValue(char: string): number {
  const code = char.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return 99;
}

/**
 * Reads `text` like C's `strtol(text, &end, 0)` on a 64-bit host and then
 * insists, as libxlutil does, that the whole text was a number: leading blanks
 * and a sign are allowed, `0x` means hex, a leading `0` means octal.
 *
 * @example
 * ```ts
 * readXlLong("0x200"); // { ok: true, value: 512n }
 * readXlLong("010");   // { ok: true, value: 8n }
 * readXlLong("08");    // { ok: false, reason: "invalid", errno: 22 }
 * readXlLong("512 ");  // { ok: false, reason: "invalid", errno: 22 }
 * ```
 */
export function readXlLong(text: string): XlLongResult {
  let index = 0;
  while (index < text.length && C_SPACE.has(text.charAt(index))) index += 1;
  let negative = false;
  const sign = text.charAt(index);
  if (sign === "+" || sign === "-") {
    negative = sign === "-";
    index += 1;
  }
  let base = 10;
  if (text.charAt(index) === "0") {
    const marker = text.charAt(index + 1);
    if ((marker === "x" || marker === "X") && digitValue(text.charAt(index + 2)) < 16) {
      base = 16;
      index += 2;
    } else {
      base = 8;
    }
  }
  const digitsStart = index;
  let magnitude = 0n;
  const bigBase = BigInt(base);
  while (index < text.length) {
    const digit = digitValue(text.charAt(index));
    if (digit >= base) break;
    magnitude = magnitude * bigBase + BigInt(digit);
    index += 1;
  }
  if (index === digitsStart) return { ok: false, reason: "invalid", errno: 22 };
  const limit = negative ? LONG_MAX + 1n : LONG_MAX;
  if (magnitude > limit) return { ok: false, reason: "out-of-range", errno: 34 };
  if (index !== text.length) return { ok: false, reason: "invalid", errno: 22 };
  return { ok: true, value: negative ? -magnitude : magnitude };
}
