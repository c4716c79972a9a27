/**
 * Stable codes of every problem tc-builder reports about its input.
 *
 * @example
 * ```ts
 * const code: ShapingProblemCode = "TC_CEIL_BELOW_RATE";
 * ```
 */
export type ShapingProblemCode =
  | "TC_SCHEMA"
  | "TC_BAD_UNIT"
  | "TC_BAD_INTERFACE"
  | "TC_BAD_ADDRESS"
  | "TC_BAD_CLASS_ID"
  | "TC_DUPLICATE_VIF"
  | "TC_DUPLICATE_NAME"
  | "TC_DUPLICATE_CLASS_ID"
  | "TC_TOO_MANY_DOMAINS"
  | "TC_CEIL_BELOW_RATE"
  | "TC_ZERO_RATE"
  | "TC_TBF_PEAKRATE"
  | "TC_TBF_MTU_REQUIRED"
  | "TC_TBF_BURST"
  | "TC_TBF_LIMIT_AND_LATENCY"
  | "TC_QUANTUM"
  | "TC_VIF_IS_UPLINK";

/**
 * One thing wrong with the input: what, where (a path into the input), and what is accepted.
 * @example
 * ```ts
 * const problem: ShapingProblem = { code: "TC_CEIL_BELOW_RATE", path: "domains[0].out.ceil", message: "ceil 1Mbit is below rate 5Mbit" };
 * ```
 */
export interface ShapingProblem {
  readonly code: ShapingProblemCode;
  /** Where, as a path into the input: `domains[2].out.ceil`. */
  readonly path: string;
  readonly message: string;
}

/**
 * Bad shaping input. Thrown before anything runs; `problems` lists every
 * problem found, each with a stable code and the path of the offending value.
 *
 * @example
 * ```ts
 * try {
 *   resolveShaping(input);
 * } catch (error) {
 *   if (error instanceof ShapingInputError) for (const p of error.problems) console.error(`${p.path}: ${p.message}`);
 * }
 * ```
 */
export class ShapingInputError extends Error {
  override readonly name = "ShapingInputError";
  /** Stable code: `"TC_INVALID_INPUT"`. Each problem carries its own code too. */
  readonly code = "TC_INVALID_INPUT";
  readonly problems: readonly ShapingProblem[];

  constructor(problems: readonly ShapingProblem[], options: { cause?: unknown } = {}) {
    const lines = problems.map((problem) => `  ${problem.path}: ${problem.message} [${problem.code}]`);
    super(
      `invalid shaping input (${String(problems.length)} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`,
      options,
    );
    this.problems = problems;
  }
}

/**
 * A rate, size or time that iproute2 would not accept (or that we refuse:
 * negative, not finite, out of range). The message lists the accepted units.
 *
 * @example
 * ```ts
 * try { parseRate("10 mbit"); } catch (error) { (error as TcUnitError).code; } // "TC_BAD_UNIT"
 * ```
 */
export class TcUnitError extends Error {
  override readonly name = "TcUnitError";
  /** Stable code: `"TC_BAD_UNIT"`. */
  readonly code = "TC_BAD_UNIT";
  /** The text that was rejected. */
  readonly text: string;
  /** `"rate"`, `"size"` or `"time"`. */
  readonly kind: "rate" | "size" | "time";

  /** What would have been accepted. */
  readonly accepted: string;

  constructor(kind: "rate" | "size" | "time", text: string, why: string, accepted: string) {
    super(`${JSON.stringify(text)} is not a valid tc ${kind}: ${why}. Accepted: ${accepted}`);
    this.accepted = accepted;
    this.kind = kind;
    this.text = text;
  }
}

/**
 * The live kernel state could not be read back: a tool printed something we
 * do not recognise, or failed for a reason other than "not there".
 *
 * @example
 * ```ts
 * try { await readLiveState(runner, scope); } catch (e) { if (e instanceof LiveStateError) console.error(e.message); }
 * ```
 */
export class LiveStateError extends Error {
  override readonly name = "LiveStateError";
  /** Stable code: `"TC_LIVE_STATE"`. */
  readonly code = "TC_LIVE_STATE";
  /** The command whose output could not be understood, as a shell line. */
  readonly source: string;

  constructor(source: string, problem: string, options: { cause?: unknown } = {}) {
    super(`cannot read live state from \`${source}\`: ${problem}`, options);
    this.source = source;
  }
}

/**
 * The host cannot be shaped as asked: the uplink device does not exist, its
 * root qdisc belongs to someone else, or no classification strategy works.
 *
 * @example
 * ```ts
 * try { await applyShaping(runner, input); } catch (e) { if (e instanceof ShapingConflictError) console.error(e.message); }
 * ```
 */
export class ShapingConflictError extends Error {
  override readonly name = "ShapingConflictError";
  /** Stable code: `"TC_CONFLICT"`. */
  readonly code = "TC_CONFLICT";
}
