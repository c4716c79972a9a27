import type { Plan } from "@dom0kit/runner";
import { domainCgroupName, HOUSEKEEPING_CGROUP } from "./cgroup-state.js";
import type { IoPriority, PlannedIoPriority } from "./io-priority.js";
import type { IoInspection } from "./inspection.js";
import type { CgroupMember } from "./plan-cgroup.js";
import { planIoniceChanges, type PriorityTarget } from "./plan-ionice.js";

function targetsOf(
  owner: string,
  want: PlannedIoPriority,
  process: { readonly tids: readonly number[]; readonly now: Readonly<Record<number, IoPriority>> },
): PriorityTarget[] {
  // A task without a current reading exited after the scan: nothing to set.
  return process.tids.flatMap((tid) => {
    const now = process.now[tid];
    return now === undefined ? [] : [{ tid, want, now, owner }];
  });
}

/**
 * Every task the policy governs, with its wanted and current priority: each
 * domain's backend tasks, and housekeeping processes.
 *
 * @example
 * ```ts
 * const targets = ioPriorityTargets(await inspectIo(policy, { runner }));
 * pendingChanges(targets).length; // tasks that would change
 * ```
 */
export function ioPriorityTargets(inspection: IoInspection): PriorityTarget[] {
  return [
    ...inspection.domains.flatMap((domain) =>
      domain.backends.flatMap((backend) => targetsOf(domain.name, domain.planned, backend)),
    ),
    ...inspection.housekeeping.processes.flatMap((process) =>
      targetsOf("housekeeping", inspection.housekeeping.planned, process),
    ),
  ];
}

/**
 * The ionice plan for an inspection: `ionice -c 2 -n N -p TID…` batched per
 * level, for the tasks whose priority differs. An unchanged host gives an empty plan.
 *
 * @example
 * ```ts
 * const ionicePlan = planIoPriorities(await inspectIo(policy, { runner }));
 * console.log(renderScript(ionicePlan));
 * ```
 */
export function planIoPriorities(inspection: IoInspection): Plan {
  return planIoniceChanges(ioPriorityTargets(inspection));
}

/**
 * The processes that can be moved into cgroups (user processes: qemu, tapdisk,
 * housekeeping — not blkback kernel threads), one member per domain.
 *
 * @example
 * ```ts
 * const members = cgroupMembers(inspection);
 * const state = await readCgroupIoState(members.map((m) => m.group), members.flatMap((m) => m.pids));
 * ```
 */
export function cgroupMembers(inspection: IoInspection): CgroupMember[] {
  const members: CgroupMember[] = inspection.domains.map((domain) => ({
    group: domainCgroupName(domain.name),
    owner: domain.name,
    priority: domain.planned,
    pids: domain.backends.filter((backend) => !backend.kernelThread).map((backend) => backend.pid),
  }));
  members.push({
    group: HOUSEKEEPING_CGROUP,
    owner: "housekeeping",
    priority: inspection.housekeeping.planned,
    pids: inspection.housekeeping.processes.map((process) => process.pid),
  });
  return members.filter((member) => member.pids.length > 0);
}

/**
 * The kernel threads among the backends: they cannot join a cgroup, so ionice
 * is their only lever.
 *
 * @example
 * ```ts
 * kernelThreadsOf(inspection).map((each) => each.name); // ["3.xvda-0", "3.xvda-1"]
 * ```
 */
export function kernelThreadsOf(
  inspection: IoInspection,
): { readonly pid: number; readonly name: string; readonly owner: string }[] {
  return inspection.domains.flatMap((domain) =>
    domain.backends
      .filter((backend) => backend.kernelThread)
      .map((backend) => ({ pid: backend.pid, name: backend.name, owner: domain.name })),
  );
}
