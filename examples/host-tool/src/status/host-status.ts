import {
  fairShares,
  parseXlList,
  readSchedulerState,
  type HostSchedulerState,
} from "@dom0kit/credit-scheduler";
import { listBackups, type BackupEntry } from "@dom0kit/backup";
import type { Inventory } from "@dom0kit/inventory";
import { describeCurrentPriorities, formatIoPriority, type IoInspection } from "@dom0kit/ionice-mapper";
import type { CommandRunner } from "@dom0kit/runner";
import { formatRate, readKernelHz, shapingStatus, type ShapingStatus } from "@dom0kit/tc-builder";
import { inspectInventoryIo } from "../commands/io-inspection.js";
import { backupStoreOf } from "../backup/store.js";
import type { HostRunnerEnv } from "../host-runner.js";
import type { HostTarget } from "../host-target.js";
import { shapingFromInventory } from "../net/shaping-input.js";

/** One domain as `dom0kit status` shows it. */
export interface DomainStatusRow {
  readonly name: string;
  /** running, blocked, paused, shutdown, crashed, dying — or stopped when `xl list` does not show it. */
  readonly state: string;
  readonly domid?: number;
  readonly memoryMiB?: number;
  readonly weight?: number;
  readonly cap?: number;
  readonly vcpus?: number;
  /** CPU it is guaranteed when every domain is busy, % of one pCPU, from the live weights. */
  readonly guaranteedPercent?: number;
  /** The same as a share of the whole host, %. */
  readonly guaranteedOfHost?: number;
  /** Live TBF rate toward it, as tc prints rates. */
  readonly rateIn?: string;
  /** Live HTB rate/ceil away from it. */
  readonly rateOut?: string;
  /** Whether the live shaping matches the inventory. */
  readonly shapingInSync?: boolean;
  /** Its disk backends' I/O priority now (and planned). */
  readonly ioNow?: string;
  readonly ioPlanned?: string;
  /** Its newest backup: id, status (complete, partial, failed, damaged) and when it was verified. */
  readonly lastBackup?: { readonly id: string; readonly status: string; readonly verified?: string };
}

/** What `dom0kit status` knows about a host. */
export interface HostStatus {
  readonly host: string;
  readonly pcpus: number;
  readonly domains: readonly DomainStatusRow[];
  /** What could not be read, and why (status shows what it can). */
  readonly notes: readonly string[];
}

const STATE_FLAGS: readonly [string, string][] = [
  ["r", "running"],
  ["b", "blocked"],
  ["p", "paused"],
  ["s", "shutdown"],
  ["c", "crashed"],
  ["d", "dying"],
];

function stateName(flags: string): string {
  return STATE_FLAGS.find(([flag]) => flags.includes(flag))?.[1] ?? "running";
}

async function attempt<T>(what: string, notes: string[], read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    notes.push(`${what}: ${(error as Error).message.split("\n")[0] ?? ""}`);
    return undefined;
  }
}

function guaranteedShares(state: HostSchedulerState, pcpus: number): Map<string, number> {
  const weighted = state.domains.filter((domain) => domain.weight !== undefined && domain.weight > 0);
  const shares = fairShares(
    weighted.map((domain) => ({
      weight: domain.weight ?? 1,
      vcpus: Math.max(1, domain.onlineVcpus),
      ...(domain.cap === undefined ? {} : { cap: domain.cap }),
    })),
    { capacity: pcpus * 100 },
  );
  return new Map(weighted.map((domain, index) => [domain.name, shares[index] ?? 0]));
}

function rateCells(shaping: ShapingStatus | undefined, name: string) {
  const row = shaping?.domains.find((domain) => domain.name === name);
  if (row === undefined) return {};
  const inRate = row.in.live === undefined ? "-" : formatRate(row.in.live.rate);
  const out = row.out.live;
  const outRate =
    out === undefined
      ? "-"
      : `${formatRate(out.rate)}${out.ceil === undefined ? "" : `..${formatRate(out.ceil)}`}`;
  return { rateIn: inRate, rateOut: outRate, shapingInSync: row.in.inSync && row.out.inSync };
}

function ioCells(io: IoInspection | undefined, name: string) {
  const report = io?.domains.find((domain) => domain.name === name);
  if (report === undefined) return {};
  return { ioNow: describeCurrentPriorities(report.backends), ioPlanned: formatIoPriority(report.planned) };
}

function backupCells(backups: readonly BackupEntry[] | undefined, name: string) {
  const newest = backups
    ?.filter((entry) => entry.domain === name)
    .sort((a, b) => b.time.getTime() - a.time.getTime())[0];
  if (newest === undefined) return {};
  const verified = newest.manifest?.verified;
  return {
    lastBackup: {
      id: newest.id,
      status: newest.status,
      ...(verified === undefined ? {} : { verified: `${verified.depth} ${verified.at}` }),
    },
  };
}

/**
 * Reads everything `dom0kit status` shows: `xl list` and the scheduler's
 * weights, the live shaping, the disk backends' I/O priorities, each domain's
 * newest backup (see {@link backupStoreOf} for where). A source that
 * cannot be read becomes a note; the rest is still shown.
 *
 * @example
 * ```ts
 * const status = await readHostStatus(inventory, runner, { kind: "sim" });
 * ```
 */
export async function readHostStatus(
  inventory: Inventory,
  runner: CommandRunner,
  target: HostTarget,
  env: HostRunnerEnv = {},
): Promise<HostStatus> {
  const notes: string[] = [];
  const host = {
    pcpus: inventory.host.cpus,
    scheduler: inventory.host.scheduler,
    toolstack: inventory.host.toolstack,
  };
  const listed = await attempt("domains", notes, async () =>
    parseXlList((await runner.run({ file: host.toolstack, args: ["list"] })).stdout),
  );
  const sched = await attempt("CPU scheduling", notes, () => readSchedulerState(runner, host));
  const shares = sched === undefined ? new Map<string, number>() : guaranteedShares(sched, host.pcpus);
  const shaping = await attempt("bandwidth", notes, async () =>
    shapingStatus(runner, shapingFromInventory(inventory, (await readKernelHz(runner)).hz).input),
  );
  const io = await attempt(
    "disk I/O priority",
    notes,
    async () => (await inspectInventoryIo(inventory, runner, target)).inspection,
  );
  const store = backupStoreOf(target, inventory, env);
  const backups = store === undefined ? undefined : await attempt("backups", notes, () => listBackups(store));
  const names = ["Domain-0", ...inventory.domains.map((domain) => domain.name)];
  const extra = (sched?.domains ?? []).map((domain) => domain.name).filter((name) => !names.includes(name));
  const domains = [...names, ...extra].map((name): DomainStatusRow => {
    const live = sched?.domains.find((domain) => domain.name === name);
    const share = shares.get(name);
    const base: DomainStatusRow =
      live === undefined
        ? { name, state: listed === undefined ? "unknown" : "stopped" }
        : {
            name,
            state: stateName(listed?.find((domain) => domain.name === name)?.state ?? "r"),
            domid: live.id,
            memoryMiB: live.memoryMiB,
            vcpus: live.onlineVcpus,
            ...(live.weight === undefined ? {} : { weight: live.weight }),
            ...(live.cap === undefined ? {} : { cap: live.cap }),
            ...(share === undefined
              ? {}
              : { guaranteedPercent: share, guaranteedOfHost: share / host.pcpus }),
          };
    return { ...base, ...rateCells(shaping, name), ...ioCells(io, name), ...backupCells(backups, name) };
  });
  return { host: inventory.host.name, pcpus: host.pcpus, domains, notes };
}
