import type { CommandRunner } from "@dom0kit/runner";
import { assignIoLevels, type DomainAssignment } from "./assign-levels.js";
import { scanIoProcesses, type BackendProcess, type IoProcess } from "./find-backends.js";
import type { IoPriority } from "./io-priority.js";
import type { ProcessSource } from "./process-source.js";
import type {
  BackendState,
  DomainIoReport,
  HousekeepingProcessState,
  IoInspection,
  StorageCheck,
  UnassignedBackend,
} from "./inspection.js";
import type { IoDisk, IoDomain, IoPolicy } from "./policy.js";
import { readIoPriorities } from "./read-priorities.js";
import { resolveStorage, type HostRoots, type StorageResolution } from "./resolve-storage.js";
import { resolveInRoot } from "./root-path.js";
import { schedulerVerdict, weakestHonours } from "./scheduler-verdict.js";
import { listDomains, type ListedDomain } from "./xl-list.js";

/** Options of {@link inspectIo}. */
export interface InspectIoOptions extends HostRoots {
  /** Runs `xl list` and `ionice -p` (the host runner). */
  readonly runner: CommandRunner;
  /** @default "xl" */
  readonly toolstack?: "xl" | "xm";
  /** Follow each disk to its physical disk and judge its scheduler. @default true */
  readonly checkSchedulers?: boolean;
  /** Where processes are read. @default the /proc tree at `procRoot` (see `psSource` for remote hosts) */
  readonly processSource?: ProcessSource;
}

function withNow<T extends IoProcess>(
  process: T,
  now: ReadonlyMap<number, IoPriority>,
): T & {
  now: Record<number, IoPriority>;
} {
  const current: Record<number, IoPriority> = {};
  for (const tid of process.tids) {
    const priority = now.get(tid);
    if (priority !== undefined) current[tid] = priority;
  }
  return { ...process, now: current };
}

async function canonicalSources(policy: IoPolicy, fsRoot: string): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const domain of policy.domains)
    for (const disk of domain.disks) {
      owners.set(disk.source, domain.name);
      owners.set((await resolveInRoot(fsRoot, disk.source)).path, domain.name);
    }
  return owners;
}

interface Placement {
  readonly domain?: string;
  readonly reason?: string;
}

function place(
  backend: BackendProcess,
  byDomid: ReadonlyMap<number, ListedDomain>,
  policyNames: ReadonlySet<string>,
  sourceOwners: ReadonlyMap<string, string>,
): Placement {
  if (backend.domid !== undefined) {
    const listed = byDomid.get(backend.domid);
    if (listed === undefined)
      return {
        reason: `domid ${String(backend.domid)} is not in xl list (a dying domain, or a stale backend)`,
      };
    if (!policyNames.has(listed.name))
      return {
        reason: `serves ${listed.name} (domid ${String(backend.domid)}), which the policy does not list`,
      };
    return { domain: listed.name };
  }
  const owners = new Set(
    (backend.openFiles ?? []).flatMap((file) => {
      const owner = sourceOwners.get(file);
      return owner === undefined ? [] : [owner];
    }),
  );
  if (owners.size === 1) return { domain: [...owners][0] as string };
  if (owners.size > 1)
    return {
      reason: `holds disk images of several domains open (${[...owners].join(", ")}): cannot tell whose it is`,
    };
  if (backend.openFiles === undefined)
    return { reason: "its open files cannot be read from here, so its domain is unknown" };
  return { reason: "holds none of the policy's disk images open" };
}

async function checkStorage(
  disks: readonly IoDisk[],
  roots: HostRoots,
  cache: Map<string, Promise<StorageResolution>>,
): Promise<StorageCheck[]> {
  return Promise.all(
    disks.map(async (disk) => {
      let pending = cache.get(disk.source);
      if (pending === undefined) {
        pending = resolveStorage(disk.source, roots);
        cache.set(disk.source, pending);
      }
      const resolution = await pending;
      return { disk, resolution, verdicts: resolution.disks.map(schedulerVerdict) };
    }),
  );
}

function domainProblems(
  domain: IoDomain,
  listed: ListedDomain | undefined,
  backends: readonly BackendState[],
  storage: readonly StorageCheck[],
): string[] {
  const problems: string[] = [];
  if (listed === undefined) problems.push("not running: not in xl list, so no backend process to set");
  else if (backends.length === 0)
    problems.push(
      `running as domid ${String(listed.domid)}, but no blkback thread, qemu or tapdisk serves it: ` +
        "its disk I/O is not reprioritised (a driver domain serves it, or its disks are not connected yet)",
    );
  else {
    const serves = (vdev: string): boolean =>
      backends.some(
        (backend) =>
          backend.vdev !== undefined &&
          (backend.vdev === vdev || (backend.truncated === true && vdev.startsWith(backend.vdev))),
      );
    // Only when every backend names its vdev (qemu, tapdisk and the xvd form do not).
    const allNamed = backends.every((backend) => backend.vdev !== undefined);
    if (allNamed)
      for (const disk of domain.disks)
        if (disk.vdev !== undefined && !serves(disk.vdev))
          problems.push(`no backend thread found for ${disk.vdev}`);
    if (backends.some((backend) => backend.truncated === true))
      problems.push(
        "a blkback thread name was cut at 15 bytes (a kernel before 5.17): its vdev may be incomplete",
      );
  }
  for (const check of storage)
    if (check.resolution.problem !== undefined)
      problems.push(`${check.disk.source}: ${check.resolution.problem}`);
  return problems;
}

function report(
  assignment: DomainAssignment,
  domain: IoDomain,
  listed: ListedDomain | undefined,
  backends: readonly BackendState[],
  storage: readonly StorageCheck[],
): DomainIoReport {
  const verdicts = storage.flatMap((check) => check.verdicts);
  return {
    name: domain.name,
    allocation: domain.allocation,
    planned: assignment.priority,
    rule: assignment.rule,
    explanation: assignment.explanation,
    ...(listed === undefined ? {} : { domid: listed.domid }),
    running: listed !== undefined,
    backends,
    storage,
    honours: weakestHonours(verdicts.map((verdict) => verdict.honours)),
    problems: domainProblems(domain, listed, backends, storage),
  };
}

/**
 * Looks at the host through the policy: maps allocations to priorities, finds
 * the processes doing each domain's disk I/O in /proc (domid → name from
 * `xl list`, tapdisk by the images it holds open), reads their priorities with
 * `ionice -p`, follows each disk to its physical disk and judges the scheduler.
 * A domain with no backend process is reported with the reason, never dropped;
 * backends of domains outside the policy are listed as left alone.
 *
 * @example
 * ```ts
 * const inspection = await inspectIo(policy, { runner: new ExecaRunner() });
 * for (const domain of inspection.domains) console.log(domain.name, domain.planned, domain.problems);
 * ```
 */
export async function inspectIo(policy: IoPolicy, options: InspectIoOptions): Promise<IoInspection> {
  const roots: HostRoots = {
    procRoot: options.procRoot ?? "/proc",
    sysRoot: options.sysRoot ?? "/sys",
    fsRoot: options.fsRoot ?? "/",
  };
  const assignment = assignIoLevels(policy);
  const scan = await scanIoProcesses({
    procRoot: roots.procRoot as string,
    housekeepingNames: policy.housekeeping.processNames,
    ...(options.processSource === undefined ? {} : { source: options.processSource }),
  });
  const listed = await listDomains(options.runner, options.toolstack ?? "xl");
  const byDomid = new Map(listed.map((each) => [each.domid, each]));
  const byName = new Map(listed.map((each) => [each.name, each]));
  const policyNames = new Set(policy.domains.map((domain) => domain.name));
  const sourceOwners = await canonicalSources(policy, roots.fsRoot as string);

  const placements = scan.backends.map((backend) => ({
    backend,
    ...place(backend, byDomid, policyNames, sourceOwners),
  }));
  const tids = [
    ...placements.flatMap((each) => (each.domain === undefined ? [] : each.backend.tids)),
    ...scan.housekeeping.flatMap((each) => each.tids),
  ];
  const now =
    tids.length === 0 ? new Map<number, IoPriority>() : await readIoPriorities(options.runner, tids);

  const cache = new Map<string, Promise<StorageResolution>>();
  const domains = await Promise.all(
    policy.domains.map(async (domain, index) => {
      const backends = placements
        .filter((each) => each.domain === domain.name)
        .map((each) => withNow(each.backend, now));
      const storage = options.checkSchedulers === false ? [] : await checkStorage(domain.disks, roots, cache);
      return report(
        assignment.domains[index] as DomainAssignment,
        domain,
        byName.get(domain.name),
        backends,
        storage,
      );
    }),
  );
  const unassigned: UnassignedBackend[] = placements
    .filter((each) => each.domain === undefined)
    .map((each) => ({ backend: withNow(each.backend, new Map()), reason: each.reason ?? "" }));
  const housekeepingProcesses: HousekeepingProcessState[] = scan.housekeeping.map((each) =>
    withNow(each, now),
  );
  return {
    assignment,
    domains,
    housekeeping: {
      planned: assignment.housekeeping.priority,
      explanation: assignment.housekeeping.explanation,
      processes: housekeepingProcesses,
    },
    unassigned,
    warnings: assignment.warnings,
  };
}
