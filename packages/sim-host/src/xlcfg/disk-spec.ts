/** A disk as `xl create` understands it (the fields the simulator needs). */
export interface DiskSpec {
  readonly target: string | undefined;
  readonly vdev: string;
  readonly format: string;
  readonly readwrite: boolean;
  readonly cdrom: boolean;
  readonly script?: string;
  readonly backend?: string;
}

const FORMATS = new Set(["raw", "qcow", "qcow2", "vhd", "qed", "empty"]);
const PREFIXES: readonly (readonly [string, { format?: string; script?: string }])[] = [
  ["tap:tapdisk:aio:", {}],
  ["tap:aio:", {}],
  ["tap:qcow2:", { format: "qcow2" }],
  ["tap:qcow:", { format: "qcow" }],
  ["tap:vhd:", { format: "vhd" }],
  ["tap2:aio:", {}],
  ["aio:", {}],
  ["phy:", {}],
  ["file:", {}],
  ["raw:", { format: "raw" }],
  ["qcow2:", { format: "qcow2" }],
  ["qcow:", { format: "qcow" }],
  ["vhd:", { format: "vhd" }],
  ["iscsi:", { script: "block-iscsi" }],
  ["drbd:", { script: "block-drbd" }],
];

/** Result of {@link parseDiskSpec}. */
export type DiskSpecResult =
  { readonly ok: true; readonly disk: DiskSpec } | { readonly ok: false; readonly message: string };

/**
 * A minimal reading of xl-disk-configuration(5): positional `target, format,
 * vdev, access` (format may be left out, legacy `phy:/dev/vg/lv,xvda,w`), or
 * `key=value` with `target=` taking the rest, legacy prefixes stripped. Used
 * until @dom0kit/xen-config lands on main.
 *
 * @example
 * ```ts
 * parseDiskSpec("phy:/dev/vg0/vm1-disk,xvda,w"); // { ok: true, disk: { target: "/dev/vg0/vm1-disk", vdev: "xvda", … } }
 * ```
 */
export function parseDiskSpec(spec: string): DiskSpecResult {
  let target: string | undefined;
  let format: string | undefined;
  let vdev: string | undefined;
  let access: string | undefined;
  let cdrom = false;
  let script: string | undefined;
  let backend: string | undefined;
  const fail = (why: string): DiskSpecResult => ({ ok: false, message: `xlu_disk_parse failed: ${why}` });
  let position = 0;
  let rest = spec;
  while (rest.length > 0 || position === 0) {
    let item: string;
    if (/^\s*target=/.test(rest)) {
      item = rest.trim();
      rest = "";
    } else {
      const comma = rest.indexOf(",");
      item = (comma < 0 ? rest : rest.slice(0, comma)).trim();
      rest = comma < 0 ? "" : rest.slice(comma + 1);
    }
    const keyed = /^([a-z-]+)=(.*)$/s.exec(item);
    if (keyed !== null) {
      const [, key, value = ""] = keyed;
      switch (key) {
        case "target":
          target = value;
          break;
        case "format":
          if (!FORMATS.has(value)) return fail(`invalid format ${value}`);
          format = value;
          break;
        case "vdev":
          vdev = value;
          break;
        case "access":
          access = value;
          break;
        case "devtype":
          if (value !== "cdrom" && value !== "disk") return fail(`invalid devtype ${value}`);
          cdrom = value === "cdrom";
          break;
        case "script":
          script = value;
          break;
        case "backendtype":
          backend = value;
          break;
        default:
          return fail(`unknown key ${key ?? ""}`);
      }
    } else if (item === "cdrom" && position >= 3) {
      cdrom = true;
    } else if (position === 0) {
      target = item;
      position = 1;
    } else if (position === 1 && (FORMATS.has(item) || item === "")) {
      if (item !== "") format = item;
      position = 2;
    } else if (position <= 2) {
      vdev = item;
      position = 3;
    } else if (position === 3) {
      access = item;
      position = 4;
    } else if (item !== "") {
      return fail(`unexpected ${item}`);
    }
    if (rest.length === 0) break;
  }
  if (target !== undefined) {
    if (target.startsWith("file://")) target = target.slice("file:".length);
    for (const [prefix, effect] of PREFIXES) {
      if (!target.startsWith(prefix)) continue;
      target = target.slice(prefix.length);
      format ??= effect.format;
      script ??= effect.script;
      break;
    }
  }
  if (vdev?.endsWith(":cdrom") === true) {
    vdev = vdev.slice(0, -":cdrom".length);
    cdrom = true;
  }
  if (vdev === undefined || vdev === "") return fail("no vdev specified");
  if (access === "w!") return fail("w! is not supported");
  const readwrite = cdrom
    ? false
    : access === undefined || access === "" || access === "w" || access === "rw";
  if (access !== undefined && !["", "r", "ro", "w", "rw"].includes(access))
    return fail(`invalid access ${access}`);
  if ((target === undefined || target === "") && !cdrom) return fail("no target specified");
  return {
    ok: true,
    disk: {
      target,
      vdev,
      format: format ?? (target === undefined || target === "" ? "empty" : "raw"),
      readwrite,
      cdrom,
      ...(script === undefined ? {} : { script }),
      ...(backend === undefined ? {} : { backend }),
    },
  };
}
