import type { ShareReport } from "./share-report.js";

const HEADINGS = ["DOMAIN", "RAM", "WEIGHT", "CAP", "VCPUS", "GUARANTEED", "MAX", "REASON"] as const;

function percent(value: number): string {
  return `${value.toFixed(value >= 100 || Number.isInteger(value) ? 0 : 1)}%`;
}

/**
 * A share report as an aligned text table: domain, RAM, weight, cap, vcpus, the
 * share guaranteed under full contention and the most it can get (both in % of one
 * pCPU, like caps), and why.
 *
 * @example
 * ```ts
 * console.log(renderShareTable(shareReport(computeSchedulerPolicy(input))));
 * // DOMAIN    RAM       WEIGHT  CAP  VCPUS  GUARANTEED  MAX   REASON
 * // Domain-0  -         6000    -    1      100%        100%  …
 * ```
 */
export function renderShareTable(report: ShareReport): string {
  const rows = report.domains.map((row) => [
    row.name,
    row.memoryMiB === undefined ? "-" : `${String(row.memoryMiB)} MiB`,
    String(row.weight),
    row.cap === 0 ? "-" : `${String(row.cap)}%`,
    String(row.vcpus),
    `${percent(row.guaranteed)} (${row.guaranteedOfHost.toFixed(1)}% of host)`,
    percent(row.maximum),
    row.reason,
  ]);
  const table = [[...HEADINGS], ...rows];
  const widths = HEADINGS.map((_, column) => Math.max(...table.map((cells) => cells[column]?.length ?? 0)));
  return table
    .map((cells) =>
      cells
        .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")
    .concat("\n");
}
