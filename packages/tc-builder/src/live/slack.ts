import type { LiveNumber } from "./live-state.js";

/**
 * How far a size read back from the kernel may be from what was set at
 * `rate` bytes/s: tc converts it to whole microseconds, then to timer ticks,
 * and back the same way (`tc_core_time2tick` / `tc_core_tick2time` take and
 * return unsigned ints), so up to two microseconds of data are lost.
 * @example
 * ```ts
 * tickSlack(12_500_000); // 27 bytes at 100mbit
 * ```
 */
export function tickSlack(rate: number): number {
  return 2 + Math.ceil((2 * rate) / 1e6);
}

/**
 * The rounding of a size as tc prints it in text (`4Kb` is 4096 ± 16).
 * @example
 * ```ts
 * printedSizeSlack("4Kb"); // 16
 * ```
 */
export function printedSizeSlack(text: string): number {
  if (/mb$/iu.test(text)) return 1024;
  if (/kb$/iu.test(text)) return 16;
  return 0;
}

/**
 * Whether a value read back from the kernel stands for `wanted`.
 *
 * @example
 * ```ts
 * sameLive({ value: 32767, slack: 2 }, 32768); // true
 * ```
 */
export function sameLive(live: LiveNumber, wanted: number): boolean {
  return Math.abs(live.value - wanted) <= live.slack;
}

/**
 * An exact live number.
 * @example
 * ```ts
 * exact(1514); // { value: 1514, slack: 0 }
 * ```
 */
export function exact(value: number): LiveNumber {
  return { value, slack: 0 };
}
