import type { DomainDisk } from "./domain-disk.js";
import { xenVdevNumber } from "./xen-vdev.js";

/** A disk with the `hdN` index a boot loader gives it. */
export interface NumberedDisk {
  readonly disk: DomainDisk;
  /** Position in the config's disk list. */
  readonly position: number;
  /** Xen's virtual device number of its vdev. */
  readonly deviceNumber: number;
  /** The N of `(hdN)`. */
  readonly hd: number;
}

/**
 * The `(hdN)` numbering PV-GRUB uses: it lists the domain's vbds from
 * xenstore and sorts them by virtual device number (stubdom/grub/mini-os.c,
 * `init_disk`), so `hd0` is the disk with the lowest vdev — not necessarily
 * the first in the config. Disks whose vdev xl would reject are left out.
 *
 * @example
 * ```ts
 * pvGrubDiskOrder([
 *   { target: "/dev/vg0/rescue", vdev: "xvde", access: "ro" },
 *   { target: "/dev/vg0/horatio", vdev: "xvda", access: "rw" },
 * ]).map((d) => `${d.disk.vdev}=hd${d.hd}`); // ["xvda=hd0", "xvde=hd1"]
 * ```
 */
export function pvGrubDiskOrder(disks: readonly DomainDisk[]): NumberedDisk[] {
  return disks
    .flatMap((disk, position) => {
      const deviceNumber = xenVdevNumber(disk.vdev);
      return deviceNumber === undefined ? [] : [{ disk, position, deviceNumber }];
    })
    .sort((a, b) => a.deviceNumber - b.deviceNumber)
    .map((entry, hd) => ({ ...entry, hd }));
}

/**
 * The `(hdN)` numbering pygrub implies: pygrub only ever reads the first disk
 * of the config (libxl hands it `disks[0]`), so only `hd0` means anything.
 *
 * @example
 * ```ts
 * pygrubDiskOrder(disks)[0]?.disk.vdev; // the disk pygrub reads
 * ```
 */
export function pygrubDiskOrder(disks: readonly DomainDisk[]): NumberedDisk[] {
  return disks.flatMap((disk, position) => {
    const deviceNumber = xenVdevNumber(disk.vdev);
    return deviceNumber === undefined ? [] : [{ disk, position, deviceNumber, hd: position }];
  });
}
