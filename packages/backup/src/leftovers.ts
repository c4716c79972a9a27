import type { CommandRunner } from "@dom0kit/runner";
import type { DomainDisk } from "./domain-disk.js";
import type { LogicalVolumeInfo } from "./lvm-report.js";
import { SNAPSHOT_NAME_PATTERN } from "./plan-backup.js";
import { messageOf } from "./stream-failure.js";

/**
 * Snapshots of the domain's LVs that an earlier backup made and never removed
 * (its process was killed, or the host rebooted mid-backup): named
 * `<lv>-dom0kit-<id>` with one of the domain's LVs as origin.
 *
 * @example
 * ```ts
 * leftoverSnapshots(await readLogicalVolumes(runner), disks); // [{ vg: "vg0", name: "vm1-disk-dom0kit-20240115T120000000", … }]
 * ```
 */
export function leftoverSnapshots(
  volumes: readonly LogicalVolumeInfo[],
  disks: readonly DomainDisk[],
): LogicalVolumeInfo[] {
  return volumes.filter(
    (volume) =>
      volume.origin !== undefined &&
      SNAPSHOT_NAME_PATTERN.test(volume.name) &&
      disks.some((disk) => disk.kind === "lv" && disk.vg === volume.vg && disk.lv === volume.origin),
  );
}

/**
 * Removes {@link leftoverSnapshots} (call only while holding the domain's
 * lock, so none of them belongs to a backup in progress). A leftover
 * snapshot slows every write to its origin and fills up; it must not stay.
 *
 * @returns one message per snapshot, removed or not, for warnings.
 * @example
 * ```ts
 * const messages = await removeLeftoverSnapshots(runner, volumes, disks);
 * ```
 */
export async function removeLeftoverSnapshots(
  runner: CommandRunner,
  volumes: readonly LogicalVolumeInfo[],
  disks: readonly DomainDisk[],
): Promise<string[]> {
  const messages: string[] = [];
  for (const snapshot of leftoverSnapshots(volumes, disks)) {
    const name = `${snapshot.vg}/${snapshot.name}`;
    try {
      await runner.run({ file: "lvremove", args: ["-f", name] });
      messages.push(`removed snapshot ${name}, left behind by an earlier backup that did not finish`);
    } catch (error) {
      messages.push(
        `snapshot ${name} was left by an earlier backup and cannot be removed: ${messageOf(error)}`,
      );
    }
  }
  return messages;
}
