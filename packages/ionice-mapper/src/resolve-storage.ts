import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { mountOf, parseMountinfo, type MountEntry } from "./mountinfo.js";
import { resolveInRoot } from "./root-path.js";
import type { DiskScheduler } from "./scheduler-verdict.js";
import {
  blockDeviceByName,
  blockDeviceByNumber,
  blockDeviceNumbers,
  deviceMapperUuid,
  loopBackingFile,
  partitionParent,
  readDiskScheduler,
  slavesOf,
  type BlockNode,
} from "./sysfs-block.js";

/** What a domU disk's source is. */
export type StorageKind = "lv" | "device-mapper" | "md" | "loop" | "partition" | "disk" | "file";

/** Where a host reads /proc, /sys and the disk sources from. */
export interface HostRoots {
  /** @default "/proc" */
  readonly procRoot?: string;
  /** @default "/sys" */
  readonly sysRoot?: string;
  /** Root the disk source paths (`/dev/vg0/vm1`, `/srv/xen/vm1.img`) are resolved in. @default "/" */
  readonly fsRoot?: string;
}

/** A disk source followed down to the physical disk(s) under it. */
export interface StorageResolution {
  readonly source: string;
  /** What the source is; absent when it could not be resolved. */
  readonly kind?: StorageKind;
  /** Each step taken, for people: `/dev/vg0/vm1 → dm-3 (LVM logical volume) on sda2`. */
  readonly steps: readonly string[];
  /** The physical disks reached, with their schedulers. */
  readonly disks: readonly DiskScheduler[];
  /** Why the resolution stopped short, when it did. */
  readonly problem?: string;
}

const MAX_DEPTH = 16;

interface Walk {
  readonly sysRoot: string;
  readonly fsRoot: string;
  readonly procRoot: string;
  readonly steps: string[];
  readonly disks: Map<string, DiskScheduler>;
  readonly problems: string[];
  mounts?: MountEntry[];
}

async function mountsOf(walk: Walk): Promise<MountEntry[]> {
  if (walk.mounts === undefined) {
    try {
      walk.mounts = parseMountinfo(await readFile(join(walk.procRoot, "self", "mountinfo"), "utf8"));
    } catch {
      walk.mounts = [];
    }
  }
  return walk.mounts;
}

async function stackedLabel(walk: Walk, node: BlockNode): Promise<{ kind: StorageKind; label: string }> {
  if (node.name.startsWith("dm-")) {
    const uuid = (await deviceMapperUuid(walk.sysRoot, node)) ?? "";
    if (uuid.startsWith("LVM-")) return { kind: "lv", label: "LVM logical volume" };
    if (uuid.startsWith("CRYPT-")) return { kind: "device-mapper", label: "dm-crypt" };
    return { kind: "device-mapper", label: "device-mapper" };
  }
  if (node.name.startsWith("md")) return { kind: "md", label: "md RAID" };
  return { kind: "device-mapper", label: "stacked device" };
}

async function walkDevice(walk: Walk, node: BlockNode, depth: number): Promise<StorageKind | undefined> {
  if (depth > MAX_DEPTH) {
    walk.problems.push(`gave up at ${node.name}: devices stacked more than ${String(MAX_DEPTH)} deep`);
    return undefined;
  }
  const slaves = await slavesOf(walk.sysRoot, node);
  if (slaves.length > 0) {
    const { kind, label } = await stackedLabel(walk, node);
    walk.steps.push(`${node.name} (${label}) sits on ${slaves.join(", ")}`);
    for (const slave of slaves) {
      const below = await blockDeviceByName(walk.sysRoot, slave);
      if (below === undefined) walk.problems.push(`${slave}, under ${node.name}, is not in /sys/class/block`);
      else await walkDevice(walk, below, depth + 1);
    }
    return kind;
  }
  const parent = await partitionParent(walk.sysRoot, node);
  if (parent !== undefined) {
    walk.steps.push(`${node.name} is a partition of ${parent.name}`);
    await walkDevice(walk, parent, depth + 1);
    return "partition";
  }
  const backing = await loopBackingFile(walk.sysRoot, node);
  if (backing !== undefined) {
    walk.steps.push(`${node.name} is a loop device backed by ${backing}`);
    if (backing.endsWith(" (deleted)")) {
      walk.problems.push(`${node.name}'s backing file ${backing}`);
      return "loop";
    }
    await walkPath(walk, backing, depth + 1);
    return "loop";
  }
  const scheduler = await readDiskScheduler(node, { sysRoot: walk.sysRoot });
  walk.disks.set(node.name, scheduler);
  return "disk";
}

async function deviceNode(walk: Walk, path: string): Promise<BlockNode | undefined> {
  const byName = await blockDeviceByName(walk.sysRoot, basename(path));
  if (byName !== undefined) return byName;
  const numbers = await blockDeviceNumbers(walk.fsRoot, path);
  return numbers === undefined ? undefined : blockDeviceByNumber(walk.sysRoot, numbers.major, numbers.minor);
}

async function walkFile(walk: Walk, path: string, depth: number): Promise<StorageKind | undefined> {
  const mount = mountOf(await mountsOf(walk), path);
  if (mount === undefined) {
    walk.problems.push(`no mount in ${walk.procRoot}/self/mountinfo contains ${path}`);
    return undefined;
  }
  let node = await blockDeviceByNumber(walk.sysRoot, mount.major, mount.minor);
  if (node === undefined && mount.source.startsWith("/dev/")) {
    const source = await resolveInRoot(walk.fsRoot, mount.source);
    node = await deviceNode(walk, source.path);
  }
  if (node === undefined) {
    walk.problems.push(
      `${path} is on ${mount.mountPoint} (${mount.fsType} from ${mount.source}), which has no block device to check`,
    );
    return "file";
  }
  walk.steps.push(`${path} is a file on ${mount.mountPoint} (${mount.fsType} on ${node.name})`);
  await walkDevice(walk, node, depth + 1);
  return "file";
}

async function walkPath(walk: Walk, path: string, depth: number): Promise<StorageKind | undefined> {
  const rooted = await resolveInRoot(walk.fsRoot, path);
  if (!rooted.exists) {
    walk.problems.push(`${path} does not exist`);
    return undefined;
  }
  if (!rooted.path.startsWith("/dev/")) return walkFile(walk, rooted.path, depth);
  const node = await deviceNode(walk, rooted.path);
  if (node === undefined) {
    walk.problems.push(`${rooted.path} is not a block device in ${walk.sysRoot}/class/block`);
    return undefined;
  }
  if (rooted.path !== path || node.name !== basename(path)) walk.steps.push(`${path} is ${node.name}`);
  return walkDevice(walk, node, depth);
}

/**
 * Follows a domU disk's source down to the physical disk(s) whose scheduler
 * decides whether I/O priorities count: an LV through device-mapper `slaves/`
 * (and md RAID, dm-crypt, …), a partition to its disk, a loop device to its
 * backing file, a file to the filesystem it is on (`/proc/self/mountinfo`) and
 * that filesystem's device. /proc, /sys and the file system are read under
 * injectable roots, so fixture trees are read exactly like a live host.
 *
 * @example
 * ```ts
 * const storage = await resolveStorage("/dev/vg0/vm1", { sysRoot: "/sys" });
 * storage.kind;                         // "lv"
 * storage.disks.map((d) => d.active);   // ["mq-deadline"]
 * ```
 */
export async function resolveStorage(source: string, roots: HostRoots = {}): Promise<StorageResolution> {
  const walk: Walk = {
    sysRoot: roots.sysRoot ?? "/sys",
    fsRoot: roots.fsRoot ?? "/",
    procRoot: roots.procRoot ?? "/proc",
    steps: [],
    disks: new Map(),
    problems: [],
  };
  const kind = await walkPath(walk, source, 0);
  const [problem] = walk.problems;
  return {
    source,
    ...(kind === undefined ? {} : { kind }),
    steps: walk.steps,
    disks: [...walk.disks.values()],
    ...(problem === undefined ? {} : { problem: walk.problems.join("; ") }),
  };
}
