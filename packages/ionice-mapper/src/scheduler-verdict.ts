/** A physical disk's I/O scheduler, as `/sys/block/<disk>/queue/scheduler` shows it. */
export interface DiskScheduler {
  /** The kernel's name for the disk (`sda`, `nvme0n1`, `vda`). */
  readonly disk: string;
  /** The active scheduler; absent when the disk has no scheduler file (a bio-based device). */
  readonly active?: string;
  /** Every scheduler the kernel offers for it. */
  readonly available: readonly string[];
  /** BFQ's `low_latency` tunable, when BFQ is active. */
  readonly lowLatency?: boolean;
}

/** What a scheduler does with I/O priorities: levels and class, the class only, nothing. */
export type Honours = "levels" | "class" | "nothing" | "unknown";

/** Whether priorities set on a domain's backends will take effect on one disk, and what to do. */
export interface SchedulerVerdict {
  readonly disk: string;
  /** The active scheduler, or `"(none)"` when the device has none. */
  readonly scheduler: string;
  readonly honours: Honours;
  /** One sentence: what the scheduler does with priorities. */
  readonly summary: string;
  /** What to do about it, when something should be done. */
  readonly advice?: string;
}

/**
 * Parses a `queue/scheduler` file: the active scheduler is the one in brackets.
 *
 * @example
 * ```ts
 * parseSchedulerFile("none [mq-deadline] kyber bfq\n"); // { active: "mq-deadline", available: ["none", "mq-deadline", "kyber", "bfq"] }
 * parseSchedulerFile("none\n");                         // { active: "none", available: ["none"] }
 * ```
 */
export function parseSchedulerFile(text: string): { active?: string; available: string[] } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const available = words.map((word) => word.replace(/^\[(.*)\]$/, "$1"));
  const bracketed = words.find((word) => /^\[.*\]$/.test(word));
  const active = bracketed?.slice(1, -1) ?? (words.length === 1 ? available[0] : undefined);
  return active === undefined ? { available } : { active, available };
}

function switchAdvice(disk: DiskScheduler): string {
  const file = `/sys/block/${disk.disk}/queue/scheduler`;
  const load = disk.available.includes("bfq")
    ? ""
    : "load BFQ first (modprobe bfq; kernel option CONFIG_IOSCHED_BFQ), then ";
  return (
    `${load}switch ${disk.disk} to bfq: write "bfq" to ${file}; keep it across reboots with a udev rule ` +
    `ACTION=="add|change", KERNEL=="${disk.disk}", ATTR{queue/scheduler}="bfq"`
  );
}

/**
 * Judges whether a disk's scheduler honours I/O priorities. BFQ honours class
 * and level (best-effort weight `(8 − n) × 10`); CFQ did too (kernels before
 * 5.0); mq-deadline honours only the class (realtime, best-effort, idle — not
 * levels); none, noop, kyber and the old deadline ignore priorities, as does a
 * device without a scheduler.
 *
 * @example
 * ```ts
 * schedulerVerdict({ disk: "sda", active: "mq-deadline", available: ["none", "mq-deadline", "bfq"] }).honours; // "class"
 * ```
 */
export function schedulerVerdict(disk: DiskScheduler): SchedulerVerdict {
  const { active } = disk;
  const base = { disk: disk.disk, scheduler: active ?? "(none)" };
  if (active === undefined)
    return {
      ...base,
      honours: "nothing",
      summary: `${disk.disk} has no I/O scheduler (a bio-based device): priorities are not applied`,
      advice:
        "put the domains' storage on a disk with a request queue and BFQ, or cap this device with cgroup v2 io.max",
    };
  switch (active) {
    case "bfq":
      return {
        ...base,
        honours: "levels",
        summary: `bfq on ${disk.disk} honours classes and levels (best-effort weight (8 − level) × 10)`,
        ...(disk.lowLatency === true
          ? {
              advice:
                `low_latency is on: BFQ may raise interactive and soft real-time processes above their weight; ` +
                `for strict proportions write 0 to /sys/block/${disk.disk}/queue/iosched/low_latency`,
            }
          : {}),
      };
    case "cfq":
      return {
        ...base,
        honours: "levels",
        summary: `cfq on ${disk.disk} honours classes and levels (a kernel before 5.0)`,
      };
    case "mq-deadline":
      return {
        ...base,
        honours: "class",
        summary: `mq-deadline on ${disk.disk} honours only the class (realtime, best-effort, idle), not levels 0-7`,
        advice: switchAdvice(disk),
      };
    case "none":
    case "noop":
    case "kyber":
    case "deadline":
      return {
        ...base,
        honours: "nothing",
        summary: `${active} on ${disk.disk} ignores I/O priorities`,
        advice: switchAdvice(disk),
      };
    default:
      return {
        ...base,
        honours: "unknown",
        summary: `${active} on ${disk.disk} is a scheduler this check does not know`,
        advice: switchAdvice(disk),
      };
  }
}

const ORDER: Readonly<Record<Honours, number>> = { nothing: 0, unknown: 1, class: 2, levels: 3 };

/**
 * The weakest of several verdicts (a domain on two disks is only as well served
 * as the worse one): nothing < unknown < class < levels. `unknown` for none.
 *
 * @example
 * ```ts
 * weakestHonours(["levels", "class"]); // "class"
 * ```
 */
export function weakestHonours(values: readonly Honours[]): Honours {
  if (values.length === 0) return "unknown";
  return values.reduce((worst, each) => (ORDER[each] < ORDER[worst] ? each : worst));
}
