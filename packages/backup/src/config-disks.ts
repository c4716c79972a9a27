import { parseDiskSpec, parseXlConfig, type XlValue } from "@dom0kit/xen-config";
import { classifyDisk, type DomainDisk } from "./domain-disk.js";
import { BackupError } from "./errors.js";
import { isSafePath } from "./names.js";
import { messageOf } from "./stream-failure.js";

function diskEntries(value: XlValue | undefined): string[] {
  if (value === undefined) return [];
  if (typeof value === "string") return [value];
  return value.flatMap((each) => (typeof each === "string" ? [each] : []));
}

/**
 * The disks to back up, read from a domain's xl config the way xl reads it
 * (@dom0kit/xen-config: libxlutil's grammar and `xlu_disk_parse`), and told
 * apart with the host's LVM volumes: a target LVM reports is an `lv`
 * (snapshotted), another `/dev/` path a `device`, anything else a `file`.
 * CD-ROM drives are skipped (their media is not the domain's data). The
 * backing file of a qcow2/vhd disk is copied as it is.
 *
 * @throws {@link BackupError} `BACKUP_INPUT_INVALID` naming the file (and line) when the config does not parse, a disk spec is invalid, or a target is not a plain absolute path.
 * @example
 * ```ts
 * disksFromXlConfig('name = "vm1"\ndisk = [ "phy:/dev/vg0/vm1-disk,xvda,w" ]\n', "/etc/xen/vm1.cfg", [{ vg: "vg0", name: "vm1-disk" }]);
 * // [{ vdev: "xvda", source: "/dev/vg0/vm1-disk", kind: "lv", vg: "vg0", lv: "vm1-disk", access: "rw" }]
 * ```
 */
export function disksFromXlConfig(
  text: string,
  file: string,
  volumes: readonly { readonly vg: string; readonly name: string }[],
): DomainDisk[] {
  let values: Record<string, XlValue>;
  try {
    values = parseXlConfig(text, { file }).values();
  } catch (error) {
    throw new BackupError("BACKUP_INPUT_INVALID", `cannot read the domain's config: ${messageOf(error)}`, {
      path: file,
      cause: error,
    });
  }
  const disks: DomainDisk[] = [];
  for (const spec of diskEntries(values.disk)) {
    let parsed;
    try {
      parsed = parseDiskSpec(spec);
    } catch (error) {
      throw new BackupError("BACKUP_INPUT_INVALID", `${file}: ${messageOf(error)}`, {
        path: file,
        cause: error,
      });
    }
    if (parsed.devtype === "cdrom") continue;
    const target = parsed.target;
    if (target === undefined || !isSafePath(target) || parsed.script !== undefined) {
      throw new BackupError(
        "BACKUP_INPUT_INVALID",
        `${file}: disk ${parsed.vdev} (\`${spec}\`) is not backed by a plain file or device path dom0kit can read${parsed.script === undefined ? "" : ` (it uses the hotplug script ${parsed.script})`}; accepted: absolute paths of letters, digits and _ . + @ / -`,
        { path: file },
      );
    }
    disks.push({ ...classifyDisk(parsed.vdev, target, volumes), access: parsed.access });
  }
  if (disks.length === 0) {
    throw new BackupError(
      "BACKUP_INPUT_INVALID",
      `${file} lists no disks to back up (no disk = [ … ] entries)`,
      {
        path: file,
      },
    );
  }
  return disks;
}
