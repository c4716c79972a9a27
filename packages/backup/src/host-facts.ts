import { dirname } from "node:path";
import type { CommandRunner } from "@dom0kit/runner";
import type { DomainDisk } from "./domain-disk.js";
import {
  lvsCommand,
  parseLvs,
  parseVgs,
  vgsCommand,
  type LogicalVolumeInfo,
  type VolumeGroupInfo,
} from "./lvm-report.js";
import { parseXlList, type XlListEntry } from "./xl-list.js";

/**
 * The domain's row in `xl list`, or undefined when it does not exist (not running).
 *
 * @example
 * ```ts
 * (await readDomain(runner, "vm1"))?.state; // "running"
 * ```
 */
export async function readDomain(runner: CommandRunner, domain: string): Promise<XlListEntry | undefined> {
  const { stdout } = await runner.run({ file: "xl", args: ["list"] });
  return parseXlList(stdout).find((entry) => entry.name === domain);
}

/**
 * Every logical volume on the host (`lvs`); empty when LVM is not installed.
 *
 * @example
 * ```ts
 * (await readLogicalVolumes(runner)).filter((lv) => lv.origin !== undefined); // the snapshots
 * ```
 */
export async function readLogicalVolumes(runner: CommandRunner): Promise<LogicalVolumeInfo[]> {
  const result = await runner.run({ ...lvsCommand(), okExitCodes: [0, 5, 127] });
  return result.exitCode === 0 ? parseLvs(result.stdout) : [];
}

/**
 * Every volume group with its free space (`vgs`); empty when LVM is not installed.
 *
 * @example
 * ```ts
 * (await readVolumeGroups(runner)).find((vg) => vg.name === "vg0")?.freeBytes;
 * ```
 */
export async function readVolumeGroups(runner: CommandRunner): Promise<VolumeGroupInfo[]> {
  const result = await runner.run({ ...vgsCommand(), okExitCodes: [0, 5, 127] });
  return result.exitCode === 0 ? parseVgs(result.stdout) : [];
}

/**
 * Fills in each disk's size: LVs from `lvs`, files from `stat` (size and
 * allocated bytes), other devices from `blockdev --getsize64`. A size that
 * cannot be read stays unknown (progress then shows no ETA).
 *
 * @example
 * ```ts
 * const sized = await withDiskSizes(runner, disks, await readLogicalVolumes(runner));
 * ```
 */
export async function withDiskSizes(
  runner: CommandRunner,
  disks: readonly DomainDisk[],
  volumes: readonly LogicalVolumeInfo[],
): Promise<DomainDisk[]> {
  const sized: DomainDisk[] = [];
  for (const disk of disks) {
    if (disk.kind === "lv") {
      const volume = volumes.find((each) => each.vg === disk.vg && each.name === disk.lv);
      sized.push(volume === undefined ? disk : { ...disk, sizeBytes: volume.sizeBytes });
    } else if (disk.kind === "file") {
      const result = await runner.run({
        file: "stat",
        args: ["-L", "-c", "%s %b %B", disk.source],
        okExitCodes: [0, 1],
      });
      const [size, blocks, blockSize] = result.stdout.trim().split(/\s+/).map(Number);
      sized.push(
        result.exitCode === 0 && size !== undefined && Number.isFinite(size)
          ? { ...disk, sizeBytes: size, allocatedBytes: (blocks ?? 0) * (blockSize ?? 512) }
          : disk,
      );
    } else {
      const result = await runner.run({
        file: "blockdev",
        args: ["--getsize64", disk.source],
        okExitCodes: [0, 1, 127],
      });
      const size = Number(result.stdout.trim());
      sized.push(
        result.exitCode === 0 && Number.isFinite(size) && size > 0 ? { ...disk, sizeBytes: size } : disk,
      );
    }
  }
  return sized;
}

/**
 * Free space of the file system holding a path on the host.
 *
 * @example
 * ```ts
 * const free = await hostFreeSpace(runner, "/var/lib/xen/save"); // { mount: "/", availableBytes: … }
 * ```
 */
export interface HostFreeSpace {
  /** The mount point (file systems are told apart by it). */
  readonly mount: string;
  readonly availableBytes: number;
}

/**
 * Free space on the host for `path` (`df`), looking at the nearest existing
 * parent when the path does not exist yet; undefined when `df` cannot tell.
 *
 * @example
 * ```ts
 * (await hostFreeSpace(runner, "/var/lib/xen/save"))?.availableBytes;
 * ```
 */
export async function hostFreeSpace(runner: CommandRunner, path: string): Promise<HostFreeSpace | undefined> {
  let candidate = path;
  for (;;) {
    const result = await runner.run({
      file: "df",
      args: ["-B1", "--output=avail,target", candidate],
      okExitCodes: [0, 1],
    });
    if (result.exitCode === 0) {
      const line = result.stdout.trim().split("\n").at(-1) ?? "";
      const match = /^\s*(\d+)\s+(\S.*)$/.exec(line);
      if (match === null) return undefined;
      return { availableBytes: Number(match[1]), mount: (match[2] as string).trim() };
    }
    const parent = dirname(candidate);
    if (parent === candidate) return undefined;
    candidate = parent;
  }
}

/**
 * The domain's xl config text, read on the host (`cat`); undefined when the file does not exist.
 *
 * @example
 * ```ts
 * await readConfigText(runner, "/etc/xen/vm1.cfg");
 * ```
 */
export async function readConfigText(runner: CommandRunner, path: string): Promise<string | undefined> {
  const result = await runner.run({ file: "cat", args: [path], okExitCodes: [0, 1] });
  return result.exitCode === 0 ? result.stdout : undefined;
}
