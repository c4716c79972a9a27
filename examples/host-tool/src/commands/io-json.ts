import { describeCurrentPriorities, formatIoPriority, type IoInspection } from "@dom0kit/ionice-mapper";

/**
 * `dom0kit io … --json`: one object per domain with the table's columns and the details behind them.
 *
 * @example
 * ```ts
 * out.json(ioJson(await inspectIo(policy, { runner })));
 * ```
 */
export function ioJson(inspection: IoInspection): object {
  return {
    domains: inspection.domains.map((domain) => ({
      name: domain.name,
      domid: domain.domid ?? null,
      running: domain.running,
      allocation: domain.allocation,
      planned: domain.planned,
      plannedText: formatIoPriority(domain.planned),
      now: describeCurrentPriorities(domain.backends),
      rule: domain.rule,
      explanation: domain.explanation,
      processes: domain.backends.map((backend) => ({
        pid: backend.pid,
        kind: backend.kind,
        name: backend.name,
        kernelThread: backend.kernelThread,
        tids: backend.tids,
        now: backend.now,
      })),
      scheduler: {
        honours: domain.honours,
        verdicts: domain.storage.flatMap((check) => check.verdicts),
      },
      storage: domain.storage.map((check) => ({
        source: check.disk.source,
        vdev: check.disk.vdev ?? null,
        kind: check.resolution.kind ?? null,
        steps: check.resolution.steps,
        disks: check.resolution.disks,
        problem: check.resolution.problem ?? null,
      })),
      problems: domain.problems,
    })),
    housekeeping: {
      planned: inspection.housekeeping.planned,
      explanation: inspection.housekeeping.explanation,
      processes: inspection.housekeeping.processes,
    },
    unassigned: inspection.unassigned.map((each) => ({
      pid: each.backend.pid,
      kind: each.backend.kind,
      name: each.backend.name,
      reason: each.reason,
    })),
    warnings: inspection.warnings,
  };
}
