import { formatRate, type DirectionStatus, type ShapingStatus } from "@dom0kit/tc-builder";
import type { Output } from "../output.js";

function rates(pair: { rate: number; ceil?: number } | undefined): string {
  if (pair === undefined) return "-";
  return pair.ceil === undefined || pair.ceil === pair.rate
    ? formatRate(pair.rate)
    : `${formatRate(pair.rate)}/${formatRate(pair.ceil)}`;
}

function counters(direction: DirectionStatus): string {
  const c = direction.counters;
  return c === undefined ? "-" : `${String(c.bytes)}B ${String(c.packets)}p ${String(c.drops)}d`;
}

function planned(direction: DirectionStatus): string {
  return `${rates(direction.planned)} → ${rates(direction.live)}`;
}

/**
 * Prints `net show`: per domU, the rates planned and live in each direction
 * (away from it: rate/ceil) and the kernel's byte, packet and drop counters.
 * @example
 * ```ts
 * printStatus(output, await shapingStatus(runner, input));
 * ```
 */
export function printStatus(out: Output, status: ShapingStatus): void {
  out.line(
    `uplink ${status.uplink}${status.directPackets === undefined ? " (dom0kit's HTB qdisc is not there)" : ""}`,
  );
  out.line();
  const rows = status.domains.map((row) => [
    row.name,
    row.vif,
    row.classId ?? "-",
    planned(row.in),
    counters(row.in),
    planned(row.out),
    counters(row.out),
    row.in.inSync && row.out.inSync ? "yes" : "NO",
  ]);
  rows.push([
    "(default)",
    "-",
    "-",
    "-",
    "-",
    planned(status.defaultClass),
    counters(status.defaultClass),
    status.defaultClass.inSync ? "yes" : "NO",
  ]);
  out.table(
    [
      { heading: "DOMAIN" },
      { heading: "VIF" },
      { heading: "CLASS" },
      { heading: "IN PLANNED → LIVE" },
      { heading: "IN COUNTERS", align: "right" },
      { heading: "OUT PLANNED → LIVE" },
      { heading: "OUT COUNTERS", align: "right" },
      { heading: "IN SYNC" },
    ],
    rows,
  );
}
