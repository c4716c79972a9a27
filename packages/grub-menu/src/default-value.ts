import { GrubMenuSyntaxError } from "./errors.js";
import { pythonInt } from "./python-text.js";
import type { LinePosition } from "./pygrub-reading.js";

/** What pygrub makes of a `default` value. */
export interface DefaultValue {
  readonly index: number;
  /** False when pygrub could not read a number and fell back to 0. */
  readonly numeric: boolean;
}

/**
 * pygrub's `default` setter: `saved` means 0, a Python integer is taken as is,
 * anything else falls back to 0 with a warning, and a negative number raises.
 *
 * @example
 * ```ts
 * readDefaultValue("2", at); // { index: 2, numeric: true }
 * readDefaultValue("= 2", at); // { index: 0, numeric: false }
 * ```
 */
export function readDefaultValue(value: string, at: LinePosition): DefaultValue {
  if (value === "saved") return { index: 0, numeric: true };
  const parsed = pythonInt(value);
  if (parsed === undefined) return { index: 0, numeric: false };
  if (parsed < 0) {
    throw new GrubMenuSyntaxError(
      at,
      `default ${value} is negative; pygrub raises "default must be non-negative number". Use an entry index from 0`,
    );
  }
  return { index: parsed, numeric: true };
}
