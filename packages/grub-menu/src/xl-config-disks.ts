import { parseDiskSpec, parseXlConfig, type XlValue } from "@dom0kit/xen-config";
import type { DomainDisk } from "./domain-disk.js";
import { InvalidMenuInputError } from "./errors.js";

function diskEntries(value: XlValue | undefined): string[] {
  if (value === undefined) return [];
  if (typeof value === "string") return [value];
  return value.flatMap((each) => (typeof each === "string" ? [each] : []));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The disk list of an xl domain config, read with @dom0kit/xen-config (the
 * parser that agrees with Xen's libxlutil) — the `disks` to check a boot
 * layout against with `checkPygrubDisks` / `checkPvGrubDisks`, in the order xl
 * attaches them. CD-ROMs are left out; a disk without a target (an empty
 * drive) is refused.
 *
 * @throws {@link InvalidMenuInputError} naming the file and the disk spec that cannot be read.
 * @example
 * ```ts
 * disksFromXlConfig('disk = [ "phy:/dev/vg0/vm1,xvda,w", "phy:/dev/vg0/rescue,xvdb,r" ]\n', "/etc/xen/vm1.cfg");
 * // [{ target: "/dev/vg0/vm1", vdev: "xvda", access: "rw" }, { target: "/dev/vg0/rescue", vdev: "xvdb", access: "ro" }]
 * ```
 */
export function disksFromXlConfig(text: string, file: string): DomainDisk[] {
  let values: Record<string, XlValue>;
  try {
    values = parseXlConfig(text, { file }).values();
  } catch (error) {
    throw new InvalidMenuInputError(
      [{ path: file, message: `cannot read the domain config: ${messageOf(error)}` }],
      {
        cause: error,
      },
    );
  }
  const disks: DomainDisk[] = [];
  diskEntries(values.disk).forEach((spec, index) => {
    const path = `${file}: disk[${String(index)}]`;
    let parsed;
    try {
      parsed = parseDiskSpec(spec);
    } catch (error) {
      throw new InvalidMenuInputError([{ path, message: messageOf(error) }], { cause: error });
    }
    if (parsed.devtype === "cdrom") return;
    if (parsed.target === undefined) {
      throw new InvalidMenuInputError([
        { path, message: `disk ${parsed.vdev} has no target (an empty drive cannot boot or hold a menu)` },
      ]);
    }
    disks.push({
      target: parsed.target,
      vdev: parsed.vdev,
      access: parsed.access,
      ...(parsed.format === "raw" ? {} : { format: parsed.format }),
    });
  });
  return disks;
}
