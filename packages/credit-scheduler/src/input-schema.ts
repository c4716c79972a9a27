import { z } from "zod";

/**
 * Domain names that may go into an argv: start with a letter, digit or `_` (never
 * `-`, which `xl` would read as an option), then letters, digits and `_ . : + -`,
 * at most 64 characters.
 *
 * @example
 * ```ts
 * DOMAIN_NAME_PATTERN.test("web-01.example.com"); // true
 * DOMAIN_NAME_PATTERN.test("-w"); // false
 * ```
 */
export const DOMAIN_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.:+-]{0,63}$/;

const domainName = z
  .string()
  .regex(
    DOMAIN_NAME_PATTERN,
    "not a safe domain name; accepted: letters, digits and _ . : + - (not starting with -), at most 64 characters",
  );

const cpuList = z.string().min(1, "empty CPU list; accepted: all, N, N-M, ^N, comma-separated");

/**
 * Where a domain's vcpus may run: one CPU list for every vcpu (`"2-3"`, `"all"`,
 * `"0-7,^1"`), or one entry per vcpu like xl.cfg's `cpus = [0, 2]` (vcpu0 → pCPU 0,
 * vcpu1 → pCPU 2).
 *
 * @example
 * ```ts
 * const pinning: Pinning = [0, 2];
 * ```
 */
export const pinningSchema = z.union([cpuList, z.array(z.union([z.number().int().min(0), cpuList])).min(1)]);

/**
 * The dom0 settings.
 *
 * @example
 * ```ts
 * const dom0 = dom0Schema.parse({ dedicatedPcpus: 1 });
 * // { name: "Domain-0", weight: 6000, cap: 0, dedicatedPcpus: 1 }
 * ```
 */
export const dom0Schema = z.strictObject({
  /** @default "Domain-0" */
  name: domainName.default("Domain-0"),
  /** Weight written with `xl sched-credit -d Domain-0 -w`. @default 6000 */
  weight: z.number().int().default(6000),
  /** % of one pCPU, 0 = none. @default 0 */
  cap: z.number().int().min(0).default(0),
  /** vcpus to keep online (`xl vcpu-set`). @default unmanaged: left as the host has it */
  vcpus: z.number().int().min(1).optional(),
  /**
   * pCPUs given to dom0 alone (dom0 pinned there, domUs pinned elsewhere): a count N
   * (pCPUs 0..N-1) or a list of pCPU numbers. @default 0
   */
  dedicatedPcpus: z.union([z.number().int().min(0), z.array(z.number().int().min(0)).min(1)]).default(0),
});

/**
 * The cpupool's scheduler parameters (`xl sched-credit -s -t -r`).
 *
 * @example
 * ```ts
 * const pool = poolSchema.parse({ tsliceMs: 10, ratelimitUs: 1000 });
 * ```
 */
export const poolSchema = z.strictObject({
  /** @default "Pool-0" */
  name: domainName.default("Pool-0"),
  /** Credit1 timeslice, 1..1000 ms (Xen's XEN_SYSCTL_CSCHED_TSLICE_MIN/MAX). */
  tsliceMs: z.number().int().min(1).max(1000).optional(),
  /** Context-switch rate limit: 0 (off) or 100..500000 µs. */
  ratelimitUs: z
    .number()
    .int()
    .refine((value) => value === 0 || (value >= 100 && value <= 500_000), {
      message: "not a rate limit Xen accepts; accepted: 0 (off) or 100..500000 µs",
    })
    .optional(),
});

/**
 * The host: its pCPUs, scheduler, toolstack and the policy knobs.
 *
 * @example
 * ```ts
 * const host = hostSchema.parse({ pcpus: 4, scheduler: "credit" });
 * ```
 */
export const hostSchema = z.strictObject({
  /** Physical CPUs in the pool. */
  pcpus: z.number().int(),
  /** `credit2` is Xen's default since 4.12. @default "credit2" */
  scheduler: z.enum(["credit", "credit2"]).default("credit2"),
  /** `xm` for legacy (≤ 4.4) hosts. @default "xl" */
  toolstack: z.enum(["xl", "xm"]).default("xl"),
  /** RAM that vcpus are apportioned against. @default the sum of the domUs' memory */
  memoryMiB: z.number().int().positive().optional(),
  /** `proportional`: vcpus in proportion to RAM; `burst`: every domU gets one vcpu per pCPU. @default "proportional" */
  vcpuMode: z.enum(["proportional", "burst"]).default("proportional"),
  /**
   * `memory-per-vcpu`: weight = RAM MB ÷ vcpus, so each domain as a whole weighs its RAM
   * (Xen weighs every busy vcpu); `memory`: weight = RAM MB, the field practice.
   * @default "memory-per-vcpu"
   */
  weightRule: z.enum(["memory-per-vcpu", "memory"]).default("memory-per-vcpu"),
  dom0: dom0Schema.default({ name: "Domain-0", weight: 6000, cap: 0, dedicatedPcpus: 0 }),
  pool: poolSchema.optional(),
});

/**
 * One customer domain.
 *
 * @example
 * ```ts
 * const vm = domainSchema.parse({ name: "vm1", memoryMiB: 2048, cap: 150 });
 * ```
 */
export const domainSchema = z.strictObject({
  name: domainName,
  /** RAM the customer pays for, MiB. */
  memoryMiB: z.number().int().positive(),
  /** Explicit weight (xl.cfg `cpu_weight`), 1..65535. @default derived from memory */
  weight: z.number().int().optional(),
  /** % of one pCPU, 0 = none, at most vcpus × 100. @default 0 */
  cap: z.number().int().min(0).optional(),
  /** Explicit vcpu count. @default derived from memory (or pCPUs in burst mode) */
  vcpus: z.number().int().min(1).optional(),
  /** The count it booted with; vcpus may not exceed it. */
  maxvcpus: z.number().int().min(1).optional(),
  /** Hard affinity. @default unmanaged (or "not dom0's pCPUs" when dom0 has dedicated ones) */
  pinning: pinningSchema.optional(),
});

/**
 * Everything the policy needs: the host and its domUs.
 *
 * @example
 * ```ts
 * const input = schedulerInputSchema.parse({
 *   host: { pcpus: 4, scheduler: "credit" },
 *   domains: [{ name: "vm1", memoryMiB: 2048 }],
 * });
 * ```
 */
export const schedulerInputSchema = z.strictObject({
  host: hostSchema,
  domains: z.array(domainSchema),
});

/**
 * Input as written by a caller (defaults optional).
 *
 * @example
 * ```ts
 * const input: SchedulerInput = { host: { pcpus: 4 }, domains: [{ name: "vm1", memoryMiB: 1024 }] };
 * ```
 */
export type SchedulerInput = z.input<typeof schedulerInputSchema>;
/** Input after validation, every default filled in. */
export type ValidSchedulerInput = z.output<typeof schedulerInputSchema>;
/** A validated host. */
export type HostSettings = z.output<typeof hostSchema>;
/** A validated domU. */
export type DomainSettings = z.output<typeof domainSchema>;
/** Validated dom0 settings. */
export type Dom0Settings = z.output<typeof dom0Schema>;
/** Validated pool parameters. */
export type PoolSettings = z.output<typeof poolSchema>;
/** Hard affinity as given in the input. */
export type Pinning = z.output<typeof pinningSchema>;
