/**
 * The I/O scheduling classes of `ioprio_set(2)`. `none` is what the kernel reports
 * for a task whose priority was never set: it then follows the task's CPU nice
 * value (best-effort level `(nice + 20) / 5`).
 */
export type IoClass = "none" | "realtime" | "best-effort" | "idle";

/** The classes a plan can set (`none` is only ever read back). */
export type SettableIoClass = Exclude<IoClass, "none">;

/**
 * Best-effort and realtime levels: 0 (highest) to 7 (lowest).
 *
 * @example
 * ```ts
 * IO_LEVELS.map(bfqWeightOfLevel); // [80, 70, 60, 50, 40, 30, 20, 10]
 * ```
 */
export const IO_LEVELS = [0, 1, 2, 3, 4, 5, 6, 7] as const;

/**
 * The lowest priority level, 7.
 *
 * @example
 * ```ts
 * ioPriority("best-effort", LOWEST_LEVEL); // where backups belong
 * ```
 */
export const LOWEST_LEVEL = 7;

/**
 * An I/O priority: a class and, for realtime and best-effort, a level 0..7. For
 * idle the level is always 0 (the class has no levels).
 *
 * @example
 * ```ts
 * const top: IoPriority = { ioClass: "best-effort", level: 0 };
 * ```
 */
export interface IoPriority {
  readonly ioClass: IoClass;
  readonly level: number;
}

/** An {@link IoPriority} a plan can set. */
export interface PlannedIoPriority extends IoPriority {
  readonly ioClass: SettableIoClass;
}

/**
 * `ionice -c` numbers of each class.
 *
 * @example
 * ```ts
 * IONICE_CLASS_NUMBER["best-effort"]; // 2
 * ```
 */
export const IONICE_CLASS_NUMBER: Readonly<Record<IoClass, number>> = {
  none: 0,
  realtime: 1,
  "best-effort": 2,
  idle: 3,
};

/**
 * Builds a priority; idle always gets level 0.
 *
 * @example
 * ```ts
 * ioPriority("best-effort", 3); // { ioClass: "best-effort", level: 3 }
 * ioPriority("idle");           // { ioClass: "idle", level: 0 }
 * ```
 */
export function ioPriority<C extends SettableIoClass>(
  ioClass: C,
  level = 0,
): PlannedIoPriority & { ioClass: C } {
  return { ioClass, level: ioClass === "idle" ? 0 : level };
}

/**
 * Short form for tables: `be/3`, `rt/0`, `idle`, `none`.
 *
 * @example
 * ```ts
 * formatIoPriority({ ioClass: "best-effort", level: 3 }); // "be/3"
 * ```
 */
export function formatIoPriority(priority: IoPriority): string {
  switch (priority.ioClass) {
    case "best-effort":
      return `be/${String(priority.level)}`;
    case "realtime":
      return `rt/${String(priority.level)}`;
    case "idle":
      return "idle";
    case "none":
      return "none";
  }
}

/**
 * True when a task already has `wanted`: same class, and the same level where the
 * class has levels. A task in class `none` never matches — its level would follow
 * its nice value, so it is set explicitly.
 *
 * @example
 * ```ts
 * samePriority({ ioClass: "idle", level: 0 }, { ioClass: "idle", level: 0 }); // true
 * samePriority({ ioClass: "none", level: 4 }, { ioClass: "best-effort", level: 4 }); // false
 * ```
 */
export function samePriority(current: IoPriority, wanted: IoPriority): boolean {
  if (current.ioClass !== wanted.ioClass) return false;
  return current.ioClass === "idle" || current.level === wanted.level;
}

/**
 * The best-effort level a task in class `none` effectively gets from its CPU
 * nice value: `(nice + 20) / 5`, as the kernel computes it.
 *
 * @example
 * ```ts
 * levelFromNice(0);   // 4
 * levelFromNice(-20); // 0
 * levelFromNice(19);  // 7
 * ```
 */
export function levelFromNice(nice: number): number {
  return Math.min(LOWEST_LEVEL, Math.max(0, Math.trunc((nice + 20) / 5)));
}

/**
 * The `ionice` options that set a priority: `-c 2 -n 3`, `-c 3`.
 *
 * @example
 * ```ts
 * ioniceOptions({ ioClass: "best-effort", level: 3 }); // ["-c", "2", "-n", "3"]
 * ioniceOptions({ ioClass: "idle", level: 0 });        // ["-c", "3"]
 * ```
 */
export function ioniceOptions(priority: PlannedIoPriority): string[] {
  const ioClass = String(IONICE_CLASS_NUMBER[priority.ioClass]);
  return priority.ioClass === "idle" ? ["-c", ioClass] : ["-c", ioClass, "-n", String(priority.level)];
}

/**
 * The argv prefix that runs a dom0 housekeeping command (a backup copy, a
 * compressor) at a priority: `["ionice", "-c", "2", "-n", "7"]`.
 *
 * @example
 * ```ts
 * const argv = [...ionicePrefix({ ioClass: "best-effort", level: 7 }), "dd", "if=/dev/vg0/vm1-snap"];
 * ```
 */
export function ionicePrefix(priority: PlannedIoPriority): [string, ...string[]] {
  return ["ionice", ...ioniceOptions(priority)];
}

/**
 * BFQ's weight for a best-effort level, `(8 − level) × 10` (level 0 → 80,
 * level 7 → 10): the share of disk time BFQ gives a task relative to others.
 *
 * @example
 * ```ts
 * bfqWeightOfLevel(0); // 80
 * ```
 */
export function bfqWeightOfLevel(level: number): number {
  return (8 - level) * 10;
}

/**
 * The cgroup v2 weight (`io.weight`, `io.bfq.weight`) that expresses the same
 * policy as a best-effort level: `(8 − level) × 25`, so level 4 is the default
 * weight 100, level 0 gets 200 and level 7 gets 25 — the same 8:1 spread BFQ
 * gives ionice levels. Idle gets 1, the smallest weight.
 *
 * @example
 * ```ts
 * cgroupWeightOf({ ioClass: "best-effort", level: 4 }); // 100
 * ```
 */
export function cgroupWeightOf(priority: PlannedIoPriority): number {
  if (priority.ioClass === "idle") return 1;
  if (priority.ioClass === "realtime") return 1000;
  return (8 - priority.level) * 25;
}
