import type { DesiredClass, TbfParameters } from "../desired-state.js";
import type { LiveClass, LiveQdisc } from "../live/live-state.js";
import { sameLive } from "../live/slack.js";

/**
 * The latency `tc qdisc show` prints for a TBF, in µs: tc stores a queue
 * limit (from `latency` or given), and prints it back converted to time.
 * @example
 * ```ts
 * printedTbfLatency({ rate: 125_000, burst: 5000, latency: 50_000 }); // 50000
 * ```
 */
export function printedTbfLatency(params: TbfParameters): number {
  const { rate, burst, peakrate, mtu } = params;
  let limit = params.limit;
  if (limit === undefined) {
    const latency = params.latency ?? 0;
    limit = (rate * latency) / 1e6 + burst;
    if (peakrate !== undefined && mtu !== undefined)
      limit = Math.min(limit, (peakrate * latency) / 1e6 + mtu);
    limit = Math.trunc(limit);
  }
  let printed = (1e6 * limit) / rate - (burst * 1e6) / rate;
  if (peakrate !== undefined && mtu !== undefined) {
    printed = Math.max(printed, (1e6 * limit) / peakrate - (mtu * 1e6) / peakrate);
  }
  return printed;
}

/**
 * How a live TBF differs from the desired one, as readable reasons (empty
 * when it matches within tc's rounding).
 *
 * @example
 * ```ts
 * tbfDifferences({ rate: 1_250_000, burst: 5000, latency: 50_000 }, liveQdisc.tbf); // [] or ["rate 8Mbit → 10Mbit"]
 * ```
 */
export function tbfDifferences(wanted: TbfParameters, live: LiveQdisc["tbf"]): string[] {
  if (live === undefined) return ["its parameters could not be read"];
  const reasons: string[] = [];
  if (live.rate !== wanted.rate) reasons.push("rate");
  if (!sameLive(live.burst, wanted.burst)) reasons.push("burst");
  if (live.peakrate === "unprinted" || (live.peakrate ?? 0) !== (wanted.peakrate ?? 0))
    reasons.push("peakrate");
  if (
    wanted.peakrate !== undefined &&
    wanted.mtu !== undefined &&
    (live.minburst === undefined || !sameLive(live.minburst, wanted.mtu))
  ) {
    reasons.push("mtu");
  }
  if (live.latency !== undefined) {
    const expected = printedTbfLatency(wanted);
    if (Math.abs(live.latency.value - expected) > live.latency.slack + 2) reasons.push("latency/limit");
  }
  return reasons;
}

/**
 * How a live HTB class differs from the desired one (empty when it matches
 * within tc's rounding). Quantum and prio are compared when tc printed them
 * (leaf classes).
 * @example
 * ```ts
 * classDifferences(desired.classes[2]!, live.classes[0]!); // ["rate"] when only the rate changed
 * ```
 */
export function classDifferences(wanted: DesiredClass, live: LiveClass): string[] {
  const reasons: string[] = [];
  if (live.parent !== wanted.parent) reasons.push("parent");
  if (!sameLive(live.rate, wanted.rate)) reasons.push("rate");
  if (!sameLive(live.ceil, wanted.ceil)) reasons.push("ceil");
  if (!sameLive(live.burst, wanted.burst)) reasons.push("burst");
  if (!sameLive(live.cburst, wanted.cburst)) reasons.push("cburst");
  if (live.quantum !== undefined && live.quantum !== wanted.quantum) reasons.push("quantum");
  if (live.prio !== undefined && live.prio !== wanted.prio) reasons.push("prio");
  return reasons;
}
