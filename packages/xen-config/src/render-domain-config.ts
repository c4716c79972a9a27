import { parseDiskSpec } from "./disk-spec.js";
import { renderDiskSpec, type RenderDiskSpecOptions } from "./disk-spec-render.js";
import { DomainConfigSchema, type DomainConfigInput } from "./domain-config.js";
import { XenDomainConfigError } from "./errors.js";
import { parseVifSpec, renderVifSpec } from "./vif-spec.js";
import { parseXlConfig } from "./parse-xl-config.js";
import type { XlValue } from "./xl-value.js";
import { writeXlValue, XlNumberLiteral, type XlInput } from "./xl-write-value.js";

/**
 * Options of {@link renderDomainConfig}.
 *
 * @example
 * ```ts
 * renderDomainConfig(model, { header: ["web1: customer 42"], diskStyle: "legacy" });
 * ```
 */
export interface RenderDomainConfigOptions {
  /** How disks given as fields are written. @default "keyed" */
  readonly diskStyle?: RenderDiskSpecOptions["style"];
  /** Comment lines for the top of the file (without `#`). */
  readonly header?: readonly string[];
}

const NUMBER_TOKEN = /^[0-9][0-9a-fx]*$/;

/** Values that are number tokens are written bare, as xl users write them. */
function asInput(value: XlValue): XlInput {
  if (typeof value === "string") return NUMBER_TOKEN.test(value) ? new XlNumberLiteral(value) : value;
  return value.map(asInput);
}

function specList(key: string, specs: readonly string[]): string {
  if (specs.length === 0) return `${key} = [ ]`;
  return `${key} = ${writeXlValue([...specs], { multilineIndent: "    " }, key)}`;
}

/**
 * Writes a new xl config file for a domain: the modelled keys in a fixed,
 * readable order (identity, memory and cpus, boot, lifecycle, devices), then
 * `other` keys as given. Validates with {@link DomainConfigSchema} first and
 * throws {@link XenDomainConfigError} listing every problem; the result always
 * parses with `parseXlConfig` and reads back as the same model.
 *
 * @example
 * ```ts
 * renderDomainConfig({
 *   name: "web1", type: "pvh", memory: 1024, vcpus: 2, kernel: "/boot/vmlinuz",
 *   disks: [{ target: "/dev/vg/web1", vdev: "xvda" }],
 *   vifs: [{ bridge: "xenbr0", mac: "00:16:3e:00:00:01" }],
 * });
 * ```
 */
export function renderDomainConfig(
  config: DomainConfigInput,
  options: RenderDomainConfigOptions = {},
): string {
  const checked = DomainConfigSchema.safeParse(config);
  if (!checked.success) {
    throw new XenDomainConfigError(
      checked.error.issues.map((issue) => ({
        key: issue.path.map(String).join("."),
        message: issue.message,
      })),
    );
  }
  const model = checked.data;
  const lines: string[] = (options.header ?? []).map((line) => (line === "" ? "#" : `# ${line}`));
  if (lines.length > 0) lines.push("");
  const put = (key: string, value: XlInput | undefined): void => {
    if (value !== undefined) lines.push(`${key} = ${writeXlValue(value, {}, key)}`);
  };
  put("name", model.name);
  put("uuid", model.uuid);
  put("type", model.type);
  put("memory", model.memory);
  put("maxmem", model.maxmem);
  put("vcpus", model.vcpus);
  put("maxvcpus", model.maxvcpus);
  put("cpus", model.cpus);
  put("cpus_soft", model.cpusSoft);
  put("cpu_weight", model.cpuWeight);
  put("cap", model.cap);
  put("kernel", model.kernel);
  put("ramdisk", model.ramdisk);
  put("root", model.root);
  put("extra", model.extra);
  put("cmdline", model.cmdline);
  put("bootloader", model.bootloader);
  put("bootloader_args", model.bootloaderArgs);
  put("on_poweroff", model.onPoweroff);
  put("on_reboot", model.onReboot);
  put("on_crash", model.onCrash);
  put("on_watchdog", model.onWatchdog);
  put("on_soft_reset", model.onSoftReset);
  const issues: { key: string; message: string }[] = [];
  if (model.disks !== undefined) {
    const specs = model.disks.map((disk, index) => {
      try {
        if (typeof disk === "string") {
          parseDiskSpec(disk);
          return disk;
        }
        return renderDiskSpec(disk, options.diskStyle ? { style: options.diskStyle } : {});
      } catch (error) {
        issues.push({ key: `disk[${String(index)}]`, message: (error as Error).message });
        return "";
      }
    });
    lines.push(specList("disk", specs));
  }
  if (model.vifs !== undefined) {
    const specs = model.vifs.map((vif, index) => {
      try {
        if (typeof vif === "string") {
          parseVifSpec(vif);
          return vif;
        }
        return renderVifSpec(vif);
      } catch (error) {
        issues.push({ key: `vif[${String(index)}]`, message: (error as Error).message });
        return "";
      }
    });
    lines.push(specList("vif", specs));
  }
  for (const [key, value] of Object.entries(model.other ?? {})) put(key, asInput(value));
  if (issues.length > 0) throw new XenDomainConfigError(issues);
  const text = `${lines.join("\n")}\n`;
  parseXlConfig(text);
  return text;
}
