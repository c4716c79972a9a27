import {
  describeCurrentPriorities,
  formatIoPriority,
  type DomainIoReport,
  type Honours,
  type IoInspection,
} from "@dom0kit/ionice-mapper";
import type { Output } from "../output.js";

const HONOURS_LABEL: Readonly<Record<Honours, string>> = {
  levels: "levels",
  class: "class only",
  nothing: "ignored",
  unknown: "unknown",
};

/**
 * `bfq: levels`, `mq-deadline: class only`, `none: ignored` — the weakest disk of a domain.
 *
 * @example
 * ```ts
 * schedulerCell(inspection.domains[0]); // "mq-deadline: class only"
 * ```
 */
export function schedulerCell(domain: DomainIoReport): string {
  const verdicts = domain.storage.flatMap((check) => check.verdicts);
  const weakest = verdicts.find((verdict) => verdict.honours === domain.honours);
  if (weakest === undefined) return domain.storage.length === 0 ? "-" : "unknown";
  const others = new Set(verdicts.map((verdict) => verdict.disk)).size > 1 ? ` (${weakest.disk})` : "";
  return `${weakest.scheduler}: ${HONOURS_LABEL[domain.honours]}${others}`;
}

/**
 * What serves a domain's disks: `2 blkback`, `qemu (11 threads)`, `none`.
 *
 * @example
 * ```ts
 * processesCell(inspection.domains[0]); // "2 blkback"
 * ```
 */
export function processesCell(domain: DomainIoReport): string {
  if (domain.backends.length === 0) return "none";
  const byKind = new Map<string, { count: number; tasks: number }>();
  for (const backend of domain.backends) {
    const entry = byKind.get(backend.kind) ?? { count: 0, tasks: 0 };
    byKind.set(backend.kind, { count: entry.count + 1, tasks: entry.tasks + backend.tids.length });
  }
  return [...byKind.entries()]
    .map(([kind, { count, tasks }]) => {
      const threads = tasks > count ? ` (${String(tasks)} threads)` : "";
      return `${count === 1 ? "" : `${String(count)} `}${kind}${threads}`;
    })
    .join(", ");
}

/**
 * The table of `dom0kit io show|plan|apply`: domain, domid, processes, level now, planned, scheduler.
 *
 * @example
 * ```ts
 * printIoTable(context.output(command), inspection);
 * ```
 */
export function printIoTable(out: Output, inspection: IoInspection): void {
  out.table(
    [
      { heading: "DOMAIN" },
      { heading: "DOMID", align: "right" },
      { heading: "PROCESSES" },
      { heading: "NOW" },
      { heading: "PLANNED" },
      { heading: "SCHEDULER" },
    ],
    [
      ...inspection.domains.map((domain) => [
        domain.name,
        domain.domid === undefined ? "-" : String(domain.domid),
        processesCell(domain),
        describeCurrentPriorities(domain.backends),
        formatIoPriority(domain.planned),
        schedulerCell(domain),
      ]),
      ...(inspection.housekeeping.processes.length === 0
        ? []
        : [
            [
              "(housekeeping)",
              "0",
              inspection.housekeeping.processes.map((process) => process.name).join(", "),
              describeCurrentPriorities(inspection.housekeeping.processes),
              formatIoPriority(inspection.housekeeping.planned),
              "",
            ],
          ]),
    ],
  );
}

/**
 * Problems, warnings, scheduler advice and the backends left alone, after the table.
 *
 * @example
 * ```ts
 * printIoNotes(out, inspection, true); // with each level's explanation
 * ```
 */
export function printIoNotes(out: Output, inspection: IoInspection, explain: boolean): void {
  const lines: string[] = [];
  if (explain) for (const domain of inspection.domains) lines.push(`${domain.name}: ${domain.explanation}`);
  for (const domain of inspection.domains)
    for (const problem of domain.problems) lines.push(`${out.colors.yellow("!")} ${domain.name}: ${problem}`);
  for (const warning of inspection.warnings) lines.push(`${out.colors.yellow("!")} ${warning}`);
  const advice = new Map<string, string>();
  for (const domain of inspection.domains)
    for (const check of domain.storage)
      for (const verdict of check.verdicts)
        if (verdict.advice !== undefined) advice.set(verdict.disk, `${verdict.summary}: ${verdict.advice}`);
  for (const [disk, text] of advice) lines.push(`${disk}: ${text}`);
  if ([...advice.values()].some((text) => text.includes('write "bfq"')))
    lines.push(
      "switch them with `dom0kit io apply --switch-scheduler` (`dom0kit io plan --switch-scheduler` shows how)",
    );
  for (const each of inspection.unassigned)
    lines.push(
      `left alone: ${each.backend.kind} ${each.backend.name} (pid ${String(each.backend.pid)}): ${each.reason}`,
    );
  if (lines.length === 0) return;
  out.line();
  for (const line of lines) out.line(line);
}
