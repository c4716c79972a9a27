import {
  parseDiskSpec,
  type DiskBackendType,
  type DiskColo,
  type DiskFormat,
  type DiskSpec,
  type DiskSpecification,
} from "./disk-spec.js";
import { XenDiskSpecError } from "./errors.js";

/**
 * What {@link renderDiskSpec} needs: a parsed {@link DiskSpec}, or just the fields you set.
 *
 * @example
 * ```ts
 * const disk: DiskSpecInput = { target: "/dev/vg/web1", vdev: "xvda", access: "rw" };
 * ```
 */
export interface DiskSpecInput {
  readonly vdev: string;
  readonly target?: string | undefined;
  readonly format?: DiskFormat | undefined;
  /** @default "rw" (or "ro" for a cdrom) */
  readonly access?: "rw" | "ro" | undefined;
  /** @default "disk" */
  readonly devtype?: "disk" | "cdrom" | undefined;
  readonly backendtype?: DiskBackendType | undefined;
  readonly backend?: string | undefined;
  readonly script?: string | undefined;
  readonly specification?: DiskSpecification | undefined;
  readonly directIoSafe?: boolean | undefined;
  readonly discard?: boolean | undefined;
  readonly colo?: Partial<DiskColo> | undefined;
  /** Legacy prefixes (only used by the `"legacy"` style). */
  readonly prefixes?: readonly string[] | undefined;
}

/**
 * Options of {@link renderDiskSpec}.
 *
 * @example
 * ```ts
 * renderDiskSpec({ target: "/dev/vg/web1", vdev: "xvda" }, { style: "legacy" }); // "phy:/dev/vg/web1,xvda,w"
 * ```
 */
export interface RenderDiskSpecOptions {
  /**
   * `"keyed"`: `format=raw, vdev=xvda, access=rw, target=/dev/vg/web1` (xl's
   * documented form; `target=` last because it takes the rest). `"legacy"`:
   * `phy:/dev/vg/web1,xvda,w`, which xm also reads; refused when it cannot
   * express the disk.
   * @default "keyed"
   */
  readonly style?: "keyed" | "legacy";
}

function plainValue(spec: string, name: string, value: string): string {
  if (value.includes(",")) throw new XenDiskSpecError(spec, `${name} \`${value}\` cannot contain a comma`);
  return value;
}

function keyed(input: DiskSpecInput): string {
  const label = input.target ?? input.vdev;
  const parts: string[] = [];
  if (input.format !== undefined) parts.push(`format=${input.format}`);
  parts.push(`vdev=${plainValue(label, "vdev", input.vdev)}`);
  const cdrom = input.devtype === "cdrom";
  parts.push(`access=${input.access ?? (cdrom ? "ro" : "rw")}`);
  if (cdrom) parts.push("devtype=cdrom");
  if (input.backendtype !== undefined) parts.push(`backendtype=${input.backendtype}`);
  if (input.backend !== undefined) parts.push(`backend=${plainValue(label, "backend", input.backend)}`);
  if (input.script !== undefined) parts.push(`script=${plainValue(label, "script", input.script)}`);
  if (input.specification !== undefined) parts.push(`specification=${input.specification}`);
  if (input.directIoSafe === true) parts.push("direct-io-safe");
  if (input.discard !== undefined) parts.push(input.discard ? "discard" : "no-discard");
  const colo = input.colo;
  if (colo) {
    if (colo.enable !== undefined) parts.push(colo.enable ? "colo" : "no-colo");
    if (colo.host !== undefined) parts.push(`colo-host=${plainValue(label, "colo-host", colo.host)}`);
    if (colo.port !== undefined) parts.push(`colo-port=${String(colo.port)}`);
    if (colo.export !== undefined) parts.push(`colo-export=${plainValue(label, "colo-export", colo.export)}`);
    if (colo.activeDisk !== undefined)
      parts.push(`active-disk=${plainValue(label, "active-disk", colo.activeDisk)}`);
    if (colo.hiddenDisk !== undefined)
      parts.push(`hidden-disk=${plainValue(label, "hidden-disk", colo.hiddenDisk)}`);
  }
  if (input.target !== undefined) {
    if (input.target.includes("\n")) throw new XenDiskSpecError(label, "a target cannot contain a newline");
    // `target=` takes the rest of the spec but drops one trailing comma.
    parts.push(`target=${input.target}${input.target.endsWith(",") ? "," : ""}`);
  }
  return parts.join(", ");
}

const FORMAT_PREFIX: Readonly<Partial<Record<DiskFormat, string>>> = {
  qcow: "tap:qcow:",
  qcow2: "tap:qcow2:",
  vhd: "tap:vhd:",
};

function legacy(input: DiskSpecInput): string {
  const target = input.target ?? "";
  const format = input.format ?? "raw";
  const prefix =
    FORMAT_PREFIX[format] ??
    (input.prefixes?.includes("phy") || target.startsWith("/dev/") ? "phy:" : target === "" ? "" : "file:");
  const cdrom = input.devtype === "cdrom" ? ":cdrom" : "";
  const access = (input.access ?? (cdrom ? "ro" : "rw")) === "rw" ? "w" : "r";
  return `${prefix}${target},${input.vdev}${cdrom},${access}`;
}

function sameDisk(a: DiskSpec, b: DiskSpecInput): boolean {
  const cdrom = b.devtype === "cdrom";
  return (
    a.vdev === b.vdev &&
    a.target === b.target &&
    (b.format === undefined || a.format === b.format) &&
    a.access === (cdrom ? "ro" : (b.access ?? "rw")) &&
    a.devtype === (b.devtype ?? "disk") &&
    a.backendtype === b.backendtype &&
    a.backend === b.backend &&
    (a.script === b.script || (b.script === undefined && a.prefixes.length > 0)) &&
    a.specification === b.specification &&
    a.directIoSafe === (b.directIoSafe ?? false) &&
    a.discard === b.discard
  );
}

/**
 * Writes a disk specification that `xlu_disk_parse` reads back as `input`.
 * Throws {@link XenDiskSpecError} for values xl's syntax cannot carry.
 *
 * @example
 * ```ts
 * renderDiskSpec({ target: "/dev/vg/web1", vdev: "xvda" });
 * // "vdev=xvda, access=rw, target=/dev/vg/web1"
 * renderDiskSpec(parseDiskSpec("phy:/dev/vg/web1,xvda,w"));
 * // "format=raw, vdev=xvda, access=rw, target=/dev/vg/web1"
 * renderDiskSpec({ target: "/dev/vg/web1", vdev: "xvda" }, { style: "legacy" }); // "phy:/dev/vg/web1,xvda,w"
 * ```
 */
export function renderDiskSpec(input: DiskSpecInput, options: RenderDiskSpecOptions = {}): string {
  const text = options.style === "legacy" ? legacy(input) : keyed(input);
  let parsed: DiskSpec;
  try {
    parsed = parseDiskSpec(text);
  } catch (error) {
    throw new XenDiskSpecError(
      text,
      `cannot be written in the ${options.style ?? "keyed"} style: ${(error as Error).message}`,
    );
  }
  if (!sameDisk(parsed, input)) {
    throw new XenDiskSpecError(
      text,
      `xl would not read this disk back as given in the ${options.style ?? "keyed"} style`,
    );
  }
  return text;
}
