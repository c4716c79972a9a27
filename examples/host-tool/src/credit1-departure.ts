/** One domain of `sched simulate`: the calculator's share, Credit1's, and what Credit1's accounting bent. */
export interface SimulatedRow {
  readonly name: string;
  /** The fair-share calculator's share, % of one pCPU. */
  readonly calculated: number;
  /** What the Credit1 model ran, % of one pCPU. */
  readonly credit1: number;
  /** Credit halved away at the 300 ceiling, % of one pCPU. */
  readonly halvedAway: number;
  /** Debt written off at −300, % of one pCPU. */
  readonly debtForgiven: number;
  /** vcpu-time parked by the cap, % of one pCPU. */
  readonly parked: number;
}

/** Departures smaller than this many points of the host are Credit1's ordinary noise. */
const NOTABLE_POINTS = 2;

/**
 * Says why Credit1 gave a domain noticeably more or less than the calculator
 * (more than 2 points of the host), naming the accounting mechanisms that moved
 * its credit; undefined when it is within 2 points.
 *
 * @example
 * ```ts
 * credit1Departure({ name: "d", calculated: 62.5, credit1: 45, halvedAway: 20, debtForgiven: 0, parked: 0 }, 1);
 * // "d: ran 45.0% where the calculator says 62.5% (17.5 points of the host less): halved 20.0% (its credit passed 300 while it waited)"
 * ```
 */
export function credit1Departure(row: SimulatedRow, pcpus: number): string | undefined {
  const difference = row.credit1 - row.calculated;
  if (Math.abs(difference) / pcpus <= NOTABLE_POINTS) return undefined;
  const causes = [
    row.halvedAway > 0.05
      ? `halved ${row.halvedAway.toFixed(1)}% (its credit passed 300 while it waited)`
      : "",
    row.debtForgiven > 0.05 ? `forgiven ${row.debtForgiven.toFixed(1)}% (debt below -300 written off)` : "",
    row.parked > 0.05 ? `parked ${row.parked.toFixed(1)}% (capped vcpus held below -cap credits)` : "",
  ].filter(Boolean);
  const direction = difference < 0 ? "less" : "more";
  const why =
    causes.length > 0
      ? causes.join("; ")
      : difference > 0
        ? "others left CPU unused and vcpus out of credit share it round-robin, whatever their weight"
        : "vcpus out of credit share what is left round-robin, whatever their weight";
  const points = (Math.abs(difference) / pcpus).toFixed(1);
  return `${row.name}: ran ${row.credit1.toFixed(1)}% where the calculator says ${row.calculated.toFixed(1)}% (${points} points of the host ${direction}): ${why}`;
}
