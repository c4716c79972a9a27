import type { DomainDisk } from "./domain-disk.js";
import type { DiskLayoutProblem } from "./errors.js";
import { formatGrubDevice, type GrubDevice } from "./grub-device.js";
import { pvGrubDiskOrder } from "./pv-grub-disk-order.js";
import { xenVdevNumber } from "./xen-vdev.js";

/** Which boot loader reads the `(hdN)` names: they number disks differently. */
export type BootLoader = "pygrub" | "pv-grub";

/** A `(hdN)` in a menu or config that is meant to name one particular disk. */
export interface DiskReference {
  /** Where the reference is, for messages (`extra`, `rescue menu entries[1].root`). */
  readonly path: string;
  readonly device: GrubDevice;
  /** The vdev of the disk it is meant to name. */
  readonly vdev: string;
}

/** Roles of disks in a boot layout. */
export interface BootDiskRoles {
  /** The disk pygrub reads `/boot` from (pygrub layout). */
  readonly boot?: string;
  /** The customer's own disk, holding their menu.lst (PV-GRUB layout). */
  readonly customer?: string;
  /** The read-only rescue disk. */
  readonly rescue?: string;
}

function byVdev(disks: readonly DomainDisk[], vdev: string): DomainDisk | undefined {
  return disks.find((disk) => disk.vdev === vdev);
}

function listProblems(disks: readonly DomainDisk[]): DiskLayoutProblem[] {
  const problems: DiskLayoutProblem[] = [];
  const seen = new Map<number, string>();
  disks.forEach((disk, index) => {
    const number = xenVdevNumber(disk.vdev);
    const path = `disks[${String(index)}].vdev`;
    if (number === undefined) {
      problems.push({
        code: "INVALID_VDEV",
        path,
        message: `"${disk.vdev}" is not a vdev xl accepts (xvda…, sda…, hda–hdd, dNpP, or a number)`,
      });
      return;
    }
    const earlier = seen.get(number);
    if (earlier !== undefined) {
      problems.push({
        code: "DUPLICATE_VDEV",
        path,
        message: `"${disk.vdev}" is the same device as "${earlier}"`,
      });
    }
    seen.set(number, disk.vdev);
  });
  return problems;
}

function roleProblems(disks: readonly DomainDisk[], roles: BootDiskRoles): DiskLayoutProblem[] {
  const problems: DiskLayoutProblem[] = [];
  for (const [role, vdev] of Object.entries(roles) as [keyof BootDiskRoles, string | undefined][]) {
    if (vdev !== undefined && byVdev(disks, vdev) === undefined) {
      problems.push({
        code: "DISK_MISSING",
        path: `${role}Disk`,
        message: `the ${role} disk "${vdev}" is not in the domain's disk list (${disks.map((d) => d.vdev).join(", ") || "empty"})`,
      });
    }
  }
  const rescue = roles.rescue === undefined ? undefined : byVdev(disks, roles.rescue);
  if (rescue !== undefined && rescue.access !== "ro") {
    problems.push({
      code: "RESCUE_DISK_WRITABLE",
      path: `disks[${String(disks.indexOf(rescue))}].access`,
      message: `the rescue disk "${rescue.vdev}" (${rescue.target}) is attached read-write; attach it read-only (access "ro") so no customer can damage the rescue image`,
    });
  }
  return problems;
}

function hdIndex(disks: readonly DomainDisk[], vdev: string, loader: BootLoader): number | undefined {
  if (loader === "pygrub") {
    const position = disks.findIndex((disk) => disk.vdev === vdev);
    return position === -1 ? undefined : position;
  }
  return pvGrubDiskOrder(disks).find((numbered) => numbered.disk.vdev === vdev)?.hd;
}

function referenceProblems(
  disks: readonly DomainDisk[],
  references: readonly DiskReference[],
  loader: BootLoader,
): DiskLayoutProblem[] {
  return references.flatMap((reference): DiskLayoutProblem[] => {
    const expected = hdIndex(disks, reference.vdev, loader);
    if (expected === undefined || expected === reference.device.disk) return [];
    const why =
      loader === "pv-grub"
        ? "PV-GRUB numbers disks by vdev order"
        : "pygrub reads only the first disk of the list";
    return [
      {
        code: "DISK_INDEX_MISMATCH",
        path: reference.path,
        message: `${formatGrubDevice(reference.device)} is meant to be "${reference.vdev}", which ${loader} sees as (hd${String(expected)}) (${why})`,
      },
    ];
  });
}

/**
 * Checks a PyGRUB layout against the domain's disk list: every vdev valid and
 * unique, the `/boot` disk first (pygrub reads only `disks[0]`), the rescue
 * disk present and read-only, and every `(hdN)` naming the disk it means.
 * Returns the problems; an empty list means consistent.
 *
 * @example
 * ```ts
 * checkPygrubDisks(disks, { boot: "xvda", rescue: "xvdd" }, []);
 * // [{ code: "RESCUE_DISK_WRITABLE", path: "disks[3].access", message: "…" }]
 * ```
 */
export function checkPygrubDisks(
  disks: readonly DomainDisk[],
  roles: BootDiskRoles,
  references: readonly DiskReference[] = [],
): DiskLayoutProblem[] {
  const problems = [...listProblems(disks), ...roleProblems(disks, roles)];
  const boot = roles.boot === undefined ? undefined : disks.findIndex((disk) => disk.vdev === roles.boot);
  if (boot !== undefined && boot > 0) {
    problems.push({
      code: "BOOT_DISK_NOT_FIRST",
      path: `disks[${String(boot)}]`,
      message: `the /boot disk "${roles.boot ?? ""}" is at position ${String(boot)}, but pygrub reads only the first disk of the list; move it to the front`,
    });
  }
  return [...problems, ...referenceProblems(disks, references, "pygrub")];
}

/**
 * Checks a PV-GRUB layout against the domain's disk list: every vdev valid and
 * unique, the customer and rescue disks present, the rescue disk read-only,
 * and every `(hdN)` (in `extra`, in `root` lines, in the chain-load
 * argument) naming the disk it means in PV-GRUB's numbering.
 *
 * @example
 * ```ts
 * checkPvGrubDisks(disks, { customer: "xvda", rescue: "xvde" }, [
 *   { path: "extra", device: { disk: 1, partition: 0 }, vdev: "xvde" },
 * ]);
 * ```
 */
export function checkPvGrubDisks(
  disks: readonly DomainDisk[],
  roles: BootDiskRoles,
  references: readonly DiskReference[] = [],
): DiskLayoutProblem[] {
  return [
    ...listProblems(disks),
    ...roleProblems(disks, roles),
    ...referenceProblems(disks, references, "pv-grub"),
  ];
}

/**
 * The `(hdN)` of a disk for a boot loader, with `partition` added.
 *
 * @example
 * ```ts
 * diskDevice(disks, "xvde", "pv-grub"); // { disk: 1 }
 * diskDevice(disks, "xvda", "pv-grub", 0); // { disk: 0, partition: 0 }
 * ```
 */
export function diskDevice(
  disks: readonly DomainDisk[],
  vdev: string,
  loader: BootLoader,
  partition?: number,
): GrubDevice | undefined {
  const disk = hdIndex(disks, vdev, loader);
  if (disk === undefined) return undefined;
  return partition === undefined ? { disk } : { disk, partition };
}
