import { z } from "zod";
import { IoPolicyError, type IoPolicyIssue } from "./errors.js";

const level = (what: string) =>
  z
    .number({ error: `expected ${what}: a whole number from 0 (highest) to 7 (lowest)` })
    .int({ error: `expected ${what}: a whole number from 0 (highest) to 7 (lowest)` })
    .min(0, { error: `expected ${what} of at least 0` })
    .max(7, { error: `expected ${what} of at most 7` });

/** Domain names as xl accepts them and as they are safe to print and match. */
const DOMAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** An absolute path without `..` segments, NUL or newlines. */
const ABSOLUTE_PATH = /^\/(?!.*(?:^|\/)\.\.(?:\/|$))[^\0\n]*$/;
/** A virtual device name as it appears in blkback thread names (`xvda`, `hda`, `sdb1`, `d0p1`). */
const VDEV = /^[a-z][a-z0-9]{0,15}$/;
/** A process name (`/proc/PID/comm`): 1-63 printable characters. */
const COMM = /^[\x21-\x7e][\x20-\x7e]{0,62}$/;

/**
 * One virtual disk: what backs it on the host, and the name the guest sees.
 *
 * @example
 * ```ts
 * ioDiskSchema.parse({ source: "/dev/vg0/vm1", vdev: "xvda" });
 * ```
 */
export const ioDiskSchema = z.strictObject({
  /** The backing store: `/dev/VG/LV`, `/dev/mapper/…`, `/dev/sdb3`, `/dev/loop2`, or an image file. */
  source: z
    .string({ error: "expected an absolute path to a block device or image file" })
    .regex(ABSOLUTE_PATH, {
      error: "expected an absolute path without '..', such as /dev/vg0/vm1 or /srv/xen/vm1.img",
    }),
  /** The guest's device (`xvda`); matches the blkback thread names. */
  vdev: z
    .string({ error: "expected a virtual device name such as xvda" })
    .regex(VDEV, { error: "expected a virtual device name such as xvda, hda or sdb1" })
    .optional(),
});

/**
 * One domU and what it pays for.
 *
 * @example
 * ```ts
 * ioDomainSchema.parse({ name: "vm1", allocation: 512 }); // disks default to []
 * ```
 */
export const ioDomainSchema = z.strictObject({
  /** The domain's name, as `xl list` shows it. */
  name: z.string({ error: "expected a domain name" }).regex(DOMAIN_NAME, {
    error:
      "expected a domain name: letters, digits, '_', '.' and '-', at most 64, starting with a letter or digit",
  }),
  /**
   * The domain's CPU allocation: its credit-scheduler weight, its memory, or any
   * number that ranks what customers pay for. Larger gets a higher I/O priority.
   */
  allocation: z
    .number({ error: "expected an allocation: a number of at least 0 (a credit weight, memory in MiB, …)" })
    .refine(Number.isFinite, { error: "expected a finite number" })
    .min(0, { error: "expected an allocation of at least 0" }),
  /** The domain's disks, for the scheduler check and to match backend threads. @default [] */
  disks: z.array(ioDiskSchema, { error: "expected a list of disks" }).default([]),
  /**
   * Overrides the class: `idle` (class 3: only when the disk is otherwise idle —
   * on request only), `realtime` (class 1: refused unless the policy sets
   * `allowRealtime`). @default best-effort, ranked by allocation
   */
  ioClass: z
    .enum(["best-effort", "idle", "realtime"], { error: "expected best-effort, idle or realtime" })
    .optional(),
  /** A fixed level instead of the ranked one (best-effort or realtime). */
  level: level("a fixed level").optional(),
});

/**
 * dom0's own housekeeping: backups, copies, compressors.
 *
 * @example
 * ```ts
 * housekeepingSchema.parse({ ioClass: "idle", processNames: ["rsync"] });
 * ```
 */
export const housekeepingSchema = z.strictObject({
  /** Its best-effort level. @default 7 (the lowest) */
  level: level("the housekeeping level").default(7),
  /** `idle` runs housekeeping only when no domain wants the disk. @default "best-effort" */
  ioClass: z.enum(["best-effort", "idle"], { error: "expected best-effort or idle" }).default("best-effort"),
  /**
   * Names (`/proc/PID/comm`) of housekeeping processes to find and reprioritise
   * when they are already running (`rsync`, `borg`). @default []
   */
  processNames: z
    .array(z.string().regex(COMM, { error: "expected a process name of 1-63 printable characters" }), {
      error: "expected a list of process names",
    })
    .default([]),
});

/**
 * The input: domains with their allocations and disks, the range of levels to
 * spread them over, and the housekeeping level.
 *
 * @example
 * ```ts
 * const result = ioPolicySchema.safeParse({ domains: [{ name: "vm1", allocation: 256 }], startLevel: 1 });
 * ```
 */
export const ioPolicySchema = z
  .strictObject({
    domains: z.array(ioDomainSchema, { error: "expected a list of domains" }),
    /** The level the largest allocation gets. @default 0 */
    startLevel: level("the start level").default(0),
    /** The level the smallest allocation gets at most. @default 7 */
    endLevel: level("the end level").default(7),
    housekeeping: housekeepingSchema.default({ level: 7, ioClass: "best-effort", processNames: [] }),
    /** Permit class 1 (realtime), which can starve every other process of I/O. @default false */
    allowRealtime: z.boolean({ error: "expected true or false" }).default(false),
  })
  .superRefine((policy, context) => {
    if (policy.endLevel < policy.startLevel)
      context.addIssue({
        code: "custom",
        path: ["endLevel"],
        message: `expected an end level at or below the start level ${String(policy.startLevel)} (levels count down from 0, the highest)`,
      });
    const seen = new Map<string, number>();
    for (const [index, domain] of policy.domains.entries()) {
      const first = seen.get(domain.name);
      if (first !== undefined)
        context.addIssue({
          code: "custom",
          path: ["domains", index, "name"],
          message: `domain ${domain.name} is already listed at domains[${String(first)}]`,
        });
      else seen.set(domain.name, index);
      if (domain.ioClass === "realtime" && !policy.allowRealtime)
        context.addIssue({
          code: "custom",
          path: ["domains", index, "ioClass"],
          message:
            "realtime (class 1) can starve every other domain and dom0 itself of disk I/O; set allowRealtime: true to force it, or use best-effort",
        });
      if (domain.ioClass === "idle" && domain.level !== undefined)
        context.addIssue({
          code: "custom",
          path: ["domains", index, "level"],
          message: "the idle class has no levels; remove level or use best-effort",
        });
    }
  });

/** A validated policy, defaults filled in. */
export type IoPolicy = z.output<typeof ioPolicySchema>;
/** What {@link parseIoPolicy} accepts (defaults optional). */
export type IoPolicyInput = z.input<typeof ioPolicySchema>;
/** One domain of a policy. */
export type IoDomain = IoPolicy["domains"][number];
/** One disk of a domain. */
export type IoDisk = IoDomain["disks"][number];
/** The housekeeping settings. */
export type Housekeeping = IoPolicy["housekeeping"];

function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === "number" ? `[${String(part)}]` : `${index === 0 ? "" : "."}${String(part)}`,
    )
    .join("");
}

/**
 * Validates an I/O policy and fills in defaults.
 *
 * @throws {@link IoPolicyError} listing every problem with its path.
 * @example
 * ```ts
 * const policy = parseIoPolicy({
 *   domains: [
 *     { name: "vm1", allocation: 1024, disks: [{ source: "/dev/vg0/vm1", vdev: "xvda" }] },
 *     { name: "vm2", allocation: 512 },
 *   ],
 *   housekeeping: { level: 7 },
 * });
 * ```
 */
export function parseIoPolicy(input: unknown): IoPolicy {
  const result = ioPolicySchema.safeParse(input);
  if (result.success) return result.data;
  const issues: IoPolicyIssue[] = result.error.issues.map((issue) => ({
    path: pathOf(issue.path),
    message: issue.message,
  }));
  throw new IoPolicyError(issues, { cause: result.error });
}
