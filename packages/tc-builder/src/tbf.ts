import type { TbfParameters } from "./desired-state.js";
import type { TbfInput } from "./model.js";
import type { ProblemList } from "./problem-list.js";
import { formatRate } from "./units/rate.js";
import { formatSize } from "./units/size.js";

/**
 * Latency of a TBF when neither `latency` nor `limit` is given, in µs.
 * @example
 * ```ts
 * timeArgument(DEFAULT_TBF_LATENCY); // "50ms"
 * ```
 */
export const DEFAULT_TBF_LATENCY = 50_000;

/**
 * The bucket a TBF needs at `rate` bytes/s: enough tokens for one timer tick
 * (rate/HZ) and never less than one full frame, or the largest packets could
 * never be sent.
 *
 * @example
 * ```ts
 * defaultTbfBurst(1_250_000, 250, 1514); // 5000
 * defaultTbfBurst(12_500, 250, 1514);    // 1514
 * ```
 */
export function defaultTbfBurst(rate: number, hz: number, frameSize: number): number {
  return Math.max(Math.ceil(rate / hz), frameSize);
}

/**
 * Validates a TBF as the kernel and tc would, and fills in the defaults:
 * rate > 0; burst ≥ MTU + 14 (smaller and full-size packets are dropped);
 * `limit` or `latency` but not both; `peakrate` > `rate` and then `mtu` is
 * required and ≥ MTU + 14. Returns `undefined` after recording problems.
 *
 * @example
 * ```ts
 * resolveTbf({ rate: "1mbit", peakrate: "2mbit" }, "domains[0].in", { hz: 250, frameSize: 1514 }, problems);
 * // undefined — problems has TC_TBF_MTU_REQUIRED
 * ```
 */
export function resolveTbf(
  input: TbfInput,
  path: string,
  context: { readonly hz: number; readonly frameSize: number },
  problems: ProblemList,
): TbfParameters | undefined {
  const before = problems.problems.length;
  const rate = problems.positiveRate(input.rate, `${path}.rate`);
  const burst = problems.size(input.burst, `${path}.burst`);
  const latency = problems.time(input.latency, `${path}.latency`);
  const limit = problems.size(input.limit, `${path}.limit`);
  const peakrate = problems.positiveRate(input.peakrate, `${path}.peakrate`);
  const mtu = problems.size(input.mtu, `${path}.mtu`);
  const frame = context.frameSize;

  if (input.latency !== undefined && input.limit !== undefined) {
    problems.add(
      "TC_TBF_LIMIT_AND_LATENCY",
      path,
      "give either latency or limit, not both (tc: Double limit/latency spec)",
    );
  }
  if (burst !== undefined && burst < frame) {
    problems.add(
      "TC_TBF_BURST",
      `${path}.burst`,
      `burst ${formatSize(burst)} is below one full frame (MTU + 14 = ${String(frame)} bytes); the kernel would drop full-size packets`,
    );
  }
  if (input.peakrate !== undefined) {
    if (rate !== undefined && peakrate !== undefined && peakrate <= rate) {
      problems.add(
        "TC_TBF_PEAKRATE",
        `${path}.peakrate`,
        `peakrate ${formatRate(peakrate)} must be above rate ${formatRate(rate)} (the kernel rejects peakrate <= rate)`,
      );
    }
    if (input.mtu === undefined) {
      problems.add(
        "TC_TBF_MTU_REQUIRED",
        `${path}.mtu`,
        `mtu is required with peakrate (tc: "mtu" is required, if "peakrate" is requested); use at least ${String(frame)}`,
      );
    } else if (mtu !== undefined && mtu < frame) {
      problems.add(
        "TC_TBF_BURST",
        `${path}.mtu`,
        `mtu ${formatSize(mtu)} is below one full frame (MTU + 14 = ${String(frame)} bytes); the peak bucket could never send one`,
      );
    }
  }
  if (problems.problems.length > before || rate === undefined) return undefined;

  return {
    rate,
    burst: burst ?? defaultTbfBurst(rate, context.hz, frame),
    ...(limit === undefined ? { latency: latency ?? DEFAULT_TBF_LATENCY } : { limit }),
    ...(peakrate === undefined ? {} : { peakrate }),
    ...(mtu === undefined ? {} : { mtu }),
  };
}
