import { action, plan, step, type Plan, type Step } from "@dom0kit/runner";
import type { CgroupIoState } from "./cgroup-state.js";
import { cgroupWeightOf, type PlannedIoPriority } from "./io-priority.js";

/** One child cgroup to fill: who it is for, its priority, the processes to move in. */
export interface CgroupMember {
  /** The child cgroup's name (`domu-vm1`, `housekeeping`). */
  readonly group: string;
  /** Who it serves, for step descriptions. */
  readonly owner: string;
  readonly priority: PlannedIoPriority;
  /** Processes to move (user processes only: kernel threads cannot join a cgroup). */
  readonly pids: readonly number[];
}

/** The cgroup plan, or why there is none. */
export type CgroupPlanResult =
  { readonly ok: true; readonly plan: Plan } | { readonly ok: false; readonly reason: string };

/**
 * Plans the cgroup v2 alternative to ionice for processes that can be moved
 * (qemu, tapdisk, housekeeping — not blkback kernel threads): enable the io
 * controller down to `<root>/<parent>/`, create one child per domain, write its
 * weight (`(8 − level) × 25`, the same 8:1 spread as BFQ's ionice levels) to each
 * weight file the kernel offers, and move each process in by writing its pid to
 * `cgroup.procs` (which moves all its threads). Every write goes through `tee`.
 * Only differences from `state` are planned: an unchanged host gives an empty plan.
 *
 * @example
 * ```ts
 * const state = await readCgroupIoState(["domu-vm2"], [410]);
 * const result = planCgroupIoWeights([{ group: "domu-vm2", owner: "vm2", priority: ioPriority("best-effort", 1), pids: [410] }], state);
 * if (result.ok) await applyPlan(result.plan, runner);
 * ```
 */
export function planCgroupIoWeights(
  members: readonly CgroupMember[],
  state: CgroupIoState,
): CgroupPlanResult {
  if (!state.available) return { ok: false, reason: state.reason ?? "the io controller is not available" };
  const root = state.cgroupRoot.replace(/\/+$/, "");
  const parentDir = `${root}/${state.parent}`;
  const steps: Step[] = [];
  const active = members.filter((member) => member.pids.length > 0);
  if (active.length === 0) return { ok: true, plan: plan("cgroup I/O weights", []) };

  if (!state.rootSubtreeHasIo)
    steps.push(
      step("enable the io controller for the root's children", ["tee", `${root}/cgroup.subtree_control`], {
        input: "+io\n",
      }),
    );
  if (!state.parentExists)
    steps.push(
      step(`create the cgroup ${state.parent}`, ["mkdir", parentDir], {
        undo: action(`remove the cgroup ${state.parent}`, ["rmdir", parentDir]),
      }),
    );
  if (!state.parentSubtreeHasIo)
    steps.push(
      step(
        `enable the io controller for ${state.parent}'s children`,
        ["tee", `${parentDir}/cgroup.subtree_control`],
        {
          input: "+io\n",
        },
      ),
    );

  for (const member of active) {
    const dir = `${parentDir}/${member.group}`;
    const current = state.groups[member.group];
    if (current?.exists !== true)
      steps.push(
        step(`create the cgroup ${state.parent}/${member.group} for ${member.owner}`, ["mkdir", dir], {
          undo: action(`remove the cgroup ${state.parent}/${member.group}`, ["rmdir", dir]),
        }),
      );
    const weight = cgroupWeightOf(member.priority);
    for (const file of state.weightFiles) {
      if (current?.weights[file] === weight) continue;
      steps.push(
        step(`${file} ${String(weight)} for ${member.owner}`, ["tee", `${dir}/${file}`], {
          input: `default ${String(weight)}\n`,
        }),
      );
    }
    const path = `/${state.parent}/${member.group}`;
    for (const pid of member.pids) {
      if (state.processCgroups[pid] === path) continue;
      steps.push(
        step(
          `move ${member.owner}'s process ${String(pid)} into ${state.parent}/${member.group}`,
          ["tee", `${dir}/cgroup.procs`],
          { input: `${String(pid)}\n` },
        ),
      );
    }
  }
  return { ok: true, plan: plan("cgroup I/O weights", steps) };
}
