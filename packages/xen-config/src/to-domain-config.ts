import { parseDiskSpec, type DiskSpec } from "./disk-spec.js";
import {
  DomainConfigSchema,
  ShutdownActionSchema,
  type ParsedDomainConfig,
  type ShutdownAction,
} from "./domain-config.js";
import { XenConfigValueError, XenDomainConfigError, type DomainConfigIssue } from "./errors.js";
import { closestKnownKey, KNOWN_XL_KEYS, XM_ONLY_KEYS } from "./known-xl-keys.js";
import { readXlLong } from "./strtol.js";
import { parseVifSpec, type VifSpec } from "./vif-spec.js";
import { XlConfig } from "./xl-config.js";
import type { XlValue } from "./xl-value.js";

/**
 * Something in a config that xl accepts but that deserves a look.
 *
 * @example
 * ```ts
 * for (const w of toDomainConfig(config).warnings) console.warn(`${w.key}: ${w.message}`);
 * ```
 */
export interface DomainConfigWarning {
  /** The xl key concerned. */
  readonly key: string;
  /**
   * `unknown-key`: xl ignores the key (a typo?); `xm-key`: an xm name xl
   * ignores; `deprecated`: xl still reads it but prefers another form;
   * `ignored`: xl reads it but overrides or drops it; `device`: a remark on a
   * disk or vif.
   */
  readonly code: "unknown-key" | "xm-key" | "deprecated" | "ignored" | "device";
  readonly message: string;
}

/**
 * The outcome of {@link safeToDomainConfig}.
 *
 * @example
 * ```ts
 * const result: DomainConfigResult = safeToDomainConfig({ name: "a", kernel: "/k", vcpus: "4", maxvcpus: "2" });
 * result.ok; // false: maxvcpus below vcpus
 * ```
 */
export type DomainConfigResult =
  | {
      readonly ok: true;
      readonly config: ParsedDomainConfig;
      readonly warnings: readonly DomainConfigWarning[];
    }
  | {
      readonly ok: false;
      readonly issues: readonly DomainConfigIssue[];
      readonly warnings: readonly DomainConfigWarning[];
    };

const MODELLED = new Set([
  "name",
  "type",
  "builder",
  "uuid",
  "memory",
  "maxmem",
  "vcpus",
  "maxvcpus",
  "cpus",
  "cpus_soft",
  "cpu_weight",
  "cap",
  "kernel",
  "ramdisk",
  "extra",
  "root",
  "cmdline",
  "bootloader",
  "bootloader_args",
  "disk",
  "vif",
  "on_poweroff",
  "on_reboot",
  "on_crash",
  "on_watchdog",
  "on_soft_reset",
]);

const ACTIONS = {
  on_poweroff: "onPoweroff",
  on_reboot: "onReboot",
  on_crash: "onCrash",
  on_watchdog: "onWatchdog",
  on_soft_reset: "onSoftReset",
} as const;

const STRINGS = {
  name: "name",
  uuid: "uuid",
  kernel: "kernel",
  ramdisk: "ramdisk",
  extra: "extra",
  root: "root",
  cmdline: "cmdline",
  bootloader: "bootloader",
} as const;

const NUMBERS = {
  memory: "memory",
  maxmem: "maxmem",
  vcpus: "vcpus",
  maxvcpus: "maxvcpus",
  cpu_weight: "cpuWeight",
  cap: "cap",
} as const;

class DomainConfigReader {
  readonly issues: DomainConfigIssue[] = [];
  readonly warnings: DomainConfigWarning[] = [];
  private readonly values: Record<string, XlValue>;

  constructor(private readonly source: XlConfig | Readonly<Record<string, XlValue>>) {
    this.values = source instanceof XlConfig ? source.values() : { ...source };
  }

  private issue(key: string, message: string): void {
    this.issues.push({ key, message });
  }

  private warn(key: string, code: DomainConfigWarning["code"], message: string): void {
    this.warnings.push({ key, code, message });
  }

  private string(key: string): string | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string") {
      this.issue(key, "is a list but should be a single value");
      return undefined;
    }
    return value;
  }

  /** Reads a number the way xl's xlu_cfg_get_long does. */
  private number(key: string): number | undefined {
    let value: bigint | undefined;
    if (this.source instanceof XlConfig) {
      try {
        value = this.source.getLong(key);
      } catch (error) {
        if (!(error instanceof XenConfigValueError)) throw error;
        this.issue(key, error.message.replace(/^`[^`]*` /, ""));
        return undefined;
      }
    } else {
      const text = this.string(key);
      if (text === undefined) return undefined;
      const result = readXlLong(text);
      if (!result.ok) {
        this.issue(
          key,
          `\`${text}\` is ${result.reason === "out-of-range" ? "out of range" : "not a number xl reads (strtol base 0)"}`,
        );
        return undefined;
      }
      value = result.value;
    }
    if (value === undefined) return undefined;
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      this.issue(key, `${String(value)} is out of range`);
      return undefined;
    }
    return Number(value);
  }

  private stringList(key: string): string[] | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (typeof value === "string") return undefined;
    const strings: string[] = [];
    value.forEach((item, index) => {
      if (typeof item === "string") strings.push(item);
      else this.issue(`${key}[${String(index)}]`, "is a nested list but should be a string");
    });
    return strings;
  }

  private type(): ParsedDomainConfig["type"] {
    const type = this.string("type");
    const builder = this.string("builder");
    let result: ParsedDomainConfig["type"];
    if (type !== undefined) {
      // xl compares with strncmp(value, name, strlen(value)): a prefix (even "") is enough.
      const match = (["hvm", "pv", "pvh"] as const).find((name) => name.startsWith(type));
      if (match === undefined) this.issue("type", `invalid domain type \`${type}\`: use pv, pvh or hvm`);
      else if (match !== type)
        this.warn("type", "ignored", `xl reads \`${type}\` as ${match}: write type = "${match}"`);
      result = match;
    }
    if (builder !== undefined) {
      const match = "hvm".startsWith(builder) ? "hvm" : "generic".startsWith(builder) ? "pv" : undefined;
      if (match === undefined)
        this.issue("builder", `invalid builder \`${builder}\`: use type = "pv", "pvh" or "hvm"`);
      else if (result !== undefined && result !== match)
        this.issue("builder", `contradicts type = "${result}"`);
      else {
        this.warn("builder", "deprecated", `builder is deprecated since Xen 4.10: write type = "${match}"`);
        result = match;
      }
    }
    return result;
  }

  private cpus(key: "cpus" | "cpus_soft"): string | string[] | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    return typeof value === "string" ? value : this.stringList(key);
  }

  private disks(): DiskSpec[] | undefined {
    const specs = this.listOf("disk");
    if (specs === undefined) return undefined;
    const disks: DiskSpec[] = [];
    specs.forEach((spec, index) => {
      try {
        disks.push(parseDiskSpec(spec));
      } catch (error) {
        this.issue(`disk[${String(index)}]`, (error as Error).message);
      }
    });
    return disks;
  }

  private vifs(): VifSpec[] | undefined {
    const specs = this.listOf("vif");
    if (specs === undefined) return undefined;
    const vifs: VifSpec[] = [];
    specs.forEach((spec, index) => {
      try {
        const vif = parseVifSpec(spec, { strict: false });
        for (const message of vif.warnings) this.warn(`vif[${String(index)}]`, "device", message);
        vifs.push(vif);
      } catch (error) {
        this.issue(`vif[${String(index)}]`, (error as Error).message);
      }
    });
    return vifs;
  }

  private listOf(key: string): string[] | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (typeof value === "string") {
      this.issue(key, 'is a single value but should be a list: write [ "…" ]');
      return undefined;
    }
    return this.stringList(key);
  }

  private action(key: keyof typeof ACTIONS): ShutdownAction | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    const parsed = ShutdownActionSchema.safeParse(value);
    if (!parsed.success) {
      this.issue(key, `unknown action \`${value}\`: use ${ShutdownActionSchema.options.join(", ")}`);
      return undefined;
    }
    return parsed.data;
  }

  read(): ParsedDomainConfig {
    const config: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(STRINGS)) {
      const value = this.string(key);
      if (value !== undefined) config[field] = value;
    }
    for (const [key, field] of Object.entries(NUMBERS)) {
      const value = this.number(key);
      if (value !== undefined) config[field] = value;
    }
    for (const [key, field] of Object.entries(ACTIONS)) {
      const value = this.action(key as keyof typeof ACTIONS);
      if (value !== undefined) config[field] = value;
    }
    const type = this.type();
    if (type !== undefined) config.type = type;
    const cpus = this.cpus("cpus");
    if (cpus !== undefined) config.cpus = cpus;
    const cpusSoft = this.cpus("cpus_soft");
    if (cpusSoft !== undefined) config.cpusSoft = cpusSoft;
    const bootloaderArgs = this.values.bootloader_args;
    if (typeof bootloaderArgs === "string") {
      this.warn(
        "bootloader_args",
        "deprecated",
        "bootloader_args as a string is deprecated: write a list of arguments",
      );
      config.bootloaderArgs = bootloaderArgs.split(/[ \t\n]+/).filter((arg) => arg !== "");
    } else if (bootloaderArgs !== undefined) {
      config.bootloaderArgs = this.stringList("bootloader_args");
    }
    const disks = this.disks();
    if (disks !== undefined) config.disks = disks;
    const vifs = this.vifs();
    if (vifs !== undefined) config.vifs = vifs;
    if (config.cmdline !== undefined && (config.root !== undefined || config.extra !== undefined)) {
      this.warn("cmdline", "ignored", "xl ignores root= and extra= in favour of cmdline=");
    }
    if (config.name === undefined && this.values.name === undefined)
      this.issue("name", "domain name must be specified");
    const other: Record<string, XlValue> = {};
    for (const [key, value] of Object.entries(this.values)) {
      if (MODELLED.has(key)) continue;
      other[key] = value;
      const xlName = XM_ONLY_KEYS[key];
      if (xlName !== undefined) {
        this.warn(key, "xm-key", `\`${key}\` is an xm setting that xl ignores: xl calls it \`${xlName}\``);
      } else if (!KNOWN_XL_KEYS.has(key)) {
        const hint = closestKnownKey(key);
        this.warn(
          key,
          "unknown-key",
          `xl does not know \`${key}\` and ignores it${hint === undefined ? "" : ` — did you mean \`${hint}\`?`}`,
        );
      }
    }
    if (Object.keys(other).length > 0) config.other = other;
    return config as ParsedDomainConfig;
  }
}

/**
 * The typed model of a config: dom0kit's {@link ParsedDomainConfig} with
 * disks and vifs parsed, or every reason it does not fit, plus warnings for
 * unknown keys (kept in `other`), xm-only names and deprecated forms.
 *
 * @example
 * ```ts
 * const result = safeToDomainConfig(parseXlConfig(text));
 * if (!result.ok) console.error(result.issues);
 * ```
 */
export function safeToDomainConfig(source: XlConfig | Readonly<Record<string, XlValue>>): DomainConfigResult {
  const reader = new DomainConfigReader(source);
  const config = reader.read();
  if (reader.issues.length === 0) {
    const checked = DomainConfigSchema.safeParse(config);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        reader.issues.push({ key: keyOf(issue.path), message: issue.message });
      }
    }
  }
  if (reader.issues.length > 0) return { ok: false, issues: reader.issues, warnings: reader.warnings };
  return { ok: true, config, warnings: reader.warnings };
}

const FIELD_KEYS: Readonly<Record<string, string>> = {
  cpuWeight: "cpu_weight",
  cpusSoft: "cpus_soft",
  bootloaderArgs: "bootloader_args",
  disks: "disk",
  vifs: "vif",
  onPoweroff: "on_poweroff",
  onReboot: "on_reboot",
  onCrash: "on_crash",
  onWatchdog: "on_watchdog",
  onSoftReset: "on_soft_reset",
};

function keyOf(path: readonly PropertyKey[]): string {
  const [first, ...rest] = path.map(String);
  const key =
    first === undefined ? "" : first === "other" ? (rest.shift() ?? "") : (FIELD_KEYS[first] ?? first);
  return key + rest.map((part) => `[${part}]`).join("");
}

/**
 * Like {@link safeToDomainConfig}, but throws {@link XenDomainConfigError}
 * listing every issue.
 *
 * @example
 * ```ts
 * const { config, warnings } = toDomainConfig(parseXlConfig(await readFile("/etc/xen/web1", "utf8")));
 * config.memory;   // 512
 * config.disks?.[0]?.target; // "/dev/vg/web1"
 * ```
 */
export function toDomainConfig(source: XlConfig | Readonly<Record<string, XlValue>>): {
  config: ParsedDomainConfig;
  warnings: readonly DomainConfigWarning[];
} {
  const result = safeToDomainConfig(source);
  if (!result.ok)
    throw new XenDomainConfigError(result.issues, source instanceof XlConfig ? source.file : undefined);
  return { config: result.config, warnings: result.warnings };
}
