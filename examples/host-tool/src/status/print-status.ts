import type { Output } from "../output.js";
import type { DomainStatusRow, HostStatus } from "./host-status.js";

function guaranteedCell(row: DomainStatusRow): string {
  if (row.guaranteedPercent === undefined) return "-";
  const host = row.guaranteedOfHost ?? 0;
  return `${row.guaranteedPercent.toFixed(0)}% (${host.toFixed(1)}% of host)`;
}

function backupCell(row: DomainStatusRow): string {
  const last = row.lastBackup;
  if (last === undefined) return "-";
  if (last.status !== "complete") return `${last.id} (${last.status})`;
  return `${last.id} (${last.verified === undefined ? "not verified" : `verified ${last.verified.split(" ")[0] ?? ""}`})`;
}

function ioCell(row: DomainStatusRow): string {
  if (row.ioNow === undefined) return "-";
  return row.ioPlanned === undefined || row.ioNow === row.ioPlanned
    ? row.ioNow
    : `${row.ioNow} (wants ${row.ioPlanned})`;
}

/**
 * Prints a host's status: a heading, one aligned row per domain, then notes.
 *
 * @example
 * ```ts
 * printHostStatus(context.output(command), await readHostStatus(inventory, runner, target));
 * ```
 */
export function printHostStatus(out: Output, status: HostStatus): void {
  out.heading(`${status.host} (${String(status.pcpus)} pCPUs)`);
  out.table(
    [
      { heading: "DOMAIN" },
      { heading: "STATE" },
      { heading: "RAM", align: "right" },
      { heading: "WEIGHT", align: "right" },
      { heading: "GUARANTEED CPU", align: "right" },
      { heading: "VCPUS", align: "right" },
      { heading: "RATE IN", align: "right" },
      { heading: "RATE OUT", align: "right" },
      { heading: "I/O" },
      { heading: "LAST BACKUP" },
    ],
    status.domains.map((row) => [
      row.name,
      row.state,
      row.memoryMiB === undefined ? "-" : `${String(row.memoryMiB)} MiB`,
      row.weight ?? "-",
      guaranteedCell(row),
      row.vcpus ?? "-",
      row.rateIn ?? "-",
      `${row.rateOut ?? "-"}${row.shapingInSync === false ? " (differs from inventory)" : ""}`,
      ioCell(row),
      backupCell(row),
    ]),
  );
  for (const note of status.notes) out.line(out.colors.dim(`note: ${note}`));
}
