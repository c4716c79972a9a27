import { TcUnitError, type ShapingProblem, type ShapingProblemCode } from "./errors.js";
import { parseRate } from "./units/rate.js";
import { parseSize } from "./units/size.js";
import { parseTime } from "./units/time.js";

/**
 * Collects input problems while resolving, so one error can report them all,
 * each with the path of the value at fault.
 * @example
 * ```ts
 * const problems = new ProblemList();
 * problems.rate("10 mbit", "domains[0].in.rate"); // undefined, and a TC_BAD_UNIT problem
 * ```
 */
export class ProblemList {
  readonly problems: ShapingProblem[] = [];
  /** Texts already parsed, by unit: an inventory's thousands of domUs share a few plans. */
  readonly #parsed = {
    rate: new Map<string, number>(),
    size: new Map<string, number>(),
    time: new Map<string, number>(),
  };

  add(code: ShapingProblemCode, path: string, message: string): void {
    this.problems.push({ code, path, message });
  }

  #unit(
    unit: "rate" | "size" | "time",
    text: string | undefined,
    path: string,
    parse: (text: string) => number,
  ): number | undefined {
    if (text === undefined) return undefined;
    const known = this.#parsed[unit].get(text);
    if (known !== undefined) return known;
    try {
      const value = parse(text);
      this.#parsed[unit].set(text, value);
      return value;
    } catch (error) {
      if (!(error instanceof TcUnitError)) throw error;
      this.add("TC_BAD_UNIT", path, error.message);
      return undefined;
    }
  }

  /** A rate in bytes/s, or `undefined` (and a problem) when the text is not one. */
  rate(text: string | undefined, path: string): number | undefined {
    return this.#unit("rate", text, path, parseRate);
  }

  /** A size in bytes, or `undefined` (and a problem). */
  size(text: string | undefined, path: string): number | undefined {
    return this.#unit("size", text, path, parseSize);
  }

  /** A time in µs, or `undefined` (and a problem). */
  time(text: string | undefined, path: string): number | undefined {
    return this.#unit("time", text, path, parseTime);
  }

  /** A rate that must be positive: 0 bytes/s is refused with `TC_ZERO_RATE`. */
  positiveRate(text: string | undefined, path: string): number | undefined {
    const rate = this.rate(text, path);
    if (rate === 0) {
      this.add("TC_ZERO_RATE", path, `${JSON.stringify(text)} is 0 bytes/s; a rate must be at least 8bit`);
      return undefined;
    }
    return rate;
  }
}
