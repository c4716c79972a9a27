import { plan, step, type Plan, type Step } from "@dom0kit/runner";
import {
  formatIoPriority,
  ioniceOptions,
  samePriority,
  type IoPriority,
  type PlannedIoPriority,
} from "./io-priority.js";
import { IONICE_BATCH } from "./read-priorities.js";

/** One task and the priority it should have. */
export interface PriorityTarget {
  /** The thread id (`ionice -p` sets one task). */
  readonly tid: number;
  readonly want: PlannedIoPriority;
  /** What it has now; absent when not known (it is then set). */
  readonly now?: IoPriority;
  /** Who it serves, for the step description: `vm1`, `housekeeping`. */
  readonly owner: string;
}

const CLASS_ORDER = { realtime: 0, "best-effort": 1, idle: 2 } as const;

function describeOwners(targets: readonly PriorityTarget[]): string {
  const counts = new Map<string, number>();
  for (const target of targets) counts.set(target.owner, (counts.get(target.owner) ?? 0) + 1);
  return [...counts.entries()]
    .map(([owner, count]) => `${owner} (${String(count)} task${count === 1 ? "" : "s"})`)
    .join(", ");
}

function describePriority(priority: PlannedIoPriority): string {
  return priority.ioClass === "idle"
    ? "idle class"
    : `${priority.ioClass} level ${String(priority.level)} (${formatIoPriority(priority)})`;
}

/**
 * The targets that need changing: those whose current priority differs from the
 * wanted one (or is not known). A task already right is left alone.
 *
 * @example
 * ```ts
 * pendingChanges([{ tid: 5, owner: "vm1", want: ioPriority("best-effort", 0), now: ioPriority("best-effort", 0) }]); // []
 * ```
 */
export function pendingChanges(targets: readonly PriorityTarget[]): PriorityTarget[] {
  return targets.filter((target) => target.now === undefined || !samePriority(target.now, target.want));
}

/**
 * Plans `ionice -c CLASS [-n LEVEL] -p TID…`, one step per priority (split into
 * batches of {@link IONICE_BATCH} ids), for only the tasks whose priority must
 * change. Nothing to change gives an empty plan — applying it runs no `ionice`.
 *
 * @example
 * ```ts
 * const changes = planIoniceChanges([
 *   { tid: 303, owner: "vm1", want: ioPriority("best-effort", 0), now: { ioClass: "none", level: 0 } },
 *   { tid: 304, owner: "vm1", want: ioPriority("best-effort", 0) },
 *   { tid: 410, owner: "vm2", want: ioPriority("best-effort", 1), now: ioPriority("best-effort", 1) },
 * ]);
 * changes.steps.map((each) => each.command.args); // [["-c", "2", "-n", "0", "-p", "303", "304"]]
 * ```
 */
export function planIoniceChanges(
  targets: readonly PriorityTarget[],
  title = "set disk I/O priorities",
): Plan {
  const groups = new Map<string, { want: PlannedIoPriority; targets: PriorityTarget[] }>();
  for (const target of pendingChanges(targets)) {
    const key = `${target.want.ioClass}/${String(target.want.level)}`;
    const group = groups.get(key) ?? { want: target.want, targets: [] };
    if (!group.targets.some((each) => each.tid === target.tid)) group.targets.push(target);
    groups.set(key, group);
  }
  const ordered = [...groups.values()].sort(
    (a, b) => CLASS_ORDER[a.want.ioClass] - CLASS_ORDER[b.want.ioClass] || a.want.level - b.want.level,
  );
  const steps: Step[] = [];
  for (const group of ordered) {
    const sorted = [...group.targets].sort((a, b) => a.tid - b.tid);
    for (let start = 0; start < sorted.length; start += IONICE_BATCH) {
      const batch = sorted.slice(start, start + IONICE_BATCH);
      steps.push(
        step(`${describePriority(group.want)} for ${describeOwners(batch)}`, [
          "ionice",
          ...ioniceOptions(group.want),
          "-p",
          ...batch.map((target) => String(target.tid)),
        ]),
      );
    }
  }
  return plan(title, steps);
}
