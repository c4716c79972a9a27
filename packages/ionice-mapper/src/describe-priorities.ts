import { formatIoPriority, levelFromNice, type IoPriority } from "./io-priority.js";

/** Processes with their current priorities, as an inspection holds them. */
export interface ProcessWithPriorities {
  readonly nice: number;
  readonly tids: readonly number[];
  readonly now: Readonly<Record<number, IoPriority>>;
}

/**
 * One priority as people read it. A task in class `none` shows the best-effort
 * level its nice value gives it: `none≈be/4`.
 *
 * @example
 * ```ts
 * describePriority({ ioClass: "none", level: 0 }, 0); // "none≈be/4"
 * ```
 */
export function describePriority(priority: IoPriority, nice: number): string {
  return priority.ioClass === "none" ? `none≈be/${String(levelFromNice(nice))}` : formatIoPriority(priority);
}

/**
 * Sums up the current priorities of several processes' tasks: the one priority
 * they share, `mixed: be/0 ×3, none≈be/4 ×1`, or `-` when there are none.
 *
 * @example
 * ```ts
 * describeCurrentPriorities([{ nice: 0, tids: [5, 6], now: { 5: { ioClass: "best-effort", level: 0 }, 6: { ioClass: "best-effort", level: 0 } } }]); // "be/0"
 * ```
 */
export function describeCurrentPriorities(processes: readonly ProcessWithPriorities[]): string {
  const counts = new Map<string, number>();
  for (const process of processes)
    for (const tid of process.tids) {
      const priority = process.now[tid];
      if (priority === undefined) continue;
      const label = describePriority(priority, process.nice);
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
  if (counts.size === 0) return "-";
  if (counts.size === 1) return [...counts.keys()][0] as string;
  return `mixed: ${[...counts.entries()].map(([label, count]) => `${label} ×${String(count)}`).join(", ")}`;
}
