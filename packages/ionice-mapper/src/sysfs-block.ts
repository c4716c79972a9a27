import { readdir, readFile, stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { inRoot, resolveInRoot } from "./root-path.js";
import { parseSchedulerFile, type DiskScheduler } from "./scheduler-verdict.js";

/** A block device in /sys: its kernel name and its canonical directory (inside the /sys root). */
export interface BlockNode {
  readonly name: string;
  /** E.g. `/devices/pci0000:00/0000:00:1f.2/ata1/…/block/sda/sda1`, relative to the /sys root. */
  readonly sysPath: string;
}

/** A kernel block device name: no slashes, no dot-only names. */
const DEVICE_NAME = /^(?!\.\.?$)[A-Za-z0-9._:+!-]+$/;

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

async function nodeAt(sysRoot: string, link: string): Promise<BlockNode | undefined> {
  const resolved = await resolveInRoot(sysRoot, link);
  if (!resolved.exists) return undefined;
  return { name: basename(resolved.path), sysPath: resolved.path };
}

/**
 * The block device named `name` (`/sys/class/block/<name>`).
 *
 * @example
 * ```ts
 * await blockDeviceByName("/sys", "sda1"); // { name: "sda1", sysPath: "/devices/…/block/sda/sda1" }
 * ```
 */
export async function blockDeviceByName(sysRoot: string, name: string): Promise<BlockNode | undefined> {
  if (!DEVICE_NAME.test(name)) return undefined;
  return nodeAt(sysRoot, `/class/block/${name}`);
}

/**
 * The block device with numbers `major:minor` (`/sys/dev/block/<major>:<minor>`).
 *
 * @example
 * ```ts
 * await blockDeviceByNumber("/sys", 253, 2); // { name: "dm-2", … }
 * ```
 */
export async function blockDeviceByNumber(
  sysRoot: string,
  major: number,
  minor: number,
): Promise<BlockNode | undefined> {
  return nodeAt(sysRoot, `/dev/block/${String(major)}:${String(minor)}`);
}

/**
 * The devices a stacked device (device-mapper, md) is built on: `slaves/`.
 *
 * @example
 * ```ts
 * await slavesOf("/sys", dm3); // ["sda2"]
 * ```
 */
export async function slavesOf(sysRoot: string, node: BlockNode): Promise<string[]> {
  try {
    return (await readdir(inRoot(sysRoot, `${node.sysPath}/slaves`))).sort();
  } catch {
    return [];
  }
}

/**
 * The whole disk a partition belongs to, or `undefined` when `node` is not a partition.
 *
 * @example
 * ```ts
 * (await partitionParent("/sys", sda1))?.name; // "sda"
 * ```
 */
export async function partitionParent(sysRoot: string, node: BlockNode): Promise<BlockNode | undefined> {
  if ((await readText(inRoot(sysRoot, `${node.sysPath}/partition`))) === undefined) return undefined;
  const parentPath = dirname(node.sysPath);
  return { name: basename(parentPath), sysPath: parentPath };
}

/**
 * The file behind a loop device (`loop/backing_file`), or `undefined` for other devices.
 *
 * @example
 * ```ts
 * await loopBackingFile("/sys", loop0); // "/srv/xen/vm1.img"
 * ```
 */
export async function loopBackingFile(sysRoot: string, node: BlockNode): Promise<string | undefined> {
  return (await readText(inRoot(sysRoot, `${node.sysPath}/loop/backing_file`)))?.trim();
}

/**
 * A device-mapper device's uuid (`LVM-…` for LVM logical volumes, `CRYPT-…` for dm-crypt).
 *
 * @example
 * ```ts
 * (await deviceMapperUuid("/sys", dm3))?.startsWith("LVM-"); // true
 * ```
 */
export async function deviceMapperUuid(sysRoot: string, node: BlockNode): Promise<string | undefined> {
  return (await readText(inRoot(sysRoot, `${node.sysPath}/dm/uuid`)))?.trim();
}

/**
 * Reads a disk's scheduler (`queue/scheduler`) and, for BFQ, `low_latency`.
 *
 * @example
 * ```ts
 * await readDiskScheduler("sda"); // { disk: "sda", active: "bfq", available: [...], lowLatency: true }
 * ```
 */
export async function readDiskScheduler(
  disk: string | BlockNode,
  options: { readonly sysRoot?: string } = {},
): Promise<DiskScheduler> {
  const sysRoot = options.sysRoot ?? "/sys";
  const node = typeof disk === "string" ? await blockDeviceByName(sysRoot, disk) : disk;
  const name = typeof disk === "string" ? disk : disk.name;
  if (node === undefined) return { disk: name, available: [] };
  const text = await readText(inRoot(sysRoot, `${node.sysPath}/queue/scheduler`));
  if (text === undefined) return { disk: name, available: [] };
  const parsed = parseSchedulerFile(text);
  if (parsed.active !== "bfq") return { disk: name, ...parsed };
  const lowLatency = (await readText(inRoot(sysRoot, `${node.sysPath}/queue/iosched/low_latency`)))?.trim();
  return lowLatency === undefined
    ? { disk: name, ...parsed }
    : { disk: name, ...parsed, lowLatency: lowLatency === "1" };
}

/**
 * The device numbers of a block device node, when `path` (inside `fsRoot`) is one.
 *
 * @example
 * ```ts
 * await blockDeviceNumbers("/", "/dev/sda"); // { major: 8, minor: 0 }
 * ```
 */
export async function blockDeviceNumbers(
  fsRoot: string,
  path: string,
): Promise<{ major: number; minor: number } | undefined> {
  try {
    const info = await stat(inRoot(fsRoot, path));
    if (!info.isBlockDevice()) return undefined;
    const rdev = info.rdev;
    const major = Math.floor(rdev / 256) & 0xfff;
    const minor = (rdev & 0xff) | (Math.floor(rdev / 4096) & 0xfff00);
    return { major, minor };
  } catch {
    return undefined;
  }
}
