import { z } from "zod";
import { parseCpuSpec } from "./cpu-spec.js";
import type { DiskSpec } from "./disk-spec.js";
import type { VifSpec } from "./vif-spec.js";
import type { XlValue } from "./xl-value.js";

/**
 * What xl does when a domain powers off, reboots, crashes …
 *
 * @example
 * ```ts
 * ShutdownActionSchema.parse("rename-restart"); // ok
 * ```
 */
export const ShutdownActionSchema = z.enum([
  "destroy",
  "restart",
  "rename-restart",
  "preserve",
  "coredump-destroy",
  "coredump-restart",
  "soft-reset",
]);
/**
 * One of xl's `on_*` actions.
 *
 * @example
 * ```ts
 * const onCrash: ShutdownAction = "coredump-restart";
 * ```
 */
export type ShutdownAction = z.infer<typeof ShutdownActionSchema>;

/**
 * An xl value: a string or a (nested) list.
 *
 * @example
 * ```ts
 * XlValueSchema.parse(["0", ["1", "2"]]); // ok: strings and nested lists
 * ```
 */
export const XlValueSchema: z.ZodType<XlValue> = z.lazy(() => z.union([z.string(), z.array(XlValueSchema)]));

const KEY = /^[a-z][._0-9a-z]*$/;

const cpuSpecString = z.string().superRefine((text, context) => {
  try {
    parseCpuSpec(text);
  } catch (error) {
    context.addIssue({ code: "custom", message: (error as Error).message });
  }
});

/**
 * A disk given as fields (see `renderDiskSpec`); a spec string is also accepted.
 *
 * @example
 * ```ts
 * DiskSpecInputSchema.parse({ vdev: "xvda", target: "/dev/vg/web1" });
 * ```
 */
export const DiskSpecInputSchema = z.object({
  vdev: z.string(),
  target: z.string().optional(),
  format: z.enum(["raw", "qcow", "qcow2", "vhd", "empty", "qed"]).optional(),
  access: z.enum(["rw", "ro"]).optional(),
  devtype: z.enum(["disk", "cdrom"]).optional(),
  backendtype: z.enum(["phy", "tap", "qdisk", "standalone"]).optional(),
  backend: z.string().optional(),
  script: z.string().optional(),
  specification: z.enum(["xen", "virtio"]).optional(),
  directIoSafe: z.boolean().optional(),
  discard: z.boolean().optional(),
  colo: z
    .object({
      enable: z.boolean().optional(),
      host: z.string().optional(),
      port: z.number().int().min(1).optional(),
      export: z.string().optional(),
      activeDisk: z.string().optional(),
      hiddenDisk: z.string().optional(),
    })
    .optional(),
  prefixes: z.array(z.string()).readonly().optional(),
});

/**
 * A vif given as fields (see `renderVifSpec`); a spec string is also accepted.
 *
 * @example
 * ```ts
 * VifSpecInputSchema.parse({ bridge: "xenbr0", rate: "10Mb/s" });
 * ```
 */
export const VifSpecInputSchema = z.object({
  mac: z.string().optional(),
  bridge: z.string().optional(),
  ip: z.union([z.string(), z.array(z.string()).readonly()]).optional(),
  vifname: z.string().optional(),
  script: z.string().optional(),
  rate: z.union([z.string(), z.object({ text: z.string() })]).optional(),
  model: z.string().optional(),
  type: z.enum(["vif", "ioemu"]).optional(),
  backend: z.string().optional(),
  gatewaydev: z.string().optional(),
  devid: z.number().int().min(0).optional(),
  mtu: z.number().int().min(0).optional(),
  trusted: z.boolean().optional(),
  other: z.record(z.string(), z.string()).optional(),
});

/**
 * The keys of a domain config that dom0kit models, with xl's types and
 * ranges: memory in MiB, 1 ≤ vcpus ≤ maxvcpus, cpu_weight 1–65535, cap ≥ 0,
 * `on_*` actions, type pv|pvh|hvm. Everything else goes in `other`, under its
 * xl key.
 *
 * @example
 * ```ts
 * DomainConfigSchema.parse({ name: "web1", type: "pvh", memory: 1024, vcpus: 2, kernel: "/boot/vmlinuz" });
 * ```
 */
export const DomainConfigSchema = z
  .object({
    name: z.string().min(1, "a domain needs a name"),
    type: z.enum(["pv", "pvh", "hvm"]).optional(),
    uuid: z
      .string()
      .regex(
        /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/,
        "not a UUID",
      )
      .optional(),
    /** Memory at boot, MiB. */
    memory: z.number().int().min(1).optional(),
    /** Maximum memory (balloon ceiling), MiB. */
    maxmem: z.number().int().min(1).optional(),
    vcpus: z.number().int().min(1).optional(),
    maxvcpus: z.number().int().min(1).optional(),
    /** Hard affinity: one cpus string for every vcpu, or one per vcpu. */
    cpus: z.union([cpuSpecString, z.array(cpuSpecString)]).optional(),
    cpusSoft: z.union([cpuSpecString, z.array(cpuSpecString)]).optional(),
    /** Credit scheduler weight. @default 256 */
    cpuWeight: z.number().int().min(1).max(65535).optional(),
    /** Credit scheduler cap in % of one pcpu; 0 means no cap. */
    cap: z.number().int().min(0).optional(),
    kernel: z.string().optional(),
    ramdisk: z.string().optional(),
    extra: z.string().optional(),
    root: z.string().optional(),
    cmdline: z.string().optional(),
    bootloader: z.string().optional(),
    bootloaderArgs: z.array(z.string()).optional(),
    disks: z.array(z.union([z.string(), DiskSpecInputSchema])).optional(),
    vifs: z.array(z.union([z.string(), VifSpecInputSchema])).optional(),
    onPoweroff: ShutdownActionSchema.optional(),
    onReboot: ShutdownActionSchema.optional(),
    onCrash: ShutdownActionSchema.optional(),
    onWatchdog: ShutdownActionSchema.optional(),
    onSoftReset: ShutdownActionSchema.optional(),
    /** Every other key, as xl sees its value. */
    other: z.record(z.string().regex(KEY, "not an xl key"), XlValueSchema).optional(),
  })
  .superRefine((config, context) => {
    if (config.vcpus !== undefined && config.maxvcpus !== undefined && config.maxvcpus < config.vcpus) {
      context.addIssue({
        code: "custom",
        path: ["maxvcpus"],
        message: `maxvcpus (${String(config.maxvcpus)}) is below vcpus (${String(config.vcpus)}): xl refuses this`,
      });
    }
    if (config.memory !== undefined && config.maxmem !== undefined && config.maxmem < config.memory) {
      context.addIssue({
        code: "custom",
        path: ["maxmem"],
        message: `maxmem (${String(config.maxmem)} MiB) is below memory (${String(config.memory)} MiB)`,
      });
    }
    if (
      (config.type === "pv" || config.type === "pvh" || config.type === undefined) &&
      config.kernel === undefined &&
      config.bootloader === undefined &&
      config.other?.firmware === undefined
    ) {
      context.addIssue({
        code: "custom",
        path: ["kernel"],
        message:
          "a PV or PVH domain needs a kernel, a bootloader or firmware: xl refuses to start it otherwise",
      });
    }
  });

/**
 * A domain config as given to `renderDomainConfig` (disks and vifs as strings or fields).
 *
 * @example
 * ```ts
 * const web1: DomainConfigInput = { name: "web1", kernel: "/boot/vmlinuz", disks: ["phy:/dev/vg/web1,xvda,w"] };
 * ```
 */
export type DomainConfigInput = z.input<typeof DomainConfigSchema>;

/**
 * A validated domain config.
 *
 * @example
 * ```ts
 * const model: DomainConfig = DomainConfigSchema.parse({ name: "web1", bootloader: "pygrub", memory: 512 });
 * ```
 */
export type DomainConfig = z.output<typeof DomainConfigSchema>;

/**
 * A domain config read from a file: disks and vifs parsed.
 *
 * @example
 * ```ts
 * const { config } = toDomainConfig(parseXlConfig(text)); // config: ParsedDomainConfig
 * config.disks?.[0]?.target; // "/dev/vg/web1"
 * ```
 */
export type ParsedDomainConfig = Omit<DomainConfig, "disks" | "vifs"> & {
  readonly disks?: DiskSpec[];
  readonly vifs?: VifSpec[];
};
