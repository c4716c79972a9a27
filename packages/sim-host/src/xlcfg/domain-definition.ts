import { createHash } from "node:crypto";
import type { ShutdownAction, SimDisk, SimVif } from "../state/model.js";
import { normalizeAffinity } from "../xl/cpu-map.js";
import { parseDiskSpec } from "./disk-spec.js";
import { parseXlConfig, xlNumber, xlString, type XlValue } from "./parse-xl-config.js";
import { parseVifSpec } from "./vif-spec.js";

/** A vif as configured: the MAC is generated at creation when the config has none. */
export type VifDefinition = Omit<SimVif, "mac"> & { readonly mac?: string };

/** Everything `xl create` takes from a config file. */
export interface DomainDefinition {
  readonly name: string;
  readonly uuid?: string;
  readonly type: "pv" | "pvh" | "hvm";
  readonly memoryMiB: number;
  readonly maxMemoryMiB: number;
  readonly vcpus: number;
  readonly maxVcpus: number;
  readonly hardAffinity: readonly string[];
  readonly softAffinity: readonly string[];
  readonly weight: number;
  readonly cap: number;
  readonly kernel?: string;
  readonly ramdisk?: string;
  readonly cmdline?: string;
  readonly bootloader?: string;
  readonly bootloaderArgs?: readonly string[];
  readonly disks: readonly SimDisk[];
  readonly vifs: readonly VifDefinition[];
  readonly onPoweroff: ShutdownAction;
  readonly onReboot: ShutdownAction;
  readonly onCrash: ShutdownAction;
}

/** Result of {@link readDomainDefinition}: the definition, or what xl prints and its exit code. */
export type DefinitionResult =
  | { readonly ok: true; readonly definition: DomainDefinition }
  | { readonly ok: false; readonly stderr: string; readonly exitCode: number };

const ACTIONS = new Set([
  "destroy",
  "restart",
  "rename-restart",
  "preserve",
  "coredump-destroy",
  "coredump-restart",
  "soft-reset",
]);

function action(value: XlValue | undefined, fallback: ShutdownAction): ShutdownAction | undefined {
  const text = xlString(value);
  if (text === undefined) return fallback;
  if (!ACTIONS.has(text)) return undefined;
  if (text === "coredump-destroy") return "destroy";
  if (text === "coredump-restart" || text === "soft-reset") return "restart";
  return text as ShutdownAction;
}

function stringList(value: XlValue | undefined): string[] {
  if (value === undefined) return [];
  if (value.kind === "list")
    return value.items.flatMap((item) => (item.kind === "list" ? [] : [xlString(item) ?? ""]));
  return [xlString(value) ?? ""];
}

/** A MAC in Xen's 00:16:3e range, stable for a domain name and interface number. */
export function xenMac(name: string, devid: number): string {
  const digest = createHash("sha256")
    .update(`${name}/${String(devid)}`)
    .digest();
  const tail = [digest[0] ?? 0, digest[1] ?? 0, digest[2] ?? 0].map((byte, index) =>
    index === 0 ? byte & 0x7f : byte,
  );
  return ["00", "16", "3e", ...tail.map((byte) => byte.toString(16).padStart(2, "0"))].join(":");
}

/**
 * Reads an xl.cfg text into the domain `xl create` would build, with xl's
 * own messages for what it rejects (`Domain name must be specified.`,
 * `xl: maxvcpus < vcpus`, libxlutil syntax errors).
 *
 * @example
 * ```ts
 * const result = readDomainDefinition('name = "vm1"\nmemory = 512\n', "/etc/xen/vm1.cfg", 4);
 * if (result.ok) result.definition.memoryMiB; // 512
 * ```
 */
export function readDomainDefinition(text: string, source: string, hostCpus: number): DefinitionResult {
  const parsed = parseXlConfig(text);
  const failure = (stderr: string, exitCode = 1): DefinitionResult => ({ ok: false, stderr, exitCode });
  if (!parsed.ok) {
    return failure(
      `${source}:${String(parsed.line)}: ${parsed.message}\nFailed to parse config: Invalid argument\n`,
    );
  }
  const get = (key: string): XlValue | undefined => parsed.settings.get(key);
  const name = xlString(get("name"));
  if (name === undefined || name === "") return failure("Domain name must be specified.\n");

  const typeText = xlString(get("type")) ?? (xlString(get("builder")) === "hvm" ? "hvm" : "pv");
  if (!["pv", "pvh", "hvm"].includes(typeText)) return failure(`Invalid domain type ${typeText}.\n`);
  const memoryMiB = xlNumber(get("memory")) ?? 128;
  const maxMemoryMiB = xlNumber(get("maxmem")) ?? memoryMiB;
  const vcpus = xlNumber(get("vcpus")) ?? 1;
  const maxVcpus = xlNumber(get("maxvcpus")) ?? vcpus;
  if (maxVcpus < vcpus) return failure("xl: maxvcpus < vcpus\n");

  const affinity = (key: string): string[] | DefinitionResult => {
    const value = get(key);
    const perVcpu: string[] = [];
    for (let vcpu = 0; vcpu < maxVcpus; vcpu += 1) {
      const item = value?.kind === "list" ? value.items[vcpu] : value;
      const text = item === undefined ? "all" : (xlString(item) ?? "all");
      const normalized = normalizeAffinity(text, hostCpus);
      if (normalized === undefined) return failure(`Invalid pcpu range: ${text}.\n`);
      perVcpu.push(normalized);
    }
    return perVcpu;
  };
  const hardAffinity = affinity("cpus");
  if (!Array.isArray(hardAffinity)) return hardAffinity;
  const softAffinity = affinity("cpus_soft");
  if (!Array.isArray(softAffinity)) return softAffinity;

  const disks: SimDisk[] = [];
  for (const spec of stringList(get("disk"))) {
    const disk = parseDiskSpec(spec);
    if (!disk.ok) return failure(`${disk.message}\n`);
    if (disk.disk.target === undefined || disk.disk.target === "") continue;
    disks.push({
      target: disk.disk.target,
      vdev: disk.disk.vdev,
      format: disk.disk.format,
      readwrite: disk.disk.readwrite,
    });
  }
  const vifs: VifDefinition[] = [];
  for (const [devid, spec] of stringList(get("vif")).entries()) {
    const vif = parseVifSpec(spec);
    if (!vif.ok) return failure(`${vif.message}\n`);
    vifs.push({
      devid,
      bridge: vif.vif.bridge ?? "xenbr0",
      ...(vif.vif.mac === undefined ? {} : { mac: vif.vif.mac.toLowerCase() }),
      ...(vif.vif.vifname === undefined ? {} : { vifname: vif.vif.vifname }),
      ...(vif.vif.ip === undefined ? {} : { ip: vif.vif.ip }),
      ...(vif.vif.rate === undefined ? {} : { rate: vif.vif.rate }),
    });
  }
  const onPoweroff = action(get("on_poweroff"), "destroy");
  const onReboot = action(get("on_reboot"), "restart");
  const onCrash = action(get("on_crash"), "destroy");
  if (onPoweroff === undefined || onReboot === undefined || onCrash === undefined) {
    return failure("Invalid action for on_poweroff/on_reboot/on_crash\n");
  }
  const extra = xlString(get("extra"));
  const root = xlString(get("root"));
  const cmdline =
    xlString(get("cmdline")) ??
    ([root === undefined ? undefined : `root=${root}`, extra]
      .filter((part) => part !== undefined)
      .join(" ") ||
      undefined);
  const bootloaderArgs = get("bootloader_args");
  const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
    value === undefined ? {} : ({ [key]: value } as Record<K, V>);
  return {
    ok: true,
    definition: {
      name,
      ...optional("uuid", xlString(get("uuid"))),
      type: typeText as DomainDefinition["type"],
      memoryMiB,
      maxMemoryMiB,
      vcpus,
      maxVcpus,
      hardAffinity,
      softAffinity,
      weight: xlNumber(get("cpu_weight")) ?? 256,
      cap: xlNumber(get("cap")) ?? 0,
      ...optional("kernel", xlString(get("kernel"))),
      ...optional("ramdisk", xlString(get("ramdisk"))),
      ...optional("cmdline", cmdline),
      ...optional("bootloader", xlString(get("bootloader"))),
      ...optional("bootloaderArgs", bootloaderArgs === undefined ? undefined : stringList(bootloaderArgs)),
      disks,
      vifs,
      onPoweroff,
      onReboot,
      onCrash,
    },
  };
}
