import { matchDiskRule } from "./disk-spec-rules.js";
import { XenDiskSpecError } from "./errors.js";

/**
 * Disk image formats xl knows.
 *
 * @example
 * ```ts
 * const format: DiskFormat = parseDiskSpec("tap:qcow2:/var/a.qcow2,xvda,w").format; // "qcow2"
 * ```
 */
export type DiskFormat = "raw" | "qcow" | "qcow2" | "vhd" | "empty" | "qed";
/**
 * Backend types xl knows (`backendtype=`).
 *
 * @example
 * ```ts
 * const type: DiskBackendType | undefined = parseDiskSpec("/x,raw,xvda,w,backendtype=qdisk").backendtype; // "qdisk"
 * ```
 */
export type DiskBackendType = "phy" | "tap" | "qdisk" | "standalone";
/**
 * Disk specifications (`specification=`): Xen PV or virtio.
 *
 * @example
 * ```ts
 * parseDiskSpec("specification=virtio,vdev=xvda,target=/x").specification; // "virtio"
 * ```
 */
export type DiskSpecification = "xen" | "virtio";

/**
 * A disk as `xlu_disk_parse` reads it (fields of `libxl_device_disk`, in
 * dom0kit's names; `target` is libxl's `pdev_path`).
 *
 * @example
 * ```ts
 * parseDiskSpec("phy:/dev/vg/web1,xvda,w");
 * // { target: "/dev/vg/web1", format: "raw", vdev: "xvda", access: "rw", readwrite: true,
 * //   devtype: "disk", isCdrom: false, removable: false, prefixes: ["phy"], … }
 * ```
 */
export interface DiskSpec {
  /** The backing device or file (libxl's `pdev_path`); undefined for an empty cdrom drive. */
  readonly target: string | undefined;
  readonly format: DiskFormat;
  /** The guest's device name (`xvda`, `hdc`). */
  readonly vdev: string;
  readonly access: "rw" | "ro";
  /** Same as `access === "rw"` (libxl's `readwrite`). */
  readonly readwrite: boolean;
  readonly devtype: "disk" | "cdrom";
  /** Same as `devtype === "cdrom"` (libxl's `is_cdrom`). */
  readonly isCdrom: boolean;
  /** Removable media: true for cdroms. */
  readonly removable: boolean;
  /** `backendtype=`; undefined lets libxl choose. */
  readonly backendtype: DiskBackendType | undefined;
  /** `backend=`: the driver domain serving the disk; undefined for dom0. */
  readonly backend: string | undefined;
  /** Hotplug script (`script=`, or `block-iscsi` etc. from a legacy prefix). */
  readonly script: string | undefined;
  readonly specification: DiskSpecification | undefined;
  readonly directIoSafe: boolean;
  /** `discard` / `no-discard`; undefined for libxl's default. */
  readonly discard: boolean | undefined;
  /** COLO replication settings (unstable in Xen). */
  readonly colo: DiskColo | undefined;
  /** Legacy prefixes seen (`phy`, `file`, `tap`, `aio`, `qcow2`, …), in order. xl ignores most of them. */
  readonly prefixes: readonly string[];
}

/**
 * COLO settings of a disk.
 *
 * @example
 * ```ts
 * parseDiskSpec("colo,colo-port=9000,colo-host=peer,vdev=xvda,target=/x").colo; // { enable: true, port: 9000, host: "peer", … }
 * ```
 */
export interface DiskColo {
  readonly enable: boolean | undefined;
  readonly host: string | undefined;
  readonly port: number | undefined;
  readonly export: string | undefined;
  readonly activeDisk: string | undefined;
  readonly hiddenDisk: string | undefined;
}

interface DiskState {
  pdevPath: string | undefined;
  vdev: string | undefined;
  format: DiskFormat | undefined;
  backendtype: DiskBackendType | undefined;
  specification: DiskSpecification | undefined;
  backend: string | undefined;
  script: string | undefined;
  readwrite: boolean;
  isCdrom: boolean;
  directIoSafe: boolean;
  discard: boolean | undefined;
  coloEnable: boolean | undefined;
  coloHost: string | undefined;
  coloPort: number | undefined;
  coloExport: string | undefined;
  activeDisk: string | undefined;
  hiddenDisk: string | undefined;
  hadLegacyPrefix: boolean;
  accessSet: boolean;
  prefixes: string[];
}

type StringField =
  "pdevPath" | "vdev" | "backend" | "script" | "coloHost" | "coloExport" | "activeDisk" | "hiddenDisk";

const FORMATS: Readonly<Record<string, DiskFormat>> = {
  "": "raw",
  raw: "raw",
  qcow: "qcow",
  qcow2: "qcow2",
  vhd: "vhd",
  empty: "empty",
  qed: "qed",
};
const BACKEND_TYPES: readonly DiskBackendType[] = ["phy", "tap", "qdisk", "standalone"];
const SPECIFICATIONS: readonly DiskSpecification[] = ["xen", "virtio"];

/** C's atoi: leading blanks, a sign, digits; 0 when there are none. */
function atoi(text: string): number {
  const match = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  if (!match?.[1]) return 0;
  const value = Number.parseInt(match[1], 10);
  // atoi on glibc is strtol truncated to int.
  return Number(BigInt.asIntN(32, BigInt(Math.max(Math.min(value, 2 ** 63 - 1), -(2 ** 63)))));
}

class DiskSpecParser {
  private readonly state: DiskState = {
    pdevPath: undefined,
    vdev: undefined,
    format: undefined,
    backendtype: undefined,
    specification: undefined,
    backend: undefined,
    script: undefined,
    readwrite: true,
    isCdrom: false,
    directIoSafe: false,
    discard: undefined,
    coloEnable: undefined,
    coloHost: undefined,
    coloPort: undefined,
    coloExport: undefined,
    activeDisk: undefined,
    hiddenDisk: undefined,
    hadLegacyPrefix: false,
    accessSet: false,
    prefixes: [],
  };
  private error: { message: string; near: string | undefined } | undefined;

  constructor(private readonly spec: string) {}

  private fail(near: string | undefined, message: string): void {
    this.error ??= { message, near };
  }

  /** xl's savestring: a second non-empty value is an error; an empty one may be overwritten. */
  private save(field: StringField, what: string, value: string): void {
    const current = this.state[field];
    if (current !== undefined && current !== "") {
      this.fail(value, `${what} respecified`);
      return;
    }
    this.state[field] = value;
  }

  private setFormat(value: string): void {
    const format = FORMATS[value];
    if (format === undefined) return this.fail(value, "unknown value for format");
    if (this.state.format !== undefined && this.state.format !== format)
      return this.fail(value, "format respecified");
    this.state.format = format;
  }

  private setAccess(value: string): void {
    if (value === "r" || value === "ro") this.state.readwrite = false;
    else if (value === "rw" || value === "w" || value === "") this.state.readwrite = true;
    else this.fail(value, "unknown value for access");
  }

  private setBackendType(value: string): void {
    const type = BACKEND_TYPES.find((candidate) => candidate === value);
    if (type === undefined) return this.fail(value, "unknown value for backendtype");
    if (this.state.backendtype !== undefined && this.state.backendtype !== type)
      return this.fail(value, "backend respecified");
    this.state.backendtype = type;
  }

  private setSpecification(value: string): void {
    const specification = SPECIFICATIONS.find((candidate) => candidate === value);
    if (specification === undefined) return this.fail(value, "unknown value for specification");
    if (this.state.specification !== undefined && this.state.specification !== specification) {
      return this.fail(value, "specification respecified");
    }
    this.state.specification = specification;
  }

  /** `vdev:cdrom` / `vdev:disk` (deprecated); false when there is no colon. */
  private vdevAndDevtype(text: string): boolean {
    const colon = text.lastIndexOf(":");
    if (colon < 0) return false;
    this.save("vdev", "vdev", text.slice(0, colon));
    const type = text.slice(colon + 1);
    if (type === "cdrom") this.state.isCdrom = true;
    else if (type === "disk") this.state.isCdrom = false;
    else this.fail(type, "unknown deprecated type");
    return true;
  }

  /** Scans one spec string, stopping where xl's scanner stops. */
  scan(text: string): void {
    const { state } = this;
    let at = 0;
    while (at < text.length) {
      const match = matchDiskRule(text, at);
      if (!match) {
        // flex's `.` then `<LEXERR>.*` to the end of the line: an error —
        // unless the bad character is the very last one (the scanner meets
        // end of input first and says nothing), or a newline follows it
        // (no rule matches: xl's scanner aborts the whole program).
        const lineEnd = text.indexOf("\n", at);
        if (text.charAt(at + 1) === "\n")
          this.fail(text.charAt(at), "xl's disk scanner aborts on this character before a newline");
        else if (at + 1 < text.length)
          this.fail(text.slice(at, lineEnd < 0 ? text.length : lineEnd), "bad disk syntax");
        return;
      }
      const token = text.slice(at, at + match.consumed);
      at += match.consumed;
      const stripped = token.endsWith(",") ? token.slice(0, -1) : token;
      const value = stripped.slice(stripped.indexOf("=") + 1);
      switch (match.name) {
        case "whitespace":
          break;
        case "format":
          this.setFormat(value);
          break;
        case "cdrom":
        case "devtype-cdrom":
          state.isCdrom = true;
          break;
        case "devtype-disk":
          state.isCdrom = false;
          break;
        case "devtype-other":
          this.fail(token, "unknown value for type");
          break;
        case "access":
          this.setAccess(value);
          break;
        case "backend":
          this.save("backend", "backend", value);
          break;
        case "backendtype":
          this.setBackendType(value);
          break;
        case "specification":
          this.setSpecification(value);
          break;
        case "vdev":
          this.save("vdev", "vdev", value);
          break;
        case "script":
          this.save("script", "script", value);
          break;
        case "direct-io-safe":
          state.directIoSafe = true;
          break;
        case "discard":
        case "no-discard":
          state.discard = match.name === "discard";
          break;
        case "colo":
        case "no-colo":
          state.coloEnable = match.name === "colo";
          break;
        case "colo-host":
          this.save("coloHost", "colo-host", value);
          break;
        case "colo-port": {
          const port = atoi(value);
          if (port === 0) this.fail(value, "unknown value for colo_port");
          else state.coloPort = port;
          break;
        }
        case "colo-export":
          this.save("coloExport", "colo-export", value);
          break;
        case "active-disk":
          this.save("activeDisk", "active-disk", value);
          break;
        case "hidden-disk":
          this.save("hiddenDisk", "hidden-disk", value);
          break;
        case "target":
          this.save("pdevPath", "target", value);
          break;
        case "unknown-parameter":
          this.fail(token, "unknown parameter");
          break;
        case "format-prefix": {
          const name = token.slice(0, -1);
          state.hadLegacyPrefix = true;
          state.prefixes.push(name);
          this.setFormat(name);
          break;
        }
        case "script-prefix": {
          const name = token.slice(0, -1);
          state.hadLegacyPrefix = true;
          state.prefixes.push(name);
          this.save("script", "script", `block-${name}`);
          break;
        }
        case "ignored-prefix":
          state.hadLegacyPrefix = true;
          state.prefixes.push(token.slice(0, -1));
          break;
        case "unknown-prefix":
          this.fail(token, "unknown deprecated disk prefix");
          return;
        case "positional":
          if (!this.positional(stripped)) return;
          break;
      }
    }
  }

  /** A positional parameter: target, format, vdev, access in turn. False stops scanning. */
  private positional(text: string): boolean {
    const { state } = this;
    if (this.error) return true; // earlier errors may cause later ones: say nothing more
    if (state.pdevPath === undefined) {
      this.save("pdevPath", "target", text);
    } else if (!state.hadLegacyPrefix && state.format === undefined) {
      if (state.pdevPath === "" && this.vdevAndDevtype(text)) state.format = "empty";
      else this.setFormat(text);
    } else if (state.vdev === undefined) {
      if (!this.vdevAndDevtype(text)) this.save("vdev", "vdev", text);
    } else if (!state.accessSet) {
      state.accessSet = true;
      this.setAccess(text);
    } else {
      this.fail(text, "too many positional parameters");
      return false;
    }
    return true;
  }

  finish(): DiskSpec {
    const { state, spec } = this;
    const fail = (message: string, near?: string): never => {
      throw new XenDiskSpecError(spec, message, near);
    };
    if (this.error)
      fail(
        this.error.message + (this.error.near === undefined ? "" : ` near \`${this.error.near}\``),
        this.error.near,
      );
    let format = state.format ?? "raw";
    let readwrite = state.readwrite;
    const removable = state.isCdrom;
    if (state.isCdrom) {
      readwrite = false;
      if (state.pdevPath === undefined || state.pdevPath === "") format = "empty";
    }
    const vdev = state.vdev ?? fail("no vdev specified: give the guest device, e.g. xvda or vdev=xvda");
    if (state.pdevPath === undefined && !removable) fail("no target specified (and device not removable)");
    const colo =
      state.coloEnable === undefined &&
      state.coloHost === undefined &&
      state.coloPort === undefined &&
      state.coloExport === undefined &&
      state.activeDisk === undefined &&
      state.hiddenDisk === undefined
        ? undefined
        : {
            enable: state.coloEnable,
            host: state.coloHost,
            port: state.coloPort,
            export: state.coloExport,
            activeDisk: state.activeDisk,
            hiddenDisk: state.hiddenDisk,
          };
    return {
      target: state.pdevPath,
      format,
      vdev,
      access: readwrite ? "rw" : "ro",
      readwrite,
      devtype: state.isCdrom ? "cdrom" : "disk",
      isCdrom: state.isCdrom,
      removable,
      backendtype: state.backendtype,
      backend: state.backend,
      script: state.script,
      specification: state.specification,
      directIoSafe: state.directIoSafe,
      discard: state.discard,
      colo,
      prefixes: state.prefixes,
    };
  }

  get failed(): boolean {
    return this.error !== undefined;
  }
}

/**
 * Parses an xl disk specification exactly as `xlu_disk_parse` (Xen 4.17)
 * does: positional (`target,format,vdev,access`) and keyed (`vdev=xvda,
 * target=…`, with `target=` last since it takes the rest) forms, legacy
 * prefixes (`phy:`, `file:`, `tap:aio:`, `qcow2:`, `iscsi:` …), cdroms
 * (`hdc:cdrom`, `devtype=cdrom`), and the rest. Several strings may describe
 * one disk (as `xl block-attach` allows). Throws {@link XenDiskSpecError}
 * where xl would refuse the spec.
 *
 * @example
 * ```ts
 * parseDiskSpec("format=raw, vdev=xvda, access=rw, target=/dev/vg/web1").target; // "/dev/vg/web1"
 * parseDiskSpec("/root/image.iso,,hdc,cdrom").devtype;                           // "cdrom"
 * parseDiskSpec("phy:/dev/vg/a,xvda,w!");                                        // throws XenDiskSpecError
 * ```
 */
export function parseDiskSpec(spec: string | readonly string[]): DiskSpec {
  const specs = typeof spec === "string" ? [spec] : spec;
  const parser = new DiskSpecParser(specs.join(" "));
  for (const text of specs) {
    if (text.includes("\0")) throw new XenDiskSpecError(text, "a NUL character: xl cannot read it");
    parser.scan(text);
    if (parser.failed) break;
  }
  return parser.finish();
}
