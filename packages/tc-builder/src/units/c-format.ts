/**
 * C's `printf("%.<precision>g", value)` for finite numbers: `precision`
 * significant digits, trailing zeros removed, exponent form when the exponent
 * is below -4 or at least the precision. iproute2 prints sizes and times with it.
 * @example
 * ```ts
 * formatG(1234.5678, 3); // "1.23e+03"
 * ```
 */
export function formatG(value: number, precision = 6): string {
  if (value === 0) return "0";
  const digits = Math.max(1, precision);
  const exponent = Number.parseInt(value.toExponential(digits - 1).split("e")[1] ?? "0", 10);
  if (exponent < -4 || exponent >= digits) {
    const [mantissa = "", power = "0"] = value.toExponential(digits - 1).split("e");
    const trimmed = mantissa.includes(".") ? mantissa.replace(/\.?0+$/u, "") : mantissa;
    const sign = power.startsWith("-") ? "-" : "+";
    const magnitude = power.replace(/^[+-]/u, "").padStart(2, "0");
    return `${trimmed}e${sign}${magnitude}`;
  }
  const fixed = value.toFixed(Math.max(0, digits - 1 - exponent));
  return fixed.includes(".") ? fixed.replace(/\.?0+$/u, "") : fixed;
}

/**
 * C's `rint`: round half to even.
 * @example
 * ```ts
 * rint(2.5); // 2
 * ```
 */
export function rint(value: number): number {
  const floor = Math.floor(value);
  const difference = value - floor;
  if (difference > 0.5) return floor + 1;
  if (difference < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
