import { statfs } from "node:fs/promises";
import type { CommandRunner } from "@dom0kit/runner";
import { BackupError } from "./errors.js";
import { hostFreeSpace } from "./host-facts.js";
import type { VolumeGroupInfo } from "./lvm-report.js";
import type { BackupPlan } from "./plan-backup.js";
import { parseSize, formatBytes } from "./units.js";

/**
 * One place a backup needs space, and what is there.
 *
 * @example
 * ```ts
 * for (const need of await checkSpace(input)) console.log(need.what, need.neededBytes, need.availableBytes);
 * ```
 */
export interface SpaceNeed {
  /** What needs it: `the archives in /srv/backup`, `snapshots in VG vg0`, `the RAM state in /var/lib/xen/save`. */
  readonly what: string;
  readonly neededBytes: number;
  readonly availableBytes: number;
}

/**
 * The facts {@link checkSpace} weighs.
 *
 * @example
 * ```ts
 * await checkSpace({ plan: backupPlan, archiveDir, volumeGroups, snapshotSize: "1G", hostRunner: runner });
 * ```
 */
export interface SpaceCheckInput {
  readonly plan: BackupPlan;
  /** The local directory the archives go to (it must exist). */
  readonly archiveDir: string;
  /** Total archive bytes of this domain's newest finished backup, if there is one: the best estimate. */
  readonly previousArchiveBytes?: number | undefined;
  /** The domain's memory (the RAM state file is about this large). */
  readonly memoryMiB?: number | undefined;
  readonly volumeGroups: readonly VolumeGroupInfo[];
  readonly snapshotSize: string;
  readonly hostRunner: CommandRunner;
}

/**
 * Estimates the space a backup needs and compares it with what is free:
 * the archives in the local backup directory (the previous backup's size
 * plus a quarter, or — for a first backup — the disks' full size, since
 * nothing says how well they compress), the RAM state and paused copies on
 * the host, and the snapshots' copy-on-write space in each volume group.
 *
 * @returns every need, checked.
 * @throws {@link BackupError} `BACKUP_NO_SPACE` listing each shortfall, before anything touched the domain.
 * @example
 * ```ts
 * await checkSpace({ plan, archiveDir: "/srv/backup/vm1", volumeGroups, snapshotSize: "1G", hostRunner: runner, memoryMiB: 512 });
 * ```
 */
export async function checkSpace(input: SpaceCheckInput): Promise<SpaceNeed[]> {
  const { plan } = input;
  const needs: SpaceNeed[] = [];
  const rawTotal =
    plan.copies.reduce((sum, copy) => sum + (copy.disk.allocatedBytes ?? copy.disk.sizeBytes ?? 0), 0) +
    (plan.state === undefined ? 0 : (input.memoryMiB ?? 0) * 1024 * 1024);
  const archiveEstimate =
    input.previousArchiveBytes !== undefined ? Math.ceil(input.previousArchiveBytes * 1.25) : rawTotal;
  const local = await statfs(input.archiveDir);
  needs.push({
    what: `the archives in ${input.archiveDir} (${input.previousArchiveBytes === undefined ? "first backup: the disks' full size" : "the last backup's size + 25%"})`,
    neededBytes: archiveEstimate,
    availableBytes: local.bavail * local.bsize,
  });

  const hostNeeds = new Map<string, { what: string[]; bytes: number }>();
  const addHostNeed = async (path: string, bytes: number, what: string): Promise<void> => {
    if (bytes <= 0) return;
    const free = await hostFreeSpace(input.hostRunner, path);
    if (free === undefined) return;
    const entry = hostNeeds.get(free.mount) ?? { what: [], bytes: 0 };
    entry.what.push(what);
    entry.bytes += bytes;
    hostNeeds.set(free.mount, entry);
    hostFree.set(free.mount, free.availableBytes);
  };
  const hostFree = new Map<string, number>();
  if (plan.state !== undefined) {
    await addHostNeed(
      plan.state.path,
      (input.memoryMiB ?? 0) * 1024 * 1024,
      `the RAM state (${plan.state.path})`,
    );
  }
  for (const copy of plan.copies) {
    if (copy.method !== "paused-copy") continue;
    await addHostNeed(
      copy.readPath,
      copy.disk.allocatedBytes ?? copy.disk.sizeBytes ?? 0,
      `the paused copy of ${copy.disk.vdev} (${copy.readPath})`,
    );
  }
  for (const [mount, need] of hostNeeds) {
    needs.push({
      what: `${need.what.join(" and ")} on the host's ${mount}`,
      neededBytes: need.bytes,
      availableBytes: hostFree.get(mount) ?? 0,
    });
  }

  const snapshotBytes = parseSize(input.snapshotSize) ?? 0;
  const perGroup = new Map<string, number>();
  for (const copy of plan.copies) {
    if (copy.snapshot === undefined) continue;
    perGroup.set(copy.snapshot.vg, (perGroup.get(copy.snapshot.vg) ?? 0) + snapshotBytes);
  }
  for (const [vg, bytes] of perGroup) {
    const group = input.volumeGroups.find((each) => each.name === vg);
    if (group === undefined) continue;
    needs.push({
      what: `snapshots in volume group ${vg}`,
      neededBytes: bytes,
      availableBytes: group.freeBytes,
    });
  }

  const short = needs.filter((need) => need.neededBytes > need.availableBytes);
  if (short.length > 0) {
    throw new BackupError(
      "BACKUP_NO_SPACE",
      `space check: not enough free space to back up ${plan.domain}; nothing was touched:\n${short
        .map(
          (need) =>
            `  ${need.what}: needs ${formatBytes(need.neededBytes)}, ${formatBytes(need.availableBytes)} free`,
        )
        .join("\n")}\n  free some space, lower snapshotSize, or turn the estimate off with spaceCheck: false`,
      { domain: plan.domain, step: "space check" },
    );
  }
  return needs;
}
