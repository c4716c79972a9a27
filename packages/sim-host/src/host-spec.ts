import { z } from "zod";
import { SimHostError } from "./errors.js";
import { parseByteSize } from "./size.js";

const NAME = /^[A-Za-z0-9][A-Za-z0-9+_.-]*$/;
const byteSize = z.union([z.string(), z.number()]).transform((value, context) => {
  const bytes = parseByteSize(value);
  if (bytes === undefined) {
    context.addIssue({
      code: "custom",
      message: `not a size: ${JSON.stringify(value)} (use bytes or 20G, 512M…)`,
    });
    return z.NEVER;
  }
  return bytes;
});

/**
 * The simulated machine: what `xl info` reports, the volume groups LVM can
 * allocate from, the network devices tc can shape. Every field has a default.
 *
 * @example
 * ```ts
 * const spec: HostSpecInput = { cpus: 8, memoryMiB: 32768, volumeGroups: [{ name: "vg0", size: "1T" }] };
 * ```
 */
export const hostSpecSchema = z
  .object({
    /** `xl info` host name. @default "sim-dom0" */
    hostname: z
      .string()
      .regex(/^[A-Za-z0-9.-]+$/)
      .default("sim-dom0"),
    /** Physical CPUs. @default 4 */
    cpus: z.number().int().min(1).max(4096).default(4),
    /** Host RAM in MiB. @default 16384 */
    memoryMiB: z.number().int().min(256).default(16384),
    /** Scheduler of Pool-0 (credit2 is Xen's default since 4.12). @default "credit2" */
    scheduler: z.enum(["credit", "credit2"]).default("credit2"),
    /** Domain-0. */
    dom0: z
      .object({
        memoryMiB: z.number().int().min(128).default(1024),
        vcpus: z.number().int().min(1).default(2),
        weight: z.number().int().min(1).max(65535).default(256),
        cap: z.number().int().min(0).default(0),
      })
      .prefault({}),
    /** LVM volume groups (their space is simulated; backing files are sparse). @default one 500G "vg0" */
    volumeGroups: z
      .array(
        z.object({
          name: z.string().regex(NAME),
          size: byteSize,
          extentSize: byteSize.default(4 * 1024 * 1024),
        }),
      )
      .default([{ name: "vg0", size: 500 * 1024 ** 3, extentSize: 4 * 1024 * 1024 }]),
    /** Physical network interfaces. @default ["peth0"] */
    nics: z.array(z.string().regex(/^[A-Za-z0-9._-]{1,15}$/)).default(["peth0"]),
    /** Bridges vifs are attached to. @default ["xenbr0"] */
    bridges: z.array(z.string().regex(/^[A-Za-z0-9._-]{1,15}$/)).default(["xenbr0"]),
    /** The disk under the volume groups, for `/sys/block/<disk>/queue/scheduler`. @default "sda" */
    physicalDisk: z
      .string()
      .regex(/^[a-z0-9]+$/)
      .default("sda"),
    /** Its I/O scheduler. @default "mq-deadline" */
    blockScheduler: z.enum(["bfq", "mq-deadline", "kyber", "none"]).default("mq-deadline"),
  })
  .strict();

/** A host spec as written by a caller (every field optional). */
export type HostSpecInput = z.input<typeof hostSpecSchema>;
/** A host spec with every default filled in. */
export type HostSpec = z.output<typeof hostSpecSchema>;

/**
 * Validates a host spec and fills in defaults.
 *
 * @throws {@link SimHostError} `SIM_SPEC_INVALID` naming the field and what is accepted.
 * @example
 * ```ts
 * parseHostSpec({ cpus: 8 }).memoryMiB; // 16384
 * ```
 */
export function parseHostSpec(input: HostSpecInput = {}): HostSpec {
  const result = hostSpecSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? "host spec" : issue.path.join(".");
    throw new SimHostError(
      "SIM_SPEC_INVALID",
      `invalid host spec at ${where}: ${issue?.message ?? "invalid"}`,
      {
        cause: result.error,
      },
    );
  }
  const spec = result.data;
  if (spec.dom0.vcpus > spec.cpus) {
    throw new SimHostError(
      "SIM_SPEC_INVALID",
      `invalid host spec at dom0.vcpus: ${String(spec.dom0.vcpus)} is more than the host's ${String(spec.cpus)} cpus`,
    );
  }
  if (spec.dom0.memoryMiB >= spec.memoryMiB) {
    throw new SimHostError(
      "SIM_SPEC_INVALID",
      `invalid host spec at dom0.memoryMiB: ${String(spec.dom0.memoryMiB)} leaves no memory of ${String(spec.memoryMiB)} MiB for guests`,
    );
  }
  return spec;
}
