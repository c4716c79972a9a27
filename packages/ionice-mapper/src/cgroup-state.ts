import { access, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** The cgroup v2 weight files this package writes. */
export type WeightFile = "io.bfq.weight" | "io.weight";

/** Options naming where the cgroups go. */
export interface CgroupOptions {
  /** The cgroup v2 mount. @default "/sys/fs/cgroup" */
  readonly cgroupRoot?: string;
  /** The cgroup (under the root) that holds one child per domain. @default "dom0kit-io" */
  readonly parent?: string;
  /** @default "/proc" */
  readonly procRoot?: string;
  /** @default "/sys" */
  readonly sysRoot?: string;
  /** Weight files to write; by default those the kernel offers (BFQ registered → io.bfq.weight, iocost → io.weight). */
  readonly weightFiles?: readonly WeightFile[];
}

/** A child cgroup's current state. */
export interface CgroupGroupState {
  readonly exists: boolean;
  /** Current default weight per weight file. */
  readonly weights: Readonly<Partial<Record<WeightFile, number>>>;
}

/** What the cgroup v2 hierarchy looks like now, for planning only the changes. */
export interface CgroupIoState {
  readonly cgroupRoot: string;
  readonly parent: string;
  /** Whether the io controller can be used in this hierarchy. */
  readonly available: boolean;
  /** Why not, when it cannot. */
  readonly reason?: string;
  readonly rootSubtreeHasIo: boolean;
  readonly parentExists: boolean;
  readonly parentSubtreeHasIo: boolean;
  readonly weightFiles: readonly WeightFile[];
  /** Per child cgroup name (`domu-vm1`, `housekeeping`). */
  readonly groups: Readonly<Record<string, CgroupGroupState>>;
  /** The v2 cgroup path of each pid asked about (`/dom0kit-io/domu-vm1`). */
  readonly processCgroups: Readonly<Record<number, string>>;
}

const CGROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * The child cgroup for a domain, `domu-<name>`; dom0 housekeeping uses `housekeeping`.
 *
 * @example
 * ```ts
 * domainCgroupName("vm1"); // "domu-vm1"
 * ```
 */
export function domainCgroupName(domain: string): string {
  return `domu-${domain}`;
}

/**
 * The child cgroup for dom0 housekeeping.
 *
 * @example
 * ```ts
 * `/sys/fs/cgroup/dom0kit-io/${HOUSEKEEPING_CGROUP}`; // where backups go with --cgroup
 * ```
 */
export const HOUSEKEEPING_CGROUP = "housekeeping";

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function words(text: string | undefined): string[] {
  return (text ?? "").trim().split(/\s+/).filter(Boolean);
}

/**
 * Reads a weight file's default weight: `default 100` (or a bare `100` on older kernels).
 *
 * @example
 * ```ts
 * parseDefaultWeight("default 100\n8:16 200\n"); // 100
 * ```
 */
export function parseDefaultWeight(text: string): number | undefined {
  for (const line of text.split("\n")) {
    const match = /^(?:default\s+)?([0-9]+)$/.exec(line.trim());
    if (match !== null) return Number(match[1]);
  }
  return undefined;
}

async function bfqRegistered(sysRoot: string): Promise<boolean> {
  try {
    const disks = await readdir(join(sysRoot, "block"));
    for (const disk of disks) {
      const text = await readText(join(sysRoot, "block", disk, "queue", "scheduler"));
      if (text !== undefined && /\bbfq\b/.test(text)) return true;
    }
  } catch {
    return false;
  }
  return false;
}

async function offeredWeightFiles(cgroupRoot: string, sysRoot: string): Promise<WeightFile[]> {
  const files: WeightFile[] = [];
  if (await bfqRegistered(sysRoot)) files.push("io.bfq.weight");
  if (await exists(join(cgroupRoot, "io.cost.qos"))) files.push("io.weight");
  return files;
}

function v2Path(text: string | undefined): string | undefined {
  const line = (text ?? "").split("\n").find((each) => each.startsWith("0::"));
  return line?.slice(3);
}

/**
 * Reads the cgroup v2 state that a weights plan depends on: whether the io
 * controller is offered (`cgroup.controllers`) and enabled for children
 * (`cgroup.subtree_control`), which child cgroups exist with which weights, and
 * which cgroup each process is in (`/proc/PID/cgroup`).
 *
 * @example
 * ```ts
 * const state = await readCgroupIoState(["domu-vm1"], [410], { cgroupRoot: "/sys/fs/cgroup" });
 * if (!state.available) console.log(state.reason);
 * ```
 */
export async function readCgroupIoState(
  groups: readonly string[],
  pids: readonly number[],
  options: CgroupOptions = {},
): Promise<CgroupIoState> {
  const cgroupRoot = options.cgroupRoot ?? "/sys/fs/cgroup";
  const parent = options.parent ?? "dom0kit-io";
  if (!CGROUP_NAME.test(parent)) throw new Error(`${JSON.stringify(parent)} is not a cgroup name`);
  const controllersText = await readText(join(cgroupRoot, "cgroup.controllers"));
  const controllers = words(controllersText);
  const available = controllers.includes("io");
  const reason =
    controllersText === undefined
      ? `${cgroupRoot} is not a cgroup v2 mount (no cgroup.controllers)`
      : available
        ? undefined
        : `the io controller is not offered in ${cgroupRoot} (cgroup.controllers: ${controllers.join(" ") || "none"}); ` +
          "it is probably bound to a cgroup v1 blkio hierarchy — boot with systemd.unified_cgroup_hierarchy=1";
  const parentDir = join(cgroupRoot, parent);
  const parentExists = await exists(parentDir);
  const weightFiles =
    options.weightFiles ?? (await offeredWeightFiles(cgroupRoot, options.sysRoot ?? "/sys"));
  const groupStates: Record<string, CgroupGroupState> = {};
  for (const group of groups) {
    if (!CGROUP_NAME.test(group)) throw new Error(`${JSON.stringify(group)} is not a cgroup name`);
    const dir = join(parentDir, group);
    const weights: Partial<Record<WeightFile, number>> = {};
    for (const file of weightFiles) {
      const text = await readText(join(dir, file));
      const value = text === undefined ? undefined : parseDefaultWeight(text);
      if (value !== undefined) weights[file] = value;
    }
    groupStates[group] = { exists: await exists(dir), weights };
  }
  const processCgroups: Record<number, string> = {};
  for (const pid of pids) {
    const path = v2Path(await readText(join(options.procRoot ?? "/proc", String(pid), "cgroup")));
    if (path !== undefined) processCgroups[pid] = path;
  }
  return {
    cgroupRoot,
    parent,
    available,
    ...(reason === undefined ? {} : { reason }),
    rootSubtreeHasIo: words(await readText(join(cgroupRoot, "cgroup.subtree_control"))).includes("io"),
    parentExists,
    parentSubtreeHasIo: words(await readText(join(parentDir, "cgroup.subtree_control"))).includes("io"),
    weightFiles,
    groups: groupStates,
    processCgroups,
  };
}
