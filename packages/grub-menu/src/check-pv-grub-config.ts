import { parseBootFile } from "./boot-file.js";
import { checkPvGrubDisks } from "./check-boot-disks.js";
import type { DomainDisk } from "./domain-disk.js";
import { DiskLayoutError, InvalidMenuInputError } from "./errors.js";
import { formatGrubDevice, type GrubDevice } from "./grub-device.js";
import { assertPvGrubArch, guestArch } from "./pv-grub-arch.js";
import { pvGrubDiskOrder } from "./pv-grub-disk-order.js";

/** The xl config fields of an existing PV-GRUB domain. */
export interface PvGrubConfigFields {
  /** The `kernel` field: PV-GRUB in dom0. */
  readonly kernel: string;
  /** The `extra` field: the menu PV-GRUB loads, `(hdN[,M])/path`. */
  readonly extra: string;
  /** The `disk` list, in order. */
  readonly disks: readonly DomainDisk[];
  /** The guest's architecture (x86_64, amd64, x86_32, i686 …). */
  readonly guestArch: string;
  /** vdev of the rescue disk `extra` should point at, when there is one. */
  readonly rescueDisk?: string;
}

/** Which disk an existing PV-GRUB config boots its menu from. */
export interface PvGrubMenuSource {
  readonly disk: DomainDisk;
  readonly device: GrubDevice;
  readonly path: string;
}

/**
 * Checks an existing PV-GRUB domain config: the PV-GRUB image matches the
 * guest's word size ({@link PvGrubArchMismatchError}), `extra` names a disk
 * the domain has — counted as PV-GRUB counts, by vdev — and, when a rescue
 * disk is named, that `extra` points at it and it is read-only
 * ({@link DiskLayoutError}). Returns the disk and path PV-GRUB reads first.
 *
 * @example
 * ```ts
 * checkPvGrubConfig({
 *   kernel: "/usr/lib/xen/boot/pv-grub-x86_64.gz",
 *   extra: "(hd1,0)/boot/grub/menu.lst",
 *   disks: [
 *     { target: "/dev/denmark/horatio", vdev: "xvda", access: "rw" },
 *     { target: "/dev/denmark/rescue", vdev: "xvde", access: "ro" },
 *   ],
 *   guestArch: "x86_64",
 *   rescueDisk: "xvde",
 * }).disk.vdev; // "xvde"
 * ```
 */
export function checkPvGrubConfig(fields: PvGrubConfigFields): PvGrubMenuSource {
  const arch = guestArch(fields.guestArch);
  if (arch === undefined) {
    throw new InvalidMenuInputError([
      { path: "guestArch", message: `"${fields.guestArch}" is not x86_64 (amd64) or x86_32 (i386)` },
    ]);
  }
  assertPvGrubArch(fields.kernel, arch, "kernel");
  const menu = parseBootFile(fields.extra);
  if (menu?.device === undefined || !menu.path.startsWith("/")) {
    throw new InvalidMenuInputError([
      {
        path: "extra",
        message: `"${fields.extra}" is not a menu PV-GRUB can load; write (hdN)/boot/grub/menu.lst or (hdN,M)/boot/grub/menu.lst`,
      },
    ]);
  }
  const roles = fields.rescueDisk === undefined ? {} : { rescue: fields.rescueDisk };
  const references =
    fields.rescueDisk === undefined ? [] : [{ path: "extra", device: menu.device, vdev: fields.rescueDisk }];
  const problems = checkPvGrubDisks(fields.disks, roles, references);
  const source = pvGrubDiskOrder(fields.disks)[menu.device.disk];
  if (source === undefined) {
    problems.push({
      code: "DISK_MISSING",
      path: "extra",
      message: `${formatGrubDevice(menu.device)} names a disk the domain does not have (it has ${String(fields.disks.length)})`,
    });
  }
  if (problems.length > 0 || source === undefined) throw new DiskLayoutError(problems);
  return { disk: source.disk, device: menu.device, path: menu.path };
}
