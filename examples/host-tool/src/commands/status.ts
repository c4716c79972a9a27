import type { Command } from "commander";
import type { CliContext } from "../context.js";
import type { Output } from "../output.js";
import { readHostStatus, type DomainStatusRow, type HostStatus } from "../status/host-status.js";

function guaranteedCell(row: DomainStatusRow): string {
  if (row.guaranteedPercent === undefined) return "-";
  const host = row.guaranteedOfHost ?? 0;
  return `${row.guaranteedPercent.toFixed(0)}% (${host.toFixed(1)}% of host)`;
}

function ioCell(row: DomainStatusRow): string {
  if (row.ioNow === undefined) return "-";
  return row.ioPlanned === undefined || row.ioNow === row.ioPlanned
    ? row.ioNow
    : `${row.ioNow} (wants ${row.ioPlanned})`;
}

function printHostStatus(out: Output, status: HostStatus): void {
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
    ]),
  );
  for (const note of status.notes) out.line(out.colors.dim(`note: ${note}`));
}

/** `dom0kit status`: one table per host, read live. */
export function registerStatusCommand(program: Command, context: CliContext): void {
  program
    .command("status")
    .description(
      "one table for the host: each domain's state, RAM, weight and guaranteed CPU, vcpus, rates, I/O priority",
    )
    .addHelpText(
      "after",
      "\nEverything is read from the host (xl, tc, ps/ionice); the inventory names the domains.\n" +
        "GUARANTEED CPU is what the live weights give when every domain is busy, in % of one pCPU.\n" +
        "A source that cannot be read is noted under the table; the rest is still shown.\n\n" +
        "Examples:\n  dom0kit status -i dom0kit.yaml\n  dom0kit --json status --host ssh://root@dom0.example.net",
    )
    .action(async (_options: object, command: Command) => {
      const inventory = await context.inventory(command);
      const status = await readHostStatus(
        inventory,
        context.hostRunner(command),
        context.hostTarget(command),
      );
      const out = context.output(command);
      if (context.options(command).json) out.json(status);
      else printHostStatus(out, status);
    });
}
