import { createHash } from "node:crypto";
import {
  XenConfigValueError,
  XenDiskSpecError,
  XenVifSpecError,
  parseDiskSpec,
  parseVifSpec,
  safeParseXlConfig,
  type XlConfig,
  type XlValue,
} from "@dom0kit/xen-config";
import type { ShutdownAction, SimDisk, SimVif } from "../state/model.js";
import { normalizeAffinity } from "../xl/cpu-map.js";

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
  | { readonly ok: true; readonly definition: DomainDefinition; readonly warnings: string }
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

function action(text: string | undefined, fallback: ShutdownAction): ShutdownAction | undefined {
  if (text === undefined) return fallback;
  if (!ACTIONS.has(text)) return undefined;
  if (text === "coredump-destroy") return "destroy";
  if (text === "coredump-restart" || text === "soft-reset") return "restart";
  return text as ShutdownAction;
}

function stringList(value: XlValue | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === "string" ? [value] : value.filter((item) => typeof item === "string");
}

/**
 * Reads values as xl does with libxlutil's getters: a number or string that
 * cannot be read is reported (libxlutil's warning, on stderr) and ignored.
 */
class XlReader {
  warnings = "";

  constructor(
    readonly config: XlConfig,
    readonly source: string,
  ) {}

  #warn(key: string, what: string): void {
    const line = this.config.locate(key)?.line ?? 0;
    this.warnings += `${this.source}:${String(line)}: warning: ${what}\n`;
  }

  string(key: string): string | undefined {
    const value = this.config.get(key);
    if (value === undefined || typeof value === "string") return value;
    this.#warn(key, `parameter \`${key}' is a list but should be a single value`);
    return undefined;
  }

  number(key: string): number | undefined {
    try {
      return this.config.getNumber(key);
    } catch (error) {
      if (!(error instanceof XenConfigValueError)) throw error;
      if (error.reason === "is-list")
        this.#warn(key, `parameter \`${key}' is a list but should be a single value`);
      else if (error.reason === "appended")
        this.#warn(key, `can't use += with numbers for parameter \`${key}'`);
      else this.#warn(key, `parameter \`${key}' is not a valid number`);
      return undefined;
    }
  }

  raw(key: string): XlValue | undefined {
    return this.config.get(key);
  }
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
 * `xl: maxvcpus < vcpus`, libxlutil syntax errors) and libxlutil's warnings
 * for values it ignores. Parsing is `@dom0kit/xen-config`'s, which reads
 * xl.cfg exactly as libxlutil does.
 *
 * @example
 * ```ts
 * const result = readDomainDefinition('name = "vm1"\nmemory = 512\n', "/etc/xen/vm1.cfg", 4);
 * if (result.ok) result.definition.memoryMiB; // 512
 * ```
 */
export function readDomainDefinition(text: string, source: string, hostCpus: number): DefinitionResult {
  const parsed = safeParseXlConfig(text, { file: source });
  const failure = (stderr: string, exitCode = 1): DefinitionResult => ({ ok: false, stderr, exitCode });
  if (!parsed.ok) {
    // libxlutil stops at the first error, naming the line and the token there: a
    // character no token starts with is its lexer's error, anything else its parser's
    // (whose detail, "unexpected IDENT, expecting …", is left out here).
    const [first] = parsed.errors;
    const kind = /^[a-z0-9_"'[\],;=+#\s]/.test(first.text) ? "syntax error" : "lexical error";
    return failure(
      `${source}:${String(first.line)}: config parsing error near \`${first.text}': ${kind}\nFailed to parse config: Invalid argument\n`,
    );
  }
  const read = new XlReader(parsed.value, source);
  const failed = (stderr: string, exitCode = 1): DefinitionResult =>
    failure(read.warnings + stderr, exitCode);
  const name = read.string("name");
  if (name === undefined || name === "") return failed("Domain name must be specified.\n");

  const typeText = read.string("type") ?? (read.string("builder") === "hvm" ? "hvm" : "pv");
  if (!["pv", "pvh", "hvm"].includes(typeText)) return failed(`Invalid domain type ${typeText}.\n`);
  const memoryMiB = read.number("memory") ?? 128;
  const maxMemoryMiB = read.number("maxmem") ?? memoryMiB;
  const vcpus = read.number("vcpus") ?? 1;
  const maxVcpus = read.number("maxvcpus") ?? vcpus;
  if (maxVcpus < vcpus) return failed("xl: maxvcpus < vcpus\n");

  const affinity = (key: string): string[] | DefinitionResult => {
    const value = read.raw(key);
    const perVcpu: string[] = [];
    for (let vcpu = 0; vcpu < maxVcpus; vcpu += 1) {
      const item = Array.isArray(value) ? value[vcpu] : value;
      const spec = typeof item === "string" ? item : "all";
      const normalized = normalizeAffinity(spec, hostCpus);
      if (normalized === undefined) return failed(`Invalid pcpu range: ${spec}.\n`);
      perVcpu.push(normalized);
    }
    return perVcpu;
  };
  const hardAffinity = affinity("cpus");
  if (!Array.isArray(hardAffinity)) return hardAffinity;
  const softAffinity = affinity("cpus_soft");
  if (!Array.isArray(softAffinity)) return softAffinity;

  const disks: SimDisk[] = [];
  for (const spec of stringList(read.raw("disk"))) {
    try {
      const disk = parseDiskSpec(spec);
      if (disk.target === undefined || disk.target === "") continue;
      disks.push({ target: disk.target, vdev: disk.vdev, format: disk.format, readwrite: disk.readwrite });
    } catch (error) {
      if (!(error instanceof XenDiskSpecError)) throw error;
      // @dom0kit/xen-config words some messages for people; libxlutil's own words are their first part.
      let why = error.message.slice(`disk spec \`${spec}\`: `.length);
      if (error.near !== undefined) why = why.replace(` near \`${error.near}\``, "");
      why = why.replace(/^no vdev specified:.*$/, "no vdev specified");
      const near = error.near === undefined ? "" : `: near \`${error.near}'`;
      return failed(`${source}: config parsing error in disk specification: ${why}${near} in \`${spec}'\n`);
    }
  }
  const vifs: VifDefinition[] = [];
  for (const [devid, spec] of stringList(read.raw("vif")).entries()) {
    try {
      // As xl create: report unknown settings and bad values, and go on without them.
      const vif = parseVifSpec(spec, { strict: false });
      for (const token of vif.unknown) read.warnings += `unrecognized argument \`${token}'\n`;
      for (const key of ["mac", "type"] as const) {
        if (
          vif[key] === undefined &&
          spec.split(",").some((piece) => piece.trimStart().startsWith(`${key}=`))
        )
          read.warnings += `Invalid parameter \`${key}'.\n`;
      }
      vifs.push({
        devid,
        bridge: vif.bridge ?? "xenbr0",
        ...(vif.mac === undefined ? {} : { mac: vif.mac.toLowerCase() }),
        ...(vif.vifname === undefined ? {} : { vifname: vif.vifname }),
        ...(vif.ip === undefined ? {} : { ip: vif.ip.join(" ") }),
        ...(vif.rate === undefined ? {} : { rate: vif.rate.text }),
      });
    } catch (error) {
      if (!(error instanceof XenVifSpecError)) throw error;
      return failed(
        `${source}: config parsing error in vif: ${error.message.slice(`vif spec \`${spec}\`: `.length)} in \`${spec}'\n`,
      );
    }
  }
  const onPoweroff = action(read.string("on_poweroff"), "destroy");
  const onReboot = action(read.string("on_reboot"), "restart");
  const onCrash = action(read.string("on_crash"), "destroy");
  if (onPoweroff === undefined || onReboot === undefined || onCrash === undefined) {
    return failed("Invalid action for on_poweroff/on_reboot/on_crash\n");
  }
  const extra = read.string("extra");
  const root = read.string("root");
  const cmdline =
    read.string("cmdline") ??
    ([root === undefined ? undefined : `root=${root}`, extra]
      .filter((part) => part !== undefined)
      .join(" ") ||
      undefined);
  const bootloaderArgs = read.raw("bootloader_args");
  const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
    value === undefined ? {} : ({ [key]: value } as Record<K, V>);
  return {
    ok: true,
    warnings: read.warnings,
    definition: {
      name,
      ...optional("uuid", read.string("uuid")),
      type: typeText as DomainDefinition["type"],
      memoryMiB,
      maxMemoryMiB,
      vcpus,
      maxVcpus,
      hardAffinity,
      softAffinity,
      weight: read.number("cpu_weight") ?? 256,
      cap: read.number("cap") ?? 0,
      ...optional("kernel", read.string("kernel")),
      ...optional("ramdisk", read.string("ramdisk")),
      ...optional("cmdline", cmdline),
      ...optional("bootloader", read.string("bootloader")),
      ...optional("bootloaderArgs", bootloaderArgs === undefined ? undefined : stringList(bootloaderArgs)),
      disks,
      vifs,
      onPoweroff,
      onReboot,
      onCrash,
    },
  };
}
