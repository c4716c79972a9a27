import type { DomainDisk } from "./domain-disk.js";
import { UnsafeMenuTextError } from "./errors.js";

/**
 * The keys of a domain's xl config that a boot layout decides.
 *
 * @example
 * ```ts
 * const fields: XlBootFields = {
 *   kernel: "/usr/lib/xen/boot/pv-grub-x86_64.gz",
 *   extra: "(hd1)/boot/grub/menu.lst",
 *   disk: ["/dev/vg0/horatio,raw,xvda,rw", "/dev/vg0/rescue,raw,xvde,ro"],
 * };
 * ```
 */
export interface XlBootFields {
  /** `bootloader = "pygrub"` (PyGRUB layout). */
  readonly bootloader?: string;
  /** `kernel = …/pv-grub-x86_64.gz` (PV-GRUB layout). */
  readonly kernel?: string;
  /** `extra = "(hdN,M)/boot/grub/menu.lst"`: the menu PV-GRUB loads first. */
  readonly extra?: string;
  /** The `disk = [...]` list, in order. */
  readonly disk: readonly string[];
}

function checkValue(value: string, path: string): void {
  if (/["'\\\u0000-\u001f\u007f]/u.test(value)) {
    throw new UnsafeMenuTextError(
      path,
      `${JSON.stringify(value)} holds a quote, a backslash or a control character; xl config values here must be plain printable text`,
    );
  }
}

/**
 * A disk as an xl disk spec (xl-disk-configuration(5)): positional
 * `target,format,vdev,access` when the target allows it, otherwise the keyed
 * form with `target=` last (it takes the rest of the string, commas included).
 *
 * @example
 * ```ts
 * xlDiskSpec({ target: "/dev/vg0/rescue", vdev: "xvde", access: "ro" }); // "/dev/vg0/rescue,raw,xvde,ro"
 * xlDiskSpec({ target: "/srv/a,b.img", vdev: "xvdb", access: "rw" }); // "format=raw,vdev=xvdb,access=rw,target=/srv/a,b.img"
 * ```
 */
export function xlDiskSpec(disk: DomainDisk, path = "disk"): string {
  const format = disk.format ?? "raw";
  for (const [key, value] of [
    ["target", disk.target],
    ["vdev", disk.vdev],
    ["format", format],
  ] as const) {
    checkValue(value, `${path}.${key}`);
  }
  if (/[,=]/.test(format) || /[,=]/.test(disk.vdev)) {
    throw new UnsafeMenuTextError(path, "a disk's format and vdev cannot contain , or =");
  }
  return /[,=]/.test(disk.target)
    ? `format=${format},vdev=${disk.vdev},access=${disk.access},target=${disk.target}`
    : `${disk.target},${format},${disk.vdev},${disk.access}`;
}

/**
 * Writes the boot fields as xl config lines, ready to paste into
 * `/etc/xen/<domain>.cfg` (replacing any `kernel`, `bootloader`, `extra` and
 * `disk` lines there).
 *
 * @example
 * ```ts
 * renderXlBootFields({ bootloader: "pygrub", disk: ["/dev/vg0/boot,raw,xvda,rw"] });
 * // bootloader = "pygrub"
 * // disk = [
 * //     '/dev/vg0/boot,raw,xvda,rw',
 * // ]
 * ```
 */
export function renderXlBootFields(fields: XlBootFields): string {
  const lines: string[] = [];
  for (const key of ["bootloader", "kernel", "extra"] as const) {
    const value = fields[key];
    if (value === undefined) continue;
    checkValue(value, key);
    lines.push(`${key} = "${value}"`);
  }
  fields.disk.forEach((spec, i) => {
    checkValue(spec, `disk[${String(i)}]`);
  });
  lines.push(
    fields.disk.length === 0
      ? "disk = [ ]"
      : `disk = [\n${fields.disk.map((spec) => `    '${spec}',`).join("\n")}\n]`,
  );
  return `${lines.join("\n")}\n`;
}
