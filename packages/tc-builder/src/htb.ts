import type { HtbClassParameters } from "./desired-state.js";
import type { HtbInput } from "./model.js";
import type { ProblemList } from "./problem-list.js";
import { formatRate } from "./units/rate.js";

/**
 * The largest quantum the kernel takes without warning "quantum of class is big".
 * @example
 * ```ts
 * defaultQuantum(100_000_000, 1514) === MAX_QUIET_QUANTUM; // true
 * ```
 */
export const MAX_QUIET_QUANTUM = 200_000;

/**
 * The burst an HTB class needs at `rate` bytes/s: one timer tick of tokens
 * plus one full frame (iproute2's rule, with the kernel's real HZ rather than
 * the 1 GHz pseudo-HZ modern tc assumes), rounded up to a whole KiB so that
 * `tc class show` prints it back unchanged.
 *
 * @example
 * ```ts
 * defaultHtbBurst(625_000, 250, 1514); // 4096
 * ```
 */
export function defaultHtbBurst(rate: number, hz: number, frameSize: number): number {
  return Math.ceil((Math.ceil(rate / hz) + frameSize) / 1024) * 1024;
}

/**
 * An explicit DRR quantum: a tenth of the rate (the r2q=10 rule, so spare
 * capacity is shared in proportion to rates), never below one frame and never
 * above what the kernel accepts quietly.
 *
 * @example
 * ```ts
 * defaultQuantum(625_000, 1514);  // 62500
 * defaultQuantum(1000, 1514);     // 1514
 * ```
 */
export function defaultQuantum(rate: number, frameSize: number): number {
  return Math.min(Math.max(Math.trunc(rate / 10), frameSize), MAX_QUIET_QUANTUM);
}

/**
 * Validates one HTB class and fills in ceil (= rate), bursts, quantum and
 * prio. Records `TC_CEIL_BELOW_RATE` and `TC_QUANTUM` problems.
 *
 * @example
 * ```ts
 * resolveHtbClass({ rate: "5mbit", ceil: "20mbit" }, "domains[0].out", { hz: 250, frameSize: 1514 }, problems);
 * ```
 */
export function resolveHtbClass(
  input: HtbInput,
  path: string,
  context: { readonly hz: number; readonly frameSize: number },
  problems: ProblemList,
): HtbClassParameters | undefined {
  const before = problems.problems.length;
  const rate = problems.positiveRate(input.rate, `${path}.rate`);
  const ceil = problems.positiveRate(input.ceil, `${path}.ceil`) ?? rate;
  const burst = problems.size(input.burst, `${path}.burst`);
  const cburst = problems.size(input.cburst, `${path}.cburst`);
  if (rate !== undefined && ceil !== undefined && ceil < rate) {
    problems.add(
      "TC_CEIL_BELOW_RATE",
      `${path}.ceil`,
      `ceil ${formatRate(ceil)} is below rate ${formatRate(rate)}; ceil is the most a class may use, so it must be at least its guaranteed rate`,
    );
  }
  if (input.quantum !== undefined && input.quantum < context.frameSize) {
    problems.add(
      "TC_QUANTUM",
      `${path}.quantum`,
      `quantum ${String(input.quantum)} is below one full frame (MTU + 14 = ${String(context.frameSize)} bytes)`,
    );
  }
  if (problems.problems.length > before || rate === undefined || ceil === undefined) return undefined;
  return {
    rate,
    ceil,
    burst: burst ?? defaultHtbBurst(rate, context.hz, context.frameSize),
    cburst: cburst ?? defaultHtbBurst(ceil, context.hz, context.frameSize),
    quantum: input.quantum ?? defaultQuantum(rate, context.frameSize),
    prio: input.prio ?? 0,
  };
}
