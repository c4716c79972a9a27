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

/** Credit1's share minus the calculator's, in points of the whole host (negative: less). */
function pointsOfHost(row: SimulatedRow, pcpus: number): number {
  return (row.credit1 - row.calculated) / pcpus;
}

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
  if (Math.abs(pointsOfHost(row, pcpus)) <= NOTABLE_POINTS) return undefined;
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

/** A domain the Credit1 model runs noticeably below its guaranteed share. */
export interface Credit1Shortfall {
  readonly name: string;
  /** The calculator's guaranteed share (every domain busy), % of one pCPU. */
  readonly guaranteed: number;
  /** What the Credit1 model ran with every domain busy, % of one pCPU. */
  readonly credit1: number;
  /** How far below, in points of the whole host (always more than 2). */
  readonly pointsOfHost: number;
}

/**
 * The domains Credit1 runs more than 2 points of the host below their
 * guaranteed share, from rows simulated with every domain busy (so each row's
 * `calculated` is the guaranteed share). The same threshold as
 * {@link credit1Departure}, one direction only: a guarantee is a floor.
 *
 * @example
 * ```ts
 * credit1Shortfalls([{ name: "d", calculated: 62.5, credit1: 45.4, halvedAway: 17, debtForgiven: 0, parked: 0 }], 1);
 * // [{ name: "d", guaranteed: 62.5, credit1: 45.4, pointsOfHost: 17.1 }] (up to rounding)
 * ```
 */
export function credit1Shortfalls(rows: readonly SimulatedRow[], pcpus: number): Credit1Shortfall[] {
  return rows
    .map((row) => ({ row, points: -pointsOfHost(row, pcpus) }))
    .filter(({ points }) => points > NOTABLE_POINTS)
    .map(({ row, points }) => ({
      name: row.name,
      guaranteed: row.calculated,
      credit1: row.credit1,
      pointsOfHost: points,
    }));
}

/**
 * One line for a host's shortfalls, naming each domain with both numbers and
 * pointing to `sched simulate` for the rules behind them; undefined when there
 * are none.
 *
 * @example
 * ```ts
 * credit1ShortfallNote([{ name: "d", guaranteed: 62.5, credit1: 45.4, pointsOfHost: 17.1 }]);
 * // "note: with every domain busy, Credit1 would run d at 45.4% where 62.5% is guaranteed (17.1 points of the host short); …"
 * ```
 */
export function credit1ShortfallNote(shortfalls: readonly Credit1Shortfall[]): string | undefined {
  if (shortfalls.length === 0) return undefined;
  const domains = shortfalls.map(
    (each) =>
      `${each.name} at ${each.credit1.toFixed(1)}% where ${each.guaranteed.toFixed(1)}% is guaranteed ` +
      `(${each.pointsOfHost.toFixed(1)} points of the host short)`,
  );
  return (
    `note: with every domain busy, Credit1 would run ${domains.join(", ")}; ` +
    "`dom0kit sched simulate` shows which of Credit1's accounting rules cause it"
  );
}
