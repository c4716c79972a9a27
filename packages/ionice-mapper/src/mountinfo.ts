/** One mount, from `/proc/self/mountinfo`. */
export interface MountEntry {
  /** The device numbers (`8:1`; `0:45` for filesystems without a block device). */
  readonly major: number;
  readonly minor: number;
  readonly mountPoint: string;
  readonly fsType: string;
  /** What was mounted (`/dev/sda1`, `tmpfs`, `server:/export`). */
  readonly source: string;
}

function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/**
 * Parses `/proc/PID/mountinfo` (proc(5)): mount point (with `\040`-style
 * escapes decoded), device numbers, filesystem type and source. Malformed lines
 * are skipped.
 *
 * @example
 * ```ts
 * parseMountinfo("29 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n");
 * // [{ major: 254, minor: 1, mountPoint: "/", fsType: "ext4", source: "/dev/vda1" }]
 * ```
 */
export function parseMountinfo(text: string): MountEntry[] {
  const mounts: MountEntry[] = [];
  for (const line of text.split("\n")) {
    const fields = line.split(" ");
    const separator = fields.indexOf("-", 6);
    const device = /^([0-9]+):([0-9]+)$/.exec(fields[2] ?? "");
    const mountPoint = fields[4];
    const fsType = fields[separator + 1];
    const source = fields[separator + 2];
    if (
      separator < 0 ||
      device === null ||
      mountPoint === undefined ||
      fsType === undefined ||
      source === undefined
    )
      continue;
    mounts.push({
      major: Number(device[1]),
      minor: Number(device[2]),
      mountPoint: unescape(mountPoint),
      fsType,
      source: unescape(source),
    });
  }
  return mounts;
}

function contains(mountPoint: string, path: string): boolean {
  if (mountPoint === "/") return true;
  return path === mountPoint || path.startsWith(`${mountPoint}/`);
}

/**
 * The mount a path lives on: the longest mount point that contains it; of two
 * mounts on the same point, the later one (it hides the earlier).
 *
 * @example
 * ```ts
 * mountOf(parseMountinfo(text), "/srv/xen/vm1.img")?.source; // "/dev/sdb1"
 * ```
 */
export function mountOf(mounts: readonly MountEntry[], path: string): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const mount of mounts) {
    if (!contains(mount.mountPoint, path)) continue;
    if (best === undefined || mount.mountPoint.length >= best.mountPoint.length) best = mount;
  }
  return best;
}
