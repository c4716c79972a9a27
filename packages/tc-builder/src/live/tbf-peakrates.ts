import { parseClassId } from "../class-id.js";
import { parseRate } from "../units/rate.js";
import type { LiveQdisc } from "./live-state.js";
import { tickSlack } from "./slack.js";

/**
 * The key of one qdisc in {@link tbfPeakratesFromText}'s map: its device and major handle.
 * @example
 * ```ts
 * qdiscKey("vif1.0", 0xd0); // "vif1.0 d0"
 * ```
 */
export function qdiscKey(dev: string, major: number): string {
  return `${dev} ${major.toString(16)}`;
}

const TBF_LINE = /^qdisc tbf (\S+) dev (\S+) /u;

/**
 * Each TBF's peak rate from the text of `tc qdisc show` (every device:
 * `qdisc tbf 10: dev vif1.0 parent 1:1 rate 1Mbit burst 5000b peakrate 10Mbit …`),
 * keyed by {@link qdiscKey}. A TBF without one maps to `undefined`. For
 * iproute2 versions whose JSON leaves the peak rate out; one read serves
 * every device and every TBF, root or not.
 *
 * @example
 * ```ts
 * const peaks = tbfPeakratesFromText("qdisc tbf d0: dev vif1.0 root refcnt 3 rate 8Mbit burst 32Kb peakrate 10Mbit minburst 1540b lat 50ms \n");
 * peaks.get(qdiscKey("vif1.0", 0xd0)); // 1250000
 * ```
 */
export function tbfPeakratesFromText(text: string): Map<string, number | undefined> {
  const peaks = new Map<string, number | undefined>();
  for (const line of text.split("\n")) {
    const match = TBF_LINE.exec(line);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const handle = parseClassId(match[1]);
    if (handle === undefined || typeof handle === "string") continue;
    const peak = /\speakrate (\S+)/u.exec(line)?.[1];
    peaks.set(qdiscKey(match[2], handle.major), peak === undefined ? undefined : parseRate(peak));
  }
  return peaks;
}

/**
 * Fills in a TBF's peak rate read from text (see {@link tbfPeakratesFromText});
 * `undefined` means it has none.
 *
 * @example
 * ```ts
 * const fixed = withPeakrate(qdisc, 1_250_000);
 * ```
 */
export function withPeakrate(qdisc: LiveQdisc, peakrate: number | undefined): LiveQdisc {
  if (qdisc.tbf === undefined) return qdisc;
  const { peakrate: _unprinted, minburst, ...rest } = qdisc.tbf;
  if (peakrate === undefined) return { ...qdisc, tbf: rest };
  return {
    ...qdisc,
    tbf: {
      ...rest,
      peakrate,
      ...(minburst === undefined
        ? {}
        : { minburst: { value: minburst.value, slack: minburst.slack + tickSlack(peakrate) } }),
    },
  };
}
