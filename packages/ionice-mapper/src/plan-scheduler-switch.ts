import { action, plan, step, type Plan } from "@dom0kit/runner";
import type { DiskScheduler } from "./scheduler-verdict.js";

const DISK_NAME = /^[A-Za-z0-9][A-Za-z0-9._:+!-]*$/;
const SCHEDULER_NAME = /^[a-z][a-z0-9-]*$/;

/** Options of {@link planSchedulerSwitch}. */
export interface SchedulerSwitchOptions {
  /** The scheduler to switch to. @default "bfq" */
  readonly scheduler?: string;
  /** @default "/sys" */
  readonly sysRoot?: string;
}

/**
 * Plans switching disks to a scheduler (BFQ by default) by writing its name to
 * `/sys/block/<disk>/queue/scheduler` with `tee` (no shell). Disks already on it
 * are skipped; each step's undo writes the previous scheduler back. When a disk
 * does not offer BFQ yet, `modprobe bfq` runs first. The switch
 * lasts until reboot — a udev rule keeps it (see the verdict's advice).
 *
 * @throws `Error` when a disk or scheduler name is not a plain kernel name.
 * @example
 * ```ts
 * const switchPlan = planSchedulerSwitch([{ disk: "sdb", active: "mq-deadline", available: ["mq-deadline", "bfq", "none"] }]);
 * switchPlan.steps[0]?.command; // { file: "tee", args: ["/sys/block/sdb/queue/scheduler"], input: "bfq\n" }
 * ```
 */
export function planSchedulerSwitch(
  disks: readonly DiskScheduler[],
  options: SchedulerSwitchOptions = {},
): Plan {
  const scheduler = options.scheduler ?? "bfq";
  const sysRoot = (options.sysRoot ?? "/sys").replace(/\/+$/, "");
  if (!SCHEDULER_NAME.test(scheduler))
    throw new Error(`${JSON.stringify(scheduler)} is not a scheduler name`);
  const seen = new Set<string>();
  const steps = disks
    .filter((disk) => disk.active !== undefined && disk.active !== scheduler)
    .filter((disk) => (seen.has(disk.disk) ? false : (seen.add(disk.disk), true)))
    .map((disk) => {
      if (!DISK_NAME.test(disk.disk)) throw new Error(`${JSON.stringify(disk.disk)} is not a disk name`);
      const file = `${sysRoot}/block/${disk.disk}/queue/scheduler`;
      const previous = disk.active as string;
      return step(`switch ${disk.disk} from ${previous} to ${scheduler}`, ["tee", file], {
        input: `${scheduler}\n`,
        undo: action(`switch ${disk.disk} back to ${previous}`, ["tee", file], { input: `${previous}\n` }),
      });
    });
  const missing = disks.some((disk) => disk.active !== undefined && !disk.available.includes(scheduler));
  const load =
    missing && scheduler === "bfq" && steps.length > 0
      ? [step("load the BFQ scheduler module (the disks do not offer bfq yet)", ["modprobe", "bfq"])]
      : [];
  return plan(`switch disks to ${scheduler}`, [...load, ...steps]);
}
