import type { Inventory } from "@dom0kit/inventory";
import { parseIoPolicy, type IoPolicy } from "@dom0kit/ionice-mapper";

/** The `dom0kit io` options that shape the policy. */
export interface IoPolicyOptions {
  readonly startLevel?: number;
  readonly endLevel?: number;
  readonly housekeepingLevel?: number;
  readonly housekeepingIdle?: boolean;
  readonly housekeepingProcess?: readonly string[];
}

/**
 * The I/O policy an inventory implies: each domain's allocation is its credit
 * weight (which defaults to its memory in MiB), its disks are its disk sources,
 * and housekeeping runs at the host's backup ionice level.
 *
 * @example
 * ```ts
 * const policy = ioPolicyFromInventory(inventory, { startLevel: 1 });
 * ```
 */
export function ioPolicyFromInventory(inventory: Inventory, options: IoPolicyOptions = {}): IoPolicy {
  return parseIoPolicy({
    domains: inventory.domains.map((domain) => ({
      name: domain.name,
      allocation: domain.weight ?? domain.memory,
      disks: domain.disks.map((disk) => ({ source: disk.source, vdev: disk.vdev })),
    })),
    ...(options.startLevel === undefined ? {} : { startLevel: options.startLevel }),
    ...(options.endLevel === undefined ? {} : { endLevel: options.endLevel }),
    housekeeping: {
      level: options.housekeepingLevel ?? inventory.host.backup?.ioniceLevel ?? 7,
      ioClass: options.housekeepingIdle === true ? "idle" : "best-effort",
      processNames: [...(options.housekeepingProcess ?? [])],
    },
  });
}
